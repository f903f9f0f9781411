"""Errors come as JSON with German messages."""

import pytest

from querschnitt.strategy.tests.factories import ConceptFactory, FieldOfActionFactory

pytestmark = pytest.mark.django_db


def test_missing_field_is_a_422_in_german(office_api, body):
    response = office_api.post(f"/api/bodies/{body.slug}/concepts", {})
    assert response.status_code == 422
    data = response.json()
    assert data["errors"] == [
        {
            "loc": ["body", "payload", "title"],
            "field": "title",
            "index": None,
            "message": "Dieses Feld ist zwingend erforderlich.",
            "type": "missing",
        }
    ]
    assert data["detail"] == "Feld „title“: Dieses Feld ist zwingend erforderlich."


def test_several_errors_are_counted(office_api, body):
    response = office_api.post(
        f"/api/bodies/{body.slug}/concepts", {"title": "", "period_start": "morgen", "status": "fertig"}
    )
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Die Eingaben sind an 3 Stellen ungültig."
    messages = {error["field"]: error["message"] for error in data["errors"]}
    assert messages == {
        "title": "Dieses Feld darf nicht leer sein.",
        "period_start": "Bitte geben Sie ein Datum in der Form JJJJ-MM-TT an.",
        "status": "Bitte wählen Sie einen dieser Werte: draft, in_deliberation, adopted, superseded.",
    }


def test_wrong_query_parameter_is_a_422_at_its_name(office_api, body):
    response = office_api.get(f"/api/bodies/{body.slug}/concepts", {"offset": "-1"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"
    assert response.json()["errors"][0]["message"] == "Bitte geben Sie einen Wert von mindestens 0 an."


def test_not_found_is_german(office_api, body):
    response = office_api.get(f"/api/bodies/{body.slug}/concepts/424242")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


def test_application_error_is_a_400_with_detail_and_field(office_api, body):
    concept = ConceptFactory(body=body)
    field = FieldOfActionFactory(concept=concept)
    response = office_api.patch(f"/api/bodies/{body.slug}/fields/{field.pk}", {"parent_id": field.pk})
    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"detail", "field"} and data["field"] == "parent_id"


def test_forbidden_is_german(api_client_for, make_user, body):
    api = api_client_for(make_user(body, "reader"))
    response = api.post(f"/api/bodies/{body.slug}/concepts", {"title": "X"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Sie dürfen das Integrationskonzept dieser Kommune lesen, aber nicht ändern."}


def test_method_not_allowed_is_not_a_server_error(office_api, body):
    concept = ConceptFactory(body=body)
    assert office_api.post(f"/api/bodies/{body.slug}/concepts/{concept.pk}", {}).status_code == 405


def test_an_unexpected_error_is_a_500_in_json(office_api, body, monkeypatch):
    from querschnitt.api import selectors

    def broken(body):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(selectors, "concept_list", broken)
    response = office_api.get(f"/api/bodies/{body.slug}/concepts")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Ein technischer Fehler ist aufgetreten. Bitte versuchen Sie es später noch einmal."
    }


def test_a_too_large_request_is_a_413(office_api, body, settings):
    from querschnitt.strategy.tests.factories import IndicatorFactory

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    indicator = IndicatorFactory(body=body)
    rows = [{"period_start": "2025-01-01", "period_end": "2025-12-31", "value": 1, "note": "x" * 200}]
    response = office_api.post(f"/api/bodies/{body.slug}/indicators/{indicator.pk}/observations", rows)
    assert response.status_code == 413
    assert "zu groß" in response.json()["detail"]
    assert not indicator.observations.exists()
