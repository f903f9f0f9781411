"""OParl papers built as JSON by PostgreSQL: on PostgreSQL, `serializers.papers` hands a page of papers here.

Why: a paper list is the biggest list of the API (50.000 papers at state-wide size) and the one that OParl clients
walk page by page. Built in Python from rows (`selectors.paper_embeds`), a page of 100 papers took about 80 ms, a
tenth of what the same data takes read straight through psycopg (`docs/benchmarks.md`, OParl throughput). Here
one statement selects the page and its embedded objects and writes the JSON in the database: no model objects,
no rows in Python, one round trip.

What stays in Python: which papers are on the page. The statement wraps the page query of `selectors.papers`
with the client's filters (`views.ListParameters`), so publication, deleted objects and `modified` (with embedded
objects) are decided in one place. The JSON is the same as the Python serialiser's (`serializers.papers_in_python`,
which SQLite uses); `tests/test_postgres_papers.py` compares both on the OParl data set, object by object. A change
of the rules in `selectors` or of the paper JSON in `serializers` must be made here too; that test fails until it
is.

The statement is prepared on the server (psycopg `prepare=True`): limit and offset are parameters, so every page
of every body reuses one plan, and planning was a third of the statement's time. Connection poolers in
transaction mode need support for prepared statements for this (PgBouncer 1.21 or later with
`max_prepared_statements`), see `docs/deployment.md`.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .selectors import COUNCIL_KINDS

SCHEMA = "https://schema.oparl.org/1.1/"
ROUTES = ("paper", "person", "organization", "meeting", "agendaitem", "consultation", "file", "file_access",
          "file_download")  # fmt: skip


def _ref(route: str, pk: str) -> str:
    return f"(c.{route}_before || {pk} || c.{route}_after)"


def _ref_to(route: str, alias: str) -> str:
    """`serializers._ref_to`: ours by URL, an imported object by its id in the source system."""
    return f"coalesce(nullif({alias}.external_id, ''), {_ref(route, f'{alias}.id')})"


def _timestamp(column: str) -> str:
    """`serializers.timestamp`: in the installation's time zone, to the second, with the offset (+01:00)."""
    local = f"({column} AT TIME ZONE c.zone)"
    offset = f"({local} - ({column} AT TIME ZONE 'UTC'))"
    return (
        f"(to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN {offset} < interval '0' "
        f"THEN '-' || to_char(-{offset}, 'HH24:MI') ELSE '+' || to_char({offset}, 'HH24:MI') END)"
    )


def _text(column: str) -> str:
    return f"nullif({column}, '')"  # `serializers.compact` leaves out empty strings


def _file(alias: str) -> str:
    """`serializers._file` of an embedded file (no back-references)."""
    return f"""json_build_object(
        'id', {_ref("file", f"{alias}.id")}, 'type', '{SCHEMA}File', 'name', {_text(f"{alias}.name")},
        'fileName', {_text(f"{alias}.file_name")}, 'mimeType', {_text(f"{alias}.mime_type")}, 'date', {alias}.date,
        'size', {alias}.size, 'sha512Checksum', {_text(f"{alias}.sha512_checksum")}, 'text', {_text(f"{alias}.text")},
        'accessUrl', {_ref("file_access", f"{alias}.id")}, 'downloadUrl', {_ref("file_download", f"{alias}.id")},
        'created', {_timestamp(f"{alias}.created")}, 'modified', {_timestamp(f"{alias}.modified")})"""


def _references(route: str, link_table: str, owner: str, target: str, table: str, condition: str) -> str:
    """The references of a many-to-many link (`selectors._m2m_references`), in id order, of the paper's body."""
    return f"""(SELECT json_agg({_ref_to(route, "r")} ORDER BY r.id)
        FROM {link_table} l JOIN {table} r ON r.id = l.{target}
        WHERE l.{owner} = p.id AND NOT r.deleted AND r.body_id = p.body_id AND {condition})"""


# `selectors.person_may_appear` on the person `r`.
PERSON_MAY_APPEAR = """((r.consent_given_on IS NOT NULL AND r.consent_revoked_on IS NULL) OR EXISTS (
    SELECT 1 FROM committees_membership m JOIN committees_organization o ON o.id = m.organization_id
    WHERE m.person_id = r.id AND NOT m.deleted AND NOT o.deleted AND o.kind = ANY(c.council_kinds)))"""

# The consultations of the paper `p` (`selectors.paper_embeds`, `serializers._consultation`), as an array.
CONSULTATIONS = f"""SELECT json_agg(json_build_object(
        'id', {_ref("consultation", "s.id")}, 'type', '{SCHEMA}Consultation',
        'agendaItem', CASE WHEN a.public AND NOT a.deleted AND NOT am.deleted AND am.body_id = p.body_id
            THEN {_ref_to("agendaitem", "a")} END,
        'meeting', CASE WHEN NOT m.deleted AND m.body_id = p.body_id THEN {_ref_to("meeting", "m")} END,
        'organization', CASE WHEN NOT o.deleted AND o.body_id = p.body_id
            THEN json_build_array({_ref_to("organization", "o")}) END,
        'authoritative', s.authoritative, 'role', {_text("s.role")},
        'created', {_timestamp("s.created")}, 'modified', {_timestamp("s.modified")}
    ) ORDER BY s."order", s.id) AS doc
    FROM committees_consultation s
    JOIN committees_organization o ON o.id = s.organization_id
    LEFT JOIN committees_meeting m ON m.id = s.meeting_id
    LEFT JOIN committees_agendaitem a ON a.consultation_id = s.id
    LEFT JOIN committees_meeting am ON am.id = a.meeting_id
    WHERE s.paper_id = p.id AND NOT s.deleted AND s.external_id = ''"""

PAPER = f"""json_strip_nulls(json_build_object(
    'id', {_ref("paper", "p.id")}, 'type', '{SCHEMA}Paper', 'body', c.body_before || b.slug || c.body_after,
    'name', {_text("p.name")}, 'reference', {_text("p.reference")}, 'date', p.date,
    'paperType', {_text("p.paper_type")},
    'relatedPaper', {
    _references(
        "paper", "committees_paper_related_papers", "from_paper_id", "to_paper_id", "committees_paper", "r.public"
    )
},
    'superordinatedPaper', CASE WHEN sup.public AND NOT sup.deleted AND sup.body_id = p.body_id
        THEN json_build_array({_ref_to("paper", "sup")}) END,
    'subordinatedPaper', (SELECT json_agg({_ref_to("paper", "r")} ORDER BY r.id) FROM committees_paper r
        WHERE r.superordinated_paper_id = p.id AND r.public AND NOT r.deleted AND r.body_id = p.body_id),
    'mainFile', CASE WHEN mf.public AND NOT mf.deleted AND mf.body_id = p.body_id THEN {_file("mf")} END,
    'auxiliaryFile', CASE WHEN c.with_auxiliary THEN (SELECT json_agg({_file("f")} ORDER BY f.id)
        FROM committees_paper_auxiliary_files l JOIN committees_file f ON f.id = l.file_id
        WHERE l.paper_id = p.id AND f.public AND NOT f.deleted AND f.external_id = '' AND f.body_id = p.body_id) END,
    'originatorPerson', {
    _references(
        "person", "committees_paper_originator_persons", "paper_id", "person_id", "committees_person", PERSON_MAY_APPEAR
    )
},
    'originatorOrganization', {
    _references(
        "organization",
        "committees_paper_originator_organizations",
        "paper_id",
        "organization_id",
        "committees_organization",
        "true",
    )
},
    'consultation', steps.doc,
    'created', {_timestamp("p.created")}, 'modified', {_timestamp("page.modified")}))"""

DELETED = f"""json_build_object('id', {_ref("paper", "p.id")}, 'type', '{SCHEMA}Paper',
    'created', {_timestamp("p.created")}, 'modified', {_timestamp("page.modified")}, 'deleted', true)"""

CONSTANTS = ", ".join(
    [
        "%s::text AS zone",
        "%s::text[] AS council_kinds",
        "%s::boolean AS with_auxiliary",
        "%s::text AS body_before",
        "%s::text AS body_after",
        *[f"%s::text AS {route}_before, %s::text AS {route}_after" for route in ROUTES],
    ]
)

STATEMENT = f"""WITH c AS (SELECT {CONSTANTS}),
ids AS (SELECT listed.id FROM ({{listed}}) AS listed (id, modified, deleted) ORDER BY 1 LIMIT %s OFFSET %s),
page (id, modified, deleted) AS (
    SELECT * FROM ({{listed}}) AS listed (id, modified, deleted) WHERE listed.id IN (SELECT id FROM ids))
SELECT json_agg(CASE WHEN page.deleted THEN {DELETED} ELSE {PAPER} END ORDER BY page.id)::text
FROM page JOIN committees_paper p ON p.id = page.id JOIN tenancy_body b ON b.id = p.body_id CROSS JOIN c
LEFT JOIN committees_paper sup ON sup.id = p.superordinated_paper_id
LEFT JOIN committees_file mf ON mf.id = p.main_file_id
LEFT JOIN LATERAL ({CONSULTATIONS}) AS steps ON NOT page.deleted"""


def papers(queryset: QuerySet[Any], ctx: Any) -> list[dict]:
    """The papers of `queryset` (from `selectors.papers`, filtered, possibly sliced) as OParl objects."""
    offset, stop = queryset.query.low_mark, queryset.query.high_mark
    listed = queryset.values_list("pk", "oparl_modified", "oparl_deleted")
    # Without order and limits, PostgreSQL flattens the query into the statement: the first use reads the ids of
    # the page without computing `modified`, the second computes it for those alone.
    listed.query.clear_limits()
    listed.query.clear_ordering(force=True)
    try:
        listed_sql, listed_params = listed.query.sql_with_params()
    except EmptyResultSet:  # `.none()`
        return []
    constants: list[Any] = [settings.TIME_ZONE, list(COUNCIL_KINDS), not ctx.omit_internal, *ctx.body_url_parts()]
    for route in ROUTES:
        constants.extend(ctx.url_parts(route))
    params = [*constants, *listed_params, None if stop is None else stop - offset, offset, *listed_params]
    with _preparing_cursor(connections[queryset.db]) as cursor:
        cursor.execute(STATEMENT.format(listed=listed_sql), params)
        (text,) = cursor.fetchone()
    return orjson.loads(text) if text else []


def _preparing_cursor(connection: Any) -> Any:
    """A cursor of Django's connection (so that query logging, query counts and execute wrappers see the
    statement) whose statements psycopg binds on the server and prepares on their first run, if the connection
    allows it (`prepare_threshold` in the settings)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            return super().execute(query, params, prepare=True)

    connection.ensure_connection()
    raw = PreparingCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
