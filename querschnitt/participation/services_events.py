"""Writes for events (Integrationskonferenz, Integrationsgipfel): the event, public registration with a waiting
list, cancellation by secret link, and the documentation afterwards.

Places under parallel registrations: registering, cancelling and changing the places first lock the event's row
(SELECT … FOR UPDATE on PostgreSQL; SQLite runs write transactions one at a time, see `transaction_mode` IMMEDIATE
in the settings). So never more than `capacity` registrations hold a place, and a freed place goes to exactly one
person from the waiting list, logged in `RegistrationMoveUp`. E-mails go out after the commit: a slow mail server
never holds the lock, and a failed e-mail never undoes a registration.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.committees.models import Paper
from querschnitt.committees.services_papers import FILE_TYPES, check_upload, sanitise_file_name
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body

from .models import Event, EventFile, EventKind, EventRegistration, RegistrationMoveUp, RegistrationStatus
from .services import _require, _validated_save

logger = logging.getLogger(__name__)

# The wording a registrant consents to; change the version whenever the text changes (each registration records
# the version it was given to).
CONSENT_TEXT_VERSION = "2026-1"
CONSENT_TEXT = gettext_lazy(
    "I agree that the organisers store my name, my e-mail address and, if given, my organisation in order to run "
    "the event, to send me its confirmation and to offer me a place from the waiting list. The data are seen only "
    "by the organisers, are not published and are deleted after the event's documentation. I can cancel my "
    "registration at any time with the link in the confirmation e-mail."
)

EVENT_FIELDS = {
    "kind",
    "title",
    "date",
    "start_time",
    "place",
    "topics",
    "description",
    "capacity",
    "registration_open",
    "published",
    "decision",
}

# Builds the absolute address of the cancellation page from a registration's token.
CancelUrl = Callable[[str], str]


def _may_manage(actor: Any, body: Body) -> None:
    _require(actor, "participation.manage_events", body, _("You may not manage the events of this body."))


def _locked_event(event: Event) -> Event:
    """The event's row, locked until the end of the transaction (see the module's docstring)."""
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def places_taken(event: Event) -> int:
    """Places held, including those of registrations deleted after the event (kept as a number)."""
    held = EventRegistration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count()
    return event.purged_registered + held


def _check_event(event: Event) -> None:
    if event.kind not in EventKind.values:
        raise ApplicationError(_("Please choose the kind of event."), field="kind")
    if not event.title.strip():
        raise ApplicationError(_("Please give the event a title."), field="title")
    if not event.place.strip():
        raise ApplicationError(_("Please give the place."), field="place")
    if not event.capacity or event.capacity < 1:
        raise ApplicationError(_("An event needs at least one place."), field="capacity")
    if event.decision is not None and event.decision.body_id != event.body_id:
        raise ApplicationError(_("The paper must belong to the same body."), field="decision")
    event.year = event.date.year
    clash = Event.objects.filter(body_id=event.body_id, kind=event.kind, year=event.year).exclude(pk=event.pk)
    if clash.exists():
        raise ApplicationError(
            _("The body already has a %(kind)s in %(year)s.")
            % {"kind": EventKind(event.kind).label, "year": event.year},
            field="date",
        )


def event_create(
    *,
    actor: Any,
    body: Body,
    kind: str,
    title: str,
    date: date,
    place: str,
    capacity: int,
    start_time: time | None = None,
    topics: str = "",
    description: str = "",
    registration_open: bool = True,
    published: bool = False,
    decision: Paper | None = None,
) -> Event:
    _may_manage(actor, body)
    event = Event(
        body=body,
        kind=kind,
        title=title.strip(),
        date=date,
        year=date.year,
        start_time=start_time,
        place=place.strip(),
        topics=topics,
        description=description,
        capacity=capacity,
        registration_open=registration_open,
        published=published,
        decision=decision,
    )
    _check_event(event)
    with transaction.atomic():
        _validated_save(actor, event)
    return event


def event_update(*, actor: Any, event: Event, cancel_url: CancelUrl | None = None, **changes: Any) -> Event:
    """Change an event. More places move people up from the waiting list (and tell them); fewer places than are
    already taken are refused: nobody loses a confirmed place by it."""
    _may_manage(actor, event.body)
    moved: list[EventRegistration] = []
    with transaction.atomic():
        locked = _locked_event(event)
        for name, value in changes.items():
            if name not in EVENT_FIELDS:
                raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
            setattr(locked, name, value.strip() if name in {"title", "place"} else value)
        _check_event(locked)
        taken = places_taken(locked)
        if locked.capacity < taken:
            raise ApplicationError(
                _("%(taken)s people already hold a place; the event cannot have fewer places.") % {"taken": taken},
                field="capacity",
            )
        _validated_save(actor, locked)
        moved = _move_up(locked, actor=actor, freed_by=None)
    _notify_moved_up(moved, cancel_url)
    event.refresh_from_db()
    return event


def event_set_documentation(*, actor: Any, event: Event, documentation: str) -> Event:
    """The text of the documentation afterwards (shown as plain text with paragraphs; no HTML is interpreted)."""
    _may_manage(actor, event.body)
    event.documentation = documentation.strip()
    with transaction.atomic():
        _validated_save(actor, event)
    return event


# --- Registration ---------------------------------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _move_up(event: Event, *, actor: Any, freed_by: EventRegistration | None) -> list[EventRegistration]:
    """Give the free places, oldest on the waiting list first. Call only with the event locked."""
    free = event.capacity - places_taken(event)
    moved: list[EventRegistration] = []
    if free <= 0:
        return moved
    for waiting in EventRegistration.objects.filter(event=event, status=RegistrationStatus.WAITING).order_by(
        "waiting_since", "pk"
    )[:free]:
        waiting.status, waiting.waiting_since = RegistrationStatus.REGISTERED, None
        _validated_save(actor, waiting)
        RegistrationMoveUp.objects.create(
            event=event, registration=waiting, freed_by=freed_by, actor=actor if actor else None
        )
        moved.append(waiting)
    return moved


def _send(registration: EventRegistration, subject: str, template: str, cancel_url: CancelUrl | None) -> bool:
    """One e-mail to one registrant. A failure is logged, never raised: the registration stands either way."""
    context = {
        "registration": registration,
        "event": registration.event,
        "cancel_url": cancel_url(registration.token) if cancel_url else "",
    }
    message = EmailMessage(subject=subject, body=render_to_string(template, context), to=[registration.email])
    try:
        message.send()
    except OSError:
        logger.warning("Confirmation e-mail for registration %s could not be sent", registration.pk, exc_info=True)
        return False
    return True


def _notify_moved_up(moved: list[EventRegistration], cancel_url: CancelUrl | None) -> None:
    for registration in moved:
        _send(
            registration,
            _("You have a place: %(event)s") % {"event": registration.event.title},
            "participation/email/moved_up.txt",
            cancel_url,
        )


def event_register(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str = "",
    consent: bool = False,
    cancel_url: CancelUrl | None = None,
    notify: bool = True,
) -> EventRegistration:
    """Register someone without an account. With a free place the registration holds it; otherwise it goes onto the
    waiting list. A confirmation e-mail with the secret cancellation link follows (unless `notify` is off)."""
    name, email, organisation = " ".join(name.split()), email.strip(), " ".join(organisation.split())
    if not name:
        raise ApplicationError(_("Please give your name."), field="name")
    if not email:
        raise ApplicationError(_("Please give your e-mail address for the confirmation."), field="email")
    if not consent:
        raise ApplicationError(
            _("Please agree to the processing of your data; without it we cannot register you."), field="consent"
        )
    try:
        with transaction.atomic():
            locked = _locked_event(event)
            if not locked.published or not locked.registration_open:
                raise ApplicationError(_("Registration for this event is closed."))
            if locked.date < timezone.localdate():
                raise ApplicationError(_("The event has already taken place."))
            if EventRegistration.objects.filter(
                event=locked,
                email__iexact=email,
                status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
            ).exists():
                raise ApplicationError(
                    _("This e-mail address is already registered. The confirmation e-mail has the link to cancel."),
                    field="email",
                )
            registration = EventRegistration(
                event=locked,
                name=name,
                email=email,
                organisation=organisation,
                token=_new_token(),
                consent_given_on=timezone.now(),
                consent_text_version=CONSENT_TEXT_VERSION,
            )
            if places_taken(locked) >= locked.capacity:
                registration.status, registration.waiting_since = RegistrationStatus.WAITING, timezone.now()
            _validated_save(None, registration, exclude=["token"])
    except IntegrityError as error:  # the same address in a second tab at the same moment
        raise ApplicationError(_("This e-mail address is already registered."), field="email") from error
    if notify:
        if registration.status == RegistrationStatus.WAITING:
            subject = _("Waiting list: %(event)s") % {"event": event.title}
        else:
            subject = _("Registration confirmed: %(event)s") % {"event": event.title}
        _send(registration, subject, "participation/email/registration.txt", cancel_url)
    return registration


def registration_cancel(
    *, actor: Any, registration: EventRegistration, cancel_url: CancelUrl | None = None, by_link: bool = False
) -> list[EventRegistration]:
    """Cancel a registration: by the registrant's secret link (`by_link`, no account) or by the office. A freed place
    goes to the first on the waiting list, who is told by e-mail. Returns who moved up."""
    if not by_link:
        _may_manage(actor, registration.event.body)
    with transaction.atomic():
        event = _locked_event(registration.event)
        current = EventRegistration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise ApplicationError(_("This registration has already been cancelled."))
        held_place = current.status == RegistrationStatus.REGISTERED
        current.status, current.waiting_since, current.cancelled_at = (
            RegistrationStatus.CANCELLED,
            None,
            timezone.now(),
        )
        _validated_save(actor, current, exclude=["token"])
        moved = _move_up(event, actor=actor, freed_by=current) if held_place else []
    _notify_moved_up(moved, cancel_url)
    registration.refresh_from_db()
    return moved


# --- Deleting registrations after the event -------------------------------------------------------------------------


def event_registrations_purge(*, today: date | None = None) -> int:
    """Delete the registrations of events that took place more than `QUERSCHNITT_REGISTRATION_RETENTION_DAYS` days
    before `today` (default: the local date) and return how many were deleted. Runs without an actor (cron, see the
    `purge_event_registrations` command).

    What the event page and the documentation need is kept on the event as numbers (registered, on the waiting
    list, cancelled), added to what an earlier run kept, with the date of the deletion. Deleted are the
    registrations (name, e-mail, organisation, consent, cancellation token), the log of the waiting list and the
    registrations' change history, which holds the same personal data. Idempotent: a second run finds nothing.
    """
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.QUERSCHNITT_REGISTRATION_RETENTION_DAYS)
    due = (
        Event.objects.filter(date__lt=cutoff)
        .filter(Exists(EventRegistration.objects.filter(event=OuterRef("pk"))))
        .order_by("date", "pk")
        .values_list("pk", flat=True)
    )
    deleted = 0
    for event_id in list(due):
        with transaction.atomic():
            # Locked like every write on registrations, so that a late cancellation by link cannot slip in between
            # counting and deleting.
            event = Event.objects.select_for_update(of=("self",)).get(pk=event_id)
            registrations = EventRegistration.objects.filter(event=event)
            counts = registrations.aggregate(
                registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
                waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
                cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
            )
            ids = list(registrations.values_list("pk", flat=True))
            if not ids:
                continue
            event.purged_registered += counts["registered"]
            event.purged_waiting += counts["waiting"]
            event.purged_cancelled += counts["cancelled"]
            event.registrations_purged_on = today
            _validated_save(None, event)
            RegistrationMoveUp.objects.filter(event=event).delete()
            registrations.delete()
            EventRegistration.history.filter(id__in=ids).delete()
            deleted += len(ids)
    if deleted:
        logger.info("Deleted %s event registrations of events before %s", deleted, cutoff)
    return deleted


# --- Documentation files --------------------------------------------------------------------------------------------


def event_file_add(
    *,
    actor: Any,
    event: Event,
    title: str,
    upload: Any,
    public: bool = False,
    no_third_party_personal_data: bool = False,
) -> EventFile:
    """Attach a file to the documentation, checked by its content as committee files are, with its checksum."""
    _may_manage(actor, event.body)
    mime_type, suffix = check_upload(upload)
    name = str(upload.name or "")
    if public and not no_third_party_personal_data:
        raise ApplicationError(
            _(
                "A file can only be published once you confirm that it contains no personal data of third parties. "
                "Remove or black out such data first."
            ),
            field="no_third_party_personal_data",
        )
    digest = hashlib.sha512()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    file_name = sanitise_file_name(name, suffix or FILE_TYPES[mime_type][0])
    upload.name = file_name
    file = EventFile(
        event=event,
        title=(title or "").strip() or file_name,
        file=upload,
        file_name=file_name,
        mime_type=mime_type,
        size=upload.size,
        sha512_checksum=digest.hexdigest(),
        public=public,
        no_third_party_personal_data=no_third_party_personal_data,
        uploaded_by=actor if actor else None,
    )
    with transaction.atomic():
        _validated_save(actor, file)
    return file


def event_file_delete(*, actor: Any, file: EventFile) -> None:
    """Remove a file; its content is erased from the storage once the record is gone (`core.stored_files`)."""
    _may_manage(actor, file.event.body)
    with transaction.atomic():
        record_actor(file, actor)
        file.delete()
