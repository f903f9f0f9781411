"""Indicators, targets and observations through the API."""

from datetime import date
from decimal import Decimal

import pytest

from querschnitt.strategy.models import (
    Indicator,
    IndicatorCatalogueEntry,
    IndicatorTarget,
    Observation,
    ObservationImport,
)
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db


def test_list_indicators_with_targets_and_status(office_api, body, other_body):
    indicator = IndicatorFactory(body=body, name="Übergangsquote Gymnasium", polarity="up", baseline_value=Decimal(30))
    IndicatorTargetFactory(indicator=indicator, kind="value", value=Decimal("40.5"), due_date=date(2030, 12, 31))
    ObservationFactory(indicator=indicator, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), value=30)
    ObservationFactory(indicator=indicator, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=41)
    IndicatorFactory(body=other_body, name="Fremder Indikator")

    response = office_api.get(f"/api/bodies/{body.slug}/indicators")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["name"] == "Übergangsquote Gymnasium"
    assert item["baseline_value"] == "30"
    assert item["targets"][0]["value"] == "40.5"
    assert item["targets"][0]["due_date"] == "2030-12-31"
    assert item["status"] == "reached" and item["status_label"] == "Ziel erreicht"
    assert item["latest_value"] == "41" and item["latest_period_end"] == "2025-12-31"


def test_search_indicators_by_name(office_api, body):
    IndicatorFactory(body=body, name="Einbürgerungen")
    IndicatorFactory(body=body, name="Arbeitslosenquote")
    data = office_api.get(f"/api/bodies/{body.slug}/indicators", {"q": "bürger"}).json()
    assert [item["name"] for item in data["items"]] == ["Einbürgerungen"]


def test_create_indicator_with_goal_links_and_catalogue_entry(office_api, body):
    guiding = GuidingGoalFactory(body=body)
    annual = AnnualGoalFactory(body=body)
    entry = IndicatorCatalogueEntry.objects.create(
        code=9901,
        name="Testindikator",
        definition="Anteil X an Y",
        field_of_action="Bildung",
        source="IT.NRW",
        levels="K, G",
        sets="Test",
        polarity="down",
    )

    response = office_api.post(
        f"/api/bodies/{body.slug}/indicators",
        {
            "name": "Anteil X",
            "catalogue_code": entry.code,
            "unit": "%",
            "baseline_value": 12.25,
            "baseline_date": "2024-12-31",
            "guiding_goal_ids": [guiding.pk],
            "annual_goal_ids": [annual.pk],
        },
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    indicator = Indicator.objects.get(pk=data["id"])
    assert indicator.body == body and indicator.catalogue_entry == entry
    assert indicator.definition == "Anteil X an Y" and indicator.polarity == "down"
    assert indicator.baseline_value == Decimal("12.25")
    assert list(indicator.guiding_goals.all()) == [guiding] and list(indicator.annual_goals.all()) == [annual]
    assert data["guiding_goal_ids"] == [guiding.pk] and data["catalogue_code"] == 9901
    assert data["baseline_value"] == "12.25" and data["status"] == "no_data"


def test_goal_links_to_another_body_are_refused_and_nothing_is_written(office_api, body, other_body):
    foreign = GuidingGoalFactory(body=other_body)
    response = office_api.post(f"/api/bodies/{body.slug}/indicators", {"name": "X", "guiding_goal_ids": [foreign.pk]})
    assert response.status_code == 400
    assert response.json()["field"] == "guiding_goal_ids"
    assert not Indicator.objects.filter(body=body).exists()


def test_unknown_catalogue_number_is_a_400(office_api, body):
    response = office_api.post(f"/api/bodies/{body.slug}/indicators", {"name": "X", "catalogue_code": 424242})
    assert response.status_code == 400
    assert response.json()["field"] == "catalogue_code"


def test_indicator_detail_update_delete(office_api, body):
    indicator = IndicatorFactory(body=body)
    goal = GuidingGoalFactory(body=body)
    url = f"/api/bodies/{body.slug}/indicators/{indicator.pk}"

    assert office_api.get(url).json()["id"] == indicator.pk
    response = office_api.patch(url, {"unit": "Personen", "kind": "count", "guiding_goal_ids": [goal.pk]})
    assert response.status_code == 200, response.json()
    assert response.json()["kind_label"] == "Anzahl"
    indicator.refresh_from_db()
    assert indicator.unit == "Personen" and list(indicator.guiding_goals.all()) == [goal]

    # Leaving the links out keeps them.
    office_api.patch(url, {"unit": "%"})
    assert list(indicator.guiding_goals.all()) == [goal]

    assert office_api.delete(url).status_code == 204
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_invalid_choice_is_a_422_with_the_choices(office_api, body):
    response = office_api.post(f"/api/bodies/{body.slug}/indicators", {"name": "X", "polarity": "sideways"})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "polarity"
    assert "up" in error["message"] and "down" in error["message"]


def test_targets_create_update_delete(office_api, body):
    indicator = IndicatorFactory(body=body)
    created = office_api.post(
        f"/api/bodies/{body.slug}/indicators/{indicator.pk}/targets",
        {"kind": "minimum", "value": "25", "due_date": "2028-12-31", "due_label": "bis Ende 2028"},
    )
    assert created.status_code == 201, created.json()
    target = IndicatorTarget.objects.get(pk=created.json()["id"])
    assert target.indicator == indicator and target.value == Decimal(25)
    assert created.json()["kind_label"] == "mindestens"

    url = f"/api/bodies/{body.slug}/targets/{target.pk}"
    assert office_api.patch(url, {"value": 30}).json()["value"] == "30"
    assert office_api.delete(url).status_code == 204
    assert not IndicatorTarget.objects.filter(pk=target.pk).exists()


def test_target_without_value_is_refused(office_api, body):
    indicator = IndicatorFactory(body=body)
    response = office_api.post(f"/api/bodies/{body.slug}/indicators/{indicator.pk}/targets", {"kind": "value"})
    assert response.status_code == 400
    assert response.json()["field"] == "value"


# --- Observations ---------------------------------------------------------------------------------------------------

ROWS = [
    {"period_start": "2024-01-01", "period_end": "2024-12-31", "value": 12.5, "period_label": "2024"},
    {"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "13.25", "source": "IT.NRW"},
    {"period_start": "2025-01-01", "period_end": "2025-12-31", "value": 7, "breakdown": {"geschlecht": "w"}},
    {"period_start": "2025-01-01", "period_end": "2025-12-31", "value": 5, "area_ags": "05162004"},
]


def test_bulk_observations_then_the_same_again_changes_nothing(office_api, office_user, body):
    indicator = IndicatorFactory(body=body)
    url = f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations"

    first = office_api.post(url, ROWS)

    assert first.status_code == 200, first.json()
    assert first.json() | {"import_id": 0} == {"import_id": 0, "created": 4, "updated": 0, "unchanged": 0}
    assert indicator.observations.count() == 4
    log = ObservationImport.objects.get(pk=first.json()["import_id"])
    assert log.imported_by == office_user and log.file_name.startswith("API (")
    modified = {obs.pk: obs.modified for obs in indicator.observations.all()}

    again = office_api.post(url, ROWS)

    assert again.status_code == 200
    assert again.json() | {"import_id": 0} == {"import_id": 0, "created": 0, "updated": 0, "unchanged": 4}
    assert indicator.observations.count() == 4
    assert {obs.pk: obs.modified for obs in indicator.observations.all()} == modified


def test_bulk_updates_a_changed_value(office_api, body):
    indicator = IndicatorFactory(body=body)
    url = f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations"
    office_api.post(url, ROWS)
    changed = [dict(ROWS[0], value=99), *ROWS[1:]]

    response = office_api.post(url, changed)

    assert response.json()["updated"] == 1 and response.json()["unchanged"] == 3
    assert indicator.observations.get(period_label="2024").value == Decimal(99)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"value": "viel"}, "value"),
        ({"value": "1.23456"}, "value"),
        ({"period_end": "2023-12-31"}, None),
        ({"period_start": "31.12.2024"}, "period_start"),
        ({"area_ags": "Neuss"}, "area_ags"),
        ({"unknown": 1}, "unknown"),
    ],
    ids=["no number", "too many places", "period reversed", "german date", "ags letters", "unknown field"],
)
def test_a_bad_item_names_its_position_and_nothing_is_written(office_api, body, bad, field):
    indicator = IndicatorFactory(body=body)
    rows = [ROWS[0], ROWS[1], dict(ROWS[2], **bad), ROWS[3]]

    response = office_api.post(f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations", rows)

    assert response.status_code == 422, response.json()
    data = response.json()
    assert [error["index"] for error in data["errors"]] == [2]
    assert data["errors"][0]["field"] == field
    assert data["detail"].startswith("Eintrag 2")
    assert not indicator.observations.exists()
    assert not ObservationImport.objects.exists()


def test_the_same_key_twice_is_refused_at_the_second_item(office_api, body):
    indicator = IndicatorFactory(body=body)
    rows = [ROWS[0], ROWS[1], dict(ROWS[1], value=1)]
    response = office_api.post(f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations", rows)
    assert response.status_code == 422
    assert response.json()["errors"][0]["index"] == 2
    assert "Eintrag 1" in response.json()["errors"][0]["message"]
    assert not indicator.observations.exists()


def test_an_empty_list_or_an_object_is_refused(office_api, body):
    indicator = IndicatorFactory(body=body)
    url = f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations"
    assert office_api.post(url, []).status_code == 422
    assert office_api.post(url, ROWS[0]).status_code == 422
    response = office_api.post(url, "{kaputt", headers={})
    assert response.status_code in (400, 422)


def test_invalid_json_is_a_400_in_german(office_api, body):
    indicator = IndicatorFactory(body=body)
    response = office_api.client.post(
        f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations",
        data="[{kaputt",
        content_type="application/json",
        headers=office_api.headers,
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Der Inhalt der Anfrage ist kein gültiges JSON."


def test_list_observations_paginated_and_filtered(office_api, body):
    indicator = IndicatorFactory(body=body)
    office_api.post(f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations", ROWS)
    url = f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations"

    data = office_api.get(url).json()
    assert data["count"] == 4
    assert data["items"][0]["period_start"] == "2024-01-01" and data["items"][0]["value"] == "12.5"

    totals = office_api.get(url, {"total_only": "true", "area_ags": ""}).json()
    assert totals["count"] == 2
    assert office_api.get(url, {"limit": 1}).json()["items"][0]["period_label"] == "2024"


def test_observations_of_another_bodys_indicator_are_a_404(office_api, body, other_body):
    foreign = IndicatorFactory(body=other_body)
    ObservationFactory(indicator=foreign)
    url = f"/api/bodies/{body.slug}/indicators/{foreign.pk}/observations"
    assert office_api.get(url).status_code == 404
    assert office_api.post(url, ROWS).status_code == 404
    assert Observation.objects.filter(indicator=foreign).count() == 1
