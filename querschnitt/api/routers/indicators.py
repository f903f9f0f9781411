"""Indicators with their targets and observations."""

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Body, Field, Query, Router, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy import services
from querschnitt.strategy.models import AnnualGoal, GuidingGoal, Indicator, IndicatorCatalogueEntry, IndicatorTarget
from querschnitt.strategy.services import ObservationRow

from .. import selectors
from ..access import IMPORT, editable_body, fetch, readable_body, require_edit, resolve_references
from ..schemas import (
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    NulFree,
    ObservationImportOut,
    ObservationIn,
    ObservationOut,
    TargetIn,
    TargetOut,
    TargetPatch,
)
from .common import READ_ERRORS, WRITE_ERRORS, BodySlug, Pagination, apply_override, pop_override

router = Router(tags=["indicators"])

MAX_OBSERVATIONS = 10_000
GOAL_LINKS = {"guiding_goal_ids": ("guiding_goals", GuidingGoal), "annual_goal_ids": ("annual_goals", AnnualGoal)}


def _with_catalogue_entry(data: dict) -> dict:
    if "catalogue_code" in data:
        code = data.pop("catalogue_code")
        entry = None
        if code is not None:
            entry = IndicatorCatalogueEntry.objects.filter(code=code).first()
            if entry is None:
                raise ApplicationError(
                    gettext("The catalogue has no indicator number %(code)s.") % {"code": code}, field="catalogue_code"
                )
        data["catalogue_entry"] = entry
    return data


# --- Indicators -----------------------------------------------------------------------------------------------------


class IndicatorFilter(NulFree):
    q: str = Field("", max_length=100, description="Part of the name.")


@router.get(
    "/bodies/{body}/indicators",
    response={200: list[IndicatorOut], **READ_ERRORS},
    url_name="indicator_list",
    summary=_("List the indicators of a body"),
    description=_("With targets and the progress status towards the first target."),
)
@paginate(Pagination)
def indicator_list(request: HttpRequest, body: BodySlug, filters: Query[IndicatorFilter]):
    return selectors.indicator_list(readable_body(request, body), query=filters.q.strip())


@router.post(
    "/bodies/{body}/indicators",
    response={201: IndicatorOut, **WRITE_ERRORS},
    url_name="indicator_create",
    summary=_("Create an indicator"),
    description=_(
        "Goals are linked by their ids; they must belong to this body. With `catalogue_code` the definition, "
        "source, levels and polarity come from the catalogue unless they are sent."
    ),
)
def indicator_create(request: HttpRequest, body: BodySlug, payload: IndicatorIn):
    body_obj = editable_body(request, body)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), many=GOAL_LINKS)
    override = pop_override(data)
    with transaction.atomic():
        indicator = services.indicator_create(actor=request.user, body=body_obj, **_with_catalogue_entry(data))
        apply_override(request, indicator, override)
    return Status(201, selectors.indicator_detail(indicator))


@router.get(
    "/bodies/{body}/indicators/{int:indicator_id}",
    response={200: IndicatorOut, **READ_ERRORS},
    url_name="indicator_detail",
    summary=_("Read an indicator with its targets and progress"),
)
def indicator_detail(request: HttpRequest, body: BodySlug, indicator_id: int):
    indicator = fetch(request, readable_body(request, body), Indicator, indicator_id)
    return selectors.indicator_detail(indicator)


@router.patch(
    "/bodies/{body}/indicators/{int:indicator_id}",
    response={200: IndicatorOut, **WRITE_ERRORS},
    url_name="indicator_update",
    summary=_("Change an indicator"),
    description=_("Sending `guiding_goal_ids` or `annual_goal_ids` replaces those links; leaving them out keeps them."),
)
def indicator_update(request: HttpRequest, body: BodySlug, indicator_id: int, payload: IndicatorPatch):  # type: ignore[valid-type]
    body_obj = readable_body(request, body)
    indicator = fetch(request, body_obj, Indicator, indicator_id)
    require_edit(request, body_obj)
    data = resolve_references(body_obj, payload.model_dump(exclude_unset=True), many=GOAL_LINKS)
    override = pop_override(data)
    with transaction.atomic():
        indicator = services.indicator_update(actor=request.user, indicator=indicator, **_with_catalogue_entry(data))
        apply_override(request, indicator, override)
    return selectors.indicator_detail(indicator)


@router.delete(
    "/bodies/{body}/indicators/{int:indicator_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="indicator_delete",
    summary=_("Delete an indicator with its targets and observations"),
)
def indicator_delete(request: HttpRequest, body: BodySlug, indicator_id: int):
    body_obj = readable_body(request, body)
    indicator = fetch(request, body_obj, Indicator, indicator_id)
    require_edit(request, body_obj)
    services.indicator_delete(actor=request.user, indicator=indicator)
    return Status(204, None)


# --- Targets --------------------------------------------------------------------------------------------------------


@router.post(
    "/bodies/{body}/indicators/{int:indicator_id}/targets",
    response={201: TargetOut, **WRITE_ERRORS},
    url_name="target_create",
    summary=_("Add a target to an indicator"),
    description=_("The first target (by order) is the one the progress status measures against."),
)
def target_create(request: HttpRequest, body: BodySlug, indicator_id: int, payload: TargetIn):
    body_obj = readable_body(request, body)
    indicator = fetch(request, body_obj, Indicator, indicator_id)
    require_edit(request, body_obj)
    data = payload.model_dump(exclude_unset=True)
    kind = data.pop("kind", TargetIn.model_fields["kind"].default)
    target = services.indicator_target_create(actor=request.user, indicator=indicator, kind=kind, **data)
    return Status(201, target)


@router.patch(
    "/bodies/{body}/targets/{int:indicatortarget_id}",
    response={200: TargetOut, **WRITE_ERRORS},
    url_name="target_update",
    summary=_("Change a target"),
)
def target_update(request: HttpRequest, body: BodySlug, indicatortarget_id: int, payload: TargetPatch):  # type: ignore[valid-type]
    body_obj = readable_body(request, body)
    target = fetch(request, body_obj, IndicatorTarget, indicatortarget_id)
    require_edit(request, body_obj)
    return services.indicator_target_update(actor=request.user, target=target, **payload.model_dump(exclude_unset=True))


@router.delete(
    "/bodies/{body}/targets/{int:indicatortarget_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="target_delete",
    summary=_("Delete a target"),
)
def target_delete(request: HttpRequest, body: BodySlug, indicatortarget_id: int):
    body_obj = readable_body(request, body)
    target = fetch(request, body_obj, IndicatorTarget, indicatortarget_id)
    require_edit(request, body_obj)
    services.indicator_target_delete(actor=request.user, target=target)
    return Status(204, None)


# --- Observations ---------------------------------------------------------------------------------------------------


class ObservationFilter(NulFree):
    area_ags: str | None = Field(None, max_length=12, description="Only this area; an empty value for the own area.")
    total_only: bool = Field(False, description="Only totals (values without a breakdown).")


@router.get(
    "/bodies/{body}/indicators/{int:indicator_id}/observations",
    response={200: list[ObservationOut], **READ_ERRORS},
    url_name="observation_list",
    summary=_("List the observations of an indicator"),
    description=_("Oldest period first."),
)
@paginate(Pagination)
def observation_list(request: HttpRequest, body: BodySlug, indicator_id: int, filters: Query[ObservationFilter]):
    indicator = fetch(request, readable_body(request, body), Indicator, indicator_id)
    return selectors.observation_list(indicator, area_ags=filters.area_ags, total_only=filters.total_only)


ObservationList = Body[
    list[ObservationIn],
    {"min_length": 1, "max_length": MAX_OBSERVATIONS, "description": f"1 to {MAX_OBSERVATIONS} observations."},
]


def _refuse_duplicates(items: list[ObservationIn]) -> None:
    """The same key twice is an error at the second item (the service would refuse it without saying where)."""
    seen: dict[tuple, int] = {}
    errors = []
    for index, item in enumerate(items):
        key = ObservationRow(
            period_start=item.period_start,
            period_end=item.period_end,
            value=item.value,
            area_ags=item.area_ags,
            breakdown=item.breakdown,
        ).key
        if key in seen:
            errors.append(
                {
                    "loc": ("body", "payload", index),
                    "type": "duplicate",
                    "msg": "duplicate",
                    "ctx": {"first": seen[key]},
                }
            )
        else:
            seen[key] = index
    if errors:
        raise ValidationError(errors)


@router.post(
    "/bodies/{body}/indicators/{int:indicator_id}/observations",
    response={200: ObservationImportOut, **WRITE_ERRORS},
    url_name="observation_upsert",
    summary=_("Write observations (all or nothing)"),
    description=_(
        "A list of observations. Every item is checked first; if one is wrong, nothing is written and the error "
        "names its position. An observation with the key of an existing one (period, area, breakdown) replaces "
        "its values, so sending the same list again changes nothing."
    ),
)
def observation_upsert(request: HttpRequest, body: BodySlug, indicator_id: int, payload: ObservationList):
    body_obj = readable_body(request, body)
    indicator = fetch(request, body_obj, Indicator, indicator_id)
    require_edit(request, body_obj, IMPORT)
    _refuse_duplicates(payload)
    rows = [ObservationRow(**item.model_dump()) for item in payload]
    token = getattr(request, "api_token", None)
    source = f"API ({token.name})" if token is not None else "API"
    log = services.observations_upsert(actor=request.user, indicator=indicator, rows=rows, file_name=source)
    return ObservationImportOut(
        import_id=log.pk,
        created=log.created_rows,
        updated=log.updated_rows,
        unchanged=len(rows) - log.created_rows - log.updated_rows,
    )
