"""What the API reads and writes. Conventions for every schema:

- decimals go out as strings without needless trailing zeros ("12.5"), so that no precision is lost in JSON, and come
  in as numbers or strings;
- dates and times are ISO 8601;
- a choice goes out as its code (`status: "running"`) with a German label beside it (`status_label: "Läuft"`) and
  comes in as its code;
- input schemas refuse unknown fields, so that a misspelt field is an error instead of silently doing nothing;
- a PATCH schema has the fields of its create schema, all optional: a field that is left out stays as it is.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, PlainSerializer, create_model, field_validator, model_validator
from pydantic.fields import FieldInfo

from querschnitt.strategy import selectors as strategy_selectors
from querschnitt.strategy.models import (
    Comparison,
    ConceptStatus,
    CyclePhase,
    IndicatorKind,
    MeasureStatus,
    Observation,
    Polarity,
    ProgressStatus,
    TargetKind,
)
from querschnitt.tenancy.selectors import roles_in_body


def decimal_text(value: Decimal) -> str:
    """12.5000 → "12.5"; 100.0000 → "100"; never an exponent."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


DecimalOut = Annotated[Decimal, PlainSerializer(decimal_text, return_type=str)]
DecimalIn = Annotated[Decimal, Field(max_digits=14, decimal_places=4)]

# Numbers the database can hold: ids are BigAutoFields; order, points and catalogue numbers PositiveIntegerFields
# (PostgreSQL's integer). A larger number is a 422 at its field instead of a database error.
MAX_ID = 2**63 - 1
MAX_NUMBER = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Number = Annotated[int, Field(ge=0, le=MAX_NUMBER)]


def label(value: str, choices: Any) -> str:
    """The (translated) label of a choice code; "" for an empty code."""
    if not value:
        return ""
    return str(dict(choices.choices).get(value, value))


# --- Errors ----------------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the user's language (German by default).")
    field: str | None = Field(None, description="The input field the error belongs to, if any.")


class ValidationErrorItem(Schema):
    loc: list[str | int] = Field(description='Where the error is, e.g. ["body", "payload", 3, "value"].')
    field: str | None = Field(None, description="The name of the field, if the error belongs to one.")
    index: int | None = Field(None, description="For a list in the body: the position (from 0) of the bad item.")
    message: str
    type: str = Field(description="The machine-readable kind of error (pydantic's error type).")


class ValidationErrorOut(Schema):
    detail: str
    errors: list[ValidationErrorItem]


# --- Inputs: shared -------------------------------------------------------------------------------------------------


def _unstorable(value: Any) -> bool:
    """A NUL character is never part of a text, and PostgreSQL cannot store it. (Pydantic itself refuses half of a
    surrogate pair.)"""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_unstorable(key) or _unstorable(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_unstorable(item) for item in value)
    return False


class NulFree(Schema):
    """Input of any kind (body or query): no text may contain a character the database cannot store."""

    @field_validator("*", mode="after")
    @classmethod
    def storable_text(cls, value: Any) -> Any:
        if _unstorable(value):
            raise ValueError(_("The text must not contain a null character."))
        return value


class InputSchema(NulFree):
    model_config = ConfigDict(extra="forbid")


def patch_schema(schema: type[InputSchema], name: str) -> type[InputSchema]:
    """The same fields, none required. A nullable field can be set to null; for the others null is an error
    (their default is not validated, so leaving them out is fine)."""
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        optional = FieldInfo.merge_field_infos(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation, optional)
    return create_model(name, __base__=schema, **fields)  # type: ignore[call-overload]


class ProgressOverrideIn(InputSchema):
    progress_override: ProgressStatus | None = Field(
        None, description="A progress status set by hand instead of the computed one; null clears it."
    )
    progress_override_reason: str = Field("", description="Required with a manual progress status.")


# --- Bodies ----------------------------------------------------------------------------------------------------------


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    ags: str | None
    roles: list[str] = Field(description="The caller's roles in this body.")
    may_edit_concept: bool

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    # The caller's roles are cached on the user object, so these cost no query per body.
    @staticmethod
    def resolve_roles(obj: Any, context: Any) -> list[str]:
        return sorted(roles_in_body(context["request"].user, obj))

    @staticmethod
    def resolve_may_edit_concept(obj: Any, context: Any) -> bool:
        return context["request"].user.has_perm("strategy.edit_concept", obj)


# --- Concept ---------------------------------------------------------------------------------------------------------


class ConceptIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    status: ConceptStatus = ConceptStatus.DRAFT
    period_start: date | None = None
    period_end: date | None = None
    mission_statement: str = ""
    cycle_phase: CyclePhase = CyclePhase.MISSION
    adopted_on: date | None = None
    adopted_by: str = Field("", max_length=300)

    @model_validator(mode="after")
    def period_in_order(self) -> ConceptIn:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError(_("The end of the period must not lie before its start."))
        return self


ConceptPatch = patch_schema(ConceptIn, "ConceptPatch")


class ConceptOut(Schema):
    id: int
    title: str
    version: int
    status: str
    status_label: str
    period_start: date | None
    period_end: date | None
    mission_statement: str
    cycle_phase: str
    cycle_phase_label: str
    adopted_on: date | None
    adopted_by: str
    predecessor_id: int | None
    created: datetime
    modified: datetime

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return label(obj.status, ConceptStatus)

    @staticmethod
    def resolve_cycle_phase_label(obj: Any) -> str:
        return label(obj.cycle_phase, CyclePhase)


# --- Fields of action and goals -----------------------------------------------------------------------------------


class FieldIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    order: Number = 0
    priority_points: Number | None = None
    parent_id: Id | None = Field(None, description="The area (another field of the same concept) it belongs to.")


FieldPatch = patch_schema(FieldIn, "FieldPatch")


class GoalOutBase(Schema):
    """Resolvers shared by guiding and annual goals (the fields are declared in each, so that `id` comes first)."""

    @staticmethod
    def resolve_progress_override_label(obj: Any) -> str:
        return label(obj.progress_override, ProgressStatus)

    @staticmethod
    def resolve_indicator_ids(obj: Any) -> list[int]:
        return [indicator.pk for indicator in obj.indicators.all()]


class AnnualGoalIn(ProgressOverrideIn):
    text: str = Field(min_length=1)
    guiding_goal_id: Id | None = Field(None, description="The guiding goal (of the same field) it serves.")
    year_start: int | None = Field(None, ge=1900, le=2200)
    year_end: int | None = Field(None, ge=1900, le=2200)
    owner: str = Field("", max_length=300)
    order: Number = 0

    @model_validator(mode="after")
    def years_in_order(self) -> AnnualGoalIn:
        if self.year_start and self.year_end and self.year_end < self.year_start:
            raise ValueError(_("The last year must not lie before the first."))
        return self


AnnualGoalPatch = patch_schema(AnnualGoalIn, "AnnualGoalPatch")


class AnnualGoalOut(GoalOutBase):
    id: int
    field_id: int
    guiding_goal_id: int | None
    text: str
    year_start: int | None
    year_end: int | None
    owner: str
    order: int
    draft: bool = Field(description="Drafted in a workshop group and not yet confirmed by the concept's editors.")
    progress_override: str
    progress_override_label: str
    progress_override_reason: str
    indicator_ids: list[int]


class GuidingGoalIn(ProgressOverrideIn):
    text: str = Field(min_length=1)
    minimum_statement: str = ""
    rationale: str = ""
    order: Number = 0


GuidingGoalPatch = patch_schema(GuidingGoalIn, "GuidingGoalPatch")


class GuidingGoalOut(GoalOutBase):
    id: int
    field_id: int
    text: str
    minimum_statement: str
    rationale: str
    order: int
    draft: bool = Field(description="Drafted in a workshop group and not yet confirmed by the concept's editors.")
    progress_override: str
    progress_override_label: str
    progress_override_reason: str
    indicator_ids: list[int]
    annual_goals: list[AnnualGoalOut] = Field(description="The annual goals that serve this guiding goal.")

    @staticmethod
    def resolve_annual_goals(obj: Any) -> list[Any]:
        return getattr(obj, "api_annual_goals", [])


class FieldOut(Schema):
    id: int
    concept_id: int
    parent_id: int | None
    title: str
    description: str
    order: int
    priority_points: int | None
    guiding_goals: list[GuidingGoalOut]
    annual_goals: list[AnnualGoalOut] = Field(description="Annual goals of the field without a guiding goal.")

    @staticmethod
    def resolve_guiding_goals(obj: Any) -> list[Any]:
        return getattr(obj, "api_guiding_goals", [])

    @staticmethod
    def resolve_annual_goals(obj: Any) -> list[Any]:
        return getattr(obj, "api_annual_goals", [])


class ConceptDetailOut(ConceptOut):
    fields: list[FieldOut] = Field(
        description="Fields of action (areas first, in their order) with their guiding goals and annual goals."
    )

    @staticmethod
    def resolve_fields(obj: Any) -> list[Any]:
        return getattr(obj, "api_fields", [])


# --- Indicators -----------------------------------------------------------------------------------------------------


class TargetIn(InputSchema):
    kind: TargetKind = TargetKind.VALUE
    value: DecimalIn | None = None
    due_date: date | None = None
    due_label: str = Field("", max_length=100)
    description: str = ""
    order: Number = 0


TargetPatch = patch_schema(TargetIn, "TargetPatch")


class TargetOut(Schema):
    id: int
    indicator_id: int
    kind: str
    kind_label: str
    value: DecimalOut | None
    due_date: date | None
    due_label: str
    description: str
    order: int

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return label(obj.kind, TargetKind)


class IndicatorIn(ProgressOverrideIn):
    name: str = Field(min_length=1, max_length=300)
    catalogue_code: Number | None = Field(None, description="Number of the indicator in the catalogue it comes from.")
    definition: str = ""
    numerator: str = Field("", max_length=300)
    denominator: str = Field("", max_length=300)
    reference_date: str = Field("", max_length=100)
    unit: str = Field("", max_length=50)
    polarity: Polarity = Polarity.UP
    kind: IndicatorKind = IndicatorKind.QUANTITATIVE
    data_source: str = Field("", max_length=300)
    levels: str = Field("", max_length=20)
    baseline_value: DecimalIn | None = None
    baseline_comparison: Comparison = Comparison.EQUAL
    baseline_date: date | None = None
    baseline_note: str = Field("", max_length=200)
    guiding_goal_ids: list[Id] = Field(default_factory=list, description="Guiding goals the indicator measures.")
    annual_goal_ids: list[Id] = Field(default_factory=list, description="Annual goals the indicator measures.")


IndicatorPatch = patch_schema(IndicatorIn, "IndicatorPatch")


def _status_of(obj: Any) -> tuple[str, str]:
    """(status, computed status) of an indicator, computed once per object."""
    cached = getattr(obj, "_api_status", None)
    if cached is None:
        computed = strategy_selectors.computed_indicator_status(obj)
        cached = (obj.progress_override or computed, computed)
        obj._api_status = cached
    return cached


class IndicatorOut(Schema):
    id: int
    name: str
    catalogue_code: int | None
    definition: str
    numerator: str
    denominator: str
    reference_date: str
    unit: str
    polarity: str
    polarity_label: str
    kind: str
    kind_label: str
    data_source: str
    levels: str
    baseline_value: DecimalOut | None
    baseline_comparison: str
    baseline_date: date | None
    baseline_note: str
    draft: bool = Field(description="Drafted in a workshop group and not yet confirmed by the concept's editors.")
    guiding_goal_ids: list[int]
    annual_goal_ids: list[int]
    targets: list[TargetOut]
    status: str = Field(description="Progress towards the first target: the manual status if set, else computed.")
    status_label: str
    computed_status: str
    progress_override: str
    progress_override_reason: str
    latest_value: DecimalOut | None = Field(description="The newest total value for the body's own area.")
    latest_period_end: date | None
    created: datetime
    modified: datetime

    @staticmethod
    def resolve_catalogue_code(obj: Any) -> int | None:
        return obj.catalogue_entry.code if obj.catalogue_entry_id else None

    @staticmethod
    def resolve_polarity_label(obj: Any) -> str:
        return label(obj.polarity, Polarity)

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return label(obj.kind, IndicatorKind)

    @staticmethod
    def resolve_guiding_goal_ids(obj: Any) -> list[int]:
        return [goal.pk for goal in obj.guiding_goals.all()]

    @staticmethod
    def resolve_annual_goal_ids(obj: Any) -> list[int]:
        return [goal.pk for goal in obj.annual_goals.all()]

    @staticmethod
    def resolve_targets(obj: Any) -> list[Any]:
        return list(obj.targets.all())

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return _status_of(obj)[0]

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return label(_status_of(obj)[0], ProgressStatus)

    @staticmethod
    def resolve_computed_status(obj: Any) -> str:
        return _status_of(obj)[1]

    @staticmethod
    def resolve_latest_value(obj: Any) -> Decimal | None:
        series = strategy_selectors.own_series(obj)
        return series[-1].value if series else None

    @staticmethod
    def resolve_latest_period_end(obj: Any) -> date | None:
        series = strategy_selectors.own_series(obj)
        return series[-1].period_end if series else None


# --- Observations ---------------------------------------------------------------------------------------------------


class ObservationIn(InputSchema):
    """One value; the key is (period_start, period_end, area_ags, breakdown). Sending a key again updates it."""

    period_start: date
    period_end: date
    value: DecimalIn
    period_label: str = Field("", max_length=50)
    area_ags: str = Field("", max_length=12, pattern=r"^[0-9]*$", description="Blank for the body's own area.")
    breakdown: dict[str, str] = Field(default_factory=dict, description='e.g. {"sex": "f"}; empty for the total.')
    unit: str = Field("", max_length=50)
    provisional: bool = False
    estimated: bool = False
    confidential: bool = False
    source: str = Field("", max_length=300)
    note: str = Field("", max_length=500)

    @model_validator(mode="after")
    def consistent(self) -> ObservationIn:
        if self.period_end < self.period_start:
            raise ValueError(_("The end of the period must not lie before its start."))
        if len(Observation.key_for(self.breakdown)) > 200:
            raise ValueError(_("The breakdown is too long (at most 200 characters in all)."))
        return self


class ObservationOut(Schema):
    id: int
    period_start: date
    period_end: date
    period_label: str
    area_ags: str
    breakdown: dict[str, Any]
    value: DecimalOut
    unit: str
    provisional: bool
    estimated: bool
    confidential: bool
    source: str
    note: str
    created: datetime
    modified: datetime


class ObservationImportOut(Schema):
    import_id: int
    created: int = Field(description="Values that were new.")
    updated: int = Field(description="Values that existed and changed.")
    unchanged: int = Field(description="Values that existed with the same data.")


# --- Measures -------------------------------------------------------------------------------------------------------


class MeasureIn(InputSchema):
    title: str = Field(min_length=1, max_length=500)
    field_id: Id | None = Field(None, description="The field of action (of the same concept).")
    description: str = ""
    considerations: str = Field("", description="What to consider in implementation, one point per line.")
    lead_owner: str = Field("", max_length=300)
    involved_actors: str = ""
    target_group: str = Field("", max_length=300)
    staff_time: str = Field("", max_length=300)
    status: MeasureStatus = MeasureStatus.PLANNED
    start_date: date | None = None
    end_date: date | None = None
    progress: int = Field(0, ge=0, le=100)
    order: Number = 0
    guiding_goal_ids: list[Id] = Field(default_factory=list)
    annual_goal_ids: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def dates_in_order(self) -> MeasureIn:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(_("The end must not lie before the start."))
        return self


MeasurePatch = patch_schema(MeasureIn, "MeasurePatch")


class BudgetLineOut(Schema):
    id: int
    year: int | None
    amount: DecimalOut
    amount_max: DecimalOut | None
    basis: str
    category_code: str | None
    category_name: str | None

    @staticmethod
    def resolve_category_code(obj: Any) -> str | None:
        return obj.category.code if obj.category_id else None

    @staticmethod
    def resolve_category_name(obj: Any) -> str | None:
        return obj.category.name if obj.category_id else None


class MeasureOut(Schema):
    id: int
    concept_id: int
    field_id: int | None
    field_title: str | None
    title: str
    description: str
    considerations: str
    lead_owner: str
    involved_actors: str
    target_group: str
    staff_time: str
    status: str
    status_label: str
    start_date: date | None
    end_date: date | None
    progress: int
    order: int
    draft: bool = Field(description="Drafted in a workshop group and not yet confirmed by the concept's editors.")
    guiding_goal_ids: list[int]
    annual_goal_ids: list[int]
    budget_lines: list[BudgetLineOut]
    created: datetime
    modified: datetime

    @staticmethod
    def resolve_field_title(obj: Any) -> str | None:
        return obj.field.title if obj.field_id else None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return label(obj.status, MeasureStatus)

    @staticmethod
    def resolve_guiding_goal_ids(obj: Any) -> list[int]:
        return [goal.pk for goal in obj.guiding_goals.all()]

    @staticmethod
    def resolve_annual_goal_ids(obj: Any) -> list[int]:
        return [goal.pk for goal in obj.annual_goals.all()]

    @staticmethod
    def resolve_budget_lines(obj: Any) -> list[Any]:
        return list(obj.budget_lines.all())
