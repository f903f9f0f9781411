"""Views of the report builder: a body's reports, a report with its sections, texts and versions, a version's web
page with publishing, and the public page of a published version with its files. Thin: fetch through the access
helpers, call one service, render.

Reading needs `reporting.view_reports` (everyone working in the body, state staff); writing `reporting.edit_reports`,
publishing `reporting.publish_reports` (office and integration centre). A published version's page and files are
for everyone (`access_published_version`)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.pages import form_page
from querschnitt.core.views_documents import document_file_response
from querschnitt.strategy.models import FieldOfAction
from querschnitt.tenancy.access import access_body
from querschnitt.tenancy.models import Body

from . import forms_reports as forms
from . import selectors_reports as selectors
from . import services_reports as services
from .access import access_published_version, access_reporting_object
from .charts import Chart
from .models import Report, ReportSection, ReportVersion

VIEW = "reporting.view_reports"
EDIT = "reporting.edit_reports"
PUBLISH = "reporting.publish_reports"


def _body_for_readers(request: HttpRequest, slug: str) -> Body:
    body = access_body(slug)
    if not request.user.has_perm(VIEW, body):
        raise Http404
    return body


def _require(request: HttpRequest, perm: str, body: Body) -> None:
    if not request.user.has_perm(perm, body):
        raise PermissionDenied


def _report(request: HttpRequest, slug: str, pk: int) -> tuple[Body, Report]:
    body = access_body(slug)
    report = access_reporting_object(request.user, body, Report, pk, select_related=("concept", "body"))
    return body, report


def _version(request: HttpRequest, slug: str, pk: int) -> tuple[Body, ReportVersion]:
    body = access_body(slug)
    version = access_reporting_object(
        request.user, body, ReportVersion, pk, select_related=("report", "report__concept", "published_by")
    )
    return body, version


def report_url(report: Report) -> str:
    return reverse("reports:report", kwargs={"body": report.body.slug, "report": report.pk})


def version_url(version: ReportVersion) -> str:
    return reverse("reports:version", kwargs={"body": version.report.body.slug, "reportversion": version.pk})


def public_url(version: ReportVersion) -> str:
    return reverse("reports:public_version", kwargs={"body": version.report.body.slug, "reportversion": version.pk})


# --- Reports ------------------------------------------------------------------------------------------------------


@require_safe
@login_required
def reports(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = _body_for_readers(request, body)
    return render(
        request,
        "reporting/reports/list.html",
        {
            "body": body_obj,
            "reports": selectors.reports_of_body(body_obj),
            "can_edit": request.user.has_perm(EDIT, body_obj),
        },
    )


@login_required
def report_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = _body_for_readers(request, body)
    _require(request, EDIT, body_obj)
    form = forms.ReportForm(request.POST or None, body=body_obj)
    if request.method != "POST":
        concept = form.fields["concept"].queryset.filter(status="adopted").first()  # type: ignore[attr-defined]
        if concept is not None:
            form.initial["concept"] = concept.pk

    def act(data: dict[str, Any]) -> Report:
        return services.report_create(actor=request.user, body=body_obj, **data)

    return form_page(
        request,
        form=form,
        template="reporting/reports/form.html",
        context={
            "body": body_obj,
            "heading": _("New report"),
            "back": reverse("reports:reports", args=[body_obj.slug]),
        },
        act=act,
        success=_("The report has been created. Write its texts and build a version."),
        next_url=report_url,
    )


@login_required
def report_edit(request: HttpRequest, body: str, report: int) -> HttpResponse:
    body_obj, report_obj = _report(request, body, report)
    _require(request, EDIT, body_obj)
    initial = {
        "title": report_obj.title,
        "concept": report_obj.concept_id,
        "period_start": report_obj.period_start,
        "period_end": report_obj.period_end,
        "sections": report_obj.sections,
    }
    form = forms.ReportForm(request.POST or None, body=body_obj, initial=initial)

    def act(data: dict[str, Any]) -> Report:
        return services.report_update(actor=request.user, report=report_obj, **data)

    return form_page(
        request,
        form=form,
        template="reporting/reports/form.html",
        context={"body": body_obj, "report": report_obj, "heading": _("Edit report"), "back": report_url(report_obj)},
        act=act,
        success=_("The report has been saved."),
        next_url=report_url,
    )


@require_POST
@login_required
def report_delete(request: HttpRequest, body: str, report: int) -> HttpResponse:
    body_obj, report_obj = _report(request, body, report)
    _require(request, EDIT, body_obj)
    try:
        services.report_delete(actor=request.user, report=report_obj)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(report_url(report_obj))
    messages.success(request, _("The report has been deleted."))
    return redirect("reports:reports", body=body_obj.slug)


def _section_rows(report: Report) -> list[dict[str, Any]]:
    """The sections with their texts and, for the fields, one text per field of action."""
    by_section, by_field = selectors.report_texts(report)
    fields = list(FieldOfAction.objects.filter(concept_id=report.concept_id).order_by("order", "pk"))
    rows = []
    for key, label in ReportSection.choices:
        rows.append(
            {
                "key": key,
                "label": label,
                "included": key in (report.sections or []),
                "text": by_section[key].text if key in by_section else "",
                "fields": (
                    [{"field": fld, "text": by_field[fld.pk].text if fld.pk in by_field else ""} for fld in fields]
                    if key == ReportSection.FIELDS
                    else []
                ),
            }
        )
    return rows


@require_safe
@login_required
def report_detail(request: HttpRequest, body: str, report: int) -> HttpResponse:
    body_obj, report_obj = _report(request, body, report)
    report_obj = Report.objects.select_related("body", "concept").prefetch_related("texts").get(pk=report_obj.pk)
    return render(
        request,
        "reporting/reports/detail.html",
        {
            "body": body_obj,
            "report": report_obj,
            "sections": _section_rows(report_obj),
            "versions": selectors.versions_with_builds(report_obj),
            "version_form": forms.VersionForm(),
            "can_edit": request.user.has_perm(EDIT, body_obj),
            "can_publish": request.user.has_perm(PUBLISH, body_obj),
        },
    )


@require_POST
@login_required
def report_text_edit(request: HttpRequest, body: str, report: int) -> HttpResponse:
    body_obj, report_obj = _report(request, body, report)
    _require(request, EDIT, body_obj)
    form = forms.ReportTextForm(request.POST)
    anchor = ""
    if form.is_valid():
        field = None
        if form.cleaned_data["field"]:
            field = FieldOfAction.objects.filter(
                pk=form.cleaned_data["field"], concept_id=report_obj.concept_id
            ).first()
            if field is None:
                raise Http404
        anchor = f"#text-{form.cleaned_data['section']}" + (f"-{field.pk}" if field else "")
        try:
            services.report_text_set(
                actor=request.user,
                report=report_obj,
                section=form.cleaned_data["section"],
                field=field,
                text=form.cleaned_data["text"],
            )
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The text has been saved."))
    else:
        messages.error(request, _("The text could not be saved: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect(report_url(report_obj) + anchor)


@require_POST
@login_required
def version_build(request: HttpRequest, body: str, report: int) -> HttpResponse:
    body_obj, report_obj = _report(request, body, report)
    _require(request, EDIT, body_obj)
    form = forms.VersionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        version = services.report_version_build(actor=request.user, report=report_obj, note=note)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Version %(number)s has been built; its PDF and Word files are being generated.")
            % {"number": version.number},
        )
    return redirect(report_url(report_obj) + "#versionen")


# --- Versions -----------------------------------------------------------------------------------------------------


def _with_svgs(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with each chart's SVG, for the web page (rendered from the frozen spec; cached per process)."""
    data = copy.deepcopy(data)
    for section in data.get("sections", []):
        for fld in section.get("fields", []):
            for indicator in fld.get("indicators", []):
                for chart in indicator.get("charts", []) + ([indicator["map"]] if indicator.get("map") else []):
                    chart["svg"] = Chart.from_dict({k: v for k, v in chart.items() if k != "svg"}).svg()
    return data


@require_safe
@login_required
def version_detail(request: HttpRequest, body: str, reportversion: int) -> HttpResponse:
    body_obj, version = _version(request, body, reportversion)
    selectors.attach_builds([version])
    return render(
        request,
        "reporting/reports/version.html",
        {
            "body": body_obj,
            "version": version,
            "report": version.report,
            "data": _with_svgs(version.data),
            "build": version.build,  # type: ignore[attr-defined]
            "can_edit": request.user.has_perm(EDIT, body_obj),
            "can_publish": request.user.has_perm(PUBLISH, body_obj),
        },
    )


@require_POST
@login_required
def version_publish(request: HttpRequest, body: str, reportversion: int) -> HttpResponse:
    body_obj, version = _version(request, body, reportversion)
    _require(request, PUBLISH, body_obj)
    try:
        services.report_version_publish(actor=request.user, version=version)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The version has been published. Everyone can read it now."))
    return redirect(version_url(version))


@require_POST
@login_required
def version_unpublish(request: HttpRequest, body: str, reportversion: int) -> HttpResponse:
    body_obj, version = _version(request, body, reportversion)
    _require(request, PUBLISH, body_obj)
    try:
        services.report_version_unpublish(actor=request.user, version=version)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The version has been withdrawn. It is no longer public."))
    return redirect(version_url(version))


@require_POST
@login_required
def version_files(request: HttpRequest, body: str, reportversion: int) -> HttpResponse:
    """Generate the files of a version again from its snapshot."""
    body_obj, version = _version(request, body, reportversion)
    _require(request, EDIT, body_obj)
    try:
        services.report_version_rebuild(actor=request.user, version=version)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect(version_url(version))


# --- Public -------------------------------------------------------------------------------------------------------


@require_safe
def public_version(request: HttpRequest, body: str, reportversion: int) -> HttpResponse:
    body_obj = access_body(body)
    version = access_published_version(body_obj, reportversion)
    build = selectors.latest_done_build(version)
    return render(
        request,
        "reporting/reports/public.html",
        {
            "body": body_obj,
            "version": version,
            "report": version.report,
            "data": _with_svgs(version.data),
            "build": build,
        },
    )


def _public_file(request: HttpRequest, body: str, reportversion: int, fmt: str) -> FileResponse:
    body_obj = access_body(body)
    version = access_published_version(body_obj, reportversion)
    build = selectors.latest_done_build(version)
    if build is None:
        raise Http404
    return document_file_response(build, fmt)


@require_safe
def public_pdf(request: HttpRequest, body: str, reportversion: int) -> FileResponse:
    return _public_file(request, body, reportversion, "pdf")


@require_safe
def public_docx(request: HttpRequest, body: str, reportversion: int) -> FileResponse:
    return _public_file(request, body, reportversion, "docx")
