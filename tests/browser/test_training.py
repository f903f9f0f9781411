"""Issue 7, point 3 in the browser: the course path of the qualification series. State staff (lir@) create a series
with a module; a VHS sends an expression of interest through the public form (no account); lir@ accepts it and
creates a course from it; mitglied@ registers for the course; lir@ records the attendance and downloads the
certificate of attendance (a PDF). axe on the public pages, the form and the course page."""

import re

import pytest
from playwright.sync_api import expect

from querschnitt.statewide import models as m

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

STATE = "/k/landesintegrationsrat-nrw/qualifizierung/"
TITLE = "Qualifizierungsreihe Browsertest 2029–2030"


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_a_course_from_the_expression_of_interest_to_the_certificate(page, browser, live_server, tmp_path):
    # State staff create a series that still takes expressions of interest, with one module.
    login(page, "lir@querschnitt.example")
    page.goto(STATE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualifizierungsreihe")
    expect(
        page.get_by_role("link", name=re.compile("^Qualifizierungsreihe für Mitglieder der Ausschüsse"))
    ).to_be_visible()
    follow(page.get_by_role("link", name="Neue Qualifizierungsreihe"))
    _field(page, "Titel").fill(TITLE)
    _field(page, "Kurzname in Adressen").fill("browsertest-2029")
    _field(page, "Partner").fill(
        "Landesverband der Volkshochschulen von NRW e. V.\nLandeszentrale für politische Bildung NRW"
    )
    _field(page, "Ab Jahr").fill("2029")
    _field(page, "Bis Jahr").fill("2030")
    _field(page, "Frist für Interessensbekundungen").fill("2040-01-31T23:59")
    page.get_by_label("Öffentlich").check()
    follow(page.get_by_role("button", name="Speichern"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    follow(page.get_by_role("link", name="Modul hinzufügen"))
    _field(page, "Stufe").fill("Basismodul")
    _field(page, "Titel").fill("Lebenswelt und Handlungsfeld Kommune")
    follow(page.get_by_role("button", name="Speichern"))
    expect(page.get_by_text("Das Modul wurde hinzugefügt.")).to_be_visible()

    # A VHS expresses its interest through the public form, without an account.
    public_context, public = _new_page(browser, live_server)
    public.goto("/qualifizierung/")
    assert axe_violations(public) == []
    follow(public.get_by_role("link", name=TITLE))
    assert axe_violations(public) == []
    follow(public.get_by_role("link", name="Interesse bekunden"))
    assert axe_violations(public) == []
    _field(public, "Wer möchte das Seminar ausrichten?").select_option(label="Volkshochschule (VHS)")
    _field(public, "Name der Volkshochschule oder Kommune").fill("VHS Kaarst-Korschenbroich")
    _field(public, "Ansprechperson").fill("Petra Browsertest")
    _field(public, "E-Mail-Adresse der Ansprechperson").fill("vhs.browsertest@example.org")
    public.get_by_label("Basismodul: Lebenswelt und Handlungsfeld Kommune").check()
    _field(public, "Terminvorschläge").fill("Samstage im Mai 2029")
    follow(public.get_by_role("button", name="Interessensbekundung senden"))
    expect(public.get_by_text("Vielen Dank: Ihre Interessensbekundung ist eingegangen.")).to_be_visible()
    public_context.close()

    # State staff accept it and create a course from it.
    follow(page.get_by_role("link", name="Alle Interessensbekundungen"))
    row = page.get_by_role("row").filter(has_text="VHS Kaarst-Korschenbroich")
    follow(row.get_by_role("link", name=re.compile("^Entscheiden")))
    page.get_by_label("Annehmen").check()
    _field(page, "Vermerk zur Entscheidung").fill("Passt gut in die Planung.")
    follow(page.get_by_role("button", name="Speichern"))
    expect(page.get_by_text("Die Entscheidung wurde gespeichert.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="VHS Kaarst-Korschenbroich")
    expect(row).to_contain_text("Angenommen")
    follow(row.get_by_role("link", name=re.compile("^Kurs anlegen")))
    expect(_field(page, "Veranstalter")).to_have_value("VHS Kaarst-Korschenbroich")
    _field(page, "Erster Tag").fill("2029-05-05")
    _field(page, "Letzter Tag").fill("2029-05-05")
    _field(page, "Zeiten").fill("10:00 bis 16:00 Uhr")
    _field(page, "Ort").fill("VHS Kaarst, Am Schulzentrum 18")
    _field(page, "Plätze").fill("2")
    _field(page, "Status").select_option(label="Anmeldung offen")
    follow(page.get_by_role("button", name="Speichern"))
    expect(page.get_by_text("Der Kurs wurde angelegt.")).to_be_visible()
    assert axe_violations(page) == []
    course_url = page.url

    # The committee member registers for the course.
    member_context, member = _new_page(browser, live_server)
    login(member, "mitglied@querschnitt.example")
    member.goto("/qualifizierung/browsertest-2029/")
    follow(member.get_by_role("link", name=re.compile("^Anmelden")))
    assert axe_violations(member) == []
    _field(member, "Ausschuss von").select_option(label="Neuss")
    member.get_by_label("Direkt gewähltes Mitglied").check()
    follow(member.get_by_role("button", name="Jetzt anmelden"))
    expect(member.get_by_text("Sie sind angemeldet.")).to_be_visible()
    expect(member.get_by_role("heading", level=1)).to_have_text("Meine Anmeldungen")
    registration = m.CourseRegistration.objects.get(
        course__series__slug="browsertest-2029", email="mitglied@querschnitt.example"
    )
    assert registration.status == m.RegistrationStatus.CONFIRMED and registration.body.name == "Neuss"

    # State staff record the attendance and download the certificate.
    page.goto(course_url)
    name = registration.name
    page.get_by_label(f"Anwesende Tage: {name}").fill("1")
    page.get_by_label(f"Teilgenommen: {name}").check()
    follow(page.get_by_role("button", name=re.compile(rf"^Teilnahme speichern\s*: {name}$")))
    expect(page.get_by_text(f"Die Teilnahme von {name} wurde gespeichert.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(rf"^Teilnahmebescheinigung \(PDF\)\s*: {name}$")).click()
    target = tmp_path / "bescheinigung.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    registration.refresh_from_db()
    assert re.fullmatch(r"QR-\d{4}-\d{4}", registration.certificate_number)

    # The participant finds the certificate among their registrations.
    member.reload()
    expect(member.get_by_role("link", name=re.compile("^Teilnahmebescheinigung \\(PDF\\)"))).to_have_count(2)
    member_context.close()
