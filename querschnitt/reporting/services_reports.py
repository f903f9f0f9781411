"""Writes of the report builder: a body's office or integration centre creates a report on a concept of the body,
chooses the period and the sections, writes its texts, builds versions (the snapshot is frozen, the files are built
in the background), publishes and withdraws them. Validate, then act: permission first, then the rules and
`full_clean()`, then save — in one transaction.

`actor` is the user who makes the change (`None`: the system — the demo, a command)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.documents import document_build_start, latest_document_build
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.models import DocumentBuild, DocumentBuildStatus
from querschnitt.strategy.models import Concept, FieldOfAction
from querschnitt.tenancy.models import Body

from .models import Report, ReportSection, ReportText, ReportVersion

EDIT = "reporting.edit_reports"
PUBLISH = "reporting.publish_reports"


def _check(actor: Any, perm: str, body: Body, message: str) -> None:
    if actor is not None and not actor.has_perm(perm, body):
        raise ApplicationError(message)


def _check_may_edit(actor: Any, body: Body) -> None:
    _check(actor, EDIT, body, _("You may not edit the reports of this body."))


def _check_may_publish(actor: Any, body: Body) -> None:
    _check(actor, PUBLISH, body, _("You may not publish the reports of this body."))


def _validated_save(instance: models.Model) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    instance.save()


def _clean_sections(sections: list[str] | None) -> list[str]:
    if sections is None:
        return list(ReportSection.values)
    unknown = [key for key in sections if key not in ReportSection.values]
    if unknown:
        raise ApplicationError(_("Unknown section: %(key)s.") % {"key": ", ".join(unknown)}, field="sections")
    if not sections:
        raise ApplicationError(_("Choose at least one section."), field="sections")
    return [key for key in ReportSection.values if key in sections]


def _check_concept(concept: Concept, body: Body) -> None:
    if concept.body_id != body.pk:
        raise ApplicationError(_("Choose a concept of this body."), field="concept")


def _check_period(period_start: date, period_end: date) -> None:
    if period_start and period_end and period_end < period_start:
        raise ApplicationError(_("The end of the reporting period lies before its start."), field="period_end")


@transaction.atomic
def report_create(
    *,
    actor: Any,
    body: Body,
    concept: Concept,
    title: str,
    period_start: date,
    period_end: date,
    sections: list[str] | None = None,
) -> Report:
    _check_may_edit(actor, body)
    _check_concept(concept, body)
    _check_period(period_start, period_end)
    report = Report(
        body=body,
        concept=concept,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        sections=_clean_sections(sections),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validated_save(report)
    return report


@transaction.atomic
def report_update(
    *,
    actor: Any,
    report: Report,
    title: str | None = None,
    concept: Concept | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    sections: list[str] | None = None,
) -> Report:
    _check_may_edit(actor, report.body)
    if concept is not None:
        _check_concept(concept, report.body)
        if concept.pk != report.concept_id:
            # Texts per field belong to the fields of the old concept.
            report.texts.filter(field__isnull=False).exclude(field__concept=concept).delete()
        report.concept = concept
    if title is not None:
        report.title = title.strip()
    if period_start is not None:
        report.period_start = period_start
    if period_end is not None:
        report.period_end = period_end
    _check_period(report.period_start, report.period_end)
    if sections is not None:
        report.sections = _clean_sections(sections)
    _validated_save(report)
    return report


@transaction.atomic
def report_text_set(
    *, actor: Any, report: Report, section: str, text: str, field: FieldOfAction | None = None
) -> ReportText | None:
    """Set the office's text of a section (or, in the section of the fields, of one field). An empty text removes it."""
    _check_may_edit(actor, report.body)
    if section not in ReportSection.values:
        raise ApplicationError(_("Unknown section: %(key)s.") % {"key": section}, field="section")
    if field is not None:
        if section != ReportSection.FIELDS:
            raise ApplicationError(_("Only the section of the fields of action has texts per field."))
        if field.concept_id != report.concept_id:
            raise ApplicationError(_("Choose a field of action of the report's concept."), field="field")
    existing = (
        ReportText.objects.order_by()
        .select_for_update(of=("self",))
        .filter(report=report, section=section, field=field)
    ).first()
    text = (text or "").strip()
    if not text:
        if existing is not None:
            existing.delete()
        return None
    instance = existing or ReportText(report=report, section=section, field=field)
    instance.text = text
    _validated_save(instance)
    return instance


def version_title(version: ReportVersion) -> str:
    return _("%(title)s (version %(number)s)") % {"title": version.report.title, "number": version.number}


def report_version_build(*, actor: Any, report: Report, note: str = "") -> ReportVersion:
    """Freeze the report's data into the next version and start building its PDF and DOCX in the background."""
    from .report_data import report_data
    from .report_documents import KIND

    _check_may_edit(actor, report.body)
    data = report_data(report)  # outside the transaction: it reads much and renders nothing
    with transaction.atomic():
        locked = Report.objects.order_by().select_for_update(of=("self",)).get(pk=report.pk)
        number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = ReportVersion(
            report=locked,
            number=number,
            data=data,
            note=note.strip()[:500],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _validated_save(version)
    document_build_start(actor=actor, kind=KIND, body=report.body, target=version, title=version_title(version))
    return version


def report_version_rebuild(*, actor: Any, version: ReportVersion) -> DocumentBuild:
    """Build the files of a version again from its snapshot (after a failed build)."""
    from .report_documents import KIND

    _check_may_edit(actor, version.report.body)
    latest = latest_document_build(KIND, version)
    if latest is not None and latest.status == DocumentBuildStatus.DONE:
        # A second build would only leave the first one's files behind, unused (the newest finished build counts).
        raise ApplicationError(_("The files of this version have been generated already."))
    return document_build_start(
        actor=actor, kind=KIND, body=version.report.body, target=version, title=version_title(version)
    )


@transaction.atomic
def report_version_publish(*, actor: Any, version: ReportVersion) -> ReportVersion:
    _check_may_publish(actor, version.report.body)
    if version.published_at is None:
        version.published_at = timezone.now()
        version.published_by = actor if getattr(actor, "is_authenticated", False) else None
        version.save(update_fields=["published_at", "published_by", "modified"])
    return version


@transaction.atomic
def report_version_unpublish(*, actor: Any, version: ReportVersion) -> ReportVersion:
    _check_may_publish(actor, version.report.body)
    if version.published_at is not None:
        version.published_at = None
        version.published_by = None
        version.save(update_fields=["published_at", "published_by", "modified"])
    return version


@transaction.atomic
def report_delete(*, actor: Any, report: Report) -> None:
    """Delete a report with its texts and versions, unless a version is published (withdraw it first)."""
    _check_may_edit(actor, report.body)
    if report.versions.filter(published_at__isnull=False).exists():
        raise ApplicationError(_("A report with a published version cannot be deleted. Withdraw the version first."))
    _delete_builds_of_versions(report, list(report.versions.values_list("pk", flat=True)))
    report.delete()


def _delete_builds_of_versions(report: Report, version_ids: list[int]) -> None:
    """Delete the document builds of the report's versions (they point at their version only loosely, so the
    database does not cascade to them) and, once the deletion has committed, their PDF and DOCX files
    (`core.stored_files`). Must run inside the transaction that deletes the versions: a rollback keeps rows and
    files alike."""
    from .report_documents import KIND

    if not version_ids:
        return
    builds = list(
        DocumentBuild.objects.order_by()
        .select_for_update(of=("self",))  # a build being stored now waits, then finds its row gone
        .filter(
            kind=KIND,
            body_id=report.body_id,
            target_type=ContentType.objects.get_for_model(ReportVersion),
            target_id__in=version_ids,
        )
    )
    DocumentBuild.objects.filter(pk__in=[build.pk for build in builds]).delete()  # files: core.stored_files
