"""The health endpoint, the German 503 page when the database is down or read-only, structured logs, and what a server
process does before its first request."""

import json
import logging
import sqlite3
from unittest import mock

import pytest
from django.db import InternalError, OperationalError
from django.test import RequestFactory
from django.urls import reverse

from querschnitt.core import health
from querschnitt.core.log_format import JsonFormatter

pytestmark = pytest.mark.django_db


def test_health_is_ok_without_login(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_reports_a_database_that_does_not_answer(client):
    with mock.patch.object(health, "connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OperationalError("could not connect to server")
        response = health.health(RequestFactory().get("/gesundheit/"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unavailable", "migrations": "unknown"}


def test_health_reports_pending_migrations(monkeypatch):
    monkeypatch.setattr(health, "_migrations_checked", False)
    with mock.patch.object(health.MigrationExecutor, "migration_plan", return_value=[("strategy", "9999_new")]):
        response = health.health(RequestFactory().get("/gesundheit/"))
    assert response.status_code == 503
    assert json.loads(response.content)["migrations"] == "pending"


def _answer(error):
    middleware = health.DatabaseUnavailableMiddleware(lambda request: None)
    return middleware.process_exception(RequestFactory().post("/k/x/"), error)


def test_an_unreachable_database_gets_a_german_page_with_retry_after():
    response = _answer(OperationalError("connection to server at 127.0.0.1 failed: Connection refused"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Querschnitt ist gerade nicht erreichbar" in page and "nichts halb gespeichert" in page


def test_a_read_only_database_says_that_nothing_was_saved():
    from psycopg.errors import ReadOnlySqlTransaction

    postgres = InternalError("cannot execute UPDATE")  # told by its SQLSTATE 25006 alone
    postgres.__cause__ = ReadOnlySqlTransaction("cannot execute UPDATE")
    sqlite = OperationalError("attempt to write a readonly database")
    sqlite.__cause__ = sqlite3.OperationalError("attempt to write a readonly database")
    for error in (postgres, sqlite):
        response = _answer(error)
        assert response.status_code == 503
        assert "Gerade ist nur Lesen möglich" in response.content.decode()


def test_too_many_writers_at_once_get_a_german_page_with_a_short_retry():
    from psycopg.errors import DeadlockDetected, LockNotAvailable

    sqlite = OperationalError("database is locked")
    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = DeadlockDetected("deadlock detected")
    lock = OperationalError("canceling statement due to lock timeout")
    lock.__cause__ = LockNotAvailable("canceling statement due to lock timeout")
    for error in (sqlite, deadlock, lock):
        response = _answer(error)
        assert response.status_code == 503 and response["Retry-After"] == "5"
        page = response.content.decode()
        assert "Gerade ist sehr viel los" in page and "nichts halb gespeichert" in page


def test_an_htmx_request_gets_the_message_alone_and_a_poll_keeps_its_content():
    """A ballot sent with htmx is replaced by the message (no second page inside the page); a poll (GET) swaps
    nothing, so that a projection keeps polling."""
    middleware = health.DatabaseUnavailableMiddleware(lambda request: None)
    busy = OperationalError("database is locked")
    sent = middleware.process_exception(RequestFactory().post("/k/x/", HTTP_HX_REQUEST="true"), busy)
    fragment = sent.content.decode()
    assert sent.status_code == 503 and sent["Retry-After"] == "5" and "HX-Reswap" not in sent
    assert "<html" not in fragment and "<h2" in fragment and "Gerade ist sehr viel los" in fragment
    assert "Seite neu laden" in fragment and "„Zurück“" not in fragment
    polled = middleware.process_exception(RequestFactory().get("/k/x/", HTTP_HX_REQUEST="true"), busy)
    assert polled.status_code == 503 and polled["HX-Reswap"] == "none"
    assert "HX-Reswap" not in _answer(busy) and "<html" in _answer(busy).content.decode()


def test_other_errors_stay_server_errors():
    assert _answer(OperationalError("no such column: strategy_measure.colour")) is None
    assert _answer(ValueError("a bug")) is None


@pytest.mark.urls("querschnitt.core.tests.urls_database_down")
def test_a_view_that_meets_a_read_only_database_answers_503_through_the_middleware(client):
    response = client.post("/schreiben/")
    assert response.status_code == 503
    assert "Gerade ist nur Lesen möglich" in response.content.decode()


def test_json_logs_are_one_object_per_line():
    record = logging.LogRecord("querschnitt.test", logging.ERROR, __file__, 1, "Bericht %s fehlt", ("7",), None)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "querschnitt.test"
    assert entry["message"] == "Bericht 7 fehlt" and entry["time"].endswith("+00:00")
    assert "\n" not in line


def test_a_server_process_freezes_what_it_loaded_before_its_first_request():
    import gc

    from querschnitt.core.startup import prepare_server_process

    try:
        prepare_server_process()
        assert gc.get_freeze_count() > 10_000  # Django, the apps and every view the URLs name
    finally:
        gc.unfreeze()
