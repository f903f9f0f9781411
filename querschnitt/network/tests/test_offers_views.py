"""The offers directory in the browser's terms: the public sees only published offers valid today and filters them
by language, place and target group; the downloads carry the same filters; the list pins its queries; an editor
works by secret link; the body reviews; nobody else reaches anything internal."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from querschnitt.core import tenant_crawler
from querschnitt.core.tenant_crawler import MARKER, TenantCrawler
from querschnitt.network import models as m
from querschnitt.network import services_offers as services
from querschnitt.network.access import BODY_PATH
from querschnitt.network.tests.factories import ActorFactory, OfferEditorInvitationFactory, OfferFactory
from querschnitt.tenancy.models import BodyKind, Role
from querschnitt.tenancy.tests.factories import BodyFactory


def url(name, **kwargs):
    return reverse(f"offers:{name}", kwargs=kwargs)


def public(body, languages=("de",), target_groups=("everyone",), **fields):
    """A published offer valid today, made through the service as the body's editors make it."""
    network_actor = fields.pop("actor", None) or ActorFactory(body=body)
    fields.setdefault("title", "Angebot")
    fields.setdefault("kind", "counselling")
    fields.setdefault("municipality", network_actor.body)
    return services.offer_create(
        actor=None,
        network_actor=network_actor,
        languages=languages,
        target_groups=target_groups,
        publish=True,
        **fields,
    )


@pytest.fixture
def kreis(db):
    return BodyFactory(kind=BodyKind.KREIS, name="Testkreis", slug="testkreis")


@pytest.fixture
def towns(kreis):
    return BodyFactory(parent=kreis, name="Astadt"), BodyFactory(parent=kreis, name="Bdorf")


# --- What the public sees --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_sees_only_published_offers_valid_today(client, body, other_body):
    today = timezone.localdate()
    shown = public(body, title="Sichtbar: Migrationsberatung", valid_from=today, valid_until=today)
    public(body, title="Abgelaufen", valid_until=today - timedelta(days=1))
    public(body, title="Zukünftig", valid_from=today + timedelta(days=1))
    inactive = public(body, title="Inaktiver Anbieter")
    inactive.actor.active = False
    inactive.actor.save()
    OfferFactory(body=body, title="Entwurf intern", status="draft")
    OfferFactory(body=body, title="In Prüfung intern", status="in_review", review_requested_at=timezone.now())
    OfferFactory(body=body, title="Archiviert intern", status="archived")
    public(other_body, title="Andere Kommune")

    response = client.get(url("directory", body=body.slug))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sichtbar: Migrationsberatung" in page and "1 Angebot gefunden." in page
    for hidden in ("Abgelaufen", "Zukünftig", "Inaktiver Anbieter", "intern", "Andere Kommune"):
        assert hidden not in page
    assert 'aria-live="polite"' in page

    assert client.get(url("public_offer", body=body.slug, offer=shown.pk)).status_code == 200
    for offer in m.Offer.objects.exclude(pk=shown.pk):
        assert client.get(url("public_offer", body=body.slug, offer=offer.pk)).status_code == 404
    # Another body's published offer is not reachable under this body's address.
    other = m.Offer.objects.get(title="Andere Kommune")
    assert client.get(url("public_offer", body=body.slug, offer=other.pk)).status_code == 404


@pytest.mark.django_db
def test_a_kreis_lists_the_offers_of_its_municipalities_actors_but_not_the_other_way(client, kreis, towns):
    astadt, _bdorf = towns
    public(kreis, title="Kreisweites Angebot")
    town_offer = public(astadt, title="Angebot der Stadt")
    public(BodyFactory(kind=BodyKind.KREIS), title="Anderer Kreis")

    page = client.get(url("directory", body=kreis.slug)).content.decode()
    assert "Kreisweites Angebot" in page and "Angebot der Stadt" in page and "Anderer Kreis" not in page
    assert "Testkreis (kreisweit)" in page  # the place of the Kreis's own offer
    assert client.get(url("public_offer", body=kreis.slug, offer=town_offer.pk)).status_code == 200

    town_page = client.get(url("directory", body=astadt.slug)).content.decode()
    assert "Angebot der Stadt" in town_page and "Kreisweites Angebot" not in town_page


@pytest.mark.django_db
def test_a_published_offer_shows_its_reviewed_content_while_a_change_waits(client, body):
    invitation = OfferEditorInvitationFactory(body=body)
    offer = public(body, actor=invitation.actor, title="Sprachcafé", times="Freitag, 16–18 Uhr")
    services.offer_propose(
        invitation=invitation,
        offer=offer,
        title="Sprachcafé",
        kind="leisure",
        municipality=body,
        times="Geheim: noch nicht geprüft",
        languages=["de"],
        target_groups=["everyone"],
    )
    page = client.get(url("public_offer", body=body.slug, offer=offer.pk)).content.decode()
    assert "Freitag, 16–18 Uhr" in page and "noch nicht geprüft" not in page


# --- Filters ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def directory(kreis, towns):
    astadt, bdorf = towns
    vhs = ActorFactory(body=kreis, name="Volkshochschule")
    return {
        "frauenkurs": public(
            kreis,
            actor=vhs,
            title="Frauenkurs",
            kind="low_threshold_course",
            municipality=astadt,
            languages=["de", "tr"],
            target_groups=["women"],
            free_of_charge=True,
            childcare=True,
        ),
        "hsu": public(
            kreis,
            title="Türkischunterricht",
            kind="first_language",
            municipality=bdorf,
            languages=["tr"],
            target_groups=["children"],
        ),
        "beratung": public(
            kreis,
            title="Beratung für alle",
            kind="counselling",
            municipality=astadt,
            languages=["de", "ar"],
            target_groups=["everyone"],
            accessible=True,
            free_of_charge=True,
        ),
        "arbeitgeber": public(
            kreis,
            title="Arbeitgeberservice",
            kind="employer_information",
            municipality=kreis,
            languages=["de", "en"],
            target_groups=["employers"],
        ),
    }


def _found(client, kreis, **filters):
    response = client.get(url("directory", body=kreis.slug), filters)
    assert response.status_code == 200
    return {offer.title for offer in response.context["page"].object_list}


@pytest.mark.django_db
def test_filters_by_language_place_target_group_and_more(client, kreis, towns, directory):
    astadt, bdorf = towns
    assert _found(client, kreis, sprache="tr") == {"Frauenkurs", "Türkischunterricht"}
    assert _found(client, kreis, sprache="tr", ort=astadt.pk) == {"Frauenkurs"}
    assert _found(client, kreis, ort=bdorf.pk) == {"Türkischunterricht"}
    assert _found(client, kreis, ort=kreis.pk) == {"Arbeitgeberservice"}
    # An offer for everyone is an offer for every group.
    assert _found(client, kreis, zielgruppe="women") == {"Frauenkurs", "Beratung für alle"}
    assert _found(client, kreis, zielgruppe="children") == {"Türkischunterricht", "Beratung für alle"}
    assert _found(client, kreis, art="first_language") == {"Türkischunterricht"}
    assert _found(client, kreis, kostenlos="on") == {"Frauenkurs", "Beratung für alle"}
    assert _found(client, kreis, barrierefrei="on") == {"Beratung für alle"}
    assert _found(client, kreis, kinderbetreuung="on") == {"Frauenkurs"}
    assert _found(client, kreis, suche="volkshoch") == {"Frauenkurs"}  # the provider's name
    assert _found(client, kreis, suche="arbeitgeber", sprache="ar") == set()
    # A filter that does not parse is left out rather than failing.
    assert len(_found(client, kreis, sprache="xx", ort="abc")) == 4


@pytest.mark.django_db
def test_filter_choices_are_the_languages_and_places_of_the_public_offers(client, kreis, towns, directory):
    form = client.get(url("directory", body=kreis.slug)).context["form"]
    languages = dict(form.fields["sprache"].choices)
    assert languages["tr"] == "Türkisch" and "uk" not in languages
    assert list(languages)[:2] == ["", "de"]
    places = [label for _key, label in form.fields["ort"].choices]
    assert places == ["alle Orte", "Testkreis (kreisweit)", "Astadt", "Bdorf"]
    # Every filter has a label.
    page = client.get(url("directory", body=kreis.slug)).content.decode()
    for name in ("suche", "sprache", "ort", "zielgruppe", "art", "kostenlos", "barrierefrei", "kinderbetreuung"):
        assert f'for="id_{name}"' in page


@pytest.mark.django_db
def test_the_htmx_answer_swaps_the_count_into_the_live_region(client, kreis, directory):
    response = client.get(url("directory", body=kreis.slug), {"sprache": "tr"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert '<p id="angebote-anzahl" hx-swap-oob="innerHTML">' in page and "2 Angebote gefunden." in page
    assert "<html" not in page


@pytest.mark.django_db
def test_the_directory_pins_its_queries(client, kreis, towns, make_user, directory):
    pages = [
        url("directory", body=kreis.slug),
        url("directory", body=kreis.slug) + f"?sprache=tr&ort={towns[0].pk}&zielgruppe=women&kostenlos=on",
        url("directory_csv", body=kreis.slug),
        url("directory_json", body=kreis.slug) + "?sprache=de",
    ]
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts[page] = len(queries)
    for number in range(20):
        public(
            kreis,
            title=f"Weiteres Angebot {number}",
            municipality=towns[number % 2],
            languages=["de", "tr", "ar"],
            target_groups=["women", "parents"],
            free_of_charge=True,
        )
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        assert len(queries) == counts[page], page
    # Anonymous, the page itself: the body, the shell's body, 2 filter choices, count, page, languages, groups.
    assert counts[pages[0]] == 8


# --- Open data -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_and_json_carry_the_filters_and_only_public_data(client, kreis, towns, directory):
    OfferFactory(body=kreis, title="Entwurf intern")
    response = client.get(url("directory_csv", body=kreis.slug), {"sprache": "tr"})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Titel", "Art des Angebots", "Anbieter"]
    assert sorted(row[0] for row in rows[1:]) == ["Frauenkurs", "Türkischunterricht"]
    frauenkurs = dict(zip(rows[0], next(row for row in rows if row[0] == "Frauenkurs"), strict=True))
    assert frauenkurs["Sprachen"] == "Deutsch, Türkisch" and frauenkurs["Ort"] == "Astadt"
    assert frauenkurs["kostenlos"] == "ja" and frauenkurs["Adresse der Seite"].startswith("http://testserver/angebote/")

    data = json.loads(client.get(url("directory_json", body=kreis.slug), {"art": "employer_information"}).content)
    assert data["body"]["name"] == "Testkreis"
    [offer] = data["offers"]
    assert offer["title"] == "Arbeitgeberservice" and offer["kind"]["code"] == "employer_information"
    assert {language["code"] for language in offer["languages"]} == {"de", "en"}
    assert offer["place"]["name"] == "Testkreis (kreisweit)"
    assert "Entwurf intern" not in json.dumps(client.get(url("directory_json", body=kreis.slug)).json())


# --- The editor's secret link ----------------------------------------------------------------------------------------


def _form(body, **changes):
    data = {
        "title": "Deutsch für Mütter",
        "kind": "low_threshold_course",
        "languages": ["de", "tr"],
        "target_groups": ["women", "parents"],
        "municipality": body.pk,
        "times": "Montag, 9–11 Uhr",
        "free_of_charge": "on",
        "childcare": "on",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_an_editor_adds_an_offer_by_link_and_it_waits_for_review(client, body):
    invitation = OfferEditorInvitationFactory(body=body)
    home = url("editor_home", offereditorinvitation_token=invitation.token)
    response = client.get(home)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex" and response["Referrer-Policy"] == "same-origin"

    response = client.post(url("editor_offer_create", offereditorinvitation_token=invitation.token), _form(body))
    assert response.status_code == 302 and response.url == home
    offer = m.Offer.objects.get()
    assert offer.status == "in_review" and offer.actor == invitation.actor and offer.childcare
    page = client.get(home).content.decode()
    assert "Deutsch für Mütter" in page and "In Prüfung" in page
    assert "Deutsch für Mütter" not in client.get(url("directory", body=body.slug)).content.decode()

    # Without a language nothing is stored, and the form says why.
    page = client.post(
        url("editor_offer_create", offereditorinvitation_token=invitation.token), _form(body, languages=[])
    ).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page and m.Offer.objects.count() == 1


@pytest.mark.django_db
def test_an_editor_revises_a_sent_back_change_from_their_own_proposal(client, body, make_user):
    office = make_user(body, Role.OFFICE)
    invitation = OfferEditorInvitationFactory(body=body)
    offer = public(body, actor=invitation.actor, title="Sprachcafé", times="Freitag")
    edit = url("editor_offer_edit", offereditorinvitation_token=invitation.token, offer=offer.pk)
    client.post(edit, _form(body, title="Sprachcafé", times="Freitag und Samstag"))
    offer.refresh_from_db()
    assert offer.times == "Freitag" and offer.pending_change["times"] == "Freitag und Samstag"
    services.offer_send_back(actor=office, offer=offer, note="Bitte Uhrzeit angeben.")

    page = client.get(edit).content.decode()
    assert "Bitte Uhrzeit angeben." in page and "Freitag und Samstag" in page
    assert "Die veröffentlichte Fassung bleibt sichtbar" in page


@pytest.mark.django_db
def test_expired_revoked_and_wrong_links_show_nothing(client, body, make_user):
    offer = OfferFactory(body=body, title="Internes Angebot")
    expired = OfferEditorInvitationFactory(actor=offer.actor, expires_at=timezone.now() - timedelta(days=1))
    revoked = OfferEditorInvitationFactory(actor=offer.actor, revoked_at=timezone.now())
    for invitation, message in ((expired, "Dieser Link ist abgelaufen."), (revoked, "Dieser Link wurde widerrufen.")):
        for address in (
            url("editor_home", offereditorinvitation_token=invitation.token),
            url("editor_offer_create", offereditorinvitation_token=invitation.token),
            url("editor_offer_edit", offereditorinvitation_token=invitation.token, offer=offer.pk),
        ):
            response = client.get(address)
            page = response.content.decode()
            assert response.status_code == 410 and message in page and "Internes Angebot" not in page
        response = client.post(
            url("editor_offer_create", offereditorinvitation_token=invitation.token), _form(body, title="Neu")
        )
        assert response.status_code == 410
    assert client.get(url("editor_home", offereditorinvitation_token="falsch")).status_code == 404
    # A valid link of another actor does not open this actor's offer.
    stranger = OfferEditorInvitationFactory(body=body)
    address = url("editor_offer_edit", offereditorinvitation_token=stranger.token, offer=offer.pk)
    assert client.get(address).status_code == 404
    assert m.Offer.objects.count() == 1


# --- The body's own pages ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_centre_reviews_in_the_queue_and_sends_back_with_an_email(client, body, make_user):
    ki = make_user(body, Role.INTEGRATION_CENTRE)
    invitation = OfferEditorInvitationFactory(body=body, email="kurse@example.org")
    offer = public(body, actor=invitation.actor, title="Frauenkurs", times="Mittwoch")
    services.offer_propose(
        invitation=invitation,
        offer=offer,
        title="Frauenkurs",
        kind="counselling",
        municipality=body,
        times="Mittwoch und Freitag",
        languages=["de", "uk"],
        target_groups=["everyone"],
    )
    client.force_login(ki)
    page = client.get(url("review", body=body.slug)).content.decode()
    assert "Änderung eines veröffentlichten Angebots" in page
    assert "<del>Mittwoch</del>" in page and "<ins>Mittwoch und Freitag</ins>" in page
    assert "kurse@example.org" in page

    response = client.post(url("offer_send_back", body=body.slug, offer=offer.pk), {"note": "Bitte Raum nennen."})
    assert response.url == url("review", body=body.slug)
    [message] = mail.outbox
    assert message.to == ["kurse@example.org"] and "Bitte Raum nennen." in message.body
    assert f"/angebotsredaktion/{invitation.token}/" in message.body
    assert "Nichts wartet auf Prüfung." in client.get(url("review", body=body.slug)).content.decode()

    services.offer_propose(
        invitation=invitation,
        offer=offer,
        title="Frauenkurs",
        kind="counselling",
        municipality=body,
        times="Mittwoch und Freitag, Raum 2",
        languages=["de"],
        target_groups=["everyone"],
    )
    response = client.post(url("offer_publish", body=body.slug, offer=offer.pk), {"von": "pruefung"})
    assert response.url == url("review", body=body.slug)
    offer.refresh_from_db()
    assert offer.times == "Mittwoch und Freitag, Raum 2" and offer.reviewed_by == ki
    assert len(mail.outbox) == 2 and "veröffentlicht" in mail.outbox[1].subject


@pytest.mark.django_db
def test_the_office_creates_and_publishes_an_offer_and_sends_an_editor_link(client, body, make_user):
    office = make_user(body, Role.OFFICE)
    network_actor = ActorFactory(body=body, name="Kreissportbund")
    client.force_login(office)
    response = client.post(
        url("offer_create", body=body.slug),
        {**_form(body), "provider": network_actor.pk, "veroeffentlichen": "ja"},
    )
    offer = m.Offer.objects.get()
    assert response.url == url("offer", body=body.slug, offer=offer.pk)
    assert offer.status == "published" and offer.actor == network_actor
    page = client.get(url("offer", body=body.slug, offer=offer.pk)).content.decode()
    assert "Veröffentlicht" in page and url("public_offer", body=body.slug, offer=offer.pk) in page

    client.post(url("offer_edit", body=body.slug, offer=offer.pk), _form(body, title="Schwimmkurs für Frauen"))
    offer.refresh_from_db()
    assert offer.title == "Schwimmkurs für Frauen" and offer.status == "published"
    history = client.get(url("offer_history", body=body.slug, offer=offer.pk)).content.decode()
    assert "Schwimmkurs für Frauen" in history

    client.post(url("editors", body=body.slug), {"provider": network_actor.pk, "email": "ksb@example.org"})
    invitation = m.OfferEditorInvitation.objects.get()
    assert invitation.actor == network_actor and mail.outbox[0].to == ["ksb@example.org"]
    assert f"http://testserver/angebotsredaktion/{invitation.token}/" in mail.outbox[0].body
    client.post(url("editor_revoke", body=body.slug, offereditorinvitation=invitation.pk))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None

    client.post(url("offer_archive", body=body.slug, offer=offer.pk))
    offer.refresh_from_db()
    assert offer.status == "archived"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR, Role.READER])
def test_other_roles_reach_no_internal_page(client, body, make_user, role):
    offer = OfferFactory(body=body)
    invitation = OfferEditorInvitationFactory(body=body)
    client.force_login(make_user(body, role))
    for address in (
        url("manage", body=body.slug),
        url("review", body=body.slug),
        url("editors", body=body.slug),
        url("offer", body=body.slug, offer=offer.pk),
        url("offer_edit", body=body.slug, offer=offer.pk),
        url("offer_history", body=body.slug, offer=offer.pk),
    ):
        assert client.get(address).status_code == 403, address
    for address in (
        url("offer_publish", body=body.slug, offer=offer.pk),
        url("offer_archive", body=body.slug, offer=offer.pk),
        url("editor_revoke", body=body.slug, offereditorinvitation=invitation.pk),
    ):
        assert client.post(address).status_code == 403, address
    offer.refresh_from_db()
    assert offer.status == "draft"


@pytest.mark.django_db
def test_the_manage_list_and_the_review_queue_pin_their_queries(client, body, make_user):
    ki = make_user(body, Role.INTEGRATION_CENTRE)
    client.force_login(ki)

    def grow():
        invitation = OfferEditorInvitationFactory(body=body)
        offer = public(body, actor=invitation.actor, title="Kurs")
        services.offer_propose(
            invitation=invitation,
            offer=offer,
            title="Kurs",
            kind="counselling",
            municipality=body,
            times="neu",
            languages=["de", "tr"],
            target_groups=["women"],
        )
        services.offer_propose(
            invitation=invitation,
            title="Neues Angebot",
            kind="leisure",
            municipality=body,
            languages=["ar"],
            target_groups=["everyone"],
        )

    grow()
    pages = [url("manage", body=body.slug), url("manage", body=body.slug) + "?status=pruefung"]
    pages += [url("review", body=body.slug), url("editors", body=body.slug)]
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts[page] = len(queries)
    for _ in range(6):
        grow()
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        assert len(queries) == counts[page], page


@pytest.mark.django_db
def test_the_body_page_links_the_directory_for_everyone(client, body, make_user):
    public(body, title="Beratung")
    page = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert url("directory", body=body.slug) in page and "Angebote durchsuchen" in page
    client.force_login(make_user(body, Role.OFFICE))
    page = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert url("manage", body=body.slug) in page and "0 warten auf Prüfung" in page


# --- No other body's data ------------------------------------------------------------------------------------------


def _body_of(instance):
    for step in BODY_PATH[type(instance)].split("__"):
        instance = getattr(instance, step)
    return instance


@pytest.mark.django_db
def test_no_offers_url_shows_or_changes_another_bodys_data(body, other_body, make_user, monkeypatch):
    all_endpoints = tenant_crawler.endpoints
    ours = [endpoint for endpoint in all_endpoints() if endpoint.name.startswith("offers:")]
    monkeypatch.setattr(tenant_crawler, "endpoints", lambda urlconf=None: ours)
    visitors = {"anonymous": None, "signed in without role": make_user()}
    for role in Role.values:
        if role != Role.STATE_STAFF:
            visitors[f"{role} of A"] = make_user(body, role)
    crawler = TenantCrawler(body_a=body, body_b=other_body, visitors=visitors)

    findings = crawler.run()

    assert findings == [], "\n".join(map(str, findings))
    assert {"offer", "offereditorinvitation", "offereditorinvitation_token"} <= set(crawler.objects)
    assert len(ours) == 18
    for instance, _field in crawler.objects.values():
        assert _body_of(instance) == other_body, instance
    # The crawler's offer of B is a draft with the marker: B's own public directory does not show it either.
    assert MARKER not in tenant_crawler.Client().get(url("directory", body=other_body.slug)).content.decode()
