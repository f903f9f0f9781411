"""Export of a whole concept as JSON (for other programs) and as XLSX (for people who work in Excel).

`concept_export_data` reads everything in a fixed number of queries, whatever the size of the concept, into plain
lists of dicts with stable English keys and ids that link them (a flat shape: each kind of object is one list, as
each is one sheet of the workbook). Indicators belong to the body; the export holds those linked to a goal of the
concept, with all their targets and observations (totals and breakdowns). In JSON, decimals are always strings
("12.5", never 12.5, so nothing is lost to floating point) and dates ISO 8601; a blank `area_ags` of an observation
means the body's own area.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .imports import period_label
from .models import (
    AnnualGoal,
    Comparison,
    Concept,
    ConceptStatus,
    CyclePhase,
    Evaluation,
    EvaluationDecision,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Measure,
    MeasureBudget,
    MeasureStatus,
    Milestone,
    Observation,
    Polarity,
    ProgressStatus,
    TargetKind,
    TrafficLight,
)

FORMAT = "querschnitt-concept/1"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Reading -------------------------------------------------------------------------------------------------------


def _links(through: Any, owner: str, target: str, **filters: Any) -> dict[int, list[int]]:
    """The ids an m2m relation links, read from its table in one query: {owner id: [target ids]}."""
    result: dict[int, list[int]] = defaultdict(list)
    for owner_id, target_id in through.objects.filter(**filters).order_by(owner, target).values_list(owner, target):
        result[owner_id].append(target_id)
    return result


def concept_export_data(concept: Concept, *, now: datetime | None = None) -> dict[str, Any]:
    """The whole concept as plain data (Decimal, date and str values; lists of ids for links)."""
    body = concept.body
    fields = list(FieldOfAction.objects.filter(concept=concept).order_by("order", "pk"))
    guiding_goals = list(GuidingGoal.objects.filter(field__concept=concept).order_by("field__order", "order", "pk"))
    annual_goals = list(AnnualGoal.objects.filter(field__concept=concept).order_by("field__order", "order", "pk"))
    in_concept = Q(guiding_goals__field__concept=concept) | Q(annual_goals__field__concept=concept)
    indicators = list(
        Indicator.objects.filter(in_concept).distinct().select_related("catalogue_entry").order_by("name", "pk")
    )
    indicator_ids = [indicator.pk for indicator in indicators]
    targets = list(IndicatorTarget.objects.filter(indicator_id__in=indicator_ids).order_by("indicator_id", "order"))
    observations = Observation.objects.filter(indicator_id__in=indicator_ids).order_by(
        "indicator_id", "period_start", "period_end", "area_ags", "breakdown_key"
    )
    indicator_guiding = _links(
        Indicator.guiding_goals.through, "indicator_id", "guidinggoal_id", guidinggoal__field__concept=concept
    )
    indicator_annual = _links(
        Indicator.annual_goals.through, "indicator_id", "annualgoal_id", annualgoal__field__concept=concept
    )
    measures = list(Measure.objects.filter(concept=concept).order_by("field__order", "order", "pk"))
    measure_guiding = _links(Measure.guiding_goals.through, "measure_id", "guidinggoal_id", measure__concept=concept)
    measure_annual = _links(Measure.annual_goals.through, "measure_id", "annualgoal_id", measure__concept=concept)
    budget_lines = MeasureBudget.objects.filter(measure__concept=concept).select_related("category")
    milestones = Milestone.objects.filter(measure__concept=concept).order_by("measure_id", "due_date", "pk")
    evaluations = Evaluation.objects.filter(concept=concept).select_related("reviewer").order_by("review_date", "pk")

    return {
        "format": FORMAT,
        "exported_at": (now or timezone.now()).astimezone(timezone.get_current_timezone()).replace(microsecond=0),
        "body": {"name": body.name, "slug": body.slug, "ags": body.ags or ""},
        "concept": {
            "id": concept.pk,
            "title": concept.title,
            "version": concept.version,
            "status": concept.status,
            "period_start": concept.period_start,
            "period_end": concept.period_end,
            "mission_statement": concept.mission_statement,
            "cycle_phase": concept.cycle_phase,
            "adopted_on": concept.adopted_on,
            "adopted_by": concept.adopted_by,
            "predecessor_id": concept.predecessor_id,
        },
        "fields": [
            {
                "id": field.pk,
                "parent_id": field.parent_id,
                "title": field.title,
                "description": field.description,
                "order": field.order,
                "priority_points": field.priority_points,
            }
            for field in fields
        ],
        "guiding_goals": [
            {
                "id": goal.pk,
                "field_id": goal.field_id,
                "text": goal.text,
                "minimum_statement": goal.minimum_statement,
                "rationale": goal.rationale,
                "order": goal.order,
                "progress_override": goal.progress_override,
                "progress_override_reason": goal.progress_override_reason,
                "draft": goal.draft,
            }
            for goal in guiding_goals
        ],
        "annual_goals": [
            {
                "id": goal.pk,
                "field_id": goal.field_id,
                "guiding_goal_id": goal.guiding_goal_id,
                "text": goal.text,
                "year_start": goal.year_start,
                "year_end": goal.year_end,
                "owner": goal.owner,
                "order": goal.order,
                "progress_override": goal.progress_override,
                "progress_override_reason": goal.progress_override_reason,
                "draft": goal.draft,
            }
            for goal in annual_goals
        ],
        "indicators": [
            {
                "id": indicator.pk,
                "name": indicator.name,
                "catalogue_code": indicator.catalogue_entry.code if indicator.catalogue_entry else None,
                "definition": indicator.definition,
                "numerator": indicator.numerator,
                "denominator": indicator.denominator,
                "reference_date": indicator.reference_date,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "kind": indicator.kind,
                "data_source": indicator.data_source,
                "levels": indicator.levels,
                "baseline_comparison": indicator.baseline_comparison,
                "baseline_value": indicator.baseline_value,
                "baseline_date": indicator.baseline_date,
                "baseline_note": indicator.baseline_note,
                "progress_override": indicator.progress_override,
                "progress_override_reason": indicator.progress_override_reason,
                "guiding_goal_ids": indicator_guiding.get(indicator.pk, []),
                "annual_goal_ids": indicator_annual.get(indicator.pk, []),
                "draft": indicator.draft,
            }
            for indicator in indicators
        ],
        "targets": [
            {
                "id": target.pk,
                "indicator_id": target.indicator_id,
                "kind": target.kind,
                "value": target.value,
                "due_date": target.due_date,
                "due_label": target.due_label,
                "description": target.description,
                "order": target.order,
            }
            for target in targets
        ],
        "observations": [
            {
                "indicator_id": obs.indicator_id,
                "period_start": obs.period_start,
                "period_end": obs.period_end,
                "period_label": obs.period_label,
                "area_ags": obs.area_ags,
                "breakdown": dict(obs.breakdown),
                "value": obs.value,
                "unit": obs.unit,
                "provisional": obs.provisional,
                "estimated": obs.estimated,
                "confidential": obs.confidential,
                "source": obs.source,
                "note": obs.note,
            }
            for obs in observations
        ],
        "measures": [
            {
                "id": measure.pk,
                "field_id": measure.field_id,
                "title": measure.title,
                "description": measure.description,
                "considerations": measure.considerations,
                "lead_owner": measure.lead_owner,
                "involved_actors": measure.involved_actors,
                "target_group": measure.target_group,
                "staff_time": measure.staff_time,
                "status": measure.status,
                "start_date": measure.start_date,
                "end_date": measure.end_date,
                "progress": measure.progress,
                "order": measure.order,
                "guiding_goal_ids": measure_guiding.get(measure.pk, []),
                "annual_goal_ids": measure_annual.get(measure.pk, []),
                "draft": measure.draft,
            }
            for measure in measures
        ],
        "budget_lines": [
            {
                "id": line.pk,
                "measure_id": line.measure_id,
                "year": line.year,
                "amount": line.amount,
                "amount_max": line.amount_max,
                "basis": line.basis,
                "category": ({"code": line.category.code, "name": line.category.name} if line.category else None),
            }
            for line in sorted(budget_lines, key=lambda line: (line.measure_id, line.year or 0, line.pk))
        ],
        "milestones": [
            {
                "id": milestone.pk,
                "measure_id": milestone.measure_id,
                "title": milestone.title,
                "due_date": milestone.due_date,
                "done_on": milestone.done_on,
            }
            for milestone in milestones
        ],
        "evaluations": [
            {
                "id": evaluation.pk,
                "review_date": evaluation.review_date,
                "subject_type": (
                    "guiding_goal"
                    if evaluation.guiding_goal_id
                    else "annual_goal"
                    if evaluation.annual_goal_id
                    else "measure"
                ),
                "subject_id": evaluation.guiding_goal_id or evaluation.annual_goal_id or evaluation.measure_id,
                "traffic_light": evaluation.traffic_light,
                "progress_status": evaluation.progress_status,
                "decision": evaluation.decision,
                "comment": evaluation.comment,
                "reviewer": evaluation.reviewer.display_name if evaluation.reviewer else "",
            }
            for evaluation in evaluations
        ],
    }


# --- JSON ----------------------------------------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """42.0000 → "42", 12.5000 → "12.5": the number without the padding of the database, never in E notation."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Encoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return decimal_text(o)
        if isinstance(o, datetime | date):
            return o.isoformat()
        return super().default(o)


def concept_json(data: dict[str, Any]) -> bytes:
    """The export as UTF-8 JSON, keys in a fixed order, decimals as strings."""
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2).encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------------------------------

DATE = "date"
MONEY = "money"
NUMBER = "number"
TEXT = "text"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MONEY_FORMAT = '#,##0.00 "€"'
MIN_WIDTH, MAX_WIDTH = 8, 60


def _label(choices: Any) -> Callable[[Any], str]:
    labels = dict(choices.choices)
    return lambda code: str(labels.get(code, code or ""))


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _ids(ids: Iterable[int]) -> str:
    return ", ".join(str(pk) for pk in ids)


def _breakdown_text(breakdown: dict[str, str]) -> str:
    return "; ".join(f"{key}: {value}" for key, value in breakdown.items())


def _sheets(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]], list[list[Any]]]]:
    """Each sheet as (name, [(header, kind)], rows). Headers are German through the catalogue."""
    field_titles = {field["id"]: field["title"] for field in data["fields"]}
    indicator_names = {indicator["id"]: indicator["name"] for indicator in data["indicators"]}
    measure_titles = {measure["id"]: measure["title"] for measure in data["measures"]}
    goal_texts = {
        "guiding_goal": {goal["id"]: goal["text"] for goal in data["guiding_goals"]},
        "annual_goal": {goal["id"]: goal["text"] for goal in data["annual_goals"]},
        "measure": measure_titles,
    }
    subject_kinds = {"guiding_goal": _("Guiding goal"), "annual_goal": _("Annual goal"), "measure": _("Measure")}
    progress = _label(ProgressStatus)
    concept, body = data["concept"], data["body"]

    concept_rows = [
        [_("Body"), body["name"]],
        [_("Official municipality key (AGS)"), body["ags"]],
        [_("Title"), concept["title"]],
        [_("Version"), concept["version"]],
        [_("Status"), _label(ConceptStatus)(concept["status"])],
        [_("Valid from"), concept["period_start"]],
        [_("Valid until"), concept["period_end"]],
        [_("Mission statement"), concept["mission_statement"]],
        [_("Phase of the strategy cycle"), _label(CyclePhase)(concept["cycle_phase"])],
        [_("Adopted on"), concept["adopted_on"]],
        [_("Adopted by"), concept["adopted_by"]],
        [_("Exported on"), data["exported_at"].replace(tzinfo=None)],
        [_("Format"), data["format"]],
    ]
    return [
        (_("Concept"), [(_("Item"), TEXT), (_("Value"), TEXT)], concept_rows),
        (
            _("Fields of action"),
            [
                (_("ID"), NUMBER),
                (_("Area (ID)"), NUMBER),
                (_("Field of action"), TEXT),
                (_("Description"), TEXT),
                (_("Order"), NUMBER),
                (_("Priority points"), NUMBER),
            ],
            [
                [f["id"], f["parent_id"], f["title"], f["description"], f["order"], f["priority_points"]]
                for f in data["fields"]
            ],
        ),
        (
            _("Guiding goals"),
            [
                (_("ID"), NUMBER),
                (_("Field of action (ID)"), NUMBER),
                (_("Field of action"), TEXT),
                (_("Guiding goal"), TEXT),
                (_("At least"), TEXT),
                (_("Rationale"), TEXT),
                (_("Order"), NUMBER),
                (_("Progress set by hand"), TEXT),
                (_("Reason for the manual progress"), TEXT),
                (_("Draft"), TEXT),
            ],
            [
                [
                    g["id"],
                    g["field_id"],
                    field_titles.get(g["field_id"], ""),
                    g["text"],
                    g["minimum_statement"],
                    g["rationale"],
                    g["order"],
                    progress(g["progress_override"]),
                    g["progress_override_reason"],
                    _yes_no(g["draft"]),
                ]
                for g in data["guiding_goals"]
            ],
        ),
        (
            _("Annual goals"),
            [
                (_("ID"), NUMBER),
                (_("Field of action (ID)"), NUMBER),
                (_("Field of action"), TEXT),
                (_("Guiding goal (ID)"), NUMBER),
                (_("Annual goal"), TEXT),
                (_("From year"), NUMBER),
                (_("To year"), NUMBER),
                (_("Responsible"), TEXT),
                (_("Order"), NUMBER),
                (_("Progress set by hand"), TEXT),
                (_("Reason for the manual progress"), TEXT),
                (_("Draft"), TEXT),
            ],
            [
                [
                    g["id"],
                    g["field_id"],
                    field_titles.get(g["field_id"], ""),
                    g["guiding_goal_id"],
                    g["text"],
                    g["year_start"],
                    g["year_end"],
                    g["owner"],
                    g["order"],
                    progress(g["progress_override"]),
                    g["progress_override_reason"],
                    _yes_no(g["draft"]),
                ]
                for g in data["annual_goals"]
            ],
        ),
        (
            _("Indicators"),
            [
                (_("ID"), NUMBER),
                (_("Indicator"), TEXT),
                (_("Catalogue number"), NUMBER),
                (_("Definition"), TEXT),
                (_("Numerator"), TEXT),
                (_("Denominator"), TEXT),
                (_("Reference date"), TEXT),
                (_("Unit"), TEXT),
                (_("Polarity"), TEXT),
                (_("Kind"), TEXT),
                (_("Data source"), TEXT),
                (_("Levels"), TEXT),
                (_("Baseline is"), TEXT),
                (_("Baseline"), NUMBER),
                (_("Baseline date"), DATE),
                (_("Baseline as written"), TEXT),
                (_("Guiding goals (IDs)"), TEXT),
                (_("Annual goals (IDs)"), TEXT),
                (_("Progress set by hand"), TEXT),
                (_("Reason for the manual progress"), TEXT),
                (_("Draft"), TEXT),
            ],
            [
                [
                    i["id"],
                    i["name"],
                    i["catalogue_code"],
                    i["definition"],
                    i["numerator"],
                    i["denominator"],
                    i["reference_date"],
                    i["unit"],
                    _label(Polarity)(i["polarity"]),
                    _label(IndicatorKind)(i["kind"]),
                    i["data_source"],
                    i["levels"],
                    _label(Comparison)(i["baseline_comparison"]),
                    i["baseline_value"],
                    i["baseline_date"],
                    i["baseline_note"],
                    _ids(i["guiding_goal_ids"]),
                    _ids(i["annual_goal_ids"]),
                    progress(i["progress_override"]),
                    i["progress_override_reason"],
                    _yes_no(i["draft"]),
                ]
                for i in data["indicators"]
            ],
        ),
        (
            _("Targets"),
            [
                (_("Indicator (ID)"), NUMBER),
                (_("Indicator"), TEXT),
                (_("Kind of target"), TEXT),
                (_("Target value"), NUMBER),
                (_("Deadline"), DATE),
                (_("Deadline as written"), TEXT),
                (_("Target as written"), TEXT),
            ],
            [
                [
                    t["indicator_id"],
                    indicator_names.get(t["indicator_id"], ""),
                    _label(TargetKind)(t["kind"]),
                    t["value"],
                    t["due_date"],
                    t["due_label"],
                    t["description"],
                ]
                for t in data["targets"]
            ],
        ),
        (
            _("Observations"),
            [
                (_("Indicator (ID)"), NUMBER),
                (_("Indicator"), TEXT),
                (_("Period"), TEXT),
                (_("Period from"), DATE),
                (_("Period to"), DATE),
                (_("Area (AGS)"), TEXT),
                (_("Breakdown"), TEXT),
                (_("Value"), NUMBER),
                (_("Unit"), TEXT),
                (_("provisional"), TEXT),
                (_("estimated"), TEXT),
                (_("confidential"), TEXT),
                (_("Source"), TEXT),
                (_("Remark"), TEXT),
            ],
            [
                [
                    o["indicator_id"],
                    indicator_names.get(o["indicator_id"], ""),
                    o["period_label"] or period_label(o["period_start"], o["period_end"]),
                    o["period_start"],
                    o["period_end"],
                    o["area_ags"] or body["ags"],  # blank is the body's own area: written out for people
                    _breakdown_text(o["breakdown"]),
                    o["value"],
                    o["unit"],
                    _yes_no(o["provisional"]),
                    _yes_no(o["estimated"]),
                    _yes_no(o["confidential"]),
                    o["source"],
                    o["note"],
                ]
                for o in data["observations"]
            ],
        ),
        (
            _("Measures"),
            [
                (_("ID"), NUMBER),
                (_("Field of action"), TEXT),
                (_("Measure"), TEXT),
                (_("Description"), TEXT),
                (_("What to consider"), TEXT),
                (_("Lead (Federführung)"), TEXT),
                (_("Involved actors"), TEXT),
                (_("Target group"), TEXT),
                (_("Staff time"), TEXT),
                (_("Status"), TEXT),
                (_("Start date"), DATE),
                (_("End date"), DATE),
                (_("Progress in per cent"), NUMBER),
                (_("Guiding goals (IDs)"), TEXT),
                (_("Annual goals (IDs)"), TEXT),
                (_("Draft"), TEXT),
            ],
            [
                [
                    m["id"],
                    field_titles.get(m["field_id"], ""),
                    m["title"],
                    m["description"],
                    m["considerations"],
                    m["lead_owner"],
                    m["involved_actors"],
                    m["target_group"],
                    m["staff_time"],
                    _label(MeasureStatus)(m["status"]),
                    m["start_date"],
                    m["end_date"],
                    m["progress"],
                    _ids(m["guiding_goal_ids"]),
                    _ids(m["annual_goal_ids"]),
                    _yes_no(m["draft"]),
                ]
                for m in data["measures"]
            ],
        ),
        (
            _("Budget"),
            [
                (_("Measure (ID)"), NUMBER),
                (_("Measure"), TEXT),
                (_("Year"), NUMBER),
                (_("Amount"), MONEY),
                (_("Up to"), MONEY),
                (_("Basis"), TEXT),
                (_("Funding category"), TEXT),
            ],
            [
                [
                    b["measure_id"],
                    measure_titles.get(b["measure_id"], ""),
                    b["year"],
                    b["amount"],
                    b["amount_max"],
                    b["basis"],
                    f"{b['category']['code']} – {b['category']['name']}" if b["category"] else "",
                ]
                for b in data["budget_lines"]
            ],
        ),
        (
            _("Milestones"),
            [
                (_("Measure (ID)"), NUMBER),
                (_("Measure"), TEXT),
                (_("Milestone"), TEXT),
                (_("Due on"), DATE),
                (_("Done on"), DATE),
            ],
            [
                [s["measure_id"], measure_titles.get(s["measure_id"], ""), s["title"], s["due_date"], s["done_on"]]
                for s in data["milestones"]
            ],
        ),
        (
            _("Evaluations"),
            [
                (_("Review date"), DATE),
                (_("Evaluated"), TEXT),
                (_("Goal or measure (ID)"), NUMBER),
                (_("Goal or measure"), TEXT),
                (_("Traffic light"), TEXT),
                (_("Progress"), TEXT),
                (_("Decision"), TEXT),
                (_("Comment"), TEXT),
                (_("Reviewer"), TEXT),
            ],
            [
                [
                    e["review_date"],
                    str(subject_kinds[e["subject_type"]]),
                    e["subject_id"],
                    goal_texts[e["subject_type"]].get(e["subject_id"], ""),
                    _label(TrafficLight)(e["traffic_light"]),
                    progress(e["progress_status"]),
                    _label(EvaluationDecision)(e["decision"]),
                    e["comment"],
                    e["reviewer"],
                ]
                for e in data["evaluations"]
            ],
        ),
    ]


def _display_width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if kind == DATE or isinstance(value, date):
        return 10
    if kind == MONEY:
        return len(f"{value:,.2f}") + 2
    longest_line = max((len(line) for line in str(value).splitlines()), default=0)
    return longest_line


def concept_xlsx(data: dict[str, Any]) -> bytes:
    """The export as an Excel workbook: one sheet per kind, German bold headers, first row frozen, a filter,
    dates as dates and amounts as numbers in euro."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for title, columns, rows in _sheets(data):
        sheet = workbook.create_sheet(str(title)[:31])
        widths = [len(str(header)) for header, _kind in columns]
        for column, (header, _kind) in enumerate(columns, start=1):
            sheet.cell(row=1, column=column, value=str(header)).font = bold
        for row, values in enumerate(rows, start=2):
            for column, (value, (_header, kind)) in enumerate(zip(values, columns, strict=True), start=1):
                cell = sheet.cell(row=row, column=column, value=_cell_value(value))
                if isinstance(cell.value, str):
                    if cell.data_type == "f":
                        cell.data_type = "s"  # text that begins with "=" stays text: never run a user's formula
                    if len(cell.value) > MAX_WIDTH or "\n" in cell.value:
                        cell.alignment = wrap
                elif isinstance(cell.value, datetime):
                    cell.number_format = DATETIME_FORMAT
                elif kind == DATE or isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
                elif kind == MONEY:
                    cell.number_format = MONEY_FORMAT
                widths[column - 1] = max(widths[column - 1], _display_width(value, kind))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value: Any) -> Any:
    """Text without the control characters that XLSX cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
