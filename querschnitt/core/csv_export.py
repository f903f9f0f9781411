"""CSV downloads the way every export of the project writes them: UTF-8 with a byte order mark and semicolons (what
a German Excel opens without asking), and no cell a spreadsheet program would run as a formula (CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

# What a spreadsheet program reads as the start of a formula (also the marks an import strips again).
FORMULA_STARTS = ("=", "+", "-", "@")
# A value such as "+49 2131 928-0" or "-5" is a phone number or a figure, not a formula: only digits and separators.
_HARMLESS_SIGNED = re.compile(r"^[+-][\d\s/().,-]*$")


def safe_cell(value: Any) -> str:
    """The value as text, with a leading apostrophe where a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    if text.startswith(("=", "@", "\t", "\r")) or (
        text.startswith(FORMULA_STARTS) and not _HARMLESS_SIGNED.match(text)
    ):
        return "'" + text
    return text


def csv_bytes(headings: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(heading) for heading in headings])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
