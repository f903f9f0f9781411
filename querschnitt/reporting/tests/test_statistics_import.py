"""The statistics import's reading and writing: the tidy format as CSV (comma, semicolon, BOM) and XLSX, every refusal
with its German row-level message and nothing written, area names mapped with suggestions and remembered, all or
nothing across indicators, and a re-import that changes nothing."""

import io
from decimal import Decimal as D
from pathlib import Path
from unittest import mock

import pytest
from django.utils import translation
from openpyxl import Workbook

from querschnitt.core.exceptions import ApplicationError
from querschnitt.reporting import services_statistics as services
from querschnitt.reporting.models import AreaAlias, StatisticsImport
from querschnitt.reporting.selectors_statistics import area_index
from querschnitt.reporting.tests.factories import GeoLayerFactory
from querschnitt.strategy import services as strategy_services
from querschnitt.strategy.imports import ImportRefused
from querschnitt.strategy.models import IndicatorCatalogueEntry, Observation
from querschnitt.strategy.tests.factories import IndicatorFactory
from querschnitt.tenancy.models import Body, Role

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def kreis(db):
    return Body.objects.get(ags="05162")


@pytest.fixture
def ki(make_user, kreis):
    return make_user(kreis, Role.INTEGRATION_CENTRE)


@pytest.fixture
def quote(kreis):
    return IndicatorFactory(body=kreis, name="Einbürgerungsquote", unit="%")


@pytest.fixture
def courses(kreis):
    return IndicatorFactory(body=kreis, name="Teilnehmende an Integrationskursen", unit="Personen")


def counts():
    return Observation.objects.count(), StatisticsImport.objects.count()


def run(actor, body, text: str | bytes, name="statistik.csv", **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return services.statistics_import(actor=actor, body=body, data=data, file_name=name, **kwargs)


def refused(actor, body, text, name="statistik.csv", **kwargs) -> list[str]:
    before = counts()
    with pytest.raises(ImportRefused) as caught:
        run(actor, body, text, name, **kwargs)
    assert counts() == before, "a refused file must write nothing"
    return [str(problem) for problem in caught.value.problems]


GOOD = (
    "Year,Series,Units,GeoCode,GeoName,Staatsangehörigkeit,Observation status,Value\n"
    "2011,Einbürgerungsquote,%,05162024,,,,2.1\n"
    "2012,Einbürgerungsquote,%,05162024,,,vorläufig,2.4\n"
    "2012,Teilnehmende an Integrationskursen,Personen,05162004,,deutsch,,120\n"
    "2012,Teilnehmende an Integrationskursen,Personen,05162004,,nichtdeutsch,,340\n"
    "2012,Teilnehmende an Integrationskursen,Personen,,,,,1234\n"
)


# --- Reading ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_comma_separated_file_is_imported_with_its_indicators_areas_and_breakdowns(ki, kreis, quote, courses):
    record = run(ki, kreis, GOOD)

    assert (record.row_count, record.created_rows, record.updated_rows, record.unchanged_rows) == (5, 5, 0, 0)
    assert set(record.indicators.all()) == {quote, courses}
    assert record.imported_by == ki
    assert len(record.sha256) == 64
    provisional = Observation.objects.get(indicator=quote, period_start__year=2012)
    assert (provisional.value, provisional.area_ags, provisional.provisional) == (D("2.4"), "05162024", True)
    foreign = Observation.objects.get(indicator=courses, breakdown={"Staatsangehörigkeit": "nichtdeutsch"})
    assert (foreign.value, foreign.area_ags, foreign.unit) == (D("340"), "05162004", "Personen")
    # No area is the Kreis itself: stored as blank, the body's own area.
    assert Observation.objects.get(indicator=courses, breakdown={}).area_ags == ""


@pytest.mark.django_db
def test_semicolons_decimal_commas_a_bom_and_a_reference_date_are_read(ki, kreis, quote):
    text = "\ufeffyear;series;geocode;value\n2012-12-31;Einbürgerungsquote;5162024;2,5\n"

    run(ki, kreis, text)

    obs = Observation.objects.get(indicator=quote)
    assert (obs.value, obs.area_ags, str(obs.period_start), str(obs.period_end)) == (
        D("2.5"),
        "05162024",
        "2012-12-31",
        "2012-12-31",
    )


@pytest.mark.django_db
def test_an_xlsx_file_is_read_from_its_first_sheet(ki, kreis, quote):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Year", "Series", "GeoCode", "Value"])
    sheet.append([2011, "Einbürgerungsquote", "05162024", 2.1])
    sheet.append([2012, "Einbürgerungsquote", 5162024, 2.4])
    buffer = io.BytesIO()
    workbook.save(buffer)

    record = run(ki, kreis, buffer.getvalue(), name="statistik.xlsx")

    assert record.created_rows == 2
    assert sorted(Observation.objects.filter(indicator=quote).values_list("value", flat=True)) == [D("2.1"), D("2.4")]


@pytest.mark.django_db
def test_the_series_may_be_a_catalogue_number_or_left_out_for_a_picked_indicator(ki, kreis, quote):
    entry = IndicatorCatalogueEntry.objects.order_by("code")[0]
    quote.catalogue_entry = entry
    quote.save()

    run(ki, kreis, f"Year,Series,Value\n2011,{entry.code},2.1\n")
    run(ki, kreis, "Year,Value\n2012,2.4\n", indicator=quote)

    assert Observation.objects.filter(indicator=quote).count() == 2


@pytest.mark.django_db
def test_the_fixture_files_are_read(ki, kreis, quote, courses):
    record = run(ki, kreis, (FILES / "statistik-gut.csv").read_bytes(), name="statistik-gut.csv")
    assert record.created_rows == 4
    problems = refused(ki, kreis, (FILES / "statistik-fehler.csv").read_bytes(), name="statistik-fehler.csv")
    assert "Zeile 3, Spalte „Value“: „12,3,4“ ist keine Zahl." in problems


# --- Refusals: every row checked, every problem reported, nothing written ------------------------------------------


@pytest.mark.django_db
def test_a_bad_file_is_refused_with_every_problem_and_nothing_is_written(ki, kreis, quote):
    text = (
        "Year,Series,GeoCode,Value\n"
        "2011,Einbürgerungsquote,05162024,2.1\n"  # row 2 is good, but is not written either
        '2012,Einbürgerungsquote,05162024,"12,3,4"\n'
        "2012,Unbekannter Indikator,05162024,1\n"
        "2013,Einbürgerungsquote,05999999,1\n"
        "Zwanzigzwölf,Einbürgerungsquote,05162024,1\n"
        "2011,Einbürgerungsquote,05162024,2.2\n"
    )

    problems = refused(ki, kreis, text)

    assert problems == [
        "Zeile 3, Spalte „Value“: „12,3,4“ ist keine Zahl.",
        "Zeile 4, Spalte „Series“: „Unbekannter Indikator“ ist kein Indikator von Rhein-Kreis Neuss. Bitte schreiben "
        "Sie seinen Namen wie im Konzept oder seine Nummer im Indikatorenkatalog.",
        "Zeile 5, Spalte „GeoCode“: „05999999“ ist kein bekannter Gebietsschlüssel. Bitte schreiben Sie den "
        "amtlichen Gemeindeschlüssel (AGS) aus NRW mit 2, 5 oder 8 Ziffern (z. B. 05162024) oder den Schlüssel "
        "eines Gebiets aus einer Ihrer Kartenebenen.",
        problems[3],
        "Zeile 7: Derselbe Indikator, derselbe Zeitraum, dasselbe Gebiet und dieselbe Aufschlüsselung wie in Zeile 2.",
    ]
    assert problems[3].startswith("Zeile 6, Spalte „Year“: „Zwanzigzwölf“ ist kein Zeitraum.")


@pytest.mark.django_db
def test_missing_required_columns_are_named(ki, kreis, quote):
    problems = refused(ki, kreis, "Jahr,Series,Wert\n2011,Einbürgerungsquote,2\n")

    assert any("Die Pflichtspalte „Year“ fehlt" in problem for problem in problems)
    assert any("Die Pflichtspalte „Value“ fehlt" in problem for problem in problems)


@pytest.mark.django_db
def test_a_file_without_series_needs_a_picked_indicator_and_rows_must_match_it(ki, kreis, quote, courses):
    problems = refused(ki, kreis, "Year,Value\n2011,2\n")
    assert any("keine Spalte „Series“" in problem for problem in problems)

    problems = refused(ki, kreis, "Year,Series,Value\n2011,Teilnehmende an Integrationskursen,2\n", indicator=quote)
    assert problems == [
        "Zeile 2, Spalte „Series“: „Teilnehmende an Integrationskursen“ ist nicht der im Formular gewählte "
        "Indikator („Einbürgerungsquote“)."
    ]


@pytest.mark.django_db
def test_an_unknown_status_and_a_file_of_another_type_are_refused(ki, kreis, quote):
    problems = refused(ki, kreis, "Year,Series,Observation status,Value\n2011,Einbürgerungsquote,geheim,2\n")
    assert problems[0].startswith("Zeile 2, Spalte „Observation status“: „geheim“ ist kein bekannter Status.")

    problems = refused(ki, kreis, "Year,Value\n2011,2\n", name="statistik.ods")
    assert problems == ["Nur CSV-Dateien und Excel-Dateien (.xlsx) können importiert werden."]


@pytest.mark.django_db
def test_only_those_who_keep_the_concept_import(make_user, kreis, quote, state_council):
    for role in (Role.MEMBER, Role.READER, Role.STATE_STAFF):
        user = make_user(state_council if role == Role.STATE_STAFF else kreis, role)
        with pytest.raises(ApplicationError):
            run(user, kreis, "Year,Series,Value\n2011,Einbürgerungsquote,2\n")
    assert counts() == (0, 0)


# --- Area names ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_names_of_bodies_map_exactly_and_unknown_names_get_suggestions(kreis):
    areas = area_index(kreis)

    assert areas.key_for_name("Neuss") == "05162024"
    assert areas.key_for_name("neuss, stadt") == "05162024"  # the official name, in any case
    assert areas.key_for_name("Rhein-Kreis Neuss") == ""  # the body's own area
    assert areas.key_for_name("Stadt Neuss") is None
    suggestions = areas.suggestions("Stadt Neuss")
    assert suggestions[0].key == "05162024"
    assert suggestions[0].label == "Neuss, Stadt (05162024)"
    assert areas.suggestions("Grevenbroih")[0].key == "05162008"


@pytest.mark.django_db
def test_stadtteile_of_a_map_layer_are_known_by_key_and_name(kreis):
    layer = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"nr": "NE-01", "name": "Neuss-Innenstadt"}, "geometry": None}],
    }
    GeoLayerFactory(body=kreis, geojson=layer, key_property="nr", name_property="name", level="stadtteil")

    areas = area_index(kreis)

    assert areas.key_for_code("NE-01") == "NE-01"
    assert areas.key_for_name("Neuss-Innenstadt") == "NE-01"
    assert areas.suggestions("Innenstadt Neuss")[0].key in {"NE-01", "05162024"}


@pytest.mark.django_db
def test_unmapped_names_are_refused_until_mapped_and_then_remembered(ki, kreis, quote):
    text = (
        "Year,Series,GeoName,Value\n2011,Einbürgerungsquote,Stadt Neuss,2.1\n2012,Einbürgerungsquote,Stadt Neuss,2.2\n"
    )

    problems = refused(ki, kreis, text)
    assert problems == [
        "Zeile 2, Spalte „GeoName“: Das Gebiet „Stadt Neuss“ ist noch nicht bekannt. Bitte ordnen Sie ihm einen "
        "Gebietsschlüssel zu.",
        "Zeile 3, Spalte „GeoName“: Das Gebiet „Stadt Neuss“ ist noch nicht bekannt. Bitte ordnen Sie ihm einen "
        "Gebietsschlüssel zu.",
    ]
    parsed = services.statistics_check(body=kreis, data=text.encode(), file_name="s.csv")
    assert [(item.name, item.rows, item.suggestions[0].key) for item in parsed.unmapped] == [
        ("Stadt Neuss", [2, 3], "05162024")
    ]

    services.area_aliases_save(actor=ki, body=kreis, mappings={"Stadt Neuss": "5162024"})
    record = run(ki, kreis, text)

    assert record.created_rows == 2
    assert set(Observation.objects.values_list("area_ags", flat=True)) == {"05162024"}
    alias = AreaAlias.objects.get(body=kreis)
    assert (alias.name, alias.normalized, alias.area_key) == ("Stadt Neuss", "stadt neuss", "05162024")


@pytest.mark.django_db
def test_a_mapping_to_an_unknown_key_is_refused(ki, kreis):
    with pytest.raises(ApplicationError):
        services.area_aliases_save(actor=ki, body=kreis, mappings={"Stadt Neuss": "05999999"})
    assert not AreaAlias.objects.exists()


# --- All or nothing, idempotent ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failure_while_writing_the_second_indicator_writes_nothing(ki, kreis, quote, courses):
    real = strategy_services.observations_upsert
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["indicator"])
        if len(calls) == 2:
            raise ApplicationError("Absichtlicher Fehler")
        return real(**kwargs)

    with (
        mock.patch("querschnitt.reporting.services_statistics.observations_upsert", failing),
        pytest.raises(ApplicationError),
    ):
        run(ki, kreis, GOOD)

    assert len(calls) == 2
    assert counts() == (0, 0)
    assert not kreis.observation_imports.exists()


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing_and_the_log_says_so(ki, kreis, quote, courses):
    first = run(ki, kreis, GOOD)
    values = list(Observation.objects.order_by("pk").values_list("pk", "value", "modified"))

    again = run(ki, kreis, GOOD)

    assert (again.row_count, again.created_rows, again.updated_rows, again.unchanged_rows) == (5, 0, 0, 5)
    assert again.sha256 == first.sha256
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "modified")) == values
    changed = run(ki, kreis, GOOD.replace("2.4", "2.5"))
    assert (changed.created_rows, changed.updated_rows, changed.unchanged_rows) == (0, 1, 4)
