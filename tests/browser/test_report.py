"""The integration centre builds a version of the demo report, sees it finished, downloads PDF and DOCX, publishes
it, and an anonymous visitor reads the public page."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from querschnitt.reporting.demo_reports import TITLE
from querschnitt.reporting.models import Report, ReportVersion

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser


def german(msgid: str) -> str:
    with translation.override("de"):
        return gettext(msgid)


def test_integration_centre_builds_downloads_and_publishes_the_report(page, browser, live_server):
    report = Report.objects.select_related("body").get(title=TITLE)
    login(page, "ki@querschnitt.example")
    page.goto(f"/k/{report.body.slug}/bericht/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)

    page.get_by_label(german("Note on this version")).fill("Browsertest")
    follow(page.get_by_role("button", name=german("Build a new version")))
    version = ReportVersion.objects.filter(report=report).order_by("-number").first()
    assert version is not None and version.number == 2
    pdf_link = page.get_by_role("link", name=german("Download PDF")).first
    expect(pdf_link).to_be_visible(timeout=60_000)

    with page.expect_download() as pdf_download:
        pdf_link.click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    with open(pdf_download.value.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    with page.expect_download() as docx_download:
        page.get_by_role("link", name=german("Download Word document (DOCX)")).first.click()
    assert docx_download.value.suggested_filename.endswith(".docx")
    with open(docx_download.value.path(), "rb") as handle:
        docx = handle.read()
    assert docx.startswith(b"PK") and len(docx) > 20_000

    page.goto(f"/k/{report.body.slug}/bericht-version/{version.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert axe_violations(page) == []
    follow(page.get_by_role("button", name=german("Publish this version")))
    expect(page.get_by_role("button", name=german("Withdraw publication"))).to_be_visible()

    anonymous = browser.new_context(base_url=live_server.url, locale="de-DE")
    visitor = anonymous.new_page()
    response = visitor.goto(f"/daten/{report.body.slug}/bericht/{version.pk}/")
    assert response is not None and response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(visitor.get_by_role("link", name=german("Download PDF"))).to_be_visible()
    assert axe_violations(visitor) == []
    anonymous.close()
