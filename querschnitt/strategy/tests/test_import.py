"""Import of observations from CSV and XLSX: every row is checked first, all problems are reported in German with
row and column, and nothing is written unless the whole file is good; re-importing changes nothing."""

import io
import zipfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from querschnitt.strategy import imports
from querschnitt.strategy.imports import Cell, ImportRefused, observations_import, parse_number
from querschnitt.strategy.models import Observation, ObservationImport
from querschnitt.strategy.tests.factories import IndicatorFactory, ObservationFactory

FILES = Path(__file__).parent / "files"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def fixture_file(name: str) -> SimpleUploadedFile:
    return upload(name, (FILES / name).read_bytes())


def csv_file(text: str, name: str = "werte.csv") -> SimpleUploadedFile:
    return upload(name, text.encode("utf-8"))


def xlsx_bytes(rows: list[list], *, formats: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal_of(indicator, actor, file) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        observations_import(actor=actor, indicator=indicator, file=file)
    return caught.value


def messages_of(refusal: ImportRefused) -> list[str]:
    return [str(problem) for problem in refusal.problems]


@pytest.fixture
def indicator(body):
    return IndicatorFactory(body=body, name="Quote der Einbürgerungen", unit="%")


def import_url(body, indicator):
    return reverse("strategy:observation_import", kwargs={"body": body.slug, "indicator": indicator.pk})


# --- Good files ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_good_csv_is_imported_with_periods_areas_breakdowns_and_flags(indicator, office_user):
    log = observations_import(actor=office_user, indicator=indicator, file=fixture_file("observations_good.csv"))

    assert (log.created_rows, log.updated_rows) == (6, 0)
    assert log.file_name == "observations_good.csv" and log.imported_by == office_user
    observations = {
        (obs.period_label, obs.area_ags, obs.breakdown_key): obs
        for obs in Observation.objects.filter(indicator=indicator)
    }
    assert set(observations) == {
        ("2022", "", ""),
        ("2022", "", "Geschlecht=weiblich"),
        ("2022", "", "Geschlecht=männlich"),
        ("2023", "", ""),  # "insgesamt" is the total
        ("2023", "05162004", ""),
        ("Juni 2007", "", "Geschlecht=weiblich"),
    }
    total_2022 = observations[("2022", "", "")]
    assert (total_2022.period_start, total_2022.period_end) == (date(2022, 1, 1), date(2022, 12, 31))
    assert total_2022.value == D("12.5") and total_2022.unit == "%" and total_2022.source == "IT.NRW"
    assert total_2022.imported_by == log
    assert observations[("2023", "", "")].provisional is True
    neighbour = observations[("2023", "05162004", "")]
    assert neighbour.value == D("1234.5") and neighbour.unit == "Personen"
    assert (neighbour.estimated, neighbour.confidential, neighbour.provisional) == (True, True, False)
    assert neighbour.note == "„Stichprobe“"
    june = observations[("Juni 2007", "", "Geschlecht=weiblich")]
    assert (june.period_start, june.period_end, june.value) == (date(2007, 6, 1), date(2007, 6, 30), D("7.25"))
    assert june.breakdown == {"Geschlecht": "weiblich"}


@pytest.mark.django_db
def test_good_xlsx_is_imported_with_numeric_and_date_cells(indicator, office_user):
    content = xlsx_bytes(
        [
            [],  # the header is the first row that is not empty
            [None, None],
            ["Zeitraum", "AGS", "Wert", "Altersgruppe", "vorläufig", "geschätzt", "Quelle"],
            [2024, 5162004, 0.125, "insgesamt", "ja", None, "IT.NRW"],
            [date(2024, 12, 31), "05162", 17, "unter 18", "nein", "x", None],
            [date(2007, 6, 1), None, 3.14159, None, 0, 1, None],
            ["2023-01-01/2023-06-30", None, "1.234,5", None, False, True, None],
        ],
        formats={"C4": "0.0%", "A6": "mm/yyyy"},
    )
    log = observations_import(actor=office_user, indicator=indicator, file=upload("werte.xlsx", content))

    assert (log.created_rows, log.updated_rows) == (4, 0)
    rows = {obs.period_label: obs for obs in Observation.objects.filter(indicator=indicator)}
    assert set(rows) == {"2024", "31.12.2024", "Juni 2007", "01.01.2023–30.06.2023"}
    year = rows["2024"]
    assert year.area_ags == "05162004"  # the leading zero Excel dropped is restored
    assert year.value == D("12.5")  # a cell shown as 12,5 % means 12.5
    assert year.breakdown == {} and year.provisional is True and year.estimated is False
    day = rows["31.12.2024"]
    assert (day.period_start, day.period_end, day.area_ags) == (date(2024, 12, 31), date(2024, 12, 31), "05162")
    assert day.breakdown == {"Altersgruppe": "unter 18"} and day.estimated is True and day.value == D(17)
    month = rows["Juni 2007"]
    assert (month.period_start, month.period_end) == (date(2007, 6, 1), date(2007, 6, 30))
    assert month.value == D("3.1416")  # rounded to the four places the database keeps
    half = rows["01.01.2023–30.06.2023"]
    assert half.value == D("1234.5") and half.estimated is True


@pytest.mark.django_db
def test_windows_1252_csv_with_commas_and_english_headers(indicator, office_user):
    log = observations_import(actor=office_user, indicator=indicator, file=fixture_file("observations_windows1252.csv"))
    assert log.created_rows == 2
    first, second = Observation.objects.filter(indicator=indicator).order_by("period_start")
    assert first.value == D("12.5") and first.note == "Schätzung für Jüchen"
    assert first.breakdown == {"Geschlecht": "männlich"}
    assert second.value == D("13.25") and second.note == "Größe geprüft"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"sep=;\r\nZeitraum;Wert\r\n2024;12,5\r\n",  # Excel's delimiter line
        "Zeitraum\tWert\r\n2024\t12,5\r\n".encode("utf-16"),  # Excel's "Unicode text"
        b'"period","value","note"\n"2024","12.5","a note, with a comma"\n',
        "ZEITRAUM ; WERT\n2024;12,5\n".encode("cp1252"),
    ],
)
def test_csv_dialects(indicator, office_user, content):
    log = observations_import(actor=office_user, indicator=indicator, file=upload("werte.csv", content))
    assert log.created_rows == 1
    assert Observation.objects.get(indicator=indicator).value == D("12.5")


@pytest.mark.django_db
def test_reimport_of_the_same_file_changes_nothing(indicator, office_user):
    first = observations_import(actor=office_user, indicator=indicator, file=fixture_file("observations_good.csv"))
    count = Observation.objects.count()
    second = observations_import(actor=office_user, indicator=indicator, file=fixture_file("observations_good.csv"))

    assert (first.created_rows, first.updated_rows) == (6, 0)
    assert (second.created_rows, second.updated_rows) == (0, 0)
    assert Observation.objects.count() == count
    assert ObservationImport.objects.filter(indicator=indicator).count() == 2  # both attempts are in the log


@pytest.mark.django_db
def test_a_changed_value_is_updated_by_its_key(indicator, office_user):
    observations_import(actor=office_user, indicator=indicator, file=csv_file("Zeitraum;Wert\n2022;12,5\n2023;13\n"))
    log = observations_import(
        actor=office_user, indicator=indicator, file=csv_file("Zeitraum;Wert;Status\n2022;12,5;\n2023;13,4;vorläufig\n")
    )
    assert (log.created_rows, log.updated_rows) == (0, 1)
    updated = Observation.objects.get(indicator=indicator, period_start=date(2023, 1, 1))
    assert updated.value == D("13.4") and updated.provisional is True and updated.imported_by == log


@pytest.mark.django_db
def test_the_own_area_blank_or_written_out_is_one_key(indicator, office_user, body):
    observations_import(actor=office_user, indicator=indicator, file=csv_file("Zeitraum;AGS;Wert\n2022;;12,5\n"))
    log = observations_import(
        actor=office_user, indicator=indicator, file=csv_file(f"Zeitraum;AGS;Wert\n2022;{body.ags};12,5\n")
    )
    assert (log.created_rows, log.updated_rows) == (0, 0)
    assert Observation.objects.get(indicator=indicator).area_ags == ""


# --- Bad files: nothing is written ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bad_row_in_the_middle_is_reported_with_row_and_column_and_nothing_is_written(
    client, body, indicator, office_user
):
    ObservationFactory(indicator=indicator, period_start=date(2018, 1, 1), period_end=date(2018, 12, 31))
    before = Observation.objects.count(), ObservationImport.objects.count()
    client.force_login(office_user)

    response = client.post(import_url(body, indicator), {"file": fixture_file("observations_bad_row.csv")})

    assert response.status_code == 200
    assert (Observation.objects.count(), ObservationImport.objects.count()) == before
    assert Observation.objects.get(indicator=indicator).value == D(42)  # the existing value is untouched
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Die Datei wurde nicht importiert, weil sie 2 Probleme hat. Es wurde nichts gespeichert." in page
    assert '<th scope="col" class="kern-table__cell">Zeile</th>' in page
    assert '<td class="kern-table__cell">7</td>' in page and '<td class="kern-table__cell">Wert</td>' in page
    assert "„12,3x“ ist keine Zahl." in page
    assert "„Sommer“ ist kein Zeitraum." in page  # every bad row is reported, not only the first


@pytest.mark.django_db
def test_problem_messages_name_row_and_column_in_german(indicator, office_user):
    refusal = refusal_of(indicator, office_user, fixture_file("observations_bad_row.csv"))
    assert messages_of(refusal)[0] == "Zeile 7, Spalte „Wert“: „12,3x“ ist keine Zahl."
    assert messages_of(refusal)[1].startswith("Zeile 10, Spalte „Zeitraum“: „Sommer“ ist kein Zeitraum.")
    assert [(problem.row, problem.column) for problem in refusal.problems] == [(7, "Wert"), (10, "Zeitraum")]
    assert not Observation.objects.exists() and not ObservationImport.objects.exists()


@pytest.mark.django_db
def test_duplicate_keys_name_both_rows(indicator, office_user, body):
    text = (
        "Zeitraum;AGS;Wert;Geschlecht\n"
        "2022;;1;weiblich\n"
        "2022;;2;männlich\n"
        "2022;;3;Weiblich\n"  # another category: case matters
        "2022;;4;weiblich\n"  # the same as row 2
        f"2023;;5;\n2023;{body.ags};6;insgesamt\n"  # the own area and the total, written two ways
    )
    refusal = refusal_of(indicator, office_user, csv_file(text))
    assert messages_of(refusal) == [
        "Zeile 5: Gleicher Zeitraum, gleiches Gebiet und gleiche Untergliederung wie in Zeile 2.",
        "Zeile 7: Gleicher Zeitraum, gleiches Gebiet und gleiche Untergliederung wie in Zeile 6.",
    ]
    assert not Observation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ags, problem",
    [
        ("123", "„123“ ist kein Amtlicher Gemeindeschlüssel (AGS)"),
        ("051620041", "„051620041“ ist kein Amtlicher Gemeindeschlüssel (AGS)"),
        ("Neuss", "„Neuss“ ist kein Amtlicher Gemeindeschlüssel (AGS)"),
    ],
)
def test_unknown_ags_is_refused(indicator, office_user, ags, problem):
    refusal = refusal_of(indicator, office_user, csv_file(f"Zeitraum;AGS;Wert\n2022;05162;1\n2023;{ags};2\n"))
    assert len(refusal.problems) == 1
    assert messages_of(refusal)[0].startswith(f"Zeile 3, Spalte „AGS“: {problem}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "Die Datei ist keine Tabelle."),
        ("bericht.pdf", b"Zeitraum;Wert\n2024;1\n", "Nur CSV-Dateien und Excel-Dateien (.xlsx) können importiert"),
        ("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Nur CSV-Dateien und Excel-Dateien"),
        ("alt.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "alte Excel-Datei (.xls)"),
        ("kaputt.xlsx", b"PK\x03\x04 not really a zip file", "Die Excel-Datei konnte nicht gelesen werden."),
    ],
)
def test_other_file_types_are_refused_by_content_and_name(indicator, office_user, name, content, problem):
    refusal = refusal_of(indicator, office_user, upload(name, content))
    assert problem in messages_of(refusal)[0]
    assert not ObservationImport.objects.exists()


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_is_refused(indicator, office_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    refusal = refusal_of(indicator, office_user, upload("tabelle.xlsx", buffer.getvalue()))
    assert "OpenDocument" in messages_of(refusal)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "Die Datei ist leer."),
        (b"\xef\xbb\xbf\r\n\r\n", "Die Datei ist leer."),
        (b"Zeitraum;Wert\r\n;\r\n", "Die Datei enthält nur die Kopfzeile und keine Werte."),
    ],
)
def test_empty_file_is_refused(indicator, office_user, content, problem):
    assert messages_of(refusal_of(indicator, office_user, upload("leer.csv", content))) == [problem]


@pytest.mark.django_db
def test_empty_xlsx_is_refused(indicator, office_user):
    refusal = refusal_of(indicator, office_user, upload("leer.xlsx", xlsx_bytes([])))
    assert messages_of(refusal) == ["Die Datei ist leer."]


@pytest.mark.django_db
def test_missing_columns_are_named(indicator, office_user):
    refusal = refusal_of(indicator, office_user, csv_file("Jahr;Anzahl\n2024;3\n"))
    assert messages_of(refusal) == [
        "Zeile 1: Die Spalte „Wert“ (oder „value“) fehlt. Die erste Zeile der Datei muss die Spalten benennen; "
        "sie nennt: „Jahr“, „Anzahl“."
    ]


@pytest.mark.django_db
def test_files_over_the_limits_are_refused(indicator, office_user):
    too_big = upload("gross.csv", b"Zeitraum;Wert\n" + b"2024;1\n" * (imports.MAX_FILE_SIZE // 7 + 1))
    assert messages_of(refusal_of(indicator, office_user, too_big)) == [
        "Die Datei ist größer als 5 MB. Bitte teilen Sie sie in mehrere Dateien auf."
    ]
    rows = "".join(f"{day.isoformat()};1\n" for day in _days(imports.MAX_ROWS + 1))
    too_long = csv_file("Zeitraum;Wert\n" + rows)
    assert messages_of(refusal_of(indicator, office_user, too_long)) == [
        "Die Datei hat mehr als 50.000 Zeilen. Bitte teilen Sie sie in mehrere Dateien auf."
    ]
    assert not ObservationImport.objects.exists()


def _days(count):
    start = date(1950, 1, 1).toordinal()
    return [date.fromordinal(start + offset) for offset in range(count)]


@pytest.mark.django_db
def test_flags_and_yes_no_values_are_checked(indicator, office_user):
    text = "Zeitraum;Wert;Status;gesperrt\n2022;1;vorläufig, geschätzt;ja\n2023;2;endgültig;vielleicht\n2024;3;neu;\n"
    refusal = refusal_of(indicator, office_user, csv_file(text))
    assert messages_of(refusal) == [
        "Zeile 3, Spalte „gesperrt“: „vielleicht“ ist kein Ja-/Nein-Wert. Bitte schreiben Sie „ja“ oder „nein“.",
        "Zeile 4, Spalte „Status“: „neu“ ist kein bekannter Status. Erlaubt sind: vorläufig, geschätzt, gesperrt.",
    ]


@pytest.mark.django_db
def test_secret_values_and_missing_values_are_explained(indicator, office_user):
    refusal = refusal_of(indicator, office_user, csv_file("Zeitraum;Wert\n2022;.\n2023;\n2022-12-31/2022-01-01;1\n"))
    assert messages_of(refusal) == [
        "Zeile 2, Spalte „Wert“: „.“ ist keine Zahl. Eine Zeile ohne Wert (etwa weil er geheim ist) muss entfallen.",
        "Zeile 3, Spalte „Wert“: Der Wert fehlt. Eine Zeile ohne Wert muss entfallen.",
        "Zeile 4, Spalte „Zeitraum“: Der Zeitraum „2022-12-31/2022-01-01“ endet, bevor er beginnt.",
    ]


# --- Numbers and periods -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, german, english",
    [
        ("12,5", D("12.5"), D("12.5")),
        ("12.5", D("12.5"), D("12.5")),
        ("1.234,5", D("1234.5"), D("1234.5")),
        ("1,234.5", D("1234.5"), D("1234.5")),
        ("1 234,5", D("1234.5"), D("1234.5")),
        ("1.234.567", D("1234567"), D("1234567")),
        ("1.234", D("1234"), D("1.234")),  # ambiguous: read in the file's style
        ("-3,5", D("-3.5"), D("-3.5")),
        ("−3,5", D("-3.5"), D("-3.5")),
        ("12,5 %", D("12.5"), D("12.5")),
        ("12,3x", None, None),
        ("1.2.3", None, None),
        ("12,", None, None),
        ("", None, None),
    ],
)
def test_numbers_with_decimal_comma_or_point(text, german, english):
    assert parse_number(text, decimal_comma=True) == german
    assert parse_number(text, decimal_comma=False) == english


@pytest.mark.django_db
def test_ambiguous_values_follow_the_rest_of_the_file(indicator, office_user):
    observations_import(actor=office_user, indicator=indicator, file=csv_file("Zeitraum;Wert\n2022;1.234\n2023;0.5\n"))
    assert sorted(Observation.objects.values_list("value", flat=True)) == [D("0.5"), D("1.234")]
    other = IndicatorFactory(body=indicator.body)
    observations_import(actor=office_user, indicator=other, file=csv_file("Zeitraum;Wert\n2022;1.234\n2023;0,5\n"))
    assert sorted(Observation.objects.filter(indicator=other).values_list("value", flat=True)) == [D("0.5"), D(1234)]


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("31.12.2024", date(2024, 12, 31), date(2024, 12, 31), "31.12.2024"),
        ("2024-12-31", date(2024, 12, 31), date(2024, 12, 31), "31.12.2024"),
        ("06/2007", date(2007, 6, 1), date(2007, 6, 30), "Juni 2007"),
        ("Juni 2007", date(2007, 6, 1), date(2007, 6, 30), "Juni 2007"),
        ("März 2024", date(2024, 3, 1), date(2024, 3, 31), "März 2024"),
        ("February 2024", date(2024, 2, 1), date(2024, 2, 29), "Februar 2024"),
        ("2023-01-01/2023-12-31", date(2023, 1, 1), date(2023, 12, 31), "2023"),
        ("01.01.2023 - 30.06.2023", date(2023, 1, 1), date(2023, 6, 30), "01.01.2023–30.06.2023"),
        ("2. Quartal 2024", date(2024, 4, 1), date(2024, 6, 30), "2. Quartal 2024"),
        ("Q4 2024", date(2024, 10, 1), date(2024, 12, 31), "4. Quartal 2024"),
        ("2020/2024", date(2020, 1, 1), date(2024, 12, 31), "2020–2024"),
    ],
)
def test_periods(text, start, end, label):
    assert imports._parse_period(Cell(text)) == (start, end, label)


@pytest.mark.parametrize("text", ["Sommer", "13/2024", "31.02.2024", "2024-13-01", "1850", "2024/2023x"])
def test_bad_periods(text):
    with pytest.raises(imports._Problem):
        imports._parse_period(Cell(text))


# --- The view ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_page_explains_the_format_and_offers_the_template(client, body, indicator, office_user):
    client.force_login(office_user)
    page = client.get(import_url(body, indicator)).content.decode()
    assert "Messwerte importieren" in page and 'enctype="multipart/form-data"' in page
    assert 'class="kern-form-input__input"' in page and 'type="file"' in page
    template_url = reverse(
        "strategy:observation_import_template", kwargs={"body": body.slug, "indicator": indicator.pk}
    )
    assert template_url in page and template_url.endswith("/import/vorlage.csv")

    response = client.get(template_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == "\ufeffZeitraum;AGS;Wert;Einheit;Status;Quelle;Anmerkung\r\n".encode()


@pytest.mark.django_db
def test_successful_import_redirects_to_the_indicator_with_counts(client, body, indicator, office_user):
    ObservationFactory(indicator=indicator, period_start=date(2022, 1, 1), period_end=date(2022, 12, 31))
    client.force_login(office_user)
    response = client.post(import_url(body, indicator), {"file": fixture_file("observations_good.csv")})

    assert response.status_code == 302
    assert response.url == reverse("strategy:indicator", kwargs={"body": body.slug, "indicator": indicator.pk})
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["5 Werte neu, 1 aktualisiert."]
    assert Observation.objects.filter(indicator=indicator).count() == 6


@pytest.mark.django_db
def test_a_problem_of_the_whole_file_is_shown_at_the_upload_field(client, body, indicator, office_user):
    client.force_login(office_user)
    response = client.post(import_url(body, indicator), {"file": upload("leer.csv", b"\r\n;\r\n")})
    page = response.content.decode()
    assert response.status_code == 200 and not ObservationImport.objects.exists()
    assert 'role="alert"' in page and "Die Datei wurde nicht importiert" in page
    assert '<span class="kern-body">Die Datei ist leer.</span>' in page and 'aria-invalid="true"' in page
    assert "Probleme in der Datei" not in page  # no report table for a problem of the whole file
    # A file of 0 bytes is refused by the form already.
    response = client.post(import_url(body, indicator), {"file": upload("leer.csv", b"")})
    assert "Die übertragene Datei ist leer." in response.content.decode()


@pytest.mark.django_db
def test_reader_may_not_import(client, body, indicator, make_user):
    client.force_login(make_user(body, "reader"))
    assert client.get(import_url(body, indicator)).status_code == 403
    response = client.post(import_url(body, indicator), {"file": fixture_file("observations_good.csv")})
    assert response.status_code == 403
    assert not Observation.objects.exists() and not ObservationImport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "moderator"])
def test_members_and_moderators_may_not_import(client, body, indicator, make_user, role):
    client.force_login(make_user(body, role))
    response = client.post(import_url(body, indicator), {"file": fixture_file("observations_good.csv")})
    assert response.status_code == 403 and not Observation.objects.exists()


@pytest.mark.django_db
def test_integration_centre_may_import(client, body, indicator, make_user):
    client.force_login(make_user(body, "integration_centre"))
    response = client.post(import_url(body, indicator), {"file": fixture_file("observations_good.csv")})
    assert response.status_code == 302 and Observation.objects.count() == 6


@pytest.mark.django_db
def test_another_body_gets_404(client, body, other_body, indicator, make_user):
    stranger = make_user(other_body, "office")
    client.force_login(stranger)
    for url in (
        import_url(body, indicator),
        import_url(other_body, indicator),  # own body in the URL, but the indicator of another
        reverse("strategy:observation_import_template", kwargs={"body": body.slug, "indicator": indicator.pk}),
        reverse("strategy:observation_imports", kwargs={"body": body.slug, "indicator": indicator.pk}),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(import_url(other_body, indicator), {"file": fixture_file("observations_good.csv")})
    assert response.status_code == 404
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, body, indicator):
    response = client.post(import_url(body, indicator), {"file": fixture_file("observations_good.csv")})
    assert response.status_code == 302 and "/login/" in response.url
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_service_refuses_an_actor_without_the_right(indicator, make_user, body):
    reader = make_user(body, "reader")
    with pytest.raises(imports.ApplicationError, match="Sie dürfen für diese Kommune keine Daten importieren"):
        observations_import(actor=reader, indicator=indicator, file=fixture_file("observations_good.csv"))


@pytest.mark.django_db
def test_import_log_shows_who_imported_what_when(
    client, body, indicator, office_user, make_user, django_assert_max_num_queries
):
    for _ in range(3):
        observations_import(actor=office_user, indicator=indicator, file=fixture_file("observations_good.csv"))
    client.force_login(make_user(body, "reader"))  # readers see the log, but get no import link
    url = reverse("strategy:observation_imports", kwargs={"body": body.slug, "indicator": indicator.pk})
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count("observations_good.csv") == 3
    assert office_user.display_name in page
    assert '<td class="kern-table__cell">6</td>' in page and '<td class="kern-table__cell">0</td>' in page
    assert import_url(body, indicator) not in page


@pytest.mark.django_db
def test_posting_without_a_file_asks_for_one(client, body, indicator, office_user):
    client.force_login(office_user)
    response = client.post(import_url(body, indicator), {})
    assert response.status_code == 200 and "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not ObservationImport.objects.exists()
