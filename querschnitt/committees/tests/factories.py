"""Factories for committee work. Every factory accepts `body=` (the tenant crawler relies on it); what it makes is
NOT public where the model knows "public", so the crawler tests confidential content."""

from datetime import timedelta

import factory
from django.utils import timezone

from querschnitt.committees import models as m
from querschnitt.tenancy.tests.factories import BodyFactory


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Location

    body = factory.SubFactory(BodyFactory)
    description = "Sitzungssaal"


class LegislativeTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LegislativeTerm

    body = factory.SubFactory(BodyFactory)
    name = "Wahlperiode 2025–2030"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Organization

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Ausschuss für Chancengerechtigkeit und Integration {n}")
    statutory_seats = 15
    elected_seats = 10
    council_seats = 5


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Person

    body = factory.SubFactory(BodyFactory)
    family_name = factory.Sequence(lambda n: f"Muster{n}")
    given_name = "Erika"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Membership

    class Params:
        body = None

    organization = factory.LazyAttribute(lambda o: OrganizationFactory(**({"body": o.body} if o.body else {})))
    person = factory.LazyAttribute(lambda o: PersonFactory(body=o.organization.body))
    group = m.MembershipGroup.DIRECTLY_ELECTED


class FileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.File

    body = factory.SubFactory(BodyFactory)
    name = "Vorlage"
    file = factory.django.FileField(filename="vorlage.pdf", data=b"%PDF-1.4 Vorlage")
    file_name = "vorlage.pdf"
    mime_type = "application/pdf"
    size = 16
    sha512_checksum = factory.LazyFunction(lambda: m.File.checksum(b"%PDF-1.4 Vorlage"))
    public = False


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Meeting
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"{n}. Sitzung")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))

    @factory.post_generation
    def organizations(obj, create, extracted, **kwargs):
        if create:
            obj.organizations.set(extracted if extracted is not None else [OrganizationFactory(body=obj.body)])


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AgendaItem

    class Params:
        body = None

    meeting = factory.LazyAttribute(lambda o: MeetingFactory(**({"body": o.body} if o.body else {})))
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.order))
    name = "Bericht der Verwaltung"
    public = False
    non_public_reason = "Personalangelegenheit"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Paper

    body = factory.SubFactory(BodyFactory)
    name = "Antrag auf niederschwellige Sprachkurse"
    reference = factory.Sequence(lambda n: f"ACI/2026/{n:03d}")
    paper_type = m.PaperType.MOTION
    public = False


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Consultation

    class Params:
        body = None

    paper = factory.LazyAttribute(lambda o: PaperFactory(**({"body": o.body} if o.body else {})))
    organization = factory.LazyAttribute(lambda o: OrganizationFactory(body=o.paper.body))
    role = m.ConsultationRole.PRELIMINARY


class StatuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Statute

    body = factory.SubFactory(BodyFactory)
    kind = m.StatuteKind.MAIN_STATUTE
    title = "Hauptsatzung"
    version = factory.Sequence(lambda n: n + 1)


class RightsCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.RightsCheck

    body = factory.SubFactory(BodyFactory)
    right = m.CommitteeRight.BERATUNGSFOLGE


class MinutesCorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.MinutesCorrection

    class Params:
        body = None

    meeting = factory.LazyAttribute(lambda o: MeetingFactory(**({"body": o.body} if o.body else {})))
    text = "Berichtigung"
