"""The offers directory in the browser: someone without an account looks, on a phone, for an offer in Turkish in
Grevenbroich in the directory of the Rhein-Kreis Neuss (seed 004: „Informationsplattform“, „Übersicht über die
Beratungsmöglichkeiten“), hears the number of results announced, and opens the offer. The same filters work without
JavaScript. axe on the directory and on the offer."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, follow

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HSU = "Herkunftssprachlicher Unterricht Türkisch, Klassen 5 bis 10"


def _filter(page) -> None:
    page.get_by_label("Sprache", exact=True).select_option(label="Türkisch")
    page.get_by_label("Ort", exact=True).select_option(label="Grevenbroich")
    follow(page.get_by_role("button", name="Angebote anzeigen"))


def _item(page, key: str):
    """A line of a description list by its key."""
    return page.locator(".kern-description-list-item").filter(has=page.locator("dt", has_text=re.compile(f"^{key}$")))


def test_the_public_filters_by_language_and_place_on_a_phone_and_opens_an_offer(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(20_000)
    phone.goto("/k/rhein-kreis-neuss/")
    follow(phone.get_by_role("link", name="Angebote durchsuchen"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Angebote zur Integration: Rhein-Kreis Neuss")
    count = phone.locator("#angebote-anzahl")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_have_text("12 Angebote gefunden.")
    assert axe_violations(phone) == []

    _filter(phone)
    # The results change in place; the live region (the same element) says how many were found.
    expect(count).to_have_text("1 Angebot gefunden.")
    expect(phone).to_have_url(re.compile(r"sprache=tr"))
    results = phone.locator("#angebote-ergebnisse")
    expect(results.get_by_role("heading", level=2, name=HSU)).to_be_visible()
    expect(results).not_to_contain_text("Mama lernt Deutsch")
    assert axe_violations(phone) == []

    follow(results.get_by_role("link", name=HSU))
    expect(phone.get_by_role("heading", level=1)).to_have_text(HSU)
    expect(_item(phone, "Ort")).to_contain_text("Grevenbroich")
    expect(_item(phone, "Sprachen")).to_have_text(re.compile(r"Sprachen\s*Türkisch"))
    expect(phone.get_by_text("Demodaten (fiktiv)", exact=False)).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"
    assert axe_violations(phone) == []
    context.close()

    # Without JavaScript the form reloads the page with the same result.
    plain = browser.new_context(base_url=live_server.url, locale="de-DE", viewport=PHONE, java_script_enabled=False)
    page = plain.new_page()
    page.goto("/angebote/rhein-kreis-neuss/")
    _filter(page)
    expect(page.locator("#angebote-anzahl")).to_have_text("1 Angebot gefunden.")
    expect(page.get_by_role("link", name=HSU)).to_be_visible()
    plain.close()


def test_an_actors_editor_changes_an_offer_by_link_on_a_phone(browser, live_server, demo):
    """The editor of the Volkshochschule opens the link from their e-mail (no account), adds Ukrainian to the
    integration course and sends it for review: the published version stays public meanwhile."""
    from querschnitt.network.models import Offer, OfferEditorInvitation

    invitation = OfferEditorInvitation.objects.get()
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(20_000)
    phone.goto(f"/angebotsredaktion/{invitation.token}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Angebote von Integrationskursträger")
    assert axe_violations(phone) == []
    follow(phone.get_by_role("link", name=re.compile(r"^Ändern\s*:\s*Allgemeiner Integrationskurs")))
    phone.get_by_label("Ukrainisch").check()
    assert axe_violations(phone) == []
    follow(phone.get_by_role("button", name="Zur Prüfung senden"))
    expect(phone.get_by_text("Das Angebot wurde zur Prüfung gesendet")).to_be_visible()
    row = phone.get_by_role("row", name=re.compile("Allgemeiner Integrationskurs"))
    expect(row).to_contain_text("Änderung wartet auf Prüfung")
    offer = Offer.objects.get(title="Allgemeiner Integrationskurs mit Kinderbetreuung")
    assert "uk" in offer.pending_change["languages"] and "uk" not in offer.language_codes
    context.close()
