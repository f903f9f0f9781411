"""The demo report: the Integrationsbericht Rhein-Kreis Neuss is built from the demo data, published, contains every
field of action and every measure of the demo concept, and loading the demo again changes nothing."""

import json
import re
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from querschnitt.core.demo import load_demo
from querschnitt.core.documents import latest_document_build
from querschnitt.reporting.demo_reports import TITLE
from querschnitt.reporting.models import Report, ReportVersion
from querschnitt.reporting.report_documents import KIND


@pytest.mark.django_db(transaction=True)
def test_the_demo_report_is_built_published_and_complete():
    context = load_demo()
    concept = context["concept"]
    report = Report.objects.get(title=TITLE)
    version = ReportVersion.objects.get(report=report)
    assert version.published
    snapshot = json.dumps(version.data, ensure_ascii=False)
    for field in concept.fields.all():
        assert field.title in snapshot
    for measure in concept.measures.all():
        assert measure.title in snapshot
    build = latest_document_build(KIND, version)
    assert build is not None and build.status == "done", build and build.error
    reader = PdfReader(BytesIO(build.pdf.read()))
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("de")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for field in concept.fields.all():
        assert field.title in text
    # Justified, hyphenated text, broken by page headers: compare the start of each title without spaces and hyphens.
    flat = re.sub(r"[\s\-\u00ad]+", "", text)
    for measure in concept.measures.all():
        assert re.sub(r"[\s\-\u00ad]+", "", measure.title)[:50] in flat
    charts = snapshot.count('"spec":')
    assert charts >= 6  # every indicator with data has its charts; the demo's has maps and comparisons too
    assert text.count("Abbildung") >= charts  # each chart is a numbered figure in the PDF
    document = Document(BytesIO(build.docx.read()))
    headings = {p.text for p in document.paragraphs if p.style.name.startswith("Heading")}
    for measure in concept.measures.all():
        assert measure.title in headings
    assert len(document.inline_shapes) == charts  # every chart and map as a picture …
    assert all(s._inline.docPr.get("descr") for s in document.inline_shapes)  # … with its text alternative

    load_demo()
    assert ReportVersion.objects.filter(report__title=TITLE).count() == 1
