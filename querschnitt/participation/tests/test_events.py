"""Events: public registration without an account, waiting list with move-up, confirmation e-mail, cancellation
by secret link, documentation; registrants' data only for moderation, office and integration centre."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.participation import models as m
from querschnitt.participation import services_events as services
from querschnitt.participation.tests.factories import EventFactory


def url(name, body, **kwargs):
    return reverse(f"participation:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def office(make_user, body):
    return make_user(body, "office")


@pytest.fixture
def event(body, office):
    return services.event_create(
        actor=office,
        body=body,
        kind=m.EventKind.CONFERENCE,
        title="Integrationskonferenz 2031",
        date=date(2031, 3, 18),
        place="Kreishaus",
        capacity=2,
        topics="Sprache\nArbeit",
        published=True,
    )


def register(event, name, **kwargs):
    return services.event_register(event=event, name=name, email=f"{name.lower()}@example.org", consent=True, **kwargs)


@pytest.mark.django_db
def test_capacity_waiting_list_and_move_up_one_after_another(event):
    first, second, third, fourth = (register(event, name) for name in ("Eins", "Zwei", "Drei", "Vier"))
    assert [r.status for r in (first, second, third, fourth)] == ["registered", "registered", "waiting", "waiting"]
    with pytest.raises(ApplicationError, match="bereits angemeldet"):
        register(event, "Eins")

    moved = services.registration_cancel(actor=None, registration=first, by_link=True)

    assert moved == [third]
    third.refresh_from_db()
    assert third.status == "registered" and first.status == "cancelled" and first.cancelled_at
    log = m.RegistrationMoveUp.objects.get()
    assert (log.registration, log.freed_by) == (third, first)
    with pytest.raises(ApplicationError, match="bereits zurückgezogen"):
        services.registration_cancel(actor=None, registration=first, by_link=True)
    # Cancelling from the waiting list frees nothing.
    assert services.registration_cancel(actor=None, registration=fourth, by_link=True) == []
    assert m.EventRegistration.objects.filter(event=event, status="registered").count() == 2
    # After cancelling, the same address may register again.
    assert register(event, "Eins").status == "waiting"


@pytest.mark.django_db
def test_registration_needs_consent_and_an_open_published_event(event, office):
    with pytest.raises(ApplicationError, match="willigen Sie"):
        services.event_register(event=event, name="Ohne", email="ohne@example.org", consent=False)
    services.event_update(actor=office, event=event, registration_open=False)
    with pytest.raises(ApplicationError, match="geschlossen"):
        register(event, "Zu")
    assert not m.EventRegistration.objects.exists()


@pytest.mark.django_db
def test_one_event_of_a_kind_per_year_and_more_places_move_people_up(event, office, body):
    with pytest.raises(ApplicationError, match="2031"):
        services.event_create(
            actor=office, body=body, kind="conference", title="Noch eine", date=date(2031, 9, 1), place="X", capacity=5
        )
    register(event, "Eins"), register(event, "Zwei")
    waiting = register(event, "Drei")
    mail.outbox.clear()
    with pytest.raises(ApplicationError, match="weniger Plätze"):
        services.event_update(actor=office, event=event, capacity=1)
    services.event_update(actor=office, event=event, capacity=3, cancel_url=lambda token: f"https://x/{token}")
    waiting.refresh_from_db()
    assert waiting.status == "registered"
    assert len(mail.outbox) == 1 and "Sie haben einen Platz" in mail.outbox[0].subject
    assert f"https://x/{waiting.token}" in mail.outbox[0].body


@pytest.mark.django_db
def test_public_registration_on_a_phone_sends_mail_and_cancels_by_link(client, event, body):
    page = client.get(url("event", body, event=event.pk)).content.decode()
    assert "Integrationskonferenz 2031" in page and "Sprache" in page and "18.03.2031" in page
    response = client.post(
        url("event_register", body, event=event.pk), {"name": "Erika Beispiel", "email": "erika@example.org"}
    )
    assert response.status_code == 200 and "willigen Sie" in response.content.decode()
    response = client.post(
        url("event_register", body, event=event.pk),
        {"name": "Erika Beispiel", "email": "erika@example.org", "organisation": "", "consent": "on"},
    )
    assert response.status_code == 302
    registration = m.EventRegistration.objects.get()
    assert registration.consent_text_version == services.CONSENT_TEXT_VERSION and registration.consent_given_on
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"] and "Anmeldung bestätigt" in message.subject
    cancel = reverse("participation:event_cancel", kwargs={"eventregistration_token": registration.token})
    assert cancel in message.body and "18.03.2031" in message.body
    # The public page shows nothing of the registrants.
    assert "Erika" not in client.get(url("event", body, event=event.pk)).content.decode()
    assert client.get(url("registrations", body, event=event.pk)).status_code == 302
    # A wrong token reveals nothing; the right one cancels.
    assert (
        client.get(reverse("participation:event_cancel", kwargs={"eventregistration_token": "falsch"})).status_code
        == 404
    )
    assert "Erika Beispiel" in client.get(cancel).content.decode()
    client.post(cancel)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_registrations_only_for_moderation_office_and_integration_centre(client, event, body, make_user):
    register(event, "Vertraulich")
    target = url("registrations", body, event=event.pk)
    for role in ("moderator", "office", "integration_centre"):
        client.force_login(make_user(body, role))
        assert "vertraulich@example.org" in client.get(target).content.decode()
    for role in ("member", "reader"):
        client.force_login(make_user(body, role))
        assert client.get(target).status_code == 403
        assert "vertraulich" not in client.get(url("event", body, event=event.pk)).content.decode().lower()


@pytest.mark.django_db
def test_unpublished_events_are_hidden_from_the_public(client, body):
    hidden = EventFactory(body=body, title="Geheime Planung")
    assert client.get(url("event", body, event=hidden.pk)).status_code == 404
    assert client.post(url("event_register", body, event=hidden.pk), {"name": "X"}).status_code == 404
    assert "Geheime Planung" not in client.get(url("events", body)).content.decode()


@pytest.mark.django_db
def test_documentation_text_and_files_with_checksum(client, event, office, body):
    client.force_login(office)
    client.post(url("event_record", body, event=event.pk), {"documentation": "Bilanz <script>x</script>\n\nAbsatz"})
    upload = SimpleUploadedFile("bericht.txt", b"Ergebnisse der Konferenz", content_type="text/plain")
    client.post(url("event_file_add", body, event=event.pk), {"title": "Bericht", "file": upload})
    secret = SimpleUploadedFile("intern.txt", b"Teilnehmerliste", content_type="text/plain")
    client.post(url("event_file_add", body, event=event.pk), {"title": "Intern", "file": secret})
    public = m.EventFile.objects.get(title="Bericht")
    assert len(public.sha512_checksum) == 128 and not public.public
    with pytest.raises(ApplicationError, match="personenbezogenen"):
        services.event_file_add(
            actor=office, event=event, title="X", upload=SimpleUploadedFile("x.txt", b"x"), public=True
        )
    m.EventFile.objects.filter(pk=public.pk).update(public=True, no_third_party_personal_data=True)
    client.logout()
    page = client.get(url("event", body, event=event.pk)).content.decode()
    assert "&lt;script&gt;" in page and "<script>x" not in page and "Bericht" in page and "Intern" not in page
    assert client.get(url("event_file", body, eventfile=public.pk)).status_code == 200
    internal = m.EventFile.objects.get(title="Intern")
    assert client.get(url("event_file", body, eventfile=internal.pk)).status_code == 404


@pytest.mark.django_db
def test_event_list_and_registrations_have_a_constant_number_of_queries(client, event, office, body):
    client.force_login(office)

    def count(target):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    register(event, "Eins")
    EventFactory(body=body, year=2040)
    few = (count(url("events", body)), count(url("registrations", body, event=event.pk)))
    for name in ("Zwei", "Drei", "Vier", "Fuenf"):
        register(event, name)
    for year in (2041, 2042, 2043):
        EventFactory(body=body, year=year)
    services.registration_cancel(actor=office, registration=m.EventRegistration.objects.first())
    assert (count(url("events", body)), count(url("registrations", body, event=event.pk))) == few
