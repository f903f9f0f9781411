"""Fuzzing the import of actors (CSV and XLSX) with hypothesis.

Whatever the file holds — random bytes, broken encodings, odd cells, formula-like cells — the import either succeeds
or refuses with a German message (`ApplicationError`), and a refused file writes nothing.
"""

import io

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from querschnitt.core.exceptions import ApplicationError
from querschnitt.network import imports
from querschnitt.network.models import Actor

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

HEADERS = ["Name", "Kurzname", "Art", "Straße", "PLZ", "Ort", "Website", "E-Mail", "Telefon", "Beschreibung", "Typ"]
KINDS = ["Verwaltung/Amt", "Sportverein/Kreissportbund", "unternehmen/ihk/handwerkskammer", "Unbekannt", ""]
FORMULAS = ["=cmd|' /C calc'!A0", "'=1+1", "+49 2131 0", "-1", "@SUM(A1)", '=HYPERLINK("http://x","y")']
CELLS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(KINDS),
    st.sampled_from(FORMULAS),
    st.sampled_from(["www.example.org", "javascript:alert(1)", "http://", "info@example.org", "a@b", "x" * 400]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


@st.composite
def tables(draw):
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=15)), max_size=6))
    if draw(st.booleans()):
        header = ["Name", "Art", *header]
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 1), max_size=6))
    return [header, *rows]


@st.composite
def csv_files(draw):
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    quote = draw(st.booleans())
    text = "\n".join(delimiter.join(f'"{c}"' if quote else c for c in row) for row in draw(tables()))
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])), errors="replace")
    if draw(st.booleans()):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=4)) + data[position:]
    return draw(st.sampled_from(["akteure.csv", "akteure.txt"])), data


@st.composite
def xlsx_files(draw):
    workbook = Workbook()
    sheet = workbook.active
    for row in draw(tables()):
        values = []
        for cell in row:
            if draw(st.booleans()):
                values.append(ILLEGAL_CHARACTERS_RE.sub("", cell))
            else:
                values.append(draw(st.one_of(st.floats(allow_nan=False), st.dates(), st.booleans())))
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return "akteure.xlsx", buffer.getvalue()


def _import_or_refuse(body, actor, name, data):
    before = Actor.objects.count()
    try:
        with translation.override("de"):
            imports.actors_import(actor=actor, body=body, file=data, file_name=name)
    except ApplicationError as refusal:
        assert str(refusal).strip(), "a refusal without a message"
        assert Actor.objects.count() == before, "a refusal wrote data"
        return False
    return True


def test_random_bytes_are_refused_cleanly(body, office_user):
    @FUZZ
    @given(name=st.sampled_from(["a.csv", "a.xlsx", "a.ods", "a"]), data=st.binary(max_size=300))
    def run(name, data):
        _import_or_refuse(body, office_user, name, data)

    run()


def test_csv_files_import_or_are_refused_cleanly(body, office_user):
    @FUZZ
    @given(file=csv_files())
    def run(file):
        _import_or_refuse(body, office_user, *file)

    run()


def test_xlsx_files_import_or_are_refused_cleanly(body, office_user):
    @FUZZ
    @given(file=xlsx_files())
    def run(file):
        _import_or_refuse(body, office_user, *file)

    run()


def test_a_nul_character_deep_in_the_file_is_dropped(body, office_user):
    rows = "Erster;Verwaltung/Amt;" + "lang " * 1000 + "\n"  # past the first 4 KB, which are checked for binary data
    data = ("Name;Art;Beschreibung\n" + rows + "Letzter;Verwaltung/Amt;a\x00b\n").encode()

    assert _import_or_refuse(body, office_user, "akteure.csv", data)

    assert Actor.objects.get(body=body, name="Letzter").description == "ab"


def test_formula_like_cells_are_kept_as_text(body, office_user):
    data = b"Name;Art;Beschreibung\n=cmd|' /C calc'!A0;Verwaltung/Amt;@SUM(A1)\n"

    assert _import_or_refuse(body, office_user, "akteure.csv", data)

    assert Actor.objects.get(body=body).description == "@SUM(A1)"
