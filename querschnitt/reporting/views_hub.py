"""The start page of reporting for a body: what the user may do here, each with one sentence and a figure."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from querschnitt.tenancy.access import access_body

from .selectors_hub import hub_figures


@login_required
def hub(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = access_body(body)
    if not request.user.has_perm("reporting.view_reports", body_obj):
        raise Http404
    user = request.user
    return render(
        request,
        "reporting/hub.html",
        {
            "body": body_obj,
            "figures": hub_figures(body_obj),
            "may_edit": user.has_perm("reporting.edit_reports", body_obj),
            "may_import": user.has_perm("reporting.import_statistics", body_obj),
            "may_manage_geodata": user.has_perm("reporting.manage_geodata", body_obj),
            "may_manage_public_page": user.has_perm("reporting.manage_public_page", body_obj),
            "may_compare": user.has_perm("reporting.compare_bodies", body_obj),
        },
    )
