"""Maps of an indicator: a choropleth when an uploaded layer matches the values' keys, else a tile-grid map (the
Rhein-Kreis Neuss by hand, NRW's Kreise for the Land, alphabetical otherwise), and None without values by area."""

import json
from datetime import date
from decimal import Decimal

import pytest

from querschnitt.reporting.maps import NEUSS_GRID, indicator_map
from querschnitt.reporting.tests.factories import GeoLayerFactory
from querschnitt.strategy.models import Indicator
from querschnitt.strategy.selectors import indicators_with_data
from querschnitt.strategy.tests.factories import IndicatorFactory, ObservationFactory
from querschnitt.tenancy.models import Body
from querschnitt.tenancy.tests.factories import BodyFactory

from .test_charts import NEUSS_GEMEINDEN, year


def fetch(indicator):
    return indicators_with_data(Indicator.objects.select_related("body")).get(pk=indicator.pk)


def square(key, name, x, y, size=0.1):
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {
        "type": "Feature",
        "properties": {"ags": key, "name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


@pytest.fixture
def kreis(db):
    return Body.objects.get(ags="05162")


def neuss_indicator(kreis, skip=()):
    indicator = IndicatorFactory(body=kreis, name="Einbürgerungen", unit="")
    ObservationFactory(indicator=indicator, value=Decimal(900), **year(2024))
    for ags, value in NEUSS_GEMEINDEN.items():
        if ags not in skip:
            ObservationFactory(indicator=indicator, area_ags=ags, value=value, **year(2024))
        ObservationFactory(indicator=indicator, area_ags=ags, value=value / 2, **year(2022))
    return indicator


@pytest.mark.django_db
def test_tile_grid_of_the_rhein_kreis_neuss_without_a_layer(kreis):
    chart = indicator_map(fetch(neuss_indicator(kreis, skip={"05162028"})))

    assert chart is not None
    rows = {row["name"]: row for row in chart.spec["data"]["values"]}
    assert len(rows) == 8
    # Hand-placed: Meerbusch north-east, Kaarst north, Korschenbroich west, Dormagen south-east.
    assert (rows["Meerbusch"]["row"], rows["Meerbusch"]["col"]) == (1, 3)
    assert (rows["Kaarst"]["row"], rows["Kaarst"]["col"]) == (1, 2)
    assert rows["Korschenbroich"]["col"] == 1
    assert (rows["Dormagen"]["row"], rows["Dormagen"]["col"]) == max(NEUSS_GRID.values())
    assert rows["Grevenbroich"]["row"] > rows["Kaarst"]["row"]
    # The value as text on each tile; an area without value says so and has a dashed border.
    assert rows["Neuss"]["text"] == "4.210" and rows["Jüchen"]["text"] == "310,25"
    assert rows["Rommerskirchen"]["text"] == "keine Angabe" and rows["Rommerskirchen"]["value"] is None
    assert ["Rommerskirchen", "05162028", "keine Angabe"] in chart.table_rows
    assert ["Dormagen", "05162004", "1.234,5"] in chart.table_rows
    assert chart.table_header == ["Gebiet", "Schlüssel", "Wert"]
    assert "ungefähr an ihrer Lage" in chart.description
    assert "höchster Wert in Neuss (4.210)" in chart.description
    assert "Keine Angabe für: Rommerskirchen" in chart.description
    svg = chart.svg()
    assert "Meerbusch" in svg and "4.210" in svg and "keine Angabe" in svg
    assert "http" not in json.dumps({k: v for k, v in chart.spec.items() if k != "$schema"})


@pytest.mark.django_db
def test_the_map_shows_the_latest_period_up_to_period_end(kreis):
    chart = indicator_map(fetch(neuss_indicator(kreis)), period_end=date(2023, 12, 31))

    assert chart is not None
    assert ["Neuss", "05162024", "2.105"] in chart.table_rows
    assert "2022" in chart.title


@pytest.mark.django_db
def test_choropleth_when_a_layer_matches_the_keys(kreis):
    features = [square(ags, f"Gemeinde {ags[-3:]}", 6.5 + i * 0.1, 51.0) for i, ags in enumerate(NEUSS_GEMEINDEN)]
    features[0]["geometry"] = {
        "type": "MultiPolygon",
        "coordinates": [features[0]["geometry"]["coordinates"]],
    }
    GeoLayerFactory(
        body=kreis, name="Gemeinden des Kreises", geojson={"type": "FeatureCollection", "features": features}
    )
    GeoLayerFactory(body=kreis, name="Stadtteile", level="stadtteil")  # matches nothing of the values

    chart = indicator_map(fetch(neuss_indicator(kreis)))

    assert chart is not None
    shape = chart.spec["layer"][0]
    assert shape["mark"]["type"] == "geoshape"
    assert chart.spec["projection"] == {"type": "mercator"}
    assert len(shape["data"]["values"]["features"]) == 8
    assert shape["transform"][0]["lookup"] == "properties.key"
    legend = shape["encoding"]["color"]["scale"]["domain"]
    assert len(legend) == 6 and legend[-1] == "keine Angabe"
    assert legend[0] == "220 bis 1.018" and legend[-2] == "3.412 bis 4.210"
    assert ["Gemeinde 024", "05162024", "4.210"] in chart.table_rows
    assert "Kartenebene „Gemeinden des Kreises“" in chart.description
    svg = chart.svg()
    assert "<path" in svg and "4.210" in svg
    assert "http" not in json.dumps({k: v for k, v in chart.spec.items() if k != "$schema"})


@pytest.mark.django_db
def test_the_land_gets_the_tile_grid_of_nrw(db):
    land = Body.objects.get(kind="land")
    indicator = IndicatorFactory(body=land, unit="%")
    ObservationFactory(indicator=indicator, area_ags="05162", value=Decimal("12.5"), **year(2024))
    ObservationFactory(indicator=indicator, area_ags="05111", value=Decimal("20.25"), **year(2024))

    chart = indicator_map(fetch(indicator))

    assert chart is not None
    rows = {row["key"]: row for row in chart.spec["data"]["values"]}
    assert len(rows) == 53
    assert (rows["05162"]["row"], rows["05162"]["col"]) == (6, 3)
    assert rows["05162"]["text"] == "12,5" and rows["05154"]["text"] == "keine Angabe"
    assert rows["05116"]["lines"] == ["Mönchen-", "gladbach"]
    assert "Nordrhein-Westfalen" in chart.description
    assert ["Düsseldorf", "05111", "20,25"] in chart.table_rows
    chart.svg()


@pytest.mark.django_db
def test_other_districts_get_an_alphabetical_grid_and_say_so(db):
    kreis = BodyFactory(kind="kreis", name="Testkreis", ags="05899")
    for name, ags in [("Zell", "05899001"), ("Adorf", "05899002"), ("Mitte", "05899003")]:
        BodyFactory(parent=kreis, name=name, ags=ags)
    indicator = IndicatorFactory(body=kreis)
    ObservationFactory(indicator=indicator, area_ags="05899001", value=Decimal(3), **year(2024))
    ObservationFactory(indicator=indicator, area_ags="05899002", value=Decimal(5), **year(2024))

    chart = indicator_map(fetch(indicator))

    assert chart is not None
    assert [row["name"] for row in chart.spec["data"]["values"]] == ["Adorf", "Mitte", "Zell"]
    assert [(row["row"], row["col"]) for row in chart.spec["data"]["values"]] == [(1, 1), (1, 2), (2, 1)]
    assert "alphabetisch" in chart.description
    chart.svg()


@pytest.mark.django_db
def test_no_map_without_values_by_area(kreis):
    indicator = IndicatorFactory(body=kreis)
    ObservationFactory(indicator=indicator, value=Decimal(5), **year(2024))
    ObservationFactory(indicator=indicator, area_ags="05162", value=Decimal(5), **year(2023))

    assert indicator_map(fetch(indicator)) is None
    assert indicator_map(fetch(IndicatorFactory(body=kreis))) is None
