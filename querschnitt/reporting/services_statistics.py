"""Writes of the statistics import: checking a file, remembering the names of areas, and the import itself (all or
nothing, logged), plus the uploaded file kept between the steps of the import.

`statistics_import` checks `reporting.import_statistics`, checks the whole file again (nothing the client sends is
trusted between the steps) and writes, in one transaction, the observations of every indicator through
`strategy.services.observations_upsert` (which checks `strategy.import_observations`) and the `StatisticsImport` log.
If anything fails, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy.imports import ImportRefused
from querschnitt.strategy.models import Indicator
from querschnitt.strategy.services import observations_upsert
from querschnitt.tenancy.models import Body

from . import selectors_statistics as selectors
from .models import AreaAlias, StatisticsImport
from .statistics_import import StatisticsFile, normalize_name, parse_statistics

IMPORT = "reporting.import_statistics"


def _check_may_import(actor: Any, body: Body) -> None:
    if actor is None or not actor.has_perm(IMPORT, body):
        raise ApplicationError(_("You may not import statistics for this body."))


def statistics_check(*, body: Body, data: bytes, file_name: str, indicator: Indicator | None = None) -> StatisticsFile:
    """Read and check a file against the body's indicators and areas. Raises ImportRefused with every problem."""
    if indicator is not None and indicator.body_id != body.pk:
        raise ApplicationError(_("The indicator does not belong to this body."), field="indicator")
    return parse_statistics(
        data,
        file_name=file_name,
        indicators=selectors.importable_indicators(body),
        areas=selectors.area_index(body),
        indicator=indicator,
        body_name=body.name,
    )


def statistics_import(
    *,
    actor: Any,
    body: Body,
    data: bytes,
    file_name: str,
    indicator: Indicator | None = None,
    source: str = "",
    note: str = "",
) -> StatisticsImport:
    """Import a checked file all or nothing and log it. Raises ApplicationError (no permission) or ImportRefused
    (problems in the file, or area names not mapped yet); then nothing has been written."""
    _check_may_import(actor, body)
    if len(source) > 300 or len(note) > 500:
        raise ApplicationError(_("The source or the note is too long."), field="source")
    file_name = PurePath(file_name).name[:300]
    parsed = statistics_check(body=body, data=data, file_name=file_name, indicator=indicator)
    if parsed.unmapped:
        raise ImportRefused(parsed.unmapped_problems())
    groups = parsed.rows_by_indicator(source=source, note=note)
    with transaction.atomic():
        created = updated = 0
        for group_indicator, rows in groups:
            log = observations_upsert(actor=actor, indicator=group_indicator, rows=rows, file_name=file_name)
            created += log.created_rows
            updated += log.updated_rows
        record = StatisticsImport(
            body=body,
            file_name=file_name,
            sha256=hashlib.sha256(data).hexdigest(),
            row_count=len(parsed.rows),
            created_rows=created,
            updated_rows=updated,
            unchanged_rows=len(parsed.rows) - created - updated,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        try:
            record.full_clean()
        except ValidationError as error:
            raise ApplicationError("; ".join(error.messages)) from error
        record.save()
        record.indicators.set([group_indicator for group_indicator, _rows in groups])
    return record


def area_aliases_save(*, actor: Any, body: Body, mappings: dict[str, str]) -> list[AreaAlias]:
    """Remember names of areas as the user mapped them ({name in the file: key}), for this and every later import
    of the body. A name mapped before is mapped anew. Every key must be a known area."""
    _check_may_import(actor, body)
    areas = selectors.area_index(body)
    checked: dict[str, tuple[str, str]] = {}
    for name, typed in mappings.items():
        name = " ".join(str(name).split())
        key = selectors.known_area_key(areas, typed)
        if not name or len(name) > 200:
            raise ApplicationError(_("The name of the area is too long (at most 200 characters)."), field="name")
        if key is None:
            raise ApplicationError(
                _("“%(key)s” is not a known area key (for “%(name)s”).") % {"key": typed, "name": name},
                field="area_key",  # the field of the names-of-areas form; the mapping form shows it above
            )
        checked[normalize_name(name)] = (name, key)
    saved = []
    with transaction.atomic():
        for normalized, (name, key) in checked.items():
            alias = AreaAlias.objects.filter(body=body, normalized=normalized).first() or AreaAlias(body=body)
            alias.name, alias.normalized, alias.area_key = name, normalized, key
            try:
                alias.full_clean()
            except ValidationError as error:
                raise ApplicationError("; ".join(error.messages)) from error
            alias.save()
            saved.append(alias)
    return saved


def area_alias_delete(*, actor: Any, alias: AreaAlias) -> None:
    """Forget a remembered name: the next file that writes it asks for its area again. Values imported with it
    stay as they are."""
    _check_may_import(actor, alias.body)
    alias.delete()


# --- The uploaded file between the steps ---------------------------------------------------------------------------
# Kept in the default file storage (MEDIA_ROOT, or the shared object storage of several app servers:
# docs/deployment.md) in a folder of the user with a random token; the session holds the token, so a client can
# neither pick another file nor change the checked one. Files older than a day are swept away at the next upload.

PENDING_DIR = "private/statistics-pending"
PENDING_MAX_AGE = dt.timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _pending_name(user: Any, token: str, suffix: str) -> str | None:
    if not _TOKEN.match(token or "") or suffix not in (".csv", ".xlsx"):
        return None
    return f"{PENDING_DIR}/{int(user.pk)}/{token}{suffix}"


def _expired(name: str) -> bool:
    return timezone.now() - default_storage.get_modified_time(name) > PENDING_MAX_AGE


def pending_store(*, user: Any, data: bytes, suffix: str) -> str:
    """Keep an uploaded file for the next steps; returns its token."""
    pending_sweep()
    token = secrets.token_urlsafe(32)
    name = _pending_name(user, token, suffix)
    if name is None:
        raise ApplicationError(_("Only CSV files and Excel files (.xlsx) can be imported."), field="file")
    default_storage.save(name, ContentFile(data))
    return token


def pending_read(*, user: Any, token: str, suffix: str) -> bytes | None:
    name = _pending_name(user, token, suffix)
    if name is None or not default_storage.exists(name):
        return None
    if _expired(name):
        default_storage.delete(name)
        return None
    with default_storage.open(name, "rb") as file:
        return file.read()


def pending_delete(*, user: Any, token: str, suffix: str) -> None:
    name = _pending_name(user, token, suffix)
    if name is not None:
        default_storage.delete(name)


def pending_sweep() -> None:
    """Delete kept files older than a day (of every user)."""
    if not default_storage.exists(PENDING_DIR):
        return
    folders, _files = default_storage.listdir(PENDING_DIR)
    for folder in folders:
        for file_name in default_storage.listdir(f"{PENDING_DIR}/{folder}")[1]:
            name = f"{PENDING_DIR}/{folder}/{file_name}"
            if _expired(name):
                default_storage.delete(name)
