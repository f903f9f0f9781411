"""Issue 6 in the browser: the KI keeps the steering group of the Rhein-Kreis Neuss (seed 004) — a seat with a
member and a deputy changes the sums — and builds the seed's steering group with its 25 seats from scratch."""

import re

import pytest

from querschnitt.tenancy.models import Body

from .conftest import DEMO_PASSWORD, axe_violations, follow, login, open_from_navigation

pytestmark = pytest.mark.browser

DECIDED_TABLE = """Akteure\tPersonenanzahl
Landrat oder Allgemeiner Vertreter\t1
Bürgermeister der kreisangehörigen Kommunen oder deren Vertreter\t8
Vorsitzende der Kreistagsfraktionen bzw. deren Vertreter\t5
Vorsitzender des Sozial- und Gesundheitsausschusses bzw. dessen Vertreter\t1
Vorsitzende der Integrationsräte im Rhein-Kreis Neuss bzw. deren Vertreter\t4
Leiter der Integrationsbüros Neuss und Dormagen bzw. deren Vertreter\t2
Vorsitzender der Arbeitsgemeinschaft der Freien Wohlfahrtsverbände im RKN bzw. dessen Vertreter\t1
Sprecher des Arbeitskreises Integration bzw. dessen Vertreter\t1
Leiterin der ARGE/des Jobcenters bzw. deren Vertreter\t1
Amtsleiter 50 bzw. dessen Vertreter\t1
\tgesamt: 25"""

PROPOSAL = """- Landrat (1)
- Verwaltung (2)
- Bürgermeister/in der kreisangehörigen Kommunen (8)
- Kreistag (5 → Fraktionen)
- Migrantenvertreter (4 → Integrationsräte)
- Sportvereine (1 → Kreissportbund)
- Migrantenselbstorganisationen (2 → es müsste erst noch eine Plattform geschaffen werden))
- Unternehmen (2 → IHK, Kreishandwerkerschaft))
- Religionsgemeinschaften (2)
- Wohlfahrtsverbände (4)
- Verbände und Initiativen (4)
- Agentur für Arbeit und Jobcenter
- (Stiftungen)"""


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def _named(action: str, thing: str) -> re.Pattern:
    """The name of a link whose visible text is the action and whose hidden text names the thing."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(thing)}$")


def _sum(page, column: str) -> str:
    return page.locator(f"[data-summe='{column}']").inner_text().strip()


def _warnings(page) -> str:
    alert = page.locator("#hinweise")
    return alert.inner_text() if alert.count() else ""


def test_ki_adds_a_seat_with_member_and_deputy_and_the_sums_change(page):
    login(page, "ki@querschnitt.example")
    open_from_navigation(page, "Rhein-Kreis Neuss", "Netzwerk", "Steuerungsgruppe")
    follow(page.get_by_role("link", name="Steuerungsgruppe Integration"))
    assert _sum(page, "beschluss") == "25"
    assert _sum(page, "vorschlag") == "mindestens 35"
    assert "Sprecher des Arbeitskreises Integration bzw. dessen Vertreter: 0 von 1 Platz besetzt." in _warnings(page)
    assert axe_violations(page) == []

    follow(page.get_by_role("link", name="Sitz hinzufügen"))
    _field(page, "Sitz").fill("Vertreter der Migrantenselbstorganisationen")
    _field(page, "Beschlossene Anzahl").fill("2")
    _field(page, "Art des Akteurs").select_option(label="Migrantenselbstorganisation")
    follow(page.get_by_role("button", name="Speichern", exact=True))
    page.get_by_text("Der Sitz „Vertreter der Migrantenselbstorganisationen“ wurde hinzugefügt.").wait_for()
    assert _sum(page, "beschluss") == "27"
    assert "Vertreter der Migrantenselbstorganisationen: 0 von 2 Plätzen besetzt." in _warnings(page)

    follow(page.get_by_role("link", name=_named("Person benennen", "Vertreter der Migrantenselbstorganisationen")))
    _field(page, "Name").fill("Derya Beispiel")
    _field(page, "Entsandt von").select_option(label="Migrantenselbstorganisationen im Rhein-Kreis Neuss")
    follow(page.get_by_role("button", name="Speichern", exact=True))
    page.get_by_text("Derya Beispiel wurde für den Sitz benannt.").wait_for()
    assert "Vertreter der Migrantenselbstorganisationen: 1 von 2 Plätzen besetzt." in _warnings(page)

    follow(page.get_by_role("link", name=_named("Stellvertretung hinzufügen", "Derya Beispiel")))
    assert page.get_by_role("radio", name="Stellvertretung").is_checked()
    _field(page, "Name").fill("Marco Muster")
    follow(page.get_by_role("button", name="Speichern", exact=True))
    page.get_by_text("Marco Muster wurde für den Sitz benannt.").wait_for()
    row = page.locator("tr", has_text="Vertreter der Migrantenselbstorganisationen").last
    assert "Stellvertretung: Marco Muster" in re.sub(r"\s+", " ", row.inner_text())
    # The decided sum counts places, the named sum members (24 of the demo + Derya Beispiel); deputies fill none.
    assert _sum(page, "beschluss") == "27"
    named = page.locator("#tabelle-beschluss tfoot td").last.inner_text().strip()
    assert named == "25"
    assert axe_violations(page) == []


@pytest.fixture
def dormagen_ki(demo):
    from querschnitt.accounts.models import User
    from querschnitt.tenancy.services import role_assignment_create

    user = User.objects.create_user(
        "ki-dormagen-netz@querschnitt.example", DEMO_PASSWORD, first_name="Dora", last_name="Netz"
    )
    role_assignment_create(actor=None, user=user, body=Body.objects.get(slug="dormagen"), role="integration_centre")
    return user


def test_ki_builds_the_seeds_steering_group_with_its_25_seats(page, dormagen_ki):
    login(page, dormagen_ki.email)
    open_from_navigation(page, "Dormagen", "Netzwerk", "Steuerungsgruppe")
    assert page.get_by_text("Es gibt noch keine Steuerungsgruppe.").is_visible()
    follow(page.get_by_role("link", name="Steuerungsgruppe anlegen"))
    _field(page, "Name").fill("Steuerungsgruppe Integration")
    _field(page, "Beschlossen durch").fill("Kreistag, 08.12.2010")
    _field(page, "Beschlossen am").fill("2010-12-08")
    follow(page.get_by_role("button", name="Speichern", exact=True))
    page.get_by_text("Die Steuerungsgruppe wurde angelegt.").wait_for()
    assert page.get_by_text("Noch keine beschlossene Zusammensetzung erfasst.").is_visible()

    follow(page.get_by_role("link", name="Sitze aus einer Tabelle einfügen"))
    _field(page, "Sitze, einer pro Zeile").fill(DECIDED_TABLE)
    follow(page.get_by_role("button", name="Sitze hinzufügen"))
    page.get_by_text("10 Sitze mit insgesamt 25 Plätzen wurden hinzugefügt.").wait_for()
    assert _sum(page, "beschluss") == "25"

    follow(page.get_by_role("link", name="Sitze aus einer Tabelle einfügen"))
    _field(page, "Sitze, einer pro Zeile").fill(PROPOSAL)
    page.get_by_role("radio", name="als Vorschlag").check()
    follow(page.get_by_role("button", name="Sitze hinzufügen"))
    page.get_by_text("13 Sitze mit insgesamt 35 Plätzen wurden hinzugefügt.").wait_for()
    assert _sum(page, "vorschlag") == "mindestens 35" and _sum(page, "beschluss") == "25"
    proposal = page.locator("#tabelle-vorschlag")
    assert "5 → Fraktionen" in proposal.inner_text()
    # Every decided seat is still open: the page says so, seat by seat.
    assert "Bürgermeister der kreisangehörigen Kommunen oder deren Vertreter: 0 von 8 Plätzen besetzt." in _warnings(
        page
    )
    assert axe_violations(page) == []
