"""The paper list of a body on PostgreSQL (`views.body_papers`): one prepared statement finds the published body,
counts the papers and writes the page's JSON in the database. SQLite takes the Python path (`views._page` over
`selectors.papers` with `serializers.papers`), and so does a single paper everywhere.

Why: the paper list is the biggest list of the API (50.000 papers at state-wide size) and the one OParl clients
walk page by page. Built in Python, a page of 100 papers took nine queries, a few hundred model objects and rows,
and about 50 ms: a tenth of the throughput of the same rows read straight through psycopg (`docs/benchmarks.md`,
"OParl-Durchsatz"). Here it is one round trip and no objects in Python.

The cost: the publication rules of papers (`selectors.papers`, `selectors.paper_embeds`, `person_may_appear`) and
the paper JSON (`serializers.papers`) are written a second time, in SQL. `tests/test_postgres_papers.py` holds both
paths to the same answer (status, count, every object) for every body, filter and page of the OParl data set, in
CI's PostgreSQL run; a change of the rules or the JSON on one side fails it until the other side follows. Which
body publishes stays in one place: the statement embeds the SQL that Django compiles from `selectors._publishing`.

The statement is prepared on the server on its first run and planned once (`prepare_threshold` and
`plan_cache_mode` in the settings): every body, page and filter is a parameter, so they all share one plan; planning
took longer than running it. A connection pooler in transaction mode needs support for prepared statements
(PgBouncer 1.21 or later with `max_prepared_statements`) or `QUERSCHNITT_PREPARED_STATEMENTS=0`
(`docs/deployment.md`).
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Any

import orjson
from django.conf import settings
from django.db import connections, router
from psycopg import RawCursor

from querschnitt.committees.models import Paper

from .selectors import COUNCIL_KINDS, published_body_sql
from .serializers import SCHEMA

ROUTES = ("paper", "person", "organization", "meeting", "agendaitem", "consultation", "file", "file_access",
          "file_download")  # fmt: skip


def _member(key: str, value: str) -> str:
    return f"""'"{key}":' || {value}"""


def _object(*members: tuple[str, str]) -> str:
    """A JSON object written as text. A member whose value is NULL is left out (`concat_ws` skips NULLs), as
    `serializers.compact` leaves out nulls: no second pass to strip them, and no `json_build_object`, which looks
    up the output function of every value of every row."""
    return "('{' || concat_ws(','," + ", ".join(_member(key, value) for key, value in members) + ") || '}')"


def _array(element: str, order: str, where: str = "true") -> str:
    """The JSON array of `element` over the rows of an aggregate (those `where` holds), NULL if there are none."""
    return f"('[' || string_agg({element}, ',' ORDER BY {order}) FILTER (WHERE {where}) || ']')"


def _in_string(value: str) -> str:
    """`value` as it is written inside a JSON string."""
    return orjson.dumps(value).decode()[1:-1]


def _constant(value: str) -> str:
    return "'" + orjson.dumps(value).decode().replace("'", "''") + "'"


def _ref(route: str, pk: str) -> str:
    """The URL of an object of ours as a JSON string; the parts around the id come JSON-escaped (`page`)."""
    return f"""('"' || c.{route}_before || {pk} || c.{route}_after || '"')"""


def _ref_to(route: str, alias: str) -> str:
    """`serializers._ref_to`: ours by URL, an imported object by its id in the source system."""
    external = f"to_json({alias}.external_id::text)::text"
    return f"CASE WHEN {alias}.external_id <> '' THEN {external} ELSE {_ref(route, f'{alias}.id')} END"


def _timestamp(column: str) -> str:
    """`serializers.timestamp`: in the installation's time zone, to the second, with the offset (+01:00). The offsets
    of Central European winter and summer time are written without formatting an interval."""
    local = f"({column} AT TIME ZONE c.zone)"
    offset = f"({local} - ({column} AT TIME ZONE 'UTC'))"
    return (
        f"""('"' || to_char({local}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE {offset} """
        "WHEN interval '1 hour' THEN '+01:00' WHEN interval '2 hours' THEN '+02:00' "
        f"ELSE CASE WHEN {offset} < interval '0' THEN '-' || to_char(-{offset}, 'HH24:MI') "
        f"""ELSE '+' || to_char({offset}, 'HH24:MI') END END || '"')"""
    )


def _text(column: str) -> str:
    return f"to_json(nullif({column}, ''))::text"  # `serializers.compact` leaves out empty strings


def _day(column: str) -> str:
    return f"to_json({column})::text"


def _type(name: str) -> str:
    return _constant(SCHEMA + name)


def _file(alias: str) -> str:
    """`serializers._file` of an embedded file (no back-references)."""
    return _object(
        ("id", _ref("file", f"{alias}.id")), ("type", _type("File")), ("name", _text(f"{alias}.name")),
        ("fileName", _text(f"{alias}.file_name")), ("mimeType", _text(f"{alias}.mime_type")),
        ("date", _day(f"{alias}.date")), ("size", f"{alias}.size::text"),
        ("sha512Checksum", _text(f"{alias}.sha512_checksum")), ("text", _text(f"{alias}.text")),
        ("accessUrl", _ref("file_access", f"{alias}.id")), ("downloadUrl", _ref("file_download", f"{alias}.id")),
        ("created", _timestamp(f"{alias}.created")), ("modified", _timestamp(f"{alias}.modified")),
    )  # fmt: skip


def _references(route: str, link_table: str, owner: str, target: str, table: str, condition: str) -> str:
    """The references of a many-to-many link (`selectors._m2m_references`), in id order, of the paper's body."""
    return f"""(SELECT {_array(_ref_to(route, "r"), "r.id")}
        FROM {link_table} l JOIN {table} r ON r.id = l.{target}
        WHERE l.{owner} = p.id AND NOT r.deleted AND r.body_id = p.body_id AND {condition})"""


def _modified(paper: str, main_file: str, consultations: str) -> str:
    """`modified` of a paper: moved forward to the latest change of its main file, an auxiliary file or a
    consultation (public or not, deleted or not); `main_file` and `consultations` are the latest changes of those."""
    return f"""greatest({paper}.modified, coalesce({main_file}, {paper}.modified),
        coalesce((SELECT max(f.modified) FROM committees_paper_auxiliary_files l JOIN committees_file f
            ON f.id = l.file_id WHERE l.paper_id = {paper}.id), {paper}.modified),
        coalesce({consultations}, {paper}.modified))"""


# `selectors.person_may_appear` on the person `r`.
PERSON_MAY_APPEAR = """((r.consent_given_on IS NOT NULL AND r.consent_revoked_on IS NULL) OR EXISTS (
    SELECT 1 FROM committees_membership m JOIN committees_organization o ON o.id = m.organization_id
    WHERE m.person_id = r.id AND NOT m.deleted AND NOT o.deleted AND o.kind = ANY(c.council_kinds)))"""

CONSULTATION = _object(
    ("id", _ref("consultation", "s.id")), ("type", _type("Consultation")),
    ("agendaItem", f"""CASE WHEN a.public AND NOT a.deleted AND NOT am.deleted AND am.body_id = p.body_id
        THEN {_ref_to("agendaitem", "a")} END"""),
    ("meeting", f"CASE WHEN NOT m.deleted AND m.body_id = p.body_id THEN {_ref_to('meeting', 'm')} END"),
    ("organization", f"""CASE WHEN NOT o.deleted AND o.body_id = p.body_id
        THEN '[' || {_ref_to("organization", "o")} || ']' END"""),
    ("authoritative", "s.authoritative::text"), ("role", _text("s.role")),
    ("created", _timestamp("s.created")), ("modified", _timestamp("s.modified")),
)  # fmt: skip

# The papers of the page, each read once, with their consultations (`selectors.paper_embeds`,
# `serializers._consultation`) as an array, in one pass over the page (a subquery per paper took a third longer),
# and their `modified` from every consultation of that pass (shown or not). The main file is read here for `modified`
# and once more by the page for `mainFile`: grouped by paper, this pass cannot hand the file's columns on.
SHOWN_CONSULTATION = "s.id IS NOT NULL AND NOT p.deleted AND NOT s.deleted AND s.external_id = ''"
MAIN_FILE_MODIFIED = "(SELECT f.modified FROM committees_file f WHERE f.id = p.main_file_id)"
CONSULTATIONS = f"""SELECT p.*, {_array(CONSULTATION, 's."order", s.id', SHOWN_CONSULTATION)} AS steps,
        {_modified("p", MAIN_FILE_MODIFIED, "max(s.modified)")} AS oparl_modified
    FROM page JOIN committees_paper p ON p.id = page.id CROSS JOIN c
    LEFT JOIN (committees_consultation s
        JOIN committees_organization o ON o.id = s.organization_id
        LEFT JOIN committees_meeting m ON m.id = s.meeting_id
        LEFT JOIN committees_agendaitem a ON a.consultation_id = s.id
        LEFT JOIN committees_meeting am ON am.id = a.meeting_id
    ) ON s.paper_id = p.id
    GROUP BY p.id"""

RELATED = _references(
    "paper", "committees_paper_related_papers", "from_paper_id", "to_paper_id", "committees_paper", "r.public"
)
ORIGINATOR_PERSONS = _references(
    "person", "committees_paper_originator_persons", "paper_id", "person_id", "committees_person", PERSON_MAY_APPEAR
)
ORIGINATOR_ORGANIZATIONS = _references(
    "organization", "committees_paper_originator_organizations", "paper_id", "organization_id",
    "committees_organization", "true"
)  # fmt: skip

PAPER = _object(
    ("id", _ref("paper", "p.id")), ("type", _type("Paper")),
    ("body", "c.body"),
    ("name", _text("p.name")), ("reference", _text("p.reference")), ("date", _day("p.date")),
    ("paperType", _text("p.paper_type")),
    ("relatedPaper", RELATED),
    ("superordinatedPaper", f"""CASE WHEN sup.public AND NOT sup.deleted AND sup.body_id = p.body_id
        THEN '[' || {_ref_to("paper", "sup")} || ']' END"""),
    ("subordinatedPaper", f"""(SELECT {_array(_ref_to("paper", "r"), "r.id")} FROM committees_paper r
        WHERE r.superordinated_paper_id = p.id AND r.public AND NOT r.deleted AND r.body_id = p.body_id)"""),
    ("mainFile", f"CASE WHEN mf.public AND NOT mf.deleted AND mf.body_id = p.body_id THEN {_file('mf')} END"),
    ("auxiliaryFile", f"""CASE WHEN c.with_auxiliary THEN (SELECT {_array(_file("f"), "f.id")}
        FROM committees_paper_auxiliary_files l JOIN committees_file f ON f.id = l.file_id
        WHERE l.paper_id = p.id AND f.public AND NOT f.deleted AND f.external_id = ''
            AND f.body_id = p.body_id) END"""),
    ("originatorPerson", ORIGINATOR_PERSONS),
    ("originatorOrganization", ORIGINATOR_ORGANIZATIONS),
    ("consultation", "p.steps"),
    ("created", _timestamp("p.created")), ("modified", _timestamp("p.oparl_modified")),
)  # fmt: skip

DELETED = _object(
    ("id", _ref("paper", "p.id")), ("type", _type("Paper")),
    ("created", _timestamp("p.created")), ("modified", _timestamp("p.oparl_modified")), ("deleted", "'true'"),
)  # fmt: skip

CONSTANTS = ", ".join(
    [
        "%s::text AS zone",
        "%s::text[] AS council_kinds",
        "%s::boolean AS with_auxiliary",
        "%s::text AS body",
        *[f"%s::text AS {route}_before, %s::text AS {route}_after" for route in ROUTES],
    ]
)

# `selectors.papers` with the filters of `views.ListParameters`: the papers of the body, deleted ones only for
# `modified_since`, and `modified` as in `CONSULTATIONS` for the filters on it.
CONSULTATION_MODIFIED = "(SELECT max(s.modified) FROM committees_consultation s WHERE s.paper_id = p.id)"
LISTED = f"""SELECT p.id, p.created, p.deleted, {_modified("p", "lf.modified", CONSULTATION_MODIFIED)} AS modified
    FROM committees_paper p LEFT JOIN committees_file lf ON lf.id = p.main_file_id
    WHERE p.body_id = (SELECT id FROM body) AND p.public AND p.external_id = ''"""
CHOSEN = """SELECT id FROM listed
    WHERE (%s::timestamptz IS NULL OR created >= %s) AND (%s::timestamptz IS NULL OR created <= %s)
    AND (%s::timestamptz IS NULL OR modified >= %s) AND (%s::timestamptz IS NULL OR modified <= %s)
    AND (%s::timestamptz IS NOT NULL OR NOT deleted)"""

# Each of `listed` and `chosen` is inlined where it is used: the count and the ids of the page read no `modified`
# (unless a filter needs it); `stepped` computes it once for each paper of the page (`_timestamp` writes its
# argument three times).
STATEMENT = f"""WITH c AS (SELECT {CONSTANTS}),
body AS MATERIALIZED (SELECT found.id FROM ({{published_body}}) AS found),
listed AS NOT MATERIALIZED ({LISTED}),
chosen AS NOT MATERIALIZED ({CHOSEN}),
page AS (SELECT id FROM chosen ORDER BY id LIMIT %s OFFSET %s),
stepped AS ({CONSULTATIONS})
SELECT (SELECT id FROM body), (SELECT count(*) FROM chosen), (
    SELECT '[' || string_agg(CASE WHEN p.deleted THEN {DELETED} ELSE {PAPER} END, ',' ORDER BY p.id) || ']'
    FROM stepped AS p CROSS JOIN c
    LEFT JOIN committees_paper sup ON sup.id = p.superordinated_paper_id
    LEFT JOIN committees_file mf ON mf.id = p.main_file_id
)"""

DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")  # in the order of CHOSEN


def page(slug: str, dates: dict[str, Any], *, offset: int, limit: int, ctx: Any) -> tuple[int, orjson.Fragment] | None:
    """How many papers of the published body `slug` the list has with the filters `dates` (`views.DATE_FILTERS`),
    and the JSON array of the OParl objects of `limit` of them from `offset`, in id order, as written by the
    database (embedded as it is in the answer); None if no such body publishes."""
    body_sql, body_params = published_body_sql(slug)
    parts = [part for route in ROUTES for part in ctx.url_parts(route)]
    body = orjson.dumps(ctx.body_url(slug)).decode()  # every paper of the list is of the body found by `slug`
    constants = [settings.TIME_ZONE, list(COUNCIL_KINDS), not ctx.omit_internal, body, *map(_in_string, parts)]
    filters = [value for name in DATE_FILTERS for value in (dates.get(name),) * 2]
    params = [*constants, *body_params, *filters, dates.get("modified_since"), limit, offset]
    with _preparing_cursor(connections[router.db_for_read(Paper)]) as cursor:
        cursor.execute(_statement(body_sql), params)
        body_id, total, text = cursor.fetchone()
    if body_id is None:
        return None
    return total, orjson.Fragment(text or "[]")


@cache
def _statement(published_body: str) -> str:
    """The statement with the SQL of the published body, and with PostgreSQL's own placeholders ($1, $2, …) instead
    of Django's (%s): converted once, where psycopg would convert a statement of this length on every run."""
    numbers = itertools.count(1)
    statement = STATEMENT.replace("{published_body}", published_body)
    return re.sub(r"%[s%]", lambda found: f"${next(numbers)}" if found[0] == "%s" else "%", statement)


class _PreparingCursor(RawCursor):
    """Sends its statement as written ($1 placeholders), binds the values on the server and prepares the statement
    on its first run, if the connection allows it (`prepare_threshold` in the settings)."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True)


def _preparing_cursor(connection: Any) -> Any:
    """A `_PreparingCursor` wrapped as Django wraps its own, so that query logging, query counts and execute
    wrappers see the statement."""
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
