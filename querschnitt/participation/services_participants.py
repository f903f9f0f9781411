"""Writes for the participants of a workshop process and its cost estimate.

Places and the waiting list under parallel requests: every write that takes or frees a place first locks the
process's row (SELECT … FOR UPDATE on PostgreSQL; SQLite runs write transactions one at a time, see
`transaction_mode` IMMEDIATE in the settings). So counting the places held and giving the next place happen one
after another per process: never more than `max_participants` hold a place, and a freed place goes to exactly one
person from the waiting list, logged in `ParticipantMoveUp`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body

from .models import (
    HOLDS_PLACE,
    MAX_PARTICIPANTS_LIMIT,
    Attendance,
    Participant,
    ParticipantMoveUp,
    ParticipantStatus,
    PriceModel,
    TargetGroup,
    WorkshopDay,
    WorkshopProcess,
)
from .services import _require, _validated_save

# The wording a participant consents to. Change the version whenever the text changes: each participant records
# the version they agreed to (as `committees` does for public profiles).
CONSENT_TEXT_VERSION = "2026-1"
CONSENT_TEXT = gettext_lazy(
    "I agree that the organisers of the integration workshop store my name, my organisation or function, my target "
    "group and, if given, my e-mail address, in order to invite me, to plan the workshop and to record my "
    "attendance. The data are seen only by the organisers and are not published. I can revoke this consent at any "
    "time."
)

PARTICIPANT_FIELDS = {"name", "email", "organisation", "target_group"}


def _may_manage(actor: Any, body: Body) -> None:
    _require(actor, "participation.manage_participants", body, _("You may not manage the participants of this body."))


def _locked_process(process: WorkshopProcess) -> WorkshopProcess:
    """The process's row, locked until the end of the transaction (see the module's docstring)."""
    return WorkshopProcess.objects.select_for_update(of=("self",)).get(pk=process.pk)


def places_taken(process: WorkshopProcess) -> int:
    return Participant.objects.filter(process=process, status__in=HOLDS_PLACE).count()


def _clean_person(name: str, email: str, organisation: str, target_group: str) -> tuple[str, str, str]:
    name, email, organisation = " ".join(name.split()), email.strip(), " ".join(organisation.split())
    if not name:
        raise ApplicationError(_("Please give the person's name."), field="name")
    if target_group not in TargetGroup.values:
        raise ApplicationError(_("Please choose a target group."), field="target_group")
    return name, email, organisation


def _move_up(process: WorkshopProcess, *, actor: Any, freed_by: Participant | None) -> list[Participant]:
    """Give the free places, oldest on the waiting list first. Call only with the process locked."""
    free = process.max_participants - places_taken(process)
    moved: list[Participant] = []
    if free <= 0:
        return moved
    for waiting in Participant.objects.filter(process=process, status=ParticipantStatus.WAITING).order_by(
        "waiting_since", "pk"
    )[:free]:
        waiting.status, waiting.waiting_since = ParticipantStatus.INVITED, None
        _validated_save(actor, waiting)
        ParticipantMoveUp.objects.create(
            process=process, participant=waiting, freed_by=freed_by, actor=actor if actor else None
        )
        moved.append(waiting)
    return moved


def participant_invite(
    *,
    actor: Any,
    process: WorkshopProcess,
    name: str,
    target_group: str,
    consent_given_on: date,
    email: str = "",
    organisation: str = "",
    consent: bool = False,
) -> Participant:
    """Invite a person to the process. Without a free place the person goes onto the waiting list. The person's
    consent (given on `consent_given_on` to the current wording) must be recorded first."""
    _may_manage(actor, process.body)
    name, email, organisation = _clean_person(name, email, organisation, target_group)
    if not consent:
        raise ApplicationError(
            _("Please record the person's consent to the processing of their data first."), field="consent"
        )
    if consent_given_on > timezone.localdate():
        raise ApplicationError(_("The consent cannot be dated in the future."), field="consent_given_on")
    with transaction.atomic():
        locked = _locked_process(process)
        participant = Participant(
            process=locked,
            name=name,
            email=email,
            organisation=organisation,
            target_group=target_group,
            consent_given_on=consent_given_on,
            consent_text_version=CONSENT_TEXT_VERSION,
        )
        if places_taken(locked) >= locked.max_participants:
            participant.status, participant.waiting_since = ParticipantStatus.WAITING, timezone.now()
        _validated_save(actor, participant)
    return participant


def participant_update(*, actor: Any, participant: Participant, **changes: Any) -> Participant:
    """Change a participant's name, e-mail, organisation or target group."""
    _may_manage(actor, participant.process.body)
    for name, value in changes.items():
        if name not in PARTICIPANT_FIELDS:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(participant, name, value)
    participant.name, participant.email, participant.organisation = _clean_person(
        participant.name, participant.email, participant.organisation, participant.target_group
    )
    with transaction.atomic():
        _validated_save(actor, participant)
    return participant


def participant_set_status(*, actor: Any, participant: Participant, status: str) -> list[Participant]:
    """Record a reply: confirmed, declined, or invited again. Declining frees the place, which goes to the first
    on the waiting list (logged). Someone on the waiting list takes a place only while one is free.
    Returns the participants who moved up."""
    _may_manage(actor, participant.process.body)
    if status not in ParticipantStatus.values:
        raise ApplicationError(_("Unknown status."), field="status")
    with transaction.atomic():
        process = _locked_process(participant.process)
        current = Participant.objects.get(pk=participant.pk)
        if current.status == status:
            return []
        if status == ParticipantStatus.WAITING:
            raise ApplicationError(_("The waiting list is filled by itself when all places are taken."))
        if (
            status in HOLDS_PLACE
            and current.status not in HOLDS_PLACE
            and places_taken(process) >= process.max_participants
        ):
            raise ApplicationError(
                ngettext(
                    "The only place is taken; the person stays on the waiting list or declined.",
                    "All %(max)s places are taken; the person stays on the waiting list or declined.",
                    process.max_participants,
                )
                % {"max": process.max_participants}
            )
        current.status = status
        current.waiting_since = None
        _validated_save(actor, current)
        moved = _move_up(process, actor=actor, freed_by=current) if status == ParticipantStatus.DECLINED else []
    participant.refresh_from_db()
    return moved


def participant_delete(*, actor: Any, participant: Participant) -> list[Participant]:
    """Erase a participant (say, who revoked consent): the person, their attendance and their entries in the log of
    the waiting list, and the change history of their record, which holds the same personal data (name, e-mail).
    A held place goes to the waiting list. Cannot be undone."""
    _may_manage(actor, participant.process.body)
    with transaction.atomic():
        process = _locked_process(participant.process)
        pk = participant.pk
        record_actor(participant, actor)
        participant.delete()
        Participant.history.filter(id=pk).delete()
        return _move_up(process, actor=actor, freed_by=None)


def process_set_capacity(
    *, actor: Any, process: WorkshopProcess, max_participants: int, travel_costs: Decimal
) -> list[Participant]:
    """Set the maximum of participants and the travel costs. A larger maximum moves people up from the waiting
    list; a maximum below the places already held is refused (nobody loses a place by it)."""
    _may_manage(actor, process.body)
    if not 1 <= max_participants <= MAX_PARTICIPANTS_LIMIT:
        raise ApplicationError(
            _("Please give a maximum between 1 and %(limit)s.") % {"limit": MAX_PARTICIPANTS_LIMIT},
            field="max_participants",
        )
    if travel_costs < 0:
        raise ApplicationError(_("Costs cannot be negative."), field="travel_costs")
    with transaction.atomic():
        locked = _locked_process(process)
        taken = places_taken(locked)
        if max_participants < taken:
            raise ApplicationError(
                _("%(taken)s people already hold a place; the maximum cannot be lower.") % {"taken": taken},
                field="max_participants",
            )
        locked.max_participants, locked.travel_costs = max_participants, travel_costs
        _validated_save(actor, locked)
        moved = _move_up(locked, actor=actor, freed_by=None)
    process.refresh_from_db()
    return moved


def attendance_set(*, actor: Any, day: WorkshopDay, participant_ids: Iterable[int]) -> int:
    """Record who was there on `day`: exactly the given participants of the day's process (others are removed).
    Returns the number present."""
    process = day.phase.process
    _may_manage(actor, process.body)
    wanted = set(participant_ids)
    known = set(Participant.objects.filter(process=process, pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise ApplicationError(_("A participant does not belong to this workshop process."))
    declined = Participant.objects.filter(pk__in=wanted, status=ParticipantStatus.DECLINED)
    if declined.exists():
        raise ApplicationError(
            _("%(name)s declined; please invite the person again before recording attendance.")
            % {"name": declined.first().name}  # type: ignore[union-attr]
        )
    with transaction.atomic():
        Attendance.objects.filter(day=day).exclude(participant_id__in=wanted).delete()
        present = set(Attendance.objects.filter(day=day).values_list("participant_id", flat=True))
        Attendance.objects.bulk_create(
            Attendance(day=day, participant_id=pk, recorded_by=actor if actor else None) for pk in wanted - present
        )
    return len(wanted)


def price_model_set(
    *,
    actor: Any,
    body: Body,
    package_price: Decimal,
    package_description: str,
    package_max_participants: int,
    material_per_participant: Decimal,
) -> PriceModel:
    """Set the body's prices for workshop processes (created on first use, from seed 003's defaults)."""
    _require(actor, "participation.manage_prices", body, _("You may not change the prices of this body."))
    if package_price < 0 or material_per_participant < 0:
        raise ApplicationError(_("Costs cannot be negative."), field="package_price")
    if not package_description.strip():
        raise ApplicationError(_("Please describe what the package contains."), field="package_description")
    with transaction.atomic():
        model = PriceModel.objects.select_for_update().filter(body=body).first() or PriceModel(body=body)
        model.package_price = package_price
        model.package_description = " ".join(package_description.split())
        model.package_max_participants = package_max_participants
        model.material_per_participant = material_per_participant
        _validated_save(actor, model)
    return model
