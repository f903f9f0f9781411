"""Views of the statistics import: upload with the import log, the check (validation report, mapping of unknown
area names, preview) and the import, and one entry of the log. Thin: fetch through the access helpers, call the
services, render.

Reading the log needs `reporting.view_reports`; uploading, mapping and importing `reporting.import_statistics`.
The uploaded file waits on the server between the steps (`services.pending_*`); the session holds only its token.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.templatetags.querschnitt import number_de
from querschnitt.strategy.imports import MAX_ROWS, ImportProblem, ImportRefused, read_upload
from querschnitt.strategy.models import Indicator
from querschnitt.tenancy.access import access_body, require_perm
from querschnitt.tenancy.models import Body

from . import forms_statistics as forms
from . import selectors_statistics as selectors
from . import services_statistics as services
from .access import access_reporting_object
from .models import AreaAlias, StatisticsImport

VIEW = "reporting.view_reports"
IMPORT = "reporting.import_statistics"
PAGE_SIZE = 50
# The validation report lists at most this many problems; the counts are always complete.
REPORT_LIMIT = 1000
SESSION_KEY = "statistics_pending"


def _imports_url(body: Body) -> str:
    return reverse("statistics:imports", kwargs={"body": body.slug})


def _review_url(body: Body) -> str:
    return reverse("statistics:review", kwargs={"body": body.slug})


def problem_groups(problems: list[ImportProblem]) -> list[dict[str, Any]]:
    """The problems grouped by column (the file as a whole first), each group with its count, rows in order."""
    groups: dict[str, list[ImportProblem]] = {}
    for problem in problems:
        groups.setdefault(problem.column, []).append(problem)
    ordered = sorted(groups.items(), key=lambda item: (item[0] != "", min(p.row or 0 for p in item[1])))
    shown = 0
    result = []
    for column, items in ordered:
        listed = items[: max(REPORT_LIMIT - shown, 0)]
        shown += len(listed)
        result.append({"column": column, "count": len(items), "problems": listed, "left_out": len(items) - len(listed)})
    return result


def _report_context(refusal: ImportRefused) -> dict[str, Any]:
    return {
        "summary": str(refusal.message),
        "groups": problem_groups(refusal.problems),
        "problem_count": len(refusal.problems),
    }


# --- The pending upload in the session ----------------------------------------------------------------------------


def _pending(request: HttpRequest, body: Body) -> dict[str, Any] | None:
    entry = request.session.get(SESSION_KEY, {}).get(str(body.pk))
    return entry if isinstance(entry, dict) else None


def _set_pending(request: HttpRequest, body: Body, entry: dict[str, Any] | None) -> None:
    pending = dict(request.session.get(SESSION_KEY, {}))
    old = pending.pop(str(body.pk), None)
    if isinstance(old, dict):
        services.pending_delete(user=request.user, token=old.get("token", ""), suffix=old.get("suffix", ""))
    if entry is not None:
        pending[str(body.pk)] = entry
    request.session[SESSION_KEY] = pending


def _pending_indicator(body: Body, entry: dict[str, Any]) -> Indicator | None:
    pk = entry.get("indicator")
    if not pk:
        return None
    return Indicator.objects.filter(body=body, pk=pk).first()


# --- Views ---------------------------------------------------------------------------------------------------------


@login_required
def imports(request: HttpRequest, body: str) -> HttpResponse:
    """The upload form and the import log. A file is checked at once: with problems, the validation report and
    nothing kept; without, the file waits for the next step (mapping of area names, preview)."""
    body_obj = access_body(body)
    require_perm(request.user, VIEW, body_obj)
    can_import = request.user.has_perm(IMPORT, body_obj)
    report: dict[str, Any] = {}
    form = None
    if can_import:
        form = forms.StatisticsUploadForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            body=body_obj,
        )
    if request.method == "POST":
        require_perm(request.user, IMPORT, body_obj)
        assert form is not None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            file_name = PurePath(upload.name or "").name
            indicator = form.cleaned_data["indicator"]
            try:
                data = read_upload(upload)
                services.statistics_check(body=body_obj, data=data, file_name=file_name, indicator=indicator)
            except ImportRefused as refusal:
                if any(problem.row or problem.column for problem in refusal.problems):
                    report = _report_context(refusal)
                else:
                    # A problem of the file as a whole (empty, not a table, no indicator) belongs to the upload.
                    form.add_error("file", " ".join(problem.message for problem in refusal.problems))
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                suffix = PurePath(file_name).suffix.lower()
                token = services.pending_store(user=request.user, data=data, suffix=suffix)
                _set_pending(
                    request,
                    body_obj,
                    {
                        "token": token,
                        "suffix": suffix,
                        "file_name": file_name[:300],
                        "indicator": indicator.pk if indicator else None,
                        "source": form.cleaned_data["source"],
                    },
                )
                return redirect(_review_url(body_obj))
    page = Paginator(selectors.statistics_imports_for_body(body_obj), PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "reporting/statistics/imports.html",
        {
            "body": body_obj,
            "form": form,
            "can_import": can_import,
            "page": page,
            "max_rows": number_de(MAX_ROWS),
            "has_pending": can_import and _pending(request, body_obj) is not None,
            "alias_count": selectors.area_alias_count(body_obj),
            **report,
        },
    )


@login_required
def review(request: HttpRequest, body: str) -> HttpResponse:
    """The checked file waiting for import: map unknown area names, see what would change, import or cancel."""
    body_obj = access_body(body)
    require_perm(request.user, IMPORT, body_obj)
    entry = _pending(request, body_obj)
    if entry is None:
        messages.info(request, _("There is no file waiting for import. Please upload one."))
        return redirect(_imports_url(body_obj))
    token, suffix, file_name = entry.get("token", ""), entry.get("suffix", ""), entry.get("file_name", "")
    data = services.pending_read(user=request.user, token=token, suffix=suffix)
    if data is None:
        _set_pending(request, body_obj, None)
        messages.warning(
            request, _("The uploaded file is no longer there (after a day it is deleted). Please upload it again.")
        )
        return redirect(_imports_url(body_obj))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "cancel":
        _set_pending(request, body_obj, None)
        messages.info(request, _("The import was cancelled. Nothing has been saved."))
        return redirect(_imports_url(body_obj))

    indicator = _pending_indicator(body_obj, entry)
    source = str(entry.get("source", ""))[:300]
    context: dict[str, Any] = {"body": body_obj, "file_name": file_name, "indicator": indicator, "source": source}
    try:
        parsed = services.statistics_check(body=body_obj, data=data, file_name=file_name, indicator=indicator)
    except ImportRefused as refusal:
        # The data changed since the upload (an indicator deleted, a name mapped twice): the report, nothing written.
        return render(
            request, "reporting/statistics/review.html", {**context, "step": "problems", **_report_context(refusal)}
        )

    if parsed.unmapped:
        areas = selectors.area_index(body_obj)
        mapping_form = forms.AreaMappingForm(
            request.POST if action == "map" else None, unmapped=parsed.unmapped, areas=areas
        )
        if action == "map" and mapping_form.is_valid():
            try:
                services.area_aliases_save(
                    actor=request.user, body=body_obj, mappings=mapping_form.cleaned_data["mappings"]
                )
            except ApplicationError as error:
                add_application_error(mapping_form, error)
            else:
                messages.success(request, _("The names of the areas are saved and will be recognised next time."))
                return redirect(_review_url(body_obj))
        return render(
            request,
            "reporting/statistics/review.html",
            {**context, "step": "mapping", "mapping_form": mapping_form, "unmapped": parsed.unmapped},
        )

    if action == "import":
        try:
            record = services.statistics_import(
                actor=request.user, body=body_obj, data=data, file_name=file_name, indicator=indicator, source=source
            )
        except ImportRefused as refusal:
            return render(
                request, "reporting/statistics/review.html", {**context, "step": "problems", **_report_context(refusal)}
            )
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return redirect(_review_url(body_obj))
        _set_pending(request, body_obj, None)
        # Three counts, each with its own plural: „Importiert: 1 neuer Wert, 2 geänderte Werte, 1 unveränderter Wert.“
        parts = {
            "new": ngettext("%(count)s new value", "%(count)s new values", record.created_rows)
            % {"count": number_de(record.created_rows)},
            "changed": ngettext("%(count)s changed value", "%(count)s changed values", record.updated_rows)
            % {"count": number_de(record.updated_rows)},
            "unchanged": ngettext("%(count)s unchanged value", "%(count)s unchanged values", record.unchanged_rows)
            % {"count": number_de(record.unchanged_rows)},
        }
        messages.success(request, _("Imported: %(new)s, %(changed)s, %(unchanged)s.") % parts)
        return redirect("statistics:import", body=body_obj.slug, statisticsimport=record.pk)

    lines = selectors.statistics_preview(parsed, source=source)
    return render(
        request,
        "reporting/statistics/review.html",
        {**context, "step": "preview", "lines": lines, "totals": selectors.preview_totals(lines)},
    )


@login_required
@require_safe
def import_detail(request: HttpRequest, body: str, statisticsimport: int) -> HttpResponse:
    """One entry of the import log: who, when, which file, how many values new, changed, unchanged, and for which
    indicators."""
    body_obj = access_body(body)
    record = access_reporting_object(
        request.user, body_obj, StatisticsImport, statisticsimport, select_related=("imported_by",)
    )
    return render(
        request,
        "reporting/statistics/import.html",
        {
            "body": body_obj,
            "record": record,
            "indicators": selectors.statistics_import_indicators(record),
            "can_import": request.user.has_perm(IMPORT, body_obj),
        },
    )


def _aliases_url(body: Body) -> str:
    return reverse("statistics:area_aliases", kwargs={"body": body.slug})


@login_required
def area_aliases(request: HttpRequest, body: str) -> HttpResponse:
    """The names of areas the body's statistics files write, remembered from earlier imports, with the area each
    means; those who import add a name here or forget one."""
    body_obj = access_body(body)
    require_perm(request.user, VIEW, body_obj)
    can_import = request.user.has_perm(IMPORT, body_obj)
    form = forms.AreaAliasForm(request.POST if request.method == "POST" else None) if can_import else None
    if request.method == "POST":
        require_perm(request.user, IMPORT, body_obj)
        assert form is not None
        if form.is_valid():
            name, key = form.cleaned_data["name"], form.cleaned_data["area_key"]
            try:
                services.area_aliases_save(actor=request.user, body=body_obj, mappings={name: key})
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("From now on, “%(name)s” is read as this area.") % {"name": name})
                return redirect(_aliases_url(body_obj))
    areas = selectors.area_index(body_obj)
    return render(
        request,
        "reporting/statistics/area_aliases.html",
        {
            "body": body_obj,
            "aliases": selectors.area_aliases(body_obj, areas),
            "form": form,
            "can_import": can_import,
        },
    )


@login_required
@require_POST
def area_alias_delete(request: HttpRequest, body: str, areaalias: int) -> HttpResponse:
    body_obj = access_body(body)
    alias = access_reporting_object(request.user, body_obj, AreaAlias, areaalias)
    require_perm(request.user, IMPORT, body_obj)
    services.area_alias_delete(actor=request.user, alias=alias)
    messages.success(
        request,
        _("“%(name)s” is forgotten; when a file names it again, the import asks you for its area.")
        % {"name": alias.name},
    )
    return redirect(_aliases_url(body_obj))
