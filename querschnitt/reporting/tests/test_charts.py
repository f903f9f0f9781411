"""Charts of an indicator: valid Vega-Lite that renders to SVG, targets as rules, a series per breakdown value, text
alternatives with the first and last values, tables with every value in German format, provisional values marked."""

import json
from datetime import date
from decimal import Decimal

import pytest

from querschnitt.reporting.charts import Chart, indicator_charts
from querschnitt.strategy.models import Indicator
from querschnitt.strategy.selectors import indicators_with_data
from querschnitt.strategy.tests.factories import IndicatorFactory, IndicatorTargetFactory, ObservationFactory
from querschnitt.tenancy.models import Body

NEUSS_GEMEINDEN = {
    "05162004": Decimal("1234.5"),  # Dormagen
    "05162008": Decimal("980"),  # Grevenbroich
    "05162012": Decimal("310.25"),  # Jüchen
    "05162016": Decimal("702"),  # Kaarst
    "05162020": Decimal("455"),  # Korschenbroich
    "05162022": Decimal("866"),  # Meerbusch
    "05162024": Decimal("4210"),  # Neuss
    "05162028": Decimal("220"),  # Rommerskirchen
}


def year(y):
    return {"period_start": date(y, 1, 1), "period_end": date(y, 12, 31)}


def fetch(indicator):
    return indicators_with_data(Indicator.objects.select_related("body")).get(pk=indicator.pk)


@pytest.fixture
def kreis(db):
    return Body.objects.get(ags="05162")


@pytest.fixture
def indicator(kreis):
    return make_indicator(kreis)


def make_indicator(kreis):
    """Like the demo after the statistics import: totals over time, the Gemeinden in 2024, and by nationality."""
    indicator = IndicatorFactory(
        body=kreis, name="Beschäftigte", unit="Personen", baseline_value=Decimal("8000"), baseline_note="2020"
    )
    IndicatorTargetFactory(indicator=indicator, value=Decimal("9500"), due_date=date(2030, 12, 31))
    for y, value in [(2021, "8100"), (2022, "8450.5"), (2023, "8800")]:
        ObservationFactory(indicator=indicator, value=Decimal(value), **year(y))
    ObservationFactory(indicator=indicator, value=Decimal("9001.5"), provisional=True, **year(2024))
    for ags, value in NEUSS_GEMEINDEN.items():
        ObservationFactory(indicator=indicator, area_ags=ags, value=value, **year(2024))
    for y, value in [(2022, "1200"), (2023, "1350"), (2024, "1480")]:
        ObservationFactory(
            indicator=indicator,
            breakdown={"Staatsangehörigkeit": "nichtdeutsch"},
            breakdown_key="Staatsangehörigkeit=nichtdeutsch",
            value=Decimal(value),
            **year(y),
        )
        ObservationFactory(
            indicator=indicator,
            breakdown={"Staatsangehörigkeit": "deutsch"},
            breakdown_key="Staatsangehörigkeit=deutsch",
            value=Decimal(value) * 5,
            **year(y),
        )
    return indicator


@pytest.mark.django_db
def test_three_charts_valid_vega_lite_rendered_to_svg(indicator):
    charts = indicator_charts(fetch(indicator))

    assert [chart.title for chart in charts] == [
        "Beschäftigte",
        "Beschäftigte nach Gebiet, 2024",
        "Beschäftigte nach Staatsangehörigkeit",
    ]
    for chart in charts:
        assert chart.spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
        assert chart.spec["config"]["locale"]["number"]["decimal"] == ","
        svg = chart.svg()
        assert svg.startswith("<svg") and "</svg>" in svg
        # No external requests: nothing in the spec points elsewhere but the schema.
        assert "http" not in json.dumps({k: v for k, v in chart.spec.items() if k != "$schema"})
        assert Chart.from_dict(json.loads(json.dumps(chart.as_dict()))) == chart


@pytest.mark.django_db
def test_line_chart_has_target_and_baseline_rules_and_marks_provisional_values(indicator):
    line = indicator_charts(fetch(indicator))[0]

    rules = [layer for layer in line.spec["layer"] if layer["mark"]["type"] == "rule"]
    assert [layer["data"]["values"][0]["text"] for layer in rules] == ["Ziel 9.500 (2030)", "Ausgangswert 8.000"]
    assert rules[0]["mark"]["strokeDash"] == [6, 4]
    points = next(layer for layer in line.spec["layer"] if layer["mark"]["type"] == "point")
    # Provisional values differ by shape, not only by colour.
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", "triangle-up", "diamond"]
    assert [row["status"] for row in line.spec["data"]["values"]] == ["endgültig"] * 3 + ["vorläufig"]
    assert "Ziel 9.500" in line.svg()

    assert "von 8.100 Personen" in line.description and "auf 9.001,5 Personen" in line.description
    assert "Ziel: 9.500 Personen" in line.description
    assert "gestiegen" in line.description and "2024" in line.description
    assert line.table_header == ["Zeitraum", "Personen", "Status"]
    assert line.table_rows[:4] == [
        ["2021", "8.100", "endgültig"],
        ["2022", "8.450,5", "endgültig"],
        ["2023", "8.800", "endgültig"],
        ["2024", "9.001,5", "vorläufig"],
    ]
    assert ["Zielwert (31.12.2030)", "9.500", "Ziel"] in line.table_rows
    assert ["Ausgangswert (2020)", "8.000", "Ausgangswert"] in line.table_rows


@pytest.mark.django_db
def test_bar_chart_by_area_sorted_with_own_total(indicator):
    bar = indicator_charts(fetch(indicator))[1]

    names = [row["name"] for row in bar.spec["data"]["values"]]
    assert names[0] == "Neuss" and names[1] == "Dormagen" and names[-1] == "Rommerskirchen"
    assert len(names) == 8
    rule = next(layer for layer in bar.spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["data"]["values"][0]["text"] == "Rhein-Kreis Neuss: 9.001,5"
    assert ["Dormagen", "05162004", "1.234,5"] in bar.table_rows
    assert ["Jüchen", "05162012", "310,25"] in bar.table_rows
    assert ["Rhein-Kreis Neuss", "05162", "9.001,5 (vorläufig)"] in bar.table_rows
    assert "höchster Wert in Neuss (4.210 Personen)" in bar.description
    assert "niedrigster in Rommerskirchen (220 Personen)" in bar.description


@pytest.mark.django_db
def test_comparison_chart_has_a_series_per_breakdown_value_and_the_total(indicator):
    comparison = indicator_charts(fetch(indicator))[2]

    series = {row["series"] for row in comparison.spec["data"]["values"]}
    assert series == {"deutsch", "nichtdeutsch", "insgesamt"}
    line = comparison.spec["layer"][0]
    # Colour AND dash pattern tell the lines apart, and each line carries its name.
    assert len({tuple(d) for d in line["encoding"]["strokeDash"]["scale"]["range"]}) == 3
    assert comparison.spec["layer"][2]["mark"]["type"] == "text"
    svg = comparison.svg()
    assert "nichtdeutsch: 1.480" in svg
    assert comparison.table_header == ["Zeitraum", "deutsch", "nichtdeutsch", "insgesamt"]
    assert ["2021", "–", "–", "8.100"] in comparison.table_rows
    assert ["2024", "7.400", "1.480", "9.001,5 (vorläufig)"] in comparison.table_rows
    assert "nichtdeutsch von 1.200 Personen (2022) bis 1.480 Personen (2024)" in comparison.description


@pytest.mark.django_db
def test_only_the_line_chart_without_areas_or_breakdowns_and_a_period_filter(db):
    indicator = IndicatorFactory()
    for y in (2020, 2021, 2022):
        ObservationFactory(indicator=indicator, value=Decimal(y - 2000), **year(y))

    charts = indicator_charts(fetch(indicator), period_start=date(2021, 1, 1))

    assert len(charts) == 1
    assert [row[0] for row in charts[0].table_rows] == ["2021", "2022"]
    charts[0].svg()


@pytest.mark.django_db
def test_an_indicator_without_values_still_has_a_line_chart_saying_so(db):
    chart = indicator_charts(fetch(IndicatorFactory(name="Leer")))[0]

    assert "noch keine Werte" in chart.description
    assert chart.table_rows == []
    chart.svg()


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_data(indicator, django_assert_max_num_queries):
    fetched = fetch(indicator)
    # Breakdowns, the names of the areas.
    with django_assert_max_num_queries(2):
        indicator_charts(fetched)
