"""Read PostgreSQL timestamps with psycopg's C loader instead of its pure-Python one.

Django registers its own loader for `timestamptz` on every connection (`psycopg_any.register_tzloader`). It derives
from psycopg's Python class, so even with `psycopg[binary]` installed every timestamp is parsed in Python: about
8 µs each here, which made a page of 60 OParl meetings with 562 agenda items spend 10 ms on parsing dates alone
(Django ticket #36960, psycopg issue #1273). The C loader is final and cannot be subclassed; this loader holds one
and gives its result the connection's time zone as Django's does (`replace(tzinfo=connection.timezone)`), so the
values are the same objects as before.

Connected in `CoreConfig.ready()` to `connection_created`; it does nothing for SQLite or when psycopg has no C
implementation (`psycopg[c]`/`psycopg[binary]` missing), where Django's loader stays.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

TIMESTAMPTZ = "timestamptz"


def _oid() -> int:
    from psycopg.postgres import types

    return types[TIMESTAMPTZ].oid


def _text() -> Any:
    from psycopg import pq

    return pq.Format.TEXT


def _optimised_loader() -> type | None:
    """psycopg's C loader of `timestamptz` in text format (what psycopg registers globally when its C
    implementation is installed), or None without it."""
    import psycopg
    from psycopg.types.datetime import TimestamptzLoader

    loader = psycopg.adapters.get_loader(_oid(), _text())
    return None if loader is None or loader is TimestamptzLoader else loader


@functools.cache
def loader_class(timezone: dt.tzinfo | None, optimised: type) -> type:
    """A loader of `timestamptz` that parses with `optimised` and sets `timezone`. Django reads the class attribute
    `timezone` (`DatabaseWrapper.create_cursor`) to see whether a cursor needs a loader of another zone."""
    from psycopg.adapt import Loader

    class FastTzLoader(Loader):
        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self._load = optimised(oid, context).load

        def load(self, data: Any) -> dt.datetime:
            return self._load(data).replace(tzinfo=self.timezone)

    FastTzLoader.timezone = timezone  # type: ignore[attr-defined]
    return FastTzLoader


def use_fast_loader(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: register the fast loader on a new PostgreSQL connection, in the zone
    Django's own loader has there."""
    if connection.vendor != "postgresql":
        return
    optimised = _optimised_loader()
    if optimised is None:
        return
    adapters = connection.connection.adapters
    current = adapters.get_loader(_oid(), _text())
    adapters.register_loader(TIMESTAMPTZ, loader_class(getattr(current, "timezone", None), optimised))
