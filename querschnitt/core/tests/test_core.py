import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from querschnitt.core.models import AccessibilityFeedback
from querschnitt.core.templatetags.querschnitt import euro, number_de


def test_numbers_and_amounts_are_german():
    assert number_de(6000) == "6.000"
    assert number_de(1234567.891, 2) == "1.234.567,89"
    assert number_de(-1200) == "-1.200"
    assert euro(6000) == "6.000\u00a0€"
    assert euro("kein Betrag") == ""


@pytest.mark.django_db
def test_public_pages_are_german_and_reachable(client):
    for name, heading in [
        ("core:home", "kommunale Integrationspolitik an einem Ort"),
        ("core:imprint", "Impressum"),
        ("core:privacy", "Datenschutz"),
        ("core:accessibility", "Erklärung zur Barrierefreiheit"),
    ]:
        page = client.get(reverse(name)).content.decode()
        assert heading in page, name
        assert '<html lang="de">' in page
        assert 'href="#inhalt"' in page and 'id="inhalt"' in page


@pytest.mark.django_db
def test_accessibility_statement_shows_the_date_of_the_last_test(client, settings):
    settings.QUERSCHNITT_ACCESSIBILITY_TESTED_ON = "2026-11-21"
    assert "zuletzt am 21.11.2026 überprüft" in client.get(reverse("core:accessibility")).content.decode()


@pytest.mark.django_db
def test_accessibility_feedback_is_stored_and_sent(client, settings):
    settings.QUERSCHNITT_FEEDBACK_EMAIL = "bf@querschnitt.example"
    response = client.post(
        reverse("core:accessibility"),
        {"message": "Der Kontrast ist zu schwach.", "page_url": "/k/"},
        follow=True,
    )
    assert "Vielen Dank" in response.content.decode()
    assert AccessibilityFeedback.objects.get().message == "Der Kontrast ist zu schwach."
    assert mail.outbox[0].to == ["bf@querschnitt.example"]


@pytest.mark.django_db
def test_empty_feedback_is_refused_in_german_and_not_stored(client):
    response = client.post(reverse("core:accessibility"), {"message": "", "email": "kaputt"})
    page = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert "gültige E-Mail-Adresse" in page
    assert 'aria-invalid="true"' in page
    assert not AccessibilityFeedback.objects.exists()


@pytest.mark.django_db
def test_error_pages_are_german(client, office_user, body, other_body):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404 and "Seite nicht gefunden" in response.content.decode()
    client.force_login(office_user)
    response = client.get(reverse("accounts:people", kwargs={"body": other_body.slug}))
    assert response.status_code == 403 and "Zugriff verweigert" in response.content.decode()


def test_server_error_page_needs_no_database(rf):
    from querschnitt.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Technischer Fehler" in response.content.decode()


CATALOGUES = sorted(Path(__file__).resolve().parents[2].glob("**/locale/de/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.parent.parent.parent.parent.name))
def test_every_german_message_is_translated_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert po.percent_translated() == 100, [entry.msgid for entry in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [entry.msgid for entry in po.fuzzy_entries()]
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}  # one msgid may have several contexts
    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if not entry.msgid_plural and compiled.get((entry.msgctxt, entry.msgid)) != entry.msgstr
    ]
    assert not stale, f"run `make messages`: django.mo is older than django.po for {stale[:3]}"


def test_german_texts_use_german_quotation_marks():
    wrong = [
        entry.msgstr
        for path in CATALOGUES
        for entry in polib.pofile(str(path))
        if '"' in entry.msgstr and "<" not in entry.msgstr
    ]
    assert not wrong


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="querschnitt.settings.production", SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "-m", "querschnitt.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


@override_settings(DEBUG=False)
def test_settings_use_sqlite_without_database_url_and_german_defaults(settings):
    assert settings.LANGUAGE_CODE == "de" and settings.TIME_ZONE == "Europe/Berlin"
    engine = settings.DATABASES["default"]["ENGINE"]
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    assert engine.endswith(expected)
