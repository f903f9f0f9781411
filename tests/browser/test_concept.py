"""The main path of the integration concept, as a KI user of a body without a concept would walk it."""

import re

import pytest
from openpyxl import Workbook

from querschnitt.tenancy.models import Body

from .conftest import DEMO_PASSWORD, axe_violations, follow, login, open_from_navigation

pytestmark = pytest.mark.browser


@pytest.fixture
def dormagen_ki(demo):
    from querschnitt.accounts.models import User
    from querschnitt.tenancy.services import role_assignment_create

    user = User.objects.create_user(
        "ki-dormagen@querschnitt.example", DEMO_PASSWORD, first_name="Dora", last_name="Magen"
    )
    role_assignment_create(actor=None, user=user, body=Body.objects.get(slug="dormagen"), role="integration_centre")
    return user


def test_ki_builds_a_concept_imports_data_and_sees_progress(page, dormagen_ki, tmp_path):
    login(page, dormagen_ki.email)
    open_from_navigation(page, "Dormagen", "Konzept", "Integrationskonzept")
    page.get_by_label("Titel").fill("Integrationskonzept Dormagen 2027")
    page.get_by_label("Leitbild").fill("Dormagen ist für alle da.")
    follow(page.get_by_role("button", name="Konzept anlegen"))
    page.wait_for_url(re.compile(r"/konzept/\d+/$"))
    assert page.get_by_text("Das Konzept wurde angelegt.").is_visible()

    follow(page.get_by_role("link", name="Handlungsfeld anlegen").first)
    page.get_by_label("Titel").fill("Bildung")
    page.get_by_label("Prioritätspunkte").fill("30")
    follow(page.get_by_role("button", name="Speichern"))
    page.get_by_text("Das Handlungsfeld wurde angelegt.").wait_for()
    follow(page.get_by_role("link", name="Bildung").first)
    page.get_by_label("Leitziel", exact=True).fill("Qualifizierte Schulabschlüsse für alle Kinder und Jugendliche")
    follow(page.get_by_role("button", name="Leitziel hinzufügen"))
    page.get_by_text("Das Leitziel wurde hinzugefügt.").wait_for()

    follow(page.get_by_role("link", name="Integrationskonzept Dormagen 2027"))
    gaps = page.get_by_role("complementary", name=re.compile("Lücken"))
    assert gaps.get_by_text("Ziele ohne Indikator").is_visible()
    assert gaps.get_by_role("link", name=re.compile("Qualifizierte Schulabschlüsse")).is_visible()

    # An indicator from the catalogue, linked to the goal, with a target.
    open_from_navigation(page, "Dormagen", "Indikatoren")
    follow(page.get_by_role("link", name=re.compile(r"Übernehmen\s*:\s*Ausländische Schulabsolvierende")))
    page.get_by_role("checkbox", name=re.compile("Qualifizierte Schulabschlüsse")).check()
    page.get_by_label("Einheit").fill("%")
    follow(page.get_by_role("button", name="Speichern"))
    page.wait_for_url(re.compile(r"/indikator/\d+/$"))
    follow(page.get_by_role("link", name="Zielwert hinzufügen"))
    page.get_by_label(re.compile(r"^Zielwert\b")).fill("60")
    page.get_by_label(re.compile(r"^Frist –")).fill("2030-12-31")
    follow(page.get_by_role("button", name="Speichern"))
    assert page.get_by_text("Keine Daten").first.is_visible()

    # A year of data from Excel: first a bad file (nothing written), then a good one.
    bad, good = tmp_path / "falsch.xlsx", tmp_path / "werte.xlsx"
    for path, rows in ((bad, [["2020", "40"], ["2025", "viel"]]), (good, [["2020", "40"], ["2025", "51"]])):
        book = Workbook()
        sheet = book.active
        sheet.append(["Zeitraum", "Wert"])
        for row in rows:
            sheet.append(row)
        book.save(path)
    follow(page.get_by_role("link", name="Daten importieren (CSV, Excel)"))
    page.locator("input[type=file]").set_input_files(str(bad))
    follow(page.get_by_role("button", name=re.compile("importieren", re.I)))
    assert "Es wurde nichts gespeichert." in page.get_by_role("alert").first.inner_text()
    problem_row = page.get_by_role("row").filter(has_text="„viel“ ist keine Zahl.")
    assert [cell.strip() for cell in problem_row.locator("td").all_inner_texts()][:2] == ["3", "Wert"]
    assert axe_violations(page) == []
    page.locator("input[type=file]").set_input_files(str(good))
    follow(page.get_by_role("button", name=re.compile("importieren", re.I)))
    page.wait_for_url(re.compile(r"/indikator/\d+/$"))
    assert page.get_by_text("Auf Kurs").first.is_visible()
    assert page.get_by_role("img", name=re.compile("Liniendiagramm")).is_visible()

    # The concept shows the progress rolled up to the goal and the field, and the gap is closed.
    open_from_navigation(page, "Dormagen", "Integrationskonzept")
    follow(page.get_by_role("link", name="Integrationskonzept Dormagen 2027"))
    field = page.get_by_role("region", name="Bildung")
    assert field.get_by_text("Auf Kurs").first.is_visible()
    assert page.get_by_role("complementary", name=re.compile("Lücken")).get_by_text("Ziele ohne Indikator").count() == 0
    assert axe_violations(page) == []


def test_concept_pages_of_the_demo_pass_axe(page):
    login(page, "ki@querschnitt.example")
    open_from_navigation(page, "Rhein-Kreis Neuss", "Konzept", "Integrationskonzept")
    follow(page.get_by_role("link", name="Integrationskonzept Rhein-Kreis Neuss").first)
    concept_url = page.url
    problems = {}
    for path in [concept_url, concept_url.replace("/konzept/", "/konzept/") + "vergleich/"]:
        page.goto(path)
        if violations := axe_violations(page):
            problems[path] = violations
    for name in ("Maßnahmen", "Indikatoren", "Selbsteinschätzung"):
        open_from_navigation(page, "Rhein-Kreis Neuss", name)
        if violations := axe_violations(page):
            problems[name] = violations
    page.goto(page.url.split("?")[0].replace("selbsteinschaetzung/", "massnahmen/") + "?ansicht=tafel")
    if violations := axe_violations(page):
        problems["board"] = violations
    follow(page.get_by_role("link", name=re.compile("RAA")).first)
    if violations := axe_violations(page):
        problems["measure"] = violations
    assert problems == {}
