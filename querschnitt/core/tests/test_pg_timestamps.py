"""PostgreSQL timestamps are parsed by psycopg's C loader (`core.pg_timestamps`) and come out as Django's did."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from psycopg.types.datetime import TimestamptzLoader

from querschnitt.core import pg_timestamps

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (CI's PostgreSQL run executes it)",
)
OID = 1184  # timestamptz


def test_the_fast_loader_reads_what_the_python_loader_reads_in_the_zone_django_asks_for():
    optimised = pg_timestamps._optimised_loader()
    assert optimised is not None, "psycopg's C implementation (psycopg[binary]) is a dependency"
    fast = pg_timestamps.loader_class(dt.UTC, optimised)(OID)
    for text in (b"2026-11-21 10:00:00+00", b"2026-03-29 01:59:59.123456+00", b"2026-11-21 11:00:00.5+01"):
        value = fast.load(text)
        assert value == TimestamptzLoader(OID).load(text)
        assert value.tzinfo is dt.UTC
    assert pg_timestamps.loader_class(dt.UTC, optimised).timezone is dt.UTC  # read by Django's create_cursor


@on_postgresql
@pytest.mark.django_db
def test_a_postgresql_connection_reads_timestamps_with_the_fast_loader():
    from django.db import connection

    from querschnitt.tenancy.models import Body

    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(OID, pg_timestamps._text())
    assert loader.__name__ == "FastTzLoader"
    body = Body.objects.order_by("pk").first()
    stamp = dt.datetime(2026, 11, 21, 9, 30, 15, 250000, tzinfo=dt.UTC)
    Body.objects.filter(pk=body.pk).update(modified=stamp)
    read = Body.objects.values_list("modified", flat=True).get(pk=body.pk)
    assert read == stamp and read.tzinfo is dt.UTC
