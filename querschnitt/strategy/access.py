"""Access helpers of the integration concept: another body's object, or one the actor may not read, is a 404."""

from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from querschnitt.tenancy.models import Body

from . import models as m

M = TypeVar("M", bound=models.Model)

# The path from each model to its body.
BODY_PATH: dict[type[models.Model], str] = {
    m.Concept: "body",
    m.FieldOfAction: "concept__body",
    m.GuidingGoal: "field__concept__body",
    m.AnnualGoal: "field__concept__body",
    m.Indicator: "body",
    m.IndicatorTarget: "indicator__body",
    m.Measure: "concept__body",
    m.MeasureBudget: "measure__concept__body",
    m.Milestone: "measure__concept__body",
    m.EvidenceFile: "measure__concept__body",
    m.Evaluation: "concept__body",
    m.SelfAssessment: "body",
    m.FundingCategory: "body",
}


def access_strategy_object(actor: Any, body: Body, model: type[M], pk: int, *, queryset: Any = None) -> M:
    """Fetch `model` #pk of `body` if the actor may read the body's concept; 404 otherwise."""
    if not actor.has_perm("strategy.view_concept", body):
        raise Http404
    base = queryset if queryset is not None else model._default_manager.all()
    return get_object_or_404(base, pk=pk, **{BODY_PATH[model]: body})
