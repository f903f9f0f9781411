"""Reads of the statistics import: the import log, the areas a body's files may name, the indicators a file may
name, and the preview of what an import would change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from querschnitt.strategy.models import Indicator, Observation
from querschnitt.tenancy.models import Body

from .models import AreaAlias, GeoLayer, StatisticsImport
from .statistics_import import AreaIndex, StatisticsFile, count_changes, normalize_name

LAND_AGS = "05"


def statistics_imports_for_body(body: Body) -> QuerySet[StatisticsImport]:
    """The import log of a body, newest first, with who imported and the indicators (for the log table)."""
    return (
        StatisticsImport.objects.filter(body=body)
        .select_related("imported_by")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.only("pk", "name", "body_id")))
        .order_by("-created", "-pk")
    )


def statistics_import_indicators(statistics_import: StatisticsImport) -> QuerySet[Indicator]:
    return statistics_import.indicators.all().order_by("name", "pk")


def importable_indicators(body: Body) -> QuerySet[Indicator]:
    """The indicators a statistics file of the body may name (by name or catalogue number)."""
    return Indicator.objects.filter(body=body).select_related("catalogue_entry").order_by("name", "pk")


def _scope_prefix(body: Body) -> str:
    """The AGS prefix of the bodies whose names a body's files use most: its Kreis (or itself), else all NRW."""
    ags = body.ags or ""
    if len(ags) == 8:
        return ags[:5]
    if len(ags) == 5:
        return ags
    return LAND_AGS


def _features(layer: GeoLayer) -> list[tuple[str, str]]:
    """(key, name) of every feature of a map layer that has a key."""
    result = []
    features = layer.geojson.get("features", []) if isinstance(layer.geojson, dict) else []
    for feature in features:
        properties = feature.get("properties") or {} if isinstance(feature, dict) else {}
        key = str(properties.get(layer.key_property) or "").strip()
        if not key:
            continue
        name = str(properties.get(layer.name_property) or "").strip() if layer.name_property else ""
        result.append((key, name))
    return result


def area_index(body: Body) -> AreaIndex:
    """The areas a body's statistics files may name: every NRW body's AGS and every key of the body's map layers;
    names resolve through the body's remembered aliases, then the exact names of the bodies of its Kreis (and the
    Land), then the names of its map areas, then a name that only one body in NRW has. Three queries."""
    bodies = list(Body.objects.filter(ags__startswith=LAND_AGS).only("pk", "name", "designation", "ags", "parent_id"))
    labels: dict[str, str] = {}
    for item in bodies:
        labels[item.ags or ""] = f"{item.official_name} ({item.ags})"
    prefix = _scope_prefix(body)
    own_chain = {body.ags or ""}
    if body.parent_id is not None and body.parent is not None:
        own_chain.add(body.parent.ags or "")
    in_scope = [
        item for item in bodies if (item.ags or "").startswith(prefix) or item.ags == LAND_AGS or item.ags in own_chain
    ]
    features = [
        (key, name) for layer in GeoLayer.objects.filter(body=body).order_by("pk") for key, name in _features(layer)
    ]
    for key, name in features:
        labels.setdefault(key, f"{name} ({key})" if name else key)

    names: dict[str, str] = {}

    def add_tier(pairs: list[tuple[str, str]]) -> None:
        """Names of one tier that are not yet taken; a name that means two keys in one tier is left out."""
        tier: dict[str, set[str]] = {}
        for name, key in pairs:
            if name:
                tier.setdefault(normalize_name(name), set()).add(key)
        for name, keys in tier.items():
            if name not in names and len(keys) == 1:
                names[name] = next(iter(keys))

    add_tier([(alias.name, alias.area_key) for alias in AreaAlias.objects.filter(body=body).only("name", "area_key")])
    scope_names = [(item.name, item.ags or "") for item in in_scope] + [
        (item.official_name, item.ags or "") for item in in_scope
    ]
    add_tier(scope_names)
    add_tier([(name, key) for key, name in features])
    add_tier(
        [(item.name, item.ags or "") for item in bodies] + [(item.official_name, item.ags or "") for item in bodies]
    )
    candidates = [(name, key) for name, key in scope_names] + [(name, key) for key, name in features if name]
    return AreaIndex(own_ags=body.ags or "", labels=labels, names=names, candidates=candidates)


def area_alias_count(body: Body) -> int:
    return AreaAlias.objects.filter(body=body).count()


def area_aliases(body: Body, areas: AreaIndex) -> list[tuple[AreaAlias, str]]:
    """The body's remembered names of areas in alphabetical order, each with the label of its area."""
    aliases = AreaAlias.objects.filter(body=body).order_by("normalized")
    return [(alias, areas.label(alias.area_key)) for alias in aliases]


def known_area_key(areas: AreaIndex, text: str) -> str | None:
    """The key a user typed for an area, normalised (a leading zero restored), or None if no such area exists.
    The body's own AGS counts as a key here (unlike in a file, where it is stored as blank)."""
    key = areas.key_for_code(text)
    if key == "":
        return areas.own_ags
    return key


@dataclass(frozen=True)
class PreviewLine:
    indicator: Indicator
    rows: int
    new: int
    changed: int
    unchanged: int


def statistics_preview(parsed: StatisticsFile, *, source: str = "", note: str = "") -> list[PreviewLine]:
    """Per indicator of a checked file: how many of its values would be new, changed or unchanged. One query per
    indicator (only the periods of the file)."""
    lines = []
    for indicator, rows in parsed.rows_by_indicator(source=source, note=note):
        stored = Observation.objects.filter(indicator=indicator, period_start__in={row.period_start for row in rows})
        new, changed, unchanged = count_changes(rows, stored)
        lines.append(PreviewLine(indicator, len(rows), new, changed, unchanged))
    return lines


def preview_totals(lines: list[PreviewLine]) -> dict[str, Any]:
    return {
        "rows": sum(line.rows for line in lines),
        "new": sum(line.new for line in lines),
        "changed": sum(line.changed for line in lines),
        "unchanged": sum(line.unchanged for line in lines),
    }
