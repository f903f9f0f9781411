"""The OParl import in the browser: the Geschäftsstelle of Neuss sets up its council information system, imports,
reads the log, and finds the council's Beratungsfolge on the committee's motion. Recorded answers, no network;
axe on both pages."""

import pytest

from querschnitt.committees.models import Paper
from querschnitt.oparl import importer
from querschnitt.oparl.tests.recorded import BODY_URL, RecordedOParl
from querschnitt.tenancy.models import Body

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser


def test_office_imports_from_the_council_system_and_sees_the_further_deliberation(page, monkeypatch):
    monkeypatch.setattr(importer, "RETRY_DELAYS", (0.0, 0.0))
    monkeypatch.setattr(importer, "http_fetch", RecordedOParl())
    neuss = Body.objects.get(slug="neuss")
    motion = Paper.objects.filter(body=neuss, external_id="", public=True).exclude(reference="").first()
    login(page, "neuss@querschnitt.example")

    page.goto("/k/neuss/oparl-import/")
    assert page.get_by_role("heading", level=1).inner_text() == "Import aus dem Ratsinformationssystem"
    assert axe_violations(page) == []
    page.get_by_label("Adresse der OParl-Schnittstelle").fill(BODY_URL)
    follow(page.get_by_role("button", name="Speichern"))
    assert "gespeichert" in " ".join(page.locator(".kern-alert").all_inner_texts())

    follow(page.get_by_role("button", name="Jetzt importieren"))
    assert "Der Import ist abgeschlossen, mit Problemen" in " ".join(page.locator(".kern-alert").all_inner_texts())
    assert page.get_by_role("rowheader", name="Drucksachen").is_visible()
    assert page.get_by_text("Eine Sitzung ohne gültigen Beginn (demnächst) wurde übersprungen.").is_visible()
    assert axe_violations(page) == []

    # The council's paper carries the number of the demo motion in its name only if the numbers agree; link it
    # by hand otherwise, as the Geschäftsstelle could.
    council_paper = Paper.objects.get(external_id=f"{BODY_URL.rsplit('/bodies', 1)[0]}/papers/201")
    motion.related_papers.add(council_paper)
    page.goto(f"/k/neuss/drucksache/{motion.pk}/")
    assert page.get_by_role("heading", name="Weitere Beratung im Ratsinformationssystem").is_visible()
    assert page.get_by_role("link", name="Im Ratsinformationssystem öffnen").first.get_attribute("href") == (
        "https://ris.beispielstadt.example/vo020.asp?VOLFDNR=815"
    )
    assert page.get_by_role("rowheader", name="Rat der Stadt Beispielstadt").is_visible()
    assert axe_violations(page) == []
