"""Views of the workshop documentation: the page with the last build, and the button that starts a new one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from querschnitt.core.documents import document_build_start, latest_document_build
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.htmx import is_htmx
from querschnitt.tenancy.access import access_body
from querschnitt.tenancy.models import Body

from . import models as m
from .access import access_participation_object
from .documentation import KIND, documentation_title


def _process(request: HttpRequest, body_slug: str, pk: int) -> tuple[Body, m.WorkshopProcess]:
    body = access_body(body_slug)
    process = access_participation_object(
        request.user, body, m.WorkshopProcess, pk, queryset=m.WorkshopProcess.objects.select_related("concept")
    )
    return body, process


@login_required
def documentation(request: HttpRequest, body: str, workshopprocess: int) -> HttpResponse:
    body_obj, process = _process(request, body, workshopprocess)
    return render(
        request,
        "participation/documentation/page.html",
        {
            "body": body_obj,
            "process": process,
            "build": latest_document_build(KIND, process),
            "can_build": request.user.has_perm("participation.manage_workshop", body_obj),
        },
    )


@require_POST
@login_required
def documentation_start(request: HttpRequest, body: str, workshopprocess: int) -> HttpResponse:
    body_obj, process = _process(request, body, workshopprocess)
    if not request.user.has_perm("participation.manage_workshop", body_obj):
        raise PermissionDenied
    try:
        build = document_build_start(
            actor=request.user, kind=KIND, body=body_obj, target=process, title=documentation_title(process)
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        build = None
    if is_htmx(request) and build is not None:
        return render(request, "core/includes/document_build.html", {"build": build, "live_region_outside": True})
    return redirect("workshop_documentation:documentation", body=body_obj.slug, workshopprocess=process.pk)
