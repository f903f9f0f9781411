"""Registrations for events are deleted some days after the event; their counts stay on the event for its page and
its documentation. The command for cron prints in German how many were deleted."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from querschnitt.participation import models as m
from querschnitt.participation import selectors_events, services_events
from querschnitt.participation.tests.factories import EventFactory

# Relative to the real date, so that the command (which purges as of today) sees the same events.
TODAY = timezone.localdate()
DELETED_ON = f"{TODAY:%d.%m.%Y}"


def url(name, body, **kwargs):
    return reverse(f"participation:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def office(make_user, body):
    return make_user(body, "office")


def register(event, number, **kwargs):
    """Registrations made while registration was open (the service refuses past events, so go around it)."""
    registration = m.EventRegistration.objects.create(
        event=event,
        name=f"Gast {event.pk}-{number}",
        email=f"gast{event.pk}-{number}@example.org",
        token=f"token-{event.pk}-{number}-abcdefghijklmnopqrstuvwxyz",
        consent_given_on=timezone.now(),
        consent_text_version="2026-1",
        **kwargs,
    )
    return registration


def fill(event, *, registered, waiting, cancelled):
    """Registrations in every status, through the services' history as well (so that there is history to delete)."""
    made = [register(event, number) for number in range(registered)]
    made += [
        register(event, registered + number, status=m.RegistrationStatus.WAITING, waiting_since=event.created)
        for number in range(waiting)
    ]
    made += [
        register(
            event,
            registered + waiting + number,
            status=m.RegistrationStatus.CANCELLED,
            cancelled_at=event.created,
        )
        for number in range(cancelled)
    ]
    m.RegistrationMoveUp.objects.create(event=event, registration=made[0], freed_by=made[-1])
    return made


@pytest.fixture
def old_event(body):
    """Held 45 days before TODAY: past the default retention of 30 days."""
    held = TODAY - timedelta(days=45)
    event = EventFactory(body=body, year=held.year, date=held, capacity=3, published=True)
    fill(event, registered=3, waiting=2, cancelled=1)
    return event


@pytest.fixture
def recent_event(body):
    """Held 10 days before TODAY: its registrations are still needed."""
    held = TODAY - timedelta(days=10)
    event = EventFactory(body=body, kind=m.EventKind.SUMMIT, year=held.year, date=held, capacity=10, published=True)
    fill(event, registered=2, waiting=0, cancelled=1)
    return event


def annotated(event):
    return selectors_events.event_queryset().get(pk=event.pk)


@pytest.mark.django_db
def test_purge_keeps_the_counts_and_deletes_only_old_events_registrations(old_event, recent_event):
    before = annotated(old_event)
    assert (before.registered, before.waiting, before.cancelled, before.free_places) == (3, 2, 1, 0)
    old_ids = list(old_event.registrations.values_list("pk", flat=True))
    assert m.EventRegistration.history.filter(id__in=old_ids).exists()

    deleted = services_events.event_registrations_purge(today=TODAY)

    assert deleted == 6
    assert not m.EventRegistration.objects.filter(event=old_event).exists()
    assert not m.EventRegistration.history.filter(id__in=old_ids).exists()  # no copy of names and e-mails
    assert not m.RegistrationMoveUp.objects.filter(event=old_event).exists()
    old_event.refresh_from_db()
    assert (old_event.purged_registered, old_event.purged_waiting, old_event.purged_cancelled) == (3, 2, 1)
    assert old_event.registrations_purged_on == TODAY
    after = annotated(old_event)
    assert (after.registered, after.waiting, after.cancelled, after.free_places) == (3, 2, 1, 0)
    assert old_event.free_places == 0  # also without the annotation
    # The recent event keeps everything.
    assert m.EventRegistration.objects.filter(event=recent_event).count() == 3
    recent_event.refresh_from_db()
    assert recent_event.registrations_purged_on is None and recent_event.purged_registered == 0


@pytest.mark.django_db
def test_purge_is_idempotent_and_later_runs_take_the_next_events(old_event, recent_event):
    assert services_events.event_registrations_purge(today=TODAY) == 6
    assert services_events.event_registrations_purge(today=TODAY) == 0
    old_event.refresh_from_db()
    assert (old_event.purged_registered, old_event.purged_waiting, old_event.purged_cancelled) == (3, 2, 1)
    assert old_event.registrations_purged_on == TODAY
    # 30 days after the recent event it is not yet due; one day later it is.
    assert services_events.event_registrations_purge(today=recent_event.date + timedelta(days=30)) == 0
    assert services_events.event_registrations_purge(today=recent_event.date + timedelta(days=31)) == 3
    old_event.refresh_from_db()
    assert old_event.registrations_purged_on == TODAY  # untouched by the later run
    assert annotated(recent_event).registered == 2


@pytest.mark.django_db
def test_retention_comes_from_the_settings(settings, old_event, recent_event):
    settings.QUERSCHNITT_REGISTRATION_RETENTION_DAYS = 60
    assert services_events.event_registrations_purge(today=TODAY) == 0
    settings.QUERSCHNITT_REGISTRATION_RETENTION_DAYS = 7
    assert services_events.event_registrations_purge(today=TODAY) == 9


@pytest.mark.django_db
def test_command_purges_and_reports_in_german(old_event, recent_event):
    out = StringIO()

    call_command("purge_event_registrations", stdout=out)

    assert not m.EventRegistration.objects.filter(event=old_event).exists()
    assert m.EventRegistration.objects.filter(event=recent_event).count() == 3
    with translation.override("de"):
        expected = translation.ngettext(
            "%(count)s registration of past events deleted; the counts stay on the events.",
            "%(count)s registrations of past events deleted; the counts stay on the events.",
            6,
        ) % {"count": 6}
    assert out.getvalue().strip() == expected
    out = StringIO()
    call_command("purge_event_registrations", stdout=out)
    assert out.getvalue().startswith("0 ")


@pytest.mark.django_db
def test_event_page_shows_kept_counts_and_the_date_of_deletion(client, body, office, old_event):
    client.force_login(office)
    page = client.get(url("event", body, event=old_event.pk)).content.decode()
    assert "3 Anmeldungen, 2 auf der Warteliste" in page  # before: the live counts

    services_events.event_registrations_purge(today=TODAY)

    page = client.get(url("event", body, event=old_event.pk)).content.decode()
    with translation.override("de"):
        counts = translation.gettext(
            "Registrations: %(registered)s confirmed, %(waiting)s on the waiting list, %(cancelled)s cancelled."
        ) % {"registered": 3, "waiting": 2, "cancelled": 1}
        deleted = translation.gettext(
            "The registrations were deleted on %(date)s to protect the registrants’ data; only these counts are kept."
        ) % {"date": DELETED_ON}
    assert counts in page and deleted in page
    # The registrations page and the documentation page say the same; no registrant is left to show.
    for name in ("registrations", "event_record"):
        page = client.get(url(name, body, event=old_event.pk)).content.decode()
        assert counts in page and DELETED_ON in page and "Gast " not in page
    # The public sees nothing of the registrants, before or after.
    client.logout()
    public = client.get(url("event", body, event=old_event.pk)).content.decode()
    assert counts not in public and "Anmeldungen" not in public
