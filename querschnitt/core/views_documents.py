"""Views of generated documents: the progress of a build (full page or HTMX partial) and the download of its files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, file_name, may_view_document_build
from .htmx import is_htmx, template_for
from .models import DocumentBuild, DocumentBuildStatus

HTMX_STOP_POLLING = 286


def access_document_build(actor, pk: int) -> DocumentBuild:
    """The build if the actor may see its target; 404 otherwise (another body's build does not even exist)."""
    document_build = get_object_or_404(DocumentBuild.objects.select_related("body", "target_type"), pk=pk)
    if not may_view_document_build(actor, document_build):
        raise Http404
    return document_build


@require_GET
@login_required
def document_build(request: HttpRequest, documentbuild: int) -> HttpResponse:
    """The build's page; for the polling of the progress display only its inner part, with status 286 (htmx: stop
    polling) once the build has finished."""
    build = access_document_build(request.user, documentbuild)
    response = render(
        request,
        template_for(request, "core/document_build.html", "core/includes/document_build_status.html"),
        {"build": build, "body": build.body},
    )
    if is_htmx(request) and not build.is_active:
        response.status_code = HTMX_STOP_POLLING
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def document_download(request: HttpRequest, documentbuild: int, fmt: str) -> FileResponse:
    build = access_document_build(request.user, documentbuild)
    response = document_file_response(build, fmt)
    response["Cache-Control"] = "private, no-store"
    return response


def document_file_response(build: DocumentBuild, fmt: str) -> FileResponse:
    """The PDF or DOCX of a finished build as a download; 404 while it is not done or if the file is gone.
    The caller has checked that the visitor may have it."""
    field_file = build.pdf if fmt == "pdf" else build.docx
    if build.status != DocumentBuildStatus.DONE or not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=file_name(build, fmt),
        content_type=PDF_CONTENT_TYPE if fmt == "pdf" else DOCX_CONTENT_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
