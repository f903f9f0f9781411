"""The statistics import in the browser: the integration centre of the Rhein-Kreis Neuss uploads a bad file and reads
the row messages, then a good file with one unknown area name, maps it with the suggestion, sees the preview,
imports and finds the import in the log. Axe on every step."""

import pytest

from querschnitt.reporting.models import AreaAlias, StatisticsImport
from querschnitt.strategy.models import Observation

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

SERIES = "Anzahl der Flüchtlinge steigt in den Integrationskursen"
BAD = f'Year,Series,GeoCode,Value\n2017,{SERIES},05162024,"12,3,4"\n2013,Unbekannt,05162024,3\n'
GOOD = (
    "Year,Series,Units,GeoCode,GeoName,Value\n"
    f"2017,{SERIES},Personen,05162004,,31\n"
    f"2017,{SERIES},Personen,,Stadt Neuss,77\n"
)


def choose_file(page, name: str, content: str) -> None:
    page.get_by_label("Statistikdatei (CSV oder Excel)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}
    )


def test_integration_centre_imports_statistics_with_a_mapped_area_name(page):
    login(page, "ki@querschnitt.example")
    logged_before = StatisticsImport.objects.count()
    values_before = Observation.objects.count()

    page.goto("/k/rhein-kreis-neuss/statistik/")
    assert page.get_by_role("heading", level=1).inner_text() == "Statistik-Import"
    assert axe_violations(page) == []

    # A bad file: every problem with its row and column, nothing written.
    choose_file(page, "fehlerhaft.csv", BAD)
    follow(page.get_by_role("button", name="Datei prüfen"))
    assert page.get_by_role("heading", name="Prüfbericht").is_visible()
    assert page.get_by_text("Zeile 2, Spalte „Value“: „12,3,4“ ist keine Zahl.").is_visible()
    assert page.get_by_text("Zeile 3, Spalte „Series“: „Unbekannt“ ist kein Indikator").is_visible()
    assert (StatisticsImport.objects.count(), Observation.objects.count()) == (logged_before, values_before)
    assert axe_violations(page) == []

    # A good file with a name the platform does not know yet: mapped with the preselected suggestion.
    choose_file(page, "fluechtlinge-2017.csv", GOOD)
    follow(page.get_by_role("button", name="Datei prüfen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Gebietsnamen zuordnen"
    assert page.get_by_label("Neuss, Stadt (05162024)").is_checked()
    assert axe_violations(page) == []
    follow(page.get_by_role("button", name="Zuordnung speichern und weiter"))
    assert AreaAlias.objects.filter(normalized="stadt neuss", area_key="05162024").exists()

    # The preview, then the import.
    assert page.get_by_role("heading", level=1).inner_text() == "Vorschau des Imports"
    assert page.get_by_text("Die Datei enthält 2 Werte: 2 neu, 0 geändert, 0 unverändert.").is_visible()
    assert Observation.objects.count() == values_before
    assert axe_violations(page) == []
    follow(page.get_by_role("button", name="Jetzt importieren"))
    assert "Importiert: 2 neue Werte, 0 geänderte Werte, 0 unveränderte Werte." in " ".join(
        page.locator(".kern-alert").all_inner_texts()
    )
    assert page.get_by_role("link", name=SERIES).is_visible()
    assert Observation.objects.count() == values_before + 2
    assert axe_violations(page) == []

    follow(page.get_by_role("link", name="Zurück zum Importprotokoll"))
    assert page.get_by_role("cell", name="fluechtlinge-2017.csv").is_visible()
    assert page.get_by_role("cell", name="demo-statistik-rhein-kreis-neuss.csv").is_visible()  # the demo's import
    assert axe_violations(page) == []
