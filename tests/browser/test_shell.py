"""Walk through the shell as a person would: sign in, switch body, see the dashboard, by mouse and by keyboard."""

import re

import pytest

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/konto/login/",
    "/k/",
    "/k/?q=Neuss",
    "/k/rhein-kreis-neuss/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/konto/password/reset/",
    "/gibt-es-nicht/",
]
OFFICE_PAGES = [
    "/k/rhein-kreis-neuss/",
    "/k/rhein-kreis-neuss/personen/",
    "/k/rhein-kreis-neuss/personen/verlauf/",
    "/konto/profil/",
    "/konto/profil/loeschen/",
    "/konto/2fa/",
    "/konto/password/change/",
]


def test_sign_in_switch_body_and_see_the_dashboard(page):
    login(page, "ki@querschnitt.example")
    assert page.get_by_role("heading", level=1).inner_text() == "Rhein-Kreis Neuss"
    assert page.get_by_role("heading", name="Ihre Rollen hier").is_visible()
    assert page.get_by_text("Kommunales Integrationszentrum").first.is_visible()

    page.get_by_label("Kommune").select_option(label="Neuss")
    follow(page.get_by_role("button", name="Wechseln"))
    page.wait_for_url(re.compile(r"/k/neuss/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Neuss"
    assert page.get_by_text("Lesezugriff").first.is_visible()
    # A reader does not manage people: no such tile, no such navigation entry.
    assert page.get_by_role("link", name="Personen und Rollen").count() == 0


def test_keyboard_alone_signs_in_and_reaches_the_people_page(page):
    page.goto("/konto/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "login"
    page.keyboard.type("geschaeftsstelle@querschnitt.example")
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.tagName") == "A":  # the "Passwort vergessen?" hint link
        page.keyboard.press("Tab")
    page.keyboard.type("Demo-Querschnitt-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/k/rhein-kreis-neuss/$"))
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Personen und Rollen":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/personen/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Personen und Rollen"


def test_focus_is_visible_on_every_control(page):
    page.goto("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
        )
        assert outline, page.evaluate("document.activeElement.outerHTML")


def axe_problems(page, paths) -> dict[str, list[dict]]:
    problems = {}
    for path in paths:
        page.goto(path)
        if violations := axe_violations(page):
            problems[path] = violations
    return problems


def test_axe_finds_no_serious_violation_on_public_pages(page):
    assert axe_problems(page, PUBLIC_PAGES) == {}


def test_axe_finds_no_serious_violation_on_internal_pages(page):
    login(page, "geschaeftsstelle@querschnitt.example")
    problems = axe_problems(page, OFFICE_PAGES)
    # A page with a form error, too.
    page.goto("/k/rhein-kreis-neuss/personen/")
    page.get_by_label("E-Mail-Adresse").fill("keine-adresse")
    follow(page.get_by_role("button", name="Einladung senden"))
    assert page.get_by_text("gültige E-Mail-Adresse").is_visible()
    if violations := axe_violations(page):
        problems["people with error"] = violations
    assert problems == {}


def test_axe_check_itself_catches_a_serious_violation(page):
    page.set_content('<html lang="de"><body><main><img src="/x.png"><input type="text"></main></body></html>')
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= ids


def test_body_directory_filters_as_you_type(page):
    page.goto("/k/")
    page.get_by_label("Name oder AGS").fill("Jüchen")
    page.get_by_text("1 Kommune gefunden.").wait_for()
    assert page.get_by_role("link", name="Jüchen").is_visible()
    assert "q=J%C3%BCchen" in page.url  # the address follows the filter, so it can be shared


def test_axe_finds_no_serious_violation_on_committee_pages(page):
    from querschnitt.committees.models import Meeting, Organization, Paper

    # Object ids differ between databases (PostgreSQL keeps its sequences across flushes): look them up.
    meeting = Meeting.objects.get(body__slug="neuss", name="2. Sitzung").pk
    paper = Paper.objects.get(body__slug="neuss").pk
    committee = Organization.objects.get(body__slug="neuss", kind="aci").pk
    pages = [
        "/k/neuss/sitzungen/",
        f"/k/neuss/sitzung/{meeting}/",
        "/k/neuss/drucksachen/",
        f"/k/neuss/drucksache/{paper}/",
    ]
    public = axe_problems(page, pages)
    login(page, "neuss@querschnitt.example")
    internal = axe_problems(
        page,
        [
            *pages,
            "/k/neuss/gremien/",
            f"/k/neuss/gremium/{committee}/",
            f"/k/neuss/sitzung/{meeting}/anwesenheit/",
            f"/k/neuss/drucksache/{paper}/beratungsfolge/",
            "/k/neuss/satzungen/",
            "/k/neuss/rechte/",
            "/api/tokens/",
            "/api/docs",
        ],
    )
    assert public == {} and internal == {}


def test_on_a_phone_no_page_scrolls_sideways_and_the_navigation_shows_the_area(page):
    page.set_viewport_size({"width": 390, "height": 800})
    login(page, "ki@querschnitt.example")
    for path in ("indikatoren/", "integrationszentrum/", "gremien/personen/", "statistik/gebietsnamen/"):
        page.goto(f"/k/rhein-kreis-neuss/{path}")
        scroll_width, width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= width, path  # text for screen readers in a wide table once pushed the page wider
    areas = page.get_by_role("navigation", name="Navigation für Rhein-Kreis Neuss").locator("[aria-current]")
    assert areas.first.inner_text() == "Berichte und Daten"
    # The page starts on the first screen: header, both navigation rows and breadcrumbs leave room for the heading.
    page.goto("/k/rhein-kreis-neuss/massnahmen/")
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading is not None and heading["y"] + heading["height"] < 600, heading
