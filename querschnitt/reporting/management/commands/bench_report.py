"""`querschnitt bench_report`: how long building the demo report's PDF and DOCX takes (`make bench`).

Without `--use-current-db` the command runs itself again in a child process on a fresh SQLite database in a
temporary directory (migrate, load the demo, measure), so the measurement never touches a real database. With it,
it uses the current database, loading the demo there first if the demo report is missing.

Prints the minimum and median build time of the PDF and of the DOCX over `--runs` builds with the machine's facts,
and writes them to `docs/benchmarks.md` between the markers of its own section (other sections stay as they are).
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

START = "<!-- bench:report -->"
END = "<!-- /bench:report -->"
HEADING = "## Integrationsbericht (Demo) – Erstellungszeit"


def write_section(path: Path, body: str) -> None:
    """Replace this command's section of the file (or append it); everything else stays as it is."""
    section = f"{START}\n{HEADING}\n\n{body.strip()}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\nMessungen von `make bench`.\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    found = pattern.search(text)
    text = pattern.sub(lambda match: section, text) if found else text.rstrip() + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " s"


class Command(BaseCommand):
    help = "Measures the build time of the demo report's PDF and DOCX and writes it to docs/benchmarks.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=3, help="How many builds of each file (default 3).")
        parser.add_argument("--use-current-db", action="store_true", help="Measure on the current database.")
        parser.add_argument("--output", default="", help="The Markdown file to update (default docs/benchmarks.md).")
        parser.add_argument("--no-write", action="store_true", help="Only print, do not update the Markdown file.")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = max(1, int(options["runs"]))
        output = Path(options["output"]) if options["output"] else self._default_output()
        if not options["use_current_db"]:
            self._in_fresh_database(runs, output, options["no_write"])
            return
        self._measure(runs, output, options["no_write"])

    def _default_output(self) -> Path:
        return Path(__file__).resolve().parents[4] / "docs" / "benchmarks.md"

    def _in_fresh_database(self, runs: int, output: Path, no_write: bool) -> None:
        with tempfile.TemporaryDirectory(prefix="querschnitt-bench-") as directory:
            env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
            env.update(
                QUERSCHNITT_DATA_DIR=directory,
                DJANGO_SETTINGS_MODULE=env.get("DJANGO_SETTINGS_MODULE", "querschnitt.settings.dev"),
                QUERSCHNITT_TASKS_IMMEDIATE="1",
            )
            manage = [sys.executable, "-m", "django"]
            self.stdout.write("Lege eine frische Datenbank an und lade die Demodaten …")
            for step in (["migrate", "--no-input", "-v", "0"], ["demo"]):
                # Our own interpreter and fixed arguments: nothing of the command line comes from outside.
                setup = subprocess.run([*manage, *step], env=env, capture_output=True, text=True)  # noqa: S603
                if setup.returncode != 0:
                    raise CommandError(setup.stderr[-2000:])
            command = [*manage, "bench_report", "--use-current-db", "--runs", str(runs), "--output", str(output)]
            if no_write:
                command.append("--no-write")
            measured = subprocess.run(command, env=env, check=False)  # noqa: S603
            if measured.returncode != 0:
                raise CommandError("bench_report failed")

    def _measure(self, runs: int, output: Path, no_write: bool) -> None:
        from querschnitt.reporting.demo_reports import TITLE
        from querschnitt.reporting.models import ReportVersion
        from querschnitt.reporting.report_data import report_data
        from querschnitt.reporting.report_documents import docx_bytes, pdf_bytes

        version = ReportVersion.objects.filter(report__title=TITLE).select_related("report").order_by("-number").first()
        if version is None:
            from querschnitt.core.demo import load_demo

            load_demo()
            version = (
                ReportVersion.objects.filter(report__title=TITLE).select_related("report").order_by("-number").first()
            )
        if version is None:
            raise CommandError("The demo report is missing.")
        snapshot, pdf_times, docx_times = [], [], []
        pdf_size = docx_size = 0
        from querschnitt.strategy import charts as strategy_charts

        for _run in range(runs):
            # Every run draws its charts anew: the per-process SVG cache would make all but the first run too fast.
            strategy_charts._render.cache_clear()
            began = time.perf_counter()
            report_data(version.report)
            snapshot.append(time.perf_counter() - began)
            began = time.perf_counter()
            pdf_size = len(pdf_bytes(version))
            pdf_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            docx_size = len(docx_bytes(version))
            docx_times.append(time.perf_counter() - began)
        facts = (
            f"{os.cpu_count()} CPU-Kerne, Python {platform.python_version()}, {platform.system()} {platform.machine()}"
        )
        rows = [
            ("Daten zusammenstellen (Schnappschuss)", snapshot, None),
            ("PDF (Typst, mit Diagrammen als SVG)", pdf_times, pdf_size),
            ("DOCX (python-docx, Diagramme als PNG)", docx_times, docx_size),
        ]
        table = ["| Schritt | Minimum | Median | Größe |", "|---|---:|---:|---:|"]
        for label, times, size in rows:
            size_text = f"{size / 1024:.0f} KiB".replace(".", ",") if size else "–"
            table.append(f"| {label} | {_seconds(min(times))} | {_seconds(statistics.median(times))} | {size_text} |")
        body = "\n".join(
            [
                f"„{version.report.title}“ (Version {version.number}) aus den Demodaten, {runs} Durchläufe; "
                f"gemessen am {time.strftime('%d.%m.%Y')} mit `make bench`.",
                "",
                f"Rechner: {facts}.",
                "",
                *table,
                "",
                "Die Dateien werden im Hintergrund erzeugt; die Seite zeigt solange den Fortschritt.",
            ]
        )
        self.stdout.write(body)
        if not no_write:
            write_section(output, body)
            self.stdout.write(f"\nGeschrieben: {output}")
