"""Charts and maps in the browser's terms: who reads and who manages map layers, the downloads of a chart, the
overview's queries, and the GeoJSON upload refusing every bad file with its German message and writing nothing."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.reporting import services_analysis as services
from querschnitt.reporting.models import GeoLayer
from querschnitt.reporting.tests.factories import GeoLayerFactory
from querschnitt.strategy.tests.factories import (
    GuidingGoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObservationFactory,
)
from querschnitt.tenancy.models import Role

from .test_charts import year
from .test_maps import square


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def url(name, body, **kwargs):
    return reverse(f"analysis:{name}", kwargs={"body": body.slug, **kwargs})


def upload(content, name="gemeinden.geojson"):
    raw = content if isinstance(content, bytes) else json.dumps(content).encode()
    return SimpleUploadedFile(name, raw, content_type="application/geo+json")


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture
def indicator(body):
    indicator = IndicatorFactory(body=body, name="Ausbildungsquote", unit="%")
    GuidingGoalFactory(body=body).indicators.add(indicator)
    IndicatorTargetFactory(indicator=indicator, value=Decimal(60))
    for y, value in [(2022, "50.5"), (2023, "52"), (2024, "55.25")]:
        ObservationFactory(indicator=indicator, value=Decimal(value), **year(y))
    ObservationFactory(indicator=indicator, area_ags="S01", value=Decimal("1234.5"), **year(2024))
    ObservationFactory(indicator=indicator, area_ags="S02", value=Decimal("48"), **year(2024))
    ObservationFactory(
        indicator=indicator,
        breakdown={"Staatsangehörigkeit": "nichtdeutsch"},
        breakdown_key="Staatsangehörigkeit=nichtdeutsch",
        value=Decimal("40"),
        **year(2024),
    )
    return indicator


# --- Who sees what -------------------------------------------------------------------------------------------------

READERS = [
    (Role.OFFICE, True),
    (Role.INTEGRATION_CENTRE, True),
    (Role.MEMBER, False),
    (Role.MODERATOR, False),
    (Role.READER, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "manages"), READERS)
def test_everyone_in_the_body_reads_only_office_and_centre_manage_layers(
    client, make_user, body, indicator, role, manages
):
    layer = GeoLayerFactory(body=body, name="Ortsteile")
    client.force_login(make_user(body, role))

    assert client.get(url("overview", body)).status_code == 200
    page = client.get(url("indicator", body, indicator=indicator.pk))
    assert page.status_code == 200
    assert "Ausbildungsquote" in text(page)
    assert client.get(url("chart_svg", body, indicator=indicator.pk) + "?nr=1").status_code == 200
    layers = client.get(url("layers", body))
    assert layers.status_code == 200
    assert ("Kartenebene hochladen" in text(layers)) is manages
    assert client.get(url("layer_delete", body, geolayer=layer.pk)).status_code == (200 if manages else 403)
    response = client.post(url("layers", body), {"name": "Neu", "level": "gemeinde", "key_property": "ags"})
    assert response.status_code == (200 if manages else 403)
    response = client.post(url("layer_delete", body, geolayer=layer.pk))
    assert response.status_code == (302 if manages else 403)
    assert GeoLayer.objects.filter(pk=layer.pk).exists() is not manages


@pytest.mark.django_db
def test_state_staff_read_every_body(client, make_user, body, indicator, state_council):
    client.force_login(make_user(state_council, Role.STATE_STAFF))

    assert client.get(url("indicator", body, indicator=indicator.pk)).status_code == 200
    assert client.get(url("overview", body)).status_code == 200
    assert client.get(url("layers", body)).status_code == 200
    assert client.post(url("layers", body), {"name": "x"}).status_code == 403


@pytest.mark.django_db
def test_another_bodys_office_reaches_nothing(client, make_user, body, other_body, indicator):
    layer = GeoLayerFactory(body=body)
    client.force_login(make_user(other_body, Role.OFFICE))

    assert client.get(url("overview", body)).status_code == 403
    assert client.get(url("indicator", body, indicator=indicator.pk)).status_code == 403
    # The body's indicator and layer under the other body's address are a 404.
    assert client.get(url("indicator", other_body, indicator=indicator.pk)).status_code == 404
    assert client.get(url("chart_csv", other_body, indicator=indicator.pk) + "?nr=1").status_code == 404
    assert client.post(url("layer_delete", other_body, geolayer=layer.pk)).status_code == 404
    assert GeoLayer.objects.filter(pk=layer.pk).exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, body, indicator):
    for address in (
        url("overview", body),
        url("indicator", body, indicator=indicator.pk),
        url("chart_spec", body, indicator=indicator.pk) + "?nr=1",
        url("layers", body),
    ):
        response = client.get(address)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


# --- The analysis page and its downloads ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_every_chart_and_the_map_with_tables_and_downloads(client, office_user, body, indicator):
    client.force_login(office_user)

    response = client.get(url("indicator", body, indicator=indicator.pk))

    content = response.content.decode()
    # Line, bar by area, comparison by nationality, map.
    assert content.count("<figure") == 4
    assert content.count("<table") == 4
    assert 'data-testid="karte"' in content
    assert "Ausbildungsquote nach Staatsangehörigkeit" in content
    assert "1.234,5" in content and "55,25" in content
    assert "?nr=4" in content and "?nr=5" not in content
    assert 'alt="Liniendiagramm' in content


@pytest.mark.django_db
def test_downloads_of_a_chart(client, office_user, body, indicator):
    client.force_login(office_user)
    base = {"body": body.slug, "indicator": indicator.pk}

    spec = client.get(reverse("analysis:chart_spec", kwargs=base) + "?nr=1")
    assert spec["Content-Type"].startswith("application/json")
    assert json.loads(spec.content)["$schema"].endswith("vega-lite/v5.json")
    svg = client.get(reverse("analysis:chart_svg", kwargs=base) + "?nr=2&download=1")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    assert "attachment" in svg["Content-Disposition"]
    data = client.get(reverse("analysis:chart_csv", kwargs=base) + "?nr=2")
    rows = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Gebiet", "Schlüssel", "%"]
    assert ["S01", "S01", "1.234,5"] in rows
    for bad in ("?nr=9", "?nr=0", "?nr=x"):
        assert client.get(reverse("analysis:chart_csv", kwargs=base) + bad).status_code == 404


@pytest.mark.django_db
def test_overview_lists_the_concepts_indicators_in_few_queries(
    client, office_user, body, django_assert_max_num_queries
):
    for n in range(6):
        indicator = IndicatorFactory(body=body, name=f"Indikator {n}")
        GuidingGoalFactory(body=body).indicators.add(indicator)
        ObservationFactory(indicator=indicator, area_ags=f"S0{n}", value=Decimal(n))
    IndicatorFactory(body=body, name="Nicht im Konzept")
    client.force_login(office_user)

    with django_assert_max_num_queries(12):
        response = client.get(url("overview", body))

    page = text(response)
    assert page.count("Indikator ") >= 6 and "Nicht im Konzept" not in page


@pytest.mark.django_db
def test_layers_page_in_few_queries(client, office_user, body, django_assert_max_num_queries):
    for n in range(5):
        GeoLayerFactory(body=body, name=f"Layer Nr. {n}")
    client.force_login(office_user)
    with django_assert_max_num_queries(12):
        response = client.get(url("layers", body))
    assert text(response).count("Löschen Layer Nr. ") == 5


# --- Uploading a GeoJSON layer -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_through_the_page_cleans_the_layer_and_the_map_uses_it(client, office_user, body, indicator):
    client.force_login(office_user)
    features = collection(
        square("S01", "Nord", 6.512345678, 51.0), square("S02", "Süd", 6.6, 51.0), square("x", "Rest", 6, 50)
    )

    response = client.post(
        url("layers", body),
        {
            "name": "Gemeinden",
            "level": "gemeinde",
            "key_property": "ags",
            "name_property": "name",
            "file": upload(features),
            "source": "Eigene Daten",
        },
        follow=True,
    )

    assert "Die Kartenebene „Gemeinden“ mit 3 Gebieten wurde gespeichert." in text(response)
    layer = GeoLayer.objects.get(body=body)
    assert layer.feature_count == 3
    ring = layer.geojson["features"][0]["geometry"]["coordinates"][0]
    assert [6.51235, 51.0] in ring
    page = client.get(url("indicator", body, indicator=indicator.pk))
    assert "Kartenebene „Gemeinden“" in text(page)
    assert ["Nord", "S01", "1.234,5"] in list(
        csv.reader(
            io.StringIO(
                client.get(url("chart_csv", body, indicator=indicator.pk) + "?nr=4").content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )


def feature(key="S01", geometry=None, **properties):
    base = square(key, "Nord", 6.5, 51.0)
    if geometry is not None:
        base["geometry"] = geometry
    base["properties"].update(properties)
    return base


BAD_FILES = [
    (b"{nicht json", "Die Datei ist kein gültiges JSON"),
    ({"type": "Feature"}, "keine GeoJSON-FeatureCollection"),
    (collection(), "enthält keine Gebiete"),
    (
        collection(feature(), feature("S02", geometry={"type": "Point", "coordinates": [6.5, 51]})),
        "Gebiet 2: Nur Flächen",
    ),
    (collection(feature(ags="")), "Gebiet 1 hat keinen Wert in der Eigenschaft „ags“"),
    (collection(feature(), feature()), "Gebiet 2 hat denselben Schlüssel „S01“ wie Gebiet 1"),
    (
        collection(
            feature(
                geometry={
                    "type": "Polygon",
                    "coordinates": [[[350000, 5600000], [350100, 5600000], [350100, 5600100], [350000, 5600000]]],
                }
            )
        ),
        "Gebiet 1: Die Koordinaten sind keine geographische Länge und Breite (WGS84)",
    ),
    (
        collection(
            feature(geometry={"type": "Polygon", "coordinates": [[[6, 51], [6.1, 51], [6.1, 51.1], [6, 51.2]]]})
        ),
        "Gebiet 1: Ein Ring des Polygons ist nicht geschlossen",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_upload_refuses_bad_files_with_a_german_message_and_writes_nothing(body, office_user, content, message):
    with pytest.raises(ApplicationError) as error:
        services.geo_layer_upload(
            actor=office_user,
            body=body,
            name="Gemeinden",
            level="gemeinde",
            key_property="ags",
            name_property="name",
            file=upload(content),
        )
    assert message in str(error.value.message)
    assert not GeoLayer.objects.exists()


@pytest.mark.django_db
def test_upload_refuses_large_files_duplicate_names_and_strangers(body, office_user, make_user):
    big = SimpleUploadedFile("gross.geojson", b" " * (10 * 1024 * 1024 + 1))
    with pytest.raises(ApplicationError, match="größer als 10 MB"):
        services.geo_layer_upload(
            actor=office_user, body=body, name="A", level="gemeinde", key_property="ags", file=big
        )
    GeoLayerFactory(body=body, name="Gemeinden")
    with pytest.raises(ApplicationError, match="gibt es schon"):
        services.geo_layer_upload(
            actor=office_user,
            body=body,
            name="Gemeinden",
            level="gemeinde",
            key_property="ags",
            file=upload(collection(feature())),
        )
    with pytest.raises(ApplicationError, match="Kartenebenen"):
        services.geo_layer_upload(
            actor=make_user(body, Role.MEMBER),
            body=body,
            name="B",
            level="gemeinde",
            key_property="ags",
            file=upload(collection(feature())),
        )
    assert GeoLayer.objects.count() == 1


@pytest.mark.django_db
def test_the_form_shows_the_refusal(client, office_user, body):
    client.force_login(office_user)
    response = client.post(
        url("layers", body),
        {
            "name": "Gemeinden",
            "level": "gemeinde",
            "key_property": "gemeindeschluessel",
            "file": upload(collection(feature())),
        },
    )
    assert response.status_code == 200
    assert "Gebiet 1 hat keinen Wert in der Eigenschaft „gemeindeschluessel“" in text(response)
    assert not GeoLayer.objects.exists()
