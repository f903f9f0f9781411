"""The indicator catalogue shipped in `querschnitt/data/indicator-catalogue.csv` (34 real indicators)."""

import csv
from importlib import resources
from typing import Any


def load_catalogue(entry_model: Any) -> int:
    source = resources.files("querschnitt") / "data" / "indicator-catalogue.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        entry_model.objects.update_or_create(
            code=int(row["code"]),
            defaults={
                key: row[key]
                for key in ("name", "definition", "field_of_action", "source", "levels", "sets", "polarity")
            },
        )
    return len(rows)
