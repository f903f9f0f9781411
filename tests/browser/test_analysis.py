"""Issue 8, points 2 and 3 in the browser: the committee office of the Rhein-Kreis Neuss opens an indicator's analysis
page with values of the eight municipalities and by nationality — the line chart, the bar chart, the comparison and
the tile map show, each with its table — then uploads a small GeoJSON layer and sees the map drawn from it. axe checks
both pages."""

import json
from datetime import date
from decimal import Decimal

import pytest

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

GEMEINDEN = {
    "05162004": "12.5",
    "05162008": "10.25",
    "05162012": "6",
    "05162016": "9",
    "05162020": "7.5",
    "05162022": "8",
    "05162024": "18.75",
    "05162028": "5",
}


def _indicator_with_data() -> int:
    from querschnitt.strategy.models import Indicator, Observation

    indicator = (
        Indicator.objects.filter(body__slug="rhein-kreis-neuss", guiding_goals__isnull=False).order_by("pk").first()
    )
    assert indicator is not None
    Observation.objects.filter(indicator=indicator).delete()
    for y, value in [(2022, "10"), (2023, "11.5"), (2024, "12.25")]:
        Observation.objects.create(
            indicator=indicator, period_start=date(y, 1, 1), period_end=date(y, 12, 31), value=Decimal(value)
        )
        for nationality, share in (("nichtdeutsch", "0.5"), ("deutsch", "1.1")):
            Observation.objects.create(
                indicator=indicator,
                period_start=date(y, 1, 1),
                period_end=date(y, 12, 31),
                breakdown={"Staatsangehörigkeit": nationality},
                breakdown_key=f"Staatsangehörigkeit={nationality}",
                value=Decimal(value) * Decimal(share),
            )
    for ags, value in GEMEINDEN.items():
        Observation.objects.create(
            indicator=indicator,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
            area_ags=ags,
            value=Decimal(value),
        )
    return indicator.pk


def _geojson(tmp_path) -> str:
    features = []
    for i, ags in enumerate(GEMEINDEN):
        x, y = 6.5 + (i % 4) * 0.1, 51.0 + (i // 4) * 0.1
        ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"AGS": ags, "GEN": f"Gemeinde {ags[-3:]}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    path = tmp_path / "gemeinden.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return str(path)


def _images_loaded(page) -> bool:
    return page.evaluate(
        "() => [...document.querySelectorAll('main figure img')].every(img => img.complete && img.naturalWidth > 0)"
    )


def test_the_office_sees_charts_and_maps_and_uploads_a_map_layer(page, tmp_path):
    indicator = _indicator_with_data()
    login(page, "geschaeftsstelle@querschnitt.example")

    page.goto("/k/rhein-kreis-neuss/auswertung/")
    assert page.get_by_role("heading", level=1).inner_text() == "Diagramme und Karten"
    follow(page.locator(f"a[href$='/auswertung/indikator/{indicator}/']").first)

    assert page.locator("[data-testid=diagramm]").count() == 3
    assert page.locator("[data-testid=karte]").count() == 1
    for img in page.locator("main figure img").all():
        img.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('main figure img')].every(img => img.complete && img.naturalWidth > 0)"
    )
    assert _images_loaded(page)
    assert "nach Staatsangehörigkeit" in page.locator("main").inner_text()
    map_section = page.locator("[data-testid=karte]")
    assert "ungefähr an ihrer Lage" in map_section.locator("figcaption").inner_text()
    table = map_section.locator("table")
    assert table.get_by_role("rowheader", name="Meerbusch").count() == 1
    assert "18,75" in table.inner_text()
    assert axe_violations(page) == []

    page.goto("/k/rhein-kreis-neuss/karten/")
    page.get_by_label("Name der Kartenebene").fill("Gemeinden im Kreis")
    page.get_by_label("Ebene der Gebiete").select_option("gemeinde")
    page.get_by_label("GeoJSON-Datei").set_input_files(_geojson(tmp_path))
    page.get_by_label("Eigenschaft mit dem Gebietsschlüssel").fill("AGS")
    page.get_by_label("Eigenschaft mit dem Gebietsnamen").fill("GEN")
    assert axe_violations(page) == []
    follow(page.get_by_role("button", name="Hochladen"))
    page.get_by_text("Die Kartenebene „Gemeinden im Kreis“ mit 8 Gebieten wurde gespeichert.").wait_for()

    page.goto(f"/k/rhein-kreis-neuss/auswertung/indikator/{indicator}/")
    map_section = page.locator("[data-testid=karte]")
    assert "Kartenebene „Gemeinden im Kreis“" in map_section.locator("figcaption").inner_text()
    assert map_section.get_by_role("rowheader", name="Gemeinde 024").count() == 1
    map_section.locator("img").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('main figure img')].every(img => img.complete && img.naturalWidth > 0)"
    )
