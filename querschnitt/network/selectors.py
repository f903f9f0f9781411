"""Reads of the network, each with its queries named, and the composition of a steering group with its sums and
warnings (computed from two queries, whatever the number of seats and people)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.committees.models import Meeting
from querschnitt.tenancy.models import Body

from .models import (
    Actor,
    ActorKind,
    ContactPerson,
    CooperationEntry,
    HolderRole,
    Recurrence,
    SeatHolder,
    SteeringGroup,
    SteeringGroupSeat,
    SteeringGroupTask,
)

# --- Kinds and actors ----------------------------------------------------------------------------------------------


def kinds_for_body(body: Body, *, include_hidden: bool = False) -> QuerySet[ActorKind]:
    """The default kinds and the body's own, in their order."""
    kinds = ActorKind.objects.filter(Q(body=None) | Q(body=body))
    if not include_hidden:
        kinds = kinds.filter(hidden=False)
    return kinds.order_by("order", "name", "pk")


def own_kinds(body: Body) -> QuerySet[ActorKind]:
    return ActorKind.objects.filter(body=body).annotate(actor_count=Count("actors")).order_by("order", "name", "pk")


def default_kinds() -> QuerySet[ActorKind]:
    return ActorKind.objects.filter(body=None).order_by("order", "name", "pk")


def actor_list(
    body: Body,
    *,
    query: str = "",
    kind_id: int | None = None,
    active: bool | None = True,
    city: str = "",
) -> QuerySet[Actor]:
    """The body's actors, filtered; each with its kind and the number of its contact persons."""
    actors = Actor.objects.filter(body=body)
    if query:
        actors = actors.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(description__icontains=query)
            | Q(city__icontains=query)
        )
    if kind_id is not None:
        actors = actors.filter(kind_id=kind_id)
    if active is not None:
        actors = actors.filter(active=active)
    if city:
        actors = actors.filter(city__iexact=city)
    return actors.select_related("kind").annotate(contact_count=Count("contacts", distinct=True)).order_by("name", "pk")


def cities_of_body(body: Body) -> list[str]:
    """The places the body's actors are in, for the filter."""
    cities = Actor.objects.filter(body=body).exclude(city="").values_list("city", flat=True).distinct()
    return sorted(set(cities), key=str.casefold)


def actor_detail_queryset() -> QuerySet[Actor]:
    return Actor.objects.select_related("kind", "body").prefetch_related(
        Prefetch("contacts", queryset=ContactPerson.objects.order_by("name", "pk")),
        Prefetch(
            "cooperation_entries", queryset=CooperationEntry.objects.select_related("recorded_by").order_by("-date")
        ),
        Prefetch(
            "steering_seats_held",
            queryset=SeatHolder.objects.select_related("seat__group").order_by("seat__group__name", "seat__order"),
        ),
        # Declared in strategy (the higher app holds the links); named here only as relations, never imported.
        "measures_led__concept",
        "measures_involved__concept",
        "fields_of_action__concept",
    )


# --- Steering groups -----------------------------------------------------------------------------------------------


def steering_groups_of_body(body: Body) -> QuerySet[SteeringGroup]:
    return (
        SteeringGroup.objects.filter(body=body)
        .select_related("organization")
        .annotate(
            proposed_total=Sum("seats__proposed_count"),
            decided_total=Sum("seats__decided_count"),
            seat_lines=Count("seats"),
        )
        .order_by("name", "pk")
    )


@dataclass
class HolderLine:
    """A member of a seat with the deputies who stand in for them."""

    holder: SeatHolder
    deputies: list[SeatHolder] = field(default_factory=list)


@dataclass
class SeatLine:
    seat: SteeringGroupSeat
    members: list[HolderLine] = field(default_factory=list)
    seat_deputies: list[SeatHolder] = field(default_factory=list)  # deputies of the seat, not of one member
    former: list[SeatHolder] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return len(self.members)

    @property
    def count(self) -> int | None:
        return self.seat.decided_count

    @property
    def open_places(self) -> int:
        return max((self.count or 0) - self.filled, 0)

    @property
    def has_people(self) -> bool:
        return bool(self.members or self.seat_deputies)


@dataclass
class Composition:
    group: SteeringGroup
    lines: list[SeatLine]
    warnings: list[str]
    today: date

    @property
    def proposal(self) -> list[SteeringGroupSeat]:
        return [line.seat for line in self.lines if line.seat.in_proposal]

    @property
    def decision(self) -> list[SeatLine]:
        return [line for line in self.lines if line.seat.in_decision]

    @property
    def proposal_only_with_people(self) -> list[SeatLine]:
        return [line for line in self.lines if not line.seat.in_decision and line.has_people]

    @property
    def proposed_total(self) -> int:
        return sum(seat.proposed_count or 0 for seat in self.proposal)

    @property
    def proposed_without_number(self) -> int:
        """Lines of the proposal without a number: the proposal's sum is then a minimum (“mindestens 35”)."""
        return sum(1 for seat in self.proposal if seat.proposed_count is None)

    @property
    def decided_total(self) -> int:
        return sum(line.count or 0 for line in self.decision)

    @property
    def filled_total(self) -> int:
        return sum(min(line.filled, line.count or 0) for line in self.decision)


def _normalised(name: str) -> str:
    return " ".join(name.casefold().split())


def steering_group_composition(group: SteeringGroup, *, today: date | None = None) -> Composition:
    """The seats of a group with the people named for them today, the sums and the warnings — in two queries."""
    today = today or timezone.localdate()
    seats = list(group.seats.select_related("actor_kind").order_by("order", "pk"))
    holders = list(
        SeatHolder.objects.filter(seat__group=group)
        .select_related("actor")
        .order_by("role", "name", "start_date", "pk")
    )
    lines = {seat.pk: SeatLine(seat) for seat in seats}
    member_lines: dict[int, HolderLine] = {}
    for holder in holders:
        if holder.role == HolderRole.HOLDER and holder.is_active_on(today):
            member_lines[holder.pk] = HolderLine(holder)
            lines[holder.seat_id].members.append(member_lines[holder.pk])
    for holder in holders:
        line = lines[holder.seat_id]
        if not holder.is_active_on(today):
            line.former.append(holder)
        elif holder.role == HolderRole.DEPUTY:
            stood_in = member_lines.get(holder.deputy_for_id) if holder.deputy_for_id else None
            if stood_in is not None:
                stood_in.deputies.append(holder)
            else:
                line.seat_deputies.append(holder)
    ordered = [lines[seat.pk] for seat in seats]
    return Composition(group=group, lines=ordered, warnings=composition_warnings(ordered, today=today), today=today)


def composition_warnings(lines: list[SeatLine], *, today: date) -> list[str]:
    """What does not add up: decided seats with fewer or more members than places, people on a line the decision
    does not contain, and the same person named on two seats."""
    warnings = []
    seats_of_person: dict[str, list[str]] = defaultdict(list)
    shown_name: dict[str, str] = {}
    for line in lines:
        seat = line.seat
        count = line.count
        if count is not None and line.filled < count:
            warnings.append(
                ngettext(
                    "%(seat)s: %(filled)s of %(count)s place filled.",
                    "%(seat)s: %(filled)s of %(count)s places filled.",
                    count,
                )
                % {"seat": seat.label, "filled": line.filled, "count": count}
            )
        elif count is not None and line.filled > count:
            warnings.append(
                ngettext(
                    "%(seat)s: %(filled)s members named for %(count)s place.",
                    "%(seat)s: %(filled)s members named for %(count)s places.",
                    count,
                )
                % {"seat": seat.label, "filled": line.filled, "count": count}
            )
        elif count is None and line.has_people:
            warnings.append(
                _("%(seat)s: people are named, but the decided composition has no places on this line.")
                % {"seat": seat.label}
            )
        deputies = [deputy for member in line.members for deputy in member.deputies] + line.seat_deputies
        for person in [member.holder for member in line.members] + deputies:
            key = _normalised(person.name)
            if person.role == HolderRole.HOLDER or key not in shown_name:
                shown_name[key] = person.name  # as a member spells it, if they are one
            if seat.label not in seats_of_person[key]:
                seats_of_person[key].append(seat.label)
    for key, seat_labels in seats_of_person.items():
        if len(seat_labels) > 1:
            warnings.append(
                _("%(name)s is named on %(number)s seats: %(seats)s.")
                % {"name": shown_name[key], "number": len(seat_labels), "seats": "; ".join(seat_labels)}
            )
    return warnings


def holders_of_seat(seat: SteeringGroupSeat) -> QuerySet[SeatHolder]:
    """The members of a seat a deputy may stand in for."""
    return seat.holders.filter(role=HolderRole.HOLDER).order_by("name", "pk")


def steering_group_meetings(group: SteeringGroup, *, limit: int = 10) -> list[Meeting]:
    """The meetings of the committee behind the group, the latest first."""
    if group.organization_id is None:
        return []
    return list(
        Meeting.objects.filter(organizations=group.organization_id, deleted=False)
        .only("pk", "name", "start", "cancelled", "body_id")
        .order_by("-start")[:limit]
    )


# --- Tasks ---------------------------------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class TaskLine:
    task: SteeringGroupTask
    due: bool
    next_due: date | None  # for tasks at every meeting: the next meeting, if one is planned


def task_lines(group: SteeringGroup, meetings: list[Meeting], *, today: date | None = None) -> list[TaskLine]:
    """The checklist: a task is due when it was never done, or when its turn has come again (a quarter, a year, or
    a meeting held since it was last done)."""
    today = today or timezone.localdate()
    held = [timezone.localdate(meeting.start) for meeting in meetings if not meeting.cancelled]
    last_held = max((day for day in held if day <= today), default=None)
    next_meeting = min((day for day in held if day > today), default=None)
    lines = []
    for task in group.tasks.order_by("order", "pk"):
        done = task.last_done_on
        next_due: date | None = None
        if task.recurrence == Recurrence.ONCE:
            due = done is None
        elif task.recurrence == Recurrence.PER_MEETING:
            due = done is None or (last_held is not None and last_held > done)
            next_due = next_meeting
        else:
            months = 3 if task.recurrence == Recurrence.QUARTERLY else 12
            next_due = _add_months(done, months) if done else None
            due = next_due is None or next_due <= today
        lines.append(TaskLine(task=task, due=due, next_due=next_due))
    return lines


def history_of_group(group: SteeringGroup, *, limit: int = 100) -> dict[str, list[Any]]:
    """The historical records of the group, its seats, the people on them and its tasks (newest first). Seats and
    people are found by their recorded ids, so that those deleted since stay in the history."""
    seat_ids = SteeringGroupSeat.history.filter(group_id=group.pk).values("id")
    return {
        "group": list(group.history.select_related("history_user").order_by("-history_date")[:limit]),
        "seats": list(
            SteeringGroupSeat.history.filter(group_id=group.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        ),
        "holders": list(
            SeatHolder.history.filter(seat_id__in=seat_ids)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        ),
        "tasks": list(
            SteeringGroupTask.history.filter(group_id=group.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        ),
    }
