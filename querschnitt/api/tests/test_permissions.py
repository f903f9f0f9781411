"""Who may do what: 401 without a token, 404 for another body's data (and for people without a role in the body),
403 for writes by people who may only read."""

import pytest

from querschnitt.api.tests.client import ApiClient
from querschnitt.strategy.models import AnnualGoal, Concept, FieldOfAction, GuidingGoal, Indicator, Measure
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    ConceptFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MeasureFactory,
)
from querschnitt.tenancy.models import Role

pytestmark = pytest.mark.django_db

EDITORS = [Role.OFFICE, Role.INTEGRATION_CENTRE]
READERS = [Role.MEMBER, Role.MODERATOR, Role.READER]


@pytest.fixture
def world(body):
    concept = ConceptFactory(body=body)
    field = FieldOfActionFactory(concept=concept)
    return {
        "concept": concept,
        "field": field,
        "guiding": GuidingGoalFactory(field=field),
        "annual": AnnualGoalFactory(field=field),
        "indicator": IndicatorFactory(body=body),
        "target": IndicatorTargetFactory(body=body),
        "measure": MeasureFactory(concept=concept),
    }


def reads(slug, w):
    return [
        f"/api/bodies/{slug}/concepts",
        f"/api/bodies/{slug}/concepts/{w['concept'].pk}",
        f"/api/bodies/{slug}/fields/{w['field'].pk}",
        f"/api/bodies/{slug}/guiding-goals/{w['guiding'].pk}",
        f"/api/bodies/{slug}/annual-goals/{w['annual'].pk}",
        f"/api/bodies/{slug}/indicators",
        f"/api/bodies/{slug}/indicators/{w['indicator'].pk}",
        f"/api/bodies/{slug}/indicators/{w['indicator'].pk}/observations",
        f"/api/bodies/{slug}/concepts/{w['concept'].pk}/measures",
        f"/api/bodies/{slug}/measures/{w['measure'].pk}",
    ]


def writes(slug, w):
    """(method, url, valid payload) for every write."""
    observation = [{"period_start": "2025-01-01", "period_end": "2025-12-31", "value": 1}]
    return [
        ("post", f"/api/bodies/{slug}/concepts", {"title": "Neu"}),
        ("patch", f"/api/bodies/{slug}/concepts/{w['concept'].pk}", {"title": "Geändert"}),
        ("post", f"/api/bodies/{slug}/concepts/{w['concept'].pk}/fields", {"title": "Neu"}),
        ("patch", f"/api/bodies/{slug}/fields/{w['field'].pk}", {"title": "Geändert"}),
        ("post", f"/api/bodies/{slug}/fields/{w['field'].pk}/guiding-goals", {"text": "Neu"}),
        ("patch", f"/api/bodies/{slug}/guiding-goals/{w['guiding'].pk}", {"text": "Geändert"}),
        ("post", f"/api/bodies/{slug}/fields/{w['field'].pk}/annual-goals", {"text": "Neu"}),
        ("patch", f"/api/bodies/{slug}/annual-goals/{w['annual'].pk}", {"text": "Geändert"}),
        ("post", f"/api/bodies/{slug}/indicators", {"name": "Neu"}),
        ("patch", f"/api/bodies/{slug}/indicators/{w['indicator'].pk}", {"name": "Geändert"}),
        ("post", f"/api/bodies/{slug}/indicators/{w['indicator'].pk}/targets", {"kind": "open"}),
        ("patch", f"/api/bodies/{slug}/targets/{w['target'].pk}", {"description": "Geändert"}),
        ("post", f"/api/bodies/{slug}/indicators/{w['indicator'].pk}/observations", observation),
        ("post", f"/api/bodies/{slug}/concepts/{w['concept'].pk}/measures", {"title": "Neu"}),
        ("patch", f"/api/bodies/{slug}/measures/{w['measure'].pk}", {"title": "Geändert"}),
    ]


def deletes(slug, w):
    return [
        f"/api/bodies/{slug}/targets/{w['target'].pk}",
        f"/api/bodies/{slug}/annual-goals/{w['annual'].pk}",
        f"/api/bodies/{slug}/guiding-goals/{w['guiding'].pk}",
        f"/api/bodies/{slug}/measures/{w['measure'].pk}",
        f"/api/bodies/{slug}/indicators/{w['indicator'].pk}",
        f"/api/bodies/{slug}/fields/{w['field'].pk}",
    ]


def snapshot():
    models = [Concept, FieldOfAction, GuidingGoal, AnnualGoal, Indicator, Measure]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.mark.parametrize("role", EDITORS + READERS)
def test_everyone_in_the_body_reads(api_client_for, make_user, body, world, role):
    api = api_client_for(make_user(body, role))
    for url in reads(body.slug, world):
        assert api.get(url).status_code == 200, url


@pytest.mark.parametrize("role", EDITORS)
def test_office_and_integration_centre_write(api_client_for, make_user, body, world, role):
    api = api_client_for(make_user(body, role))
    for method, url, payload in writes(body.slug, world):
        response = getattr(api, method)(url, payload)
        assert response.status_code in (200, 201), (url, response.json())
    for url in deletes(body.slug, world):
        assert api.delete(url).status_code == 204, url


@pytest.mark.parametrize("role", READERS)
def test_readers_get_403_in_german_and_nothing_changes(api_client_for, make_user, body, world, role):
    api = api_client_for(make_user(body, role))
    before = snapshot()
    for method, url, payload in writes(body.slug, world):
        response = getattr(api, method)(url, payload)
        assert response.status_code == 403, url
        assert response.json()["detail"].startswith("Sie dürfen"), response.json()
    for url in deletes(body.slug, world):
        assert api.delete(url).status_code == 403, url
    assert snapshot() == before


@pytest.mark.parametrize("role", EDITORS + READERS)
def test_people_of_another_body_get_404_for_everything(api_client_for, make_user, body, other_body, world, role):
    api = api_client_for(make_user(other_body, role))
    before = snapshot()
    for url in reads(body.slug, world):
        assert api.get(url).status_code == 404, url
    for method, url, payload in writes(body.slug, world):
        assert getattr(api, method)(url, payload).status_code == 404, url
    for url in deletes(body.slug, world):
        assert api.delete(url).status_code == 404, url
    assert snapshot() == before


def test_own_body_in_the_path_but_another_bodys_objects_is_a_404(api_client_for, office_user, body, other_body):
    foreign = {
        "concept": ConceptFactory(body=other_body),
        "field": FieldOfActionFactory(body=other_body),
        "guiding": GuidingGoalFactory(body=other_body),
        "annual": AnnualGoalFactory(body=other_body),
        "indicator": IndicatorFactory(body=other_body),
        "target": IndicatorTargetFactory(body=other_body),
        "measure": MeasureFactory(body=other_body),
    }
    api = api_client_for(office_user)
    before = snapshot()
    for url in reads(body.slug, foreign)[1:]:
        if url.endswith("/indicators"):
            continue
        assert api.get(url).status_code == 404, url
    for method, url, payload in writes(body.slug, foreign):
        if url.endswith(("/concepts", "/indicators")):
            continue  # these create in the own body
        assert getattr(api, method)(url, payload).status_code == 404, url
    for url in deletes(body.slug, foreign):
        assert api.delete(url).status_code == 404, url
    assert snapshot() == before


def test_a_user_without_any_role_gets_404(api_client_for, make_user, body, world):
    api = api_client_for(make_user())
    assert api.get(f"/api/bodies/{body.slug}/concepts").status_code == 404
    assert api.get("/api/bodies").json()["count"] == 0


def test_anonymous_gets_401_everywhere(body, world):
    api = ApiClient()
    for url in reads(body.slug, world):
        assert api.get(url).status_code == 401, url
    for method, url, payload in writes(body.slug, world):
        assert getattr(api, method)(url, payload).status_code == 401, url
    for url in deletes(body.slug, world):
        assert api.delete(url).status_code == 401, url


def test_unknown_body_is_a_404(office_api):
    assert office_api.get("/api/bodies/gibt-es-nicht/concepts").status_code == 404


def test_state_staff_read_every_body_but_do_not_edit(api_client_for, make_user, state_council, body, world):
    api = api_client_for(make_user(state_council, Role.STATE_STAFF))
    assert api.get(f"/api/bodies/{body.slug}/concepts").status_code == 200
    assert api.post(f"/api/bodies/{body.slug}/concepts", {"title": "X"}).status_code == 403


def test_body_list_shows_the_callers_bodies_with_roles(api_client_for, make_user, body, other_body):
    user = make_user(body, Role.READER)
    data = api_client_for(user).get("/api/bodies").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["slug"] == body.slug and item["roles"] == ["reader"] and item["may_edit_concept"] is False
