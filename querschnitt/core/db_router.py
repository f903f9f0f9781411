"""Reads from PostgreSQL read replicas, writes to the primary — without anyone seeing stale data of their own.

Installed only when `DATABASE_REPLICA_URL` names a replica (`querschnitt/settings/scaling.py`); without it every
query goes to `default` as before.

The rule, simple on purpose:
- Writes (and `select_for_update`, which Django routes as a write) go to `default`.
- Reads go to a replica (one chosen at random per query when there are several) unless the primary is needed:
  1. inside a transaction on `default` (`transaction.atomic`): what the transaction reads must be what it writes
     against, and a replica does not see the transaction's own rows;
  2. for the rest of a request (or task) that has written anything, and for every request whose method is not
     GET/HEAD/OPTIONS (a form that is sent writes, or decides on what it reads before writing);
  3. for a few seconds after a request of the same browser wrote (the cookie `qs_primary`, set by
     `PrimaryPinningMiddleware`): the page that follows a form (Post/Redirect/Get) shows what was just saved, even
     while the replica is still behind.

The trade-off: pages people read (public pages, OParl, open data, lists) leave the primary; a browser that has just
written reads from the primary for `QUERSCHNITT_REPLICA_PIN_SECONDS` (5 by default, longer than the usual lag of
streaming replication). Someone else may see a change a moment later — that is the nature of replicas. A replica
that lags more than the pin time shows the writer an older page for a moment; monitor the lag
(`pg_stat_replication.replay_lag`) and raise the pin time rather than trust a lagging replica. Background tasks
and commands have no request: in them the first write pins the rest of the thread's work to the primary, which is
always correct and only costs load; `primary_reads()` starts a stretch of reads on the primary explicitly.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "qs_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# True while the reads of the current request or task must go to the primary.
_use_primary: ContextVar[bool] = ContextVar("querschnitt_use_primary", default=False)
# True once the current request or task has written.
_wrote: ContextVar[bool] = ContextVar("querschnitt_wrote", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def pin_seconds() -> int:
    return int(getattr(settings, "QUERSCHNITT_REPLICA_PIN_SECONDS", 5))


def reads_pinned_to_primary() -> bool:
    return _use_primary.get()


def pin_to_primary() -> None:
    """From now on, the current request or task reads from the primary."""
    _use_primary.set(True)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Every read inside the block goes to the primary; afterwards the earlier state is back."""
    token = _use_primary.set(True)
    try:
        yield
    finally:
        _use_primary.reset(token)


def _in_transaction() -> bool:
    """True inside `transaction.atomic()` on the primary. The atomic block a TestCase wraps each test in does not
    count (Django's own `durable=True` check ignores it the same way): it stands for autocommit."""
    connection = connections[DEFAULT_DB_ALIAS]
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class PrimaryReplicaRouter:
    """See the module docstring. `allow_migrate` only on `default`: replicas get their schema by replication."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        replicas = replica_aliases()
        if not replicas or _use_primary.get() or _in_transaction():
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)  # noqa: S311 - spreading load, not a secret

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        _use_primary.set(True)  # read-your-writes for the rest of this request or task
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class PrimaryPinningMiddleware:
    """Starts every request with reads on a replica unless it is a write request or follows a recent write of the
    same browser; after a request that wrote, sets the short-lived cookie that pins the next requests."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pinned = request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES
        primary_token = _use_primary.set(pinned)
        wrote_token = _wrote.set(False)
        try:
            response = self.get_response(request)
            wrote = _wrote.get()
        finally:
            _use_primary.reset(primary_token)
            _wrote.reset(wrote_token)
        if wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=pin_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
