"""Open data of a body's public page: per indicator an Open SDG-compatible tidy CSV and a JSON file, all indicators in
one Open SDG CSV (with `Series`), and a zip of everything with a README and `metadata.json`.

The CSV is what Open SDG and our own statistics import read (CONTRACT.md): UTF-8 without a byte order mark,
comma-separated, one plain header row, one value per row. Columns of one indicator:
`Year,Units,GeoCode,GeoName,<breakdown columns sorted>,Observation status,Value`; the file of all indicators adds
`Series` (the indicator's name) after `Year`. A blank breakdown cell is the total for that dimension, a blank
`GeoCode` the body's own area. Values are written with a decimal point and as many decimals as they need; in JSON
every decimal is a string (exact, no floating point).

Callers pass only public indicators and public observations (`selectors_public`); nothing here filters.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from querschnitt.core.csv_export import safe_cell
from querschnitt.strategy.models import Indicator, Observation
from querschnitt.tenancy.models import Body

from .models import PublicPage

STATUS_PROVISIONAL = "vorläufig"
STATUS_ESTIMATED = "geschätzt"


def decimal_text(value: Decimal | None) -> str:
    """42.5000 → "42.5", 100 → "100", None → "" (never an exponent)."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def year_text(observation: Observation) -> str:
    """A calendar year as `2024`, a reference date as `2024-12-31`; another period by its last day."""
    start, end = observation.period_start, observation.period_end
    if start.year == end.year and (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        return str(end.year)
    return end.isoformat()


def status_text(observation: Observation) -> str:
    if observation.provisional:
        return STATUS_PROVISIONAL
    if observation.estimated:
        return STATUS_ESTIMATED
    return ""


def area_names(observations: Iterable[Observation], body: Body) -> dict[str, str]:
    """Names of the areas (AGS) the observations name, from the bodies we know (one query); blank for the own area."""
    keys = {obs.area_ags for obs in observations if obs.area_ags and obs.area_ags != (body.ags or "")}
    if not keys:
        return {}
    return {ags: name for ags, name in Body.objects.filter(ags__in=keys).values_list("ags", "name") if ags}


def _dimensions(observations: Iterable[Observation]) -> list[str]:
    return sorted({str(key) for obs in observations for key in (obs.breakdown or {})})


def _row(obs: Observation, names: dict[str, str], dimensions: list[str], body: Body) -> list[str]:
    own = obs.area_ags in ("", body.ags or "")
    breakdown = obs.breakdown or {}
    return [
        year_text(obs),
        obs.unit or obs.indicator.unit,
        "" if own else obs.area_ags,
        "" if own else names.get(obs.area_ags, ""),
        *[str(breakdown.get(dimension, "")) for dimension in dimensions],
        status_text(obs),
        decimal_text(obs.value),
    ]


def _csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def indicator_csv(indicator: Indicator, observations: list[Observation]) -> bytes:
    """One indicator's observations as Open SDG tidy CSV (no `Series`)."""
    body = indicator.body
    for obs in observations:
        obs.indicator = indicator  # the unit falls back to the indicator's; no query per row
    dimensions = _dimensions(observations)
    names = area_names(observations, body)
    header = ["Year", "Units", "GeoCode", "GeoName", *dimensions, "Observation status", "Value"]
    return _csv(header, (_row(obs, names, dimensions, body) for obs in observations))


def all_indicators_csv(body: Body, indicators: list[Indicator], observations: dict[int, list[Observation]]) -> bytes:
    """Every public indicator in one Open SDG tidy CSV, with `Series` (the indicator's name) after `Year`."""
    everything = [obs for indicator in indicators for obs in observations.get(indicator.pk, [])]
    by_pk = {indicator.pk: indicator for indicator in indicators}
    for obs in everything:
        obs.indicator = by_pk[obs.indicator_id]
    dimensions = _dimensions(everything)
    names = area_names(everything, body)
    header = ["Year", "Series", "Units", "GeoCode", "GeoName", *dimensions, "Observation status", "Value"]
    rows = []
    for obs in everything:
        row = _row(obs, names, dimensions, body)
        rows.append([row[0], obs.indicator.name, *row[1:]])
    return _csv(header, rows)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def indicator_data(
    indicator: Indicator, observations: list[Observation], *, page: PublicPage, url: str = ""
) -> dict[str, Any]:
    """An indicator's metadata and its public observations as plain JSON data (decimals as strings)."""
    body = indicator.body
    names = area_names(observations, body)
    entry = indicator.catalogue_entry
    return {
        "indicator": {
            "id": indicator.pk,
            "name": indicator.name,
            "url": url,
            "definition": indicator.definition,
            "numerator": indicator.numerator,
            "denominator": indicator.denominator,
            "reference_date": indicator.reference_date,
            "unit": indicator.unit,
            "kind": indicator.kind,
            "polarity": indicator.polarity,
            "data_source": indicator.data_source,
            "levels": indicator.levels,
            "catalogue": {"code": entry.code, "name": entry.name} if entry else None,
            "baseline": {
                "value": decimal_text(indicator.baseline_value) or None,
                "comparison": indicator.baseline_comparison,
                "date": _iso(indicator.baseline_date),
            }
            if indicator.baseline_value is not None
            else None,
            "targets": [
                {
                    "kind": target.kind,
                    "value": decimal_text(target.value) or None,
                    "due_date": _iso(target.due_date),
                    "due_label": target.due_label,
                    "description": target.description,
                }
                for target in indicator.targets.all()
            ],
        },
        "body": {"name": body.name, "ags": body.ags or ""},
        "licence": page.data_licence,
        "observations": [
            {
                "year": year_text(obs),
                "period_start": obs.period_start.isoformat(),
                "period_end": obs.period_end.isoformat(),
                "period_label": obs.period_label,
                "area_ags": obs.area_ags,
                "area_name": names.get(obs.area_ags, "") if obs.area_ags else "",
                "breakdown": obs.breakdown or {},
                "value": decimal_text(obs.value),
                "unit": obs.unit or indicator.unit,
                "status": status_text(obs),
                "source": obs.source,
            }
            for obs in observations
        ],
    }


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def readme_text(page: PublicPage, indicators: list[Indicator], *, generated: datetime, base_url: str = "") -> str:
    body = page.body
    lines = [
        f"Offene Daten: {body.name}",
        "=" * len(f"Offene Daten: {body.name}"),
        "",
        f"Stand: {timezone.localtime(generated).strftime('%d.%m.%Y %H:%M')}",
        f"Lizenz: {page.data_licence}",
        f"Quelle: {body.name}{' – ' + base_url if base_url else ''}",
        "",
        "Inhalt",
        "------",
        "open-sdg.csv            alle Indikatoren in einer Datei (Open SDG, Spalte „Series“ = Indikator)",
        "indikator-<Nr>.csv      ein Indikator (Open SDG: Year, Units, GeoCode, GeoName, Aufschlüsselungen,",
        "                        Observation status, Value)",
        "indikator-<Nr>.json     ein Indikator mit Beschreibung, Zielen und Werten",
        "metadata.json           Lizenz, Quelle, Stand und die Liste der Indikatoren",
        "",
        "Format: UTF-8, Komma als Trennzeichen, Punkt als Dezimalzeichen. Eine leere Zelle in einer",
        "Aufschlüsselung bedeutet „insgesamt“; ein leerer GeoCode das eigene Gebiet der Kommune.",
        "Year ist ein Jahr (2024) oder ein Stichtag (2024-12-31). Vertrauliche Werte sind nicht enthalten.",
        "",
        "Indikatoren",
        "-----------",
    ]
    lines += [f"{indicator.pk}: {indicator.name}" for indicator in indicators]
    return "\n".join(lines) + "\n"


def zip_bytes(
    page: PublicPage,
    indicators: list[Indicator],
    observations: dict[int, list[Observation]],
    *,
    url_of: Any = None,
    base_url: str = "",
) -> bytes:
    """Everything in one zip: per indicator CSV and JSON, the Open SDG CSV of all, README.txt and metadata.json."""
    generated = timezone.now()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for indicator in indicators:
            own = observations.get(indicator.pk, [])
            url = url_of(indicator) if url_of else ""
            archive.writestr(f"indikator-{indicator.pk}.csv", indicator_csv(indicator, own))
            archive.writestr(
                f"indikator-{indicator.pk}.json", json_bytes(indicator_data(indicator, own, page=page, url=url))
            )
        archive.writestr("open-sdg.csv", all_indicators_csv(page.body, indicators, observations))
        archive.writestr("README.txt", readme_text(page, indicators, generated=generated, base_url=base_url))
        metadata = {
            "title": f"Offene Daten: {page.body.name}",
            "publisher": page.body.name,
            "ags": page.body.ags or "",
            "licence": page.data_licence,
            "source": base_url or page.body.name,
            "contact": page.contact,
            "generated": generated.isoformat(),
            "format": "Open SDG tidy CSV (UTF-8, comma-separated) and JSON",
            "indicators": [
                {
                    "id": indicator.pk,
                    "name": indicator.name,
                    "csv": f"indikator-{indicator.pk}.csv",
                    "json": f"indikator-{indicator.pk}.json",
                    "url": url_of(indicator) if url_of else "",
                }
                for indicator in indicators
            ],
        }
        archive.writestr("metadata.json", json_bytes(metadata))
    return buffer.getvalue()
