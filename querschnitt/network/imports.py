"""Import of actors from a CSV or XLSX file with the columns of the export.

Validate, then act: the whole file is read and every row checked first; every problem is reported with its row
number as a spreadsheet shows it (the header is row 1 when it is the first line), in German („Zeile 4: Die Art
„Xyz“ ist unbekannt.“). Only a file without a single problem reaches `services.actors_upsert`, which writes all
rows or none and updates an actor of the same name instead of adding it again — importing a file twice changes
nothing.

Columns (headings in German or English, in any case and order): `Name` (required), `Kurzname`, `Art` (required:
a default kind or one of the body's own, in any case), `Straße`, `PLZ`, `Ort`, `Website`, `E-Mail`, `Telefon`,
`Beschreibung`. CSV in UTF-8 (Windows-1252 is accepted too), separated by semicolons or commas.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from querschnitt.core.csv_export import FORMULA_STARTS
from querschnitt.core.exceptions import ApplicationError
from querschnitt.tenancy.models import Body

from . import services
from .models import Actor, ActorKind
from .selectors import kinds_for_body
from .services import ActorRow, ImportResult

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_ROWS = 5000
ALLOWED_SUFFIXES = {".csv", ".txt", ".xlsx"}

# (field, German heading as the export writes it, other accepted headings)
COLUMNS: list[tuple[str, str, set[str]]] = [
    ("name", "Name", {"name"}),
    ("short_name", "Kurzname", {"short name", "short_name", "kurzbezeichnung", "abkürzung"}),
    ("kind", "Art", {"kind", "art des akteurs", "typ"}),
    ("street", "Straße", {"street", "strasse", "str."}),
    ("postcode", "PLZ", {"postcode", "postleitzahl", "zip"}),
    ("city", "Ort", {"city", "stadt"}),
    ("website", "Website", {"webseite", "internet", "homepage", "url"}),
    ("email", "E-Mail", {"email", "e-mail-adresse", "mail"}),
    ("phone", "Telefon", {"phone", "tel.", "telefonnummer"}),
    ("description", "Beschreibung", {"description", "anmerkung"}),
]
HEADINGS = [heading for _field, heading, _aliases in COLUMNS]
FIELD_BY_HEADING = {
    alias.casefold(): name for name, heading, aliases in COLUMNS for alias in {heading.casefold(), *aliases}
}
MAX_LENGTHS = {
    name: getattr(Actor._meta.get_field(name), "max_length", None) or 5000
    for name, _heading, _aliases in COLUMNS
    if name != "kind"
}
# A spreadsheet program runs a cell that starts with one of these as a formula; the export puts an apostrophe
# before such a value, and the import takes it away again.


@dataclass(frozen=True)
class ImportProblem:
    """One problem of a file; `row` is None for the file as a whole."""

    message: str
    row: int | None = None

    def __str__(self) -> str:
        if self.row:
            return _("Row %(row)s: %(problem)s") % {"row": self.row, "problem": self.message}
        return self.message


class ImportRefused(ApplicationError):
    """The file was not imported and nothing was written. `problems` lists every problem found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        message = ngettext(
            "The file was not imported because of %(count)s problem. Nothing has been saved.",
            "The file was not imported because of %(count)s problems. Nothing has been saved.",
            len(problems),
        ) % {"count": len(problems)}
        super().__init__(message, field="file")
        self.problems = problems


def _refuse(message: str) -> ImportRefused:
    return ImportRefused([ImportProblem(message)])


def actors_import(*, actor: Any, body: Body, file: Any, file_name: str = "") -> ImportResult:
    """Import the actors of an uploaded file (an UploadedFile, a binary file object or bytes).

    Raises ApplicationError if the actor may not import, and ImportRefused with every problem of the file; in both
    cases nothing has been written.
    """
    if actor is not None and not actor.has_perm("network.edit_network", body):
        raise ApplicationError(_("You may not change the network of this body."))
    file_name = PurePath(file_name or getattr(file, "name", "") or "").name
    records = read_records(_read_upload(file), file_name=file_name)
    rows = parse_actors(records, body=body)
    return services.actors_upsert(actor=actor, body=body, rows=rows)


# --- Reading the file ------------------------------------------------------------------------------------------------


def _read_upload(file: Any) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise _refuse(_("The file is larger than 5 MB. Please split it into several files."))
    return data


def read_records(data: bytes, *, file_name: str = "") -> list[tuple[int, list[Any]]]:
    """The non-empty rows of the file as (row number, cells), the header first."""
    suffix = PurePath(file_name).suffix.lower()
    if file_name and suffix not in ALLOWED_SUFFIXES:
        raise _refuse(_("Only CSV files and Excel files (.xlsx) can be imported."))
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise _refuse(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        records = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(_("This is an old Excel file (.xls). Please save it as “Excel workbook (.xlsx)” or as CSV."))
    elif b"\x00" in data[:4096]:
        raise _refuse(_("The file is not a table. Only CSV files and Excel files (.xlsx) can be imported."))
    else:
        records = _read_csv(_decode(data))
    rows = [(number, cells) for number, cells in records if any(_text(cell) for cell in cells)]
    if not rows:
        raise _refuse(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise _refuse(
            _("The file has more than %(limit)s rows. Please split it into several files.") % {"limit": MAX_ROWS}
        )
    return rows


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 — what Excel writes as “CSV” on a German Windows."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(text: str) -> list[tuple[int, list[Any]]]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return [
            (number, list(record))
            for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
        ]
    except csv.Error as error:
        raise _refuse(_("The file could not be read as CSV: %(error)s") % {"error": error}) from error


def _read_xlsx(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise _refuse(_("The Excel file could not be read. Is it damaged?")) from error
    if unpacked > MAX_UNPACKED_SIZE:
        raise _refuse(_("The file is larger than 5 MB. Please split it into several files."))
    if "xl/workbook.xml" not in names:
        raise _refuse(_("The file is not a table. Only CSV files and Excel files (.xlsx) can be imported."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for broken files; all mean the same here
        raise _refuse(_("The Excel file could not be read. Is it damaged?")) from error
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        records = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            records.append((number, list(row)))
            if number > MAX_ROWS + 10:
                break
        return records
    finally:
        workbook.close()


def _text(value: Any) -> str:
    """A cell as text, as a person reads it in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    # A NUL character (deep in a CSV file, or escaped as _x0000_ in an XLSX cell) is never meant as text, and
    # PostgreSQL cannot store it.
    text = " ".join(str(value).split()) if not isinstance(value, str) else value.replace("\x00", "").strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Checking the rows -----------------------------------------------------------------------------------------------


def parse_actors(records: list[tuple[int, list[Any]]], *, body: Body) -> list[ActorRow]:
    """Check every row; return the rows to write, or raise ImportRefused with every problem of the file."""
    (_header_number, header), *rows = records
    problems: list[ImportProblem] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading = _text(cell)
        if not heading:
            continue
        name = FIELD_BY_HEADING.get(heading.casefold())
        if name is None:
            problems.append(
                ImportProblem(
                    _("The column “%(column)s” is unknown. Known columns: %(columns)s.")
                    % {"column": _shown(heading), "columns": ", ".join(HEADINGS)}
                )
            )
        elif name in columns:
            problems.append(ImportProblem(_("The column “%(column)s” appears twice.") % {"column": heading}))
        else:
            columns[name] = index
    for required, heading in (("name", "Name"), ("kind", "Art")):
        if required not in columns:
            problems.append(ImportProblem(_("The column “%(column)s” is missing.") % {"column": heading}))
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise _refuse(_("The file contains only the header row and no actors."))

    kinds: dict[str, ActorKind] = {}
    # The body's own kind wins over a default kind of the same name.
    for kind in kinds_for_body(body, include_hidden=True).order_by(F("body_id").desc(nulls_last=True)):
        kinds.setdefault(kind.name.casefold(), kind)
    seen: dict[str, int] = {}
    parsed: list[ActorRow] = []
    for number, cells in rows:
        values = {name: _text(cells[index]) if index < len(cells) else "" for name, index in columns.items()}
        row_problems = _check_row(values, kinds)
        key = values["name"].casefold()
        if key and key in seen:
            row_problems.append(
                _("The name “%(name)s” appears already in row %(row)s.")
                % {"name": _shown(values["name"]), "row": seen[key]}
            )
        seen.setdefault(key, number)
        if row_problems:
            problems.extend(ImportProblem(message, number) for message in row_problems)
            continue
        parsed.append(
            ActorRow(
                row=number,
                name=values["name"],
                kind=kinds[values["kind"].casefold()],
                **{name: values.get(name, "") for name in MAX_LENGTHS if name != "name"},
            )
        )
    if problems:
        raise ImportRefused(problems)
    return parsed


def _check_row(values: dict[str, str], kinds: dict[str, ActorKind]) -> list[str]:
    problems = []
    if not values["name"]:
        problems.append(_("The name is missing."))
    kind = values["kind"]
    if not kind:
        problems.append(_("The kind is missing."))
    elif kind.casefold() not in kinds:
        problems.append(_("The kind “%(kind)s” is unknown.") % {"kind": _shown(kind)})
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            heading = next(heading for field, heading, _aliases in COLUMNS if field == name)
            problems.append(
                _("“%(column)s” is longer than %(limit)s characters.") % {"column": heading, "limit": limit}
            )
    if values.get("website"):
        website = values["website"]
        if "://" not in website:
            website = values["website"] = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            problems.append(_("“%(value)s” is not a web address.") % {"value": _shown(values["website"])})
    if values.get("email"):
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            problems.append(_("“%(value)s” is not an e-mail address.") % {"value": _shown(values["email"])})
    return problems
