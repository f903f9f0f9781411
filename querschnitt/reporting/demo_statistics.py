"""Demo statistics of the Rhein-Kreis Neuss: invented values (2011–2016) of three indicators of the demo concept for
each of its eight Gemeinden (split by population, so that they add up to the Kreis totals of the strategy demo), one
of them broken down by citizenship, imported through the statistics import as the
integration centre — so that maps and comparisons have data. Every value carries the source „Demodaten (fiktiv)“.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import Any

from querschnitt.strategy.models import Indicator

from .models import StatisticsImport
from .services_statistics import statistics_import

FILE_NAME = "demo-statistik-rhein-kreis-neuss.csv"
DEMO_SOURCE = "Demodaten (fiktiv) – erfundene Werte, keine amtliche Statistik"
DEMO_NOTE = "Demowert"
# The names as in `querschnitt/strategy/demo.py` (REFUGEE_INDICATOR, MOTHERS_INDICATOR, ALTENPFLEGE_INDICATOR).
DEMO_INDICATORS = (
    "Anzahl der Flüchtlinge steigt in den Integrationskursen",
    "Anzahl der Mütter mit U 3- Kindern steigt in den Integrationskursen",
    "statistischer Wert (Steigerung um X %)",
)


def demo_file() -> bytes:
    return (resources.files("querschnitt.reporting") / "data" / FILE_NAME).read_bytes()


def load(context: dict[str, Any]) -> None:
    """Idempotent: a file the Kreis has imported before (same checksum) is not imported again."""
    kreis = context["kreis"]
    data = demo_file()
    if StatisticsImport.objects.filter(body=kreis, sha256=hashlib.sha256(data).hexdigest()).exists():
        return
    known = set(Indicator.objects.filter(body=kreis, name__in=DEMO_INDICATORS).values_list("name", flat=True))
    if known != set(DEMO_INDICATORS):
        return  # the demo concept is not there (a partial demo): nothing to attach the values to
    statistics_import(
        actor=context["users"]["ki"],
        body=kreis,
        data=data,
        file_name=FILE_NAME,
        source=DEMO_SOURCE,
        note=DEMO_NOTE,
    )
