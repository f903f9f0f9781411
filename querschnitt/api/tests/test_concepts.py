"""Concepts, fields of action, guiding goals and annual goals through the API."""

import pytest

from querschnitt.strategy.models import AnnualGoal, Concept, FieldOfAction, GuidingGoal
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    ConceptFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
)

pytestmark = pytest.mark.django_db


def test_list_concepts_newest_first_and_paginated(office_api, body, other_body):
    ConceptFactory(body=body, version=1, title="Konzept 2015")
    ConceptFactory(body=body, version=2, title="Konzept 2025")
    ConceptFactory(body=other_body, version=1, title="Fremdes Konzept")

    response = office_api.get(f"/api/bodies/{body.slug}/concepts")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Konzept 2025", "Konzept 2015"]
    assert data["items"][0]["status"] == "draft"
    assert data["items"][0]["status_label"] == "Entwurf"

    page = office_api.get(f"/api/bodies/{body.slug}/concepts", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and [item["title"] for item in page["items"]] == ["Konzept 2015"]


def test_limit_above_200_is_refused(office_api, body):
    response = office_api.get(f"/api/bodies/{body.slug}/concepts", {"limit": 201})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_create_concept(office_api, office_user, body):
    response = office_api.post(
        f"/api/bodies/{body.slug}/concepts",
        {"title": "Integrationskonzept 2026", "period_start": "2026-01-01", "period_end": "2030-12-31"},
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    concept = Concept.objects.get(pk=data["id"])
    assert concept.body == body and concept.version == 1 and concept.title == "Integrationskonzept 2026"
    assert data["period_end"] == "2030-12-31" and data["fields"] == []
    assert concept.history.first().history_user == office_user


def test_creating_an_adopted_concept_supersedes_the_adopted_one(office_api, body):
    old = ConceptFactory(body=body, version=1, status="adopted")
    response = office_api.post(f"/api/bodies/{body.slug}/concepts", {"title": "Neu", "status": "adopted"})
    assert response.status_code == 201
    old.refresh_from_db()
    assert old.status == "superseded"
    assert Concept.objects.get(pk=response.json()["id"]).status == "adopted"


def test_concept_detail_nests_fields_guiding_goals_and_annual_goals(office_api, body):
    concept = ConceptFactory(body=body)
    field = FieldOfActionFactory(concept=concept, title="Sprache und Bildung", order=1)
    FieldOfActionFactory(concept=concept, title="Arbeit", order=2)
    guiding = GuidingGoalFactory(field=field, text="Alle Kinder sprechen Deutsch")
    under = AnnualGoalFactory(field=field, guiding_goal=guiding, text="Sprachkurse in Kitas")
    loose = AnnualGoalFactory(field=field, text="Elternarbeit")
    indicator = IndicatorFactory(body=body)
    indicator.guiding_goals.add(guiding)

    response = office_api.get(f"/api/bodies/{body.slug}/concepts/{concept.pk}")

    assert response.status_code == 200
    data = response.json()
    assert [f["title"] for f in data["fields"]] == ["Sprache und Bildung", "Arbeit"]
    first = data["fields"][0]
    assert first["guiding_goals"][0]["text"] == "Alle Kinder sprechen Deutsch"
    assert first["guiding_goals"][0]["indicator_ids"] == [indicator.pk]
    assert [a["id"] for a in first["guiding_goals"][0]["annual_goals"]] == [under.pk]
    assert [a["id"] for a in first["annual_goals"]] == [loose.pk]
    assert data["fields"][1]["guiding_goals"] == []


def test_patch_concept_changes_only_what_is_sent(office_api, body):
    concept = ConceptFactory(body=body, title="Alt", mission_statement="Leitbild")
    response = office_api.patch(f"/api/bodies/{body.slug}/concepts/{concept.pk}", {"title": "Neu"})
    assert response.status_code == 200
    concept.refresh_from_db()
    assert concept.title == "Neu" and concept.mission_statement == "Leitbild"


def test_patch_refuses_null_for_a_required_field_and_unknown_fields(office_api, body):
    concept = ConceptFactory(body=body, title="Alt")
    url = f"/api/bodies/{body.slug}/concepts/{concept.pk}"
    assert office_api.patch(url, {"title": None}).status_code == 422
    response = office_api.patch(url, {"titel": "Tippfehler"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "extra_forbidden"
    concept.refresh_from_db()
    assert concept.title == "Alt"


def test_field_of_action_create_update_delete(office_api, body):
    concept = ConceptFactory(body=body)
    area = FieldOfActionFactory(concept=concept, title="Bereich")

    created = office_api.post(
        f"/api/bodies/{body.slug}/concepts/{concept.pk}/fields",
        {"title": "Wohnen", "parent_id": area.pk, "priority_points": 12},
    )
    assert created.status_code == 201, created.json()
    field = FieldOfAction.objects.get(pk=created.json()["id"])
    assert field.parent == area and field.priority_points == 12 and field.concept == concept

    url = f"/api/bodies/{body.slug}/fields/{field.pk}"
    assert office_api.get(url).json()["title"] == "Wohnen"
    updated = office_api.patch(url, {"title": "Wohnen und Quartier", "parent_id": None})
    assert updated.status_code == 200
    field.refresh_from_db()
    assert field.title == "Wohnen und Quartier" and field.parent is None

    assert office_api.delete(url).status_code == 204
    assert not FieldOfAction.objects.filter(pk=field.pk).exists()


def test_field_parent_from_another_concept_is_a_400_at_parent_id(office_api, body):
    concept = ConceptFactory(body=body)
    foreign_area = FieldOfActionFactory(body=body)  # same body, other concept
    response = office_api.post(
        f"/api/bodies/{body.slug}/concepts/{concept.pk}/fields", {"title": "X", "parent_id": foreign_area.pk}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "parent_id"
    assert not FieldOfAction.objects.filter(title="X").exists()


def test_field_parent_of_another_body_is_unknown(office_api, body, other_body):
    concept = ConceptFactory(body=body)
    foreign = FieldOfActionFactory(body=other_body)
    response = office_api.post(
        f"/api/bodies/{body.slug}/concepts/{concept.pk}/fields", {"title": "X", "parent_id": foreign.pk}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "parent_id"
    assert "gehört zu keinem" in response.json()["detail"]


def test_guiding_goal_create_update_delete(office_api, body):
    field = FieldOfActionFactory(body=body)
    created = office_api.post(
        f"/api/bodies/{body.slug}/fields/{field.pk}/guiding-goals",
        {"text": "Chancengleichheit in der Bildung", "rationale": "Weil"},
    )
    assert created.status_code == 201, created.json()
    goal = GuidingGoal.objects.get(pk=created.json()["id"])
    assert goal.field == field and goal.order == 1

    url = f"/api/bodies/{body.slug}/guiding-goals/{goal.pk}"
    response = office_api.patch(url, {"progress_override": "on_track", "progress_override_reason": "Bericht 2026"})
    assert response.status_code == 200, response.json()
    assert response.json()["progress_override_label"] == "Auf Kurs"
    goal.refresh_from_db()
    assert goal.progress_override == "on_track" and goal.progress_override_reason == "Bericht 2026"

    cleared = office_api.patch(url, {"progress_override": None})
    assert cleared.json()["progress_override"] == ""

    assert office_api.delete(url).status_code == 204
    assert not GuidingGoal.objects.filter(pk=goal.pk).exists()


def test_manual_progress_needs_a_reason(office_api, body):
    goal = GuidingGoalFactory(body=body)
    response = office_api.patch(f"/api/bodies/{body.slug}/guiding-goals/{goal.pk}", {"progress_override": "reached"})
    assert response.status_code == 400
    assert response.json()["field"] == "progress_override_reason"
    goal.refresh_from_db()
    assert goal.progress_override == ""


def test_annual_goal_create_update_delete(office_api, body):
    field = FieldOfActionFactory(body=body)
    guiding = GuidingGoalFactory(field=field)
    created = office_api.post(
        f"/api/bodies/{body.slug}/fields/{field.pk}/annual-goals",
        {"text": "20 Sprachpat*innen", "guiding_goal_id": guiding.pk, "year_start": 2026, "year_end": 2027},
    )
    assert created.status_code == 201, created.json()
    goal = AnnualGoal.objects.get(pk=created.json()["id"])
    assert goal.guiding_goal == guiding and goal.year_end == 2027

    url = f"/api/bodies/{body.slug}/annual-goals/{goal.pk}"
    assert office_api.patch(url, {"owner": "KI"}).json()["owner"] == "KI"
    assert office_api.get(url).json()["guiding_goal_id"] == guiding.pk
    assert office_api.delete(url).status_code == 204
    assert not AnnualGoal.objects.filter(pk=goal.pk).exists()


def test_annual_goal_with_the_guiding_goal_of_another_field_is_refused(office_api, body):
    field = FieldOfActionFactory(body=body)
    other_guiding = GuidingGoalFactory(field=FieldOfActionFactory(concept=field.concept))
    response = office_api.post(
        f"/api/bodies/{body.slug}/fields/{field.pk}/annual-goals",
        {"text": "X", "guiding_goal_id": other_guiding.pk},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Das Leitziel muss zum selben Handlungsfeld gehören.",
        "field": "guiding_goal_id",
    }
    assert not AnnualGoal.objects.exists()


def test_years_in_the_wrong_order_are_a_422_in_german(office_api, body):
    field = FieldOfActionFactory(body=body)
    response = office_api.post(
        f"/api/bodies/{body.slug}/fields/{field.pk}/annual-goals", {"text": "X", "year_start": 2027, "year_end": 2026}
    )
    assert response.status_code == 422
    assert "Das letzte Jahr darf nicht vor dem ersten liegen." in response.json()["detail"]
