"""Charts of reporting: one Vega-Lite spec per chart serves the web page (SVG rendered on the server), the PDF and
DOCX report (the same SVG) and the download (the spec as JSON, the data as CSV). Every chart carries a text
alternative and a data table with every value, formatted the German way.

`Chart` is plain data (JSON-serialisable through `as_dict`), so a report version keeps its charts in its snapshot and
renders them again later from exactly what was published.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from querschnitt.core.templatetags.querschnitt import num
from querschnitt.strategy import charts as strategy_charts
from querschnitt.strategy.models import Indicator, Observation
from querschnitt.strategy.selectors import own_series


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


def _in_period(observation: Observation, start: date | None, end: date | None) -> bool:
    return (start is None or observation.period_end >= start) and (end is None or observation.period_start <= end)


def indicator_charts(
    indicator: Indicator, *, period_start: date | None = None, period_end: date | None = None
) -> list[Chart]:
    """The charts of an indicator for the body's own area: the values over time with the targets as lines.

    `indicator` should come from `strategy.selectors.indicators_with_data` (targets and totals prefetched).
    """
    series = [obs for obs in own_series(indicator) if _in_period(obs, period_start, period_end)]
    targets = list(indicator.targets.all())
    spec = strategy_charts.indicator_spec(indicator, series, targets)
    unit = indicator.unit
    rows = [[obs.period_label or obs.period_end.strftime("%d.%m.%Y"), num(obs.value)] for obs in series]
    return [
        Chart(
            title=indicator.name,
            spec=spec,
            description=strategy_charts.text_alternative(indicator, series, targets),
            table_header=[_("Period"), unit or _("Value")],
            table_rows=rows,
        )
    ]
