"""The documentation of a workshop process in the shape of seed 004 (Rhein-Kreis Neuss), as PDF and DOCX.

`workshop_documentation_data` collects everything into one plain dict (strings, numbers, lists); the Typst template
`templates/participation/documentation/workshop.typ` reads it as JSON and `_docx` writes the same dict with
python-docx, so both files always say the same. Sections: dates of the phases and days, participants by target group
(counts), the dot vote's priorities with shared ranks, the strategy cycle, per field of action the guiding goals,
annual goals, indicators with targets, measures (owner, actors, budget, status) and what to consider, the work
groups (members and drafts per group), the results of the process steering group (guiding questions, cards by heading,
results), the ten recommendations with the
body's latest self-assessment, and the next steps.

The builder registers itself with `core.documents` when this module is imported (core finds it by the module name
`documentation`, also in a background worker that never loads the URLs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.documents import (
    BuiltDocument,
    DocumentBuilder,
    DocxWriter,
    Progress,
    register_document_builder,
    render_pdf,
    typographic,
)
from querschnitt.core.models import DocumentBuild
from querschnitt.core.templatetags.querschnitt import euro, num
from querschnitt.network.selectors import steering_group_composition
from querschnitt.strategy.models import (
    AnnualGoal,
    Concept,
    CyclePhase,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorTarget,
    Measure,
    MeasureBudget,
    Recommendation,
    SelfAssessment,
    TargetKind,
)

from . import models as m
from . import selectors_groups
from .selectors import dot_vote_result
from .services_groups import DRAFT_KINDS

KIND = "participation.workshop_documentation"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "participation" / "documentation" / "workshop.typ"


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _dates_sentence(dates: list[Any]) -> str:
    """20.09.2010, 05.11.2010, 06.11.2010 und 05.04.2011."""
    texts = [_date(value) for value in dates]
    if len(texts) <= 1:
        return "".join(texts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(texts[:-1]), "last": texts[-1]}


def _labels() -> dict[str, str]:
    """Every fixed text of the document, translated once (the Typst template and the DOCX use the same)."""
    return {
        "documentation": _("Workshop documentation"),
        "generated": _("As of"),
        "contents": _("Contents"),
        "page": _("Page"),
        "of": _("of"),
        "dates": _("Dates and programme"),
        "phase": _("Phase"),
        "date": _("Date"),
        "location": _("Location"),
        "programme": _("Programme"),
        "participants": _("Participants by group"),
        "group": _("Group"),
        "confirmed": _("Confirmed or invited"),
        "attended": _("Present on at least one day"),
        "total": _("Total"),
        "not_recorded": _("Participants by group: not recorded yet."),
        "priorities": _("Priorities"),
        "rank": _("Rank"),
        "option": _("Field of action"),
        "points": _("Points"),
        "shared_rank": _("Options with the same number of points share a rank."),
        "no_vote": _("No closed dot vote belongs to this workshop process yet."),
        "cycle": _("The strategy cycle"),
        "current_phase": _("current phase"),
        "cycle_caption": _("Strategy cycle: mission statement, goals, analysis, action plan, measures, evaluation"),
        "no_concept": _("No integration concept is linked to this workshop process yet."),
        "results": _("Goals and measures by field of action"),
        "results_intro": _(
            "In group work, the following guiding goals, annual goals, indicators and measures were developed."
        ),
        "field": _("Field of action"),
        "guiding_goal": _("Guiding goal"),
        "at_least": _("at least"),
        "annual_goals": _("Annual goals"),
        "indicators": _("Indicators"),
        "target": _("Target"),
        "measures": _("Measures"),
        "further": _("For the field of action as a whole"),
        "owner": _("Lead"),
        "actors": _("Involved actors"),
        "target_group": _("Target group"),
        "staff_time": _("Staff time"),
        "budget": _("Budget"),
        "status": _("Status"),
        "milestones": _("Milestones"),
        "considerations": _("What should be considered in implementing the measure"),
        "no_goals": _("No goals have been recorded for this field of action yet."),
        "without_field": _("Measures without a field of action"),
        "work_groups": _("Work groups"),
        "work_group": _("Work group"),
        "works_on": _("Works on"),
        "members": _("Members"),
        "drafts": _("Drafts in the concept"),
        "no_groups": _("No work groups have been recorded for this workshop."),
        "steering": _("Process steering and steering group"),
        "steering_gap": _("The workshop has no process steering group in Querschnitt."),
        "guiding_questions": _("Guiding questions"),
        "steering_results": _("Results"),
        "steering_proposal": _("Proposal for the composition of the steering group"),
        "steering_decision": _("Decided composition"),
        "seat": _("Actors"),
        "people": _("Number of people"),
        "note": _("Note"),
        "decisions": _("Decisions and notes of the phases"),
        "recommendations": _("Recommendations for municipal integration policy"),
        "rating": _("Self-assessment"),
        "recommendation": _("Recommendation"),
        "number": _("No."),
        "no_assessment": _("not assessed yet"),
        "next_steps": _("Next steps"),
        "open_tasks": _("Open tasks"),
        "no_open_tasks": _("All tasks of the phases are done."),
        "next_cycle": _("Next step in the strategy cycle"),
        "upcoming": _("Upcoming dates"),
    }


# --- Collecting ------------------------------------------------------------------------------------------------------


def _phases(process: m.WorkshopProcess) -> list[dict[str, Any]]:
    phases = process.phases.order_by("order", "pk").prefetch_related(
        Prefetch("days", queryset=m.WorkshopDay.objects.order_by("order", "pk").prefetch_related("items")),
        Prefetch("checklist", queryset=m.ChecklistItem.objects.order_by("order", "pk")),
    )
    rows = []
    for phase in phases:
        dates = _date(phase.start_date)
        if phase.end_date and phase.end_date != phase.start_date:
            dates = f"{dates} – {_date(phase.end_date)}"
        rows.append(
            {
                "title": phase.title,
                "kind": phase.get_kind_display(),
                "dates": dates,
                "start": phase.start_date,
                "location": phase.location,
                "notes": phase.notes,
                "days": [
                    {
                        "date": _date(day.date),
                        "title": day.title,
                        "subtitle": day.subtitle,
                        "items": [item.text for item in day.items.all()],
                    }
                    for day in phase.days.all()
                ],
                "open_tasks": [item.text for item in phase.checklist.all() if item.done_at is None],
            }
        )
    return rows


def _meeting_dates(process: m.WorkshopProcess) -> list[Any]:
    """The days the workshop met (seed 004's opening: "am 20.09.2010, 05.11.2010, 06.11.2010 und 05.04.2011")."""
    dates = set(
        m.WorkshopDay.objects.filter(phase__process=process)
        .exclude(phase__kind=m.PhaseKind.COUNCIL_DECISION)
        .values_list("date", flat=True)
    )
    for phase in process.phases.exclude(kind=m.PhaseKind.COUNCIL_DECISION).filter(days__isnull=True):
        dates.add(phase.start_date)
    return sorted(dates)


def _participants(process: m.WorkshopProcess) -> dict[str, Any]:
    """Counts per target group: holding a place (invited or confirmed) and present on at least one day."""
    participant_model = getattr(m, "Participant", None)
    if participant_model is None:  # pragma: no cover - the model arrives with the participants feature
        return {"recorded": False, "rows": [], "total": None}
    labels = dict(m.TargetGroup.choices)
    present = Exists(m.Attendance.objects.filter(participant=OuterRef("pk")))
    counts = (
        participant_model.objects.filter(process=process)
        .annotate(was_there=present)
        .values("target_group")
        .annotate(
            holding=Count("pk", filter=Q(status__in=m.HOLDS_PLACE)),
            attended=Count("pk", filter=Q(was_there=True)),
        )
        .order_by()
    )
    by_group = {row["target_group"]: row for row in counts}
    rows = [
        {"group": str(label), "confirmed": by_group[value]["holding"], "attended": by_group[value]["attended"]}
        for value, label in labels.items()
        if value in by_group
    ]
    total = {
        "confirmed": sum(row["confirmed"] for row in rows),
        "attended": sum(row["attended"] for row in rows),
    }
    return {"recorded": bool(rows), "rows": rows, "total": total}


def _priorities(process: m.WorkshopProcess) -> list[dict[str, Any]]:
    """The closed dot votes of the process (not run-offs), each ranked with shared ranks (1, 2, 3, 3, 4, 4)."""
    votes = process.dot_votes.filter(status=m.DotVoteStatus.CLOSED, run_off_of__isnull=True).order_by("created", "pk")
    result = []
    for vote in votes:
        ranking = dot_vote_result(vote)
        top = ranking.max_total or 1
        rows = []
        for group in ranking.groups:
            for entry in group.ordered_entries:
                rows.append(
                    {
                        "rank": f"{group.rank}.",
                        "label": entry.option.label,
                        "points": ngettext("%(points)s point", "%(points)s points", entry.total)
                        % {"points": num(entry.total)},
                        "share": round(entry.total / top, 3),
                        "tied": group.tied,
                    }
                )
        result.append(
            {
                "title": vote.title,
                "question": vote.question,
                "rows": rows,
                "has_ties": any(group.tied for group in ranking.groups),
                "total": ngettext("%(points)s point in total.", "%(points)s points in total.", ranking.total)
                % {"points": num(ranking.total)},
            }
        )
    return result


def _cycle(concept: Concept | None) -> dict[str, Any] | None:
    if concept is None:
        return None
    phases = list(CyclePhase)
    current = phases.index(CyclePhase(concept.cycle_phase))
    following = phases[(current + 1) % len(phases)]
    return {
        "concept": str(concept),
        "mission": [part.strip() for part in concept.mission_statement.split("\n\n") if part.strip()],
        "phases": [{"label": str(phase.label), "current": index == current} for index, phase in enumerate(phases)],
        "current": str(phases[current].label),
        "next": str(following.label),
    }


def _target_text(target: IndicatorTarget, unit: str) -> str:
    text = target.description
    if not text:
        if target.kind in (TargetKind.OPEN, TargetKind.DONE):
            text = target.get_kind_display()
        else:
            text = f"{target.get_kind_display()} {num(target.value)} {unit}".strip()
    due = target.due_label or _date(target.due_date)
    if due and due not in text:
        text = f"{text} ({due})"
    return text


def _indicator(indicator: Indicator) -> dict[str, Any]:
    targets = [_target_text(target, indicator.unit) for target in indicator.targets.all()]
    # Seed 004 often states the target in the indicator itself ("alle Schulen halten eine Infoveranstaltung").
    return {"name": indicator.name, "targets": [text for text in targets if text not in indicator.name]}


def _euro(value: Any) -> str:
    return euro(value, 2 if value % 1 else 0)


def _budget_text(line: MeasureBudget) -> str:
    """600 – 1.200 €, pro Teilnehmer, zzgl. Fahrtkosten und Material."""
    amount = _euro(line.amount)
    if line.amount_max is not None and line.amount_max != line.amount:
        amount = f"{num(line.amount)} – {_euro(line.amount_max)}"
    parts = [amount]
    if line.basis:
        parts.append(line.basis)
    if line.year:
        parts.append(str(line.year))
    return ", ".join(parts)


def _measure(measure: Measure) -> dict[str, Any]:
    return {
        "title": measure.title,
        "description": measure.description,
        "owner": measure.lead_owner,
        "actors": measure.involved_actors,
        "target_group": measure.target_group,
        "staff_time": measure.staff_time,
        "status": measure.get_status_display(),
        "budget": [_budget_text(line) for line in measure.budget_lines.all()],
        "milestones": [
            f"{milestone.title} ({_date(milestone.due_date)})" if milestone.due_date else milestone.title
            for milestone in measure.milestones.all()
        ],
        "considerations": measure.consideration_list,
    }


def _fields(concept: Concept | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per field: its guiding goals (each with annual goals, indicators, measures), then what belongs to the field
    as a whole. Every measure of the concept appears exactly once; measures without a field are returned apart."""
    if concept is None:
        return [], []
    indicator_qs = Indicator.objects.prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("order", "pk"))
    ).order_by("name", "pk")
    measures = {
        measure.pk: measure
        for measure in concept.measures.prefetch_related("budget_lines", "milestones").order_by("order", "pk")
    }
    measure_ids = Measure.objects.only("pk")
    annual_goals = list(
        AnnualGoal.objects.filter(field__concept=concept)
        .prefetch_related(Prefetch("indicators", queryset=indicator_qs), Prefetch("measures", queryset=measure_ids))
        .order_by("order", "pk")
    )
    guiding_goals = list(
        GuidingGoal.objects.filter(field__concept=concept)
        .prefetch_related(Prefetch("indicators", queryset=indicator_qs), Prefetch("measures", queryset=measure_ids))
        .order_by("order", "pk")
    )
    shown: set[int] = set()

    def take(ids: list[int]) -> list[dict[str, Any]]:
        fresh = [pk for pk in dict.fromkeys(ids) if pk not in shown and pk in measures]
        shown.update(fresh)
        return [_measure(measures[pk]) for pk in fresh]

    def indicators_of(goals: list[Any]) -> list[dict[str, Any]]:
        seen: dict[int, Indicator] = {}
        for goal in goals:
            for indicator in goal.indicators.all():
                seen.setdefault(indicator.pk, indicator)
        return [_indicator(indicator) for indicator in seen.values()]

    def measure_ids_of(goals: list[Any]) -> list[int]:
        return [measure.pk for goal in goals for measure in goal.measures.all()]

    fields: list[dict[str, Any]] = []
    for fld in FieldOfAction.objects.filter(concept=concept).order_by("order", "pk"):
        guiding = []
        for number, goal in enumerate((g for g in guiding_goals if g.field_id == fld.pk), start=1):
            annual = [a for a in annual_goals if a.guiding_goal_id == goal.pk]
            guiding.append(
                {
                    "number": number,
                    "text": goal.text,
                    "minimum": goal.minimum_statement,
                    "annual": [a.text for a in annual],
                    "indicators": indicators_of([goal, *annual]),
                    "measures": take(measure_ids_of([goal, *annual])),
                }
            )
        loose = [a for a in annual_goals if a.field_id == fld.pk and a.guiding_goal_id is None]
        field_measures = take(measure_ids_of(loose))
        field_measures += take([pk for pk, measure in measures.items() if measure.field_id == fld.pk])
        fields.append(
            {
                "title": fld.title,
                "points": (
                    ngettext("%(points)s point", "%(points)s points", fld.priority_points)
                    % {"points": num(fld.priority_points)}
                    if fld.priority_points is not None
                    else ""
                ),
                "description": fld.description,
                "guiding": guiding,
                "annual": [a.text for a in loose],
                "indicators": indicators_of(loose),
                "measures": field_measures,
                "empty": not guiding and not loose and not field_measures and not fld.description,
            }
        )
    without_field = take([pk for pk, measure in measures.items() if measure.field_id is None])
    return fields, without_field


def _recommendations(process: m.WorkshopProcess) -> dict[str, Any]:
    """The ten recommendations (seed 004) with the body's latest self-assessment, if it has one."""
    latest_year = (
        SelfAssessment.objects.filter(body=process.body).order_by("-year").values_list("year", flat=True).first()
    )
    assessments = (
        {a.recommendation: a for a in SelfAssessment.objects.filter(body=process.body, year=latest_year)}
        if latest_year
        else {}
    )
    rows = []
    for value, label in Recommendation.choices:
        assessment = assessments.get(value)
        rows.append(
            {
                "number": value,
                "text": str(label),
                "rating": (
                    _("%(rating)s of 4 (%(year)s)") % {"rating": assessment.rating, "year": latest_year}
                    if assessment
                    else ""
                ),
                "note": assessment.note if assessment else "",
            }
        )
    return {"rows": rows, "year": latest_year}


def _work_groups(process: m.WorkshopProcess) -> dict[str, Any]:
    """The groups with their counts, and the process steering group's questions, cards and results in full."""
    groups = selectors_groups.groups_with_everything(process)
    rows = [
        {
            "title": group.title,
            "works_on": group.field.title if group.field else str(group.get_kind_display()),
            "members": len(group.members.all()),
            "drafts": sum(len(getattr(group, relation).all()) for relation in DRAFT_KINDS.values()),
        }
        for group in groups
    ]
    steering = next((group for group in groups if group.kind == m.WorkGroupKind.PROCESS_STEERING), None)
    steering_data = None
    if steering is not None:
        cards = list(steering.cards.all())
        sections = []
        for kind, label in m.CardKind.choices:
            if kind in (m.CardKind.QUESTION, m.CardKind.RESULT):
                continue
            clusters: dict[str, list[str]] = {}
            for card in cards:
                if card.kind == kind:
                    clusters.setdefault(card.cluster or str(label), []).append(card.text)
            sections += [{"heading": heading, "cards": texts} for heading, texts in clusters.items()]
        steering_data = {
            "title": steering.title,
            "facilitated": (
                _("The work group “%(title)s” was facilitated by %(name)s.")
                % {"title": steering.title, "name": steering.facilitator}
                if steering.facilitator
                else ""
            ),
            "questions": steering.question_list + [card.text for card in cards if card.kind == m.CardKind.QUESTION],
            "summary": steering.summary,
            "sections": sections,
            "results": [card.text for card in cards if card.kind == m.CardKind.RESULT],
        }
    return {"rows": rows, "steering": steering_data}


def _steering_group(process: m.WorkshopProcess) -> dict[str, Any] | None:
    """The body's steering group as proposed and as decided (counts only: the documentation names no members)."""
    group = process.body.steering_groups.order_by("pk").first()
    if group is None:
        return None
    composition = steering_group_composition(group)
    minimum = composition.proposed_without_number > 0
    return {
        "name": group.name,
        "decided": ", ".join(
            part
            for part in (group.decided_by, date_format(group.decided_on, "d.m.Y") if group.decided_on else "")
            if part
        ),
        "proposal": [
            {
                "label": seat.label,
                "count": "" if seat.proposed_count is None else str(seat.proposed_count),
                "note": seat.note,
            }
            for seat in composition.proposal
        ],
        "proposed_total": (
            _("at least %(count)s") % {"count": composition.proposed_total}
            if minimum
            else str(composition.proposed_total)
        ),
        "decision": [{"label": line.seat.label, "count": str(line.count)} for line in composition.decision],
        "decided_total": str(composition.decided_total),
    }


def workshop_documentation_data(process: m.WorkshopProcess, progress: Progress | None = None) -> dict[str, Any]:
    """Everything the documentation shows, as plain data (German typography applied)."""
    report = progress or (lambda percent, step: None)
    concept = process.concept
    today = timezone.localdate()
    report(10, _("Collecting dates and participants"))
    phases = _phases(process)
    participants = _participants(process)
    work_groups = _work_groups(process)
    work_groups["steering_group"] = _steering_group(process)
    report(25, _("Ranking the dot vote"))
    priorities = _priorities(process)
    report(40, _("Collecting goals, indicators and measures"))
    fields, without_field = _fields(concept)
    cycle = _cycle(concept)
    open_tasks = [task for phase in phases for task in phase["open_tasks"]]
    upcoming = [f"{phase['dates']}: {phase['title']}" for phase in phases if phase["start"] and phase["start"] > today]
    for phase in phases:
        del phase["start"]
    data = {
        "title": _("Documentation: %(process)s") % {"process": process.title},
        "process": process.title,
        "body": process.body.name,
        "generated": date_format(timezone.localtime(), "d.m.Y"),
        "intro": _("Results of the workshop on %(dates)s.") % {"dates": _dates_sentence(_meeting_dates(process))},
        "notes": process.notes,
        "labels": _labels(),
        "phases": phases,
        "participants": participants,
        "work_groups": work_groups,
        "priorities": priorities,
        "cycle": cycle,
        "fields": fields,
        "without_field": without_field,
        "recommendations": _recommendations(process),
        "next_steps": {
            "open_tasks": open_tasks,
            "upcoming": upcoming,
            "next_cycle": cycle["next"] if cycle else "",
        },
    }
    return typographic(data)


# --- Writing ---------------------------------------------------------------------------------------------------------


def _docx(data: dict[str, Any]) -> bytes:
    """The same content as the Typst template, as a Word document with real headings and table header rows."""
    labels = data["labels"]
    doc = DocxWriter(title=data["title"], subject=labels["documentation"])
    doc.title(data["title"])
    doc.paragraph(f"{data['body']} · {labels['generated']}: {data['generated']}")
    doc.paragraph(data["intro"])
    if data["notes"]:
        doc.paragraph(data["notes"])

    doc.heading(labels["dates"], 1)
    doc.table(
        [labels["phase"], labels["date"], labels["location"]],
        [(phase["title"], phase["dates"], phase["location"] or "–") for phase in data["phases"]],
    )
    for phase in data["phases"]:
        for day in phase["days"]:
            doc.heading(f"{day['date']}: {day['title']}", 2)
            if day["subtitle"]:
                doc.paragraph(day["subtitle"])
            doc.bullets(day["items"], numbered=True)

    doc.heading(labels["participants"], 1)
    participants = data["participants"]
    if participants["recorded"]:
        rows = [(row["group"], row["confirmed"], row["attended"]) for row in participants["rows"]]
        rows.append((labels["total"], participants["total"]["confirmed"], participants["total"]["attended"]))
        doc.table([labels["group"], labels["confirmed"], labels["attended"]], rows)
    else:
        doc.paragraph(labels["not_recorded"])

    doc.heading(labels["work_groups"], 1)
    if data["work_groups"]["rows"]:
        doc.table(
            [labels["work_group"], labels["works_on"], labels["members"], labels["drafts"]],
            [(row["title"], row["works_on"], row["members"], row["drafts"]) for row in data["work_groups"]["rows"]],
        )
    else:
        doc.paragraph(labels["no_groups"])

    doc.heading(labels["priorities"], 1)
    if not data["priorities"]:
        doc.paragraph(labels["no_vote"])
    for vote in data["priorities"]:
        if len(data["priorities"]) > 1:
            doc.heading(vote["title"], 2)
        if vote["question"]:
            doc.paragraph(vote["question"])
        doc.table(
            [labels["rank"], labels["option"], labels["points"]],
            [(row["rank"], row["label"], row["points"]) for row in vote["rows"]],
        )
        doc.paragraph(vote["total"] + (" " + labels["shared_rank"] if vote["has_ties"] else ""))

    doc.heading(labels["cycle"], 1)
    cycle = data["cycle"]
    if cycle is None:
        doc.paragraph(labels["no_concept"])
    else:
        doc.bullets(
            [
                f"{phase['label']} ({labels['current_phase']})" if phase["current"] else phase["label"]
                for phase in cycle["phases"]
            ],
            numbered=True,
        )
        for part in cycle["mission"]:
            doc.paragraph(part)

    doc.heading(labels["results"], 1)
    doc.paragraph(labels["results_intro"])
    for fld in data["fields"]:
        heading = f"{labels['field']} {fld['title']}"
        doc.heading(f"{heading} ({fld['points']})" if fld["points"] else heading, 2)
        if fld["description"]:
            doc.paragraph(fld["description"])
        if fld["empty"]:
            doc.paragraph(labels["no_goals"])
        for goal in fld["guiding"]:
            doc.heading(f"{labels['guiding_goal']} {goal['number']}: {goal['text']}", 3)
            if goal["minimum"]:
                doc.paragraph(goal["minimum"], bold_prefix=f"{labels['at_least']}: ")
            _docx_goal_parts(doc, labels, goal)
        if fld["annual"] or fld["indicators"] or fld["measures"]:
            if fld["guiding"]:
                doc.heading(labels["further"], 3)
            _docx_goal_parts(doc, labels, fld)
    if data["without_field"]:
        doc.heading(labels["without_field"], 2)
        _docx_measures(doc, labels, data["without_field"])

    doc.heading(labels["steering"], 1)
    steering = data["work_groups"]["steering"]
    if steering is None:
        doc.paragraph(labels["steering_gap"])
    else:
        if steering["facilitated"]:
            doc.paragraph(steering["facilitated"])
        if steering["questions"]:
            doc.heading(labels["guiding_questions"], 2)
            doc.bullets(steering["questions"])
        for section in steering["sections"]:
            doc.heading(section["heading"], 2)
            doc.bullets(section["cards"])
        if steering["results"] or steering["summary"]:
            doc.heading(labels["steering_results"], 2)
            for text in steering["results"]:
                doc.paragraph(text)
            if steering["summary"]:
                doc.paragraph(steering["summary"])
    group = data["work_groups"]["steering_group"]
    if group is not None:
        doc.heading(labels["steering_proposal"], 2)
        rows = [(row["label"], row["count"] or "–", row["note"]) for row in group["proposal"]]
        rows.append((labels["total"], group["proposed_total"], ""))
        doc.table([labels["seat"], labels["people"], labels["note"]], rows)
        doc.heading(f"{labels['steering_decision']}: {group['name']}", 2)
        if group["decided"]:
            doc.paragraph(group["decided"])
        rows = [(row["label"], row["count"]) for row in group["decision"]]
        rows.append((labels["total"], group["decided_total"]))
        doc.table([labels["seat"], labels["people"]], rows)
    notes = [phase for phase in data["phases"] if phase["notes"]]
    if notes:
        doc.heading(labels["decisions"], 2)
        for phase in notes:
            doc.paragraph(phase["notes"], bold_prefix=f"{phase['title']} ({phase['dates']}): ")

    doc.heading(labels["recommendations"], 1)
    recommendations = data["recommendations"]
    doc.table(
        [labels["number"], labels["recommendation"], labels["rating"]],
        [
            (row["number"], row["text"] + (f"\n{row['note']}" if row["note"] else ""), row["rating"] or "–")
            for row in recommendations["rows"]
        ],
    )

    doc.heading(labels["next_steps"], 1)
    steps = data["next_steps"]
    if steps["next_cycle"]:
        doc.paragraph(steps["next_cycle"], bold_prefix=f"{labels['next_cycle']}: ")
    if steps["upcoming"]:
        doc.heading(labels["upcoming"], 2)
        doc.bullets(steps["upcoming"])
    doc.heading(labels["open_tasks"], 2)
    if steps["open_tasks"]:
        doc.bullets(steps["open_tasks"])
    else:
        doc.paragraph(labels["no_open_tasks"])
    return doc.to_bytes()


def _docx_goal_parts(doc: DocxWriter, labels: dict[str, str], part: dict[str, Any]) -> None:
    if part["annual"]:
        doc.paragraph(labels["annual_goals"] + ":", style=None)
        doc.bullets(part["annual"])
    if part["indicators"]:
        doc.paragraph(labels["indicators"] + ":")
        doc.bullets(
            [
                indicator["name"]
                + (f" – {labels['target']}: " + "; ".join(indicator["targets"]) if indicator["targets"] else "")
                for indicator in part["indicators"]
            ]
        )
    if part["measures"]:
        doc.paragraph(labels["measures"] + ":")
        _docx_measures(doc, labels, part["measures"])


def _docx_measures(doc: DocxWriter, labels: dict[str, str], measures: list[dict[str, Any]]) -> None:
    for measure in measures:
        doc.paragraph(measure["title"], style="List Bullet")
        if measure["description"]:
            doc.paragraph(measure["description"])
        details = [
            (labels["owner"], measure["owner"]),
            (labels["actors"], measure["actors"]),
            (labels["target_group"], measure["target_group"]),
            (labels["staff_time"], measure["staff_time"]),
            (labels["budget"], "; ".join(measure["budget"])),
            (labels["milestones"], "; ".join(measure["milestones"])),
            (labels["status"], measure["status"]),
        ]
        for label, value in details:
            if value:
                doc.paragraph(value, bold_prefix=f"{label}: ")
        if measure["considerations"]:
            doc.paragraph(labels["considerations"] + ":")
            doc.bullets(measure["considerations"])


def build_workshop_documentation(document_build: DocumentBuild, progress: Progress) -> BuiltDocument:
    process = (
        m.WorkshopProcess.objects.select_related("body", "concept")
        .filter(pk=document_build.target_id or 0, body_id=document_build.body_id)
        .first()
    )
    if process is None:
        from querschnitt.core.exceptions import ApplicationError

        raise ApplicationError(_("The workshop process no longer exists."))
    data = workshop_documentation_data(process, progress)
    progress(60, _("Typesetting the PDF"))
    pdf = render_pdf(TEMPLATE.read_text(encoding="utf-8"), data=data)
    progress(85, _("Writing the Word document"))
    docx = _docx(data)
    return BuiltDocument(pdf=pdf, docx=docx)


def may_view_workshop_documentation(user: Any, document_build: DocumentBuild) -> bool:
    """Whoever may see the body's workshops may see (and download) their documentation."""
    return document_build.kind == KIND and user.has_perm("participation.view_workshop", document_build.body)


def documentation_title(process: m.WorkshopProcess) -> str:
    return _("Workshop documentation – %(process)s") % {"process": process.title}


register_document_builder(
    DocumentBuilder(kind=KIND, build=build_workshop_documentation, may_view=may_view_workshop_documentation)
)
