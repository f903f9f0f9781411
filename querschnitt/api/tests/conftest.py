"""Fixtures of the API tests: a client that sends a token, and tokens per role."""

import pytest

from querschnitt.api.tests.client import ApiClient
from querschnitt.api.tests.factories import ApiTokenFactory


@pytest.fixture
def api_client_for():
    """api_client_for(user) → a client with a fresh token of that user; api_client_for(None) → anonymous."""

    def make(user=None):
        if user is None:
            return ApiClient()
        token = ApiTokenFactory(user=user)
        return ApiClient(token.secret)

    return make


@pytest.fixture
def office_api(api_client_for, office_user):
    return api_client_for(office_user)
