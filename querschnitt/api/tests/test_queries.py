"""Every list costs the same number of queries whatever its length (no N+1)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from querschnitt.strategy.models import MeasureBudget
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    ConceptFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MeasureFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(api, url):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def add_indicators(body, n, goals):
    for i in range(n):
        indicator = IndicatorFactory(body=body)
        indicator.guiding_goals.add(goals[0])
        indicator.annual_goals.add(goals[1])
        IndicatorTargetFactory(indicator=indicator)
        IndicatorTargetFactory(indicator=indicator, kind="open", value=None)
        for year in (2024, 2025):
            ObservationFactory(
                indicator=indicator, period_start=date(year, 1, 1), period_end=date(year, 12, 31), value=Decimal(i)
            )


def add_concept_tree(concept, n):
    for _ in range(n):
        field = FieldOfActionFactory(concept=concept)
        guiding = GuidingGoalFactory(field=field)
        AnnualGoalFactory(field=field, guiding_goal=guiding)
        AnnualGoalFactory(field=field)
        IndicatorFactory(body=concept.body).guiding_goals.add(guiding)


def add_measures(concept, n, goal):
    for _ in range(n):
        measure = MeasureFactory(concept=concept, field=FieldOfActionFactory(concept=concept))
        measure.guiding_goals.add(goal)
        MeasureBudget.objects.create(measure=measure, year=2026, amount=100)
        MeasureBudget.objects.create(measure=measure, year=2027, amount=200)


def test_indicator_list(office_api, body, django_assert_max_num_queries):
    goals = [GuidingGoalFactory(body=body), AnnualGoalFactory(body=body)]
    add_indicators(body, 1, goals)
    url = f"/api/bodies/{body.slug}/indicators"
    few = count_queries(office_api, url)
    add_indicators(body, 12, goals)
    with django_assert_max_num_queries(few):
        assert office_api.get(url).json()["count"] == 13


def test_concept_list(office_api, body, django_assert_max_num_queries):
    ConceptFactory(body=body)
    url = f"/api/bodies/{body.slug}/concepts"
    few = count_queries(office_api, url)
    for _ in range(10):
        ConceptFactory(body=body)
    with django_assert_max_num_queries(few):
        assert office_api.get(url).json()["count"] == 11


def test_concept_detail_tree(office_api, body, django_assert_max_num_queries):
    concept = ConceptFactory(body=body)
    add_concept_tree(concept, 1)
    url = f"/api/bodies/{body.slug}/concepts/{concept.pk}"
    few = count_queries(office_api, url)
    add_concept_tree(concept, 10)
    with django_assert_max_num_queries(few):
        assert len(office_api.get(url).json()["fields"]) == 11


def test_measure_list(office_api, body, django_assert_max_num_queries):
    concept = ConceptFactory(body=body)
    goal = GuidingGoalFactory(field=FieldOfActionFactory(concept=concept))
    add_measures(concept, 1, goal)
    url = f"/api/bodies/{body.slug}/concepts/{concept.pk}/measures"
    few = count_queries(office_api, url)
    add_measures(concept, 10, goal)
    with django_assert_max_num_queries(few):
        assert office_api.get(url).json()["count"] == 11


def test_observation_list(office_api, body, django_assert_max_num_queries):
    indicator = IndicatorFactory(body=body)
    ObservationFactory(indicator=indicator, period_start=date(2000, 1, 1), period_end=date(2000, 12, 31))
    url = f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations"
    few = count_queries(office_api, url)
    for year in range(2001, 2021):
        ObservationFactory(indicator=indicator, period_start=date(year, 1, 1), period_end=date(year, 12, 31))
    with django_assert_max_num_queries(few):
        assert office_api.get(url).json()["count"] == 21


def test_body_list(api_client_for, make_user, body, django_assert_max_num_queries):
    from querschnitt.tenancy.services import role_assignment_create
    from querschnitt.tenancy.tests.factories import BodyFactory

    user = make_user(body, "office")
    api = api_client_for(user)
    few = count_queries(api, "/api/bodies")
    for _ in range(8):
        role_assignment_create(actor=None, user=user, body=BodyFactory(), role="reader")
    with django_assert_max_num_queries(few):
        assert api.get("/api/bodies").json()["count"] == 9


def test_bulk_observations_cost_the_same_for_ten_and_for_a_hundred(office_api, body):
    indicator = IndicatorFactory(body=body)
    url = f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations"

    def rows(n, offset):
        return [
            {"period_start": f"{1900 + offset + i}-01-01", "period_end": f"{1900 + offset + i}-12-31", "value": i}
            for i in range(n)
        ]

    with CaptureQueriesContext(connection) as small:
        assert office_api.post(url, rows(10, 0)).status_code == 200
    with CaptureQueriesContext(connection) as large:
        assert office_api.post(url, rows(100, 10)).status_code == 200
    # The first request may also note the token's last use (at most once a minute): no growth is what counts.
    assert len(large) <= len(small)
