"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is ever downloaded."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core-4.11.0" / "axe.min.js"
CHROMIUM = os.environ.get("QUERSCHNITT_CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "Demo-Querschnitt-2026"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread; Django's ORM must still be usable here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"Chromium missing at {CHROMIUM}: apt-get install chromium"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        # axe-core is injected as an inline script and compiles code with `new Function`, both of which our CSP
        # refuses; contexts bypass the CSP unless a test asks otherwise (test_csp.py enforces it on the real pages).
        original_new_context = browser.new_context

        def new_context(**kwargs):
            kwargs.setdefault("bypass_csp", True)
            return original_new_context(**kwargs)

        browser.new_context = new_context
        yield browser
        browser.close()


# --- The demo data, loaded once per process ----------------------------------------------------------------------
# Loading the demo takes 4–5 s on SQLite and 8–11 s on PostgreSQL. The first browser test of a process loads it on
# the database as the migrations left it (as `make demo` does), then takes a snapshot of every table and of the files
# the demo wrote under MEDIA_ROOT (report PDFs, uploads); each later browser test of the process gets that snapshot
# back (SQLite: the backup API, milliseconds; PostgreSQL: TRUNCATE and COPY, about a second). After a restore the
# database is exactly as right after the first load, primary keys and sequences included, and so are the demo's
# files, even if an earlier test changed or deleted them.

_demo: dict = {"database": None, "media": None}


def _media_files(root: Path) -> set[Path]:
    return {path.relative_to(root) for path in root.rglob("*") if path.is_file()} if root.is_dir() else set()


def _snapshot_tables() -> list[str]:
    from django.db import connection

    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _take_database_snapshot():
    """SQLite: a copy of the whole in-memory database; PostgreSQL: every table's rows in COPY's binary format."""
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        import sqlite3

        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        rows = {}
        with connection.cursor() as cursor:
            for table in _snapshot_tables():
                with cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                    rows[table] = b"".join(bytes(chunk) for chunk in copy)
        return rows
    return connection.creation.serialize_db_to_string()


def _restore_database_snapshot(snapshot) -> None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection, transaction

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        snapshot.backup(connection.connection)
    elif connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at the commit, so the order of tables is free.
            cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in snapshot))
            for table, rows in snapshot.items():
                with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(rows)
            # COPY leaves the sequences alone: set them as the demo left them (after the highest key).
            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in snapshot]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    else:
        call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
        connection.creation.deserialize_db_from_string(snapshot)
    ContentType.objects.clear_cache()


@pytest.fixture
def demo(transactional_db, migrated_database_restorer):
    from django.conf import settings

    media = Path(settings.MEDIA_ROOT)
    if _demo["database"] is None:
        migrated_database_restorer()
        before = _media_files(media)
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        _demo["database"] = _take_database_snapshot()
        _demo["media"] = Path(f"{media}-demo")  # one per worker, like MEDIA_ROOT; replaced by the next run
        shutil.rmtree(_demo["media"], ignore_errors=True)
        _demo["media"].mkdir(parents=True)
        for name in _media_files(media) - before:
            (_demo["media"] / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(media / name, _demo["media"] / name)
    else:
        _restore_database_snapshot(_demo["database"])
        shutil.copytree(_demo["media"], media, dirs_exist_ok=True)


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: CI machines are slow under load
    yield page
    context.close()


def login(page, email: str) -> None:
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    follow(page.get_by_role("main").get_by_role("button", name="Anmelden"))


def follow(locator) -> None:
    """Clicks a link or a form's submit button and waits until the page it opens has loaded.

    A plain click returns once the browser has sent the click, not once the next page is there: what a test reads
    right after it (inner_text, count, is_visible, all_inner_texts – none of them wait) may still come from the page
    before. Every click that leaves the page goes through here; clicks that htmx answers in place do not."""
    with locator.page.expect_navigation():
        locator.click()


def open_from_navigation(page, body_name: str, *labels: str) -> None:
    """Follows the body's navigation link by link: an area in the first row („Gremienarbeit“), then a page of that
    area in the second row („Sitzungen“). Each click waits for the page it opens."""
    navigation = page.get_by_role("navigation", name=f"Navigation für {body_name}")
    for label in labels:
        follow(navigation.get_by_role("link", name=label, exact=True))


def axe_violations(page) -> list[dict]:
    """Runs axe-core (vendored) on the page; returns violations of impact serious or critical.

    A test may call this right after a click that navigates: the check then waits for the new page. If the
    navigation began only while axe was being injected (the document has no head for a moment, or the script's
    context is destroyed), it waits for the new page and runs axe there once more."""
    from playwright.sync_api import Error

    page.wait_for_load_state()
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    except Error as error:
        if "appendChild" not in str(error) and "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
