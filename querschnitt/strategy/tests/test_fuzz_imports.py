"""Fuzzing the import of observations (CSV and XLSX) with hypothesis.

Whatever the file holds — random bytes, broken encodings, huge numbers, odd decimal styles, formula-like cells — the
import either succeeds or refuses with a German message (`ApplicationError`), and a refused file writes nothing.
"""

import io
import string

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy.imports import observations_import
from querschnitt.strategy.models import Observation, ObservationImport
from querschnitt.strategy.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

HEADERS = ["Zeitraum", "Wert", "AGS", "Einheit", "Status", "Vorläufig", "Quelle", "Anmerkung", "Geschlecht", "period"]
FORMULAS = ["=cmd|' /C calc'!A0", "=1/0", "+1+1", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")', "=A1"]
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["1.234,5", "1,234.5", "1.234.567", "1,5", "12,", ",5", "1e400", "-0", "NaN", "inf", "1 000", "½"]),
    st.sampled_from(["9" * 40, "0," + "1" * 30, "1_000", "٣", "1'234.5", "(12)", "12 %", "−3"]),
)
PERIODS = st.one_of(
    st.integers(min_value=-5, max_value=100_000).map(str),
    st.sampled_from(["2022", "06/2007", "Juni 2007", "2022-01-01", "31.12.2022", "2020–2022", "2022-02-30", "Q5 2020"]),
    st.dates().map(lambda day: day.strftime("%d.%m.%Y")),
)
TEXT = st.text(max_size=30)
CELLS = st.one_of(NUMBERS, PERIODS, TEXT, st.sampled_from(FORMULAS), st.just(""), st.sampled_from(["ja", "x", "p"]))


@st.composite
def tables(draw):
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), TEXT), min_size=0, max_size=6))
    if draw(st.booleans()):
        header = ["Zeitraum", "Wert", *header]
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=width + 1), max_size=6))
    return [header, *rows]


@st.composite
def csv_files(draw):
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    quote = draw(st.booleans())
    lines = []
    for row in draw(tables()):
        cells = [f'"{cell}"' if quote else cell for cell in row]
        lines.append(delimiter.join(cells))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a broken byte sequence somewhere
        position = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=4)) + data[position:]
    return draw(st.sampled_from(["werte.csv", "werte.txt", "werte.tsv"])), data


@st.composite
def xlsx_files(draw):
    workbook = Workbook()
    sheet = workbook.active
    for row in draw(tables()):
        values = []
        for cell in row:
            kind = draw(st.sampled_from(["text", "number", "date"]))
            if kind == "number":
                values.append(draw(st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=False, width=64))))
            elif kind == "date":
                values.append(draw(st.dates()))
            else:
                values.append(ILLEGAL_CHARACTERS_RE.sub("", cell[:200]))  # what Excel itself can hold
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return "werte.xlsx", buffer.getvalue()


def _random_bytes():
    return st.tuples(
        st.sampled_from(["werte.csv", "werte.xlsx", "werte.ods", "werte"]),
        st.one_of(st.binary(max_size=300), st.just(b"PK\x03\x04" + b"\x00" * 40), st.just(b"\xef\xbb\xbf")),
    )


def _import_or_refuse(indicator, actor, name, data):
    """Import the file; a refusal must be a German ApplicationError and must leave the database as it was."""
    before = (Observation.objects.count(), ObservationImport.objects.count())
    try:
        with translation.override("de"):
            observations_import(actor=actor, indicator=indicator, file=data, file_name=name)
    except ApplicationError as refusal:
        message = str(refusal)
        assert message.strip(), "a refusal without a message"
        assert "Traceback" not in message
        assert (Observation.objects.count(), ObservationImport.objects.count()) == before, "a refusal wrote data"
        return False
    return True


@pytest.fixture
def indicator(body):
    return IndicatorFactory(body=body, name="Quote", unit="%")


def test_random_bytes_are_refused_cleanly(indicator, office_user):
    @FUZZ
    @given(file=_random_bytes())
    def run(file):
        _import_or_refuse(indicator, office_user, *file)

    run()


def test_csv_files_import_or_are_refused_cleanly(indicator, office_user):
    @FUZZ
    @given(file=csv_files())
    def run(file):
        _import_or_refuse(indicator, office_user, *file)

    run()


def test_xlsx_files_import_or_are_refused_cleanly(indicator, office_user):
    @FUZZ
    @given(file=xlsx_files())
    def run(file):
        _import_or_refuse(indicator, office_user, *file)

    run()


def test_formula_like_cells_are_stored_as_text_never_evaluated(indicator, office_user):
    formula = "=cmd|' /C calc'!A0"
    data = f"Zeitraum;Wert;Quelle;Anmerkung\n2022;12,5;{formula};@SUM(A1)\n".encode()

    assert _import_or_refuse(indicator, office_user, "werte.csv", data)

    observation = Observation.objects.get(indicator=indicator)
    assert observation.source == formula and observation.note == "@SUM(A1)"


def nul_after_a_long_good_beginning():
    """A NUL character that a check of the first bytes of the file does not see (PostgreSQL cannot store it)."""
    good = "".join(f"2020;{number};gut;Gruppe {number}\n" for number in range(800))  # more than 8 KB
    return ("Zeitraum;Wert;Anmerkung;Gruppe\n" + good + "2021;2;a\x00b;\n").encode()


def test_a_nul_character_deep_in_the_file_is_dropped(indicator, office_user):
    assert _import_or_refuse(indicator, office_user, "werte.csv", nul_after_a_long_good_beginning())

    assert Observation.objects.get(indicator=indicator, period_start__year=2021).note == "ab"


def test_the_fuzzers_reach_both_outcomes(indicator, office_user):
    """The strategies are not so wild that every file is refused: a plain file of the same shape imports."""
    good = "Zeitraum;Wert\n2021;1,5\n2022;" + string.digits[:4] + "\n"

    assert _import_or_refuse(indicator, office_user, "werte.csv", good.encode("cp1252"))
    assert not _import_or_refuse(indicator, office_user, "werte.csv", b"\x00\x01\x02")
