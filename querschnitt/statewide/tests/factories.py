"""Factories of the state level. Every factory accepts `body=` (the tenant crawler relies on it); objects of the
state council itself ignore it and belong to an unpublished series, which only state staff reach."""

from datetime import UTC, date, datetime, timedelta
from secrets import token_urlsafe

import factory
from django.utils import timezone

from querschnitt.statewide import models as m
from querschnitt.tenancy.tests.factories import BodyFactory


class CoachingTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CoachingTopic

    class Params:
        body = None

    title = factory.Sequence(lambda n: f"Thema {n}")
    guiding_questions = "Was soll das Ganze?\nWer macht mit?"
    order = factory.Sequence(lambda n: 100 + n)


class CoachingEngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CoachingEngagement

    body = factory.SubFactory(BodyFactory)
    requested_on = date(2026, 1, 15)
    request_text = "Wir möchten unsere Geschäftsordnung überarbeiten."


class CoachingStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CoachingStep

    class Params:
        body = None

    engagement = factory.LazyAttribute(lambda o: CoachingEngagementFactory(**({"body": o.body} if o.body else {})))
    kind = m.CoachingStepKind.RESEARCH
    note = "Hauptsatzung gelesen"


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CoachingSession

    class Params:
        body = None

    engagement = factory.LazyAttribute(lambda o: CoachingEngagementFactory(**({"body": o.body} if o.body else {})))
    date = date(2026, 2, 10)
    place = "Rathaus"
    participants = "Vorsitz, Geschäftsstelle"
    notes = "Vertrauliche Notizen des Coachings"


class CoachingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CoachingDocument

    class Params:
        body = None

    engagement = factory.LazyAttribute(lambda o: CoachingEngagementFactory(**({"body": o.body} if o.body else {})))
    title = "Muster-Tagesordnung"
    file = factory.django.FileField(filename="muster.pdf", data=b"%PDF-1.4 test")
    file_name = "muster.pdf"
    mime_type = "application/pdf"
    size = 13


class TrainingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TrainingSeries

    class Params:
        body = None

    title = factory.Sequence(lambda n: f"Qualifizierungsreihe {n}")
    slug = factory.Sequence(lambda n: f"reihe-{n}")
    first_year = 2025
    last_year = 2026
    interest_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    partners = "Landesverband der Volkshochschulen NRW\nLandeszentrale für politische Bildung NRW"


class TrainingModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TrainingModule

    class Params:
        body = None

    series = factory.SubFactory(TrainingSeriesFactory)
    title = factory.Sequence(lambda n: f"Modul {n}")
    level = "Basismodul"
    order = factory.Sequence(lambda n: n)


class HostInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HostInterest

    body = None
    series = factory.SubFactory(TrainingSeriesFactory)
    host_kind = m.HostKind.VHS
    host_name = factory.Sequence(lambda n: f"VHS {n}")
    contact_name = "Petra Muster"
    contact_email = factory.Sequence(lambda n: f"vhs{n}@example.org")
    received_at = factory.LazyFunction(timezone.now)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Course

    class Params:
        body = None

    series = factory.SubFactory(TrainingSeriesFactory)
    module = factory.LazyAttribute(lambda o: TrainingModuleFactory(series=o.series))
    host_name = "VHS Neuss"
    starts_on = date(2026, 3, 7)
    ends_on = date(2026, 3, 7)
    place = "VHS Neuss, Brückstraße 1"
    trainers = "Anna Beispiel"
    seats = 12
    status = m.CourseStatus.OPEN


class CourseRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CourseRegistration

    course = factory.SubFactory(CourseFactory)
    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Teilnehmerin {n}")
    email = factory.Sequence(lambda n: f"teilnahme{n}@example.org")
    mandate = m.MandateKind.ELECTED
    status = m.RegistrationStatus.CONFIRMED
    registered_at = factory.LazyFunction(lambda: datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    cancel_token = factory.LazyFunction(lambda: token_urlsafe(24))


class PracticeExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PracticeExample

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Praxisbeispiel {n}")
    topic = m.PracticeTopic.LANGUAGE
    size = m.MunicipalitySize.CITY
    what_was_done = "Sprachcafés in drei Stadtteilen"
    results = "120 Teilnehmende im Jahr"


class WorkshopPracticeExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkshopPracticeExample

    class Params:
        body = None

    day = factory.LazyAttribute(lambda o: _workshop_day(o.body))
    example = factory.SubFactory(PracticeExampleFactory)


def _workshop_day(body):
    from querschnitt.participation.tests.factories import WorkshopDayFactory

    return WorkshopDayFactory(**({"body": body} if body else {}))
