"""Factories for participation. Every factory accepts `body=` (the tenant crawler relies on it)."""

from datetime import date

import factory
from django.utils import timezone

from querschnitt.participation import models as m
from querschnitt.tenancy.tests.factories import BodyFactory


class WorkshopProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkshopProcess

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Integrationsworkshop {n}")


class WorkshopPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkshopPhase

    class Params:
        body = None

    process = factory.LazyAttribute(lambda o: WorkshopProcessFactory(**({"body": o.body} if o.body else {})))
    kind = m.PhaseKind.WORKSHOP
    title = "Integrationsworkshop"
    start_date = date(2026, 11, 5)
    end_date = date(2026, 11, 6)


class WorkshopDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkshopDay

    class Params:
        body = None

    phase = factory.LazyAttribute(lambda o: WorkshopPhaseFactory(body=o.body))
    date = date(2026, 11, 5)
    title = "Tag 1"


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ChecklistItem

    class Params:
        body = None

    phase = factory.LazyAttribute(lambda o: WorkshopPhaseFactory(body=o.body))
    text = "Einladungen versenden"


class DotVoteFactory(factory.django.DjangoModelFactory):
    """An open dot vote with three options and the result visible live (so that a leak would show)."""

    class Meta:
        model = m.DotVote
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Punktabfrage {n}")
    points_per_voter = 3
    status = m.DotVoteStatus.OPEN
    opened_at = factory.LazyFunction(timezone.now)
    visibility = m.ResultVisibility.LIVE

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create:
            return
        for order, label in enumerate(extracted or ("Bildung", "Arbeit", "Sprache"), start=1):
            m.DotVoteOption.objects.create(dot_vote=self, label=label, order=order)


class VoterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Voter

    class Params:
        body = None

    dot_vote = factory.LazyAttribute(lambda o: DotVoteFactory(**({"body": o.body} if o.body else {})))
    token = factory.Sequence(lambda n: f"TEST{n:04d}")


class PaperTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PaperTally

    class Params:
        body = None

    dot_vote = factory.LazyAttribute(lambda o: DotVoteFactory(**({"body": o.body} if o.body else {})))
    origin = factory.Sequence(lambda n: f"Flipchart {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Participant

    class Params:
        body = None

    process = factory.LazyAttribute(lambda o: WorkshopProcessFactory(**({"body": o.body} if o.body else {})))
    name = factory.Sequence(lambda n: f"Testperson {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = "Kreisverwaltung"
    target_group = m.TargetGroup.ADMINISTRATION
    consent_given_on = date(2026, 10, 1)
    consent_text_version = "2026-1"


class EventFactory(factory.django.DjangoModelFactory):
    """An unpublished event (so that the crawler tests what only the body may see)."""

    class Meta:
        model = m.Event

    body = factory.SubFactory(BodyFactory)
    kind = m.EventKind.CONFERENCE
    year = factory.Sequence(lambda n: 2030 + n)
    title = factory.Sequence(lambda n: f"Integrationskonferenz {n}")
    date = factory.LazyAttribute(lambda o: date(o.year, 6, 1))
    place = "Kreishaus"
    capacity = 50
    published = False


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.EventRegistration

    class Params:
        body = None

    event = factory.LazyAttribute(lambda o: EventFactory(**({"body": o.body} if o.body else {})))
    name = factory.Sequence(lambda n: f"Gast {n}")
    email = factory.Sequence(lambda n: f"gast{n}@example.org")
    token = factory.Sequence(lambda n: f"token-{n:06d}-abcdefghijklmnopqrstuvwxyz")
    consent_given_on = factory.LazyFunction(timezone.now)
    consent_text_version = "2026-1"


class EventFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.EventFile

    class Params:
        body = None

    event = factory.LazyAttribute(lambda o: EventFactory(**({"body": o.body} if o.body else {})))
    title = "Dokumentation"
    file = factory.django.FileField(filename="doku.txt", data=b"Dokumentation der Konferenz")
    file_name = "doku.txt"
    mime_type = "text/plain"
    size = 27
    sha512_checksum = "0" * 128


class WorkGroupFactory(factory.django.DjangoModelFactory):
    """A process steering group (needs no concept; a field group would need the process's concept)."""

    class Meta:
        model = m.WorkGroup

    class Params:
        body = None

    process = factory.LazyAttribute(lambda o: WorkshopProcessFactory(**({"body": o.body} if o.body else {})))
    kind = m.WorkGroupKind.PROCESS_STEERING
    title = factory.Sequence(lambda n: f"Prozess-Steuerung {n}")
    summary = "Eine Steuerungsgruppe einrichten."


class GroupCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GroupCard

    class Params:
        body = None

    group = factory.LazyAttribute(lambda o: WorkGroupFactory(body=o.body))
    kind = m.CardKind.IDEA
    text = "Informationsplattform"


class WorkGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkGroupMember

    class Params:
        body = None

    group = factory.LazyAttribute(lambda o: WorkGroupFactory(body=o.body))
    participant = factory.LazyAttribute(lambda o: ParticipantFactory(process=o.group.process))
