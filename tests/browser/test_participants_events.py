"""Participants and events in the browser: the office sees the Neuss workshop's participants with the balance of
target groups and the cost estimate; someone registers for the Integrationskonferenz 2027 on a phone without an
account, gets the confirmation e-mail and cancels by its link. axe on the participants page, the public event page
and the registration form."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from querschnitt.participation.demo import CONFERENCE_TITLE, PROCESS_TITLE
from querschnitt.participation.models import Event, EventRegistration, WorkshopProcess

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_office_sees_participants_balance_and_costs(page, live_server):
    login(page, "geschaeftsstelle@querschnitt.example")
    process = WorkshopProcess.objects.get(title=PROCESS_TITLE)
    page.goto(f"/k/{process.body.slug}/workshop/{process.pk}/")
    costs = page.get_by_test_id("cost-estimate")
    expect(costs).to_contain_text("6.000\u00a0€")
    expect(page.get_by_test_id("cost-sum")).to_have_text("6.670\u00a0€")  # 6.000 + 480 travel + 38 × 5
    follow(page.get_by_role("link", name="Teilnehmende, Ausgewogenheit und Anwesenheit"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilnehmende")
    balance = page.get_by_test_id("balance")
    expect(balance.locator("tr[data-group=migrant_representation] td").nth(1)).to_have_text("9")
    expect(balance.get_by_role("row", name=re.compile("^Gesamt"))).to_contain_text("35")
    assert axe_violations(page) == []


def test_public_registers_on_a_phone_and_cancels_by_link(browser, live_server, demo):
    event = Event.objects.get(title=CONFERENCE_TITLE)
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"/k/{event.body.slug}/veranstaltung/{event.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(CONFERENCE_TITLE)
    expect(phone.get_by_text("18.03.2027")).to_be_visible()
    assert "Anna Beispiel" not in phone.content()  # nothing of the registrants
    assert axe_violations(phone) == []
    follow(phone.get_by_role("link", name="Zur Veranstaltung anmelden"))
    assert axe_violations(phone) == []
    phone.get_by_label("Name", exact=True).fill("Zora Browsertest (Demo)")
    phone.get_by_label(re.compile("^E-Mail-Adresse")).fill("zora.browsertest@example.org")
    follow(phone.get_by_role("button", name="Jetzt anmelden"))
    expect(phone.get_by_text("Bitte willigen Sie in die Verarbeitung Ihrer Daten ein")).to_be_visible()
    phone.get_by_label(re.compile("^Ich willige in die Verarbeitung meiner Daten")).check()
    box = phone.get_by_role("button", name="Jetzt anmelden").bounding_box()
    assert box["height"] >= 40
    follow(phone.get_by_role("button", name="Jetzt anmelden"))
    expect(phone.get_by_text("Sie sind angemeldet.")).to_be_visible()

    registration = EventRegistration.objects.get(email="zora.browsertest@example.org")
    assert registration.status == "registered"
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+/veranstaltung/abmelden/\S+/", message.body).group(0)
    phone.goto(link)
    follow(phone.get_by_role("button", name="Meine Anmeldung zurückziehen"))
    expect(phone.get_by_text("Ihre Anmeldung ist zurückgezogen.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    context.close()
