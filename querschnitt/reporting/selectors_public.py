"""Reads of the public pages: the bodies that publish, a body's concept as the public sees it, its public indicators
and their public observations, and its published report versions.

What is public, in one place: the concept the body chose to show (`PublicPage.concept`), its fields of action, its
guiding and annual goals, measures and indicators that are not drafts (`draft=True` is never public), and of the
indicators only the observations that are not confidential. Internal notes (the reason for a manual progress, the
note on a value or a report version, evaluations, budgets) stay out of every public page and download.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from querschnitt.strategy import progress
from querschnitt.strategy.models import (
    AnnualGoal,
    Concept,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorTarget,
    Measure,
    Observation,
)
from querschnitt.strategy.selectors import indicator_status, link_field_tree, own_series
from querschnitt.tenancy.models import Body

from .models import PublicPage, ReportVersion

# A sign beside every progress status, so that it never speaks by colour alone (the word is always there too).
STATUS_ICONS = {
    "reached": "✔",
    "on_track": "↗",
    "moderate": "→",
    "limited": "↘",
    "moving_away": "✖",
    "no_data": "–",
}

# The columns of an observation that public pages and downloads read (never `note`, never `imported_by`).
PUBLIC_OBSERVATION_FIELDS = (
    "id",
    "indicator_id",
    "period_start",
    "period_end",
    "period_label",
    "area_ags",
    "breakdown",
    "breakdown_key",
    "value",
    "unit",
    "provisional",
    "estimated",
    "source",
)


def published_pages(*, search: str = "") -> QuerySet[PublicPage]:
    """The public pages that are published, by the body's name; `search` narrows by name or AGS."""
    pages = PublicPage.objects.filter(published=True).select_related("body", "body__parent", "concept")
    if search.strip():
        term = search.strip()
        pages = pages.filter(Q(body__name__icontains=term) | Q(body__ags__startswith=term))
    return pages.order_by("body__name", "body__pk")


def public_observations() -> QuerySet[Observation]:
    """Observations that may be public: never a confidential one."""
    return Observation.objects.filter(confidential=False).only(*PUBLIC_OBSERVATION_FIELDS)


def _public_totals() -> Prefetch:
    # The same attribute `strategy.selectors.own_series` and `reporting.charts` read, holding only public values.
    return Prefetch(
        "observations",
        queryset=public_observations().filter(breakdown_key="").order_by("period_end"),
        to_attr="total_observations",
    )


def public_indicator_ids(concept: Concept | None) -> QuerySet[Indicator, Any]:
    """The pks of the public indicators of `concept` (a subquery; empty without a concept)."""
    if concept is None:
        return Indicator.objects.none().values("pk")
    linked = Q(guiding_goals__field__concept=concept, guiding_goals__draft=False) | Q(
        annual_goals__field__concept=concept, annual_goals__draft=False
    )
    return Indicator.objects.filter(linked, body_id=concept.body_id, draft=False).values("pk")


def public_indicators(page: PublicPage) -> QuerySet[Indicator]:
    """The public indicators of the page's concept, with targets and their public totals prefetched."""
    return (
        Indicator.objects.filter(pk__in=public_indicator_ids(page.concept))
        .select_related("body", "catalogue_entry")
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("order", "pk")), _public_totals()
        )
        .order_by("name", "pk")
    )


def public_indicator(page: PublicPage, pk: int) -> Indicator | None:
    return public_indicators(page).filter(pk=pk).first()


def observations_of(indicators: list[Indicator]) -> dict[int, list[Observation]]:
    """Every public observation (all breakdowns and areas) of the indicators, in one query, in a stable order."""
    by_indicator: dict[int, list[Observation]] = {indicator.pk: [] for indicator in indicators}
    queryset = (
        public_observations()
        .filter(indicator_id__in=list(by_indicator))
        .order_by("indicator_id", "period_start", "period_end", "area_ags", "breakdown_key")
    )
    for observation in queryset:
        by_indicator[observation.indicator_id].append(observation)
    return by_indicator


def published_versions(body: Body) -> QuerySet[ReportVersion]:
    """The published report versions of the body, newest first (without `data`: the list needs only titles)."""
    return (
        ReportVersion.objects.filter(report__body=body, published_at__isnull=False)
        .select_related("report")
        .defer("data")
        .order_by("-published_at", "-pk")
    )


# --- The concept as the public sees it ----------------------------------------------------------------------------


@dataclass
class PublicIndicator:
    indicator: Indicator
    status: str
    latest: Observation | None

    @property
    def icon(self) -> str:
        return STATUS_ICONS.get(self.status, "")


@dataclass
class PublicGoal:
    goal: GuidingGoal | AnnualGoal
    status: str
    indicators: list[PublicIndicator] = dc_field(default_factory=list)
    annual_goals: list[PublicGoal] = dc_field(default_factory=list)

    @property
    def icon(self) -> str:
        return STATUS_ICONS.get(self.status, "")


@dataclass
class PublicField:
    field: FieldOfAction
    status: str = progress.NO_DATA
    guiding_goals: list[PublicGoal] = dc_field(default_factory=list)
    annual_goals: list[PublicGoal] = dc_field(default_factory=list)
    measures: list[Measure] = dc_field(default_factory=list)
    children: list[PublicField] = dc_field(default_factory=list)

    @property
    def icon(self) -> str:
        return STATUS_ICONS.get(self.status, "")


def _indicator_node(indicator: Indicator, today: date, cache: dict[int, PublicIndicator]) -> PublicIndicator:
    if indicator.pk not in cache:
        series = own_series(indicator)
        cache[indicator.pk] = PublicIndicator(
            indicator, indicator_status(indicator, today=today), series[-1] if series else None
        )
    return cache[indicator.pk]


def _goal_node(goal, subs: list[PublicGoal], today: date, cache: dict[int, PublicIndicator]) -> PublicGoal:
    indicators = [_indicator_node(ind, today, cache) for ind in goal.indicators.all()]
    computed = progress.combine([node.status for node in indicators] + [node.status for node in subs])
    return PublicGoal(goal, goal.progress_override or computed, indicators, subs)


def public_concept_tree(concept: Concept, *, today: date | None = None) -> list[PublicField]:
    """Fields of action → guiding goals → annual goals → indicators (with progress and latest public value), and
    the measures with their status: without drafts, in a fixed number of queries whatever the concept's size."""
    today = today or timezone.localdate()
    indicator_qs = (
        Indicator.objects.filter(draft=False)
        .select_related("body")
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("order", "pk")), _public_totals()
        )
        .order_by("name", "pk")
    )
    goal_prefetch = Prefetch("indicators", queryset=indicator_qs)
    guiding_goals = list(
        GuidingGoal.objects.filter(field__concept=concept, draft=False)
        .prefetch_related(goal_prefetch)
        .order_by("order", "pk")
    )
    guiding_pks = {goal.pk for goal in guiding_goals}
    annual_goals = [
        goal
        for goal in AnnualGoal.objects.filter(field__concept=concept, draft=False)
        .prefetch_related(goal_prefetch)
        .order_by("order", "pk")
        # An annual goal under a draft guiding goal is not public either.
        if goal.guiding_goal_id is None or goal.guiding_goal_id in guiding_pks
    ]
    fields = list(concept.fields.order_by("order", "pk"))
    measures = list(
        Measure.objects.filter(concept=concept, draft=False)
        .only("id", "title", "status", "field_id", "concept_id", "description", "start_date", "end_date")
        .order_by("order", "pk")
    )
    cache: dict[int, PublicIndicator] = {}
    annual_nodes = {goal.pk: _goal_node(goal, [], today, cache) for goal in annual_goals}
    guiding_nodes = {
        goal.pk: _goal_node(
            goal, [annual_nodes[a.pk] for a in annual_goals if a.guiding_goal_id == goal.pk], today, cache
        )
        for goal in guiding_goals
    }
    nodes: dict[int, PublicField] = {}
    for fld in fields:
        nodes[fld.pk] = PublicField(
            fld,
            guiding_goals=[guiding_nodes[g.pk] for g in guiding_goals if g.field_id == fld.pk],
            annual_goals=[
                annual_nodes[a.pk] for a in annual_goals if a.field_id == fld.pk and a.guiding_goal_id is None
            ],
            measures=[measure for measure in measures if measure.field_id == fld.pk],
        )
    return link_field_tree(fields, nodes)


def measures_without_field(concept: Concept) -> list[Measure]:
    return list(
        Measure.objects.filter(concept=concept, draft=False, field__isnull=True)
        .only("id", "title", "status", "concept_id")
        .order_by("order", "pk")
    )
