"""Access helpers of the state level: another body's object, or one the actor may not see, is a 404.

Coaching objects belong to the coached body and are seen by its committee office and by state staff. The series,
its modules, expressions of interest, courses and registrations belong to the state council: state staff reach them
all; anyone else reaches only what a published series shows (`access_public_course`)."""

from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from querschnitt.tenancy.models import Body

from . import models as m

M = TypeVar("M", bound=models.Model)

# The path from each model to the body it belongs to; None for the state council's own objects.
BODY_PATH: dict[type[models.Model], str | None] = {
    m.CoachingEngagement: "body",
    m.CoachingStep: "engagement__body",
    m.CoachingSession: "engagement__body",
    m.CoachingDocument: "engagement__body",
    m.PracticeExample: "body",
    m.WorkshopPracticeExample: "day__phase__process__body",
    m.CoachingTopic: None,
    m.TrainingSeries: None,
    m.TrainingModule: None,
    m.HostInterest: None,
    m.Course: None,
    m.CourseRegistration: None,
}


def access_coaching_object(actor: Any, body: Body, model: type[M], pk: int, **related: Any) -> M:
    """An object of a coaching engagement of `body`, for the body's office and state staff."""
    if not actor.has_perm("statewide.view_coaching", body):
        raise Http404
    queryset = model._default_manager.all()
    if related.get("select_related"):
        queryset = queryset.select_related(*related["select_related"])
    return get_object_or_404(queryset, pk=pk, **{BODY_PATH[model]: body})


def access_state_object(actor: Any, model: type[M], pk: int) -> M:
    """An object of the state council (topic, series, module, interest, course, registration): state staff only."""
    if not _is_state_staff(actor):
        raise Http404
    return get_object_or_404(model._default_manager.all(), pk=pk)


def access_public_course(pk: int) -> m.Course:
    """A course of a published series, for everyone (what the public course list shows)."""
    return get_object_or_404(m.Course.objects.select_related("series", "module", "body"), pk=pk, series__published=True)


def access_practice_example(actor: Any, body: Body, pk: int) -> m.PracticeExample:
    """A practice example of `body`: published ones for everyone, drafts for those who publish them."""
    example = get_object_or_404(m.PracticeExample.objects.select_related("body", "measure"), pk=pk, body=body)
    if not example.published and not actor.has_perm("statewide.publish_practice", body):
        raise Http404
    return example


def _is_state_staff(actor: Any) -> bool:
    from querschnitt.tenancy.selectors import is_state_staff

    return is_state_staff(actor)
