"""Reads for the participants of a workshop process: the list, the balance of target groups, attendance and the
cost estimate. Counts come from the database in one aggregate, however many participants there are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from querschnitt.tenancy.models import Body

from .models import (
    HOLDS_PLACE,
    Attendance,
    Participant,
    ParticipantMoveUp,
    ParticipantStatus,
    PhaseKind,
    PriceModel,
    TargetGroup,
    WorkshopDay,
    WorkshopProcess,
)

# The three groups seed 003 addresses the workshop to: each should be there.
KEY_GROUPS = (TargetGroup.DECISION_MAKERS, TargetGroup.ADMINISTRATION, TargetGroup.MIGRANT_REPRESENTATION)
# A group "dominates" when it holds more than this share of the places, once there are enough people to say so.
DOMINANCE_SHARE = Decimal("0.5")
DOMINANCE_MIN_PEOPLE = 6


def participants_of(process: WorkshopProcess) -> QuerySet[Participant]:
    """The participants with the days they attended (two queries)."""
    return (
        Participant.objects.filter(process=process)
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.only("participant_id", "day_id")))
        .order_by("target_group", "name", "pk")
    )


def days_attended(participant: Participant) -> QuerySet[WorkshopDay]:
    """The days a participant was there, in the order of the process (one query)."""
    return (
        WorkshopDay.objects.filter(attendances__participant=participant)
        .select_related("phase")
        .order_by("phase__order", "order", "pk")
    )


def waiting_list(process: WorkshopProcess) -> QuerySet[Participant]:
    return Participant.objects.filter(process=process, status=ParticipantStatus.WAITING).order_by("waiting_since", "pk")


def move_ups_of(process: WorkshopProcess) -> QuerySet[ParticipantMoveUp]:
    return ParticipantMoveUp.objects.filter(process=process).select_related("participant", "freed_by", "actor")


def days_of(process: WorkshopProcess) -> list[WorkshopDay]:
    """Every day of the process with a meeting (preparation, the workshop days, follow-up) and how many were there."""
    return list(
        WorkshopDay.objects.filter(phase__process=process)
        .select_related("phase")
        .annotate(present=Count("attendances"))
        .order_by("phase__order", "order", "pk")
    )


@dataclass
class GroupRow:
    group: str
    label: str
    invited: int = 0  # invited and not yet answered
    confirmed: int = 0
    declined: int = 0
    waiting: int = 0
    attended: int = 0

    @property
    def holding(self) -> int:
        return self.invited + self.confirmed

    @property
    def total(self) -> int:
        return self.invited + self.confirmed + self.declined + self.waiting


@dataclass
class Balance:
    rows: list[GroupRow]
    hints: list[str] = field(default_factory=list)

    @property
    def totals(self) -> GroupRow:
        total = GroupRow(group="", label=_("Total"))
        for row in self.rows:
            total.invited += row.invited
            total.confirmed += row.confirmed
            total.declined += row.declined
            total.waiting += row.waiting
            total.attended += row.attended
        return total


def balance_of(process: WorkshopProcess) -> Balance:
    """Counts per target group (invited, confirmed, declined, waiting, attended at least once) and the hints a
    moderator should see: a key group missing, one group dominating, decision makers absent from the preparation
    workshop. Two queries."""
    attended = Exists(Attendance.objects.filter(participant=OuterRef("pk")))
    counts = {
        row["target_group"]: row
        for row in Participant.objects.filter(process=process)
        .annotate(was_there=attended)
        .values("target_group")
        .annotate(
            invited=Count("pk", filter=Q(status=ParticipantStatus.INVITED)),
            confirmed=Count("pk", filter=Q(status=ParticipantStatus.CONFIRMED)),
            declined=Count("pk", filter=Q(status=ParticipantStatus.DECLINED)),
            waiting=Count("pk", filter=Q(status=ParticipantStatus.WAITING)),
            attended=Count("pk", filter=Q(was_there=True)),
        )
        .order_by()
    }
    rows = []
    for value, label in TargetGroup.choices:
        data: Mapping[str, Any] = counts.get(value, {})
        rows.append(
            GroupRow(
                group=value,
                label=str(label),
                **{key: data.get(key, 0) for key in ("invited", "confirmed", "declined", "waiting", "attended")},
            )
        )
    balance = Balance(rows=rows)
    by_group = {row.group: row for row in rows}
    holding = sum(row.holding for row in rows)
    for group in KEY_GROUPS:
        if by_group[group].holding == 0:
            balance.hints.append(
                _("Nobody from “%(group)s” holds a place. Seed 003 addresses the workshop to this group expressly.")
                % {"group": by_group[group].label}
            )
    if holding >= DOMINANCE_MIN_PEOPLE:
        for row in rows:
            if Decimal(row.holding) > DOMINANCE_SHARE * holding:
                balance.hints.append(
                    _("“%(group)s” holds %(count)s of %(total)s places: more than half. Invite the other groups, too.")
                    % {"group": row.label, "count": row.holding, "total": holding}
                )
    preparation = (
        WorkshopDay.objects.filter(phase__process=process, phase__kind=PhaseKind.PREPARATION)
        .annotate(
            present=Count("attendances"),
            deciders=Count("attendances", filter=Q(attendances__participant__target_group=TargetGroup.DECISION_MAKERS)),
        )
        .order_by("order", "pk")
        .first()
    )
    if preparation is not None and preparation.present and not preparation.deciders:
        balance.hints.append(
            _(
                "No decision maker from local politics attended the preparation workshop on %(date)s, although it is "
                "meant for the decision makers."
            )
            % {"date": f"{preparation.date:%d.%m.%Y}"}
        )
    return balance


# --- Cost estimate --------------------------------------------------------------------------------------------------


def price_model_of(body: Body) -> PriceModel:
    """The body's prices, or (unsaved) seed 003's defaults."""
    return PriceModel.objects.filter(body=body).first() or PriceModel(body=body)


@dataclass
class CostEstimate:
    """Seed 003's price: a package (two trainers) per at most `package_max_participants` people, so as many packages
    as the participants need; plus the trainers' travel costs as entered and materials per participant."""

    price_model: PriceModel
    participants: int
    travel_costs: Decimal
    max_participants: int

    @property
    def package_price(self) -> Decimal:
        """The price of one package."""
        return self.price_model.package_price

    @property
    def packages(self) -> int:
        """ceil(participants / maximum per package), at least one: 40 → 1, 41 → 2, 81 → 3."""
        maximum = max(1, self.price_model.package_max_participants)
        return max(1, -(-self.participants // maximum))

    @property
    def packages_total(self) -> Decimal:
        return self.package_price * self.packages

    @property
    def materials(self) -> Decimal:
        return self.price_model.material_per_participant * self.participants

    @property
    def total(self) -> Decimal:
        return self.packages_total + self.travel_costs + self.materials

    @property
    def over_package(self) -> bool:
        return self.packages > 1

    @property
    def planned_over_package(self) -> bool:
        """The process allows more people than one package covers."""
        return self.max_participants > self.price_model.package_max_participants

    @property
    def warnings(self) -> list[str]:
        maximum = self.price_model.package_max_participants
        if self.over_package:
            values = {
                "count": self.participants,
                "max": maximum,
                "packages": self.packages,
                "extra": self.packages - 1,
            }
            if self.packages == 2:
                return [
                    _(
                        "%(count)s participants exceed the package maximum of %(max)s participants: a second package "
                        "of trainers is needed. The estimate counts %(packages)s packages."
                    )
                    % values
                ]
            return [
                _(
                    "%(count)s participants exceed the package maximum of %(max)s participants: %(extra)s more "
                    "packages of trainers are needed. The estimate counts %(packages)s packages."
                )
                % values
            ]
        if self.planned_over_package:
            return [
                _("The process allows %(places)s places, more than the package maximum of %(max)s participants.")
                % {"places": self.max_participants, "max": maximum}
            ]
        return []


def cost_estimate(process: WorkshopProcess, *, price_model: PriceModel | None = None) -> CostEstimate:
    """As many packages as everyone holding a place (invited or confirmed) needs, the travel costs as entered and
    the materials for everyone holding a place. Decimal throughout."""
    model = price_model or price_model_of(process.body)
    holding = Participant.objects.filter(process=process, status__in=HOLDS_PLACE).count()
    return CostEstimate(
        price_model=model,
        participants=holding,
        travel_costs=process.travel_costs,
        max_participants=process.max_participants,
    )
