"""Backup and restore of the whole platform: the database and the uploaded and generated files, consistent.

A backup is one zip file:
- `manifest.json` – format, creation time, database vendor, the applied migrations per app, the number of objects and
  every file with its size and SHA-256;
- `database.xml` – every row of every table (Django's XML serialisation with primary keys, which keeps times to the
  microsecond where JSON keeps milliseconds; so foreign keys, generic
  relations and the change history come back exactly), except sessions and the queue of background tasks;
- `files/<path>` – every file a file field of a row refers to, read in the same snapshot as the rows.

The rows are read in one transaction (REPEATABLE READ on PostgreSQL; SQLite's transaction holds the write lock), so
the database part is one consistent state; files are written before the row that names them is committed and never
changed in place, so every file a row of that state names is there.

Restore replaces everything in one transaction: it empties every table, loads the rows (sequences are reset by
`loaddata`), and only after the database part succeeded writes the files. A backup made by a newer version of the
software (with migrations this one does not know) is refused before anything changes.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import ApplicationError

FORMAT = "querschnitt-backup"
FORMAT_VERSION = 1
# Tables that are no data of the platform: logged-in sessions and the queue of background tasks.
EXCLUDED = ["sessions", "django_tasks_database"]


@dataclass(frozen=True)
class BackupSummary:
    objects: int
    files: int
    missing_files: list[str]


def _file_names() -> Iterator[str]:
    """Every file name that a file field of a row names (read inside the caller's transaction)."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and not field.many_to_many:
                yield from (
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                    .iterator()
                )


def _count_rows() -> int:
    """The rows `dumpdata` writes: every concrete model outside the excluded apps (many-to-many rows go inline)."""
    return sum(
        model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED and not model._meta.proxy and model._meta.managed
    )


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backup_write(target: Path) -> BackupSummary:
    """Write a backup of database and files to `target` (a new zip file)."""
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database.xml"
        # One snapshot for all rows. Inside a caller's transaction (a test) the isolation is the caller's to choose.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            with dump.open("w", encoding="utf-8") as out:
                # Every row, also those a default manager hides (soft-deleted OParl objects).
                call_command("dumpdata", exclude=EXCLUDED, format="xml", use_base_manager=True, stdout=out)
            objects = _count_rows()
            names = sorted(set(_file_names()))
            migrations = _applied_migrations()
        files: list[dict[str, Any]] = []
        missing: list[str] = []
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(dump, "database.xml")
            for name in names:
                if not default_storage.exists(name):
                    missing.append(name)
                    continue
                with default_storage.open(name, "rb") as source:
                    sha = _sha256(source)
                    source.seek(0)
                    with archive.open(f"files/{name}", "w") as out_file:
                        for chunk in iter(lambda: source.read(1 << 20), b""):
                            out_file.write(chunk)
                files.append({"name": name, "sha256": sha, "size": default_storage.size(name)})
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "objects": objects,
                "files": files,
                "missing_files": missing,
            }
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return BackupSummary(objects=objects, files=len(files), missing_files=missing)


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise ApplicationError(_("This file is not a Querschnitt backup (the manifest is missing).")) from error
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise ApplicationError(_("This file is not a Querschnitt backup of a version this software can read."))
    return manifest


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations the backup's database had that this software does not know (the backup is newer)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(connection, ignore_no_migrations=True).disk_migrations)
    installed = {config.label for config in apps.get_app_configs()}
    return [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if app in installed and (app, name) not in known
    ]


def _set_constraints(mode: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE" if mode == "IMMEDIATE" else "SET CONSTRAINTS ALL DEFERRED")


def backup_restore(source: Path) -> BackupSummary:
    """Replace the database and the files by the backup in `source`. All or nothing for the database part."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise ApplicationError(_("The backup file cannot be read: %(reason)s") % {"reason": error}) from error
    with archive:
        manifest = _read_manifest(archive)
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise ApplicationError(
                _("The backup was made by a newer version of Querschnitt (unknown migrations: %(names)s).")
                % {"names": ", ".join(unknown[:5])}
            )
        for entry in manifest["files"]:
            with archive.open(f"files/{entry['name']}") as stream:
                if _sha256(stream) != entry["sha256"]:
                    raise ApplicationError(
                        _("The backup is damaged: the file „%(name)s“ does not match its checksum.")
                        % {"name": entry["name"]}
                    )
        with tempfile.TemporaryDirectory() as scratch:
            dump = Path(scratch) / "database.xml"
            dump.write_bytes(archive.read("database.xml"))
            # Loading many-to-many rows fires m2m_changed, on which django-simple-history would record a new change
            # (it skips only raw saves); the backup holds the history already, so none may be added.
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending in this
                # transaction (rows written earlier in it, as in a test): run those checks now, defer them again after.
                _set_constraints("IMMEDIATE")
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                _set_constraints("DEFERRED")
                call_command("loaddata", str(dump), verbosity=0)
        for entry in manifest["files"]:
            name = entry["name"]
            if default_storage.exists(name):
                default_storage.delete(name)
            with archive.open(f"files/{name}") as stream:
                stored = default_storage.save(name, File(stream, name=name))
            if stored != name:  # pragma: no cover - the storage renamed it although the old one was deleted
                raise ApplicationError(_("The file „%(name)s“ could not be restored.") % {"name": name})
    return BackupSummary(objects=manifest["objects"], files=len(manifest["files"]), missing_files=[])
