"""Writes of the network. Validate, then act: permission first, then the rules of the domain and `full_clean()`,
then save — all in one transaction, with the actor recorded in the change history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body

from .access import BODY_PATH
from .composition_text import SeatDraft
from .models import (
    DEFAULT_ACTOR_KINDS,
    Actor,
    ActorKind,
    ContactPerson,
    CooperationEntry,
    HolderRole,
    SeatHolder,
    SteeringGroup,
    SteeringGroupSeat,
    SteeringGroupTask,
)

# The wording a contact person agrees to is the label of the consent box on the form (`forms.ContactPersonForm`);
# its version is stored with the consent, should the wording ever change.
CONSENT_TEXT_VERSION = "netzwerk-2026-1"

ACTOR_KIND_FIELDS = {"name", "order", "hidden"}
ACTOR_FIELDS = {
    "name",
    "short_name",
    "kind",
    "street",
    "postcode",
    "city",
    "website",
    "email",
    "phone",
    "description",
    "active",
}
CONTACT_FIELDS = {"name", "function", "email", "phone", "consent_given_on", "consent_text_version", "note"}
GROUP_FIELDS = {"name", "description", "decided_on", "decided_by", "organization", "proposal_note"}
SEAT_FIELDS = {"order", "label", "actor_kind", "proposed_count", "decided_count", "note"}
# The holder's actor is passed as `network_actor`: `actor` is the user who makes the change.
HOLDER_FIELDS = {"name", "role", "deputy_for", "start_date", "end_date"}
_UNCHANGED: Any = object()
TASK_FIELDS = {"text", "recurrence", "last_done_on", "order"}


def body_of(instance: models.Model) -> Body:
    """The body an object of the network belongs to, following BODY_PATH."""
    current: Any = instance
    for step in BODY_PATH[type(instance)].split("__"):
        current = getattr(current, step)
    return current


def _check_may_edit(actor: Any, body: Body) -> None:
    """`actor=None` is the system (the demo loader, a command)."""
    if actor is not None and not actor.has_perm("network.edit_network", body):
        raise ApplicationError(_("You may not change the network of this body."))


def _validated_save(actor: Any, instance: models.Model) -> None:
    """Validate and save; a validation error becomes an ApplicationError at its field. The caller has checked the
    permission."""
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    record_actor(instance, actor)
    instance.save()


def _apply(instance: models.Model, changes: dict[str, Any], allowed: set[str]) -> None:
    for name, value in changes.items():
        if name not in allowed:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def _delete(actor: Any, instance: models.Model) -> None:
    _check_may_edit(actor, body_of(instance))
    record_actor(instance, actor)
    with transaction.atomic():
        instance.delete()


def _next_order(queryset: models.QuerySet[Any]) -> int:
    return (queryset.aggregate(highest=models.Max("order"))["highest"] or 0) + 1


# --- Kinds of actors -------------------------------------------------------------------------------------------------


def actor_kinds_ensure_defaults() -> None:
    """Create the default kinds that are missing (the data migration wrote them; a flushed test database has not)."""
    existing = {name.casefold() for name in ActorKind.objects.filter(body=None).values_list("name", flat=True)}
    with transaction.atomic():
        for order, name in enumerate(DEFAULT_ACTOR_KINDS, start=1):
            if name.casefold() not in existing:
                ActorKind.objects.create(body=None, name=name, order=order * 10)


def _check_kind_name_free(kind: ActorKind) -> None:
    clash = ActorKind.objects.filter(name__iexact=kind.name).filter(models.Q(body=None) | models.Q(body=kind.body_id))
    if clash.exclude(pk=kind.pk).exists():
        raise ApplicationError(_("A kind of this name exists already."), field="name")


def actor_kind_create(*, actor: Any, body: Body, name: str, order: int | None = None) -> ActorKind:
    """A kind of actor of the body's own, offered beside the default list."""
    _check_may_edit(actor, body)
    kind = ActorKind(body=body, name=name.strip())
    kind.order = order if order is not None else 1000 + _next_order(ActorKind.objects.filter(body=body))
    _check_kind_name_free(kind)
    with transaction.atomic():
        _validated_save(actor, kind)
    return kind


def actor_kind_update(*, actor: Any, kind: ActorKind, **changes: Any) -> ActorKind:
    """Rename, reorder or hide one of the body's own kinds. The default list is the same for every body."""
    if kind.body is None:
        raise ApplicationError(_("The default kinds cannot be changed; add a kind of your own instead."))
    _check_may_edit(actor, kind.body)
    _apply(kind, changes, ACTOR_KIND_FIELDS)
    _check_kind_name_free(kind)
    with transaction.atomic():
        _validated_save(actor, kind)
    return kind


# --- Actors --------------------------------------------------------------------------------------------------------


def _check_actor(network_actor: Actor, *, previous_kind_id: int | None = None) -> None:
    clash = Actor.objects.filter(body=network_actor.body, name__iexact=network_actor.name)
    if network_actor.name and clash.exclude(pk=network_actor.pk).exists():
        raise ApplicationError(_("An actor of this name exists already."), field="name")
    kind = network_actor.kind if network_actor.kind_id else None
    if kind is not None:
        if kind.body_id not in (None, network_actor.body_id):
            raise ApplicationError(_("This kind belongs to another body."), field="kind")
        if kind.hidden and kind.pk != previous_kind_id:
            raise ApplicationError(_("This kind is hidden and can no longer be chosen."), field="kind")


def actor_create(*, actor: Any, body: Body, name: str, kind: ActorKind, **fields: Any) -> Actor:
    _check_may_edit(actor, body)
    network_actor = Actor(body=body, name=name.strip(), kind=kind)
    _apply(network_actor, fields, ACTOR_FIELDS)
    _check_actor(network_actor)
    with transaction.atomic():
        _validated_save(actor, network_actor)
    return network_actor


def actor_update(*, actor: Any, network_actor: Actor, **changes: Any) -> Actor:
    _check_may_edit(actor, network_actor.body)
    previous_kind_id = network_actor.kind_id
    _apply(network_actor, changes, ACTOR_FIELDS)
    _check_actor(network_actor, previous_kind_id=previous_kind_id)
    with transaction.atomic():
        _validated_save(actor, network_actor)
    return network_actor


# --- Contact persons and the history of cooperation ------------------------------------------------------------------


def contact_person_create(
    *, actor: Any, network_actor: Actor, name: str, consent_given_on: date, **fields: Any
) -> ContactPerson:
    """A contact person, stored only with the day of their consent (required)."""
    _check_may_edit(actor, network_actor.body)
    contact = ContactPerson(actor=network_actor, name=name.strip(), consent_given_on=consent_given_on)
    _apply(contact, fields, CONTACT_FIELDS)
    with transaction.atomic():
        _validated_save(actor, contact)
    return contact


def contact_person_update(*, actor: Any, contact: ContactPerson, **changes: Any) -> ContactPerson:
    _check_may_edit(actor, contact.actor.body)
    _apply(contact, changes, CONTACT_FIELDS)
    with transaction.atomic():
        _validated_save(actor, contact)
    return contact


def contact_person_delete(*, actor: Any, contact: ContactPerson) -> None:
    """Delete the person's data for good: contact persons have no history that would keep a copy."""
    _delete(actor, contact)


def cooperation_entry_create(*, actor: Any, network_actor: Actor, date: date, text: str) -> CooperationEntry:
    _check_may_edit(actor, network_actor.body)
    entry = CooperationEntry(
        actor=network_actor, date=date, text=text.strip(), recorded_by=actor if actor is not None else None
    )
    with transaction.atomic():
        _validated_save(actor, entry)
    return entry


def cooperation_entry_delete(*, actor: Any, entry: CooperationEntry) -> None:
    _delete(actor, entry)


# --- Import --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorRow:
    """One checked row of an import file. `row` is its number in the file, for messages."""

    row: int
    name: str
    kind: ActorKind
    short_name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    description: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


IMPORTED_FIELDS = ("short_name", "kind", "street", "postcode", "city", "website", "email", "phone", "description")


def actors_upsert(*, actor: Any, body: Body, rows: Sequence[ActorRow]) -> ImportResult:
    """Write all rows or none: an actor of the same name (in any case) is updated, every other row is a new actor.
    Importing the same file twice therefore changes nothing the second time."""
    _check_may_edit(actor, body)
    names = [row.name.casefold() for row in rows]
    if len(set(names)) != len(names):
        raise ApplicationError(_("The file names an actor twice."))
    existing = {
        network_actor.name.casefold(): network_actor
        for network_actor in Actor.objects.filter(body=body).select_related("kind")
    }
    created = updated = unchanged = 0
    with transaction.atomic():
        for row in rows:
            network_actor = existing.get(row.name.casefold())
            if network_actor is None:
                network_actor = Actor(body=body, name=row.name)
                created += 1
            else:
                before = [getattr(network_actor, name) for name in IMPORTED_FIELDS] + [network_actor.name]
                after = [getattr(row, name) for name in IMPORTED_FIELDS] + [row.name]
                if before == after:
                    unchanged += 1
                    continue
                updated += 1
            previous_kind_id = network_actor.kind_id
            network_actor.name = row.name
            for name in IMPORTED_FIELDS:
                setattr(network_actor, name, getattr(row, name))
            try:
                _check_actor(network_actor, previous_kind_id=previous_kind_id or row.kind.pk)
                _validated_save(actor, network_actor)
            except ApplicationError as error:
                # Everything written so far is rolled back with the transaction.
                raise ApplicationError(
                    _("Row %(row)s: %(problem)s") % {"row": row.row, "problem": error.message}
                ) from error
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


# --- Steering group --------------------------------------------------------------------------------------------------


def steering_group_create(*, actor: Any, body: Body, name: str, **fields: Any) -> SteeringGroup:
    _check_may_edit(actor, body)
    group = SteeringGroup(body=body, name=name.strip())
    _apply(group, fields, GROUP_FIELDS)
    with transaction.atomic():
        _validated_save(actor, group)
    return group


def steering_group_update(*, actor: Any, group: SteeringGroup, **changes: Any) -> SteeringGroup:
    _check_may_edit(actor, group.body)
    _apply(group, changes, GROUP_FIELDS)
    with transaction.atomic():
        _validated_save(actor, group)
    return group


def _check_seat(seat: SteeringGroupSeat) -> None:
    kind = seat.actor_kind
    if kind is not None and kind.body_id not in (None, seat.group.body_id):
        raise ApplicationError(_("This kind belongs to another body."), field="actor_kind")


def steering_group_seat_create(
    *, actor: Any, group: SteeringGroup, label: str, order: int | None = None, **fields: Any
) -> SteeringGroupSeat:
    """A line of the composition; without `order` it comes last."""
    _check_may_edit(actor, group.body)
    seat = SteeringGroupSeat(group=group, label=label.strip())
    seat.order = order if order is not None else _next_order(group.seats.all())
    _apply(seat, fields, SEAT_FIELDS)
    _check_seat(seat)
    with transaction.atomic():
        _validated_save(actor, seat)
    return seat


def steering_group_seats_add(
    *, actor: Any, group: SteeringGroup, drafts: Sequence[SeatDraft], decided: bool
) -> list[SteeringGroupSeat]:
    """Add the seats of a pasted composition (`composition_text.parse_seat_lines`) at the end, as lines of the
    decision (`decided`) or of the proposal — all or none."""
    _check_may_edit(actor, group.body)
    if decided:
        for draft in drafts:
            if draft.count is None:
                raise ApplicationError(
                    _("“%(seat)s” has no number of places; every line of the decided composition needs one.")
                    % {"seat": draft.label},
                    field="text",
                )
    order = _next_order(group.seats.all())
    seats = []
    with transaction.atomic():
        for offset, draft in enumerate(drafts):
            seat = SteeringGroupSeat(group=group, label=draft.label, note=draft.note, order=order + offset)
            if decided:
                seat.decided_count = draft.count
            else:
                seat.proposed_count = draft.count
            _validated_save(actor, seat)
            seats.append(seat)
    return seats


def steering_group_seat_update(*, actor: Any, seat: SteeringGroupSeat, **changes: Any) -> SteeringGroupSeat:
    _check_may_edit(actor, seat.group.body)
    if changes.get("order", 0) is None:
        changes["order"] = seat.order
    _apply(seat, changes, SEAT_FIELDS)
    _check_seat(seat)
    with transaction.atomic():
        _validated_save(actor, seat)
    return seat


def steering_group_seat_delete(*, actor: Any, seat: SteeringGroupSeat) -> None:
    """Remove a line of the composition with the people named for it (both stay in the change history)."""
    _check_may_edit(actor, seat.group.body)
    with transaction.atomic():
        for holder in seat.holders.order_by("role"):  # deputies ("deputy") before members ("holder")
            holder.deputy_for = None
            record_actor(holder, actor)
            holder.delete()
        record_actor(seat, actor)
        seat.delete()


def _check_holder(holder: SeatHolder) -> None:
    if holder.role == HolderRole.DEPUTY and holder.pk and holder.deputies.exists():
        raise ApplicationError(
            _("Others stand in for this person; they cannot become a deputy themself."), field="role"
        )
    if holder.actor is not None and holder.actor.body_id != holder.seat.group.body_id:
        raise ApplicationError(_("The actor belongs to another body."), field="actor")


def seat_holder_create(
    *, actor: Any, seat: SteeringGroupSeat, name: str, network_actor: Actor | None = None, **fields: Any
) -> SeatHolder:
    """Name a person for a seat, as member or as deputy (of a member of the same seat, or of the seat), on behalf
    of `network_actor` if given."""
    _check_may_edit(actor, seat.group.body)
    holder = SeatHolder(seat=seat, name=name.strip(), actor=network_actor)
    _apply(holder, fields, HOLDER_FIELDS)
    _check_holder(holder)
    with transaction.atomic():
        _validated_save(actor, holder)
    return holder


def seat_holder_update(
    *, actor: Any, holder: SeatHolder, network_actor: Actor | None = _UNCHANGED, **changes: Any
) -> SeatHolder:
    _check_may_edit(actor, holder.seat.group.body)
    if network_actor is not _UNCHANGED:
        holder.actor = network_actor
    _apply(holder, changes, HOLDER_FIELDS)
    _check_holder(holder)
    with transaction.atomic():
        _validated_save(actor, holder)
    return holder


def seat_holder_delete(*, actor: Any, holder: SeatHolder) -> None:
    """Remove a person from a seat. Their deputies stay named as deputies of the seat."""
    _check_may_edit(actor, holder.seat.group.body)
    with transaction.atomic():
        for deputy in holder.deputies.all():
            deputy.deputy_for = None
            _validated_save(actor, deputy)
        record_actor(holder, actor)
        holder.delete()


def steering_group_task_create(
    *, actor: Any, group: SteeringGroup, text: str, order: int | None = None, **fields: Any
) -> SteeringGroupTask:
    _check_may_edit(actor, group.body)
    task = SteeringGroupTask(group=group, text=text.strip())
    task.order = order if order is not None else _next_order(group.tasks.all())
    _apply(task, fields, TASK_FIELDS)
    with transaction.atomic():
        _validated_save(actor, task)
    return task


def steering_group_task_update(*, actor: Any, task: SteeringGroupTask, **changes: Any) -> SteeringGroupTask:
    _check_may_edit(actor, task.group.body)
    if changes.get("order", 0) is None:
        changes["order"] = task.order
    _apply(task, changes, TASK_FIELDS)
    with transaction.atomic():
        _validated_save(actor, task)
    return task


def steering_group_task_delete(*, actor: Any, task: SteeringGroupTask) -> None:
    _delete(actor, task)


def steering_group_task_done(*, actor: Any, task: SteeringGroupTask, on: date | None = None) -> SteeringGroupTask:
    """Tick a task off: the day is recorded (the change history keeps every earlier one) and the task stays on the
    list — a recurring task is due again at its next turn."""
    _check_may_edit(actor, task.group.body)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("A task cannot be done in the future."), field="last_done_on")
    task.last_done_on = day
    with transaction.atomic():
        _validated_save(actor, task)
    return task
