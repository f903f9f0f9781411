"""Benchmarking: one catalogue indicator across bodies — small counts suppressed on the page and in the CSV,
comparability notes, the public's scope (published pages, public indicators, no confidential values) against the
state staff's, who may compare, and a number of queries that does not grow with the number of bodies."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from querschnitt.reporting import benchmarking
from querschnitt.reporting.tests.factories import PublicPageFactory
from querschnitt.strategy.models import IndicatorCatalogueEntry
from querschnitt.strategy.tests.factories import (
    ConceptFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    ObservationFactory,
)
from querschnitt.tenancy.models import BodyKind, Role
from querschnitt.tenancy.tests.factories import BodyFactory


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def entry(db):
    return IndicatorCatalogueEntry.objects.get(code=22)


def town(entry, name, value, *, published=True, linked=True, confidential=False, kind="count", **extra):
    body = BodyFactory(name=name, kind=extra.pop("body_kind", BodyKind.GEMEINDE))
    concept = ConceptFactory(body=body)
    goal = GuidingGoalFactory(field=FieldOfActionFactory(concept=concept))
    indicator = IndicatorFactory(
        body=body,
        catalogue_entry=entry,
        kind=kind,
        unit=extra.pop("unit", "Verfahren"),
        definition=extra.pop("definition", entry.definition),
    )
    if linked:
        indicator.guiding_goals.add(goal)
    ObservationFactory(
        indicator=indicator,
        period_start=extra.pop("start", date(2024, 1, 1)),
        period_end=extra.pop("end", date(2024, 12, 31)),
        value=Decimal(value),
        confidential=confidential,
        source="Demo",
        **extra,
    )
    PublicPageFactory(body=body, published=published, concept=concept)
    return body


@pytest.mark.django_db
def test_small_counts_are_suppressed_on_the_page_and_in_the_csv(client, entry):
    town(entry, "Aastadt", 40)
    town(entry, "Bestadt", 3)
    town(entry, "Cestadt", 0)
    comparison = benchmarking.compare(entry, 2024, public=True)
    assert [(row.body_name, row.display_value) for row in comparison.rows] == [
        ("Aastadt", "40"),
        ("Bestadt", "< 5"),
        ("Cestadt", "0"),
    ]
    chart = comparison.chart
    assert chart is not None and "Bestadt" not in str(chart.spec) and "Bestadt" not in chart.description
    page = client.get(reverse("public:compare") + f"?indikator={entry.pk}&jahr=2024")
    assert "< 5" in text(page) and "Fallzahlen unter 5" in text(page)
    csv_text = client.get(reverse("public:compare_csv") + f"?indikator={entry.pk}&jahr=2024").content.decode()
    assert ";3;" not in csv_text and "< 5" in csv_text


@pytest.mark.django_db
def test_a_rate_is_never_suppressed(entry):
    town(entry, "Aastadt", 3, kind="quantitative", unit="%")
    assert benchmarking.compare(entry, 2024, public=True).rows[0].display_value == "3"


@pytest.mark.django_db
def test_comparability_notes_come_from_the_data(entry):
    town(entry, "Aastadt", 40, unit="Verfahren")
    town(entry, "Bestadt", 20, unit="Fälle", provisional=True)
    town(entry, "Cestadt", 30, definition="Nur Verfahren mit voller Gleichwertigkeit")
    town(entry, "Kreis Dee", 90, body_kind=BodyKind.KREIS, start=date(2024, 6, 30), end=date(2024, 6, 30))
    notes = " ".join(benchmarking.compare(entry, 2024, public=True).notes)
    assert "Verfahren" in notes and "Fälle" in notes  # units
    assert "Stichtage" in notes and "30.06.2024" in notes  # periods
    assert "Cestadt definiert den Indikator anders" in notes
    assert "Vorläufige oder geschätzte Werte: Bestadt" in notes
    assert "Kreise" in notes  # area levels


@pytest.mark.django_db
def test_the_public_sees_only_published_public_values(client, entry):
    town(entry, "Offenstadt", 40)
    town(entry, "Unveröffentlicht", 50, published=False)
    town(entry, "Ohneziel", 60, linked=False)
    town(entry, "Geheimstadt", 70, confidential=True)
    page = text(client.get(reverse("public:compare") + f"?indikator={entry.pk}"))
    assert "Offenstadt" in page
    for hidden in ("Unveröffentlicht", "Ohneziel", "Geheimstadt"):
        assert hidden not in page


@pytest.mark.django_db
def test_state_staff_see_every_body_confidential_marked_but_never_downloaded(client, make_user, state_council, entry):
    town(entry, "Offenstadt", 40)
    town(entry, "Unveröffentlicht", 50, published=False)
    town(entry, "Geheimstadt", 70, confidential=True)
    client.force_login(make_user(state_council, Role.STATE_STAFF))
    base = reverse("public:compare_internal", kwargs={"body": state_council.slug})
    page = text(client.get(base + f"?indikator={entry.pk}"))
    assert "Offenstadt" in page and "Unveröffentlicht" in page and "Geheimstadt" in page
    assert "vertraulich" in page
    csv_url = reverse("public:compare_internal_csv", kwargs={"body": state_council.slug})
    csv_text = client.get(csv_url + f"?indikator={entry.pk}").content.decode()
    assert "Unveröffentlicht" in csv_text and "Geheimstadt" not in csv_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OFFICE, 403),
        (Role.INTEGRATION_CENTRE, 403),
        (Role.MEMBER, 403),
        (Role.READER, 403),
        (Role.STATE_STAFF, 200),
    ],
)
def test_who_compares_internally(client, make_user, body, state_council, role, status):
    client.force_login(make_user(state_council if role == Role.STATE_STAFF else body, role))
    assert client.get(reverse("public:compare_internal", kwargs={"body": state_council.slug})).status_code == status


@pytest.mark.django_db
def test_anonymous_and_other_bodies_do_not_compare_internally(client, make_user, body, other_body, state_council):
    target = reverse("public:compare_internal", kwargs={"body": state_council.slug})
    assert client.get(target).status_code == 302
    client.force_login(make_user(other_body, Role.OFFICE))
    assert client.get(target).status_code == 403
    assert client.get(reverse("public:compare")).status_code == 200


@pytest.mark.django_db
def test_the_comparison_needs_the_same_queries_for_more_bodies(client, entry, django_assert_max_num_queries):
    for number in range(2):
        town(entry, f"Stadt {number}", 10 + number)
    target = reverse("public:compare") + f"?indikator={entry.pk}"
    with django_assert_max_num_queries(12) as few:
        assert client.get(target).status_code == 200
    for number in range(2, 10):
        town(entry, f"Stadt {number}", 10 + number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Stadt 9" in text(client.get(target))
