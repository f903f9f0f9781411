"""Fixtures of the OParl tests: the data set and small helpers to read the API."""

from __future__ import annotations

from typing import Any

import pytest

from . import dataset

SYSTEM_URL = "http://testserver/oparl/v1.1/"


@pytest.fixture
def data(db):
    return dataset.build()


@pytest.fixture
def get_json(client):
    """GET a URL of the API and return its JSON, checking the status, JSON type and the CORS header on the way."""

    def get(url: str, status: int = 200, **headers: Any) -> Any:
        response = client.get(url, **headers)
        assert response.status_code == status, (url, response.status_code, response.content[:500])
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        return response.json()

    return get


def url_of(route: str, pk: int) -> str:
    return f"http://testserver/oparl/v1.1/{route}/{pk}/"


def body_url(body: Any, name: str = "") -> str:
    return f"http://testserver/oparl/v1.1/body/{body.slug}/" + (f"{name}/" if name else "")
