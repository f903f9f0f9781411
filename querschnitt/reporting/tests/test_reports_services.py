"""The report builder's services and snapshot: versions numbered and frozen, permissions, nothing confidential or
personal in a snapshot, and files that pass the structure checks (tagged PDF in German, DOCX with headings and
described pictures)."""

import json
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from querschnitt.core.documents import latest_document_build
from querschnitt.core.exceptions import ApplicationError
from querschnitt.reporting import services_reports as services
from querschnitt.reporting.models import ReportSection, ReportVersion
from querschnitt.reporting.report_data import report_data, text_payload
from querschnitt.reporting.report_documents import KIND, docx_bytes, pdf_bytes
from querschnitt.strategy.models import Measure
from querschnitt.strategy.tests.factories import ConceptFactory
from querschnitt.tenancy.models import Role

from .report_scenario import (
    CONTACT_NAME,
    PUBLIC_PAPER,
    SECRET_ITEM,
    SECRET_PAPER,
    SECRET_RESULT,
    SECRET_VALUE,
    make_scenario,
)


@pytest.fixture
def scenario(body):
    return make_scenario(body)


@pytest.fixture
def ki(make_user, body):
    return make_user(body, Role.INTEGRATION_CENTRE)


@pytest.mark.django_db
def test_versions_are_numbered_and_their_files_built(scenario, ki):
    first = services.report_version_build(actor=ki, report=scenario.report, note="Entwurf")
    second = services.report_version_build(actor=ki, report=scenario.report)
    assert (first.number, second.number) == (1, 2)
    build = latest_document_build(KIND, first)
    assert build is not None and build.status == "done", build and build.error
    assert build.pdf and build.docx


@pytest.mark.django_db
def test_a_version_is_frozen_when_the_data_changes(scenario, ki):
    version = services.report_version_build(actor=ki, report=scenario.report)
    Measure.objects.filter(pk=scenario.measures[0].pk).update(title="Umbenannte Maßnahme")
    version.refresh_from_db()
    text = json.dumps(version.data, ensure_ascii=False)
    assert "Schülergerechte Infoveranstaltung" in text
    assert "Umbenannte Maßnahme" not in text
    assert "Umbenannte Maßnahme" in json.dumps(report_data(scenario.report), ensure_ascii=False)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR, Role.READER])
def test_only_office_and_integration_centre_write_reports(scenario, make_user, body, role):
    user = make_user(body, role)
    with pytest.raises(ApplicationError):
        services.report_version_build(actor=user, report=scenario.report)
    with pytest.raises(ApplicationError):
        services.report_text_set(actor=user, report=scenario.report, section="introduction", text="x")
    version = ReportVersion.objects.create(report=scenario.report, number=1, data={})
    with pytest.raises(ApplicationError):
        services.report_version_publish(actor=user, version=version)
    assert not ReportVersion.objects.filter(report=scenario.report, number=2).exists()


@pytest.mark.django_db
def test_the_office_of_another_body_cannot_write(scenario, make_user, other_body):
    with pytest.raises(ApplicationError):
        services.report_update(actor=make_user(other_body, Role.OFFICE), report=scenario.report, title="Fremd")


@pytest.mark.django_db
def test_create_checks_concept_and_period(body, other_body, ki):
    with pytest.raises(ApplicationError):
        services.report_create(
            actor=ki,
            body=body,
            concept=ConceptFactory(body=other_body),
            title="Bericht",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        )
    with pytest.raises(ApplicationError):
        services.report_create(
            actor=ki,
            body=body,
            concept=ConceptFactory(body=body),
            title="Bericht",
            period_start=date(2025, 1, 1),
            period_end=date(2024, 12, 31),
        )


@pytest.mark.django_db
def test_texts_are_set_per_section_and_field_and_removed_when_empty(scenario, ki):
    report = scenario.report
    services.report_text_set(actor=ki, report=report, section="introduction", text="Hallo **Welt**")
    services.report_text_set(actor=ki, report=report, section="fields", field=scenario.fields[1], text="Zur Sprache")
    data = report_data(report)
    intro = next(s for s in data["sections"] if s["key"] == "introduction")
    assert "<strong>Welt</strong>" in intro["text"]["html"]
    fields = next(s for s in data["sections"] if s["key"] == "fields")["fields"]
    assert fields[1]["text"]["blocks"] == [{"kind": "p", "text": "Zur Sprache"}]
    services.report_text_set(actor=ki, report=report, section="introduction", text="  ")
    assert not report.texts.filter(section="introduction").exists()


def test_the_markdown_of_texts_is_escaped():
    payload = text_payload('<script>alert(1)</script>\n\n- eins\n- "zwei"')
    assert "<script>" not in payload["html"]
    assert "&lt;script&gt;" in payload["html"]
    assert payload["blocks"][1] == {"kind": "list", "numbered": False, "items": ["eins", "„zwei“"]}


@pytest.mark.django_db
def test_publishing_and_deleting(scenario, ki):
    version = services.report_version_build(actor=ki, report=scenario.report)
    services.report_version_publish(actor=ki, version=version)
    assert version.published
    with pytest.raises(ApplicationError):
        services.report_delete(actor=ki, report=scenario.report)
    services.report_version_unpublish(actor=ki, version=version)
    services.report_delete(actor=ki, report=scenario.report)
    assert not ReportVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.django_db
def test_the_snapshot_has_every_section_field_and_measure(scenario):
    data = report_data(scenario.report)
    assert [s["key"] for s in data["sections"]] == list(ReportSection.values)
    fields = next(s for s in data["sections"] if s["key"] == "fields")
    assert [f["title"] for f in fields["fields"]] == ["Bildung", "Sprache"]
    titles = [m["title"] for f in fields["fields"] for m in f["measures"]] + [
        m["title"] for m in fields["without_field"]
    ]
    assert sorted(titles) == sorted(m.title for m in scenario.measures)
    indicator = fields["fields"][0]["indicators"][0]
    assert indicator["charts"] and indicator["charts"][0]["description"]
    assert any(row[0] == "2025" and "78" in row for row in indicator["charts"][0]["table_rows"])
    funding = next(s for s in data["sections"] if s["key"] == "funding")
    assert funding["areas"][0]["rows"][0]["amount"] == "2.500\u00a0€"
    committee = next(s for s in data["sections"] if s["key"] == "committee")
    assert [p["name"] for p in committee["papers"]] == [PUBLIC_PAPER]
    assert next(d["item"] for d in committee["decisions"]).endswith("Bericht über Sprachkurse")


@pytest.mark.django_db
def test_the_snapshot_never_holds_confidential_personal_or_non_public_data(scenario):
    text = json.dumps(report_data(scenario.report), ensure_ascii=False)
    assert "987654" not in text and "987.654" not in text
    assert CONTACT_NAME not in text
    assert "erika@example.org" not in text
    assert SECRET_PAPER not in text
    assert SECRET_ITEM not in text
    assert SECRET_RESULT not in text
    assert str(SECRET_VALUE) not in text


@pytest.mark.django_db
def test_sections_not_chosen_are_left_out(scenario, ki):
    services.report_update(actor=ki, report=scenario.report, sections=["fields", "introduction"])
    data = report_data(scenario.report)
    assert [s["key"] for s in data["sections"]] == ["introduction", "fields"]
    with pytest.raises(ApplicationError):
        services.report_update(actor=ki, report=scenario.report, sections=[])


@pytest.mark.django_db
def test_the_pdf_is_tagged_german_with_embedded_fonts_and_every_field_and_measure(scenario, ki):
    version = ReportVersion.objects.create(report=scenario.report, number=1, data=report_data(scenario.report))
    reader = PdfReader(BytesIO(pdf_bytes(version)))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("de")
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for title in ["Bildung", "Sprache", *[m.title for m in scenario.measures], "Quote der Schulabschlüsse"]:
        assert title in text, title


@pytest.mark.django_db
def test_the_docx_has_headings_every_measure_and_described_pictures(scenario):
    version = ReportVersion.objects.create(report=scenario.report, number=1, data=report_data(scenario.report))
    document = Document(BytesIO(docx_bytes(version)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any("Bildung" in h for h in headings) and any("Sprache" in h for h in headings)
    for measure in scenario.measures:
        assert measure.title in headings
    assert document.core_properties.language == "de-DE"
    pictures = document.inline_shapes
    assert len(pictures) >= 1
    for picture in pictures:
        assert picture._inline.docPr.get("descr")
