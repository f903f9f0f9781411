"""Reads of the API app: tokens, and the querysets behind the API's lists (each names what it prefetches, so that
a list costs the same number of queries whatever its length)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from querschnitt.strategy import selectors as strategy_selectors
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
from querschnitt.tenancy.models import Body

from .models import ApiToken, hash_secret


def tokens_of_user(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("body").order_by("-created", "-pk")


def active_token_for_secret(secret: str) -> ApiToken | None:
    """The active token whose secret this is, with its user; None for an unknown, revoked or expired secret."""
    if not secret or len(secret) > 200:
        return None
    return ApiToken.objects.active().select_related("user", "body").filter(key_hash=hash_secret(secret)).first()


# --- The integration concept as the API shows it -------------------------------------------------------------------


def _attach(obj: Any, **values: Any) -> None:
    """Hang prefetched children on an object under `api_*` names that the schemas read."""
    for name, value in values.items():
        setattr(obj, name, value)


def _goal_links() -> list[Prefetch]:
    """Only the ids of linked indicators are shown, so only ids are fetched."""
    return [Prefetch("indicators", queryset=Indicator.objects.only("id").order_by("pk"))]


def concept_list(body: Body) -> QuerySet[Concept]:
    return strategy_selectors.concepts_of_body(body).order_by("-version", "pk")


def concept_detail(concept: Concept) -> Concept:
    """The concept with its fields of action, their guiding goals and their annual goals, in a fixed number of
    queries. The fields come as `api_fields`, each with `api_guiding_goals` and `api_annual_goals` (those without a
    guiding goal); each guiding goal has `api_annual_goals`."""
    annual_goals = list(
        AnnualGoal.objects.filter(field__concept=concept).prefetch_related(*_goal_links()).order_by("order", "pk")
    )
    guiding_goals = list(
        GuidingGoal.objects.filter(field__concept=concept).prefetch_related(*_goal_links()).order_by("order", "pk")
    )
    fields = list(FieldOfAction.objects.filter(concept=concept).order_by("order", "pk"))
    for goal in guiding_goals:
        _attach(goal, api_annual_goals=[annual for annual in annual_goals if annual.guiding_goal_id == goal.pk])
    for field in fields:
        _attach(
            field,
            api_guiding_goals=[goal for goal in guiding_goals if goal.field_id == field.pk],
            api_annual_goals=[
                annual for annual in annual_goals if annual.field_id == field.pk and annual.guiding_goal_id is None
            ],
        )
    _attach(concept, api_fields=fields)
    return concept


def field_detail(field: FieldOfAction) -> FieldOfAction:
    guiding_goals = list(field.guiding_goals.prefetch_related(*_goal_links()).order_by("order", "pk"))
    annual_goals = list(field.annual_goals.prefetch_related(*_goal_links()).order_by("order", "pk"))
    for goal in guiding_goals:
        _attach(goal, api_annual_goals=[annual for annual in annual_goals if annual.guiding_goal_id == goal.pk])
    _attach(
        field,
        api_guiding_goals=guiding_goals,
        api_annual_goals=[annual for annual in annual_goals if annual.guiding_goal_id is None],
    )
    return field


def guiding_goal_detail(goal: GuidingGoal) -> GuidingGoal:
    goal = GuidingGoal.objects.prefetch_related(*_goal_links()).get(pk=goal.pk)
    _attach(goal, api_annual_goals=list(goal.annual_goals.prefetch_related(*_goal_links()).order_by("order", "pk")))
    return goal


def annual_goal_detail(goal: AnnualGoal) -> AnnualGoal:
    return AnnualGoal.objects.prefetch_related(*_goal_links()).get(pk=goal.pk)


def _indicator_queryset() -> QuerySet[Indicator]:
    return strategy_selectors.indicators_with_status(
        Indicator.objects.select_related("body", "catalogue_entry").prefetch_related(
            Prefetch("guiding_goals", queryset=GuidingGoal.objects.only("id").order_by("pk")),
            Prefetch("annual_goals", queryset=AnnualGoal.objects.only("id").order_by("pk")),
        )
    )


def indicator_list(body: Body, *, query: str = "") -> QuerySet[Indicator]:
    """The body's indicators with targets, goal links and the totals the progress status is computed from."""
    indicators = _indicator_queryset().filter(body=body)
    if query:
        indicators = indicators.filter(name__icontains=query)
    return indicators.order_by("name", "pk")


def indicator_detail(indicator: Indicator) -> Indicator:
    return _indicator_queryset().get(pk=indicator.pk)


def target_list(indicator: Indicator) -> list[IndicatorTarget]:
    return list(indicator.targets.order_by("order", "pk"))


def observation_list(
    indicator: Indicator, *, area_ags: str | None = None, total_only: bool = False
) -> QuerySet[Observation]:
    observations = Observation.objects.filter(indicator=indicator)
    if area_ags is not None:
        observations = observations.filter(area_ags=area_ags)
    if total_only:
        observations = observations.filter(breakdown_key="")
    return observations.order_by("period_start", "period_end", "area_ags", "breakdown_key", "pk")


def _measure_prefetch() -> list[Any]:
    return [
        Prefetch("guiding_goals", queryset=GuidingGoal.objects.only("id").order_by("pk")),
        Prefetch("annual_goals", queryset=AnnualGoal.objects.only("id").order_by("pk")),
        # A plain lookup: the concept's own measure list already prefetches "budget_lines" without a queryset.
        "budget_lines__category",
    ]


def measure_list(concept: Concept, *, status: str = "", field_id: int | None = None) -> QuerySet[Measure]:
    measures = strategy_selectors.measure_list(concept, field_id=field_id, status=status)
    return measures.prefetch_related(*_measure_prefetch())


def measure_detail(measure: Measure) -> Measure:
    return Measure.objects.select_related("field").prefetch_related(*_measure_prefetch()).get(pk=measure.pk)
