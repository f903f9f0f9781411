"""Backup and restore: the round trip reproduces every row and every file exactly; a damaged or too new backup is
refused before anything changes."""

import json
import zipfile
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from querschnitt.core.backup import EXCLUDED, backup_restore, backup_write
from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy.models import EvidenceFile, Measure
from querschnitt.strategy.tests.factories import MeasureFactory
from querschnitt.tenancy.models import Body
from querschnitt.tenancy.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def _dump() -> list[str]:
    """Every row as Django's XML serialisation writes it (times to the microsecond), one string per row."""
    out = StringIO()
    call_command("dumpdata", exclude=EXCLUDED, format="xml", indent=0, use_base_manager=True, stdout=out)
    root = ElementTree.fromstring(out.getvalue().encode())  # noqa: S314 (our own dump)
    return [ElementTree.tostring(row, encoding="unicode") for row in root]


def _files() -> dict[str, bytes]:
    names = EvidenceFile.objects.values_list("file", flat=True)
    return {name: default_storage.open(name, "rb").read() for name in names}


@pytest.fixture
def data():
    """The whole demo (every app's models, generic relations, history) plus an uploaded file."""
    call_command("demo", stdout=StringIO())
    measure = Measure.objects.filter(concept__body__ags="05162").first()
    evidence = EvidenceFile(measure=measure, title="Teilnahmeliste")
    evidence.file.save("teilnahmeliste.txt", ContentFile(b"Teilnahme: 23 Personen\n"), save=True)
    return evidence


@pytest.fixture
def small():
    """A little data of the kinds the refusals touch (fast: the demo is loaded once, for the round trip)."""
    if not Body.objects.filter(ags="05162").exists():
        BodyFactory(ags="05162", name="Rhein-Kreis Neuss", slug="rhein-kreis-neuss-test")
    evidence = EvidenceFile(measure=MeasureFactory(), title="Nachweis")
    evidence.file.save("nachweis.txt", ContentFile(b"Nachweis"), save=True)


def test_round_trip_reproduces_rows_and_files_exactly(data, tmp_path):
    before_rows, before_files = _dump(), _files()
    target = tmp_path / "sicherung.zip"
    summary = backup_write(target)
    assert summary.objects == len(before_rows) and summary.files >= 1 and summary.missing_files == []

    # Change everything that could go wrong: a row, a new row, a deleted row and the file's content.
    Body.objects.filter(ags="05162").update(name="Umbenannt")
    Measure.objects.filter(concept__body__ags="05162").last().delete()
    default_storage.delete(data.file.name)
    default_storage.save(data.file.name, ContentFile(b"anders"))

    restored = backup_restore(target)

    assert restored.objects == len(before_rows)
    after_rows = _dump()
    assert len(after_rows) == len(before_rows)
    assert [row for row in after_rows if row not in set(before_rows)] == []
    assert after_rows == before_rows
    assert _files() == before_files


def test_damaged_backup_is_refused_and_nothing_changes(small, tmp_path):
    target = tmp_path / "sicherung.zip"
    backup_write(target)
    damaged = tmp_path / "beschaedigt.zip"
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            out.writestr(item, b"manipuliert" if item.filename.startswith("files/") else content)
    Body.objects.filter(ags="05162").update(name="Nach der Sicherung")
    with pytest.raises(ApplicationError, match=r"beschädigt|damaged"):
        backup_restore(damaged)
    assert Body.objects.get(ags="05162").name == "Nach der Sicherung"


def test_backup_of_a_newer_version_is_refused(small, tmp_path):
    target = tmp_path / "sicherung.zip"
    backup_write(target)
    newer = tmp_path / "neuer.zip"
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(newer, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(content)
                manifest["migrations"]["strategy"].append("9999_from_the_future")
                content = json.dumps(manifest).encode()
            out.writestr(item, content)
    rows = Body.objects.count()
    with pytest.raises(ApplicationError, match="9999_from_the_future"):
        backup_restore(newer)
    assert Body.objects.count() == rows


def test_commands_write_and_read_a_backup(small, tmp_path):
    target = tmp_path / "cli.zip"
    out = StringIO()
    call_command("backup", str(target), stdout=out)
    assert target.is_file() and "cli.zip" in out.getvalue()
    assert out.getvalue().rstrip().endswith(", 1 Datei.")  # the one evidence file, in the singular
    with pytest.raises(CommandError):
        call_command("backup", str(target), stdout=StringIO())
    Body.objects.filter(ags="05162").update(name="Geändert")
    call_command("restore", str(target), "--no-input", stdout=out)
    assert Body.objects.get(ags="05162").name == "Rhein-Kreis Neuss"
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "fehlt.zip"), "--no-input")
