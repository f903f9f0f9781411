"""Export of a (filtered) list of actors as CSV and XLSX, with the columns the import reads (`imports.COLUMNS`).

Contact persons are not exported: their data stays where their consent was given.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from querschnitt.core.csv_export import csv_bytes

from .imports import COLUMNS, HEADINGS
from .models import Actor

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def actor_rows(actors: Iterable[Actor]) -> list[list[str]]:
    """One row per actor, in the order of the columns; the kind by its name."""
    rows = []
    for actor in actors:
        row = []
        for name, _heading, _aliases in COLUMNS:
            row.append(actor.kind.name if name == "kind" else str(getattr(actor, name) or ""))
        rows.append(row)
    return rows


def actors_csv(actors: Iterable[Actor]) -> bytes:
    return csv_bytes(HEADINGS, actor_rows(actors))


def actors_xlsx(actors: Iterable[Actor]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Akteure"
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(actor_rows(actors), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            # Set as text: openpyxl would otherwise store a value starting with "=" as a formula.
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"
    for column, width in enumerate((40, 14, 30, 30, 8, 20, 30, 30, 18, 60), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
