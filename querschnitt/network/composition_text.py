"""Reading a composition as people write it in a paper, so that it need not be typed seat by seat.

Each line is one seat. The number of places is taken from
- a last column after a tab or a semicolon: „Landrat oder Allgemeiner Vertreter<TAB>1“ (a table copied from a
  document or a spreadsheet);
- a number at the end: „Vorsitzende der Kreistagsfraktionen bzw. deren Vertreter 5“;
- a bracket at the end that starts with a number, whose text becomes the note: „Kreistag (5 → Fraktionen)“.
A line without a number is a seat without a number („Agentur für Arbeit und Jobcenter“, „(Stiftungen)“). Bullets
are dropped; a header line („Akteure – Personenanzahl“) and a sum line („gesamt: 25“) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError

MAX_LINES = 100
MAX_COUNT = 999
LABEL_LENGTH = 300
NOTE_LENGTH = 300

_BULLET = re.compile(r"^(?:[-–•*·]|\d+[.)])\s+")
_SUM_LINE = re.compile(r"^(?:gesamt|insgesamt|summe|total)\b", re.IGNORECASE)
_HEADER_WORDS = {"personenanzahl", "anzahl", "sitze", "plätze", "personen", "zahl"}
_TRAILING_NUMBER = re.compile(r"^(?P<label>.*\S)\s+(?P<count>\d{1,3})$")
_TRAILING_BRACKET = re.compile(r"^(?P<label>.*\S)\s*\((?P<inner>\d{1,3}\b[^()]*(?:\([^()]*\)[^()]*)*)\)+$")


@dataclass(frozen=True)
class SeatDraft:
    label: str
    count: int | None
    note: str = ""


def parse_seat_lines(text: str) -> list[SeatDraft]:
    """The seats of a pasted composition. Raises ApplicationError (at the field `text`) for what cannot be read."""
    drafts: list[SeatDraft] = []
    problems: list[str] = []
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise ApplicationError(_("Please paste at most %(limit)s lines at once.") % {"limit": MAX_LINES}, field="text")
    for number, raw in enumerate(lines, start=1):
        draft = _parse_line(raw)
        if draft is None:
            continue
        if len(draft.label) > LABEL_LENGTH:
            problems.append(
                _("Line %(line)s: the seat is longer than %(limit)s characters.")
                % {"line": number, "limit": LABEL_LENGTH}
            )
        elif draft.count is not None and draft.count > MAX_COUNT:
            problems.append(_("Line %(line)s: %(count)s places are too many.") % {"line": number, "count": draft.count})
        else:
            drafts.append(draft)
    if problems:
        raise ApplicationError(" ".join(problems), field="text")
    if not drafts:
        raise ApplicationError(_("No seat was found in the text."), field="text")
    return drafts


def _parse_line(raw: str) -> SeatDraft | None:
    line = _BULLET.sub("", raw.strip())
    cells = [cell.strip() for cell in re.split(r"\t|;", line) if cell.strip()]
    if not cells or _SUM_LINE.match(cells[0]):
        return None
    if len(cells) > 1:
        label, last = " ".join(cells[:-1]), cells[-1]
        if last.isdigit():
            return SeatDraft(label=label, count=int(last))
        if last.casefold() in _HEADER_WORDS:
            return None
        line = " ".join(cells)
    if match := _TRAILING_BRACKET.match(line):
        inner = " ".join(match["inner"].split())
        digits = re.match(r"\d+", inner)
        count = int(digits[0]) if digits else 0
        note = inner[:NOTE_LENGTH] if inner != str(count) else ""
        return SeatDraft(label=match["label"].strip(), count=count, note=note)
    if match := _TRAILING_NUMBER.match(line):
        return SeatDraft(label=match["label"].strip(), count=int(match["count"]))
    return SeatDraft(label=" ".join(line.split()), count=None)
