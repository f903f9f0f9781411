"""Demo of the public pages: the Rhein-Kreis Neuss publishes its concept with an introduction and a summary in
Leichte Sprache. So that the comparison across bodies shows something, four of its towns publish a small,
clearly invented demo page with one catalogue indicator (recognition of foreign qualifications) — one of them a count
below 5, to show the suppression. Idempotent: a second run changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from querschnitt.strategy.models import Concept, ConceptStatus, Indicator, IndicatorCatalogueEntry, IndicatorKind
from querschnitt.strategy.services import (
    ObservationRow,
    concept_create,
    field_of_action_create,
    guiding_goal_create,
    indicator_create,
    observations_upsert,
)

from .models import PublicPage
from .services_public import public_page_update

INTRODUCTION = """\
Integration ist im Rhein-Kreis Neuss eine Querschnittsaufgabe: Sie betrifft Bildung, Arbeit, Sprache, Gesundheit \
und das Zusammenleben vor Ort. Hier zeigt der Kreis sein Integrationskonzept mit den Handlungsfeldern, Zielen und \
Maßnahmen, wie weit die Ziele erreicht sind und welche Berichte veröffentlicht wurden.

Die Werte der Indikatoren stehen als offene Daten zum Herunterladen bereit. Einige Werte sind Demodaten (fiktiv) \
und als solche gekennzeichnet."""

EASY_LANGUAGE = """\
Im Rhein-Kreis Neuss leben viele Menschen.
Manche Menschen kommen aus einem anderen Land.
Alle sollen hier gut leben können.
Das nennt man: Integration.

Der Kreis hat dafür einen Plan.
Der Plan heißt: Integrations-Konzept.
Im Plan stehen Ziele.
Zum Beispiel:
Alle Kinder sollen einen guten Schul-Abschluss machen.
Alle Menschen sollen Deutsch lernen können.

Auf dieser Seite sehen Sie:
Was hat der Kreis schon geschafft?
Was macht der Kreis noch?

Haben Sie Fragen?
Dann schreiben Sie dem Kommunalen Integrations-Zentrum."""

CONTACT = "Kommunales Integrationszentrum Rhein-Kreis Neuss, ki@querschnitt.example"

# The comparison: catalogue indicator 22, invented counts for four towns (Kaarst's 2016 value shows the suppression).
CATALOGUE_CODE = 22
DEMO_CONCEPT_TITLE = "Integrationskonzept (Demo, fiktiv)"
DEMO_SOURCE = "Demodaten (fiktiv)"
DEMO_NOTE = "Demowert"
DEMO_TOWNS: dict[str, dict[str, Any]] = {
    "Neuss": {"values": {2015: 38, 2016: 45}},
    "Dormagen": {"values": {2015: 14, 2016: 17}},
    "Grevenbroich": {"values": {2015: 9, 2016: 11}, "provisional": {2016}},
    "Kaarst": {
        "values": {2015: 6, 2016: 3},
        "definition": "Nur abgeschlossene Anerkennungsverfahren mit voller Gleichwertigkeit (Demo, fiktiv)",
    },
}


def load(context: dict[str, Any]) -> None:
    kreis, concept = context["kreis"], context["concept"]
    if not PublicPage.objects.filter(body=kreis).exists():
        public_page_update(
            actor=None,
            body=kreis,
            published=True,
            concept=concept,
            introduction=INTRODUCTION,
            easy_language_summary=EASY_LANGUAGE,
            contact=CONTACT,
        )
    entry = IndicatorCatalogueEntry.objects.filter(code=CATALOGUE_CODE).first()
    if entry is None:
        return
    for name, spec in DEMO_TOWNS.items():
        town = context["municipalities"].get(name)
        if town is not None and not PublicPage.objects.filter(body=town).exists():
            with transaction.atomic():
                _demo_town(town, entry, spec)


def _demo_town(town: Any, entry: IndicatorCatalogueEntry, spec: dict[str, Any]) -> None:
    concept = Concept.objects.filter(body=town, title=DEMO_CONCEPT_TITLE).first() or concept_create(
        actor=None,
        body=town,
        title=DEMO_CONCEPT_TITLE,
        status=ConceptStatus.ADOPTED,
        mission_statement="Ein erfundenes Konzept, damit der Vergleich der Kommunen in der Demo etwas zeigt.",
    )
    field = field_of_action_create(actor=None, concept=concept, title="Arbeit", order=1)
    goal = guiding_goal_create(
        actor=None, field=field, text="Ausländische Berufsabschlüsse werden schneller anerkannt (Demo)."
    )
    indicator = Indicator.objects.filter(body=town, catalogue_entry=entry).first() or indicator_create(
        actor=None,
        body=town,
        name=entry.name,
        catalogue_entry=entry,
        kind=IndicatorKind.COUNT,
        unit="Verfahren",
        reference_date="Kalenderjahr",
        guiding_goals=[goal],
        **({"definition": spec["definition"]} if "definition" in spec else {}),
    )
    rows = [
        ObservationRow(
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            period_label=str(year),
            value=Decimal(value),
            unit="Verfahren",
            provisional=year in spec.get("provisional", set()),
            source=DEMO_SOURCE,
            note=DEMO_NOTE,
        )
        for year, value in spec["values"].items()
    ]
    observations_upsert(actor=None, indicator=indicator, rows=rows, file_name="Demodaten")
    public_page_update(
        actor=None,
        body=town,
        published=True,
        concept=concept,
        introduction=(
            f"Demoseite (fiktiv): {town.name} zeigt hier ein erfundenes Beispiel, damit der Vergleich der Kommunen "
            "in der Demo etwas zeigt. Alle Werte sind Demodaten."
        ),
        contact="",
    )
