"""The demo reproduces seed 004's dot vote exactly and its workshop process has the seed's dates."""

from datetime import date

import pytest
from django.core.management import call_command

from querschnitt.participation import selectors
from querschnitt.participation.demo import PROCESS_TITLE, SEED_POINTS, VOTE_TITLE
from querschnitt.participation.models import Allocation, DotVote, PhaseKind, WorkshopProcess
from querschnitt.strategy.models import FieldOfAction


@pytest.fixture
def demo(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_vote_reproduces_the_seed_ranking(demo):
    vote = DotVote.objects.get(title=VOTE_TITLE)
    result = selectors.dot_vote_result(vote)

    assert [(group.rank, group.text) for group in result.groups] == [
        (1, "1. Bildung 30"),
        (2, "2. Arbeit 17"),
        (3, "3. Sprache 15 · Partizipation 15"),
        (4, "4. Interkulturelle Öffnung 14 · Willkommenskultur 14"),
    ]
    assert {entry.option.label: entry.total for entry in result.options} == SEED_POINTS
    # A mix: five voters by code (3 points each) and two pinboards, each counted once.
    assert result.digital_total == 15 and result.paper_total == 90 and result.voted_count == 5
    assert [tally.origin for tally in result.tallies] == ["Pinnwand 1", "Pinnwand 2"]
    assert vote.status == "closed" and vote.adopted_at is not None
    # Anonymous: after closing no point is linked to a voter any more.
    assert not Allocation.objects.filter(option__dot_vote=vote, ballot__isnull=False).exists()


def test_demo_result_is_adopted_into_the_concept(demo):
    vote = DotVote.objects.get(title=VOTE_TITLE)
    fields = FieldOfAction.objects.filter(concept=vote.adopted_into)
    assert {field.title: field.priority_points for field in fields} == SEED_POINTS
    assert vote.adopted_by.email == "moderation@querschnitt.example"
    assert {option.field.title for option in vote.options.select_related("field")} == set(SEED_POINTS)


def test_demo_process_has_the_seed_dates_and_runs_twice(demo):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    process = WorkshopProcess.objects.get(title=PROCESS_TITLE)
    assert DotVote.objects.filter(title=VOTE_TITLE).count() == 1
    phases = {phase.kind: phase for phase in process.phases.all()}
    assert phases[PhaseKind.PREPARATION].start_date == date(2010, 9, 20)
    workshop_days = [day.date for day in phases[PhaseKind.WORKSHOP].days.all()]
    assert workshop_days == [date(2010, 11, 5), date(2010, 11, 6)]
    assert phases[PhaseKind.FOLLOW_UP].start_date == date(2011, 4, 5)
    assert phases[PhaseKind.COUNCIL_DECISION].start_date == date(2010, 12, 8)
    assert process.concept.title == "Integrationskonzept Rhein-Kreis Neuss"


def test_demo_participants_fit_the_dot_vote_and_events_are_there(demo):
    from querschnitt.participation import selectors_participants
    from querschnitt.participation.demo import CONFERENCE_TITLE, SUMMIT_TITLE
    from querschnitt.participation.models import Event, ParticipantMoveUp

    process = WorkshopProcess.objects.get(title=PROCESS_TITLE)
    balance = selectors_participants.balance_of(process)
    totals = balance.totals
    # 35 people put 105 points (3 each) in the dot vote; all of them attended both workshop days.
    assert totals.attended == 35 and totals.holding == 38 and totals.declined == 4 and totals.waiting == 0
    workshop_days = process.phases.get(kind=PhaseKind.WORKSHOP).days.all()
    assert [day.attendances.count() for day in workshop_days] == [35, 35]
    assert ParticipantMoveUp.objects.filter(process=process).count() == 2
    assert balance.hints == []
    assert selectors_participants.cost_estimate(process).total == 6000 + 480 + 38 * 5
    summit = Event.objects.get(title=SUMMIT_TITLE)
    assert summit.year == 2012 and summit.published and summit.decision.reference == "61/2010"
    conference = Event.objects.get(title=CONFERENCE_TITLE)
    assert conference.registrations.count() == 4
    assert all("(Demo)" in name for name in conference.registrations.values_list("name", flat=True))
