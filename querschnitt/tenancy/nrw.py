"""The official list of NRW bodies shipped in `querschnitt/data/nrw-gebiete.csv`, and how it becomes `Body` rows.

Written against a model class passed in, so the data migration (historical model) and the service share it.
"""

import csv
from importlib import resources
from typing import Any

from django.utils.text import slugify

LAND_AGS = "05"
STATE_COUNCIL_SLUG = "landesintegrationsrat-nrw"


def read_rows() -> list[dict[str, str]]:
    source = resources.files("querschnitt") / "data" / "nrw-gebiete.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slug(name: str) -> str:
    """ "Jüchen" → "juechen": the spelling Germans expect in addresses, not "juchen"."""
    return slugify(name.translate(_UMLAUTS))


def display_name(name: str, kind: str) -> tuple[str, str]:
    """Split "Neuss, Stadt" into ("Neuss", "Stadt"); name a Kreis "Kreis Kleve" unless it says Kreis already."""
    base, _, designation = name.partition(",")
    base = base.strip()
    if kind == "kreis" and "kreis" not in base.lower():
        base = f"Kreis {base}"
    return base, designation.strip()


def load_bodies(body_model: Any) -> int:
    """Create or update Land NRW, the Landesintegrationsrat and every row of the CSV. Returns rows written."""
    land, _ = body_model.objects.update_or_create(
        ags=LAND_AGS,
        defaults={
            "name": "Nordrhein-Westfalen",
            "designation": "Land",
            "kind": "land",
            "slug": "nrw",
            "nuts3": "",
        },
    )
    body_model.objects.update_or_create(
        slug=STATE_COUNCIL_SLUG,
        defaults={"name": "Landesintegrationsrat NRW", "kind": "state_council", "parent": land, "ags": None},
    )
    by_ags = {LAND_AGS: land}
    taken_slugs = set(body_model.objects.exclude(ags__isnull=True).exclude(ags=LAND_AGS).values_list("slug", "ags"))
    slug_owner = dict(taken_slugs)
    written = 2
    # Parents (5-digit keys) come before their Gemeinden when sorted by key length.
    for row in sorted(read_rows(), key=lambda r: (len(r["ags"]), r["ags"])):
        name, designation = display_name(row["name"], row["kind"])
        slug = german_slug(name)
        if slug_owner.get(slug, row["ags"]) != row["ags"] or slug in {"nrw", STATE_COUNCIL_SLUG}:
            slug = f"{slug}-{row['ags']}"
        slug_owner[slug] = row["ags"]
        body, _ = body_model.objects.update_or_create(
            ags=row["ags"],
            defaults={
                "name": name,
                "designation": designation,
                "kind": row["kind"],
                "nuts3": row["nuts3"],
                "parent": by_ags[row["parent_ags"]],
                "slug": slug,
            },
        )
        by_ags[row["ags"]] = body
        written += 1
    return written
