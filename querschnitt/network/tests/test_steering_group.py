"""The composition of a steering group: proposed and decided sums, the people on the seats and the warnings; the
checklist of tasks."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from querschnitt.committees.tests.factories import MeetingFactory, OrganizationFactory
from querschnitt.network import models as m
from querschnitt.network.selectors import steering_group_composition, task_lines
from querschnitt.network.tests.factories import (
    SeatHolderFactory,
    SteeringGroupFactory,
    SteeringGroupSeatFactory,
    SteeringGroupTaskFactory,
)

TODAY = date(2026, 6, 1)


@pytest.fixture
def group(body):
    return SteeringGroupFactory(body=body)


@pytest.mark.django_db
def test_sums_of_proposal_and_decision(group):
    SteeringGroupSeatFactory(group=group, label="Landrat", proposed_count=1, decided_count=None)
    SteeringGroupSeatFactory(group=group, label="Kreistag", proposed_count=5, decided_count=None)
    SteeringGroupSeatFactory(group=group, label="(Stiftungen)", proposed_count=None, decided_count=None)
    SteeringGroupSeatFactory(group=group, label="Bürgermeister", proposed_count=8, decided_count=8)
    SteeringGroupSeatFactory(group=group, label="Amtsleiter 50", proposed_count=None, decided_count=1)

    composition = steering_group_composition(group, today=TODAY)

    assert [seat.label for seat in composition.proposal] == ["Landrat", "Kreistag", "(Stiftungen)", "Bürgermeister"]
    assert [line.seat.label for line in composition.decision] == ["Bürgermeister", "Amtsleiter 50"]
    assert composition.proposed_total == 14 and composition.proposed_without_number == 1
    assert composition.decided_total == 9 and composition.filled_total == 0


@pytest.mark.django_db
def test_warnings_for_open_places_too_many_and_double_seats(group):
    mayors = SteeringGroupSeatFactory(group=group, label="Bürgermeister", decided_count=8)
    chair = SteeringGroupSeatFactory(group=group, label="Sozialausschuss", decided_count=1)
    office = SteeringGroupSeatFactory(group=group, label="Integrationsbüros", decided_count=2)
    proposal_only = SteeringGroupSeatFactory(group=group, label="Sportvereine", proposed_count=1, decided_count=None)
    SeatHolderFactory(seat=mayors, name="Claudia Brenner")
    SeatHolderFactory(seat=mayors, name="Markus Feld")
    SeatHolderFactory(seat=chair, name="Monika Scholz")
    SeatHolderFactory(seat=chair, name="Ralf Dietrich")
    julia = SeatHolderFactory(seat=office, name="Julia Neumann")
    SeatHolderFactory(seat=office, name="Daniel Schäfer")
    # The same person as deputy on another seat (spelled with other spaces and case), and one on a line of the
    # proposal only.
    SeatHolderFactory(seat=mayors, name="julia  neumann", role="deputy")
    SeatHolderFactory(seat=proposal_only, name="Erika Beispiel")
    # Former members and future ones do not count.
    SeatHolderFactory(seat=office, name="Alt", start_date=date(2020, 1, 1), end_date=date(2025, 12, 31))
    SeatHolderFactory(seat=office, name="Neu", start_date=date(2026, 7, 1))

    composition = steering_group_composition(group, today=TODAY)

    assert composition.warnings == [
        "Bürgermeister: 2 von 8 Plätzen besetzt.",
        "Sozialausschuss: 2 Mitglieder für 1 Platz benannt.",
        "Sportvereine: Es sind Personen benannt, aber die beschlossene Zusammensetzung hat in dieser Zeile keine "
        "Plätze.",
        "Julia Neumann ist auf 2 Sitzen benannt: Bürgermeister; Integrationsbüros.",
    ]
    office_line = next(line for line in composition.decision if line.seat == office)
    assert office_line.filled == 2 and {holder.name for holder in office_line.former} == {"Alt", "Neu"}
    assert composition.filled_total == 2 + 1 + 2
    assert julia.is_active_on(TODAY)


@pytest.mark.django_db
def test_deputies_are_shown_with_their_member(group):
    seat = SteeringGroupSeatFactory(group=group, label="Landrat", decided_count=1)
    member = SeatHolderFactory(seat=seat, name="Heinrich Sommer")
    SeatHolderFactory(seat=seat, name="Christoph Adler", role="deputy", deputy_for=member)
    SeatHolderFactory(seat=seat, name="Für den Sitz", role="deputy")

    line = steering_group_composition(group, today=TODAY).decision[0]

    assert [(entry.holder.name, [d.name for d in entry.deputies]) for entry in line.members] == [
        ("Heinrich Sommer", ["Christoph Adler"])
    ]
    assert [deputy.name for deputy in line.seat_deputies] == ["Für den Sitz"]
    assert line.filled == 1 and line.open_places == 0


@pytest.mark.django_db
def test_composition_is_read_in_two_queries(group, django_assert_num_queries):
    for number in range(5):
        seat = SteeringGroupSeatFactory(group=group, decided_count=2)
        member = SeatHolderFactory(seat=seat, name=f"Mitglied {number}")
        SeatHolderFactory(seat=seat, name=f"Vertretung {number}", role="deputy", deputy_for=member)
    with django_assert_num_queries(2):
        composition = steering_group_composition(group, today=TODAY)
        assert len(composition.warnings) == 5


@pytest.mark.django_db
def test_tasks_are_due_again_at_their_next_turn(body, group):
    berlin = ZoneInfo("Europe/Berlin")
    organization = OrganizationFactory(body=body)
    held = MeetingFactory(body=body, start=datetime.combine(date(2026, 5, 20), time(10), tzinfo=berlin))
    upcoming = MeetingFactory(body=body, start=datetime.combine(date(2026, 6, 20), time(10), tzinfo=berlin))
    for meeting in (held, upcoming):
        meeting.organizations.add(organization)
    once_done = SteeringGroupTaskFactory(group=group, recurrence="once", last_done_on=date(2026, 1, 5))
    once_open = SteeringGroupTaskFactory(group=group, recurrence="once")
    quarter_due = SteeringGroupTaskFactory(group=group, recurrence="quarterly", last_done_on=date(2026, 2, 28))
    year_not_due = SteeringGroupTaskFactory(group=group, recurrence="yearly", last_done_on=date(2025, 11, 30))
    meeting_due = SteeringGroupTaskFactory(group=group, recurrence="per_meeting", last_done_on=date(2026, 5, 1))
    meeting_done = SteeringGroupTaskFactory(group=group, recurrence="per_meeting", last_done_on=date(2026, 5, 20))

    lines = {line.task: line for line in task_lines(group, [upcoming, held], today=TODAY)}

    assert not lines[once_done].due and lines[once_open].due
    assert lines[quarter_due].due and lines[quarter_due].next_due == date(2026, 5, 28)
    assert not lines[year_not_due].due and lines[year_not_due].next_due == date(2026, 11, 30)
    assert lines[meeting_due].due and not lines[meeting_done].due
    assert lines[meeting_done].next_due == date(2026, 6, 20)
    assert set(m.SteeringGroupTask.objects.filter(group=group)) == set(lines)


@pytest.mark.django_db
def test_the_start_page_tile_counts_one_warning_in_the_singular(rf, group, body, make_user):
    from django.utils import translation
    from django.utils.translation import ngettext

    from querschnitt.network.dashboard import steering_group_tile
    from querschnitt.tenancy.models import Role

    seat = SteeringGroupSeatFactory(group=group, label="Bürgermeister", decided_count=2)
    SeatHolderFactory(seat=seat, name="Claudia Brenner")  # 1 of 2 places filled: one warning
    request = rf.get("/")
    request.user = make_user(body, Role.OFFICE)
    with translation.override("de"):
        tile = steering_group_tile(request, body)
        expected = ngettext(
            "places filled; %(warnings)s note on the composition",
            "places filled; %(warnings)s notes on the composition",
            1,
        ) % {"warnings": 1}
    assert tile.figure == "1/2" and tile.body == expected
