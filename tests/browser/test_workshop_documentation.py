"""The moderator generates the workshop documentation of the demo, sees it finished and downloads PDF and DOCX."""

from io import BytesIO

import pytest
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from querschnitt.participation.demo import PROCESS_TITLE
from querschnitt.participation.models import WorkshopProcess

from .conftest import axe_violations, login

pytestmark = pytest.mark.browser


def german(msgid: str) -> str:
    """The German text of one of our strings, as the catalogue has it."""
    with translation.override("de"):
        return gettext(msgid)


def test_moderator_generates_and_downloads_the_workshop_documentation(page):
    process = WorkshopProcess.objects.select_related("body").get(title=PROCESS_TITLE)
    login(page, "moderation@querschnitt.example")
    page.goto(f"/k/{process.body.slug}/workshop/{process.pk}/dokumentation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROCESS_TITLE)
    assert axe_violations(page) == []

    page.get_by_role("button", name=german("Generate documentation")).click()
    pdf_link = page.get_by_role("link", name=german("Download PDF"))
    expect(pdf_link).to_be_visible(timeout=30_000)
    expect(page.locator("[aria-live=polite]")).to_contain_text(german("Download PDF"))
    assert axe_violations(page) == []

    with page.expect_download() as pdf_download:
        pdf_link.click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    pdf = PdfReader(pdf_download.value.path())
    assert pdf.trailer["/Root"]["/Lang"] == "de-DE"
    assert "Bildung" in pdf.pages[0].extract_text() + "".join(p.extract_text() for p in pdf.pages[1:4])

    with page.expect_download() as docx_download:
        page.get_by_role("link", name=german("Download Word document (DOCX)")).click()
    assert docx_download.value.suggested_filename.endswith(".docx")
    with open(docx_download.value.path(), "rb") as handle:
        document = Document(BytesIO(handle.read()))
    assert document.core_properties.language == "de-DE"
    assert any(paragraph.style.name == "Heading 1" for paragraph in document.paragraphs)
