"""Reads of the coaching: the engagements of a body or of all NRW (state staff), one engagement with everything on
its page, the coaches, the statutes of the coached body and the topic catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from querschnitt.committees.models import Statute
from querschnitt.tenancy.models import Body, Role

from .models import (
    CoachingDocument,
    CoachingEngagement,
    CoachingStatus,
    CoachingStep,
    CoachingStepKind,
    CoachingTopic,
    StepStatus,
)

# The sub-points of each step in seed 000, shown as hints beside the step.
STEP_HINTS: dict[str, list[Any]] = {
    CoachingStepKind.RESEARCH: [
        _("Research of the Hauptsatzung, the Zuständigkeitsordnung, the Geschäftsordnung and the council's topics"),
        _("Role of the administration in supporting the council"),
    ],
    CoachingStepKind.MEETING: [
        _("Getting to know each other with the chairs and the committee office on site"),
        _("Understanding of the role of an integration council"),
        _("Agreement on the topics of the further procedure"),
    ],
    CoachingStepKind.MATERIALS: [
        _("Revision proposal for the statute and, where needed, the rules of procedure"),
        _("Concept of a model of the committee office (Geschäftsführung), model agenda and the like"),
        _("Answers to further questions that came up"),
    ],
    CoachingStepKind.ACCOMPANIMENT: [
        _(
            "Exchange about useful amendments to the Hauptsatzung or Zuständigkeitsordnung and the role of the rules "
            "of procedure"
        ),
        _("Where needed, preparing talks with politics about extending the council's responsibilities"),
        _("Thoughts on suitable working structures such as Arbeitskreise"),
    ],
}

# The statuses in the words of the coaching: other apps' catalogues translate the bare words differently.
ENGAGEMENT_STATUS_LABELS: dict[str, Any] = {
    CoachingStatus.REQUESTED: pgettext_lazy("coaching status", "Requested"),
    CoachingStatus.AGREED: pgettext_lazy("coaching status", "Agreed"),
    CoachingStatus.RUNNING: pgettext_lazy("coaching status", "In progress"),
    CoachingStatus.COMPLETED: pgettext_lazy("coaching status", "Completed"),
    CoachingStatus.DECLINED: pgettext_lazy("coaching status", "Declined"),
}
STEP_STATUS_LABELS: dict[str, Any] = {
    StepStatus.OPEN: pgettext_lazy("coaching step status", "Open"),
    StepStatus.RUNNING: pgettext_lazy("coaching step status", "In progress"),
    StepStatus.DONE: pgettext_lazy("coaching step status", "Done"),
    StepStatus.SKIPPED: pgettext_lazy("coaching step status", "Not needed"),
}


def with_status_labels(items: Any) -> list[Any]:
    """The engagements or steps with `status_label`, the status in the coaching's words."""
    items = list(items)
    for item in items:
        labels = STEP_STATUS_LABELS if isinstance(item, CoachingStep) else ENGAGEMENT_STATUS_LABELS
        item.status_label = labels.get(item.status, item.status)
    return items


OPEN_STATUSES = (CoachingStatus.REQUESTED, CoachingStatus.AGREED, CoachingStatus.RUNNING)


def _list_queryset() -> QuerySet[CoachingEngagement]:
    return (
        CoachingEngagement.objects.select_related("body", "coach", "requested_by")
        .prefetch_related(Prefetch("topics", queryset=CoachingTopic.objects.only("pk", "title", "order")))
        .annotate(
            steps_done=Count("steps", filter=Q(steps__status__in=(StepStatus.DONE, StepStatus.SKIPPED))),
            steps_total=Count("steps"),
        )
    )


def engagements_of_body(body: Body) -> QuerySet[CoachingEngagement]:
    """The body's engagements, newest request first."""
    return _list_queryset().filter(body=body)


def engagement_list(*, status: str = "", coach: Any = None, query: str = "") -> QuerySet[CoachingEngagement]:
    """All engagements in NRW for state staff; filtered by status, coach („none“: without a coach) and body name."""
    engagements = _list_queryset()
    if status == "open":
        engagements = engagements.filter(status__in=OPEN_STATUSES)
    elif status in CoachingStatus.values:
        engagements = engagements.filter(status=status)
    if coach == "none":
        engagements = engagements.filter(coach=None)
    elif coach is not None:
        engagements = engagements.filter(coach=coach)
    if query:
        engagements = engagements.filter(body__name__icontains=query)
    return engagements.order_by("-requested_on", "-pk")


def engagement_detail_queryset() -> QuerySet[CoachingEngagement]:
    """An engagement with its coach, topics, steps (with statutes), sessions and documents."""
    return CoachingEngagement.objects.select_related("body", "coach", "requested_by").prefetch_related(
        "topics",
        Prefetch(
            "steps",
            queryset=CoachingStep.objects.prefetch_related(
                Prefetch("statutes", queryset=Statute.objects.only("pk", "kind", "title", "version", "body_id"))
            ),
        ),
        "sessions",
        Prefetch("documents", queryset=CoachingDocument.objects.select_related("uploaded_by")),
    )


def step_queryset() -> QuerySet[CoachingStep]:
    return CoachingStep.objects.select_related("engagement__body").prefetch_related("statutes")


def coaches() -> QuerySet[Any]:
    """Everyone on the state staff: who may coach."""
    user_model = get_user_model()
    return (
        user_model.objects.filter(role_assignments__role=Role.STATE_STAFF, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def statutes_of_body(body: Body) -> QuerySet[Statute]:
    """The coached body's statutes (every version and proposal), by kind and newest version first."""
    return Statute.objects.filter(body=body).order_by("kind", "-version", "pk")


def topics_for_choice(*, keep: Any = ()) -> QuerySet[CoachingTopic]:
    """The offered topics, and those of `keep` (already chosen) even if no longer offered."""
    return CoachingTopic.objects.filter(Q(active=True) | Q(pk__in=list(keep)))


def topic_list() -> QuerySet[CoachingTopic]:
    """The catalogue with the number of engagements that agreed each topic."""
    return CoachingTopic.objects.annotate(engagement_count=Count("engagements")).order_by("order", "pk")
