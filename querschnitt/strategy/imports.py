"""Import of observations (measured values of an indicator) from a tidy CSV or XLSX file.

Validate, then act: the whole file is read and every row checked first, and every problem is collected with its row
number (as a spreadsheet program shows it: the header is row 1 if it is the first line) and its column (as the
file names it). Only a file without a single problem reaches `services.observations_upsert`, which writes all rows
or none and updates existing values by their key (period, area, breakdown) — so importing a file twice changes
nothing.

The format, one observation per row (headers in German or English, in any case and order):

- `Zeitraum` / `period` (required): a year "2024", a date "31.12.2024" or "2024-12-31", a month "06/2007",
  "2007-06" or "Juni 2007", a quarter "Q1 2024" or "1. Quartal 2024", or a range "2023-01-01/2023-12-31";
- `AGS` / `area`: the official municipality key with 2, 5 or 8 digits (a leading zero lost by Excel is restored);
  blank means the body's own area, and the body's own key is stored as blank too, so both spellings are one key;
- `Wert` / `value` (required): "1.234,5", "1234.5", "12,5 %"; the decimal style of ambiguous values such as
  "1.234" follows the rest of the file (and, failing that, the delimiter: German for ";" and for XLSX);
- `Einheit` / `unit`, `Quelle` / `source`, `Anmerkung` / `note`;
- `Status` / `flags` with words such as "vorläufig, geschätzt", or the columns `vorläufig`, `geschätzt`, `gesperrt`
  with "ja"/"nein"/"x"/"1"/"0";
- every other column is a breakdown dimension (`Geschlecht`, `Altersgruppe` …); a blank cell or "insgesamt"/"total"
  means the row is not broken down on that dimension.
"""

from __future__ import annotations

import calendar
import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.templatetags.querschnitt import number_de
from querschnitt.tenancy.models import Body

from . import services
from .models import Indicator, Observation, ObservationImport
from .services import ObservationRow

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 50_000
# An XLSX file is a zip archive: 5 MB of it may unpack to far more. Refuse archives that would unpack beyond this.
MAX_UNPACKED_SIZE = 200 * 1024 * 1024
ALLOWED_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}

# The columns the importer knows, by the normalised heading (lower case, single spaces). Every other heading is a
# breakdown dimension.
COLUMN_ALIASES: dict[str, set[str]] = {
    "period": {"zeitraum", "period", "jahr", "year", "stichtag", "datum", "date", "berichtszeitraum"},
    "area": {"ags", "area", "gebiet", "gemeindeschlüssel", "gemeindeschluessel", "amtlicher gemeindeschlüssel"},
    "value": {"wert", "value", "messwert"},
    "unit": {"einheit", "unit"},
    "flags": {"status", "flags", "kennzeichen"},
    "provisional": {"vorläufig", "vorlaeufig", "provisional"},
    "estimated": {"geschätzt", "geschaetzt", "estimated"},
    "confidential": {"gesperrt", "confidential", "vertraulich"},
    "source": {"quelle", "source"},
    "note": {"anmerkung", "note", "bemerkung", "hinweis", "kommentar", "comment"},
}
FIELD_BY_HEADING = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
REQUIRED_COLUMNS = (("period", "Zeitraum", "period"), ("value", "Wert", "value"))
MAX_LENGTHS = {"unit": 50, "source": 300, "note": 500}

TOTAL_WORDS = {"insgesamt", "gesamt", "zusammen", "total", "all", "alle"}
YES_WORDS = {"ja", "j", "x", "1", "wahr", "true", "yes", "y", "✓", "✔"}
NO_WORDS = {"nein", "n", "0", "falsch", "false", "no"}
FLAG_WORDS = {
    "vorläufig": "provisional",
    "vorlaeufig": "provisional",
    "vorl": "provisional",
    "provisional": "provisional",
    "p": "provisional",
    "geschätzt": "estimated",
    "geschaetzt": "estimated",
    "gesch": "estimated",
    "estimated": "estimated",
    "e": "estimated",
    "gesperrt": "confidential",
    "vertraulich": "confidential",
    "geheim": "confidential",
    "confidential": "confidential",
    "c": "confidential",
    # Words that say "no flag": accepted so that a complete status column can be imported as it is.
    "endgültig": "",
    "endgueltig": "",
    "final": "",
    "und": "",
    "and": "",
}
# Symbols of official statistics for a missing or secret value: a row without a number has to be left out.
STATISTICS_SYMBOLS = {".", "-", "–", "—", "x", "/", "...", "…", "•"}

GERMAN_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
_ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Month names and abbreviations in German and English (fixed lists: the server's locale must not matter).
MONTH_BY_NAME = {
    **{name.casefold(): number for number, name in enumerate(GERMAN_MONTHS, start=1)},
    **{name.casefold(): number for number, name in enumerate(_ENGLISH_MONTHS, start=1)},
    **{name[:3].casefold(): number for number, name in enumerate(GERMAN_MONTHS, start=1)},
    **{name[:3].casefold(): number for number, name in enumerate(_ENGLISH_MONTHS, start=1)},
    **{"mrz": 3, "maerz": 3, "sept": 9, "jän": 1, "jänner": 1},
}


# --- Results -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One problem of a file. `row` is the row number as a spreadsheet shows it (None for the file as a whole);
    `column` is the column heading as the file writes it ("" for the whole row)."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "problem": self.message}
        if self.row and self.column:
            return _("Row %(row)s, column “%(column)s”: %(problem)s") % values
        if self.row:
            return _("Row %(row)s: %(problem)s") % values
        if self.column:
            return _("Column “%(column)s”: %(problem)s") % values
        return self.message


class ImportRefused(ApplicationError):
    """The file was not imported and nothing was written. `problems` lists every problem found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        count = len(problems)
        message = ngettext(
            "The file was not imported because of %(count)s problem. Nothing has been saved.",
            "The file was not imported because of %(count)s problems. Nothing has been saved.",
            count,
        ) % {"count": number_de(count)}
        super().__init__(message, field="file")
        self.problems = problems


def _refuse(message: str) -> ImportRefused:
    return ImportRefused([ImportProblem(message)])


# --- Entry points --------------------------------------------------------------------------------------------------


def observations_import(*, actor: Any, indicator: Indicator, file: Any, file_name: str = "") -> ObservationImport:
    """Import the observations of an uploaded file (a Django UploadedFile, a binary file object, or bytes).

    Raises ApplicationError if the actor may not import, and ImportRefused (an ApplicationError) with all problems
    of the file; in both cases nothing has been written.
    """
    body = indicator.body
    if actor is not None and not actor.has_perm("strategy.import_observations", body):
        raise ApplicationError(_("You may not import data for this body."))
    file_name = PurePath(file_name or getattr(file, "name", "") or "").name
    rows = parse_observations(read_upload(file), file_name=file_name, body=body)
    return services.observations_upsert(actor=actor, indicator=indicator, rows=rows, file_name=file_name)


def read_upload(file: Any) -> bytes:
    """The bytes of an upload, refusing a file over the size limit without reading all of it."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if (getattr(file, "size", None) or 0) > MAX_FILE_SIZE:
            raise _too_large()
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise _too_large()
    return data


def _too_large() -> ImportRefused:
    return _refuse(
        _("The file is larger than %(limit)s. Please split it into several files.")
        % {"limit": f"{MAX_FILE_SIZE // (1024 * 1024)} MB"}
    )


def parse_observations(data: bytes, *, file_name: str = "", body: Body | None = None) -> list[ObservationRow]:
    """Parse a CSV or XLSX file into rows to write. Raises ImportRefused with every problem of the file."""
    table = read_table(data, file_name=file_name)
    return _RowParser(table, body=body).parse()


# --- Reading the file into a table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: Any  # str from a CSV file; str, int, float, bool, datetime or None from an XLSX file
    number_format: str = ""


@dataclass
class Table:
    header_row: int
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]  # (row number, cells) of every non-empty row below the header
    decimal_comma: bool  # the default decimal style of the file, used where a value is ambiguous ("1.234")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(data: bytes, *, file_name: str = "") -> Table:
    """Recognise the file type by its content and read the first sheet (XLSX) or the text (CSV)."""
    suffix = PurePath(file_name).suffix.lower()
    if file_name and suffix not in ALLOWED_SUFFIXES:
        raise _refuse(_("Only CSV files and Excel files (.xlsx) can be imported."))
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise _refuse(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            _("This is an old Excel file (.xls). Please save it as “Excel workbook (.xlsx)” or as CSV and try again.")
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return _read_csv(data.decode("utf-16"))
        except UnicodeDecodeError as error:
            raise _refuse(_("The characters of the file could not be read. Please save it as CSV (UTF-8).")) from error
    if b"\x00" in data[:8192] or data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise _refuse(_("The file is not a table. Only CSV files and Excel files (.xlsx) can be imported."))
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 — what Excel writes as “CSV” on a German Windows."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise _refuse(_("The file says it is UTF-8 but contains other characters.")) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _refuse(_("The characters of the file could not be read. Please save it as CSV (UTF-8).")) from error


def _detect_delimiter(line: str) -> str:
    """The delimiter that splits the header line into the most columns; semicolon on a tie (German Excel)."""
    best, best_count = ";", 1
    for delimiter in (";", ",", "\t"):
        count = len(next(csv.reader([line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _read_csv(text: str) -> Table:
    first_line, _newline, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        # Excel's "sep=;" line names the delimiter; Excel does not show it as a row, so neither do we.
        delimiter, text = first_line.strip()[4], rest
    else:
        delimiter = _detect_delimiter(next((line for line in text.splitlines() if line.strip()), ""))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # One record is one spreadsheet row, even with a line break inside a quoted cell.
    records = ((number, [Cell(value) for value in record]) for number, record in enumerate(reader, start=1))
    try:
        return _to_table(records, decimal_comma=delimiter != ",")
    except csv.Error as error:
        raise _refuse(_("The file could not be read as CSV: %(error)s") % {"error": error}) from error


def _read_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise _refuse(_("The Excel file could not be read. Is it damaged?")) from error
    if unpacked > MAX_UNPACKED_SIZE:
        raise _too_large()
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
            raise _refuse(_("This is an OpenDocument spreadsheet (.ods). Please save it as .xlsx or as CSV."))
        raise _refuse(_("The file is not a table. Only CSV files and Excel files (.xlsx) can be imported."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for broken files; all mean the same here
        raise _refuse(_("The Excel file could not be read. Is it damaged?")) from error
    try:
        if not workbook.worksheets:
            raise _refuse(_("The file is empty."))
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            # Some programs write a wrong size into the file; read every row that is really there.
            sheet.reset_dimensions()
        records = (
            (number, [Cell(cell.value, getattr(cell, "number_format", "") or "") for cell in row])
            for number, row in enumerate(sheet.iter_rows(), start=1)
        )
        return _to_table(records, decimal_comma=True)
    finally:
        workbook.close()


def _to_table(records: Iterable[tuple[int, list[Cell]]], *, decimal_comma: bool) -> Table:
    header_row, header = 0, []
    rows: list[tuple[int, list[Cell]]] = []
    for number, cells in records:
        if all(_is_blank(cell.value) for cell in cells):
            continue
        if not header_row:
            header_row, header = number, cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise _refuse(
                _("The file has more than %(limit)s rows. Please split it into several files.")
                % {"limit": number_de(MAX_ROWS)}
            )
    if not header_row:
        raise _refuse(_("The file is empty."))
    if not rows:
        raise _refuse(_("The file contains only the header row and no values."))
    return Table(header_row, header, rows, decimal_comma)


# --- Reading the rows ----------------------------------------------------------------------------------------------


class _Problem(Exception):
    """A problem with one cell; the row parser adds the row and column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _heading(value: Any) -> str:
    return " ".join(_text(value).split())


def _shown(text: str, limit: int = 60) -> str:
    """A cell's text for a message: long texts shortened, so that the report stays readable."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: Any) -> str:
    """A cell as text, as a person reads it in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == datetime.min.time() else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    # A NUL character (deep in a CSV file, or escaped as _x0000_ in an XLSX cell) is never meant as text, and
    # PostgreSQL cannot store it.
    return str(value).replace("\x00", "").strip()


@dataclass(frozen=True)
class Column:
    index: int
    heading: str  # as written in the file
    field: str  # a known field name, or "" for a breakdown dimension


def read_columns(table: Table, field_of: Callable[[str], str], problems: list[ImportProblem]) -> list[Column]:
    """The file's columns, each with the field its heading names (`field_of(casefolded heading)`, "" for a
    breakdown dimension). A column named twice and a breakdown heading with "=" or ";" are added to `problems`."""
    columns: list[Column] = []
    seen: dict[str, str] = {}
    header_row = table.header_row
    for index, cell in enumerate(table.header):
        heading = _heading(cell.value)
        if not heading:
            continue
        field = field_of(heading.casefold())
        identity = field or heading.casefold()
        if identity in seen:
            problems.append(
                ImportProblem(
                    _("The column “%(column)s” appears twice (also as “%(other)s”).")
                    % {"column": heading, "other": seen[identity]},
                    header_row,
                )
            )
            continue
        if not field and ("=" in heading or ";" in heading):
            problems.append(ImportProblem(_("A column heading must not contain “=” or “;”."), header_row, heading))
        seen[identity] = heading
        columns.append(Column(index, heading, field))
    return columns


def decimal_style(table: Table, columns: list[Column]) -> bool:
    """Whether the file writes a decimal comma: decided by its unambiguous values, else by the file type."""
    value_column = next((column for column in columns if column.field == "value"), None)
    if value_column is None:
        return table.decimal_comma
    styles = set()
    for _number, cells in table.rows:
        if value_column.index < len(cells) and isinstance(cells[value_column.index].value, str):
            style = _unambiguous_decimal_comma(cells[value_column.index].value)
            if style is not None:
                styles.add(style)
    return styles.pop() if len(styles) == 1 else table.decimal_comma


class _RowParser:
    def __init__(self, table: Table, *, body: Body | None) -> None:
        self.table = table
        self.own_ags = (body.ags or "") if body is not None else ""
        self.problems: list[ImportProblem] = []
        self.columns = self._columns()
        self.decimal_comma = decimal_style(self.table, self.columns)

    def _add(self, message: str, row: int | None = None, column: str = "") -> None:
        self.problems.append(ImportProblem(message, row, column))

    def _columns(self) -> list[Column]:
        columns = read_columns(self.table, lambda heading: FIELD_BY_HEADING.get(heading, ""), self.problems)
        header_row = self.table.header_row
        found = {column.field for column in columns}
        for field, german, english in REQUIRED_COLUMNS:
            if field not in found:
                self._add(
                    _(
                        "The column “%(column)s” (or “%(english)s”) is missing. The first row of the file must name "
                        "the columns; it names: %(found)s."
                    )
                    % {
                        "column": german,
                        "english": english,
                        "found": ", ".join(f"„{column.heading}“" for column in columns) or "–",
                    },
                    header_row,
                )
        return columns

    def parse(self) -> list[ObservationRow]:
        result: list[ObservationRow] = []
        first_row_of_key: dict[tuple, int] = {}
        unnamed_with_values: dict[int, int] = {}
        named = {column.index for column in self.columns}
        required_missing = not {"period", "value"} <= {column.field for column in self.columns}
        for number, cells in self.table.rows:
            for index, cell in enumerate(cells):
                if index not in named and not _is_blank(cell.value) and index not in unnamed_with_values:
                    unnamed_with_values[index] = number
            if required_missing:
                continue
            row = self._row(number, cells)
            if row is None:
                continue
            if row.key in first_row_of_key:
                self._add(
                    _("The same period, area and breakdown as in row %(other)s.")
                    % {"other": first_row_of_key[row.key]},
                    number,
                )
                continue
            first_row_of_key[row.key] = number
            result.append(row)
        for index, number in sorted(unnamed_with_values.items()):
            self._add(
                _("Column %(number)s has no heading, but contains values (first in row %(row)s).")
                % {"number": index + 1, "row": number},
                self.table.header_row,
            )
        if self.problems:
            self.problems.sort(key=lambda problem: problem.row or 0)
            raise ImportRefused(self.problems)
        return result

    def _row(self, number: int, cells: list[Cell]) -> ObservationRow | None:
        values: dict[str, Any] = {}
        breakdown: dict[str, str] = {}
        flags = {"provisional": False, "estimated": False, "confidential": False}
        ok = True
        for column in self.columns:
            cell = cells[column.index] if column.index < len(cells) else Cell(None)
            try:
                if column.field == "period":
                    values["period"] = _parse_period(cell)
                elif column.field == "area":
                    values["area_ags"] = self._parse_area(cell)
                elif column.field == "value":
                    values["value"] = _parse_value(cell, decimal_comma=self.decimal_comma)
                elif column.field in ("provisional", "estimated", "confidential"):
                    flags[column.field] = flags[column.field] or _parse_yes_no(cell)
                elif column.field == "flags":
                    for flag in _parse_flags(cell):
                        flags[flag] = True
                elif column.field in MAX_LENGTHS:
                    values[column.field] = _parse_text(cell, MAX_LENGTHS[column.field])
                else:
                    category = _parse_breakdown(cell)
                    if category:
                        breakdown[column.heading] = category
            except _Problem as problem:
                self._add(problem.message, number, column.heading)
                ok = False
        if breakdown and len(Observation.key_for(breakdown)) > 200:
            self._add(_("The breakdown of this row is too long (at most 200 characters in all)."), number)
            ok = False
        if not ok:
            return None
        period_start, period_end, period_label = values["period"]
        return ObservationRow(
            period_start=period_start,
            period_end=period_end,
            period_label=period_label,
            value=values["value"],
            area_ags=values.get("area_ags", ""),
            breakdown=breakdown,
            unit=values.get("unit", ""),
            source=values.get("source", ""),
            note=values.get("note", ""),
            **flags,
        )

    def _parse_area(self, cell: Cell) -> str:
        value = cell.value
        if _is_blank(value):
            return ""
        text = _text(value)
        key = re.sub(r"\s", "", text)
        if key.isascii() and key.isdigit() and len(key) in (1, 4, 7) and not key.startswith("0"):
            key = "0" + key  # Excel dropped the leading zero of an NRW key (05…)
        if not (key.isascii() and key.isdigit() and len(key) in (2, 5, 8)):
            raise _Problem(
                _(
                    "“%(value)s” is not an official municipality key (AGS). It has 2 digits for a Land, 5 for a "
                    "Kreis or kreisfreie Stadt and 8 for a Gemeinde."
                )
                % {"value": _shown(text)}
            )
        return "" if key == self.own_ags else key


# --- Cells ---------------------------------------------------------------------------------------------------------


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_label(start: date, end: date) -> str:
    """The German label of a period: "2024", "Juni 2007", "1. Quartal 2024", "31.12.2024", "2023–2024"."""
    if start == end:
        return start.strftime("%d.%m.%Y")
    if start.day == 1 and start.month == 1 and end.month == 12 and end.day == 31:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start.day == 1 and end == _last_day(start.year, start.month):
        return f"{GERMAN_MONTHS[start.month - 1]} {start.year}"
    if start.day == 1 and start.month in (1, 4, 7, 10) and end == _last_day(start.year, start.month + 2):
        return f"{(start.month + 2) // 3}. Quartal {start.year}"
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


def _period_problem(text: str) -> _Problem:
    return _Problem(
        _(
            "“%(value)s” is not a period. Please write a year (2024), a date (31.12.2024), a month (06/2007 or "
            "Juni 2007) or a range (2023-01-01/2023-12-31)."
        )
        % {"value": _shown(text)}
    )


def _single_period(text: str) -> tuple[date, date]:
    """One period written as text: year, date, month or quarter. Raises ValueError."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})", text):
        year = int(match[1])
        return date(year, 1, 1), date(year, 12, 31)
    if match := re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})", text):
        day = date(int(match[3]), int(match[2]), int(match[1]))
        return day, day
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text):
        day = date(int(match[1]), int(match[2]), int(match[3]))
        return day, day
    month = year = None
    if match := re.fullmatch(r"(\d{1,2})\s?[/.]\s?(\d{4})", text):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([^\W\d_]+)\.?\s+(\d{4})", text):
        month, year = MONTH_BY_NAME.get(match[1].casefold()), int(match[2])
    if month is not None and year is not None:
        if not 1 <= month <= 12:
            raise ValueError(text)
        return date(year, month, 1), _last_day(year, month)
    quarter = None
    if match := re.fullmatch(r"[Qq]([1-4])\s?[/ -]?\s?(\d{4})", text):
        quarter, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{4})\s?[/ -]?\s?[Qq]([1-4])", text):
        year, quarter = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([1-4])\.?\s?(?:Quartal|Qu\.|Q)\s?(\d{4})", text, flags=re.IGNORECASE):
        quarter, year = int(match[1]), int(match[2])
    if quarter is not None and year is not None:
        first_month = 3 * quarter - 2
        return date(year, first_month, 1), _last_day(year, first_month + 2)
    raise ValueError(text)


def _period_or_range(text: str) -> tuple[date, date]:
    """A single period, or a range of two ("2023-01-01/2023-12-31", "01.01.2023 - 30.06.2023", "2023 bis 2024").
    Raises ValueError."""
    try:
        return _single_period(text)
    except ValueError:
        pass
    splits = [re.split(r"\s*/\s*|\s*[–—]\s*|\s+bis\s+|\s+to\s+", text)]
    # A hyphen may be part of a date (2023-01-01), so try every hyphen as the one between the two ends.
    splits += [[text[:index], text[index + 1 :]] for index, char in enumerate(text) if char == "-"]
    for parts in splits:
        if len(parts) == 2:
            try:
                return _single_period(parts[0])[0], _single_period(parts[1])[1]
            except ValueError:
                continue
    raise ValueError(text)


def _parse_period(cell: Cell) -> tuple[date, date, str]:
    value = cell.value
    if _is_blank(value):
        raise _Problem(_("The period is missing."))
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        shown = re.sub(r'\[[^\]]*\]|"[^"]*"', "", cell.number_format).lower()
        if "d" not in shown and "m" in shown and "y" in shown:  # shown as a month, e.g. "06/2007"
            start, end = date(day.year, day.month, 1), _last_day(day.year, day.month)
        elif "d" not in shown and "m" not in shown and "y" in shown:  # shown as a year
            start, end = date(day.year, 1, 1), date(day.year, 12, 31)
        else:
            start = end = day
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not (float(value).is_integer() and 1900 <= value <= 2100):
            raise _period_problem(_text(value))
        start, end = date(int(value), 1, 1), date(int(value), 12, 31)
    else:
        text = " ".join(_text(value).split())
        try:
            start, end = _period_or_range(text)
        except ValueError as error:
            raise _period_problem(text) from error
        if end < start:
            raise _Problem(_("The period “%(value)s” ends before it begins.") % {"value": _shown(text)})
    if start.year < 1900 or end.year > 2100:
        raise _period_problem(_text(value))
    return start, end, period_label(start, end)


def _clean_number(text: str) -> str:
    text = text.strip().replace("\u2212", "-")
    for space in (" ", "\u00a0", "\u202f", "\u2009", "'"):
        text = text.replace(space, "")
    if text.endswith("%"):
        text = text[:-1]
    return text


def _grouped(text: str, separator: str) -> bool:
    """Whether `text` is digits grouped in threes by `separator`: "1.234" or "12.345.678"."""
    return bool(re.fullmatch(rf"[+-]?\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+", text))


def _unambiguous_decimal_comma(text: str) -> bool | None:
    """True for "12,5" or "1.234,5", False for "12.5" or "1,234.5", None where the value does not tell ("1.234")."""
    text = _clean_number(text)
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        return text.rfind(",") > text.rfind(".")
    if has_comma and not _grouped(text, ","):
        return True
    if has_dot and not _grouped(text, "."):
        return False
    return None


def parse_number(text: str, *, decimal_comma: bool = True) -> Decimal | None:
    """A number as people write it: "1.234,5", "1,234.5", "12,5", "12.5", "-3", "12,5 %". None if it is not one.

    A lone separator that groups thousands ("1.234") is read in the given style: German (True) or English.
    """
    text = _clean_number(text)
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[:1], text[1:]
    if not re.fullmatch(r"[\d.,]*\d", text) or not text:
        return None
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        whole, fraction = text.rsplit(decimal_sep, 1)
        if decimal_sep in whole or not _grouped(whole, thousands_sep):
            return None
        return Decimal(sign + whole.replace(thousands_sep, "") + "." + fraction)
    if not (has_dot or has_comma):
        return Decimal(sign + text)
    separator = "." if has_dot else ","
    thousands = separator == ("." if decimal_comma else ",") or text.count(separator) > 1
    if thousands and _grouped(text, separator):
        return Decimal(sign + text.replace(separator, ""))
    if text.count(separator) == 1:
        whole, fraction = text.split(separator)
        return Decimal(sign + (whole or "0") + "." + fraction)
    return None


def _parse_value(cell: Cell, *, decimal_comma: bool) -> Decimal:
    value = cell.value
    if _is_blank(value):
        raise _Problem(_("The value is missing. A row without a value has to be left out."))
    number: Decimal | None
    if isinstance(value, bool | datetime | date):
        number = None
    elif isinstance(value, int | float):
        number = Decimal(str(value))
        if "%" in re.sub(r'"[^"]*"', "", cell.number_format):
            number *= 100  # a cell shown as "12,5 %" holds 0.125; the person means 12.5
    else:
        number = parse_number(str(value), decimal_comma=decimal_comma)
    text = _text(value)
    if number is None or not number.is_finite():
        if text in STATISTICS_SYMBOLS:
            raise _Problem(
                _("“%(value)s” is not a number. A row without a value (e.g. kept secret) has to be left out.")
                % {"value": _shown(text)}
            )
        raise _Problem(_("“%(value)s” is not a number.") % {"value": _shown(text)})
    if abs(number) >= 10**10:
        raise _Problem(_("“%(value)s” is too large (at most ten digits before the comma).") % {"value": _shown(text)})
    # The database keeps four decimal places; more (from a calculated Excel cell) are rounded.
    try:
        return number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    except InvalidOperation as error:  # pragma: no cover - excluded by the size check above
        raise _Problem(_("“%(value)s” is not a number.") % {"value": _shown(text)}) from error


def _parse_yes_no(cell: Cell) -> bool:
    value = cell.value
    if _is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = _text(value).casefold().rstrip(".")
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise _Problem(
        _("“%(value)s” is not a yes/no value. Please write “ja” or “nein”.") % {"value": _shown(_text(value))}
    )


def _parse_flags(cell: Cell) -> Iterator[str]:
    text = _text(cell.value)
    unknown = []
    for word in re.split(r"[\s,;/+&]+", text.casefold()):
        word = word.strip(".")
        if not word:
            continue
        if word not in FLAG_WORDS:
            unknown.append(word)
        elif FLAG_WORDS[word]:
            yield FLAG_WORDS[word]
    if unknown:
        raise _Problem(
            _("“%(value)s” is not a known status. Allowed are: vorläufig, geschätzt, gesperrt.")
            % {"value": _shown(text)}
        )


def _parse_text(cell: Cell, max_length: int) -> str:
    text = _text(cell.value)
    if len(text) > max_length:
        raise _Problem(
            _("The text is too long (%(length)s characters, at most %(limit)s).")
            % {"length": number_de(len(text)), "limit": number_de(max_length)}
        )
    return text


def _parse_breakdown(cell: Cell) -> str:
    text = " ".join(_text(cell.value).split())
    if not text or text.casefold() in TOTAL_WORDS:
        return ""
    if "=" in text or ";" in text:
        raise _Problem(_("A category must not contain “=” or “;”."))
    return text


# --- The template ---------------------------------------------------------------------------------------------------

TEMPLATE_HEADER = ["Zeitraum", "AGS", "Wert", "Einheit", "Status", "Quelle", "Anmerkung"]


def template_csv() -> bytes:
    """An empty import file to fill in: the header, in UTF-8 with BOM and semicolons so that Excel opens it well."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(TEMPLATE_HEADER)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
