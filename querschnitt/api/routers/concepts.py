"""Concepts, their fields of action, guiding goals and annual goals."""

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status
from ninja.pagination import paginate

from querschnitt.strategy import services
from querschnitt.strategy.models import AnnualGoal, Concept, FieldOfAction, GuidingGoal

from .. import selectors
from ..access import editable_body, fetch, readable_body, require_edit, resolve_references
from ..schemas import (
    AnnualGoalIn,
    AnnualGoalOut,
    AnnualGoalPatch,
    ConceptDetailOut,
    ConceptIn,
    ConceptOut,
    ConceptPatch,
    FieldIn,
    FieldOut,
    FieldPatch,
    GuidingGoalIn,
    GuidingGoalOut,
    GuidingGoalPatch,
)
from .common import READ_ERRORS, WRITE_ERRORS, BodySlug, Pagination, apply_override, check_ordered, pop_override

router = Router(tags=["concepts"])

# --- Concepts -------------------------------------------------------------------------------------------------------


@router.get(
    "/bodies/{body}/concepts",
    response={200: list[ConceptOut], **READ_ERRORS},
    url_name="concept_list",
    summary=_("List the versions of the integration concept"),
    description=_("Newest version first."),
)
@paginate(Pagination)
def concept_list(request: HttpRequest, body: BodySlug):
    return selectors.concept_list(readable_body(request, body))


@router.post(
    "/bodies/{body}/concepts",
    response={201: ConceptDetailOut, **WRITE_ERRORS},
    url_name="concept_create",
    summary=_("Create a new version of the integration concept"),
    description=_(
        "The version number is the next free one. Creating an adopted version supersedes the adopted one before."
    ),
)
def concept_create(request: HttpRequest, body: BodySlug, payload: ConceptIn):
    body_obj = editable_body(request, body)
    concept = services.concept_create(actor=request.user, body=body_obj, **payload.model_dump(exclude_unset=True))
    return Status(201, selectors.concept_detail(concept))


@router.get(
    "/bodies/{body}/concepts/{int:concept_id}",
    response={200: ConceptDetailOut, **READ_ERRORS},
    url_name="concept_detail",
    summary=_("Read a concept with its fields of action and goals"),
)
def concept_detail(request: HttpRequest, body: BodySlug, concept_id: int):
    concept = fetch(request, readable_body(request, body), Concept, concept_id)
    return selectors.concept_detail(concept)


@router.patch(
    "/bodies/{body}/concepts/{int:concept_id}",
    response={200: ConceptDetailOut, **WRITE_ERRORS},
    url_name="concept_update",
    summary=_("Change a concept"),
    description=_("Only the fields sent are changed. Adopting a version supersedes the version adopted before."),
)
def concept_update(request: HttpRequest, body: BodySlug, concept_id: int, payload: ConceptPatch):  # type: ignore[valid-type]
    body_obj = readable_body(request, body)
    concept = fetch(request, body_obj, Concept, concept_id)
    require_edit(request, body_obj)
    changes = payload.model_dump(exclude_unset=True)
    check_ordered(concept, changes)
    concept = services.concept_update(actor=request.user, concept=concept, **changes)
    return selectors.concept_detail(concept)


# --- Fields of action ----------------------------------------------------------------------------------------------

FIELD_LINKS = {"parent_id": ("parent", FieldOfAction)}


@router.post(
    "/bodies/{body}/concepts/{int:concept_id}/fields",
    response={201: FieldOut, **WRITE_ERRORS},
    url_name="field_create",
    summary=_("Add a field of action to a concept"),
)
def field_create(request: HttpRequest, body: BodySlug, concept_id: int, payload: FieldIn):
    body_obj = readable_body(request, body)
    concept = fetch(request, body_obj, Concept, concept_id)
    require_edit(request, body_obj)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), one=FIELD_LINKS)
    field = services.field_of_action_create(actor=request.user, concept=concept, **data)
    return Status(201, selectors.field_detail(field))


@router.get(
    "/bodies/{body}/fields/{int:fieldofaction_id}",
    response={200: FieldOut, **READ_ERRORS},
    url_name="field_detail",
    summary=_("Read a field of action with its goals"),
)
def field_detail(request: HttpRequest, body: BodySlug, fieldofaction_id: int):
    field = fetch(request, readable_body(request, body), FieldOfAction, fieldofaction_id)
    return selectors.field_detail(field)


@router.patch(
    "/bodies/{body}/fields/{int:fieldofaction_id}",
    response={200: FieldOut, **WRITE_ERRORS},
    url_name="field_update",
    summary=_("Change a field of action"),
)
def field_update(request: HttpRequest, body: BodySlug, fieldofaction_id: int, payload: FieldPatch):  # type: ignore[valid-type]
    body_obj = readable_body(request, body)
    field = fetch(request, body_obj, FieldOfAction, fieldofaction_id)
    require_edit(request, body_obj)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), one=FIELD_LINKS)
    field = services.field_of_action_update(actor=request.user, field=field, **data)
    return selectors.field_detail(field)


@router.delete(
    "/bodies/{body}/fields/{int:fieldofaction_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="field_delete",
    summary=_("Delete a field of action with its goals"),
)
def field_delete(request: HttpRequest, body: BodySlug, fieldofaction_id: int):
    body_obj = readable_body(request, body)
    field = fetch(request, body_obj, FieldOfAction, fieldofaction_id)
    require_edit(request, body_obj)
    services.field_of_action_delete(actor=request.user, field=field)
    return Status(204, None)


# --- Guiding goals --------------------------------------------------------------------------------------------------


@router.post(
    "/bodies/{body}/fields/{int:fieldofaction_id}/guiding-goals",
    response={201: GuidingGoalOut, **WRITE_ERRORS},
    url_name="guiding_goal_create",
    summary=_("Add a guiding goal to a field of action"),
)
def guiding_goal_create(request: HttpRequest, body: BodySlug, fieldofaction_id: int, payload: GuidingGoalIn):
    body_obj = readable_body(request, body)
    field = fetch(request, body_obj, FieldOfAction, fieldofaction_id)
    require_edit(request, body_obj)
    data = payload.model_dump(exclude_unset=True)
    override = pop_override(data)
    with transaction.atomic():
        goal = services.guiding_goal_create(actor=request.user, field=field, **data)
        apply_override(request, goal, override)
    return Status(201, selectors.guiding_goal_detail(goal))


@router.get(
    "/bodies/{body}/guiding-goals/{int:guidinggoal_id}",
    response={200: GuidingGoalOut, **READ_ERRORS},
    url_name="guiding_goal_detail",
    summary=_("Read a guiding goal"),
)
def guiding_goal_detail(request: HttpRequest, body: BodySlug, guidinggoal_id: int):
    goal = fetch(request, readable_body(request, body), GuidingGoal, guidinggoal_id)
    return selectors.guiding_goal_detail(goal)


@router.patch(
    "/bodies/{body}/guiding-goals/{int:guidinggoal_id}",
    response={200: GuidingGoalOut, **WRITE_ERRORS},
    url_name="guiding_goal_update",
    summary=_("Change a guiding goal"),
)
def guiding_goal_update(request: HttpRequest, body: BodySlug, guidinggoal_id: int, payload: GuidingGoalPatch):  # type: ignore[valid-type]
    body_obj = readable_body(request, body)
    goal = fetch(request, body_obj, GuidingGoal, guidinggoal_id)
    require_edit(request, body_obj)
    data = payload.model_dump(exclude_unset=True)
    override = pop_override(data)
    with transaction.atomic():
        goal = services.guiding_goal_update(actor=request.user, goal=goal, **data)
        apply_override(request, goal, override)
    return selectors.guiding_goal_detail(goal)


@router.delete(
    "/bodies/{body}/guiding-goals/{int:guidinggoal_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="guiding_goal_delete",
    summary=_("Delete a guiding goal with its annual goals"),
)
def guiding_goal_delete(request: HttpRequest, body: BodySlug, guidinggoal_id: int):
    body_obj = readable_body(request, body)
    goal = fetch(request, body_obj, GuidingGoal, guidinggoal_id)
    require_edit(request, body_obj)
    services.guiding_goal_delete(actor=request.user, goal=goal)
    return Status(204, None)


# --- Annual goals ---------------------------------------------------------------------------------------------------

ANNUAL_GOAL_LINKS = {"guiding_goal_id": ("guiding_goal", GuidingGoal)}


@router.post(
    "/bodies/{body}/fields/{int:fieldofaction_id}/annual-goals",
    response={201: AnnualGoalOut, **WRITE_ERRORS},
    url_name="annual_goal_create",
    summary=_("Add an annual goal to a field of action"),
)
def annual_goal_create(request: HttpRequest, body: BodySlug, fieldofaction_id: int, payload: AnnualGoalIn):
    body_obj = readable_body(request, body)
    field = fetch(request, body_obj, FieldOfAction, fieldofaction_id)
    require_edit(request, body_obj)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), one=ANNUAL_GOAL_LINKS)
    override = pop_override(data)
    with transaction.atomic():
        goal = services.annual_goal_create(actor=request.user, field=field, **data)
        apply_override(request, goal, override)
    return Status(201, selectors.annual_goal_detail(goal))


@router.get(
    "/bodies/{body}/annual-goals/{int:annualgoal_id}",
    response={200: AnnualGoalOut, **READ_ERRORS},
    url_name="annual_goal_detail",
    summary=_("Read an annual goal"),
)
def annual_goal_detail(request: HttpRequest, body: BodySlug, annualgoal_id: int):
    goal = fetch(request, readable_body(request, body), AnnualGoal, annualgoal_id)
    return selectors.annual_goal_detail(goal)


@router.patch(
    "/bodies/{body}/annual-goals/{int:annualgoal_id}",
    response={200: AnnualGoalOut, **WRITE_ERRORS},
    url_name="annual_goal_update",
    summary=_("Change an annual goal"),
)
def annual_goal_update(request: HttpRequest, body: BodySlug, annualgoal_id: int, payload: AnnualGoalPatch):  # type: ignore[valid-type]
    body_obj = readable_body(request, body)
    goal = fetch(request, body_obj, AnnualGoal, annualgoal_id)
    require_edit(request, body_obj)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), one=ANNUAL_GOAL_LINKS)
    check_ordered(goal, data)
    override = pop_override(data)
    with transaction.atomic():
        goal = services.annual_goal_update(actor=request.user, goal=goal, **data)
        apply_override(request, goal, override)
    return selectors.annual_goal_detail(goal)


@router.delete(
    "/bodies/{body}/annual-goals/{int:annualgoal_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="annual_goal_delete",
    summary=_("Delete an annual goal"),
)
def annual_goal_delete(request: HttpRequest, body: BodySlug, annualgoal_id: int):
    body_obj = readable_body(request, body)
    goal = fetch(request, body_obj, AnnualGoal, annualgoal_id)
    require_edit(request, body_obj)
    services.annual_goal_delete(actor=request.user, goal=goal)
    return Status(204, None)
