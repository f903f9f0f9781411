"""Generated documents: Typst PDFs are tagged, German and carry their fonts; DOCX files have headings and German as
their language; a build records its progress, stores its files only when it succeeds and fails with a message."""

import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from pypdf import PdfReader

from querschnitt.core.documents import (
    BuiltDocument,
    DocumentBuilder,
    DocxWriter,
    document_build_start,
    german_quotes,
    register_document_builder,
    render_pdf,
)
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.models import DocumentBuild, DocumentBuildStatus
from querschnitt.tenancy.models import Role

SOURCE = """
#let data = json(bytes(sys.inputs.data))
#set document(title: data.title)
#set text(lang: "de", region: "de", font: "Libertinus Serif")
= #data.title
#par(data.text)
#table(columns: 2, table.header([Rang], [Punkte]), [1.], [30])
"""


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_german_quotes():
    assert german_quotes('Raus aus der "Nische"') == "Raus aus der „Nische“"
    assert german_quotes("schon „richtig“") == "schon „richtig“"


def test_pdf_is_tagged_german_and_embeds_its_fonts():
    pdf = render_pdf(SOURCE, data={"title": "Übersicht der Maßnahmen", "text": german_quotes('Die "Nische" – ÄÖÜ ß')})

    reader = PdfReader(BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de-DE"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == "Übersicht der Maßnahmen"
    text = pdf_text(pdf)
    assert "Übersicht der Maßnahmen" in text and "Die „Nische“ – ÄÖÜ ß" in text
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    descriptors = [font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object() for font in fonts]
    assert descriptors and all("/FontFile2" in d or "/FontFile3" in d for d in descriptors)


def test_any_text_reaches_pdf_and_docx_emoji_and_control_characters_included():
    """Typst refuses a PDF/UA document with a character its fonts cannot show, and XML cannot hold control
    characters: a workshop card with an emoji or a text pasted from Word with a vertical tab must not stop a build."""
    text = "Sprachcafé 🎉 mit\x0bZeilenumbruch und 漢字"
    pdf = render_pdf(SOURCE, data={"title": "Ergebnis\x07", "text": text})
    assert "Sprachcafé" in pdf_text(pdf) and "Zeilenumbruch" in pdf_text(pdf)

    writer = DocxWriter(title="Ergebnis")
    writer.heading("Karte\x0b1", level=1)
    writer.paragraph(text, bold_prefix="Idee\x01: ")
    writer.bullets([text])
    writer.table(["Spalte\x0c"], [[text]], caption="Tabelle\x1f")
    document = Document(BytesIO(writer.to_bytes()))
    assert any("Sprachcafé 🎉 mitZeilenumbruch" in paragraph.text for paragraph in document.paragraphs)


def test_pdf_refused_by_typst_is_an_application_error():
    with pytest.raises(ApplicationError):
        render_pdf("#let x = (", data={})


def test_docx_has_headings_german_language_and_table_header_rows():
    writer = DocxWriter(title="Dokumentation")
    writer.title("Dokumentation")
    writer.heading("Termine", 1)
    writer.heading("Handlungsfeld Bildung", 2)
    writer.table(["Rang", "Handlungsfeld"], [("1.", "Bildung")])
    content = writer.to_bytes()

    document = Document(BytesIO(content))
    assert document.core_properties.language == "de-DE"
    styles = [paragraph.style.name for paragraph in document.paragraphs]
    assert "Heading 1" in styles and "Heading 2" in styles
    assert document.tables[0].rows[0].cells[0].text == "Rang"
    xml = zipfile.ZipFile(BytesIO(content))
    assert 'w:lang w:val="de-DE"' in xml.read("word/styles.xml").decode()
    assert "w:tblHeader" in xml.read("word/document.xml").decode()


# --- Builds --------------------------------------------------------------------------------------------------------

seen_progress: list[tuple[int, str]] = []


def _ok_builder(build, progress):
    progress(30, "Daten sammeln")
    # The progress is in the database while the builder still works (the page asks for it).
    current = DocumentBuild.objects.get(pk=build.pk)
    seen_progress.append((current.progress, current.step))
    return BuiltDocument(pdf=render_pdf(SOURCE, data={"title": build.title, "text": "Inhalt"}), docx=b"PK docx")


def _broken_builder(build, progress):
    progress(50, "Halb fertig")
    raise RuntimeError("boom")


def _refusing_builder(build, progress):
    raise ApplicationError("Für diesen Workshop fehlen die Daten.")


def _may_view(user, build):
    return user.has_perm("participation.view_workshop", build.body)


for kind, function in (
    ("test.ok", _ok_builder),
    ("test.broken", _broken_builder),
    ("test.refusing", _refusing_builder),
):
    register_document_builder(DocumentBuilder(kind=kind, build=function, may_view=_may_view))


@pytest.fixture
def start(body, office_user):
    def start(kind):
        return document_build_start(actor=office_user, kind=kind, body=body, target=body, title="Übersicht – Test")

    return start


def test_a_build_records_progress_and_stores_both_files(start):
    build = start("test.ok")

    assert seen_progress[-1] == (30, "Daten sammeln")
    assert build.status == DocumentBuildStatus.DONE and build.progress == 100
    assert build.pdf.read().startswith(b"%PDF") and build.docx.read() == b"PK docx"
    assert build.started_at and build.finished_at and build.error == ""


@pytest.mark.parametrize("kind", ["test.broken", "test.refusing"])
def test_a_failing_builder_leaves_a_failed_build_with_a_message_and_no_file(start, kind):
    build = start(kind)

    assert build.status == DocumentBuildStatus.FAILED
    assert not build.pdf and not build.docx
    if kind == "test.refusing":
        assert build.error == "Für diesen Workshop fehlen die Daten."
    else:
        with translation.override("de"):
            assert build.error == gettext(
                "The document could not be generated because of an internal error. Please try again later; "
                "if it fails again, tell the operators of this instance."
            )
        assert "boom" not in build.error  # no internals for the user


def test_an_unknown_kind_is_refused(body, office_user):
    with pytest.raises(ApplicationError):
        document_build_start(actor=office_user, kind="gibt.es.nicht", body=body, target=body, title="x")
    assert not DocumentBuild.objects.exists()


def test_with_the_database_backend_the_worker_runs_the_queued_build(body, office_user, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # The worker drops stale connections between tasks; inside the test's transaction that would end the test.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    first = document_build_start(actor=office_user, kind="test.ok", body=body, target=body, title="A")
    second = document_build_start(actor=office_user, kind="test.ok", body=body, target=body, title="A")

    assert first.pk == second.pk  # not queued twice while it waits
    assert first.status == DocumentBuildStatus.QUEUED and first.task_id
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    first.refresh_from_db()
    assert first.status == DocumentBuildStatus.DONE and first.pdf


def test_progress_page_and_downloads(client, start, office_user, make_user, other_body):
    build = start("test.ok")
    url = reverse("core:document_build", kwargs={"documentbuild": build.pk})
    pdf_url = reverse("core:document_pdf", kwargs={"documentbuild": build.pk})

    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(make_user(other_body, Role.OFFICE))
    assert client.get(url).status_code == 404
    assert client.get(pdf_url).status_code == 404

    client.force_login(office_user)
    page = client.get(url)
    assert page.status_code == 200 and pdf_url in page.content.decode()
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 286  # htmx: stop polling, the build is done
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert "Übersicht" in response["Content-Disposition"] or "%C3%9Cbersicht" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("core:document_docx", kwargs={"documentbuild": build.pk}))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_running_build_polls_with_a_live_region(client, body, office_user):
    build = DocumentBuild.objects.create(
        kind="test.ok", body=body, title="Läuft", status=DocumentBuildStatus.RUNNING, progress=40, step="Setzen"
    )
    client.force_login(office_user)
    html = client.get(reverse("core:document_build", kwargs={"documentbuild": build.pk})).content.decode()
    assert 'aria-live="polite"' in html and 'hx-trigger="every 2s"' in html
    assert 'value="40"' in html and "Setzen" in html
