"""Import of actors (CSV and XLSX, validated, all or nothing, idempotent) and export of the filtered list."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from querschnitt.core.exceptions import ApplicationError
from querschnitt.network import exports, imports
from querschnitt.network import models as m
from querschnitt.network.tests.factories import ActorFactory, ActorKindFactory
from querschnitt.tenancy.models import Role

HEADER = "Name;Kurzname;Art;Straße;PLZ;Ort;Website;E-Mail;Telefon;Beschreibung"
GOOD = "\n".join(
    [
        HEADER,
        "Kreissportbund Rhein-Kreis Neuss;KSB;Sportverein/Kreissportbund;;;;www.example.org;;;Sport für alle",
        "Industrie- und Handelskammer;IHK;unternehmen/ihk/handwerkskammer;;;;;info@example.org;+49 2131 0000-0;",
        "Integrationsbüro Dormagen;;Verwaltung/Amt;Paul-Wierich-Platz 1;41539;Dormagen;;;;",
    ]
)


def kind(name):
    return m.ActorKind.objects.get(body=None, name=name)


@pytest.mark.django_db
def test_a_good_csv_file_is_imported_and_importing_it_again_changes_nothing(body, office_user):
    result = imports.actors_import(actor=office_user, body=body, file=GOOD.encode(), file_name="akteure.csv")
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    ihk = m.Actor.objects.get(body=body, short_name="IHK")
    assert ihk.kind == kind("Unternehmen/IHK/Handwerkskammer") and ihk.phone == "+49 2131 0000-0"
    assert m.Actor.objects.get(short_name="KSB").website == "https://www.example.org"

    again = imports.actors_import(actor=office_user, body=body, file=GOOD.encode(), file_name="akteure.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert m.Actor.objects.filter(body=body).count() == 3

    changed = GOOD.replace("41539;Dormagen", "41539;Dormagen-Mitte")
    result = imports.actors_import(actor=office_user, body=body, file=changed.encode(), file_name="akteure.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert m.Actor.objects.get(name="Integrationsbüro Dormagen").city == "Dormagen-Mitte"


@pytest.mark.django_db
def test_nothing_is_written_unless_every_row_passes(body, office_user):
    bad = "\n".join(
        [
            HEADER,
            "Kreissportbund;;Sportverein/Kreissportbund;;;;;;;",
            ";;Wohlfahrtsverband;;;;;;;",
            "Verein X;;Xyz;;;;;;;",
            "Verein Y;;Initiative;;;;;keine-mail;;",
            "kreissportbund;;Initiative;;;;;;;",
        ]
    )
    with pytest.raises(imports.ImportRefused) as refusal:
        imports.actors_import(actor=office_user, body=body, file=bad.encode("utf-8"), file_name="a.csv")
    messages = [str(problem) for problem in refusal.value.problems]
    assert messages == [
        "Zeile 3: Der Name fehlt.",
        "Zeile 4: Die Art „Xyz“ ist unbekannt.",
        "Zeile 5: „keine-mail“ ist keine E-Mail-Adresse.",
        "Zeile 6: Der Name „kreissportbund“ steht schon in Zeile 2.",
    ]
    assert "4 Probleme" in str(refusal.value.message) and "nichts gespeichert" in str(refusal.value.message)
    assert not m.Actor.objects.exists()


@pytest.mark.django_db
def test_unknown_and_missing_columns_are_named(body, office_user):
    with pytest.raises(imports.ImportRefused) as refusal:
        imports.actors_import(actor=office_user, body=body, file=b"Name,Farbe\nA,rot\n", file_name="a.csv")
    messages = [str(problem) for problem in refusal.value.problems]
    assert messages[0].startswith("Die Spalte „Farbe“ ist unbekannt.")
    assert messages[1] == "Die Spalte „Art“ fehlt."


@pytest.mark.django_db
def test_comma_separated_windows_file_and_the_bodys_own_kinds(body, other_body, office_user):
    ActorKindFactory(body=body, name="Elterninitiative")
    ActorKindFactory(body=other_body, name="Fremde Art")
    data = "Name,Art,Ort\nElternverein Kaarst,Elterninitiative,Kaarst\nVerein,Fremde Art,Neuss\n".encode("cp1252")
    with pytest.raises(imports.ImportRefused) as refusal:
        imports.actors_import(actor=office_user, body=body, file=data, file_name="a.csv")
    assert [str(problem) for problem in refusal.value.problems] == ["Zeile 3: Die Art „Fremde Art“ ist unbekannt."]
    data = "Name,Art,Ort\nElternverein Kaarst,Elterninitiative,Kaarst\n".encode("cp1252")
    imports.actors_import(actor=office_user, body=body, file=data, file_name="a.csv")
    assert m.Actor.objects.get(body=body).kind.name == "Elterninitiative"


@pytest.mark.django_db
def test_an_xlsx_file_is_imported(body, office_user):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Art", "PLZ", "Telefon"])
    sheet.append(["Jobcenter", "Agentur für Arbeit/Jobcenter", 41460, None])
    sheet.append(["Arbeitskreis Integration", "Initiative", None, "02131 1234"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = imports.actors_import(actor=office_user, body=body, file=buffer.getvalue(), file_name="akteure.xlsx")
    assert result.created == 2
    assert m.Actor.objects.get(name="Jobcenter").postcode == "41460"


@pytest.mark.django_db
def test_only_editors_import_and_broken_files_are_refused(body, make_user):
    reader = make_user(body, Role.READER)
    with pytest.raises(ApplicationError):
        imports.actors_import(actor=reader, body=body, file=GOOD.encode(), file_name="a.csv")
    ki = make_user(body, Role.INTEGRATION_CENTRE)
    for data, name, text in (
        (b"", "a.csv", "leer"),
        (b"PK\x03\x04kaputt", "a.xlsx", "beschädigt"),
        (b"\xd0\xcf\x11\xe0alt", "a.xls", "CSV-Dateien"),
        (HEADER.encode(), "a.csv", "nur die Kopfzeile"),
    ):
        with pytest.raises(imports.ImportRefused) as refusal:
            imports.actors_import(actor=ki, body=body, file=data, file_name=name)
        assert text in " ".join(problem.message for problem in refusal.value.problems)
    assert not m.Actor.objects.exists()


@pytest.mark.django_db
def test_export_has_the_import_columns_and_round_trips(body, other_body, office_user):
    ActorFactory(body=body, name='=HYPERLINK("http://böse")', kind=kind("Initiative"), phone="+49 2131 0000")
    ActorFactory(body=body, name="Kreissportbund", short_name="KSB", kind=kind("Sportverein/Kreissportbund"))
    ActorFactory(body=body, name="Inaktiv", kind=kind("Sonstige"), active=False)
    actors = m.Actor.objects.filter(body=body, active=True).select_related("kind")

    csv_bytes = exports.actors_csv(actors)
    text = csv_bytes.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER
    assert "'=HYPERLINK" in text and ";+49 2131 0000;" in text and "Inaktiv" not in text

    xlsx = exports.actors_xlsx(actors)
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [cell.value for cell in sheet[1]] == HEADER.split(";")
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")

    for data, name in ((csv_bytes, "export.csv"), (xlsx, "export.xlsx")):
        imports.actors_import(actor=None, body=other_body, file=data, file_name=name)
    copied = m.Actor.objects.filter(body=other_body).order_by("name")
    assert [(a.name, a.short_name, a.kind.name) for a in copied] == [
        (a.name, a.short_name, a.kind.name) for a in actors.order_by("name")
    ]


@pytest.mark.django_db
def test_export_views_follow_the_filter(client, body, make_user):
    ActorFactory(body=body, name="Kreissportbund", kind=kind("Sportverein/Kreissportbund"))
    ActorFactory(body=body, name="IHK", kind=kind("Unternehmen/IHK/Handwerkskammer"))
    client.force_login(make_user(body, Role.READER))
    sport = kind("Sportverein/Kreissportbund").pk
    url = reverse("network:actors_export_csv", kwargs={"body": body.slug})
    response = client.get(url, {"art": sport})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8-sig")
    assert "Kreissportbund" in content and "IHK" not in content
    response = client.get(reverse("network:actors_export_xlsx", kwargs={"body": body.slug}), {"suche": "ihk"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["IHK"]


@pytest.mark.django_db
def test_import_page_reports_every_row_and_then_imports(client, body, make_user):
    client.force_login(make_user(body, Role.INTEGRATION_CENTRE))
    url = reverse("network:actors_import", kwargs={"body": body.slug})
    bad = io.BytesIO(f"{HEADER}\nVerein X;;Xyz;;;;;;;\n".encode())
    bad.name = "akteure.csv"
    page = client.post(url, {"file": bad}).content.decode()
    assert "Zeile 2: Die Art „Xyz“ ist unbekannt." in page and "nichts gespeichert" in page
    assert not m.Actor.objects.exists()
    good = io.BytesIO(GOOD.encode())
    good.name = "akteure.csv"
    response = client.post(url, {"file": good}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("network:actors", kwargs={"body": body.slug})
    assert "3 neue Akteure" in response.content.decode()
    assert m.Actor.objects.filter(body=body).count() == 3
