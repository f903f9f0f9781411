"""Issue 7, point 5 in the browser: the KI of the Rhein-Kreis Neuss publishes a measure of its concept as a practice
example, an anonymous visitor finds it in the library by its field of action, and the workshop moderator adds it to
day 1 of the demo workshop. axe checks the library, the example and the workshop day's page."""

import re

import pytest

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

MEASURE = "Interkulturelle Öffnung: Bereitschaft bei Mitarbeitern schaffen"
TITLE = "Fremdsprachen der Beschäftigten sichtbar machen"
TOPIC = "Interkulturelle Öffnung der Verwaltung"


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def _day_one_pk() -> int:
    from querschnitt.participation.models import PhaseKind, WorkshopDay

    day = (
        WorkshopDay.objects.filter(phase__process__body__slug="rhein-kreis-neuss", phase__kind=PhaseKind.WORKSHOP)
        .order_by("date", "order", "pk")
        .first()
    )
    assert day is not None
    return day.pk


def test_a_measure_becomes_an_example_is_found_and_pulled_into_a_workshop_day(page):
    login(page, "ki@querschnitt.example")
    page.goto("/k/rhein-kreis-neuss/praxis/")
    assert page.get_by_role("heading", level=1).inner_text() == "Praxisbeispiele"
    # The demo's examples are listed (drafts and published).
    assert page.get_by_role("link", name="Integrationskursträger und Flüchtlingsberatung arbeiten Hand in Hand").count()
    follow(page.get_by_role("link", name="Maßnahme als Praxisbeispiel veröffentlichen"))
    _field(page, "Maßnahme Ihres Konzepts").select_option(label=MEASURE)
    follow(page.get_by_role("button", name="Weiter mit dieser Maßnahme"))

    # The form starts from the measure.
    assert _field(page, "Titel").input_value() == "Bereitschaft bei Mitarbeitern schaffen"
    assert _field(page, "Größe der Kommune").input_value() == "district"
    assert "Stand:" in _field(page, "Ergebnisse").input_value()
    _field(page, "Titel").fill(TITLE)
    _field(page, "Handlungsfeld (landesweit einheitlich benannt)").select_option(label=TOPIC)
    _field(page, "Ergebnisse").fill("Über 200 Beschäftigte haben ihre Sprachen angegeben.")
    assert axe_violations(page) == []
    follow(page.get_by_role("button", name="Speichern und veröffentlichen"))
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    assert page.get_by_text("Das Praxisbeispiel wurde veröffentlicht.").is_visible()

    # An anonymous visitor finds it by its field of action.
    page.context.clear_cookies()
    page.goto("/praxis/")
    assert page.get_by_role("heading", level=1).inner_text() == "Praxisbibliothek"
    assert axe_violations(page) == []
    _field(page, "Handlungsfeld").select_option(label=TOPIC)
    follow(page.get_by_role("button", name="Beispiele anzeigen"))
    page.wait_for_url(re.compile(r"handlungsfeld=opening"))
    results = page.locator("#praxis-ergebnisse")
    results.get_by_role("link", name=TITLE).wait_for()
    # The other fields' examples are filtered out.
    assert results.get_by_role("link", name="Sprachpatenschaften in der Stadtbibliothek").count() == 0
    follow(results.get_by_role("link", name=TITLE))
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    assert page.get_by_text("Über 200 Beschäftigte haben ihre Sprachen angegeben.").is_visible()
    assert page.get_by_role("button", name="Aus der Bibliothek zurückziehen").count() == 0
    assert axe_violations(page) == []

    # The moderator pulls it into day 1 of the demo workshop.
    login(page, "moderation@querschnitt.example")
    page.goto(f"/k/rhein-kreis-neuss/workshop-tag/{_day_one_pk()}/praxisbeispiele/")
    chosen = page.locator("#gewaehlt + ul")
    # The demo has already pulled in the example of the city of Neuss.
    assert chosen.get_by_role("link", name="Sprachpatenschaften in der Stadtbibliothek").is_visible()
    _field(page, "Suchbegriff").fill("Fremdsprachen")
    follow(page.get_by_role("button", name="Beispiele anzeigen"))
    page.locator("#tag-ergebnisse").get_by_role("link", name=TITLE).wait_for()
    assert axe_violations(page) == []
    follow(page.locator("#tag-ergebnisse").get_by_role("button", name=re.compile("^Hinzufügen")))
    page.get_by_text(f"„{TITLE}“ wurde dem Tag hinzugefügt.").wait_for()
    assert page.locator("#gewaehlt + ul").get_by_role("link", name=TITLE).is_visible()
