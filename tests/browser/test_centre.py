"""Issue 6, point 5 in the browser: the KI of the Rhein-Kreis Neuss records a counselling request, adds the time it
took, closes it, and sees the dashboard's count of closed requests (and the month's time) go up."""

import re

import pytest
from django.utils import timezone

from .conftest import axe_violations, follow, login, open_from_navigation

pytestmark = pytest.mark.browser


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def _number(page, selector: str) -> int:
    return int(page.locator(selector).inner_text().split(":")[0].replace(".", "").strip())


def _open_dashboard(page) -> None:
    open_from_navigation(page, "Rhein-Kreis Neuss", "Netzwerk", "Integrationszentrum")
    page.get_by_role("heading", level=1, name="Integrationszentrum").wait_for()


def test_ki_records_times_and_closes_a_request_and_the_dashboard_counts_it(page):
    login(page, "ki@querschnitt.example")
    _open_dashboard(page)
    closed_before = _number(page, "[data-summe='closed']")
    month = f"[data-monat='{timezone.localdate().month}']"
    minutes_before = _number(page, month)
    assert page.get_by_role("heading", name="Offene Anfragen, die ältesten zuerst").is_visible()
    assert axe_violations(page) == []

    follow(page.get_by_role("link", name="Anfrage erfassen"))
    _field(page, "Kanal").select_option(label="Telefon")
    _field(page, "Wer fragt an").select_option(label="Privatperson")
    _field(page, "Thema (Leistung)").select_option(label="Fachliche und systemische Beratung")
    _field(page, "Worum es geht").fill("Frage nach Sprachkursen für Eltern mit kleinen Kindern")
    assert axe_violations(page) == []
    follow(page.get_by_role("button", name="Speichern", exact=True))
    page.get_by_text("Die Anfrage wurde erfasst.").wait_for()
    assert page.locator("#status").inner_text().strip() == "Status: Neu"

    _field(page, "Minuten").fill("30")
    follow(page.get_by_role("button", name="Zeit erfassen"))
    page.get_by_text("30 Minuten wurden erfasst.").wait_for()
    assert page.locator("[data-summe='minuten']").inner_text().strip() == "30"

    _field(page, "Status").select_option(label="Abgeschlossen")
    _field(page, "Ergebnis").fill("Auf die Kurse der Volkshochschule mit Kinderbetreuung hingewiesen.")
    follow(page.get_by_role("button", name="Status speichern"))
    page.get_by_text("Die Anfrage ist jetzt „Abgeschlossen“.").wait_for()
    assert page.locator("#status").inner_text().strip() == "Status: Abgeschlossen"
    assert axe_violations(page) == []

    _open_dashboard(page)
    assert _number(page, "[data-summe='closed']") == closed_before + 1
    assert _number(page, month) == minutes_before + 30
    # The number leads to the list of the closed requests of the year, the new one among them.
    follow(page.locator("[data-summe='closed'] a"))
    page.get_by_role("heading", level=1, name="Beratungsanfragen").wait_for()
    assert page.get_by_text(f"{closed_before + 1} Anfragen").is_visible()
    assert axe_violations(page) == []
