"""The shared upload check (core/uploads.py): type by content, size, and a safe name, for every stored upload."""

import io
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core import uploads
from querschnitt.core.exceptions import ApplicationError

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")  # the browser's claim counts for nothing


def a_zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programm.exe", b"MZ\x90\x00\x03\x00\x00\x00", "PDF, Word"),
        ("programm.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "PDF, Word"),
        ("archiv.docx", a_zip({"evil.sh": "rm -rf /"}), "PDF, Word"),  # a ZIP, but no office document
        ("bild.pdf", PNG, ".pdf"),
        ("seite.html", b"<html><script>alert(1)</script></html>", ".html"),
        ("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", ".svg"),
        ("leer.txt", b"", "empty"),
    ],
)
def test_wrong_type_or_empty_content_is_refused(name, content, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ApplicationError, match=message) as error:
        uploads.check_upload(upload(name, content))
    assert error.value.field == "file"


def test_the_type_comes_from_the_content_and_the_size_is_limited():
    assert uploads.check_upload(upload("Protokoll.PDF", PDF)) == ("application/pdf", ".pdf")
    assert uploads.check_upload(upload("notiz", "Grüße".encode())) == ("text/plain", "")
    big = upload("gross.pdf", PDF)
    big.size = uploads.FILE_MAX_BYTES + 1
    with pytest.raises(ApplicationError):
        uploads.check_upload(big)
    with pytest.raises(ApplicationError):
        uploads.check_upload(upload("klein.pdf", PDF), max_bytes=4)


def test_a_narrower_set_of_types_refuses_the_others_with_its_own_message():
    with pytest.raises(ApplicationError, match="nur Bilder"):
        uploads.check_upload(upload("notiz.txt", b"Text"), types={"image/png"}, refusal="nur Bilder")
    assert uploads.check_upload(upload("bild.png", PNG), types={"image/png"})[0] == "image/png"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\Bericht 2025.pdf", "Bericht 2025.txt"),
        (".htaccess", "Datei.txt"),
        ("a\x00b\x1fc\x7f.txt", "a_b_c.txt"),
        ("<script>.txt", "script.txt"),
        ("", "Datei.txt"),
    ],
)
def test_names_lose_paths_control_and_special_characters(name, expected):
    from django.utils import translation

    with translation.override("de"):
        result = uploads.sanitise_file_name(name, ".txt")
    assert result == expected


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_every_sanitised_name_is_safe(name):
    result = uploads.sanitise_file_name(name, ".pdf")
    stem = result.removesuffix(".pdf")
    assert result.endswith(".pdf") and stem
    assert len(stem) <= uploads.FILE_NAME_MAX_CHARS
    assert "/" not in result and "\\" not in result and not result.startswith(".")
    assert not any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in result)


@pytest.mark.django_db
def test_evidence_of_a_measure_passes_the_shared_check_and_gets_a_safe_name(body, make_user):
    from querschnitt.strategy import services
    from querschnitt.strategy.tests.factories import MeasureFactory

    ki = make_user(body, "integration_centre")
    measure = MeasureFactory(body=body)
    with pytest.raises(ApplicationError):
        services.evidence_file_create(actor=ki, measure=measure, title="Notiz", upload=upload("notiz.txt", b"Text"))
    with pytest.raises(ApplicationError):
        services.evidence_file_create(actor=ki, measure=measure, title="X", upload=upload("x.docx", a_zip({"a": "b"})))
    evidence = services.evidence_file_create(
        actor=ki, measure=measure, title="Bericht", upload=upload("../../Bericht\x00 2025.pdf", PDF)
    )
    stored = evidence.file.name.rsplit("/", 1)[-1]
    assert stored.startswith("Bericht") and stored.endswith(".pdf") and "\x00" not in stored and ".." not in stored
