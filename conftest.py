"""Fixtures shared by every test: bodies, a user per role, and logged-in clients."""

import pytest


@pytest.fixture
def body(db):
    from querschnitt.tenancy.tests.factories import BodyFactory

    return BodyFactory()


@pytest.fixture
def other_body(db):
    from querschnitt.tenancy.tests.factories import BodyFactory

    return BodyFactory()


@pytest.fixture
def state_council(db):
    from querschnitt.tenancy.models import Body

    return Body.objects.get(slug="landesintegrationsrat-nrw")


@pytest.fixture
def make_user(db):
    from querschnitt.accounts.tests.factories import UserFactory
    from querschnitt.tenancy.services import role_assignment_create

    def make(body=None, role=None, **kwargs):
        user = UserFactory(**kwargs)
        if role is not None:
            role_assignment_create(actor=None, user=user, body=body, role=role)
        return user

    return make


@pytest.fixture
def office_user(make_user, body):
    return make_user(body, "office")
