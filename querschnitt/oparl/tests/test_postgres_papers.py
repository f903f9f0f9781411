"""On PostgreSQL the database selects and writes the paper list (`postgres_papers`); it must answer what the Python
path answers (`views._page` over `selectors.papers` with `serializers.papers`, which SQLite uses): the same papers,
the same count and the same JSON, for every body, filter and page."""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote

import orjson
import pytest
from django.db import connection
from django.test import RequestFactory

from querschnitt.committees import models as m
from querschnitt.oparl import selectors, serializers, views

from . import dataset
from .conftest import body_url

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL (CI's PostgreSQL run executes it)",
    ),
    pytest.mark.django_db,
]
SUMMER = dt.datetime(2026, 7, 1, 23, 30, 15, 999999, tzinfo=dt.UTC)  # 2 July, 01:30:15 in Berlin (+02:00)
QUERIES = (
    "",
    "?modified_since=" + quote(dataset.T_CREATED.isoformat()),  # deleted papers too
    "?modified_since=" + quote(dataset.T_CHANGED.isoformat()),
    "?modified_until="
    + quote(dataset.T_CHANGED.isoformat())
    + "&created_since="
    + quote(dataset.T_CREATED.isoformat()),
    "?created_until=" + quote(dataset.T_NEW_YEAR.isoformat()),
    "?omit_internal=true",
    "?limit=1&page=2",
    "?limit=1&page=9",  # beyond the end: 404 on both paths
)


def _python_answer(url: str, body) -> tuple[int, dict]:
    python_list = views.endpoint(lambda request: views._page(request, selectors.papers(body), serializers.papers))
    response = python_list(RequestFactory().get(url))
    return response.status_code, orjson.loads(response.content)


def test_the_database_answers_what_python_answers(client):
    data = dataset.build()
    dataset._stamp(m.Paper, [data.motion.pk], modified=SUMMER)  # summer time: another offset
    compared = []
    for body in (data.neuss, data.duesseldorf):
        for query in QUERIES:
            url = body_url(body, "paper") + query
            response = client.get(url)
            assert (response.status_code, response.json()) == _python_answer(url, body), url
            compared.extend(response.json().get("data", []))
    assert len(compared) > 10
    assert any(paper.get("deleted") is True for paper in compared)
    assert any(paper["modified"].endswith("+02:00") for paper in compared)
    assert any(paper.get("consultation") for paper in compared)
    assert any(paper.get("mainFile") for paper in compared)


def test_text_that_json_must_escape_and_imported_references_come_out_as_python_writes_them(client):
    """The database writes the JSON as text: quotes, backslashes and control characters in the data must be
    escaped, and an imported object is referred to by its id in the source system."""
    data = dataset.build()
    name = 'Antrag „Vielfalt“: "Zitat", Rückstrich \\ und\nZeile\tmit Tab \x01'
    imported = 'https://ris.example/oparl/organization/"7"'
    m.Paper.objects.filter(pk=data.motion.pk).update(name=name)
    m.File.objects.filter(pk=data.motion_file.pk).update(text='Volltext "mit" \\ Zeichen\r\n')
    m.Organization.objects.filter(pk=data.council.pk).update(external_id=imported)
    url = body_url(data.neuss, "paper")
    response = client.get(url)
    assert (response.status_code, response.json()) == _python_answer(url, data.neuss)
    motion = next(paper for paper in response.json()["data"] if paper.get("name") == name)
    assert [imported] in [step.get("organization") for step in motion["consultation"]]
    assert motion["mainFile"]["text"] == 'Volltext "mit" \\ Zeichen\r\n'


def test_a_body_that_does_not_publish_and_a_page_beyond_the_end_answer_404(client):
    data = dataset.build()
    assert client.get(body_url(data.dormagen, "paper")).status_code == 404
    assert client.get("/oparl/v1.1/body/gibt-es-nicht/paper/").status_code == 404
    assert client.get(body_url(data.neuss, "paper") + "?page=99").status_code == 404


def test_every_body_page_and_filter_runs_the_same_statement(client):
    """One prepared statement (and plan) for all of them: the values are parameters."""
    data = dataset.build()
    statements: list[str] = []

    def capture(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        for body in (data.neuss, data.duesseldorf):
            for query in QUERIES:
                client.get(body_url(body, "paper") + query)
    assert len(statements) == 2 * len(QUERIES)  # one statement a page: body, count and papers
    assert len(set(statements)) == 1
    assert "$1" in statements[0] and "%s" not in statements[0]


def test_a_paper_is_modified_when_anything_it_holds_is_changed_even_what_the_list_does_not_show(client):
    """`modified` of a paper moves forward to the latest change of its main file, an auxiliary file (public or
    not) and a consultation (deleted or imported ones too); the list shows it and `modified_since` finds it."""
    data = dataset.build()
    m.Consultation.objects.filter(pk=data.council_consultation.pk).update(external_id="https://ris.example/c/1")
    changes = [
        (m.File, data.motion_file.pk),
        (m.File, data.paper_secret_annex.pk),
        (m.Consultation, data.dropped_consultation.pk),  # deleted
        (m.Consultation, data.council_consultation.pk),  # imported
    ]
    for day, (model, pk) in enumerate(changes, start=1):
        changed = dt.datetime(2026, 9, day, 8, 0, tzinfo=dt.UTC)
        dataset._stamp(model, [pk], modified=changed)
        for query in ("", "?modified_since=" + quote(changed.isoformat())):
            url = body_url(data.neuss, "paper") + query
            response = client.get(url)
            assert (response.status_code, response.json()) == _python_answer(url, data.neuss), (model, url)
            motion = next(paper for paper in response.json()["data"] if paper["id"].endswith(f"/{data.motion.pk}/"))
            assert dt.datetime.fromisoformat(motion["modified"]) == changed, (model, url)
