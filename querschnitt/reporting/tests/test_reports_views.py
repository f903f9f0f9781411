"""The report builder in the browser's terms: who sees and does what (role × action), the public page and files of a
published version for everyone, and list pages whose number of queries does not grow with their rows."""

from datetime import date

import pytest
from django.urls import reverse

from querschnitt.reporting import services_reports as services
from querschnitt.reporting.models import Report, ReportVersion
from querschnitt.reporting.tests.factories import ReportFactory, ReportVersionFactory
from querschnitt.tenancy.models import Role

from .report_scenario import make_scenario

READERS = {"view": 200, "edit": 403}
WRITERS = {"view": 200, "edit": 200}
MATRIX = [
    ("office", WRITERS),
    ("integration_centre", WRITERS),
    ("member", READERS),
    ("moderator", READERS),
    ("reader", READERS),
    ("state_staff", READERS),
    ("other_office", {"view": 404, "edit": 404}),
]


def url(name, body, **kwargs):
    return reverse(f"reports:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def user_for(make_user, body, other_body, state_council):
    def make(who):
        if who == "other_office":
            return make_user(other_body, Role.OFFICE)
        if who == "state_staff":
            return make_user(state_council, Role.STATE_STAFF)
        return make_user(body, who)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "expected"), MATRIX)
def test_who_sees_and_edits_reports(client, user_for, body, who, expected):
    report = ReportFactory(body=body)
    version = ReportVersionFactory(report=report)
    client.force_login(user_for(who))
    view, edit = expected["view"], expected["edit"]
    assert client.get(url("reports", body)).status_code == view
    assert client.get(url("report", body, report=report.pk)).status_code == view
    assert client.get(url("version", body, reportversion=version.pk)).status_code == view
    assert client.get(url("create", body)).status_code == (edit if view == 200 else 404)
    assert client.get(url("edit", body, report=report.pk)).status_code == edit
    response = client.post(url("text", body, report=report.pk), {"section": "introduction", "text": "Neu"})
    assert response.status_code == (302 if edit == 200 else edit)
    assert report.texts.filter(text="Neu").exists() == (edit == 200)
    response = client.post(url("publish", body, reportversion=version.pk))
    assert response.status_code == (302 if edit == 200 else edit)
    version.refresh_from_db()
    assert version.published == (edit == 200)


@pytest.mark.django_db
def test_anonymous_visitors_reach_only_published_versions(client, body):
    report = ReportFactory(body=body)
    draft = ReportVersionFactory(report=report)
    assert client.get(url("reports", body)).status_code == 302
    assert client.get(url("version", body, reportversion=draft.pk)).status_code == 302
    assert client.get(url("public_version", body, reportversion=draft.pk)).status_code == 404
    assert client.get(url("public_pdf", body, reportversion=draft.pk)).status_code == 404


@pytest.mark.django_db
def test_a_published_version_and_its_files_are_public(client, make_user, body, other_body):
    scenario = make_scenario(body)
    ki = make_user(body, Role.INTEGRATION_CENTRE)
    version = services.report_version_build(actor=ki, report=scenario.report)
    services.report_version_publish(actor=ki, version=version)
    response = client.get(url("public_version", body, reportversion=version.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Schülergerechte Infoveranstaltung" in page and "<figcaption" in page and "<caption" in page
    pdf = client.get(url("public_pdf", body, reportversion=version.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(url("public_docx", body, reportversion=version.pk))
    assert docx.status_code == 200 and "wordprocessingml" in docx["Content-Type"]
    # Under another body's address the version does not exist.
    assert client.get(url("public_version", other_body, reportversion=version.pk)).status_code == 404
    services.report_version_unpublish(actor=ki, version=version)
    assert client.get(url("public_version", body, reportversion=version.pk)).status_code == 404
    assert client.get(url("public_pdf", body, reportversion=version.pk)).status_code == 404


@pytest.mark.django_db
def test_the_office_creates_a_report_and_builds_a_version(client, make_user, body):
    scenario = make_scenario(body)
    client.force_login(make_user(body, Role.OFFICE))
    response = client.post(
        url("create", body),
        {
            "title": "Bericht 2026",
            "concept": scenario.concept.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "sections": ["introduction", "fields"],
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(title="Bericht 2026")
    assert report.sections == ["introduction", "fields"]
    response = client.post(url("build", body, report=report.pk), {"note": "Erste Fassung"})
    assert response.status_code == 302
    version = ReportVersion.objects.get(report=report)
    assert version.number == 1 and version.note == "Erste Fassung"
    detail = client.get(url("report", body, report=report.pk)).content.decode()
    assert "Version 1" in detail and "PDF herunterladen" in detail
    page = client.get(url("version", body, reportversion=version.pk)).content.decode()
    assert "Kinderbetreuung in Integrationskursen" in page


@pytest.mark.django_db
def test_a_report_cannot_be_created_for_another_bodys_concept(client, make_user, body, other_body):
    from querschnitt.strategy.tests.factories import ConceptFactory

    client.force_login(make_user(body, Role.OFFICE))
    foreign = ConceptFactory(body=other_body)
    response = client.post(
        url("create", body),
        {
            "title": "X",
            "concept": foreign.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "sections": ["introduction"],
        },
    )
    assert response.status_code == 200
    assert not Report.objects.filter(title="X").exists()


@pytest.mark.django_db
def test_list_pages_have_a_fixed_number_of_queries(client, make_user, body, django_assert_max_num_queries):
    client.force_login(make_user(body, Role.OFFICE))
    report = ReportFactory(body=body, period_start=date(2024, 1, 1))
    for _ in range(2):
        ReportVersionFactory(report=report)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url("reports", body)).status_code == 200
        assert client.get(url("report", body, report=report.pk)).status_code == 200
    for _ in range(6):
        other = ReportFactory(body=body)
        for _ in range(3):
            ReportVersionFactory(report=other)
        ReportVersionFactory(report=report)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("reports", body)).status_code == 200
        assert client.get(url("report", body, report=report.pk)).status_code == 200
