"""The start page of reporting: who reaches it, which links each role gets, the navigation entry, and its queries."""

import pytest
from django.urls import reverse

from querschnitt.reporting.tests.factories import (
    GeoLayerFactory,
    PublicPageFactory,
    ReportFactory,
    ReportVersionFactory,
    StatisticsImportFactory,
)
from querschnitt.tenancy.models import Role

pytestmark = pytest.mark.django_db


def hub(body):
    return reverse("reporting:hub", kwargs={"body": body.slug})


# role → (may edit reports, may import, may set up the public page); every role of the body sees the page
MATRIX = {
    Role.OFFICE: (True, True, True),
    Role.INTEGRATION_CENTRE: (True, True, True),
    Role.MEMBER: (False, False, False),
    Role.MODERATOR: (False, False, False),
    Role.READER: (False, False, False),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_links_follow_the_permissions_of_each_role(client, body, make_user, role):
    edits, imports, public = MATRIX[role]
    client.force_login(make_user(body, role))
    page = client.get(hub(body))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("reports:reports", kwargs={"body": body.slug}) in html  # everyone who works here reads reports
    assert ("Berichte schreiben und erstellen" in html) is edits
    assert ("Statistiken importieren" in html) is imports
    assert (reverse("public:settings", kwargs={"body": body.slug}) in html) is public
    assert reverse("public:compare_internal", kwargs={"body": body.slug}) not in html  # state staff only


def test_other_bodies_and_anonymous_visitors_do_not_reach_it(client, body, other_body, make_user):
    assert client.get(hub(body)).status_code == 302  # to the login
    client.force_login(make_user(other_body, Role.OFFICE))
    assert client.get(hub(body)).status_code == 404
    client.force_login(make_user())
    assert client.get(hub(body)).status_code == 404


def test_state_staff_get_the_comparison(client, body, state_council, make_user):
    client.force_login(make_user(state_council, Role.STATE_STAFF))
    html = client.get(hub(body)).content.decode()
    assert reverse("public:compare_internal", kwargs={"body": body.slug}) in html


def test_figures_and_navigation(client, body, make_user):
    report = ReportFactory(body=body)
    ReportVersionFactory(report=report, published_at="2026-11-21T10:00:00+01:00")
    ReportVersionFactory(report=report)
    GeoLayerFactory(body=body)
    StatisticsImportFactory(body=body, file_name="bevoelkerung-2025.csv")
    PublicPageFactory(body=body, published=True)
    ReportFactory()  # another body's report counts nowhere here
    client.force_login(make_user(body, Role.READER))
    html = client.get(hub(body)).content.decode()
    assert "1 veröffentlichte Version" in html
    assert "„bevoelkerung-2025.csv“" in html
    assert reverse("public:body", kwargs={"body": body.slug}) in html
    dashboard = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert hub(body) in dashboard  # the navigation entry „Berichte und Daten“


def test_queries_do_not_grow_with_the_data(client, body, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user(body, Role.OFFICE))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(hub(body)).status_code == 200
        return len(captured.captured_queries)

    def add_data() -> None:
        report = ReportFactory(body=body)
        ReportVersionFactory(report=report, published_at="2026-11-21T10:00:00+01:00")
        GeoLayerFactory(body=body)
        StatisticsImportFactory(body=body)

    add_data()
    few = queries()
    for _ in range(5):
        add_data()
    assert queries() == few
