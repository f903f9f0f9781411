"""Integrity of the dot vote under parallel requests, on PostgreSQL.

Runs only where the database is PostgreSQL: SQLite runs one write transaction at a time (settings: transaction_mode
IMMEDIATE), so parallel writers cannot interleave there at all. CI runs the suite a second time with DATABASE_URL
pointing to PostgreSQL; that run executes these tests. The same service rules, request after request, are tested
on every database in test_dot_vote.py (test_budget_cap_and_spend_all_are_enforced_one_after_another).
"""

import os
import random
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.db.models import Sum

from querschnitt.core.exceptions import ApplicationError
from querschnitt.participation import models as m
from querschnitt.participation import selectors, services
from querschnitt.participation.tests.factories import DotVoteFactory

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL (CI's PostgreSQL run executes it)",
    ),
    pytest.mark.django_db(transaction=True),
]


def run_in_parallel(jobs):
    """Start every job at the same moment, each in its own thread with its own database connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except ApplicationError as refusal:
            outcomes[index] = refusal
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_parallel_votes_are_neither_lost_nor_doubled_and_no_budget_is_exceeded(body):
    vote = DotVoteFactory(body=body, points_per_voter=3, anonymous=False)
    options = list(vote.options.order_by("order").values_list("pk", flat=True))
    voters = services.voters_create(actor=None, dot_vote=vote, count=40)
    rng = random.Random(5)
    wanted = {}
    jobs = []
    for voter in voters:
        option = rng.choice(options)
        wanted[voter.pk] = option
        jobs.append(lambda v=voter, o=option: services.dot_vote_cast(voter=v, dot_vote=vote, points={o: 3}))
    # One voter sends eight different ballots at the same moment (a double tap on a slow network, several tabs):
    # without the lock, the deletes and inserts of the requests would interleave and add up to more than 3 points.
    hammered = voters[0]
    for option in options + options[:2] + options[:3]:
        jobs.append(lambda o=option: services.dot_vote_cast(voter=hammered, dot_vote=vote, points={o: 3}))
    # …and one voter tries to give 4 points in several requests at once.
    for option in options:
        jobs.append(lambda o=option: services.dot_vote_cast(voter=voters[1], dot_vote=vote, points={o: 4}))

    outcomes = run_in_parallel(jobs)

    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ApplicationError)]
    assert unexpected == []
    refusals = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(refusals) == len(options)  # exactly the over-budget attempts
    ballots = m.Ballot.objects.filter(dot_vote=vote)
    assert ballots.count() == len(voters)  # every voter's vote is there, once
    for ballot in ballots.prefetch_related("allocations"):
        spent = sum(a.points for a in ballot.allocations.all())
        assert spent == ballot.points == 3, ballot.voter_id
    # The hammered voter's points sit on one option only: one of the requests won, whole.
    assert m.Allocation.objects.filter(ballot__voter=hammered).count() == 1
    # Everyone else's choice is counted exactly once.
    others = Counter(wanted[v.pk] for v in voters[1:])
    hammered_option = m.Allocation.objects.get(ballot__voter=hammered).option_id
    totals = {entry.option.pk: entry.digital for entry in selectors.dot_vote_result(vote).options}
    expected = {pk: 3 * others[pk] + (3 if pk == hammered_option else 0) for pk in options}
    assert totals == expected
    assert sum(totals.values()) == 3 * len(voters)


def test_closing_while_people_vote_counts_each_ballot_once_and_unlinks_all(body):
    vote = DotVoteFactory(body=body, points_per_voter=2, anonymous=True)
    options = list(vote.options.values_list("pk", flat=True))
    voters = services.voters_create(actor=None, dot_vote=vote, count=30)
    jobs = [lambda v=v: services.dot_vote_cast(voter=v, dot_vote=vote, points={options[0]: 2}) for v in voters]
    jobs.insert(15, lambda: services.dot_vote_close(actor=None, dot_vote=vote))

    outcomes = run_in_parallel(jobs)

    assert [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ApplicationError)] == []
    counted = m.Ballot.objects.filter(dot_vote=vote, cast_at__isnull=False).count()
    refused = sum(isinstance(o, ApplicationError) for o in outcomes)
    assert counted + refused == len(voters)  # each ballot either counted before the close or refused after it
    vote.refresh_from_db()
    assert vote.status == "closed"
    # Every counted point is in the result, and no point is linked to a voter any more.
    assert (m.Allocation.objects.filter(option__dot_vote=vote).aggregate(s=Sum("points"))["s"] or 0) == 2 * counted
    assert not m.Allocation.objects.filter(option__dot_vote=vote, ballot__isnull=False).exists()
    assert selectors.dot_vote_result(vote).digital_total == 2 * counted
