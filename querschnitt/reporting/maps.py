"""Maps of reporting: the latest values of an indicator by area.

- When the body has uploaded a map layer (`GeoLayer`) whose areas carry the keys of the values, a choropleth: a
  Vega-Lite `geoshape` with the layer's GeoJSON inline (no map tiles, no URLs), the values looked up by key, five
  classes of equal width in a sequential blue scheme with a legend, the value written on each area.
- Otherwise a tile-grid map: one square per area, roughly where it lies — the eight municipalities of the Rhein-Kreis
  Neuss placed by hand, NRW's 53 Kreise and kreisfreie Städte from `statewide.tiles` for the Land and the state
  council, any other set of areas in an alphabetical square grid (the description says so).

Each area shows its class by colour AND its value as text; an area without a value is light grey with a dashed
border and „keine Angabe“. The map is a `Chart` like the others: spec, text alternative, table (area, key, value).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from querschnitt.core.templatetags.querschnitt import num
from querschnitt.statewide import tiles as nrw_tiles
from querschnitt.strategy.models import Indicator, Observation
from querschnitt.tenancy.models import Body, BodyKind

from .charts import Chart, area_names, latest_by_area, period_text, spec_of, total_observations, value_text
from .geojson import rewound
from .models import GeoLayer

# ColorBrewer „Blues“ in five classes: sequential and readable for the common colour-vision deficiencies.
CLASS_COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA_COLOUR = "#e0e0e0"
CLASSES = 5

# The Rhein-Kreis Neuss (AGS 05162) by hand: (row, column), north to south, west to east.
NEUSS_GRID: dict[str, tuple[int, int]] = {
    "05162020": (1, 1),  # Korschenbroich (west)
    "05162016": (1, 2),  # Kaarst (north)
    "05162022": (1, 3),  # Meerbusch (north-east)
    "05162012": (2, 1),  # Jüchen (south-west)
    "05162008": (2, 2),  # Grevenbroich (south)
    "05162024": (2, 3),  # Neuss (east)
    "05162028": (3, 2),  # Rommerskirchen (south)
    "05162004": (3, 3),  # Dormagen (south-east)
}
HAND_PLACED: dict[str, dict[str, tuple[int, int]]] = {"05162": NEUSS_GRID}


@dataclass
class Area:
    key: str
    name: str
    row: float = 0  # the grid row; on a choropleth the latitude of the label
    column: float = 0  # the grid column; on a choropleth the longitude of the label
    observation: Observation | None = None


def no_data_text() -> str:
    return pgettext("map", "no data")


# --- Classes ------------------------------------------------------------------------------------------------------


def classes(values: list[Decimal]) -> list[tuple[Decimal, Decimal, str]]:
    """Up to five classes of equal width over the values: (lower, upper, German label „10 bis 12,5“)."""
    low, high = min(values), max(values)
    if low == high:
        return [(low, high, num(low))]
    decimals = 0 if high - low >= 50 else (1 if high - low >= 5 else 2)
    step = (high - low) / CLASSES
    bounds = [low + step * i for i in range(CLASSES)] + [high]
    quantum = Decimal(1).scaleb(-decimals)
    result = []
    for i in range(CLASSES):
        lower, upper = bounds[i], bounds[i + 1]
        label = _("%(low)s to %(high)s") % {
            "low": num(lower.quantize(quantum)),
            "high": num(upper.quantize(quantum)),
        }
        result.append((lower, upper, label))
    return result


def class_of(value: Decimal, bins: list[tuple[Decimal, Decimal, str]]) -> int:
    for index, (_lower, upper, _label) in enumerate(bins):
        if value <= upper:
            return index
    return len(bins) - 1


# --- Choosing the map ----------------------------------------------------------------------------------------------


def _matching_layer(body: Body, keys: set[str]) -> GeoLayer | None:
    """The body's layer with the most features whose key is one of the values' keys (None if none matches)."""
    best, best_hits = None, 0
    for layer in GeoLayer.objects.filter(body=body).order_by("level", "name", "pk"):
        features = (layer.geojson or {}).get("features", [])
        hits = sum(1 for f in features if str((f.get("properties") or {}).get(layer.key_property, "")) in keys)
        if hits > best_hits:
            best, best_hits = layer, hits
    return best


def indicator_map(indicator: Indicator, *, period_end: date | None = None) -> Chart | None:
    """The latest period's (up to `period_end`) values of the indicator by area as a map; None without such values.

    `indicator` should come from `strategy.selectors.indicators_with_data` with its body selected.
    """
    latest = latest_by_area(indicator, total_observations(indicator), period_end=period_end)
    if not latest:
        return None
    body = indicator.body
    by_key = {obs.area_ags: obs for obs in latest}
    layer = _matching_layer(body, set(by_key))
    if layer is not None:
        return _choropleth(indicator, layer, by_key)
    return _tile_map(indicator, by_key)


# --- Shared pieces of both kinds of map ----------------------------------------------------------------------------


def _colour_encoding(labels: list[str]) -> dict[str, Any]:
    return {
        "field": "cls",
        "type": "nominal",
        "title": _("Value"),
        "scale": {"domain": [*labels, no_data_text()], "range": [*CLASS_COLOURS[: len(labels)], NO_DATA_COLOUR]},
        "legend": {"orient": "right", "symbolType": "square", "symbolSize": 200, "symbolStrokeColor": "#4d4d4d"},
    }


def _area_rows(areas: list[Area], bins: list[tuple[Decimal, Decimal, str]], labels: list[str]) -> list[dict[str, Any]]:
    rows = []
    for area in areas:
        obs = area.observation
        if obs is None:
            cls, text, dark, value = no_data_text(), no_data_text(), False, None
        else:
            index = class_of(obs.value, bins)
            cls, text, dark, value = labels[index], num(obs.value), index >= 4, float(obs.value)
        rows.append(
            {
                "key": area.key,
                "name": area.name,
                "lines": _lines(area.name),
                "row": area.row,
                "col": area.column,
                "value": value,
                "cls": cls,
                "text": text,
                "dark": dark,
            }
        )
    return rows


def _lines(name: str) -> list[str]:
    """A name on up to two lines of a tile: at a soft hyphen („Mönchen-gladbach“) or at the last space."""
    if "\u00ad" in name:
        head, _sep, tail = name.partition("\u00ad")
        return [head + "-", tail.replace("\u00ad", "")]
    if len(name) > 11 and " " in name:
        head, _sep, tail = name.rpartition(" ")
        return [head, tail]
    if len(name) > 11 and "-" in name:
        head, _sep, tail = name.partition("-")
        return [head + "-", tail]
    return [name]


def _description(indicator: Indicator, areas: list[Area], period: str, arrangement: str) -> str:
    with_values = [a for a in areas if a.observation is not None]
    unit = f" {indicator.unit}" if indicator.unit else ""
    top = max(with_values, key=lambda a: a.observation.value)  # type: ignore[union-attr]
    bottom = min(with_values, key=lambda a: a.observation.value)  # type: ignore[union-attr]
    text = ngettext(
        "Map of “%(name)s” (%(period)s) for %(count)s area: highest value in %(top)s (%(top_value)s), lowest in "
        "%(bottom)s (%(bottom_value)s).",
        "Map of “%(name)s” (%(period)s) for %(count)s areas: highest value in %(top)s (%(top_value)s), lowest in "
        "%(bottom)s (%(bottom_value)s).",
        len(with_values),
    ) % {
        "name": indicator.name,
        "period": period,
        "count": len(with_values),
        "top": top.name,
        "top_value": num(top.observation.value) + unit,  # type: ignore[union-attr]
        "bottom": bottom.name,
        "bottom_value": num(bottom.observation.value) + unit,  # type: ignore[union-attr]
    }
    missing = [a.name for a in areas if a.observation is None]
    if missing:
        text += " " + _("No data for: %(areas)s.") % {"areas": ", ".join(sorted(missing))}
    return f"{text} {arrangement}"


def _table(areas: list[Area]) -> list[list[str]]:
    ordered = sorted(areas, key=lambda a: a.name.casefold())
    return [[a.name, a.key, value_text(a.observation) if a.observation else no_data_text()] for a in ordered]


def _header(indicator: Indicator) -> list[str]:
    return [pgettext("geography", "Area"), pgettext("geography", "Key"), indicator.unit or _("Value")]


def _clean(name: str) -> str:
    return name.replace("\u00ad", "")


# --- Choropleth ----------------------------------------------------------------------------------------------------


def _ring_centre(geometry: dict[str, Any]) -> tuple[float, float] | None:
    """A point inside the (largest) outer ring for the label: the mean of its corners is good enough for
    municipal shapes."""
    rings = []
    if geometry.get("type") == "Polygon":
        rings = [geometry["coordinates"][0]]
    elif geometry.get("type") == "MultiPolygon":
        rings = [polygon[0] for polygon in geometry["coordinates"]]
    if not rings:
        return None
    ring = max(rings, key=len)
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _choropleth(indicator: Indicator, layer: GeoLayer, by_key: dict[str, Observation]) -> Chart:
    features = []
    areas = []
    for feature in layer.geojson.get("features", []):
        properties = feature.get("properties") or {}
        key = str(properties.get(layer.key_property, ""))
        name = str(properties.get(layer.name_property) or key) if layer.name_property else key
        geometry = rewound(feature.get("geometry") or {})
        features.append({"type": "Feature", "properties": {"key": key}, "geometry": geometry})
        area = Area(key, name, observation=by_key.get(key))
        centre = _ring_centre(feature.get("geometry") or {})
        if centre:
            area.column, area.row = centre
        areas.append(area)
    values = [a.observation.value for a in areas if a.observation is not None]
    bins = classes(values)
    labels = [label for _low, _high, label in bins]
    rows = _area_rows(areas, bins, labels)
    for row in rows:
        row["lon"], row["lat"] = row.pop("col"), row.pop("row")
    period = period_text(next(iter(by_key.values())))
    colour = _colour_encoding(labels)
    lookup_fields = ["name", "value", "cls", "text"]
    spec = spec_of(
        title={
            "text": indicator.name,
            "subtitle": _("%(period)s, map layer “%(layer)s”") % {"period": period, "layer": layer.name},
        },
        width=560,
        height=440,
        projection={"type": "mercator"},
        layer=[
            {
                "data": {
                    "values": {"type": "FeatureCollection", "features": features},
                    "format": {"type": "json", "property": "features"},
                },
                "transform": [
                    {
                        "lookup": "properties.key",
                        "from": {"data": {"values": rows}, "key": "key", "fields": lookup_fields},
                    },
                    {"calculate": f"datum.cls || {_js(no_data_text())}", "as": "cls"},
                ],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 1},
                "encoding": {
                    "color": colour,
                    "strokeDash": {
                        "condition": {"test": "datum.value == null", "value": [4, 3]},
                        "value": [1, 0],
                    },
                    "tooltip": [
                        {"field": "name", "title": pgettext("geography", "Area")},
                        {"field": "text", "title": _("Value")},
                    ],
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "text", "fontSize": 11, "fontWeight": "bold"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "text": {"field": "text"},
                    "color": {"condition": {"test": "datum.dark", "value": "#ffffff"}, "value": "#1a1a1a"},
                },
            },
        ],
    )
    arrangement = _("The areas are drawn from the map layer “%(layer)s”; the value is written on each area.") % {
        "layer": layer.name
    }
    return Chart(
        title=_("Map: %(name)s, %(period)s") % {"name": indicator.name, "period": period},
        spec=spec,
        description=_description(indicator, areas, period, arrangement),
        table_header=_header(indicator),
        table_rows=_table(areas),
    )


def _js(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


# --- Tile-grid map -------------------------------------------------------------------------------------------------


def _tile_areas(body: Body, by_key: dict[str, Observation]) -> tuple[list[Area], str]:
    """The tiles and a sentence on how they are arranged."""
    if body.kind in (BodyKind.LAND, BodyKind.STATE_COUNCIL):
        names = {tile.ags: _clean(tile.short_name) for tile in nrw_tiles.TILES}
        areas = [
            Area(tile.ags, tile.short_name, tile.row, tile.column, by_key.get(tile.ags)) for tile in nrw_tiles.TILES
        ]
        missing = sorted(set(by_key) - names.keys())
        if missing:
            extra = area_names(body, missing)
            column = 1
            row = nrw_tiles.ROWS + 1
            for key in missing:
                areas.append(Area(key, extra.get(key, key), row, column, by_key[key]))
                column += 1
        return areas, _(
            "Each square is a district or district-free city of North Rhine-Westphalia, roughly where it lies."
        )
    children: dict[str, str] = {
        ags: name for ags, name in Body.objects.filter(parent=body).values_list("ags", "name") if ags
    }
    keys = set(children) | set(by_key)
    names = {**area_names(body, set(by_key) - children.keys()), **children}
    placed = HAND_PLACED.get(body.ags or "")
    if placed and keys <= placed.keys():
        areas = [Area(key, names.get(key, key), *placed[key], by_key.get(key)) for key in keys]
        return areas, _("Each square is a municipality of the district, roughly where it lies.")
    ordered = sorted(keys, key=lambda key: (names.get(key) or key).casefold())
    width = max(1, math.ceil(math.sqrt(len(ordered))))
    areas = [
        Area(key, names.get(key, key), i // width + 1, i % width + 1, by_key.get(key)) for i, key in enumerate(ordered)
    ]
    return areas, _("Each square is an area; the squares are in alphabetical order, not where the areas lie.")


def _tile_map(indicator: Indicator, by_key: dict[str, Observation]) -> Chart:
    areas, arrangement = _tile_areas(indicator.body, by_key)
    values = [a.observation.value for a in areas if a.observation is not None]
    bins = classes(values)
    labels = [label for _low, _high, label in bins]
    rows = _area_rows(areas, bins, labels)
    rows_count = int(max(a.row for a in areas))
    columns = int(max(a.column for a in areas))
    size = 80 if columns > 5 else 120
    name_size = 9 if columns > 5 else 12
    x = {"field": "col", "type": "ordinal", "axis": None, "scale": {"domain": list(range(1, columns + 1))}}
    y = {"field": "row", "type": "ordinal", "axis": None, "scale": {"domain": list(range(1, rows_count + 1))}}
    period = period_text(next(iter(by_key.values())))
    text_colour = {"condition": {"test": "datum.dark", "value": "#ffffff"}, "value": "#1a1a1a"}
    spec = spec_of(
        title={"text": indicator.name, "subtitle": period},
        width={"step": size},
        height={"step": size},
        data={"values": rows},
        encoding={"x": x, "y": y},
        layer=[
            {
                "mark": {"type": "rect", "stroke": "#4d4d4d", "strokeWidth": 1, "cornerRadius": 2},
                "encoding": {
                    "color": _colour_encoding(labels),
                    "strokeDash": {"condition": {"test": "datum.value == null", "value": [4, 3]}, "value": [1, 0]},
                    "tooltip": [
                        {"field": "name", "title": pgettext("geography", "Area")},
                        {"field": "text", "title": _("Value")},
                    ],
                },
            },
            {
                # The name from the top of the tile down (one or two lines), the value in its lower half.
                "mark": {
                    "type": "text",
                    "baseline": "top",
                    "dy": -size / 2 + 8,
                    "fontSize": name_size,
                    "lineHeight": name_size + 2,
                },
                "encoding": {"text": {"field": "lines"}, "color": text_colour},
            },
            {
                "mark": {"type": "text", "baseline": "middle", "dy": size / 5, "fontWeight": "bold"},
                "encoding": {
                    "text": {"field": "text"},
                    "color": text_colour,
                    # „keine Angabe“ smaller, so that it fits the small tiles of the NRW map.
                    "size": {
                        "condition": {"test": "datum.value == null", "value": name_size - 1},
                        "value": name_size + 1,
                    },
                },
            },
        ],
    )
    for area in areas:
        area.name = _clean(area.name)
    return Chart(
        title=_("Map: %(name)s, %(period)s") % {"name": indicator.name, "period": period},
        spec=spec,
        description=_description(indicator, areas, period, arrangement),
        table_header=_header(indicator),
        table_rows=_table(areas),
    )
