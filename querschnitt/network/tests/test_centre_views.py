"""The integration centre in the browser's terms: who sees which page, a request recorded, timed and closed, the
dashboard's numbers and links, the filters, the CSV without personal data, and pages whose number of queries does
not grow with their rows."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from querschnitt.network import models_centre as c
from querschnitt.network import services_centre as services
from querschnitt.network.tests.factories import ActorFactory
from querschnitt.network.tests.factories_centre import (
    CentreServiceFactory,
    CounsellingRequestFactory,
    CounsellingTimeEntryFactory,
    NetworkEventFactory,
)
from querschnitt.tenancy.models import Role

TODAY = timezone.localdate


def url(name, body, **kwargs):
    return reverse(f"centre:{name}", kwargs={"body": body.slug, **kwargs})


def text(response):
    """The visible text of a page, without tags and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def ki(make_user, body):
    return make_user(body, Role.INTEGRATION_CENTRE, first_name="Kemal", last_name="Yılmaz")


@pytest.fixture
def service(body):
    return CentreServiceFactory(body=body, area=c.TaskArea.COUNSELLING, title="Fachliche und systemische Beratung")


# --- Who sees what -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "dashboard", "pages"),
    [
        (Role.OFFICE, 200, 200),
        (Role.INTEGRATION_CENTRE, 200, 200),
        (Role.MEMBER, 403, 403),
        (Role.MODERATOR, 403, 403),
        (Role.READER, 403, 403),
        (Role.STATE_STAFF, 200, 403),
    ],
)
def test_pages_by_role(client, make_user, body, state_council, role, dashboard, pages):
    item = CounsellingRequestFactory(body=body, requester_name="Erika Beispiel", received_on=TODAY())
    event = NetworkEventFactory(body=body, title="Netzwerktreffen Frühjahr")
    client.force_login(make_user(state_council if role == Role.STATE_STAFF else body, role))

    response = client.get(url("dashboard", body))
    assert response.status_code == dashboard
    for name, kwargs in [
        ("requests", {}),
        ("requests_export_csv", {}),
        ("request_create", {}),
        ("services", {}),
        ("events", {}),
        ("event_create", {}),
    ]:
        assert client.get(url(name, body, **kwargs)).status_code == pages, name
    # An object the visitor may not see is not found at all.
    expected = 200 if pages == 200 else 404
    assert client.get(url("request", body, counsellingrequest=item.pk)).status_code == expected
    assert client.get(url("event", body, networkevent=event.pk)).status_code == expected
    if role == Role.STATE_STAFF:
        page = text(response)
        # The anonymous counts, without a list, a name or a link to a request.
        assert "Anfragen aus" in page and "Netzwerktreffen Frühjahr" not in page and "Erika Beispiel" not in page
        assert "Offene Anfragen" not in page
        assert url("requests", body) not in response.content.decode()


@pytest.mark.django_db
def test_navigation_and_start_page_tile(client, make_user, body, ki, service):
    CounsellingRequestFactory(body=body, service=service, status=c.RequestStatus.NEW)
    CounsellingRequestFactory(body=body, service=service, status=c.RequestStatus.IN_PROGRESS)
    CounsellingRequestFactory(body=body, service=service, status=c.RequestStatus.CLOSED, finished_on=date(2026, 3, 10))
    client.force_login(ki)
    start = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert url("dashboard", body) in start
    tile = re.search(r"Integrationszentrum</h2>.*?q-tile__figure\">(\d+)<", start, re.S)
    assert tile and tile.group(1) == "2"
    assert "offene Beratungsanfragen" in start

    client.force_login(make_user(body, Role.MEMBER))
    start = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert url("dashboard", body) not in start and "offene Beratungsanfragen" not in start


# --- A request from start to end -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ki_records_a_request_adds_time_and_closes_it(client, body, ki):
    actor = ActorFactory(body=body, name="Migrantenselbstorganisationen im Kreis")
    referred = ActorFactory(body=body, name="Flüchtlingsberatung")
    client.force_login(ki)
    # The first visit starts the catalogue with the tasks of seed 002.
    form = client.get(url("request_create", body)).content.decode()
    assert c.CentreService.objects.filter(body=body).count() == 16
    assert '<optgroup label="Beratungsleistungen">' in form
    consulting = c.CentreService.objects.get(body=body, title="Fachliche und systemische Beratung")
    data = {
        "received_on": (TODAY() - timedelta(days=2)).isoformat(),
        "channel": c.Channel.PHONE,
        "requester_kind": c.RequesterKind.ORGANISATION,
        "requester_actor": actor.pk,
        "service": consulting.pk,
        "subject": "Frage zur Vereinsgründung",
        "requester_name": "Erika Beispiel",
        "requester_contact": "erika@example.org",
        "status": c.RequestStatus.NEW,
        "handled_by": ki.pk,
    }
    # Without the consent box, no name is stored and nothing is written.
    page = text(client.post(url("request_create", body), data))
    assert "nur mit Einwilligung der Person gespeichert werden: Bitte kreuzen Sie das Kästchen an" in page
    assert not c.CounsellingRequest.objects.exists()
    response = client.post(url("request_create", body), {**data, "consent": "on"})
    item = c.CounsellingRequest.objects.get()
    assert response.url == url("request", body, counsellingrequest=item.pk)
    assert item.consent_given_on == TODAY() and item.handled_by == ki

    # Time: a negative number is refused with a German message; then 45 minutes.
    page = text(
        client.post(url("time_entry_create", body, counsellingrequest=item.pk), {"date": TODAY(), "minutes": -5})
    )
    assert "größer oder gleich 1" in page and not item.time_entries.exists()
    client.post(url("time_entry_create", body, counsellingrequest=item.pk), {"date": TODAY(), "minutes": 45})
    entry = item.time_entries.get()
    assert entry.minutes == 45 and entry.spent_by == ki

    response = client.post(
        url("request_status", body, counsellingrequest=item.pk),
        {
            "status": c.RequestStatus.REFERRED,
            "outcome": "An die Beratungsstelle vermittelt",
            "referred_to": referred.pk,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == c.RequestStatus.REFERRED and item.finished_on == TODAY() and item.referred_to == referred

    page = text(client.get(url("request", body, counsellingrequest=item.pk)))
    assert "Erika Beispiel" in page and "erika@example.org" in page and "erteilt am" in page
    assert "Status: Weitervermittelt" in page and "Flüchtlingsberatung" in page
    history = text(client.get(url("request_history", body, counsellingrequest=item.pk)))
    assert "Weitervermittelt" in history and "Yılmaz" in history

    # The person withdraws consent: their data goes, the record stays.
    assert "Das kann nicht rückgängig gemacht werden" in text(
        client.get(url("request_personal_data_delete", body, counsellingrequest=item.pk))
    )
    client.post(url("request_personal_data_delete", body, counsellingrequest=item.pk))
    item.refresh_from_db()
    assert item.requester_name == "" and item.service == consulting and item.time_entries.count() == 1
    page = text(client.get(url("request", body, counsellingrequest=item.pk)))
    assert "Erika" not in page and "wurden am" in page
    # The edit form no longer offers the personal fields.
    assert (
        'name="requester_name"'
        not in client.get(url("request_edit", body, counsellingrequest=item.pk)).content.decode()
    )

    client.post(url("time_entry_delete", body, counsellingtimeentry=entry.pk))
    assert not item.time_entries.exists()


@pytest.mark.django_db
def test_catalogue_and_events_are_kept_in_pages(client, body, ki):
    client.force_login(ki)
    page = text(client.get(url("services", body)))
    assert "Konzeptionelle Grundlagenarbeit" in page and "Koordinierungsleistungen, Netzwerkarbeit" in page
    assert "Evaluierung, Weiterentwicklung von Förderrichtlinien für MO’en" in page
    client.post(url("service_create", body), {"area": c.TaskArea.SUPPORT, "title": "Sprachmittlung", "active": "on"})
    added = c.CentreService.objects.get(body=body, title="Sprachmittlung")
    assert added.order > c.CentreService.objects.filter(body=body).exclude(pk=added.pk).order_by("-order")[0].order
    response = client.post(
        url("service_edit", body, centreservice=added.pk), {"area": c.TaskArea.SUPPORT, "title": "Sprachmittlung"}
    )
    added.refresh_from_db()
    assert response.status_code == 302 and not added.active
    assert "nicht mehr angeboten" in text(client.get(url("services", body)))

    first, second = ActorFactory(body=body, name="Kreissportbund"), ActorFactory(body=body, name="Jobcenter")
    client.post(
        url("event_create", body),
        {
            "title": "Netzwerktreffen Sport",
            "date": (TODAY() + timedelta(days=10)).isoformat(),
            "kind": c.NetworkEventKind.NETWORK_MEETING,
            "actors": [first.pk, second.pk],
            "participant_count": "12",
        },
    )
    event = c.NetworkEvent.objects.get()
    assert set(event.actors.all()) == {first, second} and event.participant_count == 12
    client.post(
        url("event_edit", body, networkevent=event.pk),
        {"title": "Netzwerktreffen Sport", "date": event.date.isoformat(), "kind": event.kind, "actors": [first.pk]},
    )
    assert list(event.actors.all()) == [first]
    assert "Kreissportbund" in text(client.get(url("event", body, networkevent=event.pk)))
    client.post(url("event_delete", body, networkevent=event.pk))
    assert not c.NetworkEvent.objects.exists()


@pytest.mark.django_db
def test_forms_refuse_another_bodys_actor(client, body, other_body, ki, service):
    foreign = ActorFactory(body=other_body)
    client.force_login(ki)
    response = client.post(
        url("request_create", body),
        {
            "received_on": TODAY().isoformat(),
            "channel": c.Channel.EMAIL,
            "requester_kind": c.RequesterKind.ORGANISATION,
            "requester_actor": foreign.pk,
            "service": service.pk,
            "status": c.RequestStatus.NEW,
        },
    )
    assert response.status_code == 200 and "Bitte eine gültige Auswahl treffen" in text(response)
    future = (TODAY() + timedelta(days=1)).isoformat()
    page = text(
        client.post(
            url("request_create", body),
            {
                "received_on": future,
                "channel": c.Channel.EMAIL,
                "requester_kind": c.RequesterKind.PRIVATE,
                "service": service.pk,
                "status": c.RequestStatus.NEW,
            },
        )
    )
    assert "nicht in der Zukunft eingegangen" in page
    assert not c.CounsellingRequest.objects.exists()


# --- The dashboard -------------------------------------------------------------------------------------------------


def _cell(content, **attributes):
    selector = "".join(f'[^>]*data-{key}="{value}"' for key, value in attributes.items())
    match = re.search(rf"<td{selector}[^>]*>(.*?)</td>", content, re.S)
    assert match, attributes
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="kern-sr-only">.*?</span>', "", match.group(1)))


@pytest.mark.django_db
def test_dashboard_numbers_and_links(client, body, ki):
    counselling = CentreServiceFactory(body=body, area=c.TaskArea.COUNSELLING)
    support = CentreServiceFactory(body=body, area=c.TaskArea.SUPPORT)
    year = TODAY().year - 1  # a whole past year: the numbers do not depend on today's date

    def made(service, status, received, minutes=()):
        finished = date(year, 12, 31) if status in c.FINISHED_STATUSES else None
        item = CounsellingRequestFactory(
            body=body, service=service, status=status, received_on=received, finished_on=finished
        )
        for day, amount in minutes:
            CounsellingTimeEntryFactory(request=item, date=day, minutes=amount)
        return item

    made(counselling, c.RequestStatus.NEW, date(year, 1, 10), [(date(year, 1, 12), 30)])
    made(counselling, c.RequestStatus.NEW, date(year, 2, 1), [(date(year, 2, 1), 45), (date(year, 3, 5), 15)])
    made(counselling, c.RequestStatus.CLOSED, date(year, 3, 3), [(date(year, 3, 4), 60)])
    made(support, c.RequestStatus.REFERRED, date(year, 6, 1))
    made(support, c.RequestStatus.CLOSED, date(year - 1, 12, 30), [(date(year, 1, 2), 20)])  # received the year before
    NetworkEventFactory(body=body, date=date(year, 5, 5)).actors.set([ActorFactory(body=body, name="Jobcenter")])
    client.force_login(ki)

    content = client.get(url("dashboard", body) + f"?jahr={year}").content.decode()

    assert _cell(content, bereich=4, status="new") == "2"
    assert _cell(content, bereich=4, status="closed") == "1"
    assert _cell(content, bereich=3, status="referred") == "1"
    assert _cell(content, bereich=3, status="closed") == "0"
    assert _cell(content, summe="closed") == "1" and _cell(content, summe="alle") == "4"
    assert _cell(content, monat=1) == "50" and _cell(content, monat=3) == "75" and _cell(content, monat=2) == "45"
    assert "Insgesamt 2,8 Stunden (170 Minuten)" in text(client.get(url("dashboard", body) + f"?jahr={year}"))
    # Each number leads to the list that has exactly these requests.
    link = re.search(r'data-bereich="4" data-status="new"><a class="kern-link" href="([^"]+)"', content).group(1)
    listed = client.get(link.replace("&amp;", "&"))
    assert listed.context["page"].paginator.count == 2
    month = re.search(r'data-monat="3"><a class="kern-link" href="([^"]+)"', content).group(1)
    listed = client.get(month.replace("&amp;", "&"))
    assert [item.minutes for item in listed.context["page"]] == [60, 15]
    # The open requests, oldest first, and the actors of the year's events.
    open_requests = client.get(url("dashboard", body) + f"?jahr={year}").context["dashboard"].open_requests
    assert [item.received_on for item in open_requests] == [date(year, 1, 10), date(year, 2, 1)]
    actors = re.search(r'href="([^"]+akteur=[^"]+)"', content).group(1)
    assert client.get(actors.replace("&amp;", "&")).context["page"].paginator.count == 1


@pytest.mark.django_db
def test_dashboard_count_changes_when_a_request_is_closed(client, body, ki, service):
    item = CounsellingRequestFactory(body=body, service=service, received_on=TODAY())
    client.force_login(ki)
    before = client.get(url("dashboard", body)).content.decode()
    assert _cell(before, summe="closed") == "0" and _cell(before, summe="new") == "1"
    services.counselling_request_set_status(actor=ki, counselling_request=item, status=c.RequestStatus.CLOSED)
    after = client.get(url("dashboard", body)).content.decode()
    assert _cell(after, summe="closed") == "1" and _cell(after, summe="new") == "0"


# --- Lists, filters and the CSV --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_filters(client, body, ki, service):
    actor = ActorFactory(body=body)
    other_service = CentreServiceFactory(body=body, area=c.TaskArea.CONCEPTUAL)
    asked = CounsellingRequestFactory(body=body, service=service, requester_actor=actor, received_on=date(2026, 1, 5))
    referred = CounsellingRequestFactory(
        body=body,
        service=other_service,
        referred_to=actor,
        status=c.RequestStatus.REFERRED,
        finished_on=date(2026, 2, 2),
        received_on=date(2026, 2, 1),
        channel=c.Channel.EMAIL,
    )
    unrelated = CounsellingRequestFactory(body=body, service=service, received_on=date(2025, 6, 1))
    client.force_login(ki)

    def listed(query):
        return {item.pk for item in client.get(url("requests", body) + query).context["page"]}

    assert listed("") == {asked.pk, referred.pk, unrelated.pk}
    assert listed("?status=open") == {asked.pk, unrelated.pk}
    assert listed("?status=referred") == {referred.pk}
    assert listed(f"?bereich={c.TaskArea.CONCEPTUAL}") == {referred.pk}
    assert listed(f"?akteur={actor.pk}") == {asked.pk, referred.pk}
    assert listed("?von=2026-01-01&bis=2026-12-31") == {asked.pk, referred.pk}
    assert listed("?kanal=email") == {referred.pk}
    assert listed(f"?leistung={service.pk}&anfragende=private") == {asked.pk, unrelated.pk}
    assert listed("?status=unsinn") == {asked.pk, referred.pk, unrelated.pk}  # a filter that does not parse is left out
    # HTMX gets the results only.
    partial = client.get(url("requests", body) + "?status=open", headers={"HX-Request": "true"}).content.decode()
    assert "<h1" not in partial and "2 Anfragen" in partial


@pytest.mark.django_db
def test_csv_exports_have_no_personal_data(client, body, ki, service):
    actor = ActorFactory(body=body, name="Verein Beispiel")
    item = CounsellingRequestFactory(
        body=body,
        service=service,
        requester_actor=actor,
        requester_name="Erika Beispiel",
        requester_contact="erika@example.org",
        subject="Erika fragt nach ihrem Abschluss",
        outcome="Erika wurde beraten",
        handled_by=ki,
        received_on=date(2026, 3, 2),
    )
    CounsellingTimeEntryFactory(request=item, minutes=40, date=date(2026, 3, 3))
    event = NetworkEventFactory(body=body, notes="Telefon von Frau Beispiel: 0151 123")
    event.actors.set([actor])
    client.force_login(ki)

    response = client.get(url("requests_export_csv", body))
    content = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="beratungsanfragen-')
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Eingegangen am", "Kanal"]
    assert rows[1][1:] == [
        "02.03.2026",
        "Telefon",
        "Privatperson",
        "Verein Beispiel",
        "Beratungsleistungen",
        "Fachliche und systemische Beratung",
        "Neu",
        "",
        "",
        "40",
    ]
    for secret in ("Erika", "example.org", "Yılmaz", "Kemal"):
        assert secret not in content
    events = client.get(url("events_export_csv", body)).content.decode("utf-8-sig")
    assert "Verein Beispiel" in events and "0151" not in events and "Frau Beispiel" not in events
    # The list shows no names either.
    assert "Erika" not in client.get(url("requests", body)).content.decode()


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_and_dashboard_pin_their_queries(client, body, ki, service, django_assert_max_num_queries):
    def grow():
        actor = ActorFactory(body=body)
        item = CounsellingRequestFactory(
            body=body,
            service=service,
            requester_actor=actor,
            referred_to=ActorFactory(body=body),
            handled_by=ki,
            received_on=TODAY() - timedelta(days=3),
        )
        CounsellingTimeEntryFactory(request=item, date=TODAY() - timedelta(days=2), spent_by=ki)
        CounsellingTimeEntryFactory(request=item, date=TODAY() - timedelta(days=1), spent_by=ki)
        event = NetworkEventFactory(body=body, date=TODAY() + timedelta(days=3))
        event.actors.set([actor, ActorFactory(body=body)])
        return item

    item = grow()
    client.force_login(ki)
    pages = [
        url("dashboard", body),
        url("requests", body),
        url("requests", body) + f"?status=open&zeit_von={TODAY().year}-01-01&akteur={item.requester_actor_id}",
        url("requests_export_csv", body),
        url("events", body),
        url("events_export_csv", body),
        url("services", body),
        url("request", body, counsellingrequest=item.pk),
    ]
    counts = {}
    for page in pages:
        with django_assert_max_num_queries(40) as queries:
            assert client.get(page).status_code == 200, page
        counts[page] = len(queries)
    for _ in range(5):
        grown = grow()
        CounsellingTimeEntryFactory(request=item, date=TODAY(), spent_by=ki)
    assert grown.pk
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200, page
