"""Reliability at the edge: the health endpoint for load balancers and monitoring, and clear German answers when
the database is unavailable or read-only (instead of a bare server error).

`/gesundheit/` answers 200 with {"status": "ok", …} when the database answers and no migration is pending, else 503
with what is wrong. It reveals nothing about the data and needs no login.

`DatabaseUnavailableMiddleware` turns a database error that is the database's state, not our bug — no connection,
or a database that only reads (a replica, a maintenance window: PostgreSQL SQLSTATE 25006, SQLite "readonly") — into
a 503 page in German with Retry-After; a write that failed that way has changed nothing, since every write runs in
one transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction
BUSY_RETRY_AFTER_SECONDS = 5
RETRY_AFTER_SECONDS = 30
_migrations_checked = False


def _database_state() -> tuple[str, str]:
    """("ok"|"unavailable", "ok"|"pending"|"unknown")."""
    global _migrations_checked
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return "unavailable", "unknown"
    if _migrations_checked:
        return "ok", "ok"
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return "ok", "pending"
    _migrations_checked = True  # migrations do not go back while the process runs
    return "ok", "ok"


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    database, migrations = _database_state()
    healthy = database == "ok" and migrations == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "migrations": migrations},
        status=200 if healthy else 503,
    )


def is_read_only(error: BaseException) -> bool:
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(getattr(cause, "diag", None), "sqlstate", None)
    return sqlstate == READ_ONLY_SQLSTATE or "readonly" in str(error).lower() or "read-only" in str(error).lower()


# Too many writers at once: SQLite's write lock timed out, or PostgreSQL gave up waiting for a lock, found a deadlock
# or could not serialise. The transaction was rolled back; trying again in a moment works.
BUSY_SQLSTATES = {"40001", "40P01", "55P03"}


def is_busy(error: BaseException) -> bool:
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(getattr(cause, "diag", None), "sqlstate", None)
    return sqlstate in BUSY_SQLSTATES or "database is locked" in str(error).lower()


def is_unavailable(error: BaseException) -> bool:
    """No connection at all (the server is down, refuses us, or the connection broke)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    text = str(error).lower()
    return any(
        phrase in text
        for phrase in ("connection", "could not connect", "server closed", "unable to open database", "timeout")
    )


class DatabaseUnavailableMiddleware:
    """503 with a German page when the database cannot be reached or only reads; everything else propagates."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DatabaseError):
            return None
        read_only, busy = is_read_only(exception), is_busy(exception)
        if not read_only and not busy and not is_unavailable(exception):
            return None
        state = "read-only" if read_only else "busy" if busy else "unavailable"
        logger.error("Database %s: %s", state, exception)
        # Rendered without request context: the context processors would ask the database again. An htmx request
        # gets the message alone, swapped in place of the form it sent (base.html's htmx-config swaps 503); a poll
        # (GET) swaps nothing, so that it goes on polling and a projection is not replaced by the message.
        htmx = request.headers.get("HX-Request") == "true"
        context = {"read_only": read_only, "busy": busy and not read_only, "htmx": htmx}
        template = "core/includes/database_unavailable.html" if htmx else "503.html"
        response = HttpResponse(loader.get_template(template).render(context), status=503)
        if htmx and request.method in ("GET", "HEAD"):
            response["HX-Reswap"] = "none"
        response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS if busy else RETRY_AFTER_SECONDS)
        return response
