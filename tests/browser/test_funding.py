"""Issue 6, point 4 in the browser: the KI opens the open demo call of the Rhein-Kreis Neuss; the public applies
without an account (with an attachment) and gets the confirmation e-mail; the KI assigns itself and the office as
reviewers and both score (each sees the other's points only after their own); the office decides, records a paid
tranche, asks for the proof of use, records its receipt and checks it. axe on the public pages and the application."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from querschnitt.accounts.models import User
from querschnitt.network.demo_funding import OPEN_CALL
from querschnitt.network.models import FundingApplication

from .conftest import axe_violations, follow, login, open_from_navigation

pytestmark = pytest.mark.browser

KREIS = "rhein-kreis-neuss"


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _score(page, points: list[int]) -> None:
    for number, criterion in zip(
        points,
        [
            "Beitrag zu den Zielen des Integrationskonzepts",
            "Selbstorganisation und Beteiligung der Zielgruppe",
            "Vernetzung und Nachhaltigkeit",
            "Wirtschaftlichkeit des Finanzplans",
        ],
        strict=True,
    ):
        page.get_by_label(re.compile(rf"^{re.escape(criterion)} \(0 bis 10 Punkte")).fill(str(number))
    _field(page, "Kommentar").fill("Browsertest: nachvollziehbarer Kostenplan.")
    follow(page.get_by_role("button", name="Gutachten abgeben"))
    page.get_by_text("Ihr Gutachten wurde abgegeben.").wait_for()


def test_a_funding_call_from_the_open_call_to_the_proof_of_use(page, browser, live_server, tmp_path):
    # The KI opens the open call from the navigation.
    login(page, "ki@querschnitt.example")
    open_from_navigation(page, "Rhein-Kreis Neuss", "Netzwerk", "Förderung")
    expect(page.get_by_role("heading", level=1)).to_have_text("Förderung von Migrantenorganisationen")
    follow(page.get_by_role("link", name=OPEN_CALL))
    expect(page.get_by_text("nimmt Anträge an")).to_be_visible()
    assert axe_violations(page) == []

    # The public applies without an account.
    public_context, public = _new_page(browser, live_server)
    public.goto(f"/k/{KREIS}/foerderung/")
    follow(public.get_by_role("link", name=OPEN_CALL))
    assert axe_violations(public) == []
    follow(public.get_by_role("link", name="Jetzt Antrag stellen"))
    assert axe_violations(public) == []
    _field(public, "Name Ihrer Organisation").fill("Ukrainischer Familienverein Neuss e. V. (Browsertest)")
    _field(public, "Ansprechperson").fill("Olena Browsertest")
    _field(public, "E-Mail-Adresse").fill("olena.browsertest@example.org")
    _field(public, "Titel des Projekts").fill("Mutter-Kind-Deutschkurs")
    _field(public, "Beschreibung des Projekts").fill("Zweimal wöchentlich Deutsch mit Kinderbetreuung.")
    _field(public, "Förderbereich").select_option("Sprache")
    _field(public, "Beantragter Betrag in Euro").fill("3000")
    _field(public, "Eigenanteil in Euro").fill("300")
    _field(public, "Projektbeginn").fill("2027-09-01")
    _field(public, "Projektende").fill("2028-06-30")
    plan = tmp_path / "kostenplan.txt"
    plan.write_text("Honorare 2.000 EUR\nSachkosten 1.000 EUR\n", encoding="utf-8")
    _field(public, "Anlagen (Kostenplan, Satzung …)").set_input_files(str(plan))
    public.get_by_label(re.compile("^Ich bin einverstanden, dass die Daten dieses Antrags")).check()
    follow(public.get_by_role("button", name="Antrag absenden"))
    expect(public.get_by_text(re.compile("Vielen Dank: Ihr Antrag ist unter dem Aktenzeichen FÖ-"))).to_be_visible()
    application = FundingApplication.objects.get(contact_email="olena.browsertest@example.org")
    expect(public.get_by_test_id("status")).to_have_text("Eingereicht")
    confirmation = next(message for message in mail.outbox if message.to == ["olena.browsertest@example.org"])
    assert application.reference in confirmation.subject and application.token in confirmation.body
    assert axe_violations(public) == []
    public_context.close()

    # The KI assigns two reviewers and writes its review.
    page.reload()
    follow(page.get_by_role("link", name=application.reference))
    ki, office = (
        User.objects.get(email="ki@querschnitt.example"),
        User.objects.get(email="geschaeftsstelle@querschnitt.example"),
    )
    for reviewer in (ki, office):
        follow(page.get_by_role("link", name="Gutachter/in zuweisen"))
        _field(page, "Gutachter/in").select_option(label=f"{reviewer.display_name} ({reviewer.email})")
        follow(page.get_by_role("button", name="Zuweisen"))
        page.get_by_text(f"{reviewer.display_name} begutachtet den Antrag.").wait_for()
    follow(page.get_by_role("link", name="Gutachten schreiben"))
    _score(page, [8, 9, 6, 7])
    assert axe_violations(page) == []

    # The office sees the KI's points only after writing its own review, then decides.
    office_context, desk = _new_page(browser, live_server)
    login(desk, office.email)
    desk.goto(f"/k/{KREIS}/foerderung/verwaltung/antrag/{application.pk}/")
    expect(desk.get_by_text("Die Punkte erscheinen, sobald Sie Ihr eigenes Gutachten abgegeben haben.")).to_be_visible()
    follow(desk.get_by_role("link", name="Gutachten schreiben"))
    _score(desk, [7, 8, 7, 8])
    expect(desk.get_by_test_id("gesamtbewertung")).to_contain_text("Gewichtete Bewertung beider Gutachten")
    follow(desk.get_by_role("link", name="Entscheiden", exact=True))
    desk.get_by_role("radio", name="bewilligen (ganz oder teilweise)").check()
    _field(desk, "Bewilligter Betrag in Euro").fill("2500")
    _field(desk, "Begründung der Entscheidung").fill("Gefördert ohne Werbematerial.")
    follow(desk.get_by_role("button", name="Entscheidung eintragen"))
    desk.get_by_text("Die Entscheidung wurde eingetragen: Teilweise bewilligt.").wait_for()

    # A tranche, paid today; then the proof of use: asked for, received, checked.
    follow(desk.get_by_role("link", name="Rate hinzufügen"))
    _field(desk, "Betrag in Euro").fill("2500")
    _field(desk, "Fällig am").fill("2026-12-01")
    follow(desk.get_by_role("button", name="Speichern"))
    desk.get_by_text("Die Rate wurde erfasst.").wait_for()
    follow(desk.get_by_role("button", name=re.compile("^Heute ausgezahlt")))
    expect(desk.get_by_test_id("status")).to_have_text("Gefördert (ausgezahlt)")
    follow(desk.get_by_role("link", name="Verwendungsnachweis anfordern"))
    _field(desk, "Verwendungsnachweis fällig am").fill("2028-09-30")
    follow(desk.get_by_role("button", name="Speichern"))
    expect(desk.get_by_test_id("status")).to_have_text("Verwendungsnachweis fällig")
    follow(desk.get_by_role("link", name="Eingang erfassen"))
    follow(desk.get_by_role("button", name="Speichern"))
    follow(desk.get_by_role("link", name="Verwendungsnachweis prüfen"))
    desk.get_by_role("radio", name="In Ordnung").check()
    _field(desk, "Hinweis").fill("Sachbericht und Belege vollständig.")
    follow(desk.get_by_role("button", name="Speichern"))
    desk.get_by_text("Die Prüfung wurde eingetragen: In Ordnung.").wait_for()
    expect(desk.get_by_test_id("status")).to_have_text("Abgeschlossen")
    assert axe_violations(desk) == []
    office_context.close()

    application.refresh_from_db()
    assert application.status == "closed" and application.approved_amount == 2500
    assert application.reviews.filter(submitted_at__isnull=False).count() == 2
