"""Measures through the API."""

import pytest

from querschnitt.strategy.models import Measure, MeasureBudget
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    ConceptFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    MeasureFactory,
)

pytestmark = pytest.mark.django_db


def test_list_measures_with_filters(office_api, body):
    concept = ConceptFactory(body=body)
    language = FieldOfActionFactory(concept=concept, title="Sprache", order=1)
    work = FieldOfActionFactory(concept=concept, title="Arbeit", order=2)
    running = MeasureFactory(concept=concept, field=language, title="Sprachcafé", status="running")
    MeasureFactory(concept=concept, field=work, title="Jobpatenschaften", status="planned")
    MeasureBudget.objects.create(measure=running, year=2026, amount=600, amount_max=1200, basis="pro Kurs")
    url = f"/api/bodies/{body.slug}/concepts/{concept.pk}/measures"

    data = office_api.get(url).json()
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Sprachcafé", "Jobpatenschaften"]
    first = data["items"][0]
    assert first["field_title"] == "Sprache" and first["status_label"] == "laufend"
    assert first["budget_lines"][0]["amount"] == "600" and first["budget_lines"][0]["amount_max"] == "1200"

    assert [m["title"] for m in office_api.get(url, {"status": "planned"}).json()["items"]] == ["Jobpatenschaften"]
    assert [m["title"] for m in office_api.get(url, {"field_id": language.pk}).json()["items"]] == ["Sprachcafé"]
    assert office_api.get(url, {"status": "irgendwas"}).status_code == 422


def test_create_measure_with_field_and_goals(office_api, office_user, body):
    concept = ConceptFactory(body=body)
    field = FieldOfActionFactory(concept=concept)
    guiding = GuidingGoalFactory(field=field)
    annual = AnnualGoalFactory(field=field)

    response = office_api.post(
        f"/api/bodies/{body.slug}/concepts/{concept.pk}/measures",
        {
            "title": "Sprachpatenschaften",
            "field_id": field.pk,
            "lead_owner": "Kommunales Integrationszentrum",
            "status": "running",
            "start_date": "2026-02-01",
            "progress": 20,
            "guiding_goal_ids": [guiding.pk],
            "annual_goal_ids": [annual.pk],
        },
    )

    assert response.status_code == 201, response.json()
    measure = Measure.objects.get(pk=response.json()["id"])
    assert measure.concept == concept and measure.field == field and measure.progress == 20
    assert list(measure.guiding_goals.all()) == [guiding] and list(measure.annual_goals.all()) == [annual]
    assert measure.history.first().history_user == office_user


def test_measure_with_a_field_of_another_concept_is_refused(office_api, body):
    concept = ConceptFactory(body=body)
    other_field = FieldOfActionFactory(body=body)
    response = office_api.post(
        f"/api/bodies/{body.slug}/concepts/{concept.pk}/measures", {"title": "X", "field_id": other_field.pk}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "field_id"
    assert not Measure.objects.exists()


def test_progress_over_100_is_a_422(office_api, body):
    concept = ConceptFactory(body=body)
    response = office_api.post(
        f"/api/bodies/{body.slug}/concepts/{concept.pk}/measures", {"title": "X", "progress": 120}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "progress"


def test_measure_detail_update_delete(office_api, body):
    measure = MeasureFactory(body=body, title="Alt")
    goal = GuidingGoalFactory(field=FieldOfActionFactory(concept=measure.concept))
    url = f"/api/bodies/{body.slug}/measures/{measure.pk}"

    assert office_api.get(url).json()["title"] == "Alt"
    response = office_api.patch(url, {"status": "completed", "progress": 100, "guiding_goal_ids": [goal.pk]})
    assert response.status_code == 200, response.json()
    measure.refresh_from_db()
    assert measure.status == "completed" and measure.progress == 100 and measure.title == "Alt"
    assert list(measure.guiding_goals.all()) == [goal]

    assert office_api.delete(url).status_code == 204
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_end_before_start_is_a_422(office_api, body):
    measure = MeasureFactory(body=body)
    response = office_api.patch(
        f"/api/bodies/{body.slug}/measures/{measure.pk}", {"start_date": "2026-05-01", "end_date": "2026-01-01"}
    )
    assert response.status_code == 422


def test_an_end_before_the_stored_start_is_a_400_at_the_field(office_api, body):
    from datetime import date

    measure = MeasureFactory(body=body, start_date=date(2026, 5, 1))
    response = office_api.patch(f"/api/bodies/{body.slug}/measures/{measure.pk}", {"end_date": "2026-01-01"})
    assert response.status_code == 400
    assert response.json()["field"] == "end_date"
    assert response.json()["detail"] == "Das Ende darf nicht vor dem Beginn liegen."
    measure.refresh_from_db()
    assert measure.end_date is None
