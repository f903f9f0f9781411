"""The production settings, exercised for real: `check --deploy` against the test database, then the application
under gunicorn with those settings, asked over HTTP as nginx would ask it (issue 9).

CI runs the suite twice. On the PostgreSQL run (DATABASE_URL set) the subprocesses use the PostgreSQL test database
of this run; on the SQLite run they use a file copy of the in-memory test database (SQLite's backup API, a few
milliseconds). Either way the schema is fully migrated, so the health endpoint answers 200.
"""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SECRET_KEY = "x7" * 30 + "-production-like-secret-key-for-the-check"
PYTHON = sys.executable


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the PostgreSQL test database of this run."""
    quote = urllib.parse.quote
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def production_environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="querschnitt.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,querschnitt.example",
        QUERSCHNITT_DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
    )
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = database_url(connection.settings_dict)
    else:
        # No DATABASE_URL: the production settings use QUERSCHNITT_DATA_DIR/querschnitt.sqlite3, a copy of ours.
        connection.ensure_connection()
        with sqlite3.connect(data_dir / "querschnitt.sqlite3") as target:
            connection.connection.backup(target)
        target.close()
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, *, https: bool = True, timeout: float = 10) -> HTTPResponse:
    client = HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": f"127.0.0.1:{port}"}
    if https:
        headers["X-Forwarded-Proto"] = "https"  # what nginx says after terminating TLS
    client.request("GET", path, headers=headers)
    response = client.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    client.close()
    return response


def wait_until_serving(port: int, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn ended with {server.returncode}: {server.stderr.read()}")
        try:
            get(port, "/gesundheit/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer in time")


def test_production_settings_pass_the_deploy_check_and_serve_https_only_under_gunicorn(tmp_path):
    env = production_environment(tmp_path)
    cli = [PYTHON, "-m", "querschnitt.cli"]
    # The two commands are independent: run them side by side. Admin's static files are not needed by the pages
    # asked for below, and leaving them out halves the time of collectstatic.
    check = subprocess.Popen(
        [*cli, "check", "--deploy", "--fail-level", "WARNING", "--database", "default"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    collect = subprocess.run(
        [*cli, "collectstatic", "--no-input", "-v0", "--ignore", "admin"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()

    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "querschnitt.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = check.communicate(timeout=120)  # the check ran while the others started
        assert check.returncode == 0, out + err
        assert "System check identified no issues" in out
        wait_until_serving(port, server, time.monotonic() + 60)

        health = get(port, "/gesundheit/")
        assert health.status == 200, health.body
        assert json.loads(health.body) == {"status": "ok", "database": "ok", "migrations": "ok"}
        hsts = health.getheader("Strict-Transport-Security", "")
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts

        home = get(port, "/")
        assert home.status == 200
        assert home.getheader("X-Content-Type-Options") == "nosniff"
        assert home.getheader("X-Frame-Options") == "DENY"

        login = get(port, "/konto/login/")
        assert login.status == 200
        cookies = login.headers.get_all("Set-Cookie") or []
        csrf = [cookie for cookie in cookies if cookie.split("=", 1)[0].endswith("csrftoken")]
        assert csrf, cookies
        assert "; Secure" in csrf[0] and "SameSite=Lax" in csrf[0]
        for cookie in cookies:
            assert "; Secure" in cookie, cookie  # no cookie ever travels over plain HTTP
            if cookie.startswith("__Host-"):  # browsers drop a __Host- cookie that has a Domain or another Path
                assert "Path=/;" in cookie + ";" and "Domain=" not in cookie, cookie

        plain = get(port, "/", https=False)
        assert plain.status == 301
        assert plain.getheader("Location") == f"https://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
