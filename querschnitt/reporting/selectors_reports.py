"""Reads of the report builder: a body's reports with their versions, a report's texts, a version's files."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, QuerySet

from querschnitt.core.models import DocumentBuild
from querschnitt.tenancy.models import Body

from .models import Report, ReportText, ReportVersion
from .report_documents import KIND


def reports_of_body(body: Body) -> QuerySet[Report]:
    """The body's reports with their concept, the number of versions and the newest publication (two queries)."""
    return (
        Report.objects.filter(body=body)
        .select_related("concept")
        .annotate(
            version_count=Count("versions", distinct=True),
            published_count=Count("versions", filter=Q(versions__published_at__isnull=False), distinct=True),
            last_published=Max("versions__published_at"),
        )
        .order_by("-period_end", "-pk")
    )


def report_texts(report: Report) -> tuple[dict[str, ReportText], dict[int, ReportText]]:
    """The report's texts by section and by field of action."""
    by_section: dict[str, ReportText] = {}
    by_field: dict[int, ReportText] = {}
    for text in report.texts.all():
        if text.field_id is None:
            by_section[text.section] = text
        else:
            by_field[text.field_id] = text
    return by_section, by_field


def versions_with_builds(report: Report) -> list[ReportVersion]:
    """The report's versions, newest first, each with its latest document build as `build` (two queries)."""
    versions = list(
        ReportVersion.objects.filter(report=report).select_related("created_by", "published_by").defer("data")
    )
    attach_builds(versions)
    return versions


def attach_builds(versions: list[ReportVersion]) -> None:
    if not versions:
        return
    content_type = ContentType.objects.get_for_model(ReportVersion)
    builds: dict[int, DocumentBuild] = {}
    for build in DocumentBuild.objects.filter(
        kind=KIND, target_type=content_type, target_id__in=[v.pk for v in versions]
    ).order_by("created", "pk"):
        if build.target_id is not None:
            builds[build.target_id] = build  # the newest wins
    for version in versions:
        version.build = builds.get(version.pk)  # type: ignore[attr-defined]


def latest_done_build(version: ReportVersion) -> DocumentBuild | None:
    return (
        DocumentBuild.objects.filter(
            kind=KIND,
            target_type=ContentType.objects.get_for_model(ReportVersion),
            target_id=version.pk,
            status="done",
        )
        .order_by("-created", "-pk")
        .first()
    )


def published_versions_of_body(body: Body) -> QuerySet[ReportVersion]:
    """The published versions of the body's reports, newest first (for the public page)."""
    return (
        ReportVersion.objects.filter(report__body=body, published_at__isnull=False)
        .select_related("report")
        .defer("data")
        .order_by("-published_at", "-pk")
    )
