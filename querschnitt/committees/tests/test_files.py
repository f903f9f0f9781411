"""Files of papers: upload checks by content, publication only with the confirmation, the download with its headers
and conditional requests, confidentiality (404 for the unentitled, every read of a non-public file logged)."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import http_date

from querschnitt.committees import models as m
from querschnitt.committees import services_papers as services
from querschnitt.committees.tests.factories import (
    ConsultationFactory,
    FileFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
)
from querschnitt.core.exceptions import ApplicationError

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def url(name, body, **kwargs):
    return reverse(f"committees:{name}", kwargs={"body": body.slug, **kwargs})


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def office_zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODS = office_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office/>"})


def member_of(organization, make_user):
    user = make_user(organization.body, "member")
    MembershipFactory(organization=organization, person=PersonFactory(body=organization.body, user=user))
    return user


@pytest.fixture
def aci(body):
    return OrganizationFactory(body=body)


@pytest.fixture
def paper(body, aci):
    paper = PaperFactory(body=body, public=False)
    ConsultationFactory(paper=paper, organization=aci)
    return paper


# --- Upload ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_stores_type_checksum_and_a_safe_name(body, office_user, paper):
    file = services.file_create(
        actor=office_user, paper=paper, title="Antrag mit Begründung", upload=upload("../../Bericht März?.pdf", PDF)
    )
    assert file.mime_type == "application/pdf"
    assert file.sha512_checksum == hashlib.sha512(PDF).hexdigest()
    assert file.size == len(PDF)
    assert file.file_name == "Bericht März.pdf"
    assert "/" not in file.file.name.rsplit("committees/files/", 1)[-1].split("/", 1)[-1]
    assert list(paper.auxiliary_files.all()) == [file]
    assert file.public is False  # members only until published

    docx = services.file_create(actor=office_user, paper=paper, title="Vorlage", upload=upload("vorlage.docx", DOCX))
    ods = services.file_create(actor=office_user, paper=paper, title="Tabelle", upload=upload("Haushalt.ods", ODS))
    text = services.file_create(actor=office_user, paper=paper, title="Notiz", upload=upload("notiz", "Grüße".encode()))
    assert docx.mime_type.endswith("wordprocessingml.document")
    assert ods.mime_type == "application/vnd.oasis.opendocument.spreadsheet"
    assert (text.mime_type, text.file_name) == ("text/plain", "notiz.txt")

    main = services.file_create(actor=office_user, paper=paper, title="Vorlage", upload=upload("v.pdf", PDF), main=True)
    paper.refresh_from_db()
    assert paper.main_file == main


@pytest.mark.django_db
def test_wrong_content_is_refused(body, office_user, paper, monkeypatch):
    refusals = [
        ("bild.pdf", PNG, "passt nicht zu ihrer Endung .pdf"),
        ("tabelle.xlsx", DOCX, "passt nicht zu ihrer Endung .xlsx"),
        ("programm.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "Bitte laden Sie"),
        ("kaputt.docx", b"PK\x03\x04 nicht wirklich ein Archiv", "Bitte laden Sie"),
        ("seite.html", b"<html><script>alert(1)</script></html>", "passt nicht zu ihrer Endung .html"),
        ("leer.txt", b"", "leer"),
    ]
    for name, content, message in refusals:
        with pytest.raises(ApplicationError, match=message) as error:
            services.file_create(actor=office_user, paper=paper, title="X", upload=upload(name, content))
        assert error.value.field == "file"
    monkeypatch.setattr(services, "FILE_MAX_BYTES", 10)
    with pytest.raises(ApplicationError, match="größer als 20 MB"):
        services.file_create(actor=office_user, paper=paper, title="X", upload=upload("gross.pdf", PDF))
    assert not m.File.objects.exists()


@pytest.mark.django_db
def test_publishing_needs_the_confirmation(client, body, office_user):
    paper = PaperFactory(body=body, public=True)
    with pytest.raises(ApplicationError, match="keine personenbezogenen Daten Dritter") as error:
        services.file_create(actor=office_user, paper=paper, title="X", upload=upload("a.pdf", PDF), public=True)
    assert error.value.field == "no_third_party_personal_data"
    file = services.file_create(actor=office_user, paper=paper, title="Anlage", upload=upload("a.pdf", PDF))
    with pytest.raises(ApplicationError, match="keine personenbezogenen Daten Dritter"):
        services.file_update(actor=office_user, file=file, public=True)
    file.refresh_from_db()
    assert not file.public

    client.force_login(office_user)
    response = client.post(url("file_edit", body, file=file.pk), {"name": "Anlage", "public": "on"})
    assert response.status_code == 200 and "keine personenbezogenen Daten Dritter enthält" in response.content.decode()
    client.post(
        url("file_edit", body, file=file.pk), {"name": "Anlage", "public": "on", "no_third_party_personal_data": "on"}
    )
    file.refresh_from_db()
    assert file.public and file.no_third_party_personal_data

    # The main document of a public paper is public: it needs the confirmation, too.
    with pytest.raises(ApplicationError):
        services.file_create(actor=office_user, paper=paper, title="H", upload=upload("h.pdf", PDF), main=True)


@pytest.mark.django_db
def test_a_file_of_a_non_public_paper_stays_non_public(body, office_user, paper):
    with pytest.raises(ApplicationError, match="nichtöffentlichen Drucksache"):
        services.file_create(
            actor=office_user,
            paper=paper,
            title="X",
            upload=upload("a.pdf", PDF),
            public=True,
            no_third_party_personal_data=True,
        )
    public_paper = PaperFactory(body=body, public=True)
    file = services.file_create(
        actor=office_user,
        paper=public_paper,
        title="X",
        upload=upload("a.pdf", PDF),
        public=True,
        no_third_party_personal_data=True,
    )
    with pytest.raises(ApplicationError, match="veröffentlichte Dateien"):
        services.paper_update(actor=office_user, paper=public_paper, public=False)
    assert file.public


@pytest.mark.django_db
def test_upload_through_the_page(client, body, office_user, paper):
    client.force_login(office_user)
    response = client.post(
        url("file_create", body, paper=paper.pk), {"title": "Begründung", "file": upload("begruendung.pdf", PDF)}
    )
    assert response.status_code == 302
    file = paper.auxiliary_files.get()
    assert file.name == "Begründung"
    response = client.post(url("file_create", body, paper=paper.pk), {"title": "Bild", "file": upload("x.pdf", PNG)})
    assert "passt nicht zu ihrer Endung" in response.content.decode()


# --- Download ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_headers_and_conditional_requests(client, body, office_user):
    paper = PaperFactory(body=body, public=True)
    file = services.file_create(
        actor=office_user,
        paper=paper,
        title="Antrag",
        upload=upload("Antrag Sprachkurse.pdf", PDF),
        public=True,
        no_third_party_personal_data=True,
    )
    response = client.get(url("file", body, file=file.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert response["ETag"] == f'"{hashlib.sha512(PDF).hexdigest()}"'
    assert response["Last-Modified"] == http_date(file.modified.timestamp())
    assert 'filename="Antrag Sprachkurse.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"

    again = client.get(url("file", body, file=file.pk), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again["ETag"] == response["ETag"] and not again.content
    since = client.get(url("file", body, file=file.pk), headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304
    changed = client.get(url("file", body, file=file.pk), headers={"if-none-match": '"anders"'})
    assert changed.status_code == 200
    assert not m.FileAccess.objects.exists()  # public files are not logged


@pytest.mark.django_db
def test_non_public_file_only_for_the_entitled_and_every_read_logged(client, body, other_body, make_user, aci, paper):
    file = FileFactory(body=body, name="Förderliste")
    paper.auxiliary_files.add(file)
    address = url("file", body, file=file.pk)

    assert client.get(address).status_code == 404
    other_committee = OrganizationFactory(body=body)
    for user in (make_user(other_body, "office"), member_of(other_committee, make_user), make_user(body, "reader")):
        client.force_login(user)
        assert client.get(address).status_code == 404
        assert client.get(url("paper", body, paper=paper.pk)).status_code == 404
    client.force_login(make_user(other_body, "office"))
    assert client.get(url("file", other_body, file=file.pk)).status_code == 404
    assert not m.FileAccess.objects.exists()

    member = member_of(aci, make_user)
    client.force_login(member)
    response = client.get(address)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-cache"
    assert "Förderliste" in client.get(url("paper", body, paper=paper.pk)).content.decode()
    client.get(address, headers={"if-none-match": response["ETag"]})
    office = make_user(body, "office")
    client.force_login(office)
    client.get(address)
    assert [access.user for access in m.FileAccess.objects.order_by("at", "pk")] == [member, member, office]

    log = client.get(url("file_accesses", body)).content.decode()
    assert member.display_name in log and "Förderliste" in log
    client.force_login(member)
    assert client.get(url("file_accesses", body)).status_code == 403


@pytest.mark.django_db
def test_removing_a_file_erases_its_content(client, body, office_user, paper):
    file = services.file_create(actor=office_user, paper=paper, title="Versehen", upload=upload("a.pdf", PDF))
    storage_name = file.file.name
    storage = file.file.storage
    assert storage.exists(storage_name)
    client.force_login(office_user)
    client.post(url("file_delete", body, file=file.pk))
    file.refresh_from_db()
    assert file.deleted and not storage.exists(storage_name)
    assert not paper.auxiliary_files.exists()
    assert client.get(url("file", body, file=file.pk)).status_code == 404


@pytest.mark.django_db
def test_access_log_queries_do_not_grow_with_the_rows(client, body, office_user, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count):
        for _ in range(count):
            m.FileAccess.objects.create(file=FileFactory(body=body), user=make_user(body, "member"))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("file_accesses", body)).status_code == 200
        return len(captured)

    client.force_login(office_user)
    add(2)
    few = queries()
    add(6)
    assert queries() == few
