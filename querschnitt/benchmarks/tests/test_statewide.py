"""The synthetic state-wide data set at a tiny scale, and the helpers of the benchmark."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from querschnitt.benchmarks.measure import (
    german,
    median_throughput,
    milliseconds,
    percentile,
    ratio,
    throughput,
    write_section,
)
from querschnitt.benchmarks.statewide import FULL, SYNTHETIC_DOMAIN, Plan
from querschnitt.committees.models import AgendaItem, Consultation, Meeting, Membership, Organization, Paper, Person
from querschnitt.strategy.models import Indicator, Measure, Observation
from querschnitt.tenancy.models import Body, Role, RoleAssignment

SCALE = 0.004  # one body: about 30 persons, 27 meetings, 200 papers, 4,000 observations


@pytest.fixture
def generated(db):
    call_command("generate_statewide", scale=SCALE, seed=7, stdout=StringIO())
    return Plan.for_scale(SCALE)


def test_plan_at_full_scale_matches_the_issue():
    plan = Plan.for_scale(1.0)
    assert plan.bodies == FULL["committees"] == 113
    assert abs(plan.papers * plan.bodies - FULL["papers"]) / FULL["papers"] < 0.01
    assert abs(plan.meetings * plan.items_per_meeting * plan.bodies - FULL["agenda_items"]) / 60000 < 0.05
    assert abs(plan.indicators * plan.observations * plan.bodies - FULL["observations"]) / 500000 < 0.02
    assert abs(plan.measures * plan.bodies - FULL["measures"]) / FULL["measures"] < 0.02
    assert abs(plan.persons * plan.bodies - FULL["persons"]) / FULL["persons"] < 0.02
    with pytest.raises(ValueError):
        Plan.for_scale(0)


def test_tiny_scale_creates_consistent_data(generated):
    plan = generated
    committees = Organization.objects.filter(kind="aci", memberships__person__email__endswith=SYNTHETIC_DOMAIN)
    body = Body.objects.get(ags="05162")  # Rhein-Kreis Neuss comes first
    aci = committees.distinct().get()
    assert aci.body == body
    assert 13 <= aci.statutory_seats <= 27
    assert Person.objects.filter(body=body).count() == plan.persons
    seated = Membership.objects.filter(organization=aci, end_date__isnull=True, voting_right=True).count()
    assert seated == aci.statutory_seats
    assert Meeting.objects.filter(body=body).count() == plan.meetings
    assert Paper.objects.filter(body=body).count() == plan.papers
    assert Measure.objects.filter(concept__body=body).count() == plan.measures
    assert Indicator.objects.filter(body=body).count() == plan.indicators
    assert Observation.objects.filter(indicator__body=body).count() == plan.indicators * plan.observations
    # Every paper has its Beratungsfolge, starting with the committee; references are unique in the body.
    assert not Paper.objects.filter(body=body).annotate(steps=Count("consultations")).filter(steps=0).exists()
    assert Consultation.objects.filter(paper__body=body, order=1).exclude(organization=aci).count() == 0
    assert Paper.objects.filter(body=body).values("reference").distinct().count() == plan.papers
    # Agenda items belong to meetings of the body, and a linked consultation is one of that body's papers, in
    # the very meeting of the item.
    items = AgendaItem.objects.filter(meeting__body=body)
    assert items.count() >= plan.meetings * plan.items_per_meeting * 0.9
    linked = items.filter(consultation__isnull=False)
    assert linked.exists()
    assert not linked.exclude(consultation__paper__body=body).exists()
    assert not linked.exclude(consultation__meeting=F("meeting")).exists()
    assert not Meeting.objects.filter(body=body).exclude(organizations=aci).exists()


def test_second_run_refuses_and_adds_nothing(generated):
    papers = Paper.objects.count()
    with pytest.raises(CommandError, match="schon vorhanden"):
        call_command("generate_statewide", scale=SCALE, stdout=StringIO())
    assert Paper.objects.count() == papers


def test_office_logins_for_generated_bodies(db):
    call_command("generate_statewide", scale=0.02, seed=7, stdout=StringIO())
    plan = Plan.for_scale(0.02)
    bodies = Body.objects.filter(organizations__kind="aci").distinct()
    assert bodies.count() == plan.bodies == 2
    # Rhein-Kreis Neuss keeps the demo's login; the other body gets a Geschäftsstelle of its own.
    other = bodies.exclude(ags="05162").get()
    assert RoleAssignment.objects.filter(body=other, role=Role.OFFICE, user__email__contains=other.slug).exists()


def test_percentile_is_nearest_rank():
    assert percentile([4, 1, 3, 2], 0.5) == 2
    assert percentile(list(range(1, 21)), 0.95) == 19
    assert percentile([7.0], 0.95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_throughput_and_ratio():
    assert throughput(500, 2.0) == 250
    assert throughput(5, 0) == 0
    assert ratio(250, 500) == 0.5
    assert ratio(1, 0) == 0


def test_one_walk_held_up_does_not_move_the_median_throughput():
    walks = [0.010, 0.011, 0.012, 0.010, 0.011]
    assert median_throughput(100, walks) == throughput(100, 0.011)
    assert median_throughput(100, [*walks, 0.132]) == median_throughput(100, [*walks, 0.012])
    assert median_throughput(100, []) == 0


def test_german_numbers():
    assert german(12345.67) == "12.345,7"
    assert milliseconds(0.0123) == "12,3 ms"


def test_write_section_keeps_other_sections(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text("# Benchmarks\n\n<!-- bench:report -->\nBericht\n<!-- /bench:report -->\n", encoding="utf-8")
    write_section(path, "bench:statewide", "erste Fassung")
    write_section(path, "bench:statewide", "zweite Fassung")
    text = path.read_text(encoding="utf-8")
    assert "Bericht" in text
    assert "zweite Fassung" in text
    assert "erste Fassung" not in text
    assert text.count("<!-- bench:statewide -->") == 1


@pytest.mark.django_db(transaction=True)  # the baselines read through connections of their own
def test_oparl_throughput_is_measured_against_both_baselines():
    from querschnitt.benchmarks.management.commands.bench import measure_oparl_throughput

    call_command("generate_statewide", scale=SCALE, seed=7, stdout=StringIO())
    body = (
        Body.objects.annotate(paper_count=Count("papers")).filter(paper_count__gt=100).order_by("-paper_count").first()
    )
    listed = Paper.objects.filter(body=body, public=True, deleted=False, external_id="").count()
    result = measure_oparl_throughput(body, rounds=2)
    assert result["objects"] == 2 * listed  # every page of the list, twice
    assert result["raw_objects"] == result["objects"]
    assert result["ratio"] > 0 and result["replay_ratio"] > 0 and result["ratio_of_totals"] > 0
    assert result["replay_per_second"] > 0 and result["raw_per_second"] > 0
