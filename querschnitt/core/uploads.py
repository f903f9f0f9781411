"""The one check every stored upload passes: size, type by content (never by its name or the browser's claim) and a
safe name. Papers, funding applications and proofs, coaching documents, event files and evidence of measures use
it. Imports of tables (actors, observations, statistics, geodata) are parsed, not stored, and check their own
format; they refuse oversized files before parsing (see docs/security.md)."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError

FILE_MAX_BYTES = 20 * 1024 * 1024
FILE_NAME_MAX_CHARS = 100
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
FILE_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    ODT: (".odt",),
    XLSX: (".xlsx",),
    ODS: (".ods",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt",),
}
DOCUMENT_AND_IMAGE_TYPES = frozenset(FILE_TYPES) - {"text/plain"}
_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _zip_type(upload: Any) -> str | None:
    """An office document is a ZIP archive; its entries tell which kind (read from the directory only)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                declared = archive.read("mimetype").decode("ascii", errors="replace").strip()
                if declared in {ODT, ODS}:
                    return declared
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def _is_text(upload: Any) -> bool:
    data = b"".join(upload.chunks())
    upload.seek(0)
    if _TEXT_CONTROL.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return all(byte >= 0x20 or byte in b"\t\r\n\f" for byte in data)  # a Windows-1252 text
    return True


def detect_mime_type(upload: Any) -> str | None:
    """The type of an upload by its content (never by its name or the browser's claim); None if not allowed."""
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    if _is_text(upload):
        return "text/plain"
    return None


def sanitise_file_name(name: str, extension: str) -> str:
    """A file name safe to store and to offer for download: no path, no control or special characters, no leading
    dot, at most 100 characters before the extension, and the extension of its real type."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w\-. ()]+", "_", stem)
    stem = re.sub(r"_+", "_", re.sub(r"\s+", " ", stem)).strip(" ._-")
    return (stem[:FILE_NAME_MAX_CHARS].rstrip(" ._-") or _("file")) + extension


def check_upload(
    upload: Any,
    *,
    types: Collection[str] | None = None,
    refusal: str | None = None,
    max_bytes: int | None = None,
) -> tuple[str, str]:
    """Refuse an empty, too large or unknown upload, or one whose content does not match its ending; returns the
    content type found in the content and the file's ending (lower case, "" if none). `types` narrows the allowed
    content types (default: all of FILE_TYPES); `refusal` is the message for any other type; `max_bytes` defaults to
    FILE_MAX_BYTES (20 MB, the limit the message names)."""
    if upload is None:
        raise ApplicationError(_("Please choose a file."), field="file")
    if not upload.size:
        raise ApplicationError(_("The file is empty."), field="file")
    if upload.size > (FILE_MAX_BYTES if max_bytes is None else max_bytes):
        raise ApplicationError(_("The file is larger than 20 MB."), field="file")
    refused = ApplicationError(
        refusal or _("Please upload a PDF, Word, Excel, OpenDocument, PNG, JPEG or text file."), field="file"
    )
    mime_type = detect_mime_type(upload)
    if mime_type is None:
        raise refused
    name = str(upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix and suffix not in FILE_TYPES[mime_type]:
        raise ApplicationError(
            _("The content of the file does not match its ending %(suffix)s.") % {"suffix": suffix[:20]},
            field="file",
        )
    if types is not None and mime_type not in types:
        raise refused
    return mime_type, suffix


def safe_upload_name(upload: Any, mime_type: str, suffix: str) -> str:
    """The sanitised name of a checked upload, with the ending of its real type."""
    return sanitise_file_name(str(upload.name or ""), suffix or FILE_TYPES[mime_type][0])
