"""Indicator charts: one Vega-Lite spec, rendered to SVG on the server (vl-convert), with a text alternative.

The same spec serves the page, downloads and (later) the PDF report. No JavaScript and no external requests.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from querschnitt.core.templatetags.querschnitt import num as trimmed

from .models import Indicator, IndicatorTarget, Observation

KERN_BLUE = "#0b2c7a"
TARGET_COLOUR = "#b43700"


def indicator_spec(indicator: Indicator, series: list[Observation], targets: list[IndicatorTarget]) -> dict:
    """A line chart of the indicator's values over time with its targets as dashed rules."""
    unit = indicator.unit
    # A value stands in the middle of its period, so that "2024" sits between the ticks of 2024 and 2025.
    values = [
        {
            "date": (obs.period_start + (obs.period_end - obs.period_start) / 2).isoformat(),
            "value": float(obs.value),
            "label": obs.period_label or obs.period_end.strftime("%d.%m.%Y"),
        }
        for obs in series
    ]
    layers: list[dict] = [
        {
            "mark": {"type": "line", "point": {"filled": True, "size": 60}, "color": KERN_BLUE, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "date",
                    "type": "temporal",
                    "title": _("Period"),
                    "axis": {"format": "%Y", "labelAngle": 0, "tickCount": "year"},
                },
                "y": {"field": "value", "type": "quantitative", "title": unit or _("Value"), "scale": {"zero": False}},
            },
        }
    ]
    target_rows = [
        {"target": float(t.value), "text": _("Target %(value)s") % {"value": trimmed(t.value)}}
        for t in targets
        if t.value is not None
    ]
    if target_rows:
        layers.append(
            {
                "data": {"values": target_rows},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": TARGET_COLOUR, "strokeWidth": 2},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {"values": target_rows},
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": TARGET_COLOUR, "x": 0},
                "encoding": {"y": {"field": "target", "type": "quantitative"}, "text": {"field": "text"}},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 260,
        "data": {"values": values},
        "config": {
            "font": "DejaVu Sans",
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3]}},
        },
        "layer": layers,
    }


def text_alternative(indicator: Indicator, series: list[Observation], targets: list[IndicatorTarget]) -> str:
    """What the chart shows, in one or two sentences, for screen readers (the table beside it has every value)."""
    if not series:
        return _("No values have been recorded for “%(name)s” yet.") % {"name": indicator.name}
    first, last = series[0], series[-1]
    unit = f" {indicator.unit}" if indicator.unit else ""
    text = _("Line chart of “%(name)s” from %(start)s to %(end)s: from %(first)s%(unit)s to %(last)s%(unit)s.") % {
        "name": indicator.name,
        "start": first.period_label or date_format(first.period_end, "d.m.Y"),
        "end": last.period_label or date_format(last.period_end, "d.m.Y"),
        "first": trimmed(first.value),
        "last": trimmed(last.value),
        "unit": unit,
    }
    goals = [trimmed(t.value) + unit for t in targets if t.value is not None]
    if goals:
        text += " " + _("Target: %(targets)s.") % {"targets": ", ".join(goals)}
    return text


@lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def render_svg(spec: dict) -> str:
    """SVG of a Vega-Lite spec; the same spec is rendered once per process."""
    spec_json = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return _render(spec_json)


def spec_etag(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]
