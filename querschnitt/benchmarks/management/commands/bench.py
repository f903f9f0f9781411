"""`querschnitt bench` (what `make bench` runs): the state-wide benchmark of issue 9 on SQLite and PostgreSQL.

For each database the command runs itself again in a child process on a fresh database (SQLite: a file in a
temporary directory; PostgreSQL: the database `querschnitt_bench` on 127.0.0.1:5432, created and dropped as the
user `postgres`): migrate, load the demo, generate the synthetic state-wide data set (`generate_statewide`), then
measure with `--use-current-db`:

- server time (p50/p95) of the main pages and API lists, anonymous and as the Geschäftsstelle of Rhein-Kreis Neuss,
  in-process with Django's test client (the time of the whole request, middleware included), after a warm-up;
- OParl list throughput (objects/s paging through the papers) against a raw baseline in the same run: the papers
  with their consultations and originating committees selected with psycopg (PostgreSQL) or sqlite3, without the
  publication rules, and serialised with orjson; and, to split the gap, against the OParl pages' own statements
  replayed through the driver;
- a dot vote with 500 voters casting at the same moment against a real server (gunicorn on 127.0.0.1), then the
  ballots and points in the database: no vote may be lost;
- the build time of the demo report's PDF.

The figures are printed and written to `docs/benchmarks.md` between `<!-- bench:statewide -->` markers; other
sections stay as they are. A database that cannot be reached is reported as such in the output and in the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from querschnitt.benchmarks.measure import (
    german,
    median_throughput,
    milliseconds,
    percentile,
    ratio,
    throughput,
    write_section,
)

MARKER = "bench:statewide"
SETTINGS = "querschnitt.benchmarks.settings"
PG_HOST, PG_PORT, PG_USER, PG_DB = "127.0.0.1", 5432, "postgres", "querschnitt_bench"
MAIN_BODY_AGS = "05162"
OFFICE = "geschaeftsstelle@querschnitt.example"
TARGET_P95 = 0.100
TARGET_RATIO = 0.5

# (label, path template, kind, anonymous too): {slug}, {concept}, {indicator} are filled in.
PAGES = [
    ("Start der Kommune (Dashboard)", "/k/{slug}/", "Seite", False),
    ("Sitzungen", "/k/{slug}/sitzungen/", "Liste", True),
    ("Drucksachen", "/k/{slug}/drucksachen/", "Liste", True),
    ("Gremien", "/k/{slug}/gremien/", "Liste", True),
    ("Personen", "/k/{slug}/gremien/personen/", "Liste", False),
    ("Maßnahmen", "/k/{slug}/massnahmen/", "Liste", False),
    ("Indikatoren", "/k/{slug}/indikatoren/", "Liste", False),
    ("Öffentliche Daten: Übersicht", "/daten/", "Liste", True),
    ("Öffentliche Daten: Kommune", "/daten/{slug}/", "Seite", True),
    ("API: Konzepte", "/api/bodies/{slug}/concepts", "API", True),
    ("API: Maßnahmen", "/api/bodies/{slug}/concepts/{concept}/measures", "API", True),
    ("API: Indikatoren", "/api/bodies/{slug}/indicators", "API", True),
    ("API: Werte eines Indikators", "/api/bodies/{slug}/indicators/{indicator}/observations", "API", True),
    ("OParl: Drucksachen", "/oparl/v1.1/body/{slug}/paper/", "OParl", True),
    ("OParl: Sitzungen", "/oparl/v1.1/body/{slug}/meeting/", "OParl", True),
    ("OParl: Tagesordnungspunkte", "/oparl/v1.1/body/{slug}/agendaitem/", "OParl", True),
    ("OParl: Personen", "/oparl/v1.1/body/{slug}/person/", "OParl", True),
    ("OParl: Gremien", "/oparl/v1.1/body/{slug}/organization/", "OParl", True),
]


class Command(BaseCommand):
    help = "Benchmarks the main pages, the APIs, OParl, a dot vote and the report PDF on SQLite and PostgreSQL."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="Size of the synthetic data set (1.0 = issue 9).")
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per page (default 30).")
        parser.add_argument("--voters", type=int, default=500, help="Voters casting at once (default 500).")
        parser.add_argument(
            "--databases", default="sqlite,postgresql", help="Which databases, comma-separated (default both)."
        )
        parser.add_argument("--output", default="", help="The Markdown file to update (default docs/benchmarks.md).")
        parser.add_argument("--no-write", action="store_true", help="Only print, do not update the Markdown file.")
        parser.add_argument("--use-current-db", action="store_true", help="Measure on the current database (child).")
        parser.add_argument("--result", default="", help="Where the child writes its figures as JSON.")
        parser.add_argument("--save", default="", help="A directory to keep each database's figures in (JSON).")
        parser.add_argument(
            "--report-from", default="", help="Only write the report from the JSON files kept with --save."
        )
        parser.add_argument("--pg-database", default=PG_DB, help=f"The PostgreSQL database to use (default {PG_DB}).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["use_current_db"]:
            results = measure(requests=options["requests"], voters=options["voters"], say=self.stdout.write)
            if options["result"]:
                Path(options["result"]).write_text(json.dumps(results), encoding="utf-8")
            return
        output = Path(options["output"]) if options["output"] else Path(__file__).resolve().parents[4] / "docs"
        if not options["output"]:
            output = output / "benchmarks.md"
        runs: dict[str, dict[str, Any]] = {}
        if options["report_from"]:
            for database in ("sqlite", "postgresql"):
                kept = Path(options["report_from"]) / f"{database}.json"
                if kept.exists():
                    runs[database] = json.loads(kept.read_text(encoding="utf-8"))
        for database in [item.strip() for item in options["databases"].split(",") if item.strip()]:
            if options["report_from"]:
                break
            if database not in {"sqlite", "postgresql"}:
                raise CommandError(f"Unbekannte Datenbank: {database}")
            runs[database] = self._run(database, options)
            if options["save"]:
                Path(options["save"]).mkdir(parents=True, exist_ok=True)
                (Path(options["save"]) / f"{database}.json").write_text(json.dumps(runs[database]), encoding="utf-8")
        text = report(runs, options)
        self.stdout.write("\n" + text)
        if not options["no_write"]:
            write_section(output, MARKER, text)
            self.stdout.write(f"\nGeschrieben: {output}")

    # --- parent: one child process per database ------------------------------------------------------------------

    def _run(self, database: str, options: dict[str, Any]) -> dict[str, Any]:
        name = "SQLite" if database == "sqlite" else "PostgreSQL"
        self.stdout.write(f"\n=== {name} ===")
        with tempfile.TemporaryDirectory(prefix="querschnitt-bench-") as directory:
            env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
            env.update(
                QUERSCHNITT_DATA_DIR=directory,
                DJANGO_SETTINGS_MODULE=SETTINGS,
                QUERSCHNITT_TASKS_IMMEDIATE="1",
                PYTHONUNBUFFERED="1",
            )
            server_version = ""
            if database == "postgresql":
                try:
                    server_version = _pg_recreate(options["pg_database"])
                except Exception as error:
                    message = f"PostgreSQL auf {PG_HOST}:{PG_PORT} ist nicht erreichbar: {error}"
                    self.stdout.write(message)
                    return {"error": message}
                env["DATABASE_URL"] = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{options['pg_database']}"
            try:
                return self._child(env, directory, options, server_version)
            finally:
                if database == "postgresql":
                    _pg_drop(options["pg_database"])

    def _child(self, env: dict[str, str], directory: str, options: dict[str, Any], server: str) -> dict[str, Any]:
        manage = [sys.executable, "-m", "django"]
        timings: dict[str, float] = {}
        steps = [
            ("migrate", ["migrate", "--no-input", "-v", "0"]),
            ("demo", ["demo"]),
            ("generate", ["generate_statewide", "--scale", str(options["scale"])]),
        ]
        for label, step in steps:
            self.stdout.write(f"{label} …")
            began = time.perf_counter()
            # Our own interpreter and fixed arguments: nothing of the command line comes from outside.
            done = subprocess.run([*manage, *step], env=env, capture_output=True, text=True)  # noqa: S603
            timings[label] = time.perf_counter() - began
            if done.returncode != 0:
                raise CommandError(f"{label} fehlgeschlagen:\n{done.stderr[-3000:]}")
        result_file = Path(directory) / "result.json"
        command = [
            *manage,
            "bench",
            "--use-current-db",
            "--requests",
            str(options["requests"]),
            "--voters",
            str(options["voters"]),
            "--result",
            str(result_file),
        ]
        measured = subprocess.run(command, env=env, check=False)  # noqa: S603
        if measured.returncode != 0 or not result_file.exists():
            raise CommandError("Die Messung ist fehlgeschlagen.")
        results = json.loads(result_file.read_text(encoding="utf-8"))
        results["setup"] = timings
        if server:
            results["server"] = server
        return results


# --- PostgreSQL administration ------------------------------------------------------------------------------------


def _pg_admin() -> Any:
    import psycopg

    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True, connect_timeout=5
    )


def _pg_recreate(name: str) -> str:
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        return str(admin.execute("SHOW server_version").fetchone()[0])


def _pg_drop(name: str) -> None:
    try:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # noqa: S110 (a database left behind is dropped by the next run)
        pass


# --- child: the measurements ----------------------------------------------------------------------------------------


def measure(*, requests: int, voters: int, say: Any) -> dict[str, Any]:
    from django.db import connection

    from querschnitt.core.startup import prepare_server_process

    prepare_server_process()  # as querschnitt/wsgi.py does in every server process

    from querschnitt.benchmarks.statewide import Plan  # noqa: F401 (the app is importable)
    from querschnitt.committees.models import AgendaItem, Meeting, Paper, Person
    from querschnitt.strategy.models import Indicator, Measure, Observation
    from querschnitt.tenancy.models import Body

    body = Body.objects.get(ags=MAIN_BODY_AGS)
    results: dict[str, Any] = {
        "vendor": connection.vendor,
        "counts": {
            "Kommunen mit ACI": Body.objects.filter(organizations__kind="aci").distinct().count(),
            "Personen": Person.objects.count(),
            "Sitzungen": Meeting.objects.count(),
            "Tagesordnungspunkte": AgendaItem.objects.count(),
            "Drucksachen": Paper.objects.count(),
            "Maßnahmen": Measure.objects.count(),
            "Indikatoren": Indicator.objects.count(),
            "Werte (Beobachtungen)": Observation.objects.count(),
        },
        "main_body": {
            "name": body.name,
            "papers": Paper.objects.filter(body=body).count(),
            "meetings": Meeting.objects.filter(body=body).count(),
            "agenda_items": AgendaItem.objects.filter(meeting__body=body).count(),
        },
    }
    # Statistics for the query planner after the bulk load, as PostgreSQL's autovacuum gathers them by itself (and as
    # `PRAGMA optimize` does for SQLite); without them SQLite plans some joins over the wrong index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load = [os.getloadavg()[0]]
    say("Seiten …")
    results["pages"] = measure_pages(body, requests, say)
    load.append(os.getloadavg()[0])
    say("OParl-Durchsatz …")
    results["oparl"] = measure_oparl_throughput(body)
    say("Punktabfrage …")
    results["dot_vote"] = measure_dot_vote(body, voters)
    say("Bericht (PDF) …")
    results["pdf"] = measure_pdf()
    load.append(os.getloadavg()[0])
    results["load"] = load
    return results


def _targets(body: Any) -> dict[str, Any]:
    from querschnitt.strategy.models import Indicator
    from querschnitt.strategy.selectors import current_concept

    concept = current_concept(body)
    indicator = Indicator.objects.filter(body=body, observations__isnull=False).order_by("pk").first()
    return {"slug": body.slug, "concept": concept.pk if concept else 0, "indicator": indicator.pk if indicator else 0}


def measure_pages(body: Any, requests: int, say: Any) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client

    from querschnitt.accounts.models import User

    values = _targets(body)
    office = User.objects.get(email=OFFICE)
    anonymous, signed_in = Client(), _signed_in(Client(), office)
    rows = []
    for label, template, kind, public in PAGES:
        path = template.format(**values)
        row: dict[str, Any] = {"label": label, "path": path, "kind": kind}
        for who, client in (("anonym", anonymous), ("geschaeftsstelle", signed_in)):
            if who == "anonym" and not public:
                continue
            for _ in range(3):  # warm-up: templates, caches, the database's buffers
                response = client.get(path)
            if response.status_code != 200:
                row[who] = {"status": response.status_code}
                continue
            queries: list[str] = []
            # Counted with a wrapper: the query log is emptied at the start of every request.
            with connection.execute_wrapper(_counter(queries)):
                client.get(path)
            times = []
            for _ in range(requests):
                began = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - began)
            row[who] = {
                "status": 200,
                "p50": percentile(times, 0.5),
                "p95": percentile(times, 0.95),
                "queries": len(queries),
                "bytes": len(response.content),
            }
        say(f"  {label}: " + ", ".join(f"{who} {_row_text(row.get(who))}" for who in ("anonym", "geschaeftsstelle")))
        rows.append(row)
    return rows


def _signed_in(client: Any, user: Any) -> Any:
    """A client with a session of `user`, made directly in the session store: unlike `force_login` no login signal
    fires, so nothing records a login without a client address (the benchmark measures pages, not the login)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def _counter(queries: list[str]) -> Any:
    def count(execute: Any, sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    return count


def _row_text(entry: dict[str, Any] | None) -> str:
    if entry is None:
        return "–"
    if entry.get("status") != 200:
        return f"HTTP {entry.get('status')}"
    return f"p50 {milliseconds(entry['p50'])} / p95 {milliseconds(entry['p95'])} ({entry['queries']} Abfragen)"


def measure_oparl_throughput(body: Any, rounds: int = 20) -> dict[str, Any]:
    """Objects per second through the OParl paper list of the body (all pages), and through the two baselines: the
    same rows read raw, and the page's own statements replayed. The three walks take turns, round by round, after a
    warm-up walk each (statements prepared, caches filled): a slow phase of the machine then slows all three alike,
    where one walk after the other once gave ratios from 0,47 to 0,76 within minutes. Each rate comes from the
    median walk: a single walk held up by the machine (one raw walk of 132 ms among walks of 9–23 ms) moved the
    ratio over the sum of all walks by a tenth, in either direction. The ratio over the sums is kept for
    comparison with earlier runs."""
    from django.test import Client

    client = Client()
    path = f"/oparl/v1.1/body/{body.slug}/paper/"
    with contextlib.ExitStack() as connections:
        walks = {
            "oparl": lambda: _oparl_walk(client, path),
            "raw": _timed(_raw_paper_walk(body, connections)),
            "replay": _timed(_replayed_page_walk(client, path, connections)),
        }
        for walk in walks.values():
            walk()
        objects = dict.fromkeys(walks, 0)
        seconds: dict[str, list[float]] = {name: [] for name in walks}
        for _ in range(rounds):
            for name, walk in walks.items():
                count, spent = walk()
                objects[name] += count
                seconds[name].append(spent)
    rates = {name: median_throughput(objects[name] // rounds, seconds[name]) for name in walks}
    totals = {name: throughput(objects[name], sum(seconds[name])) for name in walks}
    return {
        "rounds": rounds,
        "objects": objects["oparl"],
        "oparl_per_second": rates["oparl"],
        "raw_objects": objects["raw"],
        "raw_per_second": rates["raw"],
        "ratio": ratio(rates["oparl"], rates["raw"]),
        "replay_per_second": rates["replay"],
        "replay_ratio": ratio(rates["oparl"], rates["replay"]),
        "ratio_of_totals": ratio(totals["oparl"], totals["raw"]),
    }


def _timed(walk: Callable[[], int]) -> Callable[[], tuple[int, float]]:
    def timed() -> tuple[int, float]:
        began = time.perf_counter()
        objects = walk()
        return objects, time.perf_counter() - began

    return timed


def _oparl_walk(client: Any, path: str) -> tuple[int, float]:
    """All pages of the list through Django, as a client walks them: the number of objects, and the seconds the
    server took to answer. Reading the answers is the client's work and not counted (the baselines read nothing)."""
    import orjson

    objects, page, seconds = 0, 1, 0.0
    while True:
        began = time.perf_counter()
        response = client.get(path, {"page": page})
        seconds += time.perf_counter() - began
        if response.status_code != 200:
            return objects, seconds
        payload = orjson.loads(response.content)
        objects += len(payload["data"])
        if page >= payload["pagination"]["totalPages"]:
            return objects, seconds
        page += 1


def driver_connection() -> Any:
    """A connection of its own, straight from the database driver (psycopg or sqlite3), to the database Django
    uses: the baselines run outside the framework."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        options = settings.get("OPTIONS", {})
        return psycopg.connect(
            host=settings["HOST"] or PG_HOST,
            port=settings["PORT"] or PG_PORT,
            user=settings["USER"] or PG_USER,
            dbname=settings["NAME"],
            password=settings["PASSWORD"] or None,
            options=options.get("options", ""),  # the planner settings of Django's connections, for a fair race
        )
    import sqlite3

    name = str(settings["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _replayed_page_walk(client: Any, path: str, connections: contextlib.ExitStack) -> Callable[[], int]:
    """The second baseline: exactly the statements the OParl pages send (captured once per page), sent again
    through a connection of the driver's own (psycopg or sqlite3, outside Django), every row fetched and the rows
    of a page dumped with orjson. It tells the database's share of a page (publication rules included) from the share of
    Django, the model objects and the serialiser; the first baseline leaves the rules out."""
    import orjson
    from django.db import connection

    pages: list[tuple[int, list[tuple[str, Any]]]] = []
    page = 1
    while True:
        statements: list[tuple[str, Any]] = []

        def capture(
            execute: Any, sql: str, params: Any, many: bool, context: Any, statements: list = statements
        ) -> Any:
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = client.get(path, {"page": page})
        if response.status_code != 200:
            break
        payload = json.loads(response.content)
        pages.append((len(payload["data"]), statements))
        if page >= payload["pagination"]["totalPages"]:
            break
        page += 1
    raw = connections.enter_context(contextlib.closing(driver_connection()))
    if connection.vendor == "postgresql":
        import psycopg

        cursor = psycopg.ClientCursor(raw)  # Django's statements bind their parameters on the client side
        prepared = psycopg.RawCursor(raw)  # … the OParl paper list's ($1 placeholders) on the server, prepared
    else:
        cursor = prepared = raw.cursor()

    def send(sql: str, params: Any) -> Any:
        if "$1" in sql and connection.vendor == "postgresql":
            return prepared.execute(sql, params, prepare=True)
        # Django writes placeholders as %s for both drivers; sqlite3 takes "?" (Django's cursor converts them).
        return cursor.execute(
            sql if connection.vendor == "postgresql" else sql.replace("%s", "?").replace("%%", "%"), params or ()
        )

    def walk() -> int:
        objects = 0
        for count, statements in pages:
            rows = []
            for sql, params in statements:
                sent = send(sql, params)
                if sent.description:
                    rows.append(sent.fetchall())
            orjson.dumps(rows, default=str)
            objects += count
        return objects

    return walk


RAW_PAPERS = (
    "SELECT p.id, p.name, p.reference, p.date, p.paper_type, p.created, p.modified, b.slug "
    "FROM committees_paper p JOIN tenancy_body b ON b.id = p.body_id "
    "WHERE p.body_id = {p} AND p.public AND NOT p.deleted AND p.external_id = '' ORDER BY p.id LIMIT 100 OFFSET {p}"
)
RAW_CONSULTATIONS = (
    "SELECT c.id, c.paper_id, c.organization_id, c.meeting_id, c.role, c.authoritative, c.result, c.created, "
    "c.modified FROM committees_consultation c WHERE c.paper_id IN ({ids}) AND NOT c.deleted "
    'ORDER BY c.paper_id, c."order", c.id'
)
RAW_ORIGINATORS = (
    "SELECT paper_id, organization_id FROM committees_paper_originator_organizations WHERE paper_id IN ({ids})"
)


def _raw_paper_walk(body: Any, connections: contextlib.ExitStack) -> Callable[[], int]:
    """The papers of the OParl list selected page by page straight from the database driver (psycopg or sqlite3,
    outside Django) with their consultations and originators, and serialised with orjson into OParl-shaped
    objects: the fastest this list could be served without the framework."""
    import orjson
    from django.db import connection

    raw = connections.enter_context(contextlib.closing(driver_connection()))
    cursor = raw.cursor()
    placeholder = "%s" if connection.vendor == "postgresql" else "?"
    base = "http://testserver/oparl/v1.1/"

    def walk() -> int:
        objects = 0
        offset = 0
        while True:
            cursor.execute(RAW_PAPERS.format(p=placeholder), (body.pk, offset))
            papers = cursor.fetchall()
            if not papers:
                break
            ids = [row[0] for row in papers]
            marks = ", ".join([placeholder] * len(ids))
            cursor.execute(RAW_CONSULTATIONS.format(ids=marks), ids)
            steps: dict[int, list] = {}
            for row in cursor.fetchall():
                steps.setdefault(row[1], []).append(row)
            cursor.execute(RAW_ORIGINATORS.format(ids=marks), ids)
            originators: dict[int, list] = {}
            for paper_id, organization_id in cursor.fetchall():
                originators.setdefault(paper_id, []).append(organization_id)
            data = [
                {
                    "id": f"{base}paper/{row[0]}/",
                    "type": "https://schema.oparl.org/1.1/Paper",
                    "body": f"{base}body/{row[7]}/",
                    "name": row[1],
                    "reference": row[2],
                    "date": str(row[3]),
                    "paperType": row[4],
                    "originatorOrganization": [f"{base}organization/{o}/" for o in originators.get(row[0], [])],
                    "consultation": [
                        {
                            "id": f"{base}consultation/{step[0]}/",
                            "type": "https://schema.oparl.org/1.1/Consultation",
                            "paper": f"{base}paper/{row[0]}/",
                            "meeting": f"{base}meeting/{step[3]}/" if step[3] else None,
                            "organization": [f"{base}organization/{step[2]}/"],
                            "role": step[4],
                            "authoritative": bool(step[5]),
                            "result": step[6],
                            "created": str(step[7]),
                            "modified": str(step[8]),
                        }
                        for step in steps.get(row[0], [])
                    ],
                    "created": str(row[5]),
                    "modified": str(row[6]),
                }
                for row in papers
            ]
            orjson.dumps({"data": data, "pagination": {"elementsPerPage": 100}, "links": {}})
            objects += len(data)
            offset += 100
        return objects

    return walk


def measure_dot_vote(body: Any, voters: int) -> dict[str, Any]:
    """Open a dot vote with `voters` codes, start gunicorn, let every voter load the ballot and then cast at the
    same moment; count what arrived in the database."""
    from django.db import connection
    from django.db.models import Sum

    from querschnitt.accounts.models import User
    from querschnitt.participation import services
    from querschnitt.participation.models import Ballot, DotVote

    office = User.objects.get(email=OFFICE)
    vote = services.dot_vote_create(
        actor=office,
        body=body,
        title="Lasttest: Welche Handlungsfelder zuerst?",
        options=["Bildung", "Arbeit", "Sprache", "Wohnen", "Gesundheit"],
        points_per_voter=3,
    )
    codes: list[str] = []
    while len(codes) < voters:
        made = services.voters_create(actor=office, dot_vote=vote, count=min(500, voters - len(codes)))
        codes.extend(voter.token for voter in made)
    services.dot_vote_open(actor=office, dot_vote=vote)
    options = list(vote.options.order_by("order", "pk").values_list("pk", flat=True))
    connection.close()  # the server's workers use their own connections
    port = _free_port()
    workers, threads = 2, 16
    server = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "querschnitt.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/gesundheit/")
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(voters)

        def cast(number: int, code: str) -> None:
            jar = CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            url = f"{base}/abstimmen/{code}/"
            try:
                opener.open(url, timeout=120).read()
                token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
                points = {f"option_{options[(number + shift) % len(options)]}": "1" for shift in range(3)}
                data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **points}).encode()
                request = urllib.request.Request(url, data=data, headers={"Referer": url})  # noqa: S310
            except Exception as error:
                with lock:
                    failures.append(f"GET: {error}")
                barrier.wait()
                return
            barrier.wait()
            began = time.perf_counter()
            try:
                with opener.open(request, timeout=120) as response:
                    response.read()
                    status = response.status
            except Exception as error:
                with lock:
                    failures.append(f"POST: {error}")
                return
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures.append(f"HTTP {status}")

        pool = [threading.Thread(target=cast, args=(number, code)) for number, code in enumerate(codes)]
        began = time.perf_counter()
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    ballots = Ballot.objects.filter(dot_vote=vote)
    counted = ballots.filter(points=3).count()
    points = ballots.aggregate(total=Sum("points"))["total"] or 0
    return {
        "voters": voters,
        "ballots": counted,
        "points": points,
        "expected_points": voters * 3,
        "lost": voters - counted,
        "failures": len(failures),
        "failure_examples": failures[:5],
        "p50": percentile(latencies, 0.5) if latencies else 0.0,
        "p95": percentile(latencies, 0.95) if latencies else 0.0,
        "wall": wall,
        "server": f"gunicorn, {workers} Worker × {threads} Threads",
        "closed": DotVote.objects.get(pk=vote.pk).status,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own local server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"Der Server antwortet nicht: {url}")


def measure_pdf(runs: int = 3) -> dict[str, Any]:
    from querschnitt.reporting.demo_reports import TITLE
    from querschnitt.reporting.models import ReportVersion
    from querschnitt.reporting.report_documents import pdf_bytes
    from querschnitt.strategy import charts as strategy_charts

    version = ReportVersion.objects.filter(report__title=TITLE).select_related("report").order_by("-number").first()
    if version is None:
        return {"error": "Der Demobericht fehlt."}
    times = []
    size = 0
    for _ in range(runs):
        strategy_charts._render.cache_clear()  # draw the charts anew each time, as bench_report does
        began = time.perf_counter()
        size = len(pdf_bytes(version))
        times.append(time.perf_counter() - began)
    return {"min": min(times), "median": statistics.median(times), "bytes": size, "runs": runs}


# --- the report -----------------------------------------------------------------------------------------------------


def _machine(runs: dict[str, dict[str, Any]]) -> str:
    pg = next((run.get("server") for run in runs.values() if run.get("server")), "")
    facts = [
        f"{os.cpu_count()} CPU-Kerne",
        f"Python {platform.python_version()}",
        f"{platform.system()} {platform.release()} {platform.machine()}",
    ]
    if pg:
        facts.append(f"PostgreSQL {pg}")
    return ", ".join(facts)


def _cell(entry: dict[str, Any] | None, key: str) -> str:
    if entry is None:
        return "–"
    if entry.get("status") != 200:
        return f"HTTP {entry.get('status')}"
    return milliseconds(entry[key])


def _mark(entry: dict[str, Any] | None, kind: str, vendor: str) -> str:
    """✔/✘ against the target (p95 < 100 ms on PostgreSQL for lists and OParl lists)."""
    if vendor != "postgresql" or kind not in {"Liste", "OParl"} or not entry or entry.get("status") != 200:
        return ""
    return " ✔" if entry["p95"] < TARGET_P95 else " ✘"


def report(runs: dict[str, dict[str, Any]], options: dict[str, Any]) -> str:
    scale = options["scale"]
    command = "make bench" + (f" (querschnitt bench --scale {scale:g})" if scale != 1.0 else "")
    lines = [
        "## Landesweiter Datensatz – Antwortzeiten, OParl-Durchsatz, Punktabfrage",
        "",
        f"Gemessen am {time.strftime('%d.%m.%Y')} mit `{command}`, Maßstab {german(scale, 2)} des synthetischen "
        f"Datensatzes; {options['requests']} Anfragen je Seite nach dem Aufwärmen.",
        "",
        f"Rechner: {_machine(runs)}.",
        "",
    ]
    for database, run in runs.items():
        name = "SQLite" if database == "sqlite" else "PostgreSQL"
        lines += [f"### {name}", ""]
        if run.get("error"):
            lines += [f"Nicht gemessen: {run['error']}", ""]
            continue
        setup = run.get("setup", {})
        built = ", ".join(
            f"{label} {german(setup[key], 0)} s"
            for key, label in (("migrate", "Migrationen"), ("demo", "Demo"), ("generate", "Datensatz erzeugen"))
            if key in setup
        )
        counts = ", ".join(f"{label} {german(number, 0)}" for label, number in run["counts"].items())
        main = run["main_body"]
        if run.get("load"):
            lines += [
                f"Systemlast (Mittel der letzten Minute, {os.cpu_count()} Kerne) während der Messung: "
                + " → ".join(german(value, 1) for value in run["load"])
                + ".",
                "",
            ]
        lines += [
            f"Daten: {counts}. Gemessen an {main['name']} ({german(main['papers'], 0)} Drucksachen, "
            f"{german(main['meetings'], 0)} Sitzungen, {german(main['agenda_items'], 0)} Tagesordnungspunkte)."
            + (f" Aufbau: {built}." if built else ""),
            "",
            "| Seite | Art | anonym p50 | anonym p95 | Geschäftsstelle p50 | Geschäftsstelle p95 | Abfragen |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for row in run["pages"]:
            anon, office = row.get("anonym"), row.get("geschaeftsstelle")
            queries = (office or anon or {}).get("queries", "–")
            lines.append(
                f"| {row['label']} (`{row['path']}`) | {row['kind']} | {_cell(anon, 'p50')} | "
                f"{_cell(anon, 'p95')}{_mark(anon, row['kind'], run['vendor'])} | {_cell(office, 'p50')} | "
                f"{_cell(office, 'p95')}{_mark(office, row['kind'], run['vendor'])} | {queries} |"
            )
        oparl, vote, pdf = run["oparl"], run["dot_vote"], run["pdf"]
        driver = "psycopg" if run["vendor"] == "postgresql" else "sqlite3"
        lines += [
            "",
            f"OParl-Durchsatz (alle Seiten der Drucksachenliste, {oparl['objects'] // oparl['rounds']} Objekte, "
            f"{oparl['rounds']}-mal, im Wechsel mit den beiden Vergleichswerten, jeweils der mittlere Durchgang): "
            f"{german(oparl['oparl_per_second'], 0)} Objekte/s; Rohwert (Drucksachen, Beratungen und "
            f"Urheber-Gremien ohne die Veröffentlichungsregeln mit "
            f"{driver} gelesen, mit orjson in OParl-Form serialisiert): "
            f"{german(oparl['raw_per_second'], 0)} Objekte/s; Verhältnis **{german(oparl['ratio'], 2)}** "
            f"(Ziel ≥ {german(TARGET_RATIO, 1)})"
            + (
                f"; über die Summe aller Durchgänge {german(oparl['ratio_of_totals'], 2)}."
                if "ratio_of_totals" in oparl
                else "."
            ),
            "",
            f"Zum Vergleich genau die Abfragen der OParl-Seiten (mit den Regeln), über {driver} wiederholt und "
            f"die Zeilen mit orjson ausgegeben: {german(oparl['replay_per_second'], 0)} Objekte/s; Verhältnis "
            f"{german(oparl['replay_ratio'], 2)}. Der Abstand zu 1 ist der Anteil dessen, was außerhalb der "
            "Datenbank geschieht (Django, Modellobjekte, Serialisierung); der Abstand dieses Werts zum Rohwert der "
            "Anteil der Regeln und des JSON in der Datenbank.",
            "",
            f"Punktabfrage mit {vote['voters']} gleichzeitig Abstimmenden ({vote['server']}): "
            f"{german(vote['ballots'], 0)} Stimmzettel mit {german(vote['points'], 0)} von "
            f"{german(vote['expected_points'], 0)} Punkten gezählt; "
            f"**{max(0, vote['lost'] - vote['failures'])} Stimmen unbemerkt verloren**, "
            + (
                f"{vote['failures']} Abgaben mit Fehlerseite abgewiesen (die Abstimmenden sehen den Fehler und können "
                f"erneut abgeben: {', '.join(sorted(set(vote['failure_examples'])))})"
                if vote["failures"]
                else "keine Abgabe abgewiesen"
            )
            + "; Antwortzeit p50 "
            f"{milliseconds(vote['p50'])}, p95 {milliseconds(vote['p95'])}; alle {vote['voters']} in "
            f"{german(vote['wall'], 1)} s.",
            "",
            (
                f"Demobericht als PDF: Median {german(pdf['median'], 2)} s (Minimum {german(pdf['min'], 2)} s, "
                f"{pdf['runs']} Durchläufe, {german(pdf['bytes'] / 1024, 0)} KiB)."
                if "median" in pdf
                else f"Demobericht als PDF: {pdf.get('error')}"
            ),
            "",
        ]
    return "\n".join(lines)
