"""The rules of the dot vote, at the level of its services and selectors."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import ngettext

from querschnitt.core.exceptions import ApplicationError
from querschnitt.participation import models as m
from querschnitt.participation import selectors, services
from querschnitt.participation.process_template import add_months, default_dates
from querschnitt.participation.tests.factories import DotVoteFactory
from querschnitt.strategy.tests.factories import ConceptFactory, FieldOfActionFactory


def options_of(vote):
    return {option.label: option.pk for option in vote.options.all()}


def cast(vote, voter, **points):
    ids = options_of(vote)
    return services.dot_vote_cast(voter=voter, dot_vote=vote, points={ids[k]: v for k, v in points.items()})


@pytest.fixture
def moderator(make_user, body):
    return make_user(body, "moderator")


def test_offsets_follow_the_seed():
    dates = default_dates(date(2010, 9, 20))
    assert dates["preparation"] == (date(2010, 9, 20), None)
    assert dates["workshop"] == (date(2010, 10, 20), date(2010, 10, 21))
    assert dates["follow_up"] == (date(2011, 4, 20), None)
    assert dates["council_decision"] == (date(2011, 10, 20), None)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_ranking_is_dense_and_keeps_option_order_within_ties():
    labels = [("Bildung", 30), ("Arbeit", 17), ("Partizipation", 15), ("Sprache", 15), ("IÖ", 14), ("WK", 14)]
    entries = [
        selectors.OptionResult(m.DotVoteOption(pk=i, label=label), digital=p) for i, (label, p) in enumerate(labels)
    ]
    groups = selectors.rank(entries)
    assert [group.text for group in groups] == [
        "1. Bildung 30",
        "2. Arbeit 17",
        "3. Partizipation 15 · Sprache 15",
        "4. IÖ 14 · WK 14",
    ]


@pytest.mark.django_db
def test_budget_cap_and_spend_all_are_enforced_one_after_another(body):
    """The SQLite side of the integrity guarantee: the same checks, request after request."""
    vote = DotVoteFactory(body=body, points_per_voter=3, max_points_per_option=2, spend_all=True)
    voter = services.voters_create(actor=None, dot_vote=vote, count=1)[0]
    with pytest.raises(ApplicationError, match="3 Punkte; vergeben haben Sie 4"):
        cast(vote, voter, Bildung=2, Arbeit=2)
    with pytest.raises(ApplicationError, match="Höchstens 2 Punkte pro Option"):
        cast(vote, voter, Bildung=3)
    with pytest.raises(ApplicationError, match="1 ist noch übrig"):
        cast(vote, voter, Bildung=2)
    ballot = cast(vote, voter, Bildung=2, Arbeit=1)
    # Changing the vote replaces the points; it never adds to them.
    ballot = cast(vote, voter, Sprache=2, Arbeit=1)
    ballot.refresh_from_db()
    assert ballot.points == 3
    assert dict(ballot.allocations.values_list("option__label", "points")) == {"Sprache": 2, "Arbeit": 1}
    assert m.Ballot.objects.filter(voter=voter).count() == 1
    # Ten casts in a row by ten voters: nothing lost, nothing doubled.
    for other in services.voters_create(actor=None, dot_vote=vote, count=10):
        cast(vote, other, Bildung=2, Arbeit=1)
    totals = {entry.option.label: entry.total for entry in selectors.dot_vote_result(vote).options}
    assert totals == {"Bildung": 20, "Arbeit": 11, "Sprache": 2}


@pytest.mark.django_db
def test_the_database_refuses_a_ballot_above_its_budget_and_a_doubled_row(body):
    vote = DotVoteFactory(body=body)
    voter = services.voters_create(actor=None, dot_vote=vote, count=1)[0]
    ballot = cast(vote, voter, Bildung=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Ballot.objects.filter(pk=ballot.pk).update(points=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Allocation.objects.create(ballot=ballot, option_id=options_of(vote)["Bildung"], points=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Ballot.objects.create(dot_vote=vote, voter=voter, budget=3)


@pytest.mark.django_db
def test_a_code_votes_only_in_its_own_vote_and_only_while_open(body):
    vote, other = DotVoteFactory(body=body), DotVoteFactory(body=body)
    voter = services.voters_create(actor=None, dot_vote=vote, count=1)[0]
    with pytest.raises(ApplicationError, match="gehört nicht zu dieser Abstimmung"):
        services.dot_vote_cast(voter=voter, dot_vote=other, points={other.options.first().pk: 1})
    with pytest.raises(ApplicationError, match="gehört nicht zur Abstimmung"):
        services.dot_vote_cast(voter=voter, dot_vote=vote, points={other.options.first().pk: 1})
    services.dot_vote_close(actor=None, dot_vote=vote)
    with pytest.raises(ApplicationError, match="geschlossen"):
        cast(vote, voter, Bildung=1)


@pytest.mark.django_db
def test_anonymity_and_rules_are_fixed_once_voting_starts_and_closing_unlinks_points(body, moderator):
    vote = services.dot_vote_create(
        actor=moderator,
        body=body,
        title="Test",
        options=["A", "B"],
        points_per_voter=2,
        anonymous=True,
        visibility="after_close",
    )
    services.dot_vote_update(actor=moderator, dot_vote=vote, anonymous=False)  # still in preparation: allowed
    services.dot_vote_update(actor=moderator, dot_vote=vote, anonymous=True)
    services.dot_vote_open(actor=moderator, dot_vote=vote)
    for change in ({"anonymous": False}, {"points_per_voter": 5}, {"spend_all": True}):
        with pytest.raises(ApplicationError, match="nach ihrem Beginn"):
            services.dot_vote_update(actor=moderator, dot_vote=vote, **change)
    with pytest.raises(ApplicationError, match="nicht vorzeitig aufgedeckt"):
        services.dot_vote_update(actor=moderator, dot_vote=vote, visibility="live")
    with pytest.raises(ApplicationError, match="Optionen"):
        services.dot_vote_update(actor=moderator, dot_vote=vote, options=["A", "B", "C"])
    services.dot_vote_update(actor=moderator, dot_vote=vote, title="Neuer Titel")  # the title may change
    voters = services.voters_create(actor=moderator, dot_vote=vote, count=2)
    with pytest.raises(ApplicationError, match="ohne Namen"):
        services.voters_create(actor=moderator, dot_vote=vote, names=["Frau Schmitz"])
    cast(vote, voters[0], A=2)
    cast(vote, voters[1], A=1, B=1)
    assert selectors.results_visible(vote) is False
    services.dot_vote_close(actor=moderator, dot_vote=vote)
    vote.refresh_from_db()
    assert selectors.results_visible(vote) is True
    assert not m.Allocation.objects.filter(option__dot_vote=vote, ballot__isnull=False).exists()
    assert {e.option.label: e.total for e in selectors.dot_vote_result(vote).options} == {"A": 3, "B": 1}
    with pytest.raises(AssertionError):
        selectors.named_ballots(vote)


@pytest.mark.django_db
def test_visibility_after_own_vote(body):
    vote = DotVoteFactory(body=body, visibility=m.ResultVisibility.AFTER_OWN_VOTE)
    voter = services.voters_create(actor=None, dot_vote=vote, count=1)[0]
    assert not selectors.results_visible(vote, ballot=selectors.ballot_of(voter, vote))
    ballot = cast(vote, voter, Bildung=1)
    assert selectors.results_visible(vote, ballot=ballot)
    assert not selectors.results_visible(vote)  # the room (projector, moderation) waits for the close


@pytest.mark.django_db
def test_messages_about_one_point_are_singular(body):
    """„Höchstens 1 Punkt pro Option“, „1 ist noch übrig“, „Sie haben 1 Punkt“."""
    vote = DotVoteFactory(body=body, points_per_voter=3, max_points_per_option=1, spend_all=True)
    voter = services.voters_create(actor=None, dot_vote=vote, count=1)[0]
    with translation.override("de"):
        with pytest.raises(ApplicationError) as error:
            cast(vote, voter, Bildung=2)
        assert str(error.value) == ngettext(
            "At most %(cap)s point per option.", "At most %(cap)s points per option.", 1
        ) % {"cap": 1}
        with pytest.raises(ApplicationError) as error:
            cast(vote, voter, Bildung=1, Arbeit=1)
        assert str(error.value) == ngettext(
            "Please spend all %(budget)s points; %(left)s is left.",
            "Please spend all %(budget)s points; %(left)s are left.",
            1,
        ) % {"budget": 3, "left": 1}
        single = DotVoteFactory(body=body, points_per_voter=1)
        with pytest.raises(ApplicationError) as error:
            cast(single, services.voters_create(actor=None, dot_vote=single, count=1)[0], Bildung=1, Arbeit=1)
        assert str(error.value) == ngettext(
            "You have %(budget)s point; you gave %(total)s.", "You have %(budget)s points; you gave %(total)s.", 1
        ) % {"budget": 1, "total": 2}


@pytest.mark.django_db
def test_paper_dots_of_one_person_are_counted_in_the_singular(body, moderator):
    """„1 Person mit je 1 Punkt kann nicht 2 Punkte geklebt haben.“"""
    vote = DotVoteFactory(body=body, points_per_voter=1, max_points_per_option=1)
    ids = options_of(vote)
    with translation.override("de"):
        with pytest.raises(ApplicationError) as error:
            services.paper_tally_set(
                actor=moderator, dot_vote=vote, origin="Station", participants=1, counts={ids["Bildung"]: 2}
            )
        each = ngettext("%(count)s point each", "%(count)s points each", 1) % {"count": 1}
        dots = ngettext("%(count)s dot", "%(count)s dots", 2) % {"count": 2}
        assert str(error.value) == ngettext(
            "%(people)s person with %(each)s cannot have put %(dots)s.",
            "%(people)s people with %(each)s cannot have put %(dots)s.",
            1,
        ) % {"people": 1, "each": each, "dots": dots}


@pytest.mark.django_db
def test_paper_dots_are_kept_by_origin_and_never_counted_twice(body, moderator):
    vote = DotVoteFactory(body=body)
    ids = options_of(vote)
    services.paper_tally_set(actor=moderator, dot_vote=vote, origin="Flipchart 1", counts={ids["Bildung"]: 5})
    services.paper_tally_set(actor=moderator, dot_vote=vote, origin="Flipchart 2", counts={ids["Bildung"]: 2})
    # The same flipchart counted again (in other spelling) replaces its numbers.
    services.paper_tally_set(
        actor=moderator, dot_vote=vote, origin="flipchart  1", counts={ids["Bildung"]: 4, ids["Arbeit"]: 1}
    )
    result = selectors.dot_vote_result(vote)
    assert [t.origin for t in result.tallies] == ["Flipchart 2", "flipchart 1"]
    assert {e.option.label: e.paper for e in result.options} == {"Bildung": 6, "Arbeit": 1, "Sprache": 0}
    with pytest.raises(ApplicationError, match="2 Personen mit je 3 Punkten"):
        services.paper_tally_set(
            actor=moderator, dot_vote=vote, origin="Station", participants=2, counts={ids["Bildung"]: 7}
        )
    services.paper_tally_delete(actor=moderator, tally=vote.paper_tallies.get(origin="Flipchart 2"))
    assert selectors.dot_vote_result(vote).paper_total == 5


@pytest.mark.django_db
def test_tie_break_by_run_off_with_the_same_codes(body, moderator):
    vote = DotVoteFactory(body=body, points_per_voter=1)
    voters = services.voters_create(actor=moderator, dot_vote=vote, count=3)
    cast(vote, voters[0], Bildung=1)
    cast(vote, voters[1], Arbeit=1)
    cast(vote, voters[2], Sprache=1)
    with pytest.raises(ApplicationError, match="nach dem Schließen"):
        services.run_off_create(actor=moderator, dot_vote=vote, rank=1)
    services.dot_vote_close(actor=moderator, dot_vote=vote)
    vote.refresh_from_db()
    assert selectors.dot_vote_result(vote).groups[0].text == "1. Bildung 1 · Arbeit 1 · Sprache 1"
    run_off = services.run_off_create(actor=moderator, dot_vote=vote, rank=1)
    services.dot_vote_open(actor=moderator, dot_vote=run_off)
    assert selectors.active_vote_for(voters[0]) == run_off  # the same code now opens the run-off
    for voter, label in zip(voters, ("Sprache", "Sprache", "Arbeit"), strict=True):
        cast(run_off, voter, **{label: 1})
    services.dot_vote_close(actor=moderator, dot_vote=run_off)
    run_off.refresh_from_db()
    services.tie_break_from_run_off(actor=moderator, run_off=run_off)
    group = selectors.dot_vote_result(vote).groups[0]
    assert group.tie_break.method == "run_off"
    assert [e.option.label for e in group.ordered_entries] == ["Sprache", "Arbeit", "Bildung"]
    assert group.text == "1. Bildung 1 · Arbeit 1 · Sprache 1"  # the rank stays shared; the order is recorded


@pytest.mark.django_db
def test_adopting_creates_missing_fields_and_sets_priority_points(body, moderator, make_user):
    concept = ConceptFactory(body=body)
    FieldOfActionFactory(concept=concept, title="Bildung", order=1, priority_points=None)
    vote = DotVoteFactory(body=body, concept=concept, options=("Bildung", "Wohnen", "Sport"))
    voter = services.voters_create(actor=moderator, dot_vote=vote, count=1)[0]
    cast(vote, voter, Wohnen=2, Bildung=1)
    with pytest.raises(ApplicationError, match="schließen"):
        services.dot_vote_adopt(actor=moderator, dot_vote=vote)
    services.dot_vote_close(actor=moderator, dot_vote=vote)
    reader = make_user(body, "reader")
    with pytest.raises(ApplicationError, match="nicht übernehmen"):
        services.dot_vote_adopt(actor=reader, dot_vote=vote)
    other_concept = ConceptFactory()
    with pytest.raises(ApplicationError, match="selben Körperschaft"):
        services.dot_vote_adopt(actor=moderator, dot_vote=vote, concept=other_concept)
    services.dot_vote_adopt(actor=moderator, dot_vote=vote)
    fields = list(concept.fields.order_by("order").values_list("title", "priority_points"))
    assert ("Bildung", 1) in fields and ("Wohnen", 2) in fields
    assert "Sport" not in dict(fields)  # a free option without points does not become a field
    vote.refresh_from_db()
    assert vote.adopted_by == moderator and vote.adopted_into == concept
    assert vote.options.get(label="Wohnen").field.title == "Wohnen"
    # The concept's history names the moderator who handed the result over (not "System").
    wohnen = concept.fields.get(title="Wohnen")
    assert wohnen.history.first().history_user == moderator
    assert concept.fields.get(title="Bildung").history.first().history_user == moderator
    with pytest.raises(ApplicationError, match="übernommen"):
        services.dot_vote_adopt(actor=moderator, dot_vote=vote)
    with pytest.raises(ApplicationError, match="übernommen"):
        services.paper_tally_set(actor=moderator, dot_vote=vote, origin="Nachzügler", counts={})


@pytest.mark.django_db
def test_another_bodys_moderator_can_do_nothing(body, other_body, make_user):
    vote = DotVoteFactory(body=body)
    stranger = make_user(other_body, "moderator")
    for call in (
        lambda: services.dot_vote_close(actor=stranger, dot_vote=vote),
        lambda: services.voters_create(actor=stranger, dot_vote=vote, count=1),
        lambda: services.paper_tally_set(actor=stranger, dot_vote=vote, origin="X", counts={}),
        lambda: services.dot_vote_update(actor=stranger, dot_vote=vote, title="X"),
    ):
        with pytest.raises(ApplicationError, match="nicht"):
            call()
    vote.refresh_from_db()
    assert vote.status == "open" and not vote.voters.exists() and not vote.paper_tallies.exists()
