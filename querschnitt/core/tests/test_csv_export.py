"""The one CSV writer of the project: German Excel opens it, and no cell runs as a formula."""

import pytest

from querschnitt.core.csv_export import csv_bytes, safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd", "'-2+3+cmd"),
        ("+49 2131 928-0", "+49 2131 928-0"),  # a phone number stays as it is
        ("-5,5", "-5,5"),
        ("Sprache", "Sprache"),
        (15, "15"),
        (None, ""),
    ],
)
def test_a_cell_that_looks_like_a_formula_gets_an_apostrophe(value, written):
    assert safe_cell(value) == written


def test_the_file_has_a_byte_order_mark_semicolons_and_windows_line_ends():
    content = csv_bytes(["Rang", "Option"], [[1, "=1+1"], [2, "Sprache; Bildung"]])
    assert content.decode("utf-8") == '\ufeffRang;Option\r\n1;\'=1+1\r\n2;"Sprache; Bildung"\r\n'
