"""Factories of the network. Every factory accepts `body=` (the tenant crawler relies on it)."""

from datetime import date

import factory

from querschnitt.network import models as m
from querschnitt.tenancy.tests.factories import BodyFactory


def _default_kind() -> m.ActorKind:
    kind, _created = m.ActorKind.objects.get_or_create(body=None, name="Sonstige", defaults={"order": 130})
    return kind


class ActorKindFactory(factory.django.DjangoModelFactory):
    """A kind of the body's own (the default kinds come from the data migration)."""

    class Meta:
        model = m.ActorKind

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Eigene Art {n}")
    order = factory.Sequence(lambda n: 1000 + n)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Actor

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Akteur {n}")
    kind = factory.LazyFunction(_default_kind)
    city = "Neuss"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ContactPerson

    class Params:
        body = None

    actor = factory.LazyAttribute(lambda o: ActorFactory(**({"body": o.body} if o.body else {})))
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "02131 0000"
    consent_given_on = date(2026, 1, 15)


class CooperationEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CooperationEntry

    class Params:
        body = None

    actor = factory.LazyAttribute(lambda o: ActorFactory(**({"body": o.body} if o.body else {})))
    date = date(2026, 2, 1)
    text = "Gemeinsame Veranstaltung"


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SteeringGroup

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Steuerungsgruppe {n}")


class SteeringGroupSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SteeringGroupSeat

    class Params:
        body = None

    group = factory.LazyAttribute(lambda o: SteeringGroupFactory(**({"body": o.body} if o.body else {})))
    label = factory.Sequence(lambda n: f"Sitz {n}")
    order = factory.Sequence(lambda n: n + 1)
    decided_count = 1


class SeatHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SeatHolder

    class Params:
        body = None

    seat = factory.LazyAttribute(lambda o: SteeringGroupSeatFactory(**({"body": o.body} if o.body else {})))
    name = factory.Sequence(lambda n: f"Person {n}")
    role = m.HolderRole.HOLDER


class SteeringGroupTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SteeringGroupTask

    class Params:
        body = None

    group = factory.LazyAttribute(lambda o: SteeringGroupFactory(**({"body": o.body} if o.body else {})))
    text = factory.Sequence(lambda n: f"Aufgabe {n}")
    recurrence = m.Recurrence.PER_MEETING
    order = factory.Sequence(lambda n: n + 1)


from .factories_centre import *  # noqa: E402, F403
from .factories_funding import *  # noqa: E402, F403
from .factories_offers import *  # noqa: E402, F403
