"""Generated documents: PDF through Typst, DOCX through python-docx, built in the background with visible progress.

A higher app registers a builder for a kind of document (`register_document_builder`) from its `AppConfig.ready()`.
`document_build_start` records a `DocumentBuild` and enqueues `run_document_build` (django-tasks); the task calls
the builder, which reports its progress and returns the finished files. Only when every file is ready are they
stored and the build marked done; a builder that raises leaves a failed build with a German message and no file.

PDF: `render_pdf` compiles a Typst source with its data passed as JSON (`sys.inputs.data`, read in Typst with
`json(bytes(sys.inputs.data))`), so no text of ours is ever parsed as Typst markup. Fonts are the ones embedded in
the `typst` package (Libertinus Serif, New Computer Modern, DejaVu Sans Mono); system fonts are ignored so that the
output is the same on every machine and nothing is loaded at runtime. The PDF is tagged and conforms to PDF/UA-1;
the document's language comes from `set text(lang: "de", region: "de")` in the source.

DOCX: `DocxWriter` writes real heading styles, tables with repeated header rows, German as the language of every
run (w:lang de-DE and the core property) and automatic hyphenation.

Both take any text: `typst_safe` reduces it to what the embedded fonts can show (Typst refuses a PDF/UA document with
a character it cannot display, e.g. an emoji), `xml_safe` drops what XML cannot hold (e.g. a vertical tab from Word).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from io import BytesIO
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task

from .exceptions import ApplicationError
from .models import DocumentBuild, DocumentBuildStatus

logger = logging.getLogger(__name__)

DOCUMENT_LANGUAGE = "de"
PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# --- German typography -----------------------------------------------------------------------------------------------

_STRAIGHT_QUOTES = re.compile(r'"([^"\n]*)"')


def german_quotes(text: str) -> str:
    """Straight double quotes as German quotation marks: "so" → „so“. Text typed with „…“ stays as it is."""
    return _STRAIGHT_QUOTES.sub("„\\1“", text)


def typographic(value: Any) -> Any:
    """`german_quotes` applied to every string in nested lists and dicts (the data of a document)."""
    if isinstance(value, str):
        return german_quotes(value)
    if isinstance(value, list | tuple):
        return [typographic(item) for item in value]
    if isinstance(value, dict):
        return {key: typographic(item) for key, item in value.items()}
    return value


# --- PDF through Typst -----------------------------------------------------------------------------------------------


def _typst_char(char: str) -> str:
    if char in "\t\n\r":
        return char
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Cn") or char in "\ufffe\uffff":
        return ""  # control characters and non-characters: nothing to show
    if ord(char) > 0xFFFF or (unicodedata.east_asian_width(char) in ("W", "F", "H") and category != "So"):
        return "\ufffd"  # emoji and East Asian scripts: the embedded fonts have no glyphs for them
    return char


def typst_safe(value: Any) -> Any:
    """`value` with every string reduced to what the embedded fonts can show. Typst refuses a tagged PDF (PDF/UA-1)
    with a character it cannot display, so one emoji or control character in a text would stop the whole build."""
    if isinstance(value, str):
        if value.isascii() and value.isprintable():
            return value
        return "".join(_typst_char(char) for char in value)
    if isinstance(value, list | tuple):
        return [typst_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: typst_safe(item) for key, item in value.items()}
    return value


# Characters XML (and so a DOCX file) cannot hold: control characters other than tab and line breaks, and the
# non-characters U+FFFE/U+FFFF. Texts pasted from other programs can carry them (e.g. a vertical tab from Word).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value: Any) -> Any:
    """`value` with every string freed of characters XML cannot hold (nested lists and dicts included)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return [xml_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value


def render_pdf(source: str, *, data: dict[str, Any]) -> bytes:
    """Compile a Typst source to a tagged PDF/UA-1 document. `data` reaches the source as `sys.inputs.data` (JSON).

    The source must set `document(title: …)` (PDF/UA needs a title) and `text(lang: "de", region: "de")`.
    Raises ApplicationError with a German message if Typst refuses the source.
    """
    import typst

    try:
        pdf = typst.compile(
            source.encode("utf-8"),
            sys_inputs={"data": json.dumps(typst_safe(data), ensure_ascii=False, default=str)},
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
            timestamp=int(timezone.now().timestamp()),
        )
    except typst.TypstError as error:
        logger.error("Typst refused the document: %s %s", error.message, getattr(error, "diagnostic", ""))
        raise ApplicationError(_("The PDF could not be typeset: %(reason)s") % {"reason": error.message}) from error
    assert isinstance(pdf, bytes)
    return pdf


# --- DOCX through python-docx ----------------------------------------------------------------------------------------


class DocxWriter:
    """A Word document with German as its language, real heading styles and tables with header rows."""

    def __init__(self, *, title: str, author: str = "Querschnitt", subject: str = "") -> None:
        from docx import Document
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._qn, self._element = qn, OxmlElement
        self.document = Document()
        properties = self.document.core_properties
        properties.title = title
        properties.author = author
        properties.subject = subject
        properties.language = "de-DE"
        self._set_language("de-DE")
        self._hyphenate()

    def _set_language(self, language: str) -> None:
        """w:lang in the document defaults and in every style that sets its own run properties."""
        qn, element = self._qn, self._element
        styles = self.document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = element("w:docDefaults")
            styles.insert(0, defaults)
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is None:
            run_defaults = element("w:rPrDefault")
            defaults.insert(0, run_defaults)
        run_properties = run_defaults.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = element("w:rPr")
            run_defaults.append(run_properties)
        holders = [run_properties]
        holders += [rpr for style in styles.findall(qn("w:style")) for rpr in style.findall(qn("w:rPr"))]
        for holder in holders:
            lang = holder.find(qn("w:lang"))
            if lang is None:
                lang = element("w:lang")
                holder.append(lang)
            lang.set(qn("w:val"), language)
            lang.set(qn("w:eastAsia"), language)
            lang.set(qn("w:bidi"), "ar-SA")

    def _hyphenate(self) -> None:
        qn, element = self._qn, self._element
        doc_settings = self.document.settings.element
        if doc_settings.find(qn("w:autoHyphenation")) is None:
            hyphenation = element("w:autoHyphenation")
            hyphenation.set(qn("w:val"), "true")
            doc_settings.append(hyphenation)

    def title(self, text: str) -> None:
        self.document.add_heading(xml_safe(text), level=0)

    def heading(self, text: str, level: int) -> None:
        self.document.add_heading(xml_safe(text), level=level)

    def paragraph(self, text: str = "", *, bold_prefix: str = "", style: str | None = None) -> None:
        paragraph = self.document.add_paragraph(style=style)
        if bold_prefix:
            paragraph.add_run(xml_safe(bold_prefix)).bold = True
        if text:
            paragraph.add_run(xml_safe(text))

    def bullets(self, items: Iterable[str], *, numbered: bool = False) -> None:
        style = "List Number" if numbered else "List Bullet"
        for item in items:
            self.document.add_paragraph(xml_safe(item), style=style)

    def table(self, header: Sequence[str], rows: Iterable[Sequence[Any]], *, caption: str = "") -> None:
        """A table whose first row is a header row (repeated on each page, read as headers by screen readers)."""
        qn, element = self._qn, self._element
        if caption:
            self.document.add_paragraph(xml_safe(caption), style="Caption")
        rows = [list(row) for row in rows]
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        header_row = table.rows[0]
        row_properties = header_row._tr.get_or_add_trPr()
        repeat = element("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row_properties.append(repeat)
        for cell, text in zip(header_row.cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(xml_safe(str(text))).bold = True
        for table_row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(table_row.cells, values, strict=True):
                cell.text = "" if value is None else xml_safe(str(value))
        self.document.add_paragraph()

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# --- Builders --------------------------------------------------------------------------------------------------------

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class BuiltDocument:
    """What a builder returns: the finished files (either may be None if the kind offers only one format)."""

    pdf: bytes | None
    docx: bytes | None


@dataclass(frozen=True)
class DocumentBuilder:
    """A kind of document. `build(document_build, progress)` makes the files; `may_view(user, document_build)`
    answers whether the user may see the build and download its files (the user may see the target)."""

    kind: str
    build: Callable[[DocumentBuild, Progress], BuiltDocument]
    may_view: Callable[[Any, DocumentBuild], bool]


_builders: dict[str, DocumentBuilder] = {}
_discovered = False


def register_document_builder(builder: DocumentBuilder) -> None:
    _builders[builder.kind] = builder


def _discover() -> None:
    """Import every app's `documentation` module, which registers its builders. Runs once, also in a background
    worker that never loads the URLs (the same convention as the apps' `demo` modules)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        if config.name.startswith("querschnitt.") and find_spec(f"{config.name}.documentation"):
            import_module(f"{config.name}.documentation")


def document_builder(kind: str) -> DocumentBuilder | None:
    _discover()
    return _builders.get(kind)


def may_view_document_build(user: Any, document_build: DocumentBuild) -> bool:
    """Only users the builder lets see the target; an unknown kind is seen by nobody."""
    builder = document_builder(document_build.kind)
    return bool(user.is_authenticated and builder is not None and builder.may_view(user, document_build))


def document_target(document_build: DocumentBuild) -> Any:
    """The object the document is about, or None if it has gone."""
    if document_build.target_type_id is None or document_build.target_id is None:
        return None
    target_type = document_build.target_type
    model = target_type.model_class() if target_type is not None else None
    if model is None:
        return None
    return model._default_manager.filter(pk=document_build.target_id).first()


def latest_document_build(kind: str, target: models.Model) -> DocumentBuild | None:
    return (
        DocumentBuild.objects.filter(
            kind=kind, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )
        .order_by("-created", "-pk")
        .first()
    )


def file_name(document_build: DocumentBuild, extension: str) -> str:
    """A German file name from the title: „Workshopdokumentation – Integrationsworkshop 2010-2011.pdf“."""
    stem = re.sub(r'[\\/:*?"<>|\r\n\t]+', "-", document_build.title).strip(" .-") or "Dokument"
    return f"{stem[:150]}.{extension}"


# --- Services --------------------------------------------------------------------------------------------------------


def document_build_start(*, actor: Any, kind: str, body: Any, target: models.Model, title: str) -> DocumentBuild:
    """Record a build of `kind` about `target` and put it into the queue. The caller has checked the permission.

    If a build of the same document is still queued or running, that one is returned instead of a second one.
    """
    builder = document_builder(kind)
    if builder is None:
        raise ApplicationError(_("This kind of document cannot be generated."))
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        running = (
            DocumentBuild.objects.select_for_update()
            .filter(
                kind=kind,
                target_type=content_type,
                target_id=target.pk,
                status__in=[DocumentBuildStatus.QUEUED, DocumentBuildStatus.RUNNING],
            )
            .first()
        )
        if running is not None:
            return running
        document_build = DocumentBuild(
            kind=kind,
            body=body,
            target_type=content_type,
            target_id=target.pk,
            title=title[:300],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            step=_("Waiting for its turn"),
        )
        document_build.full_clean()
        document_build.save()
    try:
        result = run_document_build.enqueue(document_build.pk)
    except Exception:
        logger.exception("Could not enqueue document build %s", document_build.pk)
        _fail(document_build.pk, _("The document could not be put into the queue. Please try again."))
    else:
        DocumentBuild.objects.filter(pk=document_build.pk, task_id="").update(task_id=str(result.id)[:64])
    document_build.refresh_from_db()
    return document_build


def _progress_reporter(build_id: int) -> Progress:
    def report(percent: int, step: str) -> None:
        DocumentBuild.objects.filter(pk=build_id).update(
            progress=max(0, min(99, int(percent))), step=str(step)[:200], modified=timezone.now()
        )

    return report


def _fail(build_id: int, message: str) -> None:
    DocumentBuild.objects.filter(pk=build_id).update(
        status=DocumentBuildStatus.FAILED,
        error=message,
        step=_("Failed"),
        finished_at=timezone.now(),
        modified=timezone.now(),
    )


def document_build_run(*, build_id: int) -> None:
    """Run a queued build: call its builder, then store all files at once and mark it done (or failed)."""
    with translation.override(DOCUMENT_LANGUAGE):
        claimed = DocumentBuild.objects.filter(pk=build_id, status=DocumentBuildStatus.QUEUED).update(
            status=DocumentBuildStatus.RUNNING,
            progress=1,
            step=_("Started"),
            started_at=timezone.now(),
            modified=timezone.now(),
        )
        if not claimed:
            return  # gone, or already taken by another worker
        document_build = DocumentBuild.objects.select_related("body", "target_type").get(pk=build_id)
        builder = document_builder(document_build.kind)
        if builder is None:
            _fail(build_id, _("This kind of document cannot be generated."))
            return
        try:
            # No transaction around the builder: its progress must be visible to the page while it works.
            built = builder.build(document_build, _progress_reporter(build_id))
        except ApplicationError as error:
            _fail(build_id, str(error.message))
            return
        except Exception:
            logger.exception("Document build %s (%s) failed", build_id, document_build.kind)
            _fail(
                build_id,
                _(
                    "The document could not be generated because of an internal error. Please try again later; "
                    "if it fails again, tell the operators of this instance."
                ),
            )
            return
        _store(document_build, built)


def _store(document_build: DocumentBuild, built: BuiltDocument) -> None:
    """Write the files, then mark the build done; if writing fails, remove what was written."""
    saved: list[Any] = []  # the FieldFiles written so far
    try:
        for field, content, extension in (("pdf", built.pdf, "pdf"), ("docx", built.docx, "docx")):
            if content is None:
                continue
            field_file = getattr(document_build, field)
            name = get_valid_filename(f"{document_build.kind.rsplit('.', 1)[-1]}-{document_build.pk}.{extension}")
            field_file.save(name, ContentFile(content), save=False)
            saved.append(field_file)
        if not saved:
            raise ApplicationError(_("The builder did not produce any file."))
        document_build.status = DocumentBuildStatus.DONE
        document_build.progress = 100
        document_build.step = _("Done")
        document_build.error = ""
        document_build.finished_at = timezone.now()
        document_build.save(
            update_fields=["pdf", "docx", "status", "progress", "step", "error", "finished_at", "modified"]
        )
    except Exception as error:
        for field_file in saved:
            field_file.delete(save=False)
        logger.exception("Storing document build %s failed", document_build.pk)
        message = error.message if isinstance(error, ApplicationError) else _("The files could not be stored.")
        _fail(document_build.pk, str(message))


@task()
def run_document_build(build_id: int) -> None:
    """The background task: django-tasks calls it with the id of a queued DocumentBuild."""
    document_build_run(build_id=build_id)
