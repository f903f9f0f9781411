"""The OParl import seen from outside: the Geschäftsstelle's page, the further deliberation on our paper's page,
our own OParl API (which does not re-publish what was imported), and the command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from querschnitt.committees import models as m
from querschnitt.committees.tests.factories import ConsultationFactory, OrganizationFactory, PaperFactory
from querschnitt.oparl import importer, services
from querschnitt.oparl.importer import MSG_CONNECTION, FetchError
from querschnitt.oparl.models import ImportRun, OParlSource
from querschnitt.tenancy.tests.factories import BodyFactory

from . import conformance
from .conftest import body_url, url_of
from .recorded import AGS, BASE, BODY_URL, SYSTEM_URL, RecordedOParl

OPARL_SYSTEM = "http://testserver/oparl/v1.1/"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Whatever calls the network fetch gets the recorded answers."""
    monkeypatch.setattr(importer, "RETRY_DELAYS", (0.0, 0.0))
    monkeypatch.setattr(importer, "http_fetch", RecordedOParl())


@pytest.fixture
def city(db):
    return BodyFactory(name="Beispielstadt", ags=AGS, slug="beispielstadt")


@pytest.fixture
def office(make_user, city):
    return make_user(city, "office")


@pytest.fixture
def source(city):
    return services.oparl_source_save(actor=None, body=city, url=SYSTEM_URL, name="Ratsinformationssystem")


def page_url(body):
    return reverse("oparl_import:source", kwargs={"body": body.slug})


def start_url(body):
    return reverse("oparl_import:start", kwargs={"body": body.slug})


def imported(model, path):
    return model.objects.get(external_id=f"{BASE}/{path}")


# --- the page of the Geschäftsstelle -----------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_office_of_the_body_reaches_the_page(client, city, source, make_user, other_body):
    for url in (page_url(city), start_url(city)):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get(page_url(city)).status_code == 302

    for user in (make_user(other_body, "office"), make_user(city, "member"), make_user(city, "integration_centre")):
        client.force_login(user)
        assert client.get(page_url(city)).status_code == 403
        assert client.post(page_url(city), {"url": BODY_URL}).status_code == 403
        assert client.post(start_url(city)).status_code == 403
    assert not ImportRun.objects.exists()
    source.refresh_from_db()
    assert source.url == SYSTEM_URL

    client.force_login(make_user(city, "office"))
    assert client.get(page_url(city)).status_code == 200
    assert client.get(start_url(city)).status_code == 405  # starting needs a POST
    assert client.get(reverse("oparl_import:source", kwargs={"body": "gibt-es-nicht"})).status_code == 404


@pytest.mark.django_db
def test_the_office_sets_up_the_source_and_imports_now(client, city, office):
    client.force_login(office)
    page = client.get(page_url(city)).content.decode()
    assert "Import aus dem Ratsinformationssystem" in page
    assert "Jetzt importieren" not in page  # nothing to import from yet

    response = client.post(start_url(city), follow=True)
    assert "Bitte speichern Sie zuerst die Adresse des Ratsinformationssystems." in response.content.decode()

    response = client.post(page_url(city), {"url": "kein Link", "name": ""})
    assert response.status_code == 200
    assert not OParlSource.objects.exists()
    response = client.post(page_url(city), {"url": SYSTEM_URL, "name": "Ratsinformationssystem", "active": "on"})
    assert response.status_code == 302
    source = OParlSource.objects.get(body=city)
    assert (source.url, source.name, source.active) == (SYSTEM_URL, "Ratsinformationssystem", True)

    response = client.post(start_url(city), follow=True)
    content = response.content.decode()
    run = ImportRun.objects.get()
    assert run.started_by == office
    assert run.status == ImportRun.Status.PARTIAL
    assert "Der Import ist abgeschlossen, mit Problemen:" in content
    # The run with its counters and its log lines, in German.
    assert "Mit Problemen" in content
    assert "Eine Sitzung ohne gültigen Beginn (demnächst) wurde übersprungen." in content
    assert f"{BASE}/meetings/103" in content
    assert "Sitzungen" in content and "Drucksachen" in content
    assert "Jetzt importieren" in content
    assert imported(m.Paper, "papers/201").body == city

    # Again, only the changes: the message says so, the run says since when.
    response = client.post(start_url(city), follow=True)
    assert "Der Import ist abgeschlossen: 0 neu" in response.content.decode()
    assert ImportRun.objects.filter(full=False, status="ok").count() == 1


@pytest.mark.django_db
def test_a_network_error_shows_a_german_message_and_is_in_the_log(client, city, office, source, monkeypatch):
    def unreachable(url):
        raise FetchError(MSG_CONNECTION, retryable=True, detail="Connection refused")

    monkeypatch.setattr(importer, "http_fetch", unreachable)
    client.force_login(office)

    response = client.post(start_url(city), follow=True)

    content = response.content.decode()
    assert (
        "Der Import ist fehlgeschlagen, nichts wurde geändert: Keine Verbindung zum Server (Connection refused)."
        in content
    )
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED
    assert "Fehlgeschlagen" in content


@pytest.mark.django_db
def test_changing_the_address_starts_over_with_a_full_import(client, city, office, source):
    services.oparl_import_run(actor=None, source=source, fetch=RecordedOParl())
    source.refresh_from_db()
    assert source.last_success_at is not None
    client.force_login(office)
    client.post(page_url(city), {"url": BODY_URL, "name": "RIS"})
    source.refresh_from_db()
    assert (source.url, source.active, source.last_success_at) == (BODY_URL, False, None)


@pytest.mark.django_db
def test_the_page_lists_the_latest_runs_in_few_queries(client, city, office, source):
    for _ in range(2):
        services.oparl_import_run(actor=office, source=source, fetch=RecordedOParl(), full=True)
    client.force_login(office)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(city)).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(3):
        services.oparl_import_run(actor=office, source=source, fetch=RecordedOParl(), full=True)
    assert queries() == few


# --- our paper's page --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_our_paper_shows_its_further_deliberation_in_the_council_system(client, city, source):
    motion = PaperFactory(body=city, reference="ACI/2026/001", name="Niederschwellige Sprachkurse", public=True)
    lonely = PaperFactory(body=city, reference="ACI/2026/009", public=True)
    services.oparl_import_run(actor=None, source=source, fetch=RecordedOParl())

    content = client.get(reverse("committees:paper", kwargs={"body": city.slug, "paper": motion.pk})).content.decode()

    assert "Weitere Beratung im Ratsinformationssystem" in content
    assert "Niederschwellige Sprachkurse mit Kinderbetreuung – Antrag des Ausschusses" in content
    assert "(Antrag V/0815/2026)" in content
    assert 'href="https://ris.beispielstadt.example/vo020.asp?VOLFDNR=815"' in content
    assert "Rat der Stadt Beispielstadt" in content
    assert "5. Sitzung des Rates" in content and "26.03.2026" in content
    assert "12. Sitzung des Ausschusses für Soziales, Integration und Gesundheit" in content
    assert "empfohlen" in content
    # The section is below our own Beratungsfolge.
    assert content.index('id="beratungsfolge"') < content.index("Weitere Beratung im Ratsinformationssystem")
    assert content.index("Weitere Beratung im Ratsinformationssystem") < content.index('id="dateien"')

    other = client.get(reverse("committees:paper", kwargs={"body": city.slug, "paper": lonely.pk})).content.decode()
    assert "Weitere Beratung im Ratsinformationssystem" not in other
    council_paper = imported(m.Paper, "papers/201")
    assert (
        "Weitere Beratung"
        not in client.get(
            reverse("committees:paper", kwargs={"body": city.slug, "paper": council_paper.pk})
        ).content.decode()
    )


@pytest.mark.django_db
def test_the_further_deliberation_costs_a_fixed_number_of_queries(client, city, source):
    motion = PaperFactory(body=city, reference="ACI/2026/001", public=True)
    url = reverse("committees:paper", kwargs={"body": city.slug, "paper": motion.pk})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    without = queries()
    services.oparl_import_run(actor=None, source=source, fetch=RecordedOParl())
    one = queries()
    assert one <= without + 2
    # More related imported papers with more steps: no more queries.
    for number in range(3):
        paper = PaperFactory(body=city, reference="", name=f"Vorlage {number}", external_id=f"{BASE}/papers/9{number}")
        ConsultationFactory(paper=paper, organization=imported(m.Organization, "organizations/1"))
        ConsultationFactory(paper=paper, organization=imported(m.Organization, "organizations/4"))
        motion.related_papers.add(paper)
    assert queries() == one


# --- our OParl API -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_objects_are_not_published_by_our_oparl_api_but_referenced_at_their_source(client, city, source):
    services.oparl_import_run(actor=None, source=source, fetch=RecordedOParl())
    # Only imported objects: the body has published nothing of its own.
    bodies = client.get(OPARL_SYSTEM + "body/").json()["data"]
    assert body_url(city) not in [body["id"] for body in bodies]

    aci = OrganizationFactory(body=city, name="Ausschuss für Chancengerechtigkeit und Integration")
    motion = PaperFactory(body=city, reference="ACI/2026/001", public=True)
    council, council_meeting = imported(m.Organization, "organizations/1"), imported(m.Meeting, "meetings/102")
    ConsultationFactory(paper=motion, organization=aci, order=1)
    ConsultationFactory(
        paper=motion, organization=council, meeting=council_meeting, order=2, role=m.ConsultationRole.DECISION
    )
    services.oparl_import_run(actor=None, source=source, fetch=RecordedOParl(), full=True)  # links the papers

    for name, ours in (
        ("organization", {url_of("organization", aci.pk)}),
        ("paper", {url_of("paper", motion.pk)}),
        ("meeting", set()),
        ("person", set()),
        ("membership", set()),
        ("location", set()),
        ("consultation", {url_of("consultation", step.pk) for step in motion.consultations.all()}),
        ("agendaitem", set()),
    ):
        listing = client.get(body_url(city, name) + "?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00").json()
        assert {obj["id"] for obj in listing["data"]} == ours, name
    for model, route in ((m.Paper, "paper"), (m.Meeting, "meeting"), (m.Organization, "organization")):
        assert client.get(url_of(route, model.objects.exclude(external_id="").first().pk)).status_code == 404

    paper = client.get(url_of("paper", motion.pk)).json()
    assert paper["relatedPaper"] == [f"{BASE}/papers/201"]
    step = paper["consultation"][1]
    assert step["meeting"] == f"{BASE}/meetings/102"
    assert step["organization"] == [f"{BASE}/organizations/1"]

    # The conformance walk stays valid and does not leave our API.
    walk = conformance.walk(client, OPARL_SYSTEM)
    assert walk.problems == []
    for obj in walk.all_objects():
        assert conformance.schema_errors(obj) == [], obj["id"]
        assert conformance.rule_errors(obj) == [], obj["id"]
    assert {f"{BASE}/papers/201", f"{BASE}/meetings/102", f"{BASE}/organizations/1"} <= walk.foreign_urls
    assert all(url.startswith(conformance.BASE) for url in walk.responses)


# --- the command -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_imports_every_active_source_and_prints_a_german_summary(city, source):
    quiet = BodyFactory(name="Ruhigstadt")
    services.oparl_source_save(actor=None, body=quiet, url=BODY_URL, active=False)
    out = StringIO()

    call_command("oparl_import", stdout=out)

    text = out.getvalue()
    assert "Beispielstadt: Mit Problemen – 30 neu, 0 geändert, 0 gelöscht, 7 übersprungen (12 Abrufe)." in text
    assert "  Eine Sitzung ohne gültigen Beginn (demnächst) wurde übersprungen. (" in text
    assert "Ruhigstadt" not in text
    assert not m.Organization.objects.filter(body=quiet).exists()

    out = StringIO()
    call_command("oparl_import", "--body", quiet.slug, stdout=out)  # one body: also when not active
    assert "Ruhigstadt: Mit Problemen" in out.getvalue()
    assert m.Organization.objects.filter(body=quiet).count() == 5

    out = StringIO()
    call_command("oparl_import", "--body", city.slug, "--full", stdout=out)
    run = ImportRun.objects.filter(source=source).first()
    assert run.full is True
    assert "0 neu, 0 geändert" in out.getvalue()


@pytest.mark.django_db
def test_the_command_fails_for_an_unknown_body_and_when_an_import_failed(city, source, monkeypatch):
    with pytest.raises(CommandError, match="hat keine OParl-Quelle"):
        call_command("oparl_import", "--body", "gibt-es-nicht", stdout=StringIO())

    def unreachable(url):
        raise FetchError(MSG_CONNECTION, retryable=False, detail="Connection refused")

    monkeypatch.setattr(importer, "http_fetch", unreachable)
    out = StringIO()
    with pytest.raises(CommandError, match=r"Fehlgeschlagene Importe: 1\."):
        call_command("oparl_import", stdout=out)
    assert "Beispielstadt: Fehlgeschlagen" in out.getvalue()
    assert "Keine Verbindung zum Server (Connection refused)." in out.getvalue()
