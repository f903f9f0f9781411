"""On PostgreSQL the database writes the JSON of the papers (`postgres_papers`); it must be the JSON of the Python
serialiser (`serializers.papers_in_python`, which SQLite uses), paper by paper, for every list and filter."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import connection
from django.test import RequestFactory

from querschnitt.committees import models as m
from querschnitt.oparl import postgres_papers, selectors, serializers

from . import dataset

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (CI's PostgreSQL run executes it)",
)
SUMMER = dt.datetime(2026, 7, 1, 23, 30, 15, 999999, tzinfo=dt.UTC)  # 2 July, 01:30:15 in Berlin (+02:00)


def _context(omit_internal: bool = False) -> serializers.Context:
    return serializers.Context(RequestFactory().get("/", HTTP_HOST="oparl.example"), omit_internal=omit_internal)


def _both(queryset, ctx):
    return postgres_papers.papers(queryset, ctx), serializers.papers_in_python(list(queryset), ctx)


@pytest.mark.django_db
def test_the_database_writes_the_json_of_the_python_serialiser():
    data = dataset.build()
    dataset._stamp(m.Paper, [data.motion.pk], modified=SUMMER)  # summer time: another offset
    compared = 0
    for body in (data.neuss, data.duesseldorf, None):
        for omit_internal in (False, True):
            ctx = _context(omit_internal)
            everything = selectors.papers(body)  # deleted ones too, as with modified_since
            for queryset in (
                everything,
                selectors.alive(everything),
                everything.filter(oparl_modified__gte=dataset.T_CHANGED),
                selectors.alive(everything)[1:3],
            ):
                written, expected = _both(queryset, ctx)
                assert written == expected
                compared += len(written)
    assert compared > 40
    papers = _both(selectors.papers(), _context())[0]
    assert any(paper.get("deleted") is True for paper in papers)
    assert any(paper["modified"].endswith("+02:00") for paper in papers)
    assert any(paper.get("consultation") for paper in papers)


@pytest.mark.django_db
def test_one_paper_and_an_empty_page():
    data = dataset.build()
    ctx = _context()
    one = selectors.papers().filter(pk=data.motion.pk)
    assert postgres_papers.papers(one, ctx) == serializers.papers_in_python(list(one), ctx)
    assert len(postgres_papers.papers(one, ctx)) == 1
    assert postgres_papers.papers(selectors.papers().none(), ctx) == []
    assert postgres_papers.papers(selectors.papers()[10_000:10_100], ctx) == []


@pytest.mark.django_db
def test_the_list_runs_one_statement_for_the_page(client):
    data = dataset.build()
    statements: list[str] = []

    def capture(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(f"/oparl/v1.1/body/{data.neuss.slug}/paper/")
    assert response.status_code == 200
    assert response.json()["data"]
    assert len(statements) == 3  # the body, the count, the page
    assert "json_agg" in statements[-1]
