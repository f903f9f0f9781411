"""Writes of the statistics import: checking a file, remembering the names of areas, and the import itself (all or
nothing, logged), plus the uploaded file kept between the steps of the import.

`statistics_import` checks `reporting.import_statistics`, checks the whole file again (nothing the client sends is
trusted between the steps) and writes, in one transaction, the observations of every indicator through
`strategy.services.observations_upsert` (which checks `strategy.import_observations`) and the `StatisticsImport` log.
If anything fails, nothing is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import time
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
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
            raise ApplicationError(_("The name of the area is too long (at most 200 characters)."))
        if key is None:
            raise ApplicationError(
                _("“%(key)s” is not a known area key (for “%(name)s”).") % {"key": typed, "name": name}
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


# --- The uploaded file between the steps ---------------------------------------------------------------------------
# Kept on the server in a folder of the user with a random token; the session holds the token, so a client can
# neither pick another file nor change the checked one. Files older than a day are swept away at the next upload.

PENDING_DIR = "private/statistics-pending"
PENDING_MAX_AGE = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _pending_root() -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR


def _pending_path(user: Any, token: str, suffix: str) -> Path | None:
    if not _TOKEN.match(token or "") or suffix not in (".csv", ".xlsx"):
        return None
    return _pending_root() / str(int(user.pk)) / f"{token}{suffix}"


def pending_store(*, user: Any, data: bytes, suffix: str) -> str:
    """Keep an uploaded file for the next steps; returns its token."""
    pending_sweep()
    token = secrets.token_urlsafe(32)
    path = _pending_path(user, token, suffix)
    if path is None:
        raise ApplicationError(_("Only CSV files and Excel files (.xlsx) can be imported."), field="file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return token


def pending_read(*, user: Any, token: str, suffix: str) -> bytes | None:
    path = _pending_path(user, token, suffix)
    if path is None or not path.is_file():
        return None
    if time.time() - path.stat().st_mtime > PENDING_MAX_AGE:
        path.unlink(missing_ok=True)
        return None
    return path.read_bytes()


def pending_delete(*, user: Any, token: str, suffix: str) -> None:
    path = _pending_path(user, token, suffix)
    if path is not None:
        path.unlink(missing_ok=True)


def pending_sweep() -> None:
    """Delete kept files older than a day (of every user) and empty folders."""
    root = _pending_root()
    if not root.is_dir():
        return
    limit = time.time() - PENDING_MAX_AGE
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty; a folder in use stays
