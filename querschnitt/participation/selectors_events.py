"""Reads for events: the list with free places, registrations, the waiting list's log and files."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from querschnitt.tenancy.models import Body

from .models import Event, EventFile, EventRegistration, RegistrationMoveUp, RegistrationStatus


def event_queryset() -> QuerySet[Event]:
    """Events with their counts of places taken, people waiting and cancellations (one query). The counts include
    registrations deleted after the event (kept as numbers on the event, see `event_registrations_purge`)."""

    def counted(status: str) -> Any:
        return Count("registrations", filter=Q(registrations__status=status))

    return Event.objects.select_related("body", "decision").annotate(
        registered=F("purged_registered") + counted(RegistrationStatus.REGISTERED),
        waiting=F("purged_waiting") + counted(RegistrationStatus.WAITING),
        cancelled=F("purged_cancelled") + counted(RegistrationStatus.CANCELLED),
    )


def events_of(body: Body, *, include_unpublished: bool = False) -> QuerySet[Event]:
    events = event_queryset().filter(body=body)
    if not include_unpublished:
        events = events.filter(published=True)
    return events.order_by("-date", "-pk")


def registration_possible(event: Event) -> bool:
    return event.published and event.registration_open and event.date >= timezone.localdate()


def registrations_of(event: Event) -> QuerySet[EventRegistration]:
    """Registered first, then the waiting list in its order, then the cancelled."""
    order = Case(
        When(status=RegistrationStatus.REGISTERED, then=Value(0)),
        When(status=RegistrationStatus.WAITING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        EventRegistration.objects.filter(event=event)
        .annotate(status_order=order)
        .order_by("status_order", "waiting_since", "created", "pk")
    )


def move_ups_of(event: Event) -> QuerySet[RegistrationMoveUp]:
    return RegistrationMoveUp.objects.filter(event=event).select_related("registration", "freed_by", "actor")


def files_of(event: Event, *, public_only: bool) -> QuerySet[EventFile]:
    files = EventFile.objects.filter(event=event).order_by("title", "pk")
    if public_only:
        files = files.filter(public=True) if event.published else files.none()
    return files
