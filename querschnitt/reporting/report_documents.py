"""The files of a report version: PDF through Typst and DOCX through python-docx, both from the version's snapshot.

The builder kind `reporting.report` registers itself with `core.documents` when this module is imported
(`reporting/documentation.py` imports it, which core finds by name, also in a background worker).

PDF: `templates/reporting/reports/report.typ`, tagged (PDF/UA-1), language German, headings, each chart as SVG with
its text alternative (`alt:`) and the data table beside it. DOCX: `DocxWriter` with headings and tables, each chart
as a PNG picture whose description (`descr`, the alternative text Word shows) is the chart's text alternative.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from querschnitt.core.documents import (
    BuiltDocument,
    DocumentBuilder,
    DocxWriter,
    Progress,
    register_document_builder,
    render_pdf,
    xml_safe,
)
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.models import DocumentBuild

from .charts import Chart
from .models import ReportVersion

KIND = "reporting.report"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "reporting" / "reports" / "report.typ"


def _charts(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every chart (and map) of the snapshot, as the dicts inside it."""
    found = []
    for section in data.get("sections", []):
        for fld in section.get("fields", []):
            for indicator in fld.get("indicators", []):
                found.extend(indicator.get("charts", []))
                if indicator.get("map"):
                    found.append(indicator["map"])
    return found


def _with_svg(data: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """A copy of the snapshot with each chart's SVG rendered from its spec (the snapshot itself keeps only specs)."""
    import copy

    data = copy.deepcopy(data)
    charts = _charts(data)
    for index, chart in enumerate(charts, start=1):
        progress(5 + int(35 * index / max(len(charts), 1)), _("Drawing the charts"))
        chart["svg"] = Chart.from_dict(chart).svg()
    return data


def pdf_bytes(version: ReportVersion, progress: Progress | None = None) -> bytes:
    step = progress or (lambda percent, text: None)
    data = _with_svg(version.data, step)
    data["version"] = str(version.number)
    step(45, _("Typesetting the PDF"))
    return render_pdf(TEMPLATE.read_text(encoding="utf-8"), data=data)


# --- DOCX ---------------------------------------------------------------------------------------------------------


class ReportDocx(DocxWriter):
    """DocxWriter with pictures that carry a description (the alternative text)."""

    def picture(self, png: bytes, *, description: str, width_cm: float = 15.5) -> None:
        from docx.shared import Cm

        paragraph = self.document.add_paragraph()
        shape = paragraph.add_run().add_picture(BytesIO(png), width=Cm(width_cm))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", description)
        doc_pr.set("title", description[:200])

    def caption(self, text: str) -> None:
        self.document.add_paragraph(text, style="Caption")

    def office_text(self, text: dict[str, Any]) -> None:
        for block in text.get("blocks", []):
            if block["kind"] == "p":
                self.paragraph(block["text"])
            elif block["kind"] == "h":
                self.paragraph("", bold_prefix=block["text"])
            else:
                self.bullets(block["items"], numbered=block["numbered"])


def _png(chart: dict[str, Any]) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(chart["spec"], scale=2))


def _docx_chart(doc: ReportDocx, labels: dict[str, str], chart: dict[str, Any]) -> None:
    doc.picture(_png(chart), description=chart["description"])
    doc.caption(chart["title"])
    if chart.get("table_rows"):
        doc.table(chart["table_header"], chart["table_rows"], caption=f"{labels['data_table']}: {chart['title']}")


def _line(doc: ReportDocx, label: str, value: str) -> None:
    if value:
        doc.paragraph(value, bold_prefix=f"{label}: ")


def docx_bytes(version: ReportVersion, progress: Progress | None = None) -> bytes:
    step = progress or (lambda percent, text: None)
    data = xml_safe(version.data)
    labels = data["labels"]
    doc = ReportDocx(title=data["title"], author=data["body"], subject=labels["report"])
    doc.title(data["title"])
    doc.paragraph(f"{labels['report']} · {data['body']}")
    _line(doc, labels["period"], data["period"])
    _line(doc, labels["concept"], data["concept"])
    doc.paragraph(f"{labels['version']} {version.number} · {labels['generated']}: {data['generated']}")
    charts_total = max(len(_charts(data)), 1)
    charts_done = 0
    for section in data["sections"]:
        key = section["key"]
        doc.heading(section["title"], 1)
        doc.office_text(section["text"])
        if key == "introduction":
            _line(doc, labels["concept"], section["concept"]["title"])
            _line(doc, labels["adopted"], section["concept"]["adopted"])
        elif key == "priorities":
            if section["mission"]:
                doc.heading(labels["mission"], 2)
                for part in section["mission"]:
                    doc.paragraph(part)
            for ranking in section["rankings"]:
                doc.heading(ranking["title"], 2)
                if ranking["question"]:
                    doc.paragraph(ranking["question"])
                doc.table(
                    [labels["rank"], labels["field"], labels["points"]],
                    [(row["rank"], row["label"], row["points"]) for row in ranking["rows"]],
                )
        elif key == "fields":
            for fld in section["fields"]:
                doc.heading(f"{labels['field']} {fld['title']}", 2)
                if fld["description"]:
                    doc.paragraph(fld["description"])
                doc.office_text(fld["text"])
                if fld["empty"]:
                    doc.paragraph(labels["no_goals"])
                if fld["guiding"]:
                    doc.heading(labels["guiding_goals"], 3)
                    for goal in fld["guiding"]:
                        doc.heading(f"{labels['guiding_goal']} {goal['number']}: {goal['text']}", 4)
                        _line(doc, labels["at_least"], goal["minimum"])
                        if goal["annual"]:
                            doc.paragraph("", bold_prefix=f"{labels['annual_goals']}:")
                            doc.bullets([_annual_text(labels, a) for a in goal["annual"]])
                if fld["annual"]:
                    doc.heading(labels["annual_goals"], 3)
                    doc.bullets([_annual_text(labels, a) for a in fld["annual"]])
                if fld["indicators"]:
                    doc.heading(labels["indicators"], 3)
                    for indicator in fld["indicators"]:
                        doc.heading(indicator["name"], 4)
                        _line(doc, labels["status"], indicator["status_label"])
                        _line(doc, labels["baseline"], indicator["baseline"])
                        _line(doc, labels["target"], "; ".join(indicator["targets"]))
                        _line(doc, labels["latest"], indicator["latest"])
                        for chart in indicator["charts"] + ([indicator["map"]] if indicator["map"] else []):
                            charts_done += 1
                            step(60 + int(30 * charts_done / charts_total), _("Writing the Word document"))
                            _docx_chart(doc, labels, chart)
                doc.heading(labels["measures"], 3)
                if not fld["measures"]:
                    doc.paragraph(labels["no_measures"])
                for measure in fld["measures"]:
                    _docx_measure(doc, labels, measure)
            if section["without_field"]:
                doc.heading(labels["without_field"], 2)
                for measure in section["without_field"]:
                    _docx_measure(doc, labels, measure)
        elif key == "evaluation":
            if not section["evaluations"]:
                doc.paragraph(labels["no_evaluations"])
            for row in section["evaluations"]:
                doc.heading(f"{row['date']}: {row['subject']}", 2)
                _line(doc, labels["subject"], row["kind"])
                _line(doc, labels["traffic_light"], row["traffic_light"])
                _line(doc, labels["progress"], row["progress"])
                _line(doc, labels["decision"], row["decision"])
                if row["comment"]:
                    doc.paragraph(row["comment"])
        elif key == "participation":
            if not section["workshops"] and not section["events"]:
                doc.paragraph(labels["no_participation"])
            if section["workshops"]:
                doc.heading(labels["workshops"], 2)
                for workshop in section["workshops"]:
                    doc.heading(workshop["title"], 3)
                    doc.bullets([f"{phase['title']}: {phase['dates']}" for phase in workshop["phases"]])
                    doc.paragraph(workshop["participants"])
                    for vote in workshop["dot_votes"]:
                        doc.paragraph(
                            f"{'; '.join(vote['ranking'])}. {vote['summary']}", bold_prefix=f"{vote['title']}: "
                        )
            if section["events"]:
                doc.heading(labels["events"], 2)
                for event in section["events"]:
                    doc.heading(event["title"], 3)
                    _line(doc, labels["date"], f"{event['date']}, {event['place']}")
                    _line(doc, labels["registered"], event["registered"])
                    _line(doc, labels["topics"], "; ".join(event["topics"]))
                    if event["documentation"]:
                        doc.paragraph(event["documentation"])
        elif key == "committee":
            if not section["papers"] and not section["decisions"]:
                doc.paragraph(labels["no_papers"])
            if section["papers"]:
                doc.heading(labels["papers"], 2)
                for paper in section["papers"]:
                    doc.heading(f"{paper['reference']} {paper['name']}".strip(), 3)
                    _line(doc, labels["type"], f"{paper['type']}, {paper['date']}")
                    _line(doc, labels["source"], paper["originators"])
                    if paper["resolution_proposal"]:
                        doc.paragraph(paper["resolution_proposal"])
                    if paper["steps"]:
                        doc.paragraph("", bold_prefix=f"{labels['deliberation']}:")
                        doc.bullets(paper["steps"])
            if section["decisions"]:
                doc.heading(labels["decisions"], 2)
                for row in section["decisions"]:
                    doc.heading(row["item"], 3)
                    _line(doc, labels["meeting"], row["meeting"])
                    _line(doc, labels["result"], row["result"])
                    if row["resolution"]:
                        doc.paragraph(row["resolution"])
        elif key == "funding":
            if not section["areas"]:
                doc.paragraph(labels["no_funding"])
            for area in section["areas"]:
                doc.heading(area["area"], 2)
                rows = [(row["organisation"], row["project"], row["amount"]) for row in area["rows"]]
                rows.append((labels["total"], "", area["total"]))
                doc.table([labels["organisation"], labels["project"], labels["approved"]], rows)
            if section["total"]:
                doc.paragraph(section["total"], bold_prefix=f"{labels['total']}: ")
        elif key == "annex":
            for indicator in section["indicators"]:
                doc.heading(indicator["name"], 2)
                for label_key, value_key in (
                    ("definition", "definition"),
                    ("numerator", "numerator"),
                    ("denominator", "denominator"),
                    ("unit", "unit"),
                    ("source", "source"),
                    ("reference_date", "reference_date"),
                ):
                    _line(doc, labels[label_key], indicator[value_key])
                if indicator["rows"]:
                    doc.table(
                        [labels["period"], labels["value"], labels["unit"], labels["note"]],
                        indicator["rows"],
                        caption=f"{labels['data_table']}: {indicator['name']}",
                    )
                else:
                    doc.paragraph(labels["no_data"])
    return doc.to_bytes()


def _annual_text(labels: dict[str, str], goal: dict[str, Any]) -> str:
    text = goal["text"]
    if goal["years"]:
        text += f" ({goal['years']})"
    if goal["owner"]:
        text += f" – {labels['responsible']}: {goal['owner']}"
    return text


def _docx_measure(doc: ReportDocx, labels: dict[str, str], measure: dict[str, Any]) -> None:
    doc.heading(measure["title"], 4)
    if measure["description"]:
        doc.paragraph(measure["description"])
    _line(doc, labels["status"], measure["status_label"])
    _line(doc, labels["owner"], measure["owner"])
    _line(doc, labels["actors"], measure["actors"])
    _line(doc, labels["target_group"], measure["target_group"])
    _line(doc, labels["budget"], "; ".join(measure["budget"]))
    _line(doc, labels["period_of_measure"], measure["dates"])
    _line(doc, labels["progress_percent"], measure["progress"])


# --- The builder --------------------------------------------------------------------------------------------------


def build_report(document_build: DocumentBuild, progress: Progress) -> BuiltDocument:
    version = (
        ReportVersion.objects.select_related("report", "report__body")
        .filter(pk=document_build.target_id or 0, report__body_id=document_build.body_id)
        .first()
    )
    if version is None:
        raise ApplicationError(_("The version of the report no longer exists."))
    pdf = pdf_bytes(version, progress)
    progress(60, _("Writing the Word document"))
    docx = docx_bytes(version, progress)
    return BuiltDocument(pdf=pdf, docx=docx)


def may_view_report(user: Any, document_build: DocumentBuild) -> bool:
    """The body's people see every version's files; a published version's files are for everyone."""
    if document_build.kind != KIND:
        return False
    if user.has_perm("reporting.view_reports", document_build.body):
        return True
    return ReportVersion.objects.filter(
        pk=document_build.target_id or 0, report__body_id=document_build.body_id, published_at__isnull=False
    ).exists()


register_document_builder(DocumentBuilder(kind=KIND, build=build_report, may_view=may_view_report))
