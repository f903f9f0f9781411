"""The OpenAPI schema and the documentation page."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from querschnitt.core.tenant_crawler import endpoints

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/bodies": {"get"},
    "/api/bodies/{body}/concepts": {"get", "post"},
    "/api/bodies/{body}/concepts/{concept_id}": {"get", "patch"},
    "/api/bodies/{body}/concepts/{concept_id}/fields": {"post"},
    "/api/bodies/{body}/fields/{fieldofaction_id}": {"get", "patch", "delete"},
    "/api/bodies/{body}/fields/{fieldofaction_id}/guiding-goals": {"post"},
    "/api/bodies/{body}/guiding-goals/{guidinggoal_id}": {"get", "patch", "delete"},
    "/api/bodies/{body}/fields/{fieldofaction_id}/annual-goals": {"post"},
    "/api/bodies/{body}/annual-goals/{annualgoal_id}": {"get", "patch", "delete"},
    "/api/bodies/{body}/indicators": {"get", "post"},
    "/api/bodies/{body}/indicators/{indicator_id}": {"get", "patch", "delete"},
    "/api/bodies/{body}/indicators/{indicator_id}/targets": {"post"},
    "/api/bodies/{body}/targets/{indicatortarget_id}": {"patch", "delete"},
    "/api/bodies/{body}/indicators/{indicator_id}/observations": {"get", "post"},
    "/api/bodies/{body}/concepts/{concept_id}/measures": {"get", "post"},
    "/api/bodies/{body}/measures/{measure_id}": {"get", "patch", "delete"},
}


def test_openapi_schema_is_valid_json_and_lists_every_path():
    response = Client().get("/api/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Querschnitt API" and schema["info"]["version"] == "1"
    assert {path: set(methods) for path, methods in schema["paths"].items()} == PATHS
    assert {"TokenAuth", "BrowserSessionAuth"} <= set(schema["components"]["securitySchemes"])
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_every_operation_has_an_id_a_summary_and_documented_errors():
    schema = json.loads(Client().get("/api/openapi.json").content)
    ids = []
    for methods in schema["paths"].values():
        for method, operation in methods.items():
            ids.append(operation["operationId"])
            assert operation["summary"]
            assert {"401", "404"} <= set(operation["responses"]), operation["operationId"]
            if method != "get":
                assert {"400", "403", "422"} <= set(operation["responses"]), operation["operationId"]
    assert len(ids) == len(set(ids))


def test_decimals_are_strings_in_the_schema():
    schema = json.loads(Client().get("/api/openapi.json").content)
    value = schema["components"]["schemas"]["ObservationOut"]["properties"]["value"]
    assert value["type"] == "string"


def test_every_api_operation_has_a_url_name_in_the_api_namespace():
    schema = json.loads(Client().get("/api/openapi.json").content)
    names = {endpoint.name for endpoint in endpoints()}
    for methods in schema["paths"].values():
        for operation in methods.values():
            assert f"api:{operation['operationId']}" in names


def test_documentation_page_is_a_german_page_of_the_site_without_cdn():
    response = Client().get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dokumentation der API" in html
    assert "/api/bodies/{body}/indicators/{indicator_id}/observations" in html
    assert "cdn" not in html.lower()
    assert "/api/openapi.json" in html


def test_api_root_leads_to_the_documentation():
    response = Client().get("/api/")
    assert response.status_code == 302 and response["Location"] == reverse("api:openapi-view")


def test_admin_lists_tokens_without_their_hash(admin_client):
    from querschnitt.api.tests.factories import ApiTokenFactory

    token = ApiTokenFactory(name="Import Neuss")
    changelist = admin_client.get("/admin/api/apitoken/")
    assert changelist.status_code == 200 and "Import Neuss" in changelist.content.decode()
    change = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/")
    assert change.status_code == 200
    assert token.key_hash not in change.content.decode()
