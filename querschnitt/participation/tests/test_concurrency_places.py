"""Places and waiting lists under parallel requests, on PostgreSQL (same marker and skip as test_concurrency.py).

SQLite runs one write transaction at a time (settings: transaction_mode IMMEDIATE), so parallel writers cannot
interleave there; the same rules, request after request, are tested on every database below (the `sequential`
tests) and in test_events.py / test_participants.py.
"""

import os
from datetime import date
from decimal import Decimal

import pytest

from querschnitt.core.exceptions import ApplicationError
from querschnitt.participation import models as m
from querschnitt.participation import services, services_events, services_participants
from querschnitt.participation.tests.test_concurrency import run_in_parallel

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (CI's PostgreSQL run executes it)",
)


def _event(body, capacity):
    return services_events.event_create(
        actor=None,
        body=body,
        kind="summit",
        title="Integrationsgipfel",
        date=date(2031, 5, 5),
        place="Kreishaus",
        capacity=capacity,
        published=True,
    )


def _register(event, number):
    return services_events.event_register(
        event=event, name=f"Gast {number}", email=f"gast{number}@example.org", consent=True, notify=False
    )


def _check_event(event, capacity, total):
    registrations = m.EventRegistration.objects.filter(event=event)
    assert registrations.filter(status="registered").count() == capacity
    assert registrations.filter(status="waiting").count() == total - capacity


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_exceed_the_capacity(body):
    event = _event(body, capacity=10)
    outcomes = run_in_parallel([lambda n=n: _register(event, n) for n in range(30)])
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    _check_event(event, 10, 30)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_cancellations_move_up_each_waiting_person_once(body):
    event = _event(body, capacity=5)
    people = [_register(event, n) for n in range(15)]
    # Five registered people cancel at the same moment, and one of them twice (a double tap).
    jobs = [
        lambda r=r: services_events.registration_cancel(actor=None, registration=r, by_link=True) for r in people[:5]
    ]
    jobs.append(lambda: services_events.registration_cancel(actor=None, registration=people[0], by_link=True))
    outcomes = run_in_parallel(jobs)
    assert [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ApplicationError)] == []
    assert sum(isinstance(o, ApplicationError) for o in outcomes) == 1
    assert m.EventRegistration.objects.filter(event=event, status="registered").count() == 5
    assert set(m.EventRegistration.objects.filter(event=event, status="registered")) == set(people[5:10])
    assert m.RegistrationMoveUp.objects.filter(event=event).count() == 5
    assert m.RegistrationMoveUp.objects.values("registration").distinct().count() == 5


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_invitations_and_declines_keep_the_workshop_maximum(body):
    process = services.workshop_process_create(actor=None, body=body, title="Workshop", start_date=date(2031, 1, 1))
    services_participants.process_set_capacity(
        actor=None, process=process, max_participants=8, travel_costs=Decimal("0")
    )

    def invite(number):
        return services_participants.participant_invite(
            actor=None,
            process=process,
            name=f"Person {number}",
            target_group="administration",
            consent=True,
            consent_given_on=date(2026, 1, 1),
        )

    first = [invite(n) for n in range(8)]
    jobs = [lambda n=n: invite(100 + n) for n in range(12)]
    jobs += [
        lambda p=p: services_participants.participant_set_status(actor=None, participant=p, status="declined")
        for p in first[:4]
    ]
    outcomes = run_in_parallel(jobs)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    participants = m.Participant.objects.filter(process=process)
    assert participants.filter(status__in=m.HOLDS_PLACE).count() == 8
    assert participants.filter(status="waiting").count() == 12 - 4
    # A freed place went to someone waiting (logged) or straight to a later invitation, never to two people.
    moved = m.ParticipantMoveUp.objects.filter(process=process)
    assert moved.count() <= 4
    assert moved.values("participant").distinct().count() == moved.count()


@pytest.mark.django_db
def test_sequential_registrations_and_cancellations_keep_the_same_rule(body):
    event = _event(body, capacity=5)
    people = [_register(event, n) for n in range(15)]
    _check_event(event, 5, 15)
    for registration in people[:5]:
        services_events.registration_cancel(actor=None, registration=registration, by_link=True)
    assert set(m.EventRegistration.objects.filter(event=event, status="registered")) == set(people[5:10])
    assert m.RegistrationMoveUp.objects.filter(event=event).count() == 5


@pytest.mark.django_db
def test_sequential_invitations_keep_the_workshop_maximum(body):
    process = services.workshop_process_create(actor=None, body=body, title="Workshop", start_date=date(2031, 1, 1))
    services_participants.process_set_capacity(
        actor=None, process=process, max_participants=3, travel_costs=Decimal("0")
    )
    people = [
        services_participants.participant_invite(
            actor=None,
            process=process,
            name=f"Person {n}",
            target_group="welfare",
            consent=True,
            consent_given_on=date(2026, 1, 1),
        )
        for n in range(6)
    ]
    assert [p.status for p in people] == ["invited"] * 3 + ["waiting"] * 3
    for person in people[:2]:
        services_participants.participant_set_status(actor=None, participant=person, status="declined")
    assert m.Participant.objects.filter(process=process, status__in=m.HOLDS_PLACE).count() == 3
    assert list(m.ParticipantMoveUp.objects.order_by("pk").values_list("participant", flat=True)) == [
        people[3].pk,
        people[4].pk,
    ]
