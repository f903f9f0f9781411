"""Schemathesis against the API's own OpenAPI schema: no answer is a 5xx, and every answer fits the schema.

Every operation is called anonymously and with the token of a committee office, with generated valid input
(positive) and generated invalid input (negative), against a body that has a concept with fields, goals, an
indicator with a target and observations, and a measure. Path ids are the real ones of that body (so that
writes reach the services) or generated ones (so that unknown ids are proven to be 404s, not 500s).
"""

from __future__ import annotations

import json
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from querschnitt.api.tests.client import ApiClient
from querschnitt.api.tests.factories import ApiTokenFactory
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

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# django-ninja's and pydantic's own (English) messages, which the API's handlers replace by German ones.
ENGLISH = re.compile(r"\b(the|is|should|please|required|not found|unauthorized|cannot)\b", re.IGNORECASE)
EXAMPLES = 5  # per operation and mode; 16 paths, 29 operations


@pytest.fixture
def api_schema(db):
    """The schema, with the WSGI application to call. As Django's test client does, the connection is kept open
    between requests: closing it after each one would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def data(body):
    concept = ConceptFactory(body=body)
    field = FieldOfActionFactory(concept=concept)
    guiding = GuidingGoalFactory(field=field)
    annual = AnnualGoalFactory(field=field)
    indicator = IndicatorFactory(body=body)
    target = IndicatorTargetFactory(indicator=indicator)
    ObservationFactory(indicator=indicator)
    measure = MeasureFactory(concept=concept, field=field)
    return {
        "body": body.slug,
        "concept_id": concept.pk,
        "fieldofaction_id": field.pk,
        "guidinggoal_id": guiding.pk,
        "annualgoal_id": annual.pk,
        "indicator_id": indicator.pk,
        "indicatortarget_id": target.pk,
        "measure_id": measure.pk,
    }


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def _run(operation, *, headers, path_parameters, mode, checks, seen_refusals):
    names = {parameter.name for parameter in operation.path_parameters}
    fixed = {name: value for name, value in path_parameters.items() if name in names}

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed or None))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)
        if response.status_code >= 400:  # every refusal explains itself (in German: the token's user speaks it)
            assert response.headers["content-type"][0].startswith("application/json"), response.headers
            detail = json.loads(response.content)["detail"]
            assert isinstance(detail, str) and detail.strip(), response.content
            seen_refusals.append(detail)

    check()


def _run_all(api_schema, **kwargs):
    """Every operation; the failures of all of them are reported together. Returns the details of all refusals."""
    failures = []
    refusals = []
    for operation in _operations(api_schema):
        try:
            _run(operation, seen_refusals=refusals, **kwargs)
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}"[:3000])
    assert not failures, "\n\n".join(failures)
    return refusals


def test_office_token_valid_input_gets_no_server_error_and_fits_the_schema(api_schema, data, body):
    token = ApiTokenFactory(body=body)
    headers = {"Authorization": f"Bearer {token.secret}"}
    _run_all(api_schema, headers=headers, path_parameters=data, mode=GenerationMode.POSITIVE, checks=CHECKS)


def test_office_token_invalid_input_is_refused_with_a_4xx(api_schema, data, body):
    token = ApiTokenFactory(body=body)
    headers = {"Authorization": f"Bearer {token.secret}"}
    checks = [*CHECKS, negative_data_rejection]
    refusals = _run_all(api_schema, headers=headers, path_parameters=data, mode=GenerationMode.NEGATIVE, checks=checks)

    assert refusals, "no invalid input was refused"
    english = [detail for detail in refusals if ENGLISH.search(detail)]
    assert not english, set(english)


def test_anonymous_calls_get_no_server_error(api_schema, data):
    refusals = _run_all(api_schema, headers={}, path_parameters={}, mode=GenerationMode.POSITIVE, checks=CHECKS)

    assert refusals  # without a valid token nothing but the schema can be read


def german(message):
    with translation.override("de"):
        return gettext(message)


def test_paths_the_api_does_not_have_and_impossible_ids_are_json_404s(body):
    """What the generator found once: a negative id got the site's HTML page (a POST even the CSRF page), an id
    beyond the database's range a 500."""
    client = ApiClient(ApiTokenFactory(body=body).secret)
    base = f"/api/bodies/{body.slug}"
    answers = [client.get(f"{base}/indicators/{2**64}"), client.delete(f"{base}/measures/{2**64}")]
    answers += [client.get("/api/bodies/a%00b/indicators"), client.get(f"{base}/indicators", {"q": "a\x00"})]
    for url in (f"{base}/indicators/-1", f"{base}/gibt-es-nicht", f"{base}/concepts/1.5/measures"):
        answers += [client.get(url), client.post(url, {}), client.delete(url)]

    assert [response.status_code for response in answers] == [404, 404, 404, 422] + [404] * 9
    assert all(response["Content-Type"].startswith("application/json") for response in answers)
    assert {response.json()["detail"] for response in answers} == {
        "Nicht gefunden.",
        "Feld „q“: " + german("The text must not contain a null character."),
    }
