"""Factories of the integration centre. Every factory accepts `body=` (the tenant crawler relies on it)."""

from datetime import date

import factory

from querschnitt.network import models_centre as c
from querschnitt.tenancy.tests.factories import BodyFactory

__all__ = [
    "CentreServiceFactory",
    "CounsellingRequestFactory",
    "CounsellingTimeEntryFactory",
    "NetworkEventFactory",
]


class CentreServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.CentreService

    body = factory.SubFactory(BodyFactory)
    area = c.TaskArea.COUNSELLING
    title = factory.Sequence(lambda n: f"Leistung {n}")
    order = factory.Sequence(lambda n: n + 1)


class CounsellingRequestFactory(factory.django.DjangoModelFactory):
    """A request with a person who consented, so that the crawler's marker lands in the personal data too."""

    class Meta:
        model = c.CounsellingRequest

    body = factory.SubFactory(BodyFactory)
    received_on = date(2026, 3, 2)
    channel = c.Channel.PHONE
    requester_kind = c.RequesterKind.PRIVATE
    service = factory.LazyAttribute(lambda o: CentreServiceFactory(body=o.body))
    requester_name = factory.Sequence(lambda n: f"Person {n}")
    requester_contact = factory.Sequence(lambda n: f"person{n}@example.org")
    consent_given_on = date(2026, 3, 2)
    subject = "Frage zur Anerkennung eines Abschlusses"


class CounsellingTimeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.CounsellingTimeEntry

    class Params:
        body = None

    request = factory.LazyAttribute(lambda o: CounsellingRequestFactory(**({"body": o.body} if o.body else {})))
    date = date(2026, 3, 3)
    minutes = 30


class NetworkEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.NetworkEvent

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    date = date(2026, 4, 15)
    kind = c.NetworkEventKind.NETWORK_MEETING
    organiser = "Kommunales Integrationszentrum"
    topics = "Sprachförderung"
