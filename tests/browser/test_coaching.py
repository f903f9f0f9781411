"""Issue 7, point 1 in the browser: the committee office of Stadt Neuss requests a coaching; the Landesintegrationsrat
accepts it, sets the research step done and records a session with notes, which a member of the committee does not
get to see."""

import re

import pytest

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

NOTES = "Beratungsfolge und Geschäftsordnung besprochen; Arbeitskreis Bildung geplant."


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def test_office_requests_and_state_staff_run_the_coaching(page):
    login(page, "neuss@querschnitt.example")
    page.goto("/k/neuss/coaching/")
    page.get_by_role("heading", level=1, name="Coaching durch den Landesintegrationsrat").wait_for()
    assert axe_violations(page) == []

    _field(page, "Worum bittet Ihr Ausschuss?").fill("Wir möchten Arbeitskreise einrichten und brauchen ein Modell.")
    page.get_by_label("Idee und Selbstverständnis eines Integrationsrates").check()
    follow(page.get_by_role("button", name="Anfrage senden"))
    page.get_by_text("Ihre Anfrage wurde an den Landesintegrationsrat gesendet.").wait_for()
    assert page.locator("#status").inner_text().strip() == "Status: Angefragt"
    assert page.get_by_role("heading", name="Gewünschte Themen").is_visible()
    assert page.get_by_text("Idee und Selbstverständnis eines Integrationsrates").is_visible()
    # The office sees the steps but cannot answer its own request.
    assert page.get_by_role("button", name="Anfrage annehmen").count() == 0
    engagement_url = page.url
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login(page, "lir@querschnitt.example")
    page.goto("/k/landesintegrationsrat-nrw/coaching/?status=requested")
    page.get_by_role("heading", level=1, name="Alle Coachings").wait_for()
    assert page.get_by_role("cell", name="Neuss", exact=True).count() == 1
    assert axe_violations(page) == []

    page.goto(engagement_url)
    follow(page.get_by_role("button", name="Anfrage annehmen"))
    page.get_by_text("Die Anfrage wurde angenommen.").wait_for()
    assert page.locator("#status").inner_text().strip() == "Status: Vereinbart"
    assert page.locator("#coach").inner_text().strip() == "Leonie Wagner"

    follow(page.get_by_role("link", name=re.compile(r"^Schritt bearbeiten\s*:\s*Recherche")))
    page.get_by_text("In diesem Schritt (aus dem Verfahren des Landesintegrationsrates):").wait_for()
    assert axe_violations(page) == []
    _field(page, "Status").select_option(label="Erledigt")
    page.get_by_label(re.compile(r"^Hauptsatzung der Stadt Neuss")).check()
    follow(page.get_by_role("button", name="Speichern", exact=True))
    page.get_by_text("Der Schritt ist jetzt „Erledigt“.").wait_for()
    assert page.locator("[data-schritt='research']").inner_text().strip() == "Erledigt"
    assert page.locator("#status").inner_text().strip() == "Status: Läuft"

    follow(page.get_by_role("link", name="Termin hinzufügen"))
    _field(page, "Datum").fill("2026-12-10")
    _field(page, "Ort oder Format").fill("Rathaus Neuss")
    _field(page, "Teilnehmende").fill("Vorsitz, Geschäftsstelle")
    _field(page, "Notizen").fill(NOTES)
    follow(page.get_by_role("button", name="Speichern", exact=True))
    page.get_by_text("Der Termin wurde hinzugefügt.").wait_for()
    assert page.get_by_text(NOTES).is_visible()
    assert axe_violations(page) == []

    # A member of the committee of Neuss does not find the engagement, let alone its notes.
    page.context.clear_cookies()
    login(page, "mitglied@querschnitt.example")
    response = page.goto(engagement_url)
    assert response is not None and response.status == 404
    assert NOTES not in page.content()
