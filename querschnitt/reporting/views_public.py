"""Views of the public pages and of benchmarking. Thin: fetch through the access helpers, read through the
selectors, call one service.

The public pages (`daten/…`) exist only while the body's public page is published (`access_public_page`, else
404); an indicator that is not one of the page's public indicators is a 404 as well. The settings page needs
`reporting.manage_public_page` (office, integration centre); the internal comparison `reporting.compare_bodies`
(state staff)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from querschnitt.core.htmx import template_for
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm
from querschnitt.tenancy.models import Body

from . import benchmarking, opendata
from . import forms_public as forms
from . import selectors_public as selectors
from . import services_public as services
from .access import access_public_page
from .charts import indicator_charts
from .models import PublicPage

PAGE_SIZE = 30
MANAGE = "reporting.manage_public_page"
COMPARE = "reporting.compare_bodies"


def _open(response: HttpResponse, filename: str, *, inline: bool = False) -> HttpResponse:
    """Open data: anyone may fetch it, from any site."""
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _indicator_url(request: HttpRequest, body: Body, indicator: Any) -> str:
    return request.build_absolute_uri(
        reverse("public:indicator", kwargs={"body": body.slug, "indicator": indicator.pk})
    )


def _version_url(body: Body, version: Any) -> str:
    # The report builder owns this page (CONTRACT.md); until it exists, the list shows the title without a link.
    try:
        return reverse("reports:public_version", kwargs={"body": body.slug, "reportversion": version.pk})
    except NoReverseMatch:
        return ""


# --- Settings (inside the body) ------------------------------------------------------------------------------------


@login_required
def page_settings(request, body):
    body = access_body(body)
    require_perm(request.user, MANAGE, body)
    page = PublicPage.objects.filter(body=body).select_related("concept").first()
    form = forms.PublicPageForm(
        request.POST if request.method == "POST" else None, instance=page or PublicPage(body=body), body=body
    )
    return form_page(
        request,
        form=form,
        template="reporting/public/settings.html",
        context={"body": body, "page": page},
        act=lambda data: services.public_page_update(actor=request.user, body=body, **data),
        success=lambda saved: _("The public page is published.") if saved.published else _("The settings are saved."),
        next_url=lambda saved: reverse("public:settings", kwargs={"body": body.slug}),
    )


# --- Public pages --------------------------------------------------------------------------------------------------


@require_safe
def index(request):
    form = forms.PageSearchForm(request.GET or None)
    pages = selectors.published_pages(search=form.search() if form.is_bound else "")
    page = Paginator(pages, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        template_for(request, "reporting/public/index.html", "reporting/public/index_results.html"),
        {"form": form, "page": page},
    )


@require_safe
def body_page(request, body):
    body = access_body(body)
    page = access_public_page(body)
    concept = page.concept
    tree = selectors.public_concept_tree(concept) if concept else []
    loose_measures = selectors.measures_without_field(concept) if concept else []
    indicators = list(selectors.public_indicators(page))
    versions = [(version, _version_url(body, version)) for version in selectors.published_versions(body)]
    return render(
        request,
        "reporting/public/body.html",
        {
            "body": body,
            "page": page,
            "concept": concept,
            "tree": tree,
            "loose_measures": loose_measures,
            "indicators": indicators,
            "versions": versions,
            "can_manage": request.user.has_perm(MANAGE, body),
        },
    )


def _public_indicator(body: Body, pk: int) -> tuple[PublicPage, Any]:
    page = access_public_page(body)
    indicator = selectors.public_indicator(page, pk)
    if indicator is None:
        raise Http404
    return page, indicator


@require_safe
def indicator_page(request, body, indicator):
    body = access_body(body)
    page, indicator = _public_indicator(body, indicator)
    charts = indicator_charts(indicator)
    return render(
        request,
        "reporting/public/indicator.html",
        {
            "body": body,
            "page": page,
            "indicator": indicator,
            "charts": [
                (chart, chart.svg(), f"diagramm-{number}")
                for number, chart in enumerate(charts, start=1)
                if chart.table_rows
            ],
            "targets": list(indicator.targets.all()),
        },
    )


@require_safe
def indicator_csv(request, body, indicator):
    body = access_body(body)
    _page, indicator = _public_indicator(body, indicator)
    observations = selectors.observations_of([indicator])[indicator.pk]
    content = opendata.indicator_csv(indicator, observations)
    return _open(
        HttpResponse(content, content_type="text/csv; charset=utf-8"), f"{body.slug}-indikator-{indicator.pk}.csv"
    )


@require_safe
def indicator_json(request, body, indicator):
    body = access_body(body)
    page, indicator = _public_indicator(body, indicator)
    observations = selectors.observations_of([indicator])[indicator.pk]
    data = opendata.indicator_data(indicator, observations, page=page, url=_indicator_url(request, body, indicator))
    data["generated"] = timezone.now().isoformat()
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return _open(response, f"{body.slug}-indikator-{indicator.pk}.json", inline=True)


@require_safe
def open_sdg(request, body):
    body = access_body(body)
    page = access_public_page(body)
    indicators = list(selectors.public_indicators(page))
    content = opendata.all_indicators_csv(body, indicators, selectors.observations_of(indicators))
    return _open(HttpResponse(content, content_type="text/csv; charset=utf-8"), f"{body.slug}-open-sdg.csv")


@require_safe
def zip_download(request, body):
    body = access_body(body)
    page = access_public_page(body)
    indicators = list(selectors.public_indicators(page))
    content = opendata.zip_bytes(
        page,
        indicators,
        selectors.observations_of(indicators),
        url_of=lambda indicator: _indicator_url(request, body, indicator),
        base_url=request.build_absolute_uri(reverse("public:body", kwargs={"body": body.slug})),
    )
    return _open(
        HttpResponse(content, content_type="application/zip"),
        f"offene-daten-{body.slug}-{timezone.localdate().isoformat()}.zip",
    )


# --- Benchmarking --------------------------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _comparison(request: HttpRequest, *, public: bool) -> tuple[Any, Any]:
    """The chosen catalogue indicator (default: the first one with values) and its comparison for the chosen year."""
    entries = benchmarking.comparable_entries(public=public)
    wanted = _int(request.GET.get("indikator"))
    entry = (entries.filter(pk=wanted).first() if wanted else None) or entries.first()
    if entry is None:
        return entries, None
    return entries, benchmarking.compare(entry, _int(request.GET.get("jahr")), public=public)


def _compare_page(request: HttpRequest, *, public: bool, body: Body | None = None) -> HttpResponse:
    entries, comparison = _comparison(request, public=public)
    form = forms.CompareForm(
        initial={
            "indikator": comparison.entry.pk if comparison else None,
            "jahr": comparison.year if comparison else "",
        },
        entries=entries,
        years=comparison.years if comparison else [],
    )
    chart = comparison.chart if comparison else None
    if public:
        action = reverse("public:compare")
        csv_url = reverse("public:compare_csv")
    else:
        assert body is not None
        action = reverse("public:compare_internal", kwargs={"body": body.slug})
        csv_url = reverse("public:compare_internal_csv", kwargs={"body": body.slug})
    query = f"?indikator={comparison.entry.pk}&jahr={comparison.year}" if comparison and comparison.year else ""
    return render(
        request,
        "reporting/public/compare.html",
        {
            "body": body,
            "public": public,
            "form": form,
            "comparison": comparison,
            "chart": chart,
            "chart_svg": chart.svg() if chart else "",
            "action": action,
            "csv_url": csv_url + query,
        },
    )


def _compare_csv(request: HttpRequest, *, public: bool) -> HttpResponse:
    _entries, comparison = _comparison(request, public=public)
    if comparison is None or comparison.year is None:
        raise Http404
    content = benchmarking.comparison_csv(comparison)
    name = f"vergleich-{comparison.entry.code}-{comparison.year}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    if public:
        return _open(response, name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def compare(request):
    return _compare_page(request, public=True)


@require_safe
def compare_csv(request):
    return _compare_csv(request, public=True)


@login_required
@require_safe
def compare_internal(request, body):
    body = access_body(body)
    require_perm(request.user, COMPARE, body)
    return _compare_page(request, public=False, body=body)


@login_required
@require_safe
def compare_internal_csv(request, body):
    body = access_body(body)
    require_perm(request.user, COMPARE, body)
    return _compare_csv(request, public=False)
