"""Reading and checking a statistics file in the Open SDG-compatible tidy format (CSV or XLSX, first sheet).

One value per row, one header row (headings in any case and order, see /tmp CONTRACT and `docs/statistics-import.md`):
`Year` and `Value` are required; `Series` names the indicator (by its name or catalogue number; without the column
the importing user picks the indicator), `Units` the unit, `GeoCode` the area key (AGS with 2, 5 or 8 digits of NRW,
or the key of a Stadtteil of one of the body's map layers), `GeoName` the area's name when `GeoCode` is blank,
`Observation status` vorläufig/provisional or geschätzt/estimated; every other column is a breakdown, a blank cell the
total.

Validate, then act: the whole file is read, every row checked and every problem collected with its row number and
column (`strategy.imports.ImportProblem`); a file with a single problem raises `ImportRefused` with all of them. Area
names that are neither a remembered `AreaAlias` nor the exact name of a body or map area are not a problem but
*unmapped*: the user maps them (with suggestions) before the import. The table reading and the cell parsing (German
numbers, periods) are the strategy app's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from querschnitt.strategy.imports import (
    Cell,
    Column,
    ImportProblem,
    ImportRefused,
    Table,
    _is_blank,
    _parse_breakdown,
    _parse_period,
    _parse_text,
    _parse_value,
    _Problem,
    _shown,
    _text,
    decimal_style,
    read_columns,
    read_table,
)
from querschnitt.strategy.models import Indicator, Observation
from querschnitt.strategy.services import ObservationRow

ALLOWED_SUFFIXES = {".csv", ".xlsx"}

# The known columns by their heading in lower case; every other heading is a breakdown dimension.
COLUMNS = {
    "year": "Year",
    "series": "Series",
    "units": "Units",
    "geocode": "GeoCode",
    "geoname": "GeoName",
    "observation status": "Observation status",
    "value": "Value",
}
REQUIRED = ("year", "value")
STATUS_WORDS = {
    "vorläufig": "provisional",
    "vorlaeufig": "provisional",
    "provisional": "provisional",
    "geschätzt": "estimated",
    "geschaetzt": "estimated",
    "estimated": "estimated",
    "endgültig": "",
    "endgueltig": "",
    "final": "",
}
# Words that a name of an area may carry or not: „Stadt Neuss“, „Neuss, Stadt“ and „Neuss“ are one place.
DESIGNATION_WORDS = {"stadt", "gemeinde", "kreis", "landkreis", "städteregion", "kreisfreie", "große", "kreisstadt"}
SUGGESTION_CUTOFF = 0.6
MAX_SUGGESTIONS = 5


def normalize_name(name: str) -> str:
    """The form in which names are compared and remembered (`AreaAlias.normalized`): single spaces, case folded."""
    return " ".join(str(name).split()).casefold()


def _core_name(name: str) -> str:
    words = re.sub(r"[^\w]+", " ", normalize_name(name)).split()
    return " ".join(word for word in words if word not in DESIGNATION_WORDS)


# --- Areas -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    key: str
    label: str
    score: float


@dataclass
class AreaIndex:
    """What a body's statistics files may name as areas: the keys (every NRW body's AGS and the keys of the body's
    map layers, with a label each), the exact names that map to a key, and the candidates for suggestions."""

    own_ags: str
    labels: dict[str, str]  # key -> label
    names: dict[str, str]  # normalized name -> key
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (name, key), for suggestions

    def key_for_code(self, text: str) -> str | None:
        """The stored key of a `GeoCode` cell, or None if it is no known area. A leading zero lost by Excel is put
        back; the body's own AGS is stored as blank."""
        key = re.sub(r"\s", "", text)
        if key.isascii() and key.isdigit() and len(key) in (1, 4, 7) and key.startswith("5"):
            key = "0" + key
        if key not in self.labels:
            return None
        return "" if key == self.own_ags else key

    def key_for_name(self, name: str) -> str | None:
        key = self.names.get(normalize_name(name))
        if key is None:
            return None
        return "" if key == self.own_ags else key

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def suggestions(self, name: str) -> list[Suggestion]:
        """Close names of bodies and map areas, best first (difflib ratio on the whole name and on the name without
        words such as „Stadt“)."""
        wanted, wanted_core = normalize_name(name), _core_name(name)
        best: dict[str, float] = {}
        for candidate, key in self.candidates:
            score = difflib.SequenceMatcher(None, wanted, normalize_name(candidate)).ratio()
            core = _core_name(candidate)
            if wanted_core and core:
                score = max(score, difflib.SequenceMatcher(None, wanted_core, core).ratio())
            if score >= SUGGESTION_CUTOFF and score > best.get(key, 0):
                best[key] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.label(item[0])))
        return [Suggestion(key, self.label(key), round(score, 3)) for key, score in ranked[:MAX_SUGGESTIONS]]


# --- Results -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRow:
    number: int
    indicator: Indicator
    observation: ObservationRow
    area_name: str = ""  # the GeoName when it is not mapped yet (then observation.area_ags is blank)


@dataclass(frozen=True)
class UnmappedName:
    name: str  # as the file writes it (first spelling)
    rows: list[int]
    suggestions: list[Suggestion]

    @property
    def normalized(self) -> str:
        return normalize_name(self.name)


@dataclass
class StatisticsFile:
    """A checked file: its rows (each with its indicator) and the area names still to map."""

    rows: list[ParsedRow]
    unmapped: list[UnmappedName]

    @property
    def indicators(self) -> list[Indicator]:
        seen: dict[int, Indicator] = {}
        for row in self.rows:
            seen.setdefault(row.indicator.pk, row.indicator)
        return sorted(seen.values(), key=lambda indicator: (indicator.name.casefold(), indicator.pk))

    def rows_by_indicator(self, *, source: str = "", note: str = "") -> list[tuple[Indicator, list[ObservationRow]]]:
        """The observations to write per indicator; `source` and `note` (from the upload form) go on every row."""
        groups: dict[int, list[ObservationRow]] = {}
        for row in self.rows:
            observation = row.observation
            if source or note:
                observation = replace(observation, source=source or observation.source, note=note or observation.note)
            groups.setdefault(row.indicator.pk, []).append(observation)
        return [(indicator, groups[indicator.pk]) for indicator in self.indicators]

    def unmapped_problems(self) -> list[ImportProblem]:
        return [
            ImportProblem(
                _("The area “%(name)s” is not known yet. Please map it to an area key.") % {"name": _shown(item.name)},
                row,
                "GeoName",
            )
            for item in self.unmapped
            for row in item.rows
        ]


# --- Parsing -----------------------------------------------------------------------------------------------------


def check_suffix(file_name: str) -> None:
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ImportRefused([ImportProblem(_("Only CSV files and Excel files (.xlsx) can be imported."))])


def parse_statistics(
    data: bytes,
    *,
    file_name: str,
    indicators: Iterable[Indicator],
    areas: AreaIndex,
    indicator: Indicator | None = None,
    body_name: str = "",
) -> StatisticsFile:
    """Read and check a whole file. Raises ImportRefused with every problem; returns the rows and unmapped names."""
    check_suffix(file_name)
    table = read_table(data, file_name=file_name)
    return _Parser(table, indicators=list(indicators), areas=areas, picked=indicator, body_name=body_name).parse()


class _Parser:
    def __init__(
        self,
        table: Table,
        *,
        indicators: list[Indicator],
        areas: AreaIndex,
        picked: Indicator | None,
        body_name: str,
    ) -> None:
        self.table = table
        self.areas = areas
        self.picked = picked
        self.body_name = body_name
        self.problems: list[ImportProblem] = []
        self.by_name: dict[str, list[Indicator]] = {}
        self.by_code: dict[str, list[Indicator]] = {}
        for item in indicators:
            self.by_name.setdefault(normalize_name(item.name), []).append(item)
            if item.catalogue_entry_id is not None and item.catalogue_entry is not None:
                self.by_code.setdefault(str(item.catalogue_entry.code), []).append(item)
        self.columns = self._columns()
        self.decimal_comma = decimal_style(self.table, self.columns)

    def _add(self, message: str, row: int | None = None, column: str = "") -> None:
        self.problems.append(ImportProblem(message, row, column))

    def _columns(self) -> list[Column]:
        # A column's field is its own casefolded heading when it is one of ours, else "" (a breakdown).
        columns = read_columns(self.table, lambda heading: heading if heading in COLUMNS else "", self.problems)
        header_row = self.table.header_row
        found = {column.field for column in columns}
        for required in REQUIRED:
            if required not in found:
                self._add(
                    _(
                        "The required column “%(column)s” is missing. The first row of the file must name the "
                        "columns; it names: %(found)s."
                    )
                    % {
                        "column": COLUMNS[required],
                        "found": ", ".join(f"„{column.heading}“" for column in columns) or "–",
                    },
                    header_row,
                )
        if "series" not in found and self.picked is None:
            self._add(
                _(
                    "The file has no column “Series” that names the indicator of each row. Please choose the "
                    "indicator in the form, or add the column."
                ),
                header_row,
            )
        if not self.by_name and not self.by_code and self.picked is None:
            self._add(
                _("%(body)s has no indicators yet. Please create them in the concept first.")
                % {"body": self.body_name or _("This body")}
            )
        return columns

    def parse(self) -> StatisticsFile:
        rows: list[ParsedRow] = []
        unmapped: dict[str, tuple[str, list[int]]] = {}
        first_row_of_key: dict[tuple, int] = {}
        named = {column.index for column in self.columns}
        unnamed_with_values: dict[int, int] = {}
        header_broken = bool(self.problems)
        for number, cells in self.table.rows:
            for index, cell in enumerate(cells):
                if index not in named and not _is_blank(cell.value) and index not in unnamed_with_values:
                    unnamed_with_values[index] = number
            if header_broken:
                continue
            row = self._row(number, cells)
            if row is None:
                continue
            area = ("name", normalize_name(row.area_name)) if row.area_name else ("key", row.observation.area_ags)
            obs = row.observation
            key = (row.indicator.pk, obs.period_start, obs.period_end, area, Observation.key_for(obs.breakdown))
            if key in first_row_of_key:
                self._add(
                    _("The same series, period, area and breakdown as in row %(other)s.")
                    % {"other": first_row_of_key[key]},
                    number,
                )
                continue
            first_row_of_key[key] = number
            if row.area_name:
                entry = unmapped.setdefault(normalize_name(row.area_name), (row.area_name, []))
                entry[1].append(number)
            rows.append(row)
        for index, number in sorted(unnamed_with_values.items()):
            self._add(
                _("Column %(number)s has no heading, but contains values (first in row %(row)s).")
                % {"number": index + 1, "row": number},
                self.table.header_row,
            )
        if self.problems:
            self.problems.sort(key=lambda problem: problem.row or 0)
            raise ImportRefused(self.problems)
        names = sorted(unmapped.values(), key=lambda item: item[1][0])
        return StatisticsFile(
            rows=rows,
            unmapped=[UnmappedName(name, numbers, self.areas.suggestions(name)) for name, numbers in names],
        )

    def _row(self, number: int, cells: list[Cell]) -> ParsedRow | None:
        values: dict[str, Any] = {}
        breakdown: dict[str, str] = {}
        geo_name = ""
        ok = True
        for column in self.columns:
            cell = cells[column.index] if column.index < len(cells) else Cell(None)
            try:
                if column.field == "year":
                    values["period"] = _parse_period(cell)
                elif column.field == "value":
                    values["value"] = _parse_value(cell, decimal_comma=self.decimal_comma)
                elif column.field == "series":
                    values["indicator"] = self._series(cell)
                elif column.field == "units":
                    values["unit"] = _parse_text(cell, 50)
                elif column.field == "observation status":
                    values.update(self._status(cell))
                elif column.field == "geocode":
                    key = self._geo_code(cell)
                    if key is not None:
                        values["area_ags"] = key
                elif column.field == "geoname":
                    geo_name = " ".join(_text(cell.value).split())
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
        indicator = values.get("indicator", self.picked)
        if not ok or indicator is None:
            return None
        area_name = ""
        if "area_ags" not in values and geo_name:
            if len(geo_name) > 200:
                self._add(_("The name of the area is too long (at most 200 characters)."), number, "GeoName")
                return None
            key = self.areas.key_for_name(geo_name)
            if key is None:
                area_name = geo_name
            else:
                values["area_ags"] = key
        period_start, period_end, period_label = values["period"]
        observation = ObservationRow(
            period_start=period_start,
            period_end=period_end,
            period_label=period_label,
            value=values["value"],
            area_ags=values.get("area_ags", ""),
            breakdown=breakdown,
            unit=values.get("unit", ""),
            provisional=values.get("provisional", False),
            estimated=values.get("estimated", False),
        )
        return ParsedRow(number=number, indicator=indicator, observation=observation, area_name=area_name)

    def _series(self, cell: Cell) -> Indicator | None:
        text = " ".join(_text(cell.value).split())
        if not text:
            if self.picked is not None:
                return self.picked
            raise _Problem(_("The series (indicator) is missing."))
        matches = self.by_code.get(text, []) if text.isdigit() else self.by_name.get(normalize_name(text), [])
        if not matches and text.isdigit():
            matches = self.by_name.get(normalize_name(text), [])
        if not matches:
            raise _Problem(
                _(
                    "“%(value)s” is not an indicator of %(body)s. Please write its name as in the concept or its "
                    "number in the indicator catalogue."
                )
                % {"value": _shown(text), "body": self.body_name or _("this body")}
            )
        if len(matches) > 1:
            raise _Problem(
                _("“%(value)s” names %(count)s indicators. Please rename one of them in the concept.")
                % {"value": _shown(text), "count": len(matches)}
            )
        if self.picked is not None and matches[0].pk != self.picked.pk:
            raise _Problem(
                _("“%(value)s” is not the indicator chosen in the form (“%(picked)s”).")
                % {"value": _shown(text), "picked": _shown(self.picked.name)}
            )
        return matches[0]

    def _status(self, cell: Cell) -> dict[str, bool]:
        text = " ".join(_text(cell.value).split())
        if not text:
            return {}
        flag = STATUS_WORDS.get(text.casefold().rstrip("."))
        if flag is None:
            raise _Problem(
                _("“%(value)s” is not a known status. Allowed are: vorläufig, geschätzt, or an empty cell.")
                % {"value": _shown(text)}
            )
        return {flag: True} if flag else {}

    def _geo_code(self, cell: Cell) -> str | None:
        if _is_blank(cell.value):
            return None
        text = _text(cell.value)
        key = self.areas.key_for_code(text)
        if key is None:
            raise _Problem(
                _(
                    "“%(value)s” is not a known area key. Please write the official municipality key (AGS) of NRW "
                    "with 2, 5 or 8 digits (e.g. 05162024) or the key of an area of one of your map layers."
                )
                % {"value": _shown(text)}
            )
        return key


# --- Comparing with what is stored (the preview) -------------------------------------------------------------------

COMPARED_FIELDS = (
    "period_label",
    "value",
    "unit",
    "provisional",
    "estimated",
    "confidential",
    "source",
    "note",
    "breakdown",
)


def _differs(stored: Observation, row: ObservationRow) -> bool:
    """The same comparison as `strategy.services.observations_upsert`: any of its written fields differs."""
    return any(getattr(stored, name) != getattr(row, name) for name in COMPARED_FIELDS)


def count_changes(rows: list[ObservationRow], stored: Iterable[Observation]) -> tuple[int, int, int]:
    """(new, changed, unchanged) of `rows` against the stored observations of their indicator."""
    existing: dict[tuple[date, date, str, str], Observation] = {
        (obs.period_start, obs.period_end, obs.area_ags, obs.breakdown_key): obs for obs in stored
    }
    new = changed = 0
    for row in rows:
        obs = existing.get(row.key)
        if obs is None:
            new += 1
        elif _differs(obs, row):
            changed += 1
    return new, changed, len(rows) - new - changed
