"""Charts of reporting: one Vega-Lite spec per chart serves the web page (SVG rendered on the server), the PDF and
DOCX report (the same SVG) and the download (the spec as JSON, the data as CSV). Every chart carries a text
alternative and a data table with every value, formatted the German way.

`Chart` is plain data (JSON-serialisable through `as_dict`), so a report version keeps its charts in its snapshot and
renders them again later from exactly what was published.

`indicator_charts` returns, for one indicator:

1. the line chart of the body's own totals over time, with the targets as dashed rules, the baseline as a dotted
   rule, provisional and estimated values marked by the shape of their point (not only by colour), the last value
   written beside its point;
2. a bar chart by area when the latest period has values for several areas (Gemeinden of a Kreis, Stadtteile), sorted,
   with the body's own total as a rule;
3. one comparison chart per breakdown dimension (e.g. „Staatsangehörigkeit“): a line per value plus the total, in the
   Okabe–Ito palette, with a dash pattern per line and its name written at its end.

Queries: the indicator comes with targets and totals prefetched (`strategy.selectors.indicators_with_data`); one
query reads the breakdowns; the names of areas cost one query when there are areas (and one more for the map layers
only when a key is not the AGS of a body).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from querschnitt.core.templatetags.querschnitt import num
from querschnitt.strategy import charts as strategy_charts
from querschnitt.strategy.models import Indicator, Observation
from querschnitt.tenancy.models import Body

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "DejaVu Sans"
KERN_BLUE = strategy_charts.KERN_BLUE
TARGET_COLOUR = strategy_charts.TARGET_COLOUR
BASELINE_COLOUR = "#4d4d4d"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies; the total is always black.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
DASHES = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 6], [1, 5]]
# Point shapes per status: the status is readable without colour (and in black and white print).
SHAPES = ["circle", "triangle-up", "diamond"]


@dataclass
class Chart:
    """A chart: its title, the Vega-Lite spec, a text alternative and the data table beside it."""

    title: str
    spec: dict[str, Any]
    description: str
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)

    def svg(self) -> str:
        """The chart as SVG (rendered once per process for the same spec)."""
        return render_svg(self.spec)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chart:
        return cls(**data)


def render_svg(spec: dict[str, Any]) -> str:
    return strategy_charts.render_svg(spec)


# --- Small helpers shared with maps.py ----------------------------------------------------------------------------


def base_config() -> dict[str, Any]:
    """The look of every chart: the font of strategy.charts and German numbers (1.234,5)."""
    return {
        "font": FONT,
        "axis": {"labelFontSize": 12, "titleFontSize": 12},
        "legend": {"labelFontSize": 12, "titleFontSize": 12},
        "title": {"fontSize": 14},
        "view": {"stroke": None},
        "locale": {
            "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]},
        },
    }


def spec_of(**parts: Any) -> dict[str, Any]:
    return {"$schema": SCHEMA, "config": base_config(), **parts}


def period_text(obs: Observation) -> str:
    """An observation's period as written („Juni 2007“), a whole year as „2024“, else its dates."""
    if obs.period_label:
        return obs.period_label
    start, end = obs.period_start, obs.period_end
    if start.year == end.year and (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        return str(end.year)
    if start == end:
        return end.strftime("%d.%m.%Y")
    return f"{start.strftime('%d.%m.%Y')}–{end.strftime('%d.%m.%Y')}"


def status_text(obs: Observation) -> str:
    if obs.provisional:
        return pgettext("observation status", "provisional")
    if obs.estimated:
        return pgettext("observation status", "estimated")
    return pgettext("observation status", "final")


def value_text(obs: Observation) -> str:
    """The value, German style, with its status where it is not final: „1.234,5 (vorläufig)“."""
    if obs.provisional or obs.estimated:
        return f"{num(obs.value)} ({status_text(obs)})"
    return num(obs.value)


def with_unit(value: Any, unit: str) -> str:
    return f"{num(value)} {unit}" if unit else num(value)


def _middle(obs: Observation) -> str:
    # A value stands in the middle of its period, so that "2024" sits between the ticks of 2024 and 2025.
    return (obs.period_start + (obs.period_end - obs.period_start) / 2).isoformat()


def _in_period(obs: Observation, start: date | None, end: date | None) -> bool:
    return (start is None or obs.period_end >= start) and (end is None or obs.period_start <= end)


def own_keys(indicator: Indicator) -> set[str]:
    return {"", indicator.body.ags or ""}


def total_observations(indicator: Indicator) -> list[Observation]:
    """The totals (no breakdown) of every area, oldest first; prefetched by `indicators_with_data`."""
    observations = getattr(indicator, "total_observations", None)
    if observations is None:
        observations = list(indicator.observations.filter(breakdown_key="").order_by("period_end"))
    return list(observations)


def area_names(body: Body, keys: Iterable[str]) -> dict[str, str]:
    """Names of areas by key: bodies by AGS (one query), then the body's map layers for the keys left (Stadtteile)."""
    wanted = {key for key in keys if key}
    if not wanted:
        return {}
    names = {ags: name for ags, name in Body.objects.filter(ags__in=wanted).values_list("ags", "name") if ags}
    missing = wanted - names.keys()
    if missing:
        from .models import GeoLayer

        for layer in GeoLayer.objects.filter(body=body).only("geojson", "key_property", "name_property"):
            for feature in (layer.geojson or {}).get("features", []):
                properties = feature.get("properties") or {}
                key = str(properties.get(layer.key_property, ""))
                if key in missing and layer.name_property and properties.get(layer.name_property):
                    names[key] = str(properties[layer.name_property])
    return names


def _decimals(values: Iterable[Decimal]) -> int:
    most = 0
    for value in values:
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            most = max(most, -exponent)
    return min(most, 2)


def number_format(values: Iterable[Decimal]) -> str:
    """A d3 format with up to as many decimals as the values have (at most two), grouped, trailing zeros trimmed."""
    return f",.{_decimals(values)}~f"


# --- (a) The line chart over time ---------------------------------------------------------------------------------


def _line_chart(indicator: Indicator, series: list[Observation], targets: list) -> Chart:
    unit = indicator.unit
    name = indicator.name
    statuses = [pgettext("observation status", "final"), pgettext("observation status", "provisional")]
    statuses.append(pgettext("observation status", "estimated"))
    rows_data = [
        {
            "date": _middle(obs),
            "value": float(obs.value),
            "period": period_text(obs),
            "status": status_text(obs),
            "text": num(obs.value),
        }
        for obs in series
    ]
    y_format = number_format([obs.value for obs in series] + [t.value for t in targets if t.value is not None])
    x = {
        "field": "date",
        "type": "temporal",
        "title": _("Period"),
        "axis": {"format": "%Y", "labelAngle": 0, "tickCount": "year", "grid": False},
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "title": unit or _("Value"),
        "scale": {"zero": False},
        "axis": {"format": y_format},
    }
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "line", "color": KERN_BLUE, "strokeWidth": 2}, "encoding": {"x": x, "y": y}},
        {
            "mark": {"type": "point", "filled": True, "size": 80, "color": KERN_BLUE, "opacity": 1},
            "encoding": {
                "x": x,
                "y": y,
                "shape": {
                    "field": "status",
                    "type": "nominal",
                    "title": _("Status of the value"),
                    "scale": {"domain": statuses, "range": SHAPES},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [{"field": "period", "title": _("Period")}, {"field": "text", "title": _("Value")}],
            },
        },
    ]
    if series:
        # The last value written beside its point: the figure people look for first.
        layers.append(
            {
                "transform": [
                    {"window": [{"op": "rank", "as": "rank"}], "sort": [{"field": "date", "order": "descending"}]},
                    {"filter": "datum.rank === 1"},
                ],
                "mark": {"type": "text", "align": "left", "dx": 8, "dy": -10, "fontWeight": "bold", "color": KERN_BLUE},
                "encoding": {"x": x, "y": y, "text": {"field": "text"}},
            }
        )
    annotations: list[dict[str, Any]] = []
    for target in targets:
        if target.value is None:
            continue
        due = f" ({target.due_label or target.due_date.year})" if (target.due_label or target.due_date) else ""
        annotations.append(
            {
                "value": float(target.value),
                "text": _("Target %(value)s") % {"value": num(target.value)} + due,
                "kind": "target",
            }
        )
    if indicator.baseline_value is not None:
        annotations.append(
            {
                "value": float(indicator.baseline_value),
                "text": _("Baseline %(value)s") % {"value": num(indicator.baseline_value)},
                "kind": "baseline",
            }
        )
    for kind, colour, dash in (("target", TARGET_COLOUR, [6, 4]), ("baseline", BASELINE_COLOUR, [2, 2])):
        rows = [row for row in annotations if row["kind"] == kind]
        if not rows:
            continue
        rule_y = {"field": "value", "type": "quantitative"}
        layers.append(
            {
                "data": {"values": rows},
                "mark": {"type": "rule", "strokeDash": dash, "color": colour, "strokeWidth": 2},
                "encoding": {"y": rule_y},
            }
        )
        layers.append(
            {
                "data": {"values": rows},
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -7, "color": colour, "x": 0},
                "encoding": {"y": rule_y, "text": {"field": "text"}},
            }
        )
    spec = spec_of(
        title={"text": name, "subtitle": _("Own area, values over time")},
        width=560,
        height=260,
        data={"values": rows_data},
        layer=layers,
    )

    table = [[period_text(obs), num(obs.value), status_text(obs)] for obs in series]
    for target in targets:
        if target.value is not None:
            when = target.due_label or (target.due_date.strftime("%d.%m.%Y") if target.due_date else "")
            label = _("Target") + (f" ({when})" if when else "")
            table.append([label, num(target.value), pgettext("chart row", "target")])
    if indicator.baseline_value is not None:
        when = indicator.baseline_note or (
            indicator.baseline_date.strftime("%d.%m.%Y") if indicator.baseline_date else ""
        )
        label = _("Baseline") + (f" ({when})" if when else "")
        table.append([label, num(indicator.baseline_value), pgettext("chart row", "baseline")])

    description = strategy_charts.text_alternative(indicator, series, targets)
    if series:
        trend = _trend(series[0].value, series[-1].value)
        description += " " + trend
        marked = [period_text(obs) for obs in series if obs.provisional or obs.estimated]
        if marked:
            description += " " + _(
                "Provisional or estimated values (a triangle or diamond instead of a dot): %(periods)s."
            ) % {"periods": ", ".join(marked)}
    if indicator.baseline_value is not None:
        description += " " + _("Baseline: %(value)s.") % {"value": with_unit(indicator.baseline_value, unit)}
    return Chart(
        title=name,
        spec=spec,
        description=description,
        table_header=[_("Period"), unit or _("Value"), _("Status")],
        table_rows=table,
    )


def _trend(first: Decimal, last: Decimal) -> str:
    if last > first:
        return _("The value has risen.")
    if last < first:
        return _("The value has fallen.")
    return _("The value is unchanged.")


# --- (b) The bar chart by area -------------------------------------------------------------------------------------


def latest_by_area(
    indicator: Indicator, totals: list[Observation], *, period_end: date | None = None
) -> list[Observation]:
    """The totals of the other areas (not the body's own) in the latest period that has any, up to `period_end`."""
    own = own_keys(indicator)
    areas = [obs for obs in totals if obs.area_ags not in own and (period_end is None or obs.period_end <= period_end)]
    if not areas:
        return []
    latest = max((obs.period_end, obs.period_start) for obs in areas)
    return [obs for obs in areas if (obs.period_end, obs.period_start) == latest]


def _bar_chart(
    indicator: Indicator, latest: list[Observation], own_total: Observation | None, names: dict[str, str]
) -> Chart:
    unit = indicator.unit
    period = period_text(latest[0])
    ordered = sorted(latest, key=lambda obs: (-obs.value, names.get(obs.area_ags, obs.area_ags)))
    rows_data = [
        {
            "name": names.get(obs.area_ags, obs.area_ags),
            "key": obs.area_ags,
            "value": float(obs.value),
            "text": value_text(obs),
        }
        for obs in ordered
    ]
    fmt = number_format([obs.value for obs in latest])
    y = {"field": "name", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 220}}
    x = {"field": "value", "type": "quantitative", "title": unit or _("Value"), "axis": {"format": fmt}}
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "bar", "color": KERN_BLUE}, "encoding": {"y": y, "x": x}},
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": "#1a1a1a"},
            "encoding": {"y": y, "x": x, "text": {"field": "text"}},
        },
    ]
    body_name = indicator.body.name
    if own_total is not None:
        rule = [{"value": float(own_total.value), "text": f"{body_name}: {num(own_total.value)}"}]
        layers.append(
            {
                "data": {"values": rule},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": TARGET_COLOUR, "strokeWidth": 2},
                "encoding": {"x": {"field": "value", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {"values": rule},
                "mark": {"type": "text", "align": "left", "dx": 4, "y": -8, "color": TARGET_COLOUR},
                "encoding": {"x": {"field": "value", "type": "quantitative"}, "text": {"field": "text"}},
            }
        )
    title = _("%(name)s by area, %(period)s") % {"name": indicator.name, "period": period}
    spec = spec_of(
        title={"text": title},
        width=480,
        height={"step": 24},
        padding={"top": 16, "right": 60, "left": 8, "bottom": 8},
        data={"values": rows_data},
        layer=layers,
    )
    top, bottom = ordered[0], ordered[-1]
    description = ngettext(
        "Bar chart of “%(name)s” (%(period)s) for %(count)s area, sorted by value: highest in %(top)s "
        "(%(top_value)s), lowest in %(bottom)s (%(bottom_value)s).",
        "Bar chart of “%(name)s” (%(period)s) for %(count)s areas, sorted by value: highest in %(top)s "
        "(%(top_value)s), lowest in %(bottom)s (%(bottom_value)s).",
        len(ordered),
    ) % {
        "name": indicator.name,
        "period": period,
        "count": len(ordered),
        "top": names.get(top.area_ags, top.area_ags),
        "top_value": with_unit(top.value, unit),
        "bottom": names.get(bottom.area_ags, bottom.area_ags),
        "bottom_value": with_unit(bottom.value, unit),
    }
    if own_total is not None:
        description += " " + _("Dashed line: %(body)s as a whole (%(value)s).") % {
            "body": body_name,
            "value": with_unit(own_total.value, unit),
        }
    table = [[names.get(obs.area_ags, obs.area_ags), obs.area_ags, value_text(obs)] for obs in ordered]
    if own_total is not None:
        table.append([body_name, indicator.body.ags or "", value_text(own_total)])
    return Chart(
        title=title,
        spec=spec,
        description=description,
        table_header=[pgettext("geography", "Area"), pgettext("geography", "Key"), unit or _("Value")],
        table_rows=table,
    )


# --- (c) Comparison by breakdown ---------------------------------------------------------------------------------


def breakdown_observations(indicator: Indicator) -> list[Observation]:
    """The body's own breakdowns (one query), oldest first."""
    return list(
        indicator.observations.exclude(breakdown_key="")
        .filter(area_ags__in=own_keys(indicator))
        .only(
            "id",
            "indicator_id",
            "period_start",
            "period_end",
            "period_label",
            "area_ags",
            "breakdown",
            "breakdown_key",
            "value",
            "provisional",
            "estimated",
        )
        .order_by("period_end", "breakdown_key")
    )


def breakdown_label(breakdown: dict[str, Any]) -> str:
    return ", ".join(str(breakdown[key]) for key in sorted(breakdown))


def _comparison_chart(
    indicator: Indicator, dimensions: tuple[str, ...], observations: list[Observation], series: list[Observation]
) -> Chart:
    unit = indicator.unit
    total_label = pgettext("breakdown", "total")
    groups: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[breakdown_label(obs.breakdown)].append(obs)
    labels = sorted(groups)
    if series:
        groups[total_label] = list(series)
        labels.append(total_label)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    dashes = [DASHES[(i + 1) % len(DASHES)] for i in range(len(labels))]
    if series:
        colours[-1], dashes[-1] = "#1a1a1a", [1, 0]
    rows_data = []
    for label in labels:
        for obs in groups[label]:
            rows_data.append(
                {
                    "date": _middle(obs),
                    "value": float(obs.value),
                    "series": label,
                    "period": period_text(obs),
                    "status": status_text(obs),
                    "text": num(obs.value),
                }
            )
    all_values = [obs.value for label in labels for obs in groups[label]]
    x = {
        "field": "date",
        "type": "temporal",
        "title": _("Period"),
        "axis": {"format": "%Y", "labelAngle": 0, "tickCount": "year", "grid": False},
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "title": unit or _("Value"),
        "scale": {"zero": False},
        "axis": {"format": number_format(all_values)},
    }
    colour = {
        "field": "series",
        "type": "nominal",
        "title": " / ".join(dimensions),
        "scale": {"domain": labels, "range": colours},
        "legend": {"orient": "bottom", "symbolType": "stroke"},
    }
    dash = {"field": "series", "type": "nominal", "scale": {"domain": labels, "range": dashes}, "legend": None}
    statuses = [pgettext("observation status", "final"), pgettext("observation status", "provisional")]
    statuses.append(pgettext("observation status", "estimated"))
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "strokeWidth": 2.5},
            "encoding": {"x": x, "y": y, "color": colour, "strokeDash": dash},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
            "encoding": {
                "x": x,
                "y": y,
                "color": {**colour, "legend": None},
                "shape": {
                    "field": "status",
                    "type": "nominal",
                    "title": _("Status of the value"),
                    "scale": {"domain": statuses, "range": SHAPES},
                    "legend": {"orient": "bottom"},
                },
            },
        },
        {
            # Direct labels: each line's name at its last point, so the reader needs neither colour nor legend.
            "transform": [
                {
                    "window": [{"op": "rank", "as": "rank"}],
                    "sort": [{"field": "date", "order": "descending"}],
                    "groupby": ["series"],
                },
                {"filter": "datum.rank === 1"},
                {"calculate": "datum.series + ': ' + datum.text", "as": "label"},
            ],
            "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 12},
            "encoding": {"x": x, "y": y, "text": {"field": "label"}, "color": {**colour, "legend": None}},
        },
    ]
    title = _("%(name)s by %(dimension)s") % {"name": indicator.name, "dimension": " / ".join(dimensions)}
    spec = spec_of(
        title={"text": title},
        width=520,
        height=260,
        padding={"top": 8, "right": 170, "left": 8, "bottom": 8},
        data={"values": rows_data},
        layer=layers,
    )
    # The table: a row per period, a column per line.
    periods: dict[tuple[date, date], str] = {}
    cells: dict[tuple[tuple[date, date], str], Observation] = {}
    for label in labels:
        for obs in groups[label]:
            key = (obs.period_end, obs.period_start)
            periods.setdefault(key, period_text(obs))
            cells[(key, label)] = obs
    table = []
    for key in sorted(periods):
        row = [periods[key]]
        for label in labels:
            found = cells.get((key, label))
            row.append(value_text(found) if found else "–")
        table.append(row)
    parts = []
    for label in labels:
        first, last = groups[label][0], groups[label][-1]
        parts.append(
            _("%(series)s from %(first)s (%(start)s) to %(last)s (%(end)s)")
            % {
                "series": label,
                "first": with_unit(first.value, unit),
                "start": period_text(first),
                "last": with_unit(last.value, unit),
                "end": period_text(last),
            }
        )
    description = _("Line chart comparing “%(name)s” by %(dimension)s: %(parts)s.") % {
        "name": indicator.name,
        "dimension": " / ".join(dimensions),
        "parts": "; ".join(parts),
    }
    description += " " + _("Each line has its own dash pattern and its name at its end.")
    return Chart(
        title=title,
        spec=spec,
        description=description,
        table_header=[_("Period"), *labels],
        table_rows=table,
    )


# --- The charts of an indicator ------------------------------------------------------------------------------------


def indicator_charts(
    indicator: Indicator, *, period_start: date | None = None, period_end: date | None = None
) -> list[Chart]:
    """The charts of an indicator: over time with targets; by area (when there are several areas); by breakdown.

    `indicator` should come from `strategy.selectors.indicators_with_data` (targets and totals prefetched) with its
    body selected.
    """
    totals = [obs for obs in total_observations(indicator) if _in_period(obs, period_start, period_end)]
    own = own_keys(indicator)
    series = [obs for obs in totals if obs.area_ags in own]
    targets = list(indicator.targets.all())
    charts = [_line_chart(indicator, series, targets)]

    latest = latest_by_area(indicator, totals)
    if len({obs.area_ags for obs in latest}) >= 2:
        names = area_names(indicator.body, {obs.area_ags for obs in latest})
        when = (latest[0].period_start, latest[0].period_end)
        own_total = next((obs for obs in series if (obs.period_start, obs.period_end) == when), None)
        charts.append(_bar_chart(indicator, latest, own_total, names))

    breakdowns = [obs for obs in breakdown_observations(indicator) if _in_period(obs, period_start, period_end)]
    by_dimension: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for obs in breakdowns:
        by_dimension[tuple(sorted(obs.breakdown))].append(obs)
    for dimensions in sorted(by_dimension):
        charts.append(_comparison_chart(indicator, dimensions, by_dimension[dimensions], series))
    return charts
