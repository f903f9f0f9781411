"""Services of the offers directory: who may do what (a role × action matrix), the editor's secret link (expired and
revoked links refused in German), review (publish, send back with an e-mail), and validate-then-act."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from querschnitt.core.exceptions import ApplicationError
from querschnitt.network import models as m
from querschnitt.network import services_offers as services
from querschnitt.network.selectors_offers import offer_history, public_offers, review_queue
from querschnitt.network.tests.factories import ActorFactory, OfferEditorInvitationFactory, OfferFactory
from querschnitt.tenancy.models import BodyKind, Role
from querschnitt.tenancy.tests.factories import BodyFactory

EDITOR_URL = "https://querschnitt.example/angebotsredaktion/{token}/"


def content(body, **changes):
    data = {
        "title": "Deutsch im Alltag",
        "kind": "low_threshold_course",
        "municipality": body,
        "languages": ["de", "tr"],
        "target_groups": ["women"],
        "times": "Mittwoch, 9–11 Uhr",
        "free_of_charge": True,
    }
    return {**data, **changes}


# --- Permissions: role × action ---------------------------------------------------------------------------------------

ROLES = [Role.OFFICE, Role.INTEGRATION_CENTRE, Role.MEMBER, Role.MODERATOR, Role.READER, Role.STATE_STAFF, None]
MANAGERS = {Role.OFFICE, Role.INTEGRATION_CENTRE}


def _actions(user, body, network_actor):
    """Each write of the body's editors, on fresh objects; True where it went through."""
    waiting, waiting_too = (
        OfferFactory(actor=network_actor, status="in_review", review_requested_at=timezone.now()) for _ in range(2)
    )
    published = OfferFactory(actor=network_actor, status="published")
    invitation = OfferEditorInvitationFactory(actor=network_actor)
    attempts = {
        "create": lambda: services.offer_create(actor=user, network_actor=network_actor, **content(body)),
        "update": lambda: services.offer_update(actor=user, offer=published, title="Neu"),
        "publish": lambda: services.offer_publish(actor=user, offer=waiting),
        "send_back": lambda: services.offer_send_back(actor=user, offer=waiting_too, note="Bitte Zeiten ergänzen"),
        "archive": lambda: services.offer_archive(actor=user, offer=published),
        "invite": lambda: services.offer_editor_invite(actor=user, network_actor=network_actor, email="x@example.org"),
        "revoke": lambda: services.offer_editor_invitation_revoke(actor=user, invitation=invitation),
    }
    results = {}
    for name, attempt in attempts.items():
        try:
            attempt()
        except ApplicationError as error:
            assert str(error.message) == "Sie dürfen die Angebote dieser Kommune nicht verwalten."
            results[name] = False
        else:
            results[name] = True
    return results


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "no role")
def test_only_office_and_integration_centre_manage_offers(role, body, other_body, make_user, state_council):
    if role == Role.STATE_STAFF:
        user = make_user(state_council, role)
    else:
        user = make_user(body, role) if role else make_user()
    expected = role in MANAGERS
    assert user.has_perm("network.manage_offers", body) is expected
    assert not user.has_perm("network.manage_offers", other_body)
    results = _actions(user, body, ActorFactory(body=body))
    assert results == dict.fromkeys(results, expected)
    # A role in one body gives nothing in another.
    assert set(_actions(user, other_body, ActorFactory(body=other_body)).values()) == {False}


# --- Written by the body ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_office_creates_a_draft_then_publishes_it_and_the_history_shows_languages(body, make_user):
    office = make_user(body, Role.OFFICE)
    network_actor = ActorFactory(body=body)
    offer = services.offer_create(actor=office, network_actor=network_actor, **content(body))
    assert offer.status == "draft" and not public_offers(body).exists()
    assert sorted(offer.language_codes) == ["de", "tr"] and offer.target_group_codes == ["women"]

    services.offer_publish(actor=office, offer=offer)
    offer.refresh_from_db()
    assert offer.status == "published" and offer.reviewed_by == office
    assert list(public_offers(body)) == [offer]

    services.offer_update(actor=office, offer=offer, languages=["de", "ar"], title="Deutsch im Alltag für Frauen")
    assert sorted(m.OfferLanguage.objects.filter(offer=offer).values_list("code", flat=True)) == ["ar", "de"]
    subjects = [entry.subject for entry in offer_history(offer)]
    assert "Sprache: Arabisch" in subjects and "Sprache: Türkisch" in subjects
    changes = [(change.label, change.new) for entry in offer_history(offer) for change in entry.changes]
    assert ("Titel", "Deutsch im Alltag für Frauen") in changes


@pytest.mark.django_db
def test_bad_input_is_refused_in_german_and_nothing_is_written(body, make_user):
    office = make_user(body, Role.OFFICE)
    network_actor = ActorFactory(body=body)
    cases = [
        ({"languages": []}, "languages", "Bitte wählen Sie mindestens eine Sprache."),
        ({"languages": ["xx"]}, "languages", "Unbekannte Auswahl: xx"),
        ({"target_groups": []}, "target_groups", "Bitte wählen Sie mindestens eine Zielgruppe (oder „Alle“)."),
        (
            {"valid_from": date(2026, 5, 1), "valid_until": date(2026, 4, 1)},
            "valid_until",
            "Das Angebot kann nicht enden, bevor es beginnt.",
        ),
        ({"municipality": BodyFactory()}, "municipality", "Bitte wählen Sie einen Ort dieser Kommune."),
    ]
    for changes, field, message in cases:
        with pytest.raises(ApplicationError) as refusal:
            services.offer_create(actor=office, network_actor=network_actor, **content(body, **changes))
        assert (refusal.value.field, str(refusal.value.message)) == (field, message)
    assert not m.Offer.objects.exists() and not m.OfferLanguage.objects.exists()


@pytest.mark.django_db
def test_a_kreis_offer_takes_place_in_the_kreis_or_one_of_its_municipalities(make_user):
    kreis = BodyFactory(kind=BodyKind.KREIS)
    town = BodyFactory(parent=kreis)
    ki = make_user(kreis, Role.INTEGRATION_CENTRE)
    network_actor = ActorFactory(body=kreis)
    for place in (kreis, town):
        offer = services.offer_create(actor=ki, network_actor=network_actor, **content(kreis, municipality=place))
        assert offer.municipality == place
    assert offer.place == town.name
    assert m.Offer.objects.get(municipality=kreis).place == f"{kreis.name} (kreisweit)"


# --- The editor's secret link ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_office_invites_an_editor_by_email_for_90_days(body, make_user):
    office = make_user(body, Role.OFFICE)
    network_actor = ActorFactory(body=body, name="Volkshochschule")
    invitation = services.offer_editor_invite(
        actor=office, network_actor=network_actor, email=" Kurse@Example.org ", editor_url=EDITOR_URL
    )
    assert invitation.email == "kurse@example.org" and invitation.invited_by == office
    assert invitation.expires_at - timezone.now() > timedelta(days=89, hours=23)
    [message] = mail.outbox
    assert message.to == ["kurse@example.org"]
    assert EDITOR_URL.format(token=invitation.token) in message.body
    assert "Volkshochschule" in message.body and "Bitte geben Sie den Link nicht weiter." in message.body

    with pytest.raises(ApplicationError, match="bereits einen gültigen Link"):
        services.offer_editor_invite(actor=office, network_actor=network_actor, email="kurse@example.org")
    network_actor.active = False
    network_actor.save()
    with pytest.raises(ApplicationError, match="Der Akteur ist inaktiv"):
        services.offer_editor_invite(actor=office, network_actor=network_actor, email="neu@example.org")


@pytest.mark.django_db
def test_expired_and_revoked_links_are_refused_in_german(body, make_user):
    office = make_user(body, Role.OFFICE)
    expired = OfferEditorInvitationFactory(body=body, expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ApplicationError) as refusal:
        services.offer_propose(invitation=expired, **content(expired.actor.body))
    assert str(refusal.value.message).startswith("Dieser Link ist abgelaufen.")

    revoked = OfferEditorInvitationFactory(body=body)
    services.offer_editor_invitation_revoke(actor=office, invitation=revoked)
    with pytest.raises(ApplicationError) as refusal:
        services.offer_propose(invitation=revoked, **content(body))
    assert str(refusal.value.message).startswith("Dieser Link wurde widerrufen.")
    with pytest.raises(ApplicationError, match="bereits widerrufen"):
        services.offer_editor_invitation_revoke(actor=office, invitation=revoked)
    assert not m.Offer.objects.exists()


@pytest.mark.django_db
def test_an_editor_changes_only_the_offers_of_their_own_actor(body):
    invitation = OfferEditorInvitationFactory(body=body)
    someone_elses = OfferFactory(body=body, status="published")
    with pytest.raises(ApplicationError, match="gehört zu einem anderen Akteur"):
        services.offer_propose(invitation=invitation, offer=someone_elses, **content(body))
    someone_elses.refresh_from_db()
    assert someone_elses.pending_change is None and someone_elses.review_requested_at is None


# --- Review --------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_offer_of_an_editor_is_public_only_after_review(body, make_user):
    ki = make_user(body, Role.INTEGRATION_CENTRE)
    invitation = OfferEditorInvitationFactory(body=body)
    offer = services.offer_propose(invitation=invitation, **content(body))
    assert offer.status == "in_review" and offer.actor == invitation.actor and offer.submitted_by == invitation
    assert not public_offers(body).exists()
    invitation.refresh_from_db()
    assert invitation.last_used_at is not None
    # The change history names the editor by their actor (they have no account).
    assert offer_history(offer)[-1].who.startswith(f"Redaktion von {invitation.actor.name}")

    [item] = review_queue(body)
    assert item.is_new and {"Titel", "Sprachen", "Zielgruppen"} <= {change.label for change in item.changes}

    services.offer_publish(actor=ki, offer=offer, editor_url=EDITOR_URL, public_url="https://querschnitt.example/a/")
    assert list(public_offers(body)) == [offer] and review_queue(body) == []
    [message] = mail.outbox
    assert message.to == [invitation.email] and "ist jetzt im Angebotsverzeichnis veröffentlicht" in message.body
    assert "Deutsch im Alltag" in message.subject


@pytest.mark.django_db
def test_a_change_of_a_published_offer_waits_while_the_published_content_stays_public(body, make_user):
    office = make_user(body, Role.OFFICE)
    invitation = OfferEditorInvitationFactory(body=body)
    offer = services.offer_create(
        actor=office, network_actor=invitation.actor, publish=True, **content(body, title="Frauenkurs")
    )

    services.offer_propose(
        invitation=invitation,
        offer=offer,
        **content(body, title="Frauenkurs", times="Mittwoch und Freitag, 9–11 Uhr", languages=["de", "tr", "uk"]),
    )
    offer.refresh_from_db()
    assert offer.status == "published" and offer.awaiting_review
    public = public_offers(body).get()
    assert public.times == "Mittwoch, 9–11 Uhr" and "uk" not in public.language_codes
    [item] = review_queue(body)
    assert not item.is_new
    assert [(change.label, change.old, change.new) for change in item.changes] == [
        ("Zeiten", "Mittwoch, 9–11 Uhr", "Mittwoch und Freitag, 9–11 Uhr"),
        ("Sprachen", "Deutsch, Türkisch", "Deutsch, Türkisch, Ukrainisch"),
    ]

    # Sent back: the proposal stays for the editor, the published content stays public, the editor gets the note.
    with pytest.raises(ApplicationError, match="Bitte schreiben Sie, was geändert werden soll"):
        services.offer_send_back(actor=office, offer=offer, note="  ")
    services.offer_send_back(actor=office, offer=offer, note="Bitte den Raum angeben.", editor_url=EDITOR_URL)
    offer.refresh_from_db()
    assert offer.status == "published" and not offer.awaiting_review and offer.pending_change is not None
    assert offer.review_note == "Bitte den Raum angeben." and review_queue(body) == []
    [message] = mail.outbox
    assert "Bitte den Raum angeben." in message.body and EDITOR_URL.format(token=invitation.token) in message.body
    with pytest.raises(ApplicationError, match="Nur ein Angebot, das auf Prüfung wartet"):
        services.offer_send_back(actor=office, offer=offer, note="noch einmal")

    # Revised and sent again, then published: the proposal becomes the content.
    services.offer_propose(
        invitation=invitation,
        offer=offer,
        **content(body, title="Frauenkurs", times="Mittwoch und Freitag, 9–11 Uhr", address="Raum 2"),
    )
    offer.refresh_from_db()
    assert offer.awaiting_review and offer.review_note == ""
    services.offer_publish(actor=office, offer=offer)
    offer.refresh_from_db()
    assert (offer.times, offer.address, offer.pending_change) == ("Mittwoch und Freitag, 9–11 Uhr", "Raum 2", None)
    assert sorted(offer.language_codes) == ["de", "tr"] and not offer.awaiting_review
    with pytest.raises(ApplicationError, match="bereits veröffentlicht"):
        services.offer_publish(actor=office, offer=offer)


@pytest.mark.django_db
def test_sending_back_a_new_offer_makes_it_a_draft_and_archiving_drops_a_proposal(body, make_user):
    office = make_user(body, Role.OFFICE)
    invitation = OfferEditorInvitationFactory(body=body)
    offer = services.offer_propose(invitation=invitation, **content(body))
    services.offer_send_back(actor=office, offer=offer, note="Bitte Kosten angeben.")
    offer.refresh_from_db()
    assert offer.status == "draft" and offer.review_note == "Bitte Kosten angeben."

    services.offer_publish(actor=office, offer=offer)
    services.offer_propose(invitation=invitation, offer=offer, **content(body, title="Geändert"))
    services.offer_archive(actor=office, offer=offer)
    offer.refresh_from_db()
    assert offer.status == "archived" and offer.pending_change is None and not offer.awaiting_review
    assert not public_offers(body).exists()
    with pytest.raises(ApplicationError, match="bereits archiviert"):
        services.offer_archive(actor=office, offer=offer)
