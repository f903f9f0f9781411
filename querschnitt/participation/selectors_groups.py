"""Reads of the group work. Each selector names what it loads, so the pages' query counts stay constant."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, QuerySet

from querschnitt.strategy.models import AnnualGoal, GuidingGoal, Indicator, Measure

from .models import CardKind, GroupCard, Participant, WorkGroup, WorkGroupMember, WorkshopProcess


def work_groups_of(process: WorkshopProcess) -> QuerySet[WorkGroup]:
    """The process's groups with the counts the overview shows."""
    return (
        WorkGroup.objects.filter(process=process)
        .select_related("field")
        .annotate(
            member_count=Count("members", distinct=True),
            card_count=Count("cards", distinct=True),
            guiding_goal_count=Count("guiding_goals", distinct=True),
            annual_goal_count=Count("annual_goals", distinct=True),
            indicator_count=Count("indicators", distinct=True),
            measure_count=Count("measures", distinct=True),
        )
        .order_by("order", "pk")
    )


def work_group_detail(pk: int) -> QuerySet[WorkGroup]:
    """One group with its members, cards and everything it drafted (for the group page and the documentation)."""
    return WorkGroup.objects.filter(pk=pk).select_related("process__body", "process__concept", "field")


@dataclass
class CardCluster:
    heading: str
    cards: list[GroupCard]


@dataclass
class CardSection:
    kind: str
    label: str
    clusters: list[CardCluster]


def card_sections(group: WorkGroup) -> list[CardSection]:
    """The group's cards by kind (guiding questions, ideas, reasons, results) and, within a kind, by heading."""
    cards = list(group.cards.order_by("kind", "cluster", "order", "pk"))
    sections = []
    for kind, label in CardKind.choices:
        of_kind = [card for card in cards if card.kind == kind]
        if of_kind:
            clusters = [
                CardCluster(heading, list(items))
                for heading, items in groupby(
                    sorted(of_kind, key=lambda c: (c.cluster, c.order, c.pk)), lambda c: c.cluster
                )
            ]
            sections.append(CardSection(kind, str(label), clusters))
    return sections


def members_of(group: WorkGroup) -> QuerySet[WorkGroupMember]:
    return group.members.select_related("participant").order_by("participant__name", "pk")


def candidates_for(group: WorkGroup) -> QuerySet[Participant]:
    """Participants of the workshop who are not yet in the group."""
    return (
        Participant.objects.filter(process_id=group.process_id).exclude(work_groups__group=group).order_by("name", "pk")
    )


@dataclass
class GroupDrafts:
    guiding_goals: list[GuidingGoal]
    annual_goals: list[AnnualGoal]
    indicators: list[Indicator]
    measures: list[Measure]

    @property
    def total(self) -> int:
        return len(self.guiding_goals) + len(self.annual_goals) + len(self.indicators) + len(self.measures)


def drafts_of(group: WorkGroup) -> GroupDrafts:
    """Everything the group drafted, confirmed or not, in the concept's order."""
    return GroupDrafts(
        guiding_goals=list(group.guiding_goals.select_related("field").order_by("field__order", "order", "pk")),
        annual_goals=list(
            group.annual_goals.select_related("field", "guiding_goal").order_by("field__order", "order", "pk")
        ),
        indicators=list(group.indicators.order_by("name", "pk")),
        measures=list(group.measures.select_related("field").order_by("field__order", "order", "pk")),
    )


def groups_with_everything(process: WorkshopProcess) -> list[WorkGroup]:
    """All groups of a process with members, cards and drafts prefetched (the documentation's input)."""
    return list(
        WorkGroup.objects.filter(process=process)
        .select_related("field")
        .prefetch_related(
            Prefetch("cards", queryset=GroupCard.objects.order_by("kind", "cluster", "order", "pk")),
            Prefetch("members", queryset=WorkGroupMember.objects.select_related("participant")),
            "guiding_goals",
            "annual_goals",
            "indicators",
            "measures",
        )
        .order_by("order", "pk")
    )
