"""Reads of the integration concept: the tree with progress, the gaps, the measure list, indicator series."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from querschnitt.tenancy.models import Body

from . import progress
from .models import (
    AnnualGoal,
    Concept,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorTarget,
    Measure,
    Milestone,
    Observation,
)


def concepts_of_body(body: Body) -> QuerySet[Concept]:
    return Concept.objects.filter(body=body).order_by("-version")


def current_concept(body: Body) -> Concept | None:
    """The adopted concept if there is one, else the newest version."""
    concepts = concepts_of_body(body)
    return concepts.filter(status="adopted").first() or concepts.first()


def _total_observations() -> Prefetch:
    return Prefetch(
        "observations",
        queryset=Observation.objects.filter(breakdown_key="")
        .only(
            "id",
            "indicator_id",
            "period_start",
            "period_end",
            "period_label",
            "area_ags",
            "value",
            "unit",
            "provisional",
            "estimated",
        )
        .order_by("period_end", "pk"),
        to_attr="total_observations",
    )


def indicators_with_data(queryset: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Indicators with their targets and their observations for the total (no breakdown) prefetched."""
    return queryset.prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("order", "pk")), _total_observations()
    )


def _own_series_ends() -> Prefetch:
    """The first and the latest total of each indicator's own area: all that the progress status and the latest
    value need. A list of indicators loads two values each instead of the whole series (at state-wide size about
    2.500 observations per page of a body)."""
    own = Q(area_ags="") | Q(area_ags=F("indicator__body__ags"))
    oldest_first, newest_first = [F("period_end").asc(), F("pk").asc()], [F("period_end").desc(), F("pk").desc()]
    ends = (
        Observation.objects.filter(own, breakdown_key="")
        .annotate(
            rank_from_start=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=oldest_first),
            rank_from_end=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=newest_first),
        )
        .filter(Q(rank_from_start=1) | Q(rank_from_end=1))
        .only("id", "indicator_id", "period_start", "period_end", "period_label", "area_ags", "value", "unit")
        .order_by("period_end", "pk")
    )
    return Prefetch("observations", queryset=ends, to_attr="own_series_ends")


def indicators_with_status(queryset: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Indicators with their targets and the ends of their own series: for lists that show the progress status and
    the latest value (`indicator_status`, `latest_own_value`), not a chart."""
    return queryset.prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("order", "pk")), _own_series_ends()
    )


def own_series(indicator: Indicator) -> list[Observation]:
    """The indicator's totals for the body's own area (blank AGS or the body's AGS), oldest first. From
    `indicators_with_status` only the first and the latest of them."""
    own = {"", indicator.body.ags or ""}
    observations = getattr(indicator, "total_observations", None)
    if observations is None:
        observations = getattr(indicator, "own_series_ends", None)
    if observations is None:
        observations = list(indicator.observations.filter(breakdown_key="").order_by("period_end", "pk"))
    return [obs for obs in observations if obs.area_ags in own]


def latest_own_value(indicator: Indicator) -> Observation | None:
    series = own_series(indicator)
    return series[-1] if series else None


def computed_indicator_status(indicator: Indicator, *, today: date | None = None) -> str:
    targets = list(indicator.targets.all())
    first = targets[0] if targets else None
    baseline = None
    series = own_series(indicator)
    if indicator.baseline_value is not None:
        when = indicator.baseline_date or (series[0].period_end if series else None)
        if when is not None:
            baseline = progress.Point(when, indicator.baseline_value)
    return progress.indicator_status(
        polarity=indicator.polarity,
        kind=indicator.kind,
        baseline=baseline,
        target=progress.Target(first.kind, first.value, first.due_date) if first else None,
        observations=[progress.Point(obs.period_end, obs.value) for obs in series],
        today=today or timezone.localdate(),
    )


def indicator_status(indicator: Indicator, *, today: date | None = None) -> str:
    return indicator.progress_override or computed_indicator_status(indicator, today=today)


@dataclass
class IndicatorNode:
    indicator: Indicator
    status: str


@dataclass
class GoalNode:
    goal: GuidingGoal | AnnualGoal
    status: str
    computed_status: str
    indicators: list[IndicatorNode] = dc_field(default_factory=list)
    annual_goals: list[GoalNode] = dc_field(default_factory=list)
    measures: list[Measure] = dc_field(default_factory=list)


@dataclass
class FieldNode:
    field: FieldOfAction
    status: str
    guiding_goals: list[GoalNode] = dc_field(default_factory=list)
    annual_goals: list[GoalNode] = dc_field(default_factory=list)  # annual goals not under a guiding goal
    children: list[FieldNode] = dc_field(default_factory=list)
    measures: list[Measure] = dc_field(default_factory=list)


# The columns of a measure that the tree shows (and reads: `draft` for the badge).
MEASURE_TREE_FIELDS = ("id", "title", "status", "field_id", "concept_id", "lead_owner", "draft")


def _goal_node(goal: Any, sub_nodes: list[GoalNode], today: date) -> GoalNode:
    indicators = [IndicatorNode(ind, indicator_status(ind, today=today)) for ind in goal.indicators.all()]
    computed = progress.combine([node.status for node in indicators] + [node.status for node in sub_nodes])
    return GoalNode(
        goal, goal.progress_override or computed, computed, indicators, sub_nodes, list(goal.measures.all())
    )


def concept_tree(concept: Concept, *, today: date | None = None) -> list[FieldNode]:
    """Areas and fields of action with goals, indicators, measures and rolled-up progress, in a fixed number of
    queries whatever the size of the concept."""
    today = today or timezone.localdate()
    indicator_qs = indicators_with_status(Indicator.objects.select_related("body"))
    measure_qs = Measure.objects.only(*MEASURE_TREE_FIELDS)
    goal_prefetch = [Prefetch("indicators", queryset=indicator_qs), Prefetch("measures", queryset=measure_qs)]
    annual_goals = list(
        AnnualGoal.objects.filter(field__concept=concept).prefetch_related(*goal_prefetch).order_by("order", "pk")
    )
    guiding_goals = list(
        GuidingGoal.objects.filter(field__concept=concept).prefetch_related(*goal_prefetch).order_by("order", "pk")
    )
    fields = list(concept.fields.order_by("order", "pk"))
    measures = list(concept.measures.only(*MEASURE_TREE_FIELDS))

    annual_nodes = {goal.pk: _goal_node(goal, [], today) for goal in annual_goals}
    guiding_nodes = {}
    for goal in guiding_goals:
        subs = [annual_nodes[a.pk] for a in annual_goals if a.guiding_goal_id == goal.pk]
        guiding_nodes[goal.pk] = _goal_node(goal, subs, today)

    nodes: dict[int, FieldNode] = {}
    for fld in fields:
        node = FieldNode(fld, progress.NO_DATA)
        node.guiding_goals = [guiding_nodes[g.pk] for g in guiding_goals if g.field_id == fld.pk]
        node.annual_goals = [
            annual_nodes[a.pk] for a in annual_goals if a.field_id == fld.pk and a.guiding_goal_id is None
        ]
        node.measures = [measure for measure in measures if measure.field_id == fld.pk]
        nodes[fld.pk] = node
    return link_field_tree(fields, nodes)


def link_field_tree(fields: list[FieldOfAction], nodes: dict[int, Any]) -> list[Any]:
    """Hang each field's node under its parent's and roll the goals' statuses up from the leaves; returns the roots.

    A node is any object with `children`, `guiding_goals`, `annual_goals` (each goal with a `status`) and `status`
    (the concept tree here, the public tree in reporting)."""
    roots = []
    for fld in fields:
        if fld.parent_id and fld.parent_id in nodes:
            nodes[fld.parent_id].children.append(nodes[fld.pk])
        else:
            roots.append(nodes[fld.pk])

    def roll_up(node: Any) -> str:
        statuses = [goal.status for goal in node.guiding_goals + node.annual_goals]
        statuses += [roll_up(child) for child in node.children]
        node.status = progress.combine(statuses)
        return str(node.status)

    for root in roots:
        roll_up(root)
    return roots


def drafts_waiting(concept: Concept) -> int:
    """How many drafts of workshop groups wait for the editors' confirmation: the concept's goals and measures
    and the body's indicators (which serve every version), counted in one query."""
    # UNION ALL: the ids of different tables may be equal and must all be counted. No ORDER BY inside a UNION.
    parts = [
        GuidingGoal.objects.filter(field__concept=concept, draft=True).order_by().values("pk"),
        AnnualGoal.objects.filter(field__concept=concept, draft=True).order_by().values("pk"),
        Indicator.objects.filter(body_id=concept.body_id, draft=True).order_by().values("pk"),
    ]
    measures = Measure.objects.filter(concept=concept, draft=True).order_by().values("pk")
    return measures.union(*parts, all=True).count()


@dataclass
class Gaps:
    guiding_goals_without_indicator: list[GuidingGoal]
    annual_goals_without_indicator: list[AnnualGoal]
    indicators_without_target: list[Indicator]
    indicators_without_deadline: list[Indicator]
    measures_without_owner: list[Measure]
    measures_without_goal: list[Measure]
    overdue_milestones: list[Milestone]

    @property
    def count(self) -> int:
        return sum(len(items) for items in vars(self).values())


def concept_gaps(concept: Concept, *, today: date | None = None) -> Gaps:
    """What is still missing for the concept to be steerable (the "Lücken" panel)."""
    today = today or timezone.localdate()
    goal_filter = Q(field__concept=concept, indicators__isnull=True)
    guiding = GuidingGoal.objects.filter(goal_filter).exclude(annual_goals__indicators__isnull=False).distinct()
    annual = AnnualGoal.objects.filter(goal_filter).distinct()
    indicators = list(
        Indicator.objects.filter(Q(guiding_goals__field__concept=concept) | Q(annual_goals__field__concept=concept))
        .distinct()
        .prefetch_related("targets")
    )
    measures = concept.measures.prefetch_related("guiding_goals", "annual_goals")
    return Gaps(
        guiding_goals_without_indicator=list(guiding.select_related("field")),
        annual_goals_without_indicator=list(annual.select_related("field")),
        indicators_without_target=[ind for ind in indicators if not ind.targets.all()],
        indicators_without_deadline=[
            ind
            for ind in indicators
            if ind.targets.all() and not any(t.due_date or t.kind == "open" for t in ind.targets.all())
        ],
        measures_without_owner=[m for m in measures if not m.lead_owner.strip()],
        measures_without_goal=[m for m in measures if not m.guiding_goals.all() and not m.annual_goals.all()],
        overdue_milestones=list(
            Milestone.objects.filter(measure__concept=concept, done_on__isnull=True, due_date__lt=today)
            .select_related("measure")
            .order_by("due_date")
        ),
    )


def measure_list(
    concept: Concept,
    *,
    field_id: int | None = None,
    status: str = "",
    owner: str = "",
    year: int | None = None,
    drafts_only: bool = False,
    actor_id: int | None = None,
) -> QuerySet[Measure]:
    measures = concept.measures.select_related("field", "lead_actor").prefetch_related("budget_lines")
    if actor_id:
        # Led by the actor or taking part: "every actor of a measure", read the other way round.
        measures = measures.filter(Q(lead_actor_id=actor_id) | Q(actors__id=actor_id)).distinct()
    if drafts_only:
        measures = measures.filter(draft=True)
    if field_id:
        measures = measures.filter(field_id=field_id)
    if status:
        measures = measures.filter(status=status)
    if owner:
        measures = measures.filter(Q(lead_owner__icontains=owner) | Q(lead_actor__name__icontains=owner))
    if year:
        measures = (
            measures.filter(
                (Q(start_date__year__lte=year) | Q(start_date__isnull=True))
                & (Q(end_date__year__gte=year) | Q(end_date__isnull=True))
            )
            .filter(Q(start_date__isnull=False) | Q(end_date__isnull=False) | Q(budget_lines__year=year))
            .distinct()
        )
    return measures.order_by("field__order", "order", "pk")


def indicator_detail(indicator: Indicator) -> Indicator:
    # `drafting_groups` is kept by participation (the workshop groups that drafted the indicator).
    queryset = Indicator.objects.select_related("body", "catalogue_entry").prefetch_related("drafting_groups__process")
    return indicators_with_data(queryset).get(pk=indicator.pk)
