"""The integration centre's services: who may do what (role × action), the rules of the domain (minutes, dates,
another body's objects, consent), the catalogue from seed 002, the retention of personal data and the demo."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from querschnitt.core.exceptions import ApplicationError
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


def days_ago(days):
    return TODAY() - timedelta(days=days)


@pytest.fixture
def ki(make_user, body):
    return make_user(body, Role.INTEGRATION_CENTRE)


@pytest.fixture
def service(body):
    return CentreServiceFactory(body=body, area=c.TaskArea.COUNSELLING, title="Fachliche und systemische Beratung")


def record(actor, body, service, **fields):
    data = {
        "received_on": days_ago(10),
        "channel": c.Channel.PHONE,
        "requester_kind": c.RequesterKind.PRIVATE,
        "service": service,
        **fields,
    }
    return services.counselling_request_create(actor=actor, body=body, **data)


# --- Role × action ---------------------------------------------------------------------------------------------------

ACTIONS = {
    "create service": lambda user, body, item: services.centre_service_create(
        actor=user, body=body, area=c.TaskArea.SUPPORT, title="Neue Leistung"
    ),
    "edit service": lambda user, body, item: services.centre_service_update(
        actor=user, service=item.service, title="Umbenannt"
    ),
    "ensure catalogue": lambda user, body, item: services.centre_services_ensure_defaults(actor=user, body=body),
    "record request": lambda user, body, item: record(user, body, item.service),
    "edit request": lambda user, body, item: services.counselling_request_update(
        actor=user, counselling_request=item, subject="Neu"
    ),
    "close request": lambda user, body, item: services.counselling_request_set_status(
        actor=user, counselling_request=item, status=c.RequestStatus.CLOSED, outcome="Erledigt"
    ),
    "remove personal data": lambda user, body, item: services.counselling_request_remove_personal_data(
        actor=user, counselling_request=item
    ),
    "record time": lambda user, body, item: services.counselling_time_entry_create(
        actor=user, counselling_request=item, date=TODAY(), minutes=15
    ),
    "remove time": lambda user, body, item: services.counselling_time_entry_delete(
        actor=user, entry=CounsellingTimeEntryFactory(request=item, date=TODAY())
    ),
    "add event": lambda user, body, item: services.network_event_create(
        actor=user, body=body, title="Netzwerktreffen", date=TODAY(), kind=c.NetworkEventKind.NETWORK_MEETING
    ),
    "edit event": lambda user, body, item: services.network_event_update(
        actor=user, event=NetworkEventFactory(body=body), title="Fachtag"
    ),
    "delete event": lambda user, body, item: services.network_event_delete(
        actor=user, event=NetworkEventFactory(body=body)
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.OFFICE, True),
        (Role.INTEGRATION_CENTRE, True),
        (Role.MEMBER, False),
        (Role.MODERATOR, False),
        (Role.READER, False),
        (Role.STATE_STAFF, False),
        (None, False),
    ],
)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_the_centre_and_the_office_run_the_centre(make_user, body, state_council, role, allowed, action):
    user = make_user(state_council if role == Role.STATE_STAFF else body, role)
    item = CounsellingRequestFactory(body=body, received_on=days_ago(10), consent_given_on=days_ago(10))
    counts = [model.objects.count() for model in (c.CentreService, c.CounsellingRequest, c.NetworkEvent)]
    if allowed:
        ACTIONS[action](user, body, item)
        return
    before = c.CounsellingRequest.objects.get(pk=item.pk)
    with pytest.raises(ApplicationError, match="Nur das Integrationszentrum und die Geschäftsstelle"):
        ACTIONS[action](user, body, item)
    after = c.CounsellingRequest.objects.get(pk=item.pk)
    assert (after.subject, after.status, after.requester_name) == (
        before.subject,
        before.status,
        before.requester_name,
    )
    # The factories of the last three actions write their own objects first; the refused call adds nothing more.
    if action not in {"edit event", "delete event", "remove time"}:
        assert [model.objects.count() for model in (c.CentreService, c.CounsellingRequest, c.NetworkEvent)] == counts


@pytest.mark.django_db
def test_permissions_by_role(make_user, body, other_body, state_council):
    expected = {
        Role.OFFICE: (True, True),
        Role.INTEGRATION_CENTRE: (True, True),
        Role.MEMBER: (False, False),
        Role.MODERATOR: (False, False),
        Role.READER: (False, False),
    }
    for role, (runs, statistics) in expected.items():
        user = make_user(body, role)
        assert user.has_perm("network.run_centre", body) is runs, role
        assert user.has_perm("network.view_centre_statistics", body) is statistics, role
        assert not user.has_perm("network.run_centre", other_body), role
    state = make_user(state_council, Role.STATE_STAFF)
    assert not state.has_perm("network.run_centre", body)
    assert state.has_perm("network.view_centre_statistics", body)


# --- Validation --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [-30, 0, 24 * 60 + 1])
def test_minutes_must_be_within_a_day(body, ki, service, minutes):
    item = record(ki, body, service)
    with pytest.raises(ApplicationError) as error:
        services.counselling_time_entry_create(actor=ki, counselling_request=item, date=TODAY(), minutes=minutes)
    assert error.value.field == "minutes"
    assert not c.CounsellingTimeEntry.objects.exists()


@pytest.mark.django_db
def test_dates_cannot_lie_in_the_future_or_before_the_request(body, ki, service):
    tomorrow = TODAY() + timedelta(days=1)
    with pytest.raises(ApplicationError, match="nicht in der Zukunft eingegangen") as error:
        record(ki, body, service, received_on=tomorrow)
    assert error.value.field == "received_on"
    assert not c.CounsellingRequest.objects.exists()

    item = record(ki, body, service, received_on=days_ago(3))
    with pytest.raises(ApplicationError, match="Zukunft") as error:
        services.counselling_time_entry_create(actor=ki, counselling_request=item, date=tomorrow, minutes=10)
    assert error.value.field == "date"
    with pytest.raises(ApplicationError, match="bevor die Anfrage eingegangen") as error:
        services.counselling_time_entry_create(actor=ki, counselling_request=item, date=days_ago(4), minutes=10)
    with pytest.raises(ApplicationError, match="nicht vor ihrem Eingang"):
        services.counselling_request_set_status(
            actor=ki, counselling_request=item, status=c.RequestStatus.CLOSED, on=days_ago(5)
        )
    with pytest.raises(ApplicationError, match="Zukunft"):
        services.counselling_request_set_status(
            actor=ki, counselling_request=item, status=c.RequestStatus.CLOSED, on=tomorrow
        )
    item.refresh_from_db()
    assert item.status == c.RequestStatus.NEW and item.finished_on is None
    assert not c.CounsellingTimeEntry.objects.exists()
    # A network event may well lie ahead.
    event = services.network_event_create(
        actor=ki, body=body, title="Fachtag", date=TODAY() + timedelta(days=30), kind=c.NetworkEventKind.SPECIALIST_DAY
    )
    assert event.date > TODAY()


@pytest.mark.django_db
def test_another_bodys_objects_are_refused(body, other_body, ki, service):
    foreign_actor = ActorFactory(body=other_body)
    foreign_service = CentreServiceFactory(body=other_body)
    with pytest.raises(ApplicationError, match="anderen Körperschaft") as error:
        record(ki, body, service, requester_actor=foreign_actor)
    assert error.value.field == "requester_actor"
    with pytest.raises(ApplicationError, match="anderen Körperschaft") as error:
        record(ki, body, foreign_service)
    assert error.value.field == "service"
    item = record(ki, body, service)
    with pytest.raises(ApplicationError, match="anderen Körperschaft") as error:
        services.counselling_request_set_status(
            actor=ki, counselling_request=item, status=c.RequestStatus.REFERRED, referred_to=foreign_actor
        )
    assert error.value.field == "referred_to"
    with pytest.raises(ApplicationError, match="anderen Körperschaft") as error:
        services.network_event_create(
            actor=ki,
            body=body,
            title="Netzwerktreffen",
            date=TODAY(),
            kind=c.NetworkEventKind.NETWORK_MEETING,
            actors=[ActorFactory(body=body), foreign_actor],
        )
    assert error.value.field == "actors"
    assert c.CounsellingRequest.objects.count() == 1 and not c.NetworkEvent.objects.exists()
    item.refresh_from_db()
    assert item.referred_to is None and item.status == c.RequestStatus.NEW


@pytest.mark.django_db
def test_name_and_contact_need_consent_and_a_handler_from_the_centre(body, ki, service, make_user):
    with pytest.raises(ApplicationError, match="Einwilligung") as error:
        record(ki, body, service, requester_name="Erika Beispiel")
    assert error.value.field == "consent_given_on"
    with pytest.raises(ApplicationError, match="Zukunft"):
        record(ki, body, service, requester_name="Erika Beispiel", consent_given_on=TODAY() + timedelta(days=1))
    with pytest.raises(ApplicationError, match="Integrationszentrum oder der Geschäftsstelle") as error:
        record(ki, body, service, handled_by=make_user(body, Role.MEMBER))
    assert error.value.field == "handled_by"
    assert not c.CounsellingRequest.objects.exists()
    item = record(ki, body, service, requester_name="Erika Beispiel", consent_given_on=TODAY())
    assert item.handled_by == ki and item.history.first().history_user == ki


@pytest.mark.django_db
def test_a_service_no_longer_offered_is_kept_but_not_chosen_again(body, ki, service):
    item = record(ki, body, service)
    services.centre_service_update(actor=ki, service=service, active=False)
    # The request keeps its service and can still be changed …
    services.counselling_request_update(actor=ki, counselling_request=item, subject="Nachfrage")
    # … but no new request names it.
    with pytest.raises(ApplicationError, match="nicht mehr angeboten") as error:
        record(ki, body, service)
    assert error.value.field == "service"
    with pytest.raises(ApplicationError, match="gibt es schon"):
        services.centre_service_create(
            actor=ki, body=body, area=c.TaskArea.SUPPORT, title="FACHLICHE und systemische beratung"
        )


@pytest.mark.django_db
def test_referring_or_closing_records_the_day_and_opening_again_clears_it(body, ki, service):
    item = record(ki, body, service, received_on=days_ago(20))
    services.counselling_request_set_status(actor=ki, counselling_request=item, status=c.RequestStatus.IN_PROGRESS)
    assert item.finished_on is None
    referred_to = ActorFactory(body=body)
    services.counselling_request_set_status(
        actor=ki, counselling_request=item, status=c.RequestStatus.REFERRED, referred_to=referred_to
    )
    assert item.finished_on == TODAY() and item.referred_to == referred_to
    services.counselling_request_set_status(
        actor=ki, counselling_request=item, status=c.RequestStatus.CLOSED, outcome="Erledigt", on=days_ago(2)
    )
    assert item.finished_on == days_ago(2) and item.outcome == "Erledigt"
    services.counselling_request_update(actor=ki, counselling_request=item, status=c.RequestStatus.IN_PROGRESS)
    item.refresh_from_db()
    assert item.finished_on is None and item.referred_to == referred_to
    statuses = list(item.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["new", "in_progress", "referred", "closed", "in_progress"]


# --- The catalogue from seed 002 -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_catalogue_starts_with_the_tasks_of_seed_002_once(body, ki):
    assert services.centre_services_ensure_defaults(actor=ki, body=body) == 16
    catalogue = c.CentreService.objects.filter(body=body)
    by_area = {area: catalogue.filter(area=area).count() for area in c.TaskArea.values}
    assert by_area == {1: 3, 2: 7, 3: 3, 4: 3}
    assert catalogue.order_by("area", "order").first().title == (
        "Unterstützung und Stärkung örtlicher Migrantenorganisationen (MO)"
    )
    assert catalogue.filter(area=c.TaskArea.COUNSELLING).order_by("order").first().title == (
        "Fachliche und systemische Beratung"
    )
    assert str(c.TaskArea.COORDINATION.label) == "Koordinierungsleistungen, Netzwerkarbeit"
    # The body's changes are never overwritten: a second call, even with every service switched off, adds nothing.
    catalogue.update(active=False)
    assert services.centre_services_ensure_defaults(actor=ki, body=body) == 0
    assert catalogue.count() == 16 and not catalogue.filter(active=True).exists()


# --- Retention -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_purge_removes_personal_data_of_old_finished_requests_and_keeps_the_record(body, ki, service, settings):
    settings.QUERSCHNITT_COUNSELLING_RETENTION_DAYS = 30
    referred_to = ActorFactory(body=body, name="Flüchtlingsberatung")
    requester = ActorFactory(body=body, name="Verein Beispiel")
    person = {"requester_name": "Erika Beispiel", "requester_contact": "erika@example.org"}

    def finished(days, status=c.RequestStatus.CLOSED):
        item = record(
            ki,
            body,
            service,
            received_on=days_ago(days + 5),
            consent_given_on=days_ago(days + 5),
            subject="Erika fragt nach einem Sprachkurs",
            requester_actor=requester,
            **person,
        )
        services.counselling_time_entry_create(actor=ki, counselling_request=item, date=days_ago(days + 4), minutes=45)
        services.counselling_request_set_status(
            actor=ki,
            counselling_request=item,
            status=status,
            outcome="Erika wurde weitervermittelt",
            referred_to=referred_to,
            on=days_ago(days),
        )
        return item

    old = finished(31)
    old_referred = finished(40, c.RequestStatus.REFERRED)
    recent = finished(29)
    still_open = record(
        ki, body, service, received_on=days_ago(400), consent_given_on=days_ago(400), subject="Offen", **person
    )

    out = StringIO()
    call_command("purge_counselling_data", stdout=out)

    assert "Personenbezogene Daten aus 2 erledigten Beratungsanfragen entfernt" in out.getvalue()
    for item in (old, old_referred):
        item.refresh_from_db()
        assert (item.requester_name, item.requester_contact, item.consent_given_on) == ("", "", None)
        assert (item.subject, item.outcome) == ("", "")
        assert item.personal_data_removed_on == TODAY()
        # The anonymous record stays …
        assert item.service == service and item.requester_actor == requester and item.referred_to == referred_to
        assert item.received_on < item.finished_on < TODAY()
        assert item.time_entries.get().minutes == 45 and item.channel == c.Channel.PHONE
        # … and no copy of the personal data in the change history.
        for version in item.history.all():
            assert (version.requester_name, version.requester_contact, version.subject, version.outcome) == (
                "",
                "",
                "",
                "",
            )
            assert version.consent_given_on is None
    for item in (recent, still_open):
        item.refresh_from_db()
        assert item.requester_name == "Erika Beispiel" and item.personal_data_removed_on is None
        assert item.history.filter(requester_name="Erika Beispiel").exists()

    # Idempotent: nothing more to do, nothing changed.
    versions = c.CounsellingRequest.history.count()
    out = StringIO()
    call_command("purge_counselling_data", stdout=out)
    assert "aus 0 erledigten Beratungsanfragen" in out.getvalue()
    assert c.CounsellingRequest.history.count() == versions


@pytest.mark.django_db
def test_personal_data_can_be_removed_at_once_and_is_not_entered_again(body, ki, service):
    item = record(ki, body, service, requester_name="Erika Beispiel", consent_given_on=TODAY(), subject="Erika …")
    services.counselling_request_remove_personal_data(actor=ki, counselling_request=item)
    item.refresh_from_db()
    assert item.requester_name == "" and item.subject == "" and item.personal_data_removed_on == TODAY()
    assert not c.CounsellingRequest.history.filter(requester_name="Erika Beispiel").exists()
    with pytest.raises(ApplicationError, match="entfernt"):
        services.counselling_request_update(
            actor=ki, counselling_request=item, requester_name="Erika Beispiel", consent_given_on=TODAY()
        )


@pytest.mark.django_db
def test_retention_setting_defaults_to_a_year():
    from django.conf import settings

    assert settings.QUERSCHNITT_COUNSELLING_RETENTION_DAYS == 365


# --- Demo ----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_centre_loads_twice_without_change():
    call_command("demo", stdout=StringIO())
    models = (c.CentreService, c.CounsellingRequest, c.CounsellingTimeEntry, c.NetworkEvent)
    counts = [model.objects.count() for model in models]
    call_command("demo", stdout=StringIO())
    assert [model.objects.count() for model in models] == counts

    requests = c.CounsellingRequest.objects.filter(body__slug="rhein-kreis-neuss")
    assert requests.count() == 15
    assert set(requests.values_list("status", flat=True)) == set(c.RequestStatus.values)
    assert set(requests.values_list("channel", flat=True)) == set(c.Channel.values)
    assert set(requests.values_list("service__area", flat=True)) == set(c.TaskArea.values)
    named = requests.exclude(requester_name="")
    assert named.count() == 3
    assert all(item.requester_contact.endswith("@example.org") and item.consent_given_on for item in named)
    assert c.CounsellingTimeEntry.objects.filter(request__body__slug="rhein-kreis-neuss").count() >= 10
    events = c.NetworkEvent.objects.filter(body__slug="rhein-kreis-neuss")
    assert events.count() == 4 and events.filter(date__gte=TODAY()).count() == 2
    assert all(event.actors.exists() for event in events)
    assert c.CentreService.objects.filter(body__slug="rhein-kreis-neuss").count() == 16
    # Every demo object passes the model's own rules.
    for item in requests:
        item.full_clean()
