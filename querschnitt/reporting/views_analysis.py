"""Views of charts and maps: the overview of a body's indicators, an indicator's analysis page (every chart and the
map, each with its text alternative and data table, and downloads of the Vega-Lite spec, the SVG and the data as
CSV), and the body's map layers (list, upload, delete).

Readers: `reporting.view_reports` (everyone working in the body, state staff); the indicator is fetched through
`strategy.access` so another body's indicator is a 404. Writers of map layers: `reporting.manage_geodata`.
A chart's number (`?nr=1`, counted from 1 in the order of the page; the map comes last) picks the download: the
tenant crawler fills only parameters named after models, so the number is a query parameter."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from querschnitt.core.csv_export import csv_bytes
from querschnitt.core.pages import form_page
from querschnitt.strategy import models as strategy_models
from querschnitt.strategy.access import access_strategy_object
from querschnitt.tenancy.access import access_body, require_perm

from . import forms_analysis as forms
from . import selectors_analysis as selectors
from . import services_analysis as services
from .access import access_reporting_object
from .charts import Chart, indicator_charts
from .maps import indicator_map
from .models import GeoLayer

VIEW = "reporting.view_reports"
MANAGE = "reporting.manage_geodata"


def _layers_url(body: Any) -> str:
    return reverse("analysis:layers", kwargs={"body": body.slug})


def _figures(request: HttpRequest, body: Any, indicator_pk: int) -> tuple[Any, list[Chart], Chart | None]:
    require_perm(request.user, VIEW, body)
    indicator = access_strategy_object(request.user, body, strategy_models.Indicator, indicator_pk)
    indicator = selectors.indicator_for_charts(indicator)
    return indicator, indicator_charts(indicator), indicator_map(indicator)


@login_required
@require_safe
def overview(request, body):
    body = access_body(body)
    require_perm(request.user, VIEW, body)
    return render(
        request,
        "reporting/analysis/overview.html",
        {"body": body, "indicators": selectors.indicators_of_body(body)},
    )


@login_required
@require_safe
def indicator(request, body, indicator):
    body = access_body(body)
    indicator, charts, map_chart = _figures(request, body, indicator)
    figures = [*charts, *([map_chart] if map_chart else [])]
    return render(
        request,
        "reporting/analysis/indicator.html",
        {
            "body": body,
            "indicator": indicator,
            "figures": [
                {"number": number, "chart": chart, "is_map": chart is map_chart}
                for number, chart in enumerate(figures, start=1)
            ],
            "can_manage_geodata": request.user.has_perm(MANAGE, body),
        },
    )


def _chosen(request: HttpRequest, body: Any, indicator_pk: int) -> tuple[Any, Chart, int]:
    indicator, charts, map_chart = _figures(request, body, indicator_pk)
    figures = [*charts, *([map_chart] if map_chart else [])]
    try:
        number = int(request.GET.get("nr", "1"))
    except ValueError:
        raise Http404 from None
    if not 1 <= number <= len(figures):
        raise Http404
    return indicator, figures[number - 1], number


def _file_name(indicator: Any, number: int, extension: str) -> str:
    return f"{slugify(indicator.name)[:60] or 'indikator'}-{number}.{extension}"


@login_required
@require_safe
def chart_spec(request, body, indicator):
    body = access_body(body)
    indicator, chart, number = _chosen(request, body, indicator)
    content = json.dumps(chart.spec, ensure_ascii=False, indent=2)
    return HttpResponse(
        content,
        content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(indicator, number, "vl.json")}"'},
    )


@login_required
@require_safe
def chart_svg(request, body, indicator):
    body = access_body(body)
    indicator, chart, number = _chosen(request, body, indicator)
    headers = {"Cache-Control": "private, max-age=0"}
    if request.GET.get("download"):
        headers["Content-Disposition"] = f'attachment; filename="{_file_name(indicator, number, "svg")}"'
    return HttpResponse(chart.svg(), content_type="image/svg+xml", headers=headers)


@login_required
@require_safe
def chart_csv(request, body, indicator):
    body = access_body(body)
    indicator, chart, number = _chosen(request, body, indicator)
    return HttpResponse(
        csv_bytes(chart.table_header, chart.table_rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(indicator, number, "csv")}"'},
    )


# --- Map layers ----------------------------------------------------------------------------------------------------


@login_required
def layers(request, body):
    """The body's map layers, and (for those who manage them) the upload form."""
    body = access_body(body)
    require_perm(request.user, VIEW, body)
    can_manage = request.user.has_perm(MANAGE, body)
    if request.method == "POST":
        require_perm(request.user, MANAGE, body)
    form = forms.GeoLayerUploadForm(request.POST or None, request.FILES or None) if can_manage else None
    return form_page(
        request,
        form=form,
        template="reporting/analysis/layers.html",
        context={"body": body, "layers": selectors.geo_layers_of_body(body), "can_manage": can_manage},
        act=lambda data: services.geo_layer_upload(actor=request.user, body=body, **data),
        success=lambda layer: (
            ngettext(
                "The map layer “%(name)s” with %(count)s area has been saved.",
                "The map layer “%(name)s” with %(count)s areas has been saved.",
                layer.feature_count,
            )
            % {"name": layer.name, "count": layer.feature_count}
        ),
        next_url=lambda layer: _layers_url(body),
    )


@login_required
def layer_delete(request, body, geolayer):
    body = access_body(body)
    layer = access_reporting_object(request.user, body, GeoLayer, geolayer, select_related=("body",))
    require_perm(request.user, MANAGE, body)
    if request.method == "POST":
        services.geo_layer_delete(actor=request.user, layer=layer)
        messages.success(request, _("The map layer “%(name)s” has been deleted.") % {"name": layer.name})
        return redirect(_layers_url(body))
    return render(
        request,
        "reporting/analysis/confirm_delete.html",
        {
            "body": body,
            "heading": _("Delete map layer"),
            "question": _(
                "Delete the map layer “%(name)s”? Maps of this body are then drawn as tiles again, unless another "
                "layer fits. This cannot be undone."
            )
            % {"name": layer.name},
            "back": _layers_url(body),
        },
    )
