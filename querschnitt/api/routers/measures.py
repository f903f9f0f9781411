"""Measures of a concept."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from querschnitt.strategy import services
from querschnitt.strategy.models import AnnualGoal, Concept, FieldOfAction, GuidingGoal, Measure, MeasureStatus

from .. import selectors
from ..access import fetch, readable_body, require_edit, resolve_references
from ..schemas import MeasureIn, MeasureOut, MeasurePatch, NulFree
from .common import READ_ERRORS, WRITE_ERRORS, BodySlug, Pagination, check_ordered

router = Router(tags=["measures"])

MEASURE_LINK = {"field_id": ("field", FieldOfAction)}
GOAL_LINKS = {"guiding_goal_ids": ("guiding_goals", GuidingGoal), "annual_goal_ids": ("annual_goals", AnnualGoal)}


class MeasureFilter(NulFree):
    status: MeasureStatus | None = Field(None, description="Only measures with this status.")
    field_id: int | None = Field(None, ge=1, description="Only measures of this field of action.")


@router.get(
    "/bodies/{body}/concepts/{int:concept_id}/measures",
    response={200: list[MeasureOut], **READ_ERRORS},
    url_name="measure_list",
    summary=_("List the measures of a concept"),
    description=_("In the order of their fields of action, then their own order."),
)
@paginate(Pagination)
def measure_list(request: HttpRequest, body: BodySlug, concept_id: int, filters: Query[MeasureFilter]):
    concept = fetch(request, readable_body(request, body), Concept, concept_id)
    return selectors.measure_list(concept, status=filters.status or "", field_id=filters.field_id)


@router.post(
    "/bodies/{body}/concepts/{int:concept_id}/measures",
    response={201: MeasureOut, **WRITE_ERRORS},
    url_name="measure_create",
    summary=_("Add a measure to a concept"),
    description=_("The field of action must belong to the same concept; goals must belong to this body."),
)
def measure_create(request: HttpRequest, body: BodySlug, concept_id: int, payload: MeasureIn):
    body_obj = readable_body(request, body)
    concept = fetch(request, body_obj, Concept, concept_id)
    require_edit(request, body_obj)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), one=MEASURE_LINK, many=GOAL_LINKS)
    measure = services.measure_create(actor=request.user, concept=concept, **data)
    return Status(201, selectors.measure_detail(measure))


@router.get(
    "/bodies/{body}/measures/{int:measure_id}",
    response={200: MeasureOut, **READ_ERRORS},
    url_name="measure_detail",
    summary=_("Read a measure"),
)
def measure_detail(request: HttpRequest, body: BodySlug, measure_id: int):
    measure = fetch(request, readable_body(request, body), Measure, measure_id)
    return selectors.measure_detail(measure)


@router.patch(
    "/bodies/{body}/measures/{int:measure_id}",
    response={200: MeasureOut, **WRITE_ERRORS},
    url_name="measure_update",
    summary=_("Change a measure"),
    description=_("Sending `guiding_goal_ids` or `annual_goal_ids` replaces those links; leaving them out keeps them."),
)
def measure_update(request: HttpRequest, body: BodySlug, measure_id: int, payload: MeasurePatch):  # type: ignore[valid-type]
    body_obj = readable_body(request, body)
    measure = fetch(request, body_obj, Measure, measure_id)
    require_edit(request, body_obj)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), one=MEASURE_LINK, many=GOAL_LINKS)
    check_ordered(measure, data)
    measure = services.measure_update(actor=request.user, measure=measure, **data)
    return selectors.measure_detail(measure)


@router.delete(
    "/bodies/{body}/measures/{int:measure_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="measure_delete",
    summary=_("Delete a measure"),
)
def measure_delete(request: HttpRequest, body: BodySlug, measure_id: int):
    body_obj = readable_body(request, body)
    measure = fetch(request, body_obj, Measure, measure_id)
    require_edit(request, body_obj)
    services.measure_delete(actor=request.user, measure=measure)
    return Status(204, None)
