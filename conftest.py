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


# --- Migration data after transactional tests (pytest-xdist) --------------------------------------------------------
# A transactional test (transactional_db, live_server, django_db(transaction=True)) ends with a flush that also deletes
# what the data migrations wrote (the NRW bodies, the coaching topics, …). A single process runs every such test after
# all the others (pytest-django orders them as Django does), so no ordinary test ever sees the flushed database. Under
# pytest-xdist a worker may be given an ordinary test after a transactional one; before such a test the database is
# put back to the state the migrations left (a snapshot taken once per process, restored in about half a second).

_migrated = {"contents": None, "flushed": False}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        _migrated["contents"] = connection.creation.serialize_db_to_string()
    yield


def _database_use(item) -> tuple[bool, bool]:
    """(uses the database, is transactional) for a test, as pytest-django decides it."""
    from pytest_django.fixtures import validate_django_db

    names = getattr(item, "fixturenames", ())
    transactional = any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))
    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        transactional = transactional or transaction or reset_sequences
    return bool(marker) or transactional or "db" in names, transactional


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    uses_db, transactional = _database_use(item)
    if transactional:
        _migrated["flushed"] = True
    elif uses_db and _migrated["flushed"] and _migrated["contents"] is not None:
        _restore_migrated_database(item.config)
        _migrated["flushed"] = False


@pytest.fixture
def migrated_database_restorer(request):
    """For transactional tests: a function that puts the database back to the state the migrations left."""

    def restore() -> None:
        if _migrated["contents"] is not None:
            _restore_migrated_database(request.config)

    return restore


def _restore_migrated_database(config) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
        connection.creation.deserialize_db_from_string(_migrated["contents"])
    ContentType.objects.clear_cache()
