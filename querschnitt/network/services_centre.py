"""Writes of the integration centre: its catalogue of services, counselling requests with their time entries, network
events, and the removal of personal data from finished requests. Validate, then act: permission first, then the
rules of the domain and `full_clean()`, then save — all in one transaction, with the user recorded in the history.

`actor` is always the user who makes the change (`None`: the system — the demo, a command). The network actor
(`Actor`) a request or an event names is passed under the name of its field.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.tenancy.models import Body, Role
from querschnitt.tenancy.selectors import roles_in_body

from .models_centre import (
    FINISHED_STATUSES,
    PERSONAL_FIELDS,
    CentreService,
    CounsellingRequest,
    CounsellingTimeEntry,
    NetworkEvent,
    RequestStatus,
    TaskArea,
)
from .services import _apply, _next_order, _validated_save

logger = logging.getLogger(__name__)

SERVICE_FIELDS = {"area", "title", "description", "target_group", "active", "order"}
REQUEST_FIELDS = {
    "received_on",
    "channel",
    "requester_kind",
    "requester_actor",
    "requester_name",
    "requester_contact",
    "consent_given_on",
    "service",
    "subject",
    "status",
    "outcome",
    "referred_to",
    "handled_by",
}
EVENT_FIELDS = {"title", "date", "kind", "organiser", "participant_count", "topics", "notes"}

# The tasks of seed 002 („Aufgabenschwerpunkte“ of a Kommunales Integrationszentrum), one service each: (area,
# title, description, for whom). Where the seed runs two tasks into one line, they are two services here.
DEFAULT_SERVICES: list[tuple[TaskArea, str, str, str]] = [
    (
        TaskArea.CONCEPTUAL,
        "Unterstützung und Stärkung örtlicher Migrantenorganisationen (MO)",
        "",
        "Migrantenorganisationen",
    ),
    (
        TaskArea.CONCEPTUAL,
        "Festlegung formeller und materieller Standards für die Kooperation mit örtlichen Akteuren der "
        "Integrationsarbeit (MO’en)",
        "",
        "Örtliche Akteure der Integrationsarbeit, Migrantenorganisationen",
    ),
    (
        TaskArea.CONCEPTUAL,
        "Evaluierung, Weiterentwicklung von Förderrichtlinien für MO’en",
        "",
        "Migrantenorganisationen",
    ),
    (
        TaskArea.COORDINATION,
        "Koordination, Bündelung und Mitsteuerung örtlicher Integrationsförderung und -angebote",
        "",
        "",
    ),
    (
        TaskArea.COORDINATION,
        "Weiterentwicklung von Kooperationen, Abstimmungsprozessen mit BAMF, Land NRW etc.",
        "",
        "",
    ),
    (
        TaskArea.COORDINATION,
        "Netzwerkarbeit",
        "z. B. Zusammenführung integrationsrelevanter örtlicher Akteure bei evtl. Planungs-, Projektvorhaben (u. a. "
        "örtliche Migrationskonferenz).",
        "Integrationsrelevante örtliche Akteure",
    ),
    (
        TaskArea.COORDINATION,
        "Kooperation mit den vom Land geförderten Integrationsstrukturen und Migrantenorganisationen",
        "z. B. Integrationsagenturen (mit Blick auf Sozialraumbezug, integrationspolitische "
        "Schwerpunktsetzungen/-festlegungen vor Ort), Info-/Austauschtreffen mit örtlichen MO’en.",
        "Integrationsagenturen, Migrantenorganisationen",
    ),
    (
        TaskArea.COORDINATION,
        "Teilnahme an Stadtteilkonferenzen und an stadtbezirksbezogenen Planungsprozessen",
        "",
        "",
    ),
    (
        TaskArea.COORDINATION,
        "Prüfung, Stellungnahme zu örtlichen Projektvorhaben",
        "",
        "",
    ),
    (
        TaskArea.COORDINATION,
        "Partnerschaftlich orientierte Initiierung, Entwicklung von Konzepten, Projekten und Maßnahmen zur "
        "Integrationsarbeit in kommunalen Handlungsfeldern",
        "",
        "",
    ),
    (
        TaskArea.SUPPORT,
        "Organisation und Durchführung von Veranstaltungen, Fachgesprächen, Konferenzen",
        "",
        "",
    ),
    (
        TaskArea.SUPPORT,
        "Unterstützung städtischer Ämter, Dienststellen, Träger der Kinder- und Jugendhilfe, weiterer regionaler "
        "Einrichtungen und Organisationen",
        "Sensibilisierung, Qualifizierung im Hinblick auf die Integration von Menschen mit Migrationshintergrund.",
        "Städtische Ämter, Dienststellen, Träger der Kinder- und Jugendhilfe, regionale Einrichtungen",
    ),
    (
        TaskArea.SUPPORT,
        "Unterstützung, Förderung von Migrantenorganisationen",
        "",
        "Migrantenorganisationen",
    ),
    (
        TaskArea.COUNSELLING,
        "Fachliche und systemische Beratung",
        "",
        "",
    ),
    (
        TaskArea.COUNSELLING,
        "Beratung städtischer Ämter, Dienststellen, Träger der Kinder- und Jugendhilfe, weiterer regionaler "
        "Einrichtungen und Organisationen",
        "Sensibilisierung, Qualifizierung im Hinblick auf die Integration von Menschen mit Migrationshintergrund.",
        "Städtische Ämter, Dienststellen, Träger der Kinder- und Jugendhilfe, regionale Einrichtungen",
    ),
    (
        TaskArea.COUNSELLING,
        "Förderung der Mitwirkung in Vereinen und der Beteiligung an örtlichen politischen Planungs- und "
        "Entscheidungsverfahren",
        "z. B. Beratung von MO’en.",
        "Migrantenorganisationen, Vereine",
    ),
]


def _check_may_run_centre(actor: Any, body: Body) -> None:
    """`actor=None` is the system (the demo loader, a command)."""
    if actor is not None and not actor.has_perm("network.run_centre", body):
        raise ApplicationError(_("Only the integration centre and the committee office may do this."))


# --- The catalogue of services ---------------------------------------------------------------------------------------


def centre_services_ensure_defaults(*, actor: Any, body: Body) -> int:
    """Start the body's catalogue with the tasks of seed 002, if it has none yet; return how many were created.

    Called when the centre's pages are first opened (and by the demo). Services are never deleted, only set
    inactive, so a body that has a catalogue always keeps it: its changes are never overwritten."""
    _check_may_run_centre(actor, body)
    with transaction.atomic():
        # Locks the body row: two first visits at once must not both write the catalogue.
        Body.objects.select_for_update().filter(pk=body.pk).first()
        if CentreService.objects.filter(body=body).exists():
            return 0
        for order, (area, title, description, target_group) in enumerate(DEFAULT_SERVICES, start=1):
            service = CentreService(
                body=body,
                area=area,
                title=title,
                description=description,
                target_group=target_group,
                order=order * 10,
            )
            _validated_save(actor, service)
    return len(DEFAULT_SERVICES)


def _check_title_free(service: CentreService) -> None:
    clash = CentreService.objects.filter(body=service.body_id, title__iexact=service.title)
    if clash.exclude(pk=service.pk).exists():
        raise ApplicationError(_("A service of this title exists already."), field="title")


def centre_service_create(*, actor: Any, body: Body, area: int, title: str, **fields: Any) -> CentreService:
    """A service of the body's catalogue; without `order` it comes last."""
    _check_may_run_centre(actor, body)
    service = CentreService(body=body, area=area, title=title.strip())
    _apply(service, fields, SERVICE_FIELDS)
    if fields.get("order") is None:
        service.order = _next_order(CentreService.objects.filter(body=body))
    _check_title_free(service)
    with transaction.atomic():
        _validated_save(actor, service)
    return service


def centre_service_update(*, actor: Any, service: CentreService, **changes: Any) -> CentreService:
    _check_may_run_centre(actor, service.body)
    if changes.get("order", 0) is None:
        changes["order"] = service.order
    _apply(service, changes, SERVICE_FIELDS)
    _check_title_free(service)
    with transaction.atomic():
        _validated_save(actor, service)
    return service


# --- Counselling requests --------------------------------------------------------------------------------------------


def _check_request(counselling_request: CounsellingRequest, *, previous_service_id: int | None = None) -> None:
    """What `full_clean()` cannot say as clearly: objects of another body, an inactive service, a handler without
    a role in the centre."""
    body_id = counselling_request.body_id
    for name in ("requester_actor", "referred_to"):
        network_actor = getattr(counselling_request, name)
        if network_actor is not None and network_actor.body_id != body_id:
            raise ApplicationError(_("The actor belongs to another body."), field=name)
    service = counselling_request.service if counselling_request.service_id else None
    if service is not None:
        if service.body_id != body_id:
            raise ApplicationError(_("The service belongs to another body."), field="service")
        if not service.active and service.pk != previous_service_id:
            raise ApplicationError(_("This service is no longer offered and cannot be chosen."), field="service")
    handler = counselling_request.handled_by
    if handler is not None and not {Role.OFFICE, Role.INTEGRATION_CENTRE} & roles_in_body(
        handler, counselling_request.body
    ):
        raise ApplicationError(
            _("Only someone of the integration centre or the committee office can handle a request."),
            field="handled_by",
        )


def _set_finished_on(counselling_request: CounsellingRequest, *, was_finished: bool, on: date | None) -> None:
    """A request that becomes referred or closed is finished today (or on `on`); one opened again is not."""
    if counselling_request.status in FINISHED_STATUSES:
        if not was_finished or on is not None:
            counselling_request.finished_on = on or timezone.localdate()
    else:
        counselling_request.finished_on = None


def _check_personal_data_not_restored(counselling_request: CounsellingRequest, changes: dict[str, Any]) -> None:
    if counselling_request.personal_data_removed_on and any(
        changes.get(name) for name in ("requester_name", "requester_contact")
    ):
        raise ApplicationError(
            _("The personal data of this request has been removed; it cannot be entered again."),
            field="requester_name",
        )


def counselling_request_create(
    *,
    actor: Any,
    body: Body,
    received_on: date,
    channel: str,
    requester_kind: str,
    service: CentreService,
    **fields: Any,
) -> CounsellingRequest:
    """Record a request. Without `handled_by` the user who records it handles it. Name and contact of the person
    asking need the day of their consent (`consent_given_on`)."""
    _check_may_run_centre(actor, body)
    counselling_request = CounsellingRequest(
        body=body, received_on=received_on, channel=channel, requester_kind=requester_kind, service=service
    )
    if actor is not None and "handled_by" not in fields:
        counselling_request.handled_by = actor
    _apply(counselling_request, fields, REQUEST_FIELDS)
    _set_finished_on(counselling_request, was_finished=False, on=None)
    _check_request(counselling_request)
    with transaction.atomic():
        _validated_save(actor, counselling_request)
    return counselling_request


def counselling_request_update(
    *, actor: Any, counselling_request: CounsellingRequest, **changes: Any
) -> CounsellingRequest:
    """Change a request, its status included: referring or closing it records the day it was finished."""
    _check_may_run_centre(actor, counselling_request.body)
    _check_personal_data_not_restored(counselling_request, changes)
    was_finished = counselling_request.status in FINISHED_STATUSES
    previous_service_id = counselling_request.service_id
    _apply(counselling_request, changes, REQUEST_FIELDS)
    _set_finished_on(counselling_request, was_finished=was_finished, on=None)
    _check_request(counselling_request, previous_service_id=previous_service_id)
    with transaction.atomic():
        _validated_save(actor, counselling_request)
    return counselling_request


_UNCHANGED: Any = object()


def counselling_request_set_status(
    *,
    actor: Any,
    counselling_request: CounsellingRequest,
    status: str,
    outcome: str | None = None,
    referred_to: Any = _UNCHANGED,
    on: date | None = None,
) -> CounsellingRequest:
    """Move a request on: in progress, referred (optionally to an actor) or closed, with its outcome. `on` is the
    day it was finished (default today); it cannot lie in the future."""
    _check_may_run_centre(actor, counselling_request.body)
    if status not in RequestStatus.values:
        raise ApplicationError(_("Unknown status."), field="status")
    if on is not None and status not in FINISHED_STATUSES:
        raise ApplicationError(_("Only a referred or closed request has a day it was finished."), field="on")
    was_finished = counselling_request.status in FINISHED_STATUSES
    counselling_request.status = status
    if outcome is not None:
        counselling_request.outcome = outcome.strip()
    if referred_to is not _UNCHANGED:
        counselling_request.referred_to = referred_to
    _set_finished_on(counselling_request, was_finished=was_finished, on=on)
    _check_request(counselling_request, previous_service_id=counselling_request.service_id)
    with transaction.atomic():
        _validated_save(actor, counselling_request)
    return counselling_request


def _blank_personal_data(counselling_request: CounsellingRequest, *, actor: Any, today: date) -> None:
    """Blank the personal fields in the row and in every version of its change history (which holds copies)."""
    blank: dict[str, Any] = {name: None if name == "consent_given_on" else "" for name in PERSONAL_FIELDS}
    for name, value in blank.items():
        setattr(counselling_request, name, value)
    counselling_request.personal_data_removed_on = today
    _validated_save(actor, counselling_request)
    CounsellingRequest.history.filter(id=counselling_request.pk).update(**blank)


def counselling_request_remove_personal_data(
    *, actor: Any, counselling_request: CounsellingRequest
) -> CounsellingRequest:
    """Remove name, contact, consent and the free texts of a request at once — when the person withdraws their
    consent or asks for erasure. The anonymous record stays."""
    _check_may_run_centre(actor, counselling_request.body)
    with transaction.atomic():
        _blank_personal_data(counselling_request, actor=actor, today=timezone.localdate())
    return counselling_request


def counselling_personal_data_purge(*, today: date | None = None) -> int:
    """Remove the personal data of requests finished more than `QUERSCHNITT_COUNSELLING_RETENTION_DAYS` days before
    `today` (default: the local date); return how many requests were cleaned. Runs without an actor (cron, see the
    `purge_counselling_data` command).

    Kept is the anonymous record: day received, channel, kind of requester, the requesting actor (an organisation),
    service, status, the day finished, the actor referred to, who handled it and the time entries. Removed — in the
    row and in its change history — are `PERSONAL_FIELDS`: name, contact, consent and the free texts. Idempotent: a
    request once cleaned is not touched again."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.QUERSCHNITT_COUNSELLING_RETENTION_DAYS)
    due = (
        CounsellingRequest.objects.filter(
            status__in=FINISHED_STATUSES, finished_on__lt=cutoff, personal_data_removed_on__isnull=True
        )
        .order_by("finished_on", "pk")
        .values_list("pk", flat=True)
    )
    cleaned = 0
    for pk in list(due):
        with transaction.atomic():
            counselling_request = CounsellingRequest.objects.select_for_update().select_related("body").get(pk=pk)
            # Opened again since it was listed: its data is needed again.
            if counselling_request.status not in FINISHED_STATUSES:
                continue
            _blank_personal_data(counselling_request, actor=None, today=today)
            cleaned += 1
    if cleaned:
        logger.info("Removed the personal data of %s counselling requests finished before %s", cleaned, cutoff)
    return cleaned


# --- Time spent ------------------------------------------------------------------------------------------------------


def counselling_time_entry_create(
    *, actor: Any, counselling_request: CounsellingRequest, date: date, minutes: int, spent_by: Any = _UNCHANGED
) -> CounsellingTimeEntry:
    """Record time spent on a request; by default by the user who records it."""
    _check_may_run_centre(actor, counselling_request.body)
    if minutes is None or minutes < 1:
        raise ApplicationError(_("Please enter at least one minute."), field="minutes")
    entry = CounsellingTimeEntry(
        request=counselling_request,
        date=date,
        minutes=minutes,
        spent_by=actor if spent_by is _UNCHANGED else spent_by,
    )
    with transaction.atomic():
        _validated_save(actor, entry)
    return entry


def counselling_time_entry_delete(*, actor: Any, entry: CounsellingTimeEntry) -> None:
    _check_may_run_centre(actor, entry.request.body)
    with transaction.atomic():
        entry.delete()


# --- Network events --------------------------------------------------------------------------------------------------


def _check_event_actors(body: Body, actors: Iterable[Any]) -> list[Any]:
    actors = list(actors)
    if any(network_actor.body_id != body.pk for network_actor in actors):
        raise ApplicationError(_("The actor belongs to another body."), field="actors")
    return actors


def network_event_create(
    *, actor: Any, body: Body, title: str, date: date, kind: str, actors: Iterable[Any] = (), **fields: Any
) -> NetworkEvent:
    """A network event with the actors that take part (all of the body)."""
    _check_may_run_centre(actor, body)
    participants = _check_event_actors(body, actors)
    event = NetworkEvent(body=body, title=title.strip(), date=date, kind=kind)
    _apply(event, fields, EVENT_FIELDS)
    with transaction.atomic():
        _validated_save(actor, event)
        event.actors.set(participants)
    return event


def network_event_update(
    *, actor: Any, event: NetworkEvent, actors: Iterable[Any] | None = None, **changes: Any
) -> NetworkEvent:
    """Change an event; with `actors`, the actors that take part are replaced."""
    _check_may_run_centre(actor, event.body)
    participants = _check_event_actors(event.body, actors) if actors is not None else None
    _apply(event, changes, EVENT_FIELDS)
    with transaction.atomic():
        _validated_save(actor, event)
        if participants is not None:
            event.actors.set(participants)
    return event


def network_event_delete(*, actor: Any, event: NetworkEvent) -> None:
    _check_may_run_centre(actor, event.body)
    with transaction.atomic():
        event.delete()
