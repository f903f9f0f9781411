"""Validation of an uploaded GeoJSON map layer: at most 10 MB, a `FeatureCollection` of Polygon and MultiPolygon
features in WGS84 (longitude −180…180, latitude −90…90), every feature with a non-empty, unique key in the chosen
property. Every refusal is a German message naming the feature („Gebiet 3“).

`clean_geojson` also makes the layer small and ready for drawing: coordinates rounded to 5 decimals (about 1 m),
only the key and name properties kept, and the rings wound clockwise as d3-geo (which Vega uses) expects — files
following RFC 7946 wind them the other way, which d3 would draw as the whole globe minus the area.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
PRECISION = 5
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def parse(raw: bytes) -> Any:
    """The JSON of an uploaded file (UTF-8, a byte order mark is accepted)."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB. Please simplify the geometry first."))
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(_("The file is not valid JSON: %(error)s") % {"error": error}) from error
    except RecursionError as error:  # "[[[[…" nested deeper than any GeoJSON is
        raise ValidationError(_("The file is nested too deeply to be a GeoJSON layer.")) from error


def _ring_area(ring: list[list[float]]) -> float:
    """Twice the signed planar area of a ring: positive when counter-clockwise (in lon/lat)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))


def _check_ring(ring: Any, number: int) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(
            _("Area %(number)s: a ring of the polygon needs at least four positions.") % {"number": number}
        )
    points = []
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position[:2])
        ):
            raise ValidationError(_("Area %(number)s: a position is not a pair of numbers.") % {"number": number})
        try:
            lon, lat = float(position[0]), float(position[1])
        except OverflowError:  # an integer with hundreds of digits
            lon = lat = math.inf
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(
                _(
                    "Area %(number)s: the coordinates are not longitude and latitude (WGS84). Please export the layer "
                    "in EPSG:4326."
                )
                % {"number": number}
            )
        points.append([round(lon, PRECISION), round(lat, PRECISION)])
    if points[0] != points[-1]:
        raise ValidationError(_("Area %(number)s: a ring of the polygon is not closed.") % {"number": number})
    return points


def _polygon(rings: Any, number: int) -> list[list[list[float]]]:
    if not isinstance(rings, list) or not rings:
        raise ValidationError(_("Area %(number)s: the polygon has no coordinates.") % {"number": number})
    cleaned = []
    for index, ring in enumerate(rings):
        points = _check_ring(ring, number)
        # d3-geo: the outer ring clockwise, holes counter-clockwise (planar in lon/lat).
        clockwise = _ring_area(points) < 0
        if clockwise != (index == 0):
            points.reverse()
        cleaned.append(points)
    return cleaned


def _geometry(geometry: Any, number: int) -> dict[str, Any]:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        raise ValidationError(
            _("Area %(number)s: only areas (Polygon, MultiPolygon) can be shown on a map, not “%(kind)s”.")
            % {"number": number, "kind": kind or _("no geometry")}
        )
    coordinates = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon(coordinates, number)}
    if not isinstance(coordinates, list) or not coordinates:
        raise ValidationError(_("Area %(number)s: the polygon has no coordinates.") % {"number": number})
    return {"type": "MultiPolygon", "coordinates": [_polygon(polygon, number) for polygon in coordinates]}


def clean_geojson(data: Any, *, key_property: str, name_property: str = "") -> dict[str, Any]:
    """The validated, reduced FeatureCollection; raises `ValidationError` with a German message otherwise."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("The FeatureCollection contains no areas."))
    seen: dict[str, int] = {}
    cleaned = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ValidationError(_("Area %(number)s is not a GeoJSON Feature.") % {"number": number})
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        key = properties.get(key_property)
        key_text = "" if key is None else str(key).strip()
        if not key_text:
            raise ValidationError(
                _("Area %(number)s has no value in the property “%(property)s” (the area key).")
                % {"number": number, "property": key_property}
            )
        if key_text in seen:
            raise ValidationError(
                _("Area %(number)s has the same key “%(key)s” as area %(first)s. Every key may occur only once.")
                % {"number": number, "key": key_text, "first": seen[key_text]}
            )
        seen[key_text] = number
        kept = {key_property: key_text}
        if name_property and properties.get(name_property) not in (None, ""):
            kept[name_property] = str(properties[name_property])
        cleaned.append({"type": "Feature", "properties": kept, "geometry": _geometry(feature.get("geometry"), number)})
    return {"type": "FeatureCollection", "features": cleaned}


def rewound(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with its rings wound as d3-geo expects (for layers stored before they were cleaned)."""

    def fix(rings: list) -> list:
        result = []
        for index, ring in enumerate(rings):
            clockwise = _ring_area(ring) < 0
            result.append(list(reversed(ring)) if clockwise != (index == 0) else ring)
        return result

    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geometry.get("coordinates") or [])}
    if geometry.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geometry.get("coordinates") or []]}
    return geometry
