"""Views of the concept's data: import of observations from CSV/XLSX (with its log) and export of a concept as
XLSX and JSON. Thin: fetch through the access helper, call `imports`/`exports`, render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.templatetags.querschnitt import number_de
from querschnitt.tenancy.access import access_body, require_perm

from . import exports, imports
from .access import access_strategy_object
from .models import Concept, Indicator, ObservationImport

# The validation report lists at most this many problems; the count in the summary is always complete.
REPORT_LIMIT = 1000


class ObservationImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or Excel)"),
        help_text=gettext_lazy(
            "A CSV file (separated by semicolons or commas) or an Excel workbook (.xlsx), at most 5 MB."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _indicator(request, body, indicator) -> Indicator:
    return access_strategy_object(
        request.user, body, Indicator, indicator, queryset=Indicator.objects.select_related("body")
    )


@login_required
def observation_import(request, body, indicator):
    """Upload a file of observations: on a problem the German report and nothing written, else back to the
    indicator with how many values are new and how many changed."""
    body = access_body(body)
    indicator = _indicator(request, body, indicator)
    require_perm(request.user, "strategy.import_observations", body)
    form = ObservationImportForm(request.POST, request.FILES) if request.method == "POST" else ObservationImportForm()
    report: list[imports.ImportProblem] = []
    summary = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            log = imports.observations_import(actor=request.user, indicator=indicator, file=upload)
        except imports.ImportRefused as refusal:
            if any(problem.row or problem.column for problem in refusal.problems):
                report, summary = refusal.problems, str(refusal.message)
            else:
                # A problem of the file as a whole (empty, too large, not a table) belongs to the upload field.
                summary = " ".join(problem.message for problem in refusal.problems)
                form.add_error("file", summary)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(created)s new value, %(updated)s updated.",
                    "%(created)s new values, %(updated)s updated.",
                    log.created_rows,
                )
                % {"created": number_de(log.created_rows), "updated": number_de(log.updated_rows)},
            )
            return redirect("strategy:indicator", body=body.slug, indicator=indicator.pk)
    return render(
        request,
        "strategy/data/observation_import.html",
        {
            "body": body,
            "indicator": indicator,
            "form": form,
            "summary": summary,
            "problems": report[:REPORT_LIMIT],
            "problems_left_out": len(report) - REPORT_LIMIT if len(report) > REPORT_LIMIT else 0,
            "max_rows": number_de(imports.MAX_ROWS),
        },
    )


@login_required
@require_safe
def observation_import_template(request, body, indicator):
    """An empty import file with the header row, for Excel."""
    body = access_body(body)
    _indicator(request, body, indicator)
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vorlage-messwerte.csv"'
    return response


@login_required
@require_safe
def observation_imports(request, body, indicator):
    """Who imported which file when, with how many new and changed values."""
    body = access_body(body)
    indicator = _indicator(request, body, indicator)
    logs = ObservationImport.objects.filter(indicator=indicator).select_related("imported_by").order_by("-created")
    page = Paginator(logs, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "strategy/data/observation_imports.html",
        {
            "body": body,
            "indicator": indicator,
            "page": page,
            "can_import": request.user.has_perm("strategy.import_observations", body),
        },
    )


def _concept_download(request, body, concept, *, suffix: str, content_type: str, render_data) -> HttpResponse:
    body = access_body(body)
    concept = access_strategy_object(
        request.user, body, Concept, concept, queryset=Concept.objects.select_related("body")
    )
    content = render_data(exports.concept_export_data(concept))
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    file_name = f"integrationskonzept-{body.slug}-v{concept.version}-{stamp}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@login_required
@require_safe
def concept_export_xlsx(request, body, concept):
    return _concept_download(
        request, body, concept, suffix="xlsx", content_type=exports.XLSX_CONTENT_TYPE, render_data=exports.concept_xlsx
    )


@login_required
@require_safe
def concept_export_json(request, body, concept):
    return _concept_download(
        request,
        body,
        concept,
        suffix="json",
        content_type="application/json; charset=utf-8",
        render_data=exports.concept_json,
    )
