"""`querschnitt bench_load`: the load scenario of `make bench` (issue 9) — mixed traffic against 127.0.0.1.

Without `--host` the command starts gunicorn itself on a free port of 127.0.0.1, on the current database (the
environment passes through: `DATABASE_URL`, `QUERSCHNITT_DATA_DIR`) with the settings `querschnitt.benchmarks.settings`
(DEBUG off, rate limits off: every simulated user comes from 127.0.0.1), waits for `/gesundheit/`, and runs locust
headless in a child process (gevent must not patch this process) with `querschnitt/benchmarks/locustfile.py`.

What the simulated people request comes from the database (`collect_targets`): bodies with a published public page
and with offers, the Geschäftsstelle's body and its meetings, papers, concepts and measures. For the voters the
command opens a dot vote of its own in that body with personal codes ("Lasttest (bench_load)") and deletes it again
afterwards, so the database is left as it was (the demo's own vote is closed and stays untouched).

It reads locust's CSV statistics, prints them and writes them to `docs/benchmarks.md` between the markers
`<!-- bench:load -->` and `<!-- /bench:load -->`; within that section one block per database and data set, so that the
SQLite and the PostgreSQL figures stand side by side. Exit code 1 if any request failed.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

START = "<!-- bench:load -->"
END = "<!-- /bench:load -->"
HEADING = "## Lasttest: gemischter Verkehr"
LOCUSTFILE = Path(__file__).resolve().parents[2] / "locustfile.py"
SERVER_SETTINGS = "querschnitt.benchmarks.settings"
OFFICE_LOGIN = "geschaeftsstelle@querschnitt.example"
LOAD_VOTE_TITLE = "Lasttest (bench_load)"
LOAD_VOTE_OPTIONS = ("Bildung", "Arbeit", "Sprache", "Wohnen", "Gesundheit", "Partizipation")
VOTER_CODES = 100
SAMPLE = 50  # ids per kind handed to locust: enough for variety, small enough for the JSON file


# --- What to request ------------------------------------------------------------------------------------------------


def collect_targets(*, login: str, password: str) -> dict[str, Any]:
    """Slugs and ids for the locustfile, read from the database. The Geschäftsstelle's body is the first body in
    which `login` holds the office role. Raises CommandError when the demo's Geschäftsstelle is missing."""
    from querschnitt.committees.models import Meeting, Paper
    from querschnitt.network.models_offers import Offer, OfferStatus
    from querschnitt.oparl import selectors as oparl_selectors
    from querschnitt.reporting.models import PublicPage
    from querschnitt.strategy.models import Concept, Measure
    from querschnitt.tenancy.models import Body, Role, RoleAssignment

    assignment = (
        RoleAssignment.objects.filter(user__email__iexact=login, role=Role.OFFICE).select_related("body").first()
    )
    if assignment is None:
        raise CommandError(
            f"No Geschäftsstelle account {login} in this database: load the demo first (querschnitt demo)."
        )
    body = assignment.body
    public_bodies = list(
        PublicPage.objects.filter(published=True).order_by("body__slug").values_list("body__slug", flat=True)[:SAMPLE]
    )
    offer_bodies = list(
        Offer.objects.filter(status=OfferStatus.PUBLISHED)
        .order_by("actor__body__slug")
        .values_list("actor__body__slug", flat=True)
        .distinct()[:SAMPLE]
    )
    with_papers = Paper.objects.filter(public=True, deleted=False, external_id="").values("body")
    oparl_bodies = list(
        oparl_selectors.published_bodies().filter(pk__in=with_papers).values_list("slug", flat=True)[:SAMPLE]
    )
    names = list(Body.objects.order_by("pk").values_list("name", flat=True)[:SAMPLE])
    return {
        "visitor": {
            "public_bodies": public_bodies,
            "offer_bodies": offer_bodies or public_bodies or [body.slug],
            "oparl_bodies": oparl_bodies,
            "search_terms": sorted({name.split()[0] for name in names if name.split()}),
        },
        "office": {
            "login": login,
            "password": password,
            "body": body.slug,
            "meetings": _ids(Meeting.objects.filter(body=body, deleted=False)),
            "papers": _ids(Paper.objects.filter(body=body, deleted=False)),
            "concepts": _ids(Concept.objects.filter(body=body)),
            "measures": _ids(Measure.objects.filter(concept__body=body)),
        },
        "voter": {},
    }


def _ids(queryset: Any) -> list[int]:
    return list(queryset.order_by("-pk").values_list("pk", flat=True)[:SAMPLE])


def open_load_vote(body_slug: str) -> dict[str, Any]:
    """An open dot vote of the body with personal codes, made for the load test (the demo's own vote is closed).
    Returns the voter section of the targets with the vote's id under "dot_vote"."""
    from querschnitt.participation.models import DotVote
    from querschnitt.participation.services import dot_vote_create, dot_vote_open, voters_create
    from querschnitt.tenancy.models import Body

    body = Body.objects.get(slug=body_slug)
    DotVote.objects.filter(body=body, title=LOAD_VOTE_TITLE).delete()  # the leftover of an interrupted run
    # actor=None: the system acts (as the demo loader does); no person's permissions are involved.
    vote = dot_vote_create(
        actor=None,
        body=body,
        title=LOAD_VOTE_TITLE,
        question="Welche Handlungsfelder sind bei uns relevant? (Lasttest)",
        options=LOAD_VOTE_OPTIONS,
        points_per_voter=3,
        spend_all=True,
        anonymous=True,
        visibility="after_own_vote",
    )
    dot_vote_open(actor=None, dot_vote=vote)
    voters = voters_create(actor=None, dot_vote=vote, count=VOTER_CODES)
    return {
        "dot_vote": vote.pk,
        "tokens": [voter.token for voter in voters],
        "options": list(vote.options.order_by("order").values_list("pk", flat=True)),
        "points": vote.points_per_voter,
        "cap": vote.max_points_per_option,
        "spend_all": vote.spend_all,
    }


def remove_load_vote(pk: int | None) -> None:
    from querschnitt.participation.models import DotVote

    if pk is not None:
        DotVote.objects.filter(pk=pk, title=LOAD_VOTE_TITLE).delete()


# --- Reading locust's statistics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    method: str
    name: str
    requests: int
    failures: int
    median: float
    p95: float
    p99: float
    maximum: float
    rps: float


def _number(value: str) -> float:
    value = (value or "").strip()
    return float(value) if value and value != "N/A" else 0.0


def read_stats(path: Path) -> tuple[list[Row], Row | None]:
    """The rows of locust's `<prefix>_stats.csv` (one per request name) and its "Aggregated" row."""
    rows: list[Row] = []
    total: Row | None = None
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            row = Row(
                method=record.get("Type", "") or "",
                name=record["Name"],
                requests=int(_number(record["Request Count"])),
                failures=int(_number(record["Failure Count"])),
                median=_number(record["Median Response Time"]),
                p95=_number(record.get("95%", "")),
                p99=_number(record.get("99%", "")),
                maximum=_number(record["Max Response Time"]),
                rps=_number(record["Requests/s"]),
            )
            if row.name == "Aggregated":
                total = row
            else:
                rows.append(row)
    return rows, total


def read_failures(path: Path) -> list[str]:
    """`<prefix>_failures.csv` as lines "METHOD name: error (n×)"."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            f"{record['Method']} {record['Name']}: {record['Error']} ({record['Occurrences']}×)"
            for record in csv.DictReader(handle)
        ]


# --- The section in docs/benchmarks.md ------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.0f} ms"


def _decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def render_block(rows: list[Row], total: Row | None, facts: dict[str, str]) -> str:
    """One run: what ran where, then a table with one line per request type and the sum."""
    lines = [
        f"### {facts['database']}, {facts['dataset']}",
        "",
        f"{facts['users']} gleichzeitige Nutzende (Anlauf {facts['spawn_rate']} pro Sekunde), {facts['seconds']} s; "
        f"gemessen am {facts['date']} mit `{facts['command']}`.",
        "",
        f"Rechner: {facts['machine']}; Systemlast (1-Minuten-Mittel) vor dem Lauf {facts['load_before']}, "
        f"danach {facts['load_after']}. Datenbank: {facts['database_version']}. App-Server: {facts['server']}.",
        "",
        f"Daten: {facts['dataset_detail']}.",
        "",
        *(
            [
                "Achtung: Der Rechner war schon vor dem Lauf mit anderer Arbeit ausgelastet (Systemlast über der Zahl "
                "der Kerne); die Zeiten sind deshalb deutlich höher als auf einem ruhigen Rechner.",
                "",
            ]
            if facts.get("busy")
            else []
        ),
        "| Anfrage | Anzahl | Fehler | Median | 95 % | 99 % | Max | Anfragen/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=lambda row: (row.name, row.method)):
        lines.append(
            f"| {row.method} `{row.name}` | {row.requests} | {row.failures} | {_ms(row.median)} | {_ms(row.p95)} | "
            f"{_ms(row.p99)} | {_ms(row.maximum)} | {_decimal(row.rps)} |"
        )
    if total is not None:
        lines.append(
            f"| **gesamt** | **{total.requests}** | **{total.failures}** | {_ms(total.median)} | {_ms(total.p95)} | "
            f"{_ms(total.p99)} | {_ms(total.maximum)} | **{_decimal(total.rps)}** |"
        )
        lines += ["", f"Ergebnis: {'ohne Fehler' if total.failures == 0 else f'{total.failures} Fehler'}."]
    return "\n".join(lines)


INTRO = """Gemischter Verkehr gegen einen App-Server auf 127.0.0.1 (`querschnitt bench_load`, ein Teil von
`make bench`): locust simuliert drei Arten von Menschen, jede mit 1–3 s Bedenkzeit zwischen zwei Klicks:

- **Besucherinnen und Besucher** (60 %): Startseite, Liste der Kommunen und Suche darin, offene Daten (`/daten/`,
  `/daten/<Kommune>/`), Angebotsverzeichnis (`/angebote/<Kommune>/`) und ein Gang durch OParl (System → Kommunen →
  Kommune → Drucksachenliste und ihre nächste Seite → eine Drucksache), den Links der Antworten folgend;
- **Geschäftsstelle** (25 %): meldet sich einmal an (Formular mit CSRF-Token) und liest dann Übersicht, Sitzungen und
  eine Sitzung, Drucksachen und eine Drucksache, das Konzept, Maßnahmen und eine Maßnahme, Indikatoren;
- **Teilnehmende eines Workshops** (15 %): stimmen mit persönlichem Code in einer offenen Punktabfrage ab (Stimmzettel
  öffnen, Punkte mit „+“ verteilen, abstimmen, Stimme ändern) – eine Punktabfrage „Lasttest (bench_load)“, die der
  Befehl dafür anlegt und danach wieder löscht.

Als Fehler zählt jede Antwort außer 200, eine Seite der Geschäftsstelle, die beim Anmeldeformular landet, ein
Stimmzettel mit Fehlermeldung und eine OParl-Antwort, die kein JSON ist. Der Server läuft mit
`querschnitt.benchmarks.settings`: DEBUG aus, statische Dateien aus dem Paket, **Ratenbegrenzungen aus**
(`RATELIMIT_ENABLE`, `ACCOUNT_RATE_LIMITS`, `QUERSCHNITT_RATELIMITS`), weil alle simulierten Nutzenden von derselben
Adresse 127.0.0.1 kommen; django-axes bleibt an. Locust läuft auf demselben Rechner und teilt sich die CPU-Kerne mit
dem Server. Die Anmeldung ist mit Absicht teuer (Passwort-Hash PBKDF2 mit Djangos 1 000 000 Durchläufen): die
gemessene Zeit zeigt vor allem, wie lange sich gleichzeitige Anmeldungen die Kerne teilen."""

BLOCK = re.compile(r"<!-- load:(?P<key>[\w.-]+) -->\n(?P<body>.*?)\n<!-- /load:(?P=key) -->", re.DOTALL)


def write_block(path: Path, key: str, block: str) -> None:
    """Replace this run's block (by `key`, e.g. "postgresql-demo") within the load section, keep the other blocks and
    every other section of the file; the section is appended if missing. Reads the file right before writing, so
    that sections other commands wrote meanwhile stay."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\nMessungen von `make bench`.\n"
    pattern = re.compile(re.escape(START) + r"\n?(?P<inner>.*?)" + re.escape(END), re.DOTALL)
    found = pattern.search(text)
    blocks = {match["key"]: match["body"] for match in BLOCK.finditer(found["inner"])} if found else {}
    blocks[key] = block.strip()
    body = "\n\n".join(f"<!-- load:{name} -->\n{blocks[name]}\n<!-- /load:{name} -->" for name in sorted(blocks))
    section = f"{START}\n{HEADING}\n\n{INTRO}\n\n{body}\n{END}"
    text = pattern.sub(lambda match: section, text) if found else text.rstrip() + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


# --- Facts about the run --------------------------------------------------------------------------------------------


def database_facts() -> tuple[str, str]:
    """("PostgreSQL"|"SQLite", version text) of the current connection."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        return "PostgreSQL", f"PostgreSQL {version}"
    return "SQLite", f"SQLite {sqlite3.sqlite_version} (WAL)"


def dataset_facts(label: str) -> tuple[str, str, str]:
    """(label, slug for the block key, counts). Without a label: "Demodaten" for up to 10 concepts, else
    "landesweiter Datensatz"."""
    from querschnitt.committees.models import Meeting, Paper
    from querschnitt.strategy.models import Concept, Measure
    from querschnitt.tenancy.models import Body

    concepts = Concept.objects.count()
    if not label:
        label = "Demodaten" if concepts <= 10 else "landesweiter Datensatz"
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")).strip("-")
    detail = (
        f"{Body.objects.count()} Kommunen, {concepts} Konzepte, {Measure.objects.count()} Maßnahmen, "
        f"{Meeting.objects.count()} Sitzungen, {Paper.objects.count()} Drucksachen"
    )
    return label, slug or "daten", detail


def _load_average() -> str:
    """The 1-minute load average (other work on the machine skews the figures), or "–" where unknown."""
    try:
        return _decimal(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return "–"


def _busy() -> bool:
    """Whether the machine is already busier than its cores before the run starts."""
    try:
        return os.getloadavg()[0] > (os.cpu_count() or 1)
    except (AttributeError, OSError):
        return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(host: str, process: subprocess.Popen[Any] | None, timeout: float = 60.0) -> None:
    """Poll `/gesundheit/` until it answers 200; CommandError if the server exits or the time runs out."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise CommandError(f"The app server exited with code {process.returncode}.")
        try:
            with urllib.request.urlopen(f"{host}/gesundheit/", timeout=5) as response:  # noqa: S310 (our own URL)
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            last = f"{error.code} {error.read().decode('utf-8', 'replace')[:300]}"
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.5)
    raise CommandError(f"The app server did not become healthy at {host}/gesundheit/: {last}")


class Command(BaseCommand):
    help = "Runs the mixed load scenario (locust) against 127.0.0.1 and writes the figures to docs/benchmarks.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="", help="A running server (default: start gunicorn on 127.0.0.1).")
        parser.add_argument("--users", type=int, default=50, help="Concurrent simulated users (default 50).")
        parser.add_argument("--spawn-rate", type=float, default=10, help="Users started per second (default 10).")
        parser.add_argument("--seconds", type=int, default=60, help="Length of the run (default 60).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2).")
        parser.add_argument("--threads", type=int, default=4, help="Threads per gunicorn worker (default 4).")
        parser.add_argument(
            "--server-settings", default=SERVER_SETTINGS, help=f"Settings of the started server ({SERVER_SETTINGS})."
        )
        parser.add_argument("--login", default=OFFICE_LOGIN, help="E-mail of the Geschäftsstelle's account.")
        parser.add_argument("--password", default="", help="Its password (default: the demo password).")
        parser.add_argument("--dataset", default="", help="Name of the data set for the report (default: guessed).")
        parser.add_argument("--output", default="", help="The Markdown file to update (default docs/benchmarks.md).")
        parser.add_argument("--no-write", action="store_true", help="Only print, do not update the Markdown file.")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db.migrations.executor import MigrationExecutor

        from querschnitt.core.demo import DEMO_PASSWORD

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("Migrations are pending in this database: run `querschnitt migrate` first.")

        output = (
            Path(options["output"])
            if options["output"]
            else Path(__file__).resolve().parents[4] / "docs" / "benchmarks.md"
        )
        targets = collect_targets(login=options["login"], password=options["password"] or DEMO_PASSWORD)
        targets["voter"] = open_load_vote(targets["office"]["body"])
        load_before = _load_average()
        busy = _busy()
        try:
            with tempfile.TemporaryDirectory(prefix="querschnitt-load-") as directory:
                rows, total, failures, server = self._run(Path(directory), targets, options)
        finally:
            remove_load_vote(targets["voter"].get("dot_vote"))
        database, database_version = database_facts()
        dataset, dataset_slug, dataset_detail = dataset_facts(options["dataset"])
        facts = {
            "database": database,
            "database_version": database_version,
            "dataset": dataset,
            "dataset_detail": dataset_detail,
            "users": str(options["users"]),
            "spawn_rate": f"{options['spawn_rate']:g}",
            "seconds": str(options["seconds"]),
            "date": time.strftime("%d.%m.%Y"),
            "command": self._command_line(options),
            "machine": f"{os.cpu_count()} CPU-Kerne, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}",
            "server": server,
            "load_before": load_before,
            "load_after": _load_average(),
            "busy": busy,
        }
        block = render_block(rows, total, facts)
        self.stdout.write(block)
        if failures:
            self.stdout.write("\nFehler:\n" + "\n".join(f"- {line}" for line in failures))
        if not options["no_write"]:
            write_block(output, f"{database.lower()}-{dataset_slug}", block)
            self.stdout.write(f"\nGeschrieben: {output}")
        if total is None or total.requests == 0:
            raise CommandError("locust recorded no requests.")
        if total.failures:
            raise CommandError(f"{total.failures} of {total.requests} requests failed.")

    def _command_line(self, options: dict[str, Any]) -> str:
        parts = ["querschnitt bench_load", f"--users {options['users']}", f"--seconds {options['seconds']}"]
        if options["host"]:
            parts.append(f"--host {options['host']}")
        else:
            parts.append(f"--workers {options['workers']} --threads {options['threads']}")
        return " ".join(parts)

    def _run(
        self, directory: Path, targets: dict[str, Any], options: dict[str, Any]
    ) -> tuple[list[Row], Row | None, list[str], str]:
        targets_file = directory / "targets.json"
        targets_file.write_text(json.dumps(targets), encoding="utf-8")
        server = None
        host = options["host"].rstrip("/")
        description = f"vorhandener Server {host}"
        log = (directory / "server.log").open("w", encoding="utf-8")
        try:
            if not host:
                port = free_port()
                host = f"http://127.0.0.1:{port}"
                env = os.environ | {"DJANGO_SETTINGS_MODULE": options["server_settings"]}
                workers, threads = options["workers"], options["threads"]
                description = f"gunicorn, {workers} Prozesse × {threads} Threads (gthread)"
                self.stdout.write(f"Starte gunicorn auf {host} …")
                # Our own interpreter and fixed arguments; the port is one we just found free.
                server = subprocess.Popen(  # noqa: S603
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
                        "--worker-class",
                        "gthread",
                        "--timeout",
                        "60",
                        # Longer than a simulated user's pause: gunicorn's default of 2 s closes idle connections
                        # while the client reuses them ("connection reset"); a proxy in front keeps them open longer.
                        "--keep-alive",
                        "75",
                    ],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            wait_healthy(host, server)
            prefix = directory / "load"
            self.stdout.write(f"Lasttest: {options['users']} Nutzende, {options['seconds']} s gegen {host} (locust) …")
            env = os.environ | {"QUERSCHNITT_LOAD_TARGETS": str(targets_file)}
            locust = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--users",
                    str(options["users"]),
                    "--spawn-rate",
                    f"{options['spawn_rate']:g}",
                    "--run-time",
                    f"{options['seconds']}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    host,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            stats = Path(f"{prefix}_stats.csv")
            if not stats.exists():
                raise CommandError(
                    f"locust wrote no statistics (exit code {locust.returncode}):\n{locust.stderr[-3000:]}"
                )
            rows, total = read_stats(stats)
            failures = read_failures(Path(f"{prefix}_failures.csv"))
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            log.close()
        server_log = (directory / "server.log").read_text(encoding="utf-8")
        if failures and server_log.strip():
            self.stderr.write("Server log (end):\n" + server_log[-4000:])
        return rows, total, failures, description
