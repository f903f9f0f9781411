"""The snapshot of a report: everything a report version shows, assembled from what the body already keeps.

`report_data(report)` returns one JSON-serialisable dict (strings formatted the German way: 21.11.2026, 6.000 €)
with the sections the report includes (`report.sections`), in the order of `ReportSection`. A `ReportVersion` keeps
it as it was when it was built: its web page, PDF and DOCX are made from the snapshot alone, so a published report
does not change when the data does.

What never goes into a snapshot (a published version is public):
- confidential observations (`Observation.confidential`): the indicators are read with their own prefetch that
  leaves them out, so neither charts, nor status, nor the annex tables see them;
- personal data of people: no contacts of actors or funding applicants, no participants or voters (counts only), no
  reviewer of an evaluation, no originator persons of papers;
- committee matters that are not public: only public, not deleted papers made here (not imported), consultations
  only where the agenda item that dealt with them is public, and only public agenda items of the body's meetings.

The office's texts are Markdown (a small, safe subset: paragraphs, lists, headings, bold and italic). They are kept
twice: as HTML built from escaped text for the web page, and as plain blocks for PDF and DOCX.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.committees.models import AgendaItem, Consultation, Paper
from querschnitt.core.documents import german_quotes, typographic
from querschnitt.core.templatetags.querschnitt import euro, num
from querschnitt.strategy.models import (
    AnnualGoal,
    Evaluation,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorTarget,
    Measure,
    Observation,
    ProgressStatus,
    TargetKind,
)
from querschnitt.strategy.selectors import indicator_status, own_series

from .charts import indicator_charts
from .models import Report, ReportSection

Progress = Callable[[int, str], None]

# --- Markdown (a safe subset) -------------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_HEADING = re.compile(r"^(#{1,6})\s+")


def _plain_inline(text: str) -> str:
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text)).strip()


def _html_inline(text: str) -> str:
    escaped = html.escape(text.strip(), quote=False)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _ITALIC.sub(r"<em>\1</em>", escaped)


def text_blocks(markdown: str) -> list[dict[str, Any]]:
    """Blocks of a Markdown text: {"kind": "p"|"h"|"list", "text": …} or {"kind": "list", "items": […]}, plain."""
    blocks: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", (markdown or "").replace("\r\n", "\n").strip()):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_LIST_ITEM.match(line) for line in lines):
            numbered = bool(re.match(r"^\s*\d", lines[0]))
            items = [_LIST_ITEM.sub("", line) for line in lines]
            blocks.append({"kind": "list", "numbered": numbered, "items": items})
        elif len(lines) == 1 and _HEADING.match(lines[0]):
            blocks.append({"kind": "h", "text": _HEADING.sub("", lines[0])})
        else:
            blocks.append({"kind": "p", "text": " ".join(line.strip() for line in lines)})
    return blocks


def text_payload(markdown: str) -> dict[str, Any]:
    """A text of the office as HTML (escaped first, so no raw HTML survives) and as plain blocks."""
    blocks = text_blocks(german_quotes(markdown or ""))
    parts = []
    plain = []
    for block in blocks:
        if block["kind"] == "list":
            tag = "ol" if block["numbered"] else "ul"
            items = "".join(f"<li>{_html_inline(item)}</li>" for item in block["items"])
            parts.append(f'<{tag} class="kern-list">{items}</{tag}>')
            plain.append(
                {"kind": "list", "numbered": block["numbered"], "items": [_plain_inline(i) for i in block["items"]]}
            )
        elif block["kind"] == "h":
            parts.append(f'<p class="kern-body"><strong>{_html_inline(block["text"])}</strong></p>')
            plain.append({"kind": "h", "text": _plain_inline(block["text"])})
        else:
            parts.append(f'<p class="kern-body">{_html_inline(block["text"])}</p>')
            plain.append({"kind": "p", "text": _plain_inline(block["text"])})
    return {"html": "".join(parts), "blocks": plain}


# --- Formatting ---------------------------------------------------------------------------------------------------


def _date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _euro(value: Any) -> str:
    if value is None:
        return ""
    return euro(value, 2 if value % 1 else 0)


def _status_label(value: str) -> str:
    try:
        return str(ProgressStatus(value).label)
    except ValueError:
        return value


def labels() -> dict[str, str]:
    """Every fixed text of the report, translated once (web page, Typst template and DOCX use the same)."""
    return {
        "report": _("Integration report"),
        "period": _("Reporting period"),
        "concept": _("Integration concept"),
        "generated": _("As of"),
        "version": _("Version"),
        "contents": _("Contents"),
        "page": _("Page"),
        "of": _("of"),
        "mission": _("Mission statement"),
        "adopted": _("Adopted"),
        "rank": _("Rank"),
        "points": _("Points"),
        "field": _("Field of action"),
        "status": _("Status"),
        "guiding_goals": _("Guiding goals"),
        "guiding_goal": _("Guiding goal"),
        "at_least": _("at least"),
        "annual_goals": _("Annual goals"),
        "years": _("Years"),
        "responsible": _("Responsible"),
        "indicators": _("Indicators"),
        "indicator": _("Indicator"),
        "unit": _("Unit"),
        "baseline": _("Baseline"),
        "target": _("Target"),
        "latest": _("Latest value"),
        "progress": _("Progress"),
        "chart": _("Chart"),
        "data_table": _("Data table"),
        "map": _("Map"),
        "measures": _("Measures"),
        "measure": _("Measure"),
        "owner": _("Lead"),
        "actors": _("Involved actors"),
        "target_group": _("Target group"),
        "budget": _("Budget"),
        "period_of_measure": _("Period"),
        "progress_percent": _("Progress in per cent"),
        "no_goals": _("No goals have been recorded for this field of action yet."),
        "no_measures": _("No measures have been recorded for this field of action yet."),
        "without_field": _("Measures without a field of action"),
        "review_date": _("Review date"),
        "subject": _("Subject"),
        "traffic_light": _("Traffic light"),
        "decision": _("Decision"),
        "comment": _("Comment"),
        "no_evaluations": _("No evaluations were recorded in the reporting period."),
        "workshops": _("Workshop processes"),
        "dates": _("Dates"),
        "participants": _("Participants"),
        "dot_votes": _("Dot votes"),
        "events": _("Conferences and summits"),
        "date": _("Date"),
        "place": _("Place"),
        "registered": _("Registered"),
        "topics": _("Topics"),
        "no_participation": _("No workshops or events took place in the reporting period."),
        "papers": _("Papers"),
        "paper": _("Paper"),
        "number": _("No."),
        "type": _("Type"),
        "deliberation": _("Deliberation and result"),
        "decisions": _("Decisions of the committees"),
        "meeting": _("Meeting"),
        "item": _("Agenda item"),
        "result": _("Result"),
        "no_papers": _("No public papers or decisions belong to the reporting period."),
        "funding_area": _("Funding area"),
        "organisation": _("Organisation"),
        "project": _("Project"),
        "approved": _("Approved amount"),
        "total": _("Total"),
        "no_funding": _("No funding was approved in the reporting period."),
        "definition": _("Definition"),
        "numerator": _("Numerator"),
        "denominator": _("Denominator"),
        "source": _("Source"),
        "reference_date": _("Reference date"),
        "value": _("Value"),
        "note": _("Note"),
        "no_data": _("No values have been recorded."),
        "provisional": _("provisional"),
        "estimated": _("estimated"),
    }


# --- Collecting ---------------------------------------------------------------------------------------------------


def _public_observations() -> Prefetch:
    """The indicator's totals without confidential values, where `own_series` and the charts look for them."""
    return Prefetch(
        "observations",
        queryset=Observation.objects.filter(breakdown_key="", confidential=False).order_by("period_end", "pk"),
        to_attr="total_observations",
    )


def _indicator_queryset() -> Any:
    return Indicator.objects.select_related("body", "catalogue_entry").prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("order", "pk")), _public_observations()
    )


def _target_text(target: IndicatorTarget, unit: str) -> str:
    text = target.description
    if not text:
        if target.kind in (TargetKind.OPEN, TargetKind.DONE):
            text = str(target.get_kind_display())
        else:
            text = f"{target.get_kind_display()} {num(target.value)} {unit}".strip()
    due = target.due_label or _date(target.due_date)
    if due and due not in text:
        text = f"{text} ({due})"
    return text


def _observation_label(obs: Observation) -> str:
    return obs.period_label or (
        _date(obs.period_end)
        if obs.period_start == obs.period_end
        else f"{_date(obs.period_start)} – {_date(obs.period_end)}"
    )


def _indicator(indicator: Indicator, report: Report, *, with_charts: bool) -> dict[str, Any]:
    series = own_series(indicator)
    latest = series[-1] if series else None
    status = indicator_status(indicator)
    data: dict[str, Any] = {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "status": status,
        "status_label": _status_label(status),
        "baseline": (
            indicator.baseline_note
            or (
                f"{num(indicator.baseline_value)} {indicator.unit}".strip()
                if indicator.baseline_value is not None
                else ""
            )
        ),
        "targets": [_target_text(target, indicator.unit) for target in indicator.targets.all()],
        "latest": (
            f"{num(latest.value)} {indicator.unit} ({_observation_label(latest)})".replace("  ", " ") if latest else ""
        ),
        "charts": [],
        "map": None,
    }
    if with_charts and series:
        data["charts"] = [
            chart.as_dict()
            for chart in indicator_charts(indicator, period_start=report.period_start, period_end=report.period_end)
            if chart.table_rows
        ]
        data["map"] = _map(indicator, report)
    return data


def _map(indicator: Indicator, report: Report) -> dict[str, Any] | None:
    """The indicator's map by area, if the maps module offers one (it is optional for the report)."""
    try:
        from .maps import indicator_map
    except ImportError:  # pragma: no cover - the maps module is written separately
        return None
    try:
        chart = indicator_map(indicator, period_end=report.period_end)
    except Exception:  # a map is an extra: the report is built without it rather than not at all
        return None
    return chart.as_dict() if chart is not None else None


def _budget_text(measure: Measure) -> list[str]:
    lines = []
    for line in measure.budget_lines.all():
        amount = _euro(line.amount)
        if line.amount_max is not None and line.amount_max != line.amount:
            amount = f"{num(line.amount)} – {_euro(line.amount_max)}"
        parts = [amount] + [part for part in (line.basis, str(line.year) if line.year else "") if part]
        lines.append(", ".join(parts))
    return lines


def _measure(measure: Measure) -> dict[str, Any]:
    dates = " – ".join(part for part in (_date(measure.start_date), _date(measure.end_date)) if part)
    return {
        "id": measure.pk,
        "title": measure.title,
        "description": measure.description,
        "status": measure.status,
        "status_label": str(measure.get_status_display()),
        "owner": measure.lead_actor.name if measure.lead_actor_id and measure.lead_actor else measure.lead_owner,
        "actors": measure.involved_actors,
        "target_group": measure.target_group,
        "budget": _budget_text(measure),
        "dates": dates,
        "progress": f"{measure.progress} %" if measure.progress else "",
    }


def _texts(report: Report) -> tuple[dict[str, str], dict[int, str]]:
    section_texts: dict[str, str] = {}
    field_texts: dict[int, str] = {}
    for text in report.texts.all():
        if text.field_id is None:
            section_texts[text.section] = text.text
        else:
            field_texts[text.field_id] = text.text
    return section_texts, field_texts


def _fields(report: Report, field_texts: dict[int, str], progress: Progress) -> tuple[list[dict], list[dict]]:
    """Per field of action: its text, guiding goals with their annual goals, the indicators with charts and the
    measures. Every measure of the concept appears exactly once; those without a field are returned apart."""
    concept = report.concept
    indicator_qs = _indicator_queryset()
    guiding = list(
        GuidingGoal.objects.filter(field__concept=concept)
        .prefetch_related(Prefetch("indicators", queryset=indicator_qs))
        .order_by("order", "pk")
    )
    annual = list(
        AnnualGoal.objects.filter(field__concept=concept)
        .prefetch_related(Prefetch("indicators", queryset=indicator_qs))
        .order_by("order", "pk")
    )
    measures = list(
        concept.measures.select_related("lead_actor").prefetch_related("budget_lines").order_by("order", "pk")
    )
    fields = list(FieldOfAction.objects.filter(concept=concept).order_by("order", "pk"))
    result = []
    for position, fld in enumerate(fields, start=1):
        progress(
            10 + int(50 * position / max(len(fields), 1)), _("Collecting the field “%(field)s”") % {"field": fld.title}
        )
        indicators: dict[int, Indicator] = {}
        guiding_rows = []
        for number, goal in enumerate((g for g in guiding if g.field_id == fld.pk), start=1):
            for indicator in goal.indicators.all():
                indicators.setdefault(indicator.pk, indicator)
            guiding_rows.append(
                {
                    "number": number,
                    "text": goal.text,
                    "minimum": goal.minimum_statement,
                    "annual": [_annual(a) for a in annual if a.field_id == fld.pk and a.guiding_goal_id == goal.pk],
                }
            )
        loose = [_annual(a) for a in annual if a.field_id == fld.pk and a.guiding_goal_id is None]
        for annual_goal in annual:
            if annual_goal.field_id == fld.pk:
                for indicator in annual_goal.indicators.all():
                    indicators.setdefault(indicator.pk, indicator)
        indicator_rows = [_indicator(indicator, report, with_charts=True) for indicator in indicators.values()]
        result.append(
            {
                "id": fld.pk,
                "title": fld.title,
                "description": fld.description,
                "text": text_payload(field_texts.get(fld.pk, "")),
                "guiding": guiding_rows,
                "annual": loose,
                "indicators": indicator_rows,
                "measures": [_measure(measure) for measure in measures if measure.field_id == fld.pk],
                "empty": not guiding_rows and not loose,
            }
        )
    without = [_measure(measure) for measure in measures if measure.field_id is None]
    return result, without


def _annual(goal: AnnualGoal) -> dict[str, Any]:
    years = ""
    if goal.year_start and goal.year_end and goal.year_end != goal.year_start:
        years = f"{goal.year_start}–{goal.year_end}"
    elif goal.year_start or goal.year_end:
        years = str(goal.year_start or goal.year_end)
    return {"text": goal.text, "years": years, "owner": goal.owner}


def _priorities(report: Report) -> dict[str, Any]:
    """The ranking of the closed dot votes on the concept; without one, the fields by their priority points."""
    from querschnitt.participation.models import DotVote, DotVoteStatus
    from querschnitt.participation.selectors import dot_vote_result

    votes = list(
        DotVote.objects.filter(
            Q(concept=report.concept) | Q(process__concept=report.concept),
            body=report.body,
            status=DotVoteStatus.CLOSED,
            run_off_of__isnull=True,
        ).order_by("created", "pk")
    )
    rankings = []
    for vote in votes:
        ranking = dot_vote_result(vote)
        rows = [
            {"rank": f"{group.rank}.", "label": entry.option.label, "points": num(entry.total)}
            for group in ranking.groups
            for entry in group.ordered_entries
        ]
        rankings.append({"title": vote.title, "question": vote.question, "rows": rows})
    if not rankings:
        fields = [f for f in report.concept.fields.order_by("-priority_points", "order", "pk") if f.priority_points]
        if fields:
            rows = []
            rank = 0
            previous = None
            for position, fld in enumerate(fields, start=1):
                if fld.priority_points != previous:
                    rank, previous = position, fld.priority_points
                rows.append({"rank": f"{rank}.", "label": fld.title, "points": num(fld.priority_points)})
            rankings.append({"title": _("Priorities of the fields of action"), "question": "", "rows": rows})
    concept = report.concept
    return {
        "mission": [part.strip() for part in concept.mission_statement.split("\n\n") if part.strip()],
        "rankings": rankings,
    }


def _evaluations(report: Report) -> list[dict[str, Any]]:
    evaluations = (
        Evaluation.objects.filter(
            concept=report.concept, review_date__gte=report.period_start, review_date__lte=report.period_end
        )
        .select_related("guiding_goal", "annual_goal", "measure")
        .order_by("review_date", "pk")
    )
    rows = []
    for evaluation in evaluations:
        subject = evaluation.subject
        if evaluation.measure_id:
            kind = _("Measure")
        elif evaluation.annual_goal_id:
            kind = _("Annual goal")
        else:
            kind = _("Guiding goal")
        rows.append(
            {
                "date": _date(evaluation.review_date),
                "kind": str(kind),
                "subject": getattr(subject, "title", None) or getattr(subject, "text", ""),
                "traffic_light": str(evaluation.get_traffic_light_display()),
                "progress": str(evaluation.get_progress_status_display()),
                "decision": str(evaluation.get_decision_display()),
                "comment": evaluation.comment,
            }
        )
    return rows


def _in_period(report: Report, start: date | None, end: date | None = None) -> bool:
    end = end or start
    return start is not None and end is not None and end >= report.period_start and start <= report.period_end


def _participation(report: Report) -> dict[str, Any]:
    """Workshops, dot votes and events of the body in the period: titles, dates and counts, never names."""
    from querschnitt.participation import models as pm
    from querschnitt.participation.selectors import dot_vote_result

    processes = (
        pm.WorkshopProcess.objects.filter(body=report.body)
        .prefetch_related(Prefetch("phases", queryset=pm.WorkshopPhase.objects.order_by("order", "pk")))
        .order_by("created", "pk")
    )
    workshops = []
    for process in processes:
        phases = [p for p in process.phases.all() if _in_period(report, p.start_date, p.end_date)]
        if not phases and process.concept_id != report.concept_id:
            continue
        participant_count = pm.Participant.objects.filter(process=process, status__in=pm.HOLDS_PLACE).count()
        attended = pm.Participant.objects.filter(process=process, attendances__isnull=False).distinct().count()
        votes = []
        for vote in process.dot_votes.filter(status=pm.DotVoteStatus.CLOSED, run_off_of__isnull=True).order_by("pk"):
            ranking = dot_vote_result(vote)
            top = [
                f"{entry.option.label} ({num(entry.total)})"
                for group in ranking.groups
                for entry in group.ordered_entries
            ]
            votes.append(
                {
                    "title": vote.title,
                    "summary": ngettext("%(count)s point in total.", "%(count)s points in total.", ranking.total)
                    % {"count": num(ranking.total)},
                    "ranking": top,
                }
            )
        workshops.append(
            {
                "title": process.title,
                "phases": [
                    {
                        "title": phase.title,
                        "dates": " – ".join(
                            part for part in dict.fromkeys((_date(phase.start_date), _date(phase.end_date))) if part
                        ),
                    }
                    for phase in (phases or list(process.phases.all()))
                ],
                "participants": ngettext(
                    "%(count)s participant invited or confirmed, %(attended)s present on at least one day.",
                    "%(count)s participants invited or confirmed, %(attended)s present on at least one day.",
                    participant_count,
                )
                % {"count": num(participant_count), "attended": num(attended)},
                "dot_votes": votes,
            }
        )
    events = []
    for event in pm.Event.objects.filter(
        body=report.body, published=True, date__gte=report.period_start, date__lte=report.period_end
    ).order_by("date", "pk"):
        registered = event.purged_registered + event.registrations.filter(status="registered").count()
        events.append(
            {
                "title": event.title,
                "kind": str(event.get_kind_display()),
                "date": _date(event.date),
                "place": event.place,
                "topics": event.topic_list,
                "registered": num(registered),
                "documentation": event.documentation,
            }
        )
    return {"workshops": workshops, "events": events}


def _committee(report: Report) -> dict[str, Any]:
    """Public papers made here (not imported, not deleted) linked to the concept or dated in the period, with the
    steps of their deliberation that were public; and the public agenda items of the body's meetings in the period
    that have a result or a resolution."""
    concept = report.concept
    linked = (
        Q(measures__concept=concept)
        | Q(guiding_goals__field__concept=concept)
        | Q(annual_goals__field__concept=concept)
    )
    in_period = Q(date__gte=report.period_start, date__lte=report.period_end)
    papers = (
        Paper.objects.filter(linked | in_period, body=report.body, public=True, deleted=False, external_id="")
        .distinct()
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=Consultation.objects.filter(deleted=False)
                .select_related("organization", "meeting", "agenda_item")
                .order_by("order", "pk"),
            ),
            "originator_organizations",
        )
        .order_by("date", "reference", "pk")
    )
    paper_rows = []
    for paper in papers:
        steps = []
        for consultation in paper.consultations.all():
            item = getattr(consultation, "agenda_item", None)
            if item is not None and (not item.public or item.deleted):
                continue  # dealt with in a non-public part: nothing of it goes into a public report
            text = f"{consultation.organization.name} ({consultation.get_role_display()})"
            if consultation.meeting_id and consultation.meeting and not consultation.meeting.cancelled:
                text += f", {_date(timezone.localtime(consultation.meeting.start).date())}"
            if consultation.result:
                text += f": {consultation.result}"
            steps.append(text)
        paper_rows.append(
            {
                "reference": paper.reference,
                "name": paper.name,
                "type": str(paper.get_paper_type_display()),
                "date": _date(paper.date),
                "originators": ", ".join(org.name for org in paper.originator_organizations.all()),
                "resolution_proposal": paper.resolution_proposal,
                "steps": steps,
            }
        )
    items = (
        AgendaItem.objects.filter(
            meeting__body=report.body,
            meeting__cancelled=False,
            meeting__deleted=False,
            meeting__external_id="",
            meeting__start__date__gte=report.period_start,
            meeting__start__date__lte=report.period_end,
            public=True,
            deleted=False,
            external_id="",
        )
        .exclude(result="", resolution_text="")
        .select_related("meeting")
        .order_by("meeting__start", "order", "pk")
    )
    decisions = [
        {
            "meeting": f"{item.meeting.name}, {_date(timezone.localtime(item.meeting.start).date())}",
            "item": f"{item.number} {item.name}".strip(),
            "result": item.result,
            "resolution": item.resolution_text,
        }
        for item in items
    ]
    return {"papers": paper_rows, "decisions": decisions}


def _funding(report: Report, field_titles: list[str]) -> dict[str, Any]:
    """Approved funding of the body in the period, by funding area (the fields of action): organisations, projects
    and amounts only."""
    from querschnitt.network.models_funding import GRANTED_STATUSES, FundingApplication

    applications = (
        FundingApplication.objects.filter(
            call__guideline__body=report.body,
            status__in=GRANTED_STATUSES,
            decided_on__gte=report.period_start,
            decided_on__lte=report.period_end,
        )
        .select_related("applicant")
        .order_by("area", "organisation_name", "pk")
    )
    groups: dict[str, list[Any]] = {}
    for application in applications:
        groups.setdefault(application.area or _("no funding area"), []).append(application)
    order = {title: position for position, title in enumerate(field_titles)}
    areas = []
    total = 0
    for area in sorted(groups, key=lambda name: (order.get(name, len(order)), name)):
        rows = groups[area]
        subtotal = sum(application.approved_amount or 0 for application in rows)
        total += subtotal
        areas.append(
            {
                "area": area,
                "rows": [
                    {
                        "organisation": application.organisation,
                        "project": application.title,
                        "amount": _euro(application.approved_amount),
                    }
                    for application in rows
                ],
                "total": _euro(subtotal),
            }
        )
    return {"areas": areas, "total": _euro(total) if areas else ""}


def _annex(report: Report) -> list[dict[str, Any]]:
    """The definitions of the concept's indicators and every value of the body's own area (no confidential one)."""
    concept = report.concept
    indicators = (
        _indicator_queryset()
        .filter(Q(guiding_goals__field__concept=concept) | Q(annual_goals__field__concept=concept))
        .distinct()
        .order_by("name", "pk")
    )
    rows = []
    for indicator in indicators:
        entry = indicator.catalogue_entry
        series = own_series(indicator)
        data_rows = []
        for obs in series:
            flags = [
                label for label, on in ((_("provisional"), obs.provisional), (_("estimated"), obs.estimated)) if on
            ]
            data_rows.append([_observation_label(obs), num(obs.value), obs.unit or indicator.unit, ", ".join(flags)])
        rows.append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "catalogue": f"{entry.code}" if entry else "",
                "definition": indicator.definition or (entry.definition if entry else ""),
                "numerator": indicator.numerator,
                "denominator": indicator.denominator,
                "source": indicator.data_source or (entry.source if entry else ""),
                "reference_date": indicator.reference_date,
                "unit": indicator.unit,
                "rows": data_rows,
            }
        )
    return rows


def report_data(report: Report, progress: Progress | None = None) -> dict[str, Any]:
    """The snapshot of `report`: every included section, as plain data with German typography."""
    step = progress or (lambda percent, text: None)
    report = Report.objects.select_related("body", "concept").prefetch_related("texts").get(pk=report.pk)
    section_texts, field_texts = _texts(report)
    included = [key for key in ReportSection.values if key in (report.sections or [])]
    titles = dict(ReportSection.choices)
    sections: list[dict[str, Any]] = []
    field_titles = list(report.concept.fields.order_by("order", "pk").values_list("title", flat=True))
    for key in included:
        section: dict[str, Any] = {
            "key": key,
            "title": str(titles[key]),
            "text": text_payload(section_texts.get(key, "")),
        }
        if key == ReportSection.INTRODUCTION:
            step(5, _("Collecting the introduction"))
            concept = report.concept
            section["concept"] = {
                "title": concept.title,
                "version": concept.version,
                "adopted": ", ".join(part for part in (_date(concept.adopted_on), concept.adopted_by) if part),
            }
        elif key == ReportSection.PRIORITIES:
            section.update(_priorities(report))
        elif key == ReportSection.FIELDS:
            fields, without = _fields(report, field_texts, step)
            section["fields"] = fields
            section["without_field"] = without
        elif key == ReportSection.EVALUATION:
            step(65, _("Collecting the evaluation"))
            section["evaluations"] = _evaluations(report)
        elif key == ReportSection.PARTICIPATION:
            step(70, _("Collecting participation"))
            section.update(_participation(report))
        elif key == ReportSection.COMMITTEE:
            step(75, _("Collecting motions and decisions"))
            section.update(_committee(report))
        elif key == ReportSection.FUNDING:
            step(80, _("Collecting funding"))
            section.update(_funding(report, field_titles))
        elif key == ReportSection.ANNEX:
            step(85, _("Collecting the indicator definitions"))
            section["indicators"] = _annex(report)
        sections.append(section)
    data = {
        "title": report.title,
        "body": report.body.name,
        "concept": f"{report.concept.title} ({_('version')} {report.concept.version})",
        "period": f"{_date(report.period_start)} – {_date(report.period_end)}",
        "generated": _date(timezone.localdate()),
        "labels": labels(),
        "sections": sections,
    }
    return _typographic_except_html(data)


def _typographic_except_html(value: Any, key: str = "") -> Any:
    """German quotes in every text, but not inside the HTML of texts (attributes keep straight quotes) and not in
    the chart specs (machine data)."""
    if key in ("html", "spec"):
        return value
    if isinstance(value, dict):
        return {k: _typographic_except_html(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_typographic_except_html(item) for item in value]
    return typographic(value)
