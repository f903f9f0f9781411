"""Benchmarking: one catalogue indicator compared across bodies for a year.

Indicators of different bodies mean the same thing when they share `catalogue_entry`. Per body the comparison takes
the total for its own area (blank AGS or the body's AGS) whose period ends in the chosen year; of several, the
latest. The public sees only bodies with a published public page, only their public indicators (linked to a
non-draft goal of the concept they show) and only values that are not confidential. State staff see every body,
confidential values too, marked „vertraulich“ and never in a download.

Small counts: for indicators of kind `count`, a value above 0 and below 5 is shown as „< 5“, left out of the chart
and written as „< 5“ in every download, so that no one can be identified from a small group.

The comparison reads its values in one query whatever the number of bodies (plus one for the years).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from querschnitt.core.csv_export import csv_bytes
from querschnitt.core.templatetags.querschnitt import num
from querschnitt.strategy.models import IndicatorCatalogueEntry, IndicatorKind, Observation
from querschnitt.tenancy.models import BodyKind

from .charts import Chart

SMALL_COUNT_LIMIT = Decimal(5)
SUPPRESSED = "< 5"
DISTRICT_LEVEL = {BodyKind.KREIS, BodyKind.KREISFREIE_STADT, BodyKind.STAEDTEREGION}
BAR_COLOUR = "#0b2c7a"


@dataclass
class Row:
    body_name: str
    body_ags: str
    body_kind: str
    value: Decimal
    unit: str
    period: str
    source: str
    suppressed: bool
    provisional: bool
    estimated: bool
    confidential: bool

    @property
    def display_value(self) -> str:
        return SUPPRESSED if self.suppressed else num(self.value)

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.suppressed:
            flags.append(_("small count, suppressed"))
        if self.provisional:
            flags.append(_("provisional"))
        if self.estimated:
            flags.append(_("estimated"))
        if self.confidential:
            flags.append(_("confidential (not public)"))
        return flags


@dataclass
class Comparison:
    entry: IndicatorCatalogueEntry
    year: int | None
    years: list[int]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def chart(self) -> Chart | None:
        return comparison_chart(self)


def _is_suppressed(kind: str, value: Decimal) -> bool:
    return kind == IndicatorKind.COUNT and Decimal(0) < value < SMALL_COUNT_LIMIT


def _own_area() -> Q:
    return Q(area_ags="") | Q(area_ags=F("indicator__body__ags"))


def _public_scope() -> Q:
    """Observations the public may compare: a published page, an indicator linked to a non-draft goal of the concept
    the page shows, never a confidential value."""
    concept = F("indicator__body__public_page__concept")
    linked = Q(indicator__guiding_goals__field__concept=concept, indicator__guiding_goals__draft=False) | Q(
        indicator__annual_goals__field__concept=concept, indicator__annual_goals__draft=False
    )
    return Q(confidential=False, indicator__body__public_page__published=True) & linked


def _observations(entry: IndicatorCatalogueEntry, *, public: bool) -> QuerySet[Observation]:
    queryset = Observation.objects.filter(
        _own_area(), indicator__catalogue_entry=entry, indicator__draft=False, breakdown_key=""
    )
    if public:
        # The M2M joins may repeat a row; the pks of the matching rows are a subquery, so no DISTINCT is needed.
        queryset = Observation.objects.filter(pk__in=queryset.filter(_public_scope()).values("pk"))
    return queryset


def comparable_entries(*, public: bool) -> QuerySet[IndicatorCatalogueEntry]:
    """The catalogue indicators that at least one body in scope has values for."""
    return IndicatorCatalogueEntry.objects.filter(
        pk__in=_observations_any(public=public).values("indicator__catalogue_entry")
    ).order_by("code")


def _observations_any(*, public: bool) -> QuerySet[Observation]:
    queryset = Observation.objects.filter(
        _own_area(), indicator__catalogue_entry__isnull=False, indicator__draft=False, breakdown_key=""
    )
    if public:
        queryset = queryset.filter(_public_scope())
    return queryset


def compare(entry: IndicatorCatalogueEntry, year: int | None = None, *, public: bool) -> Comparison:
    """The comparison of `entry` for `year` (default: the latest year with values)."""
    observations = _observations(entry, public=public)
    years = sorted(
        {d.year for d in observations.order_by().values_list("period_end", flat=True).distinct()}, reverse=True
    )
    if year is None or year not in years:
        year = years[0] if years else None
    comparison = Comparison(entry=entry, year=year, years=years)
    if year is None:
        return comparison
    chosen: dict[int, Observation] = {}
    for obs in (
        observations.filter(period_end__year=year)
        .select_related("indicator", "indicator__body")
        .order_by("period_end", "pk")
    ):
        chosen[obs.indicator.body_id] = obs  # the latest of the year wins
    rows = []
    for obs in chosen.values():
        indicator = obs.indicator
        rows.append(
            Row(
                body_name=indicator.body.name,
                body_ags=indicator.body.ags or "",
                body_kind=indicator.body.kind,
                value=obs.value,
                unit=obs.unit or indicator.unit,
                period=obs.period_label or _period_text(obs),
                source=obs.source or indicator.data_source,
                suppressed=_is_suppressed(indicator.kind, obs.value),
                provisional=obs.provisional,
                estimated=obs.estimated,
                confidential=obs.confidential,
            )
        )
    # Highest first; a suppressed count sorts as just under 5 (where it belongs), so the order reveals nothing more.
    rows.sort(key=lambda row: (-(SMALL_COUNT_LIMIT if row.suppressed else row.value), row.body_name))
    comparison.rows = rows
    comparison.notes = comparability_notes(entry, list(chosen.values()), rows)
    return comparison


def _period_text(obs: Observation) -> str:
    if (obs.period_start.month, obs.period_start.day, obs.period_end.month, obs.period_end.day) == (1, 1, 12, 31) and (
        obs.period_start.year == obs.period_end.year
    ):
        return str(obs.period_end.year)
    if obs.period_start == obs.period_end:
        return obs.period_end.strftime("%d.%m.%Y")
    return f"{obs.period_start.strftime('%d.%m.%Y')}–{obs.period_end.strftime('%d.%m.%Y')}"


def _names(names: list[str]) -> str:
    return ", ".join(sorted(names))


def comparability_notes(entry: IndicatorCatalogueEntry, observations: list[Observation], rows: list[Row]) -> list[str]:
    """What limits the comparison, computed from the values compared."""
    notes = []
    units = sorted({row.unit for row in rows if row.unit})
    if len(units) > 1:
        notes.append(_("The bodies give the value in different units: %(units)s.") % {"units": ", ".join(units)})
    periods = {(obs.period_start, obs.period_end) for obs in observations}
    reference_dates = {obs.indicator.reference_date.strip() for obs in observations if obs.indicator.reference_date}
    if len(periods) > 1 or len(reference_dates) > 1:
        notes.append(
            _("The values refer to different periods or reference dates: %(periods)s.")
            % {"periods": ", ".join(sorted({row.period for row in rows} | reference_dates))}
        )
    differing = [
        obs.indicator.body.name
        for obs in observations
        if obs.indicator.definition.strip() and obs.indicator.definition.strip() != entry.definition.strip()
    ]
    if differing:
        notes.append(
            ngettext(
                "%(bodies)s defines the indicator differently from the catalogue.",
                "%(bodies)s define the indicator differently from the catalogue.",
                len(differing),
            )
            % {"bodies": _names(differing)}
        )
    uncertain = [row.body_name for row in rows if row.provisional or row.estimated]
    if uncertain:
        notes.append(_("Provisional or estimated values: %(bodies)s.") % {"bodies": _names(uncertain)})
    kinds = {row.body_kind in DISTRICT_LEVEL for row in rows}
    if len(kinds) > 1:
        notes.append(
            _(
                "The comparison mixes districts (Kreise, kreisfreie Städte) and municipalities (Gemeinden): "
                "their areas and populations differ in size."
            )
        )
    if any(row.suppressed for row in rows):
        notes.append(
            _("Counts below 5 are shown as “< 5” and left out of the chart and the downloads (data protection).")
        )
    if any(row.confidential for row in rows):
        notes.append(_("Values marked confidential are not public and are never part of a download."))
    return notes


def comparison_chart(comparison: Comparison) -> Chart | None:
    """A bar chart of the values (without suppressed and confidential ones), with text alternative and table."""
    shown = [row for row in comparison.rows if not row.suppressed and not row.confidential]
    if not shown:
        return None
    units = sorted({row.unit for row in shown if row.unit})
    unit = units[0] if len(units) == 1 else _("Value")
    values = [{"body": row.body_name, "value": float(row.value), "label": num(row.value)} for row in shown]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 520,
        "height": {"step": 28},
        "data": {"values": values},
        "config": {
            "font": "DejaVu Sans",
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3]}},
        },
        "encoding": {
            "y": {"field": "body", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 220}},
            "x": {"field": "value", "type": "quantitative", "title": unit},
        },
        "layer": [
            {"mark": {"type": "bar", "color": BAR_COLOUR}},
            {"mark": {"type": "text", "align": "left", "dx": 4}, "encoding": {"text": {"field": "label"}}},
        ],
    }
    parts = [f"{row.body_name}: {num(row.value)}{' ' + row.unit if row.unit else ''}" for row in shown]
    description = _("Bar chart of %(indicator)s in %(year)s by body, highest first: %(values)s.") % {
        "indicator": comparison.entry.name,
        "year": comparison.year,
        "values": "; ".join(parts),
    }
    left_out = len(comparison.rows) - len(shown)
    if left_out:
        description += " " + ngettext(
            "%(count)s value is not shown in the chart (see the table).",
            "%(count)s values are not shown in the chart (see the table).",
            left_out,
        ) % {"count": left_out}
    return Chart(
        title=f"{comparison.entry.name} {comparison.year}",
        spec=spec,
        description=description,
        table_header=[_("Body"), unit],
        table_rows=[[row.body_name, num(row.value)] for row in shown],
    )


def comparison_csv(comparison: Comparison) -> bytes:
    """The table as CSV (German Excel: semicolons, BOM); small counts as „< 5“, confidential values never."""
    header = [
        _("Body"),
        _("AGS"),
        _("Indicator"),
        _("Value"),
        _("Unit"),
        _("Period"),
        _("Source"),
        pgettext("comparison", "Notes"),
    ]
    rows = [
        [
            row.body_name,
            row.body_ags,
            comparison.entry.name,
            SUPPRESSED if row.suppressed else num(row.value),
            row.unit,
            row.period,
            row.source,
            ", ".join(row.flags),
        ]
        for row in comparison.rows
        if not row.confidential
    ]
    return csv_bytes(header, rows)
