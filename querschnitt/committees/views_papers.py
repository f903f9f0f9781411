"""Views of papers (Drucksachen), their Beratungsfolge and files: parse the form, fetch through an access helper,
call one service, render.

Who sees what: public papers and public files are for everyone (no sign-in); a non-public paper or file only for
the members of a committee that deliberates it and for the Geschäftsstelle (`selectors.visible_papers`,
`selectors.is_visible`) — for everyone else it does not exist (404). Every read of a non-public file is logged.
Writes need `committees.manage` (the Geschäftsstelle); write views check it before they fetch the object, so
that a refusal does not tell whether the object exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import history_entries
from querschnitt.core.htmx import template_for
from querschnitt.core.pages import form_page as core_form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import forms_papers as forms
from . import models as m
from . import services_papers as services
from .access import access_committee_object, require_visible
from .selectors import visible_files, visible_papers

EDIT_TEMPLATE = "committees/papers/edit.html"


# --- Shared by the views of committee work -------------------------------------------------------------------------


def may_manage(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm("committees.manage", body)


def require_manage(request: HttpRequest, body: Any) -> None:
    if not may_manage(request, body):
        raise PermissionDenied


def require_internal(request: HttpRequest, body: Any) -> None:
    require_perm(request.user, "committees.view_internal", body)


def url_of(obj: Any) -> str:
    """The page that shows an object of committee work."""
    if isinstance(obj, m.Membership):
        return url_of(obj.organization)
    if isinstance(obj, m.Consultation):
        return reverse("committees:paper_consultations", kwargs={"body": obj.paper.body.slug, "paper": obj.paper_id})
    names = {
        m.Organization: ("committees:organization", "organization"),
        m.Person: ("committees:person", "person"),
        m.Paper: ("committees:paper", "paper"),
        m.Statute: ("committees:statute", "statute"),
        m.File: ("committees:file_edit", "file"),
    }
    if type(obj) in names:
        name, kwarg = names[type(obj)]
        return reverse(name, kwargs={"body": obj.body.slug, kwarg: obj.pk})
    if isinstance(obj, m.LegislativeTerm):
        return reverse("committees:legislativeterms", kwargs={"body": obj.body.slug})
    raise ValueError(obj)


def form_page(
    request: HttpRequest, *, template: str = EDIT_TEMPLATE, next_url: Callable[[Any], str] = url_of, **kwargs: Any
) -> HttpResponse:
    """`core.pages.form_page` with the committee pages' edit template and object URLs as defaults."""
    return core_form_page(request, template=template, next_url=next_url, **kwargs)


def _kind_of_record(record: Any) -> str:
    return str(record.instance_type._meta.verbose_name)


def history_of(*querysets: Any, subject: Callable[[Any], str] = _kind_of_record) -> list:
    """Change history of one or more objects (each a historical queryset), newest first; each entry names what
    changed by `subject` (default: the kind of object, e.g. “Beratung”)."""
    entries = []
    for queryset in querysets:
        records = queryset.select_related("history_user").order_by("-history_date")[:50]
        entries += history_entries(records, subject=subject)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


# --- Papers ------------------------------------------------------------------------------------------------------


class _PaperRows:
    """The (paper, status) rows of `services.paper_list` without a status filter, made only for the page shown: the
    paginator counts the papers in the database and asks for its slice, so a body with thousands of papers costs one
    page of rows (issue 9, `make bench`), in the same order and with the same results hidden."""

    def __init__(self, user: Any, body: Any, *, paper_type: str, query: str) -> None:
        self.user, self.body = user, body
        papers = visible_papers(user, body).filter(external_id="")
        if paper_type:
            papers = papers.filter(paper_type=paper_type)
        if query:
            papers = papers.filter(Q(name__icontains=query) | Q(reference__icontains=query) | Q(text__icontains=query))
        self.papers = papers.order_by("-date", "-pk")

    def count(self) -> int:
        return self.papers.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        rows = []
        for paper in self.papers[index].prefetch_related(services._consultation_prefetch()):
            steps = services.consultations_of(paper)
            services.hide_unpublished_results(self.user, self.body, steps)
            rows.append((paper, services.paper_status(paper, steps)))
        return rows


def papers(request, body):
    """The papers of the body: public ones for everyone, non-public ones for the entitled; filter by type,
    status and text."""
    body = access_body(body)
    form = forms.PaperFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    paper_type, status, query = filters.get("paper_type", ""), filters.get("status", ""), filters.get("q", "").strip()
    if status:
        # The status comes from each paper's Beratungsfolge: filtering by it needs every paper's row.
        rows: Any = services.paper_list(request.user, body, paper_type=paper_type, status=status, query=query)
    else:
        rows = _PaperRows(request.user, body, paper_type=paper_type, query=query)
    page = Paginator(rows, 50).get_page(request.GET.get("seite"))
    template = template_for(request, "committees/papers/list.html", "committees/papers/includes/results.html")
    return render(
        request, template, {"body": body, "form": form, "page": page, "can_manage": may_manage(request, body)}
    )


@login_required
def paper_create(request, body):
    body = access_body(body)
    require_manage(request, body)
    return form_page(
        request,
        form=forms.PaperForm(request.POST or None, body=body),
        context={"body": body, "heading": _("New paper"), "back": reverse("committees:papers", args=[body.slug])},
        act=lambda data: services.paper_create(actor=request.user, body=body, **data),
        success=lambda paper: (
            _("The paper %(reference)s has been created. Now plan its Beratungsfolge.") % {"reference": paper.reference}
        ),
        next_url=lambda paper: reverse("committees:paper_consultations", args=[body.slug, paper.pk]),
    )


def _files_of(user: Any, paper: m.Paper) -> list[tuple[m.File, bool]]:
    """The paper's files the user may open, the main document first, as (file, is main document)."""
    files = [paper.main_file] if paper.main_file and not paper.main_file.deleted else []
    files += [file for file in paper.auxiliary_files.all() if file.pk != paper.main_file_id]
    hidden = [file.pk for file in files if not file.public and file.pk != paper.main_file_id]
    allowed = set(visible_files(user, paper.body).filter(pk__in=hidden).values_list("pk", flat=True)) if hidden else ()
    # The main document is visible with the paper (selectors.is_visible); a public paper's one is public.
    return [
        (file, file.pk == paper.main_file_id)
        for file in files
        if file.public or file.pk == paper.main_file_id or file.pk in allowed
    ]


def paper_detail(request, body, paper):
    body = access_body(body)
    paper = access_committee_object(request.user, body, m.Paper, paper, queryset=services.paper_detail_queryset())
    require_visible(request.user, paper)
    steps = services.consultations_of(paper, request.user)
    internal = request.user.has_perm("committees.view_internal", body)
    can_manage = may_manage(request, body)
    can_link = can_manage or request.user.has_perm("strategy.edit_concept", body)
    context = {
        "body": body,
        "paper": paper,
        "steps": steps,
        "status": services.paper_status(paper, steps),
        "files": _files_of(request.user, paper),
        "internal": internal,
        "can_manage": can_manage,
        "can_link": can_link,
    }
    if internal:
        context |= {
            "measures": paper.measures.all(),
            "guiding_goals": paper.guiding_goals.select_related("field"),
            "annual_goals": paper.annual_goals.select_related("field"),
            "aci_missing": services.lacks_integration_committee(body, steps),
        }
    if can_manage:
        # The history holds every result as it was written, also of non-public deliberations: office only.
        context["history"] = history_of(paper.history.all(), m.Consultation.history.filter(paper_id=paper.pk))
    if can_link:
        link_form = forms.ConceptLinkForm(body=body)
        context["link_form"] = link_form if link_form.has_choices else None
    return render(request, "committees/papers/detail.html", context)


@login_required
def paper_edit(request, body, paper):
    body = access_body(body)
    require_manage(request, body)
    paper = access_committee_object(request.user, body, m.Paper, paper)
    return form_page(
        request,
        form=forms.PaperForm(request.POST or None, instance=paper, body=body),
        context={"body": body, "heading": _("Edit paper %(reference)s") % {"reference": paper}, "back": url_of(paper)},
        act=lambda data: services.paper_update(actor=request.user, paper=paper, **data),
        success=_("The paper has been saved."),
    )


@login_required
@require_POST
def paper_concept_links(request, body, paper):
    """Link a measure or goal of the integration concept to the paper, or (with `entfernen`) remove the link."""
    body = access_body(body)
    paper = access_committee_object(request.user, body, m.Paper, paper)
    require_visible(request.user, paper)
    if not (may_manage(request, body) or request.user.has_perm("strategy.edit_concept", body)):
        raise PermissionDenied
    form = forms.ConceptLinkForm(request.POST, body=body)
    if not form.is_valid():
        messages.error(request, _("Please choose a measure or goal of this body."))
        return redirect(url_of(paper) + "#konzept")
    element = form.cleaned_data["element"]
    try:
        if request.POST.get("entfernen"):
            services.concept_unlink_paper(actor=request.user, element=element, paper=paper)
            messages.success(request, _("The link to “%(element)s” has been removed.") % {"element": element})
        else:
            services.concept_link_paper(actor=request.user, element=element, paper=paper)
            messages.success(request, _("The paper is now linked to “%(element)s”.") % {"element": element})
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect(url_of(paper) + "#konzept")


# --- Beratungsfolge ----------------------------------------------------------------------------------------------


@login_required
def paper_consultations(request, body, paper):
    """The Beratungsfolge editor: the ordered steps with buttons to move, edit, record a result or remove them, and
    a form to add a step. Plain forms and buttons; works without JavaScript."""
    body = access_body(body)
    require_manage(request, body)
    paper = access_committee_object(request.user, body, m.Paper, paper, queryset=services.paper_detail_queryset())
    steps = services.consultations_of(paper)
    return form_page(
        request,
        form=forms.ConsultationForm(request.POST or None, body=body),
        template="committees/papers/consultations.html",
        context={
            "body": body,
            "paper": paper,
            "steps": steps,
            "status": services.paper_status(paper, steps),
            "aci_missing": services.lacks_integration_committee(body, steps),
        },
        act=lambda data: services.consultation_add(actor=request.user, paper=paper, **data),
        success=lambda step: (
            _("%(committee)s has been added to the Beratungsfolge.") % {"committee": step.organization}
        ),
    )


def _consultation(request: HttpRequest, body: Any, pk: int) -> m.Consultation:
    require_manage(request, body)  # first: a refusal must not depend on whether the object exists
    consultation = access_committee_object(
        request.user,
        body,
        m.Consultation,
        pk,
        queryset=m.Consultation.objects.select_related("paper__body", "organization", "meeting"),
    )
    if consultation.paper.deleted:
        raise Http404
    return consultation


@login_required
def consultation_edit(request, body, consultation):
    body = access_body(body)
    consultation = _consultation(request, body, consultation)
    return form_page(
        request,
        form=forms.ConsultationForm(request.POST or None, instance=consultation, body=body),
        context={
            "body": body,
            "heading": _("Edit step %(order)s of the Beratungsfolge") % {"order": consultation.order},
            "back": url_of(consultation),
        },
        act=lambda data: services.consultation_update(actor=request.user, consultation=consultation, **data),
        success=_("The consultation has been saved."),
    )


@login_required
def consultation_result(request, body, consultation):
    body = access_body(body)
    consultation = _consultation(request, body, consultation)
    return form_page(
        request,
        form=forms.ConsultationResultForm(request.POST or None, current=consultation.result),
        context={
            "body": body,
            "heading": _("Result in %(committee)s") % {"committee": consultation.organization},
            "back": url_of(consultation),
        },
        act=lambda data: services.consultation_record_result(
            actor=request.user, consultation=consultation, result=data["result"]
        ),
        success=_("The result has been recorded."),
    )


@login_required
@require_POST
def consultation_move(request, body, consultation):
    body = access_body(body)
    consultation = _consultation(request, body, consultation)
    direction = {"hoch": "up", "runter": "down"}.get(request.POST.get("richtung", ""), "")
    try:
        services.consultation_move(actor=request.user, consultation=consultation, direction=direction)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(committee)s is now step %(order)s.")
            % {"committee": consultation.organization, "order": consultation.order},
        )
    return redirect(url_of(consultation))


@login_required
@require_POST
def consultation_delete(request, body, consultation):
    body = access_body(body)
    consultation = _consultation(request, body, consultation)
    try:
        services.consultation_delete(actor=request.user, consultation=consultation)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(committee)s has been removed from the Beratungsfolge.") % {"committee": consultation.organization},
        )
    return redirect(url_of(consultation))


# --- Files -------------------------------------------------------------------------------------------------------


@login_required
def file_create(request, body, paper):
    body = access_body(body)
    require_manage(request, body)
    paper = access_committee_object(request.user, body, m.Paper, paper)
    return form_page(
        request,
        form=forms.FileUploadForm(request.POST or None, request.FILES or None),
        context={
            "body": body,
            "heading": _("Add a file to %(paper)s") % {"paper": paper},
            "back": url_of(paper),
            "multipart": True,
        },
        act=lambda data: services.file_create(
            actor=request.user,
            paper=paper,
            title=data["title"],
            upload=data["file"],
            main=data["main"],
            public=data["public"],
            no_third_party_personal_data=data["no_third_party_personal_data"],
        ),
        success=_("The file has been attached."),
        next_url=lambda file: url_of(paper) + "#dateien",
    )


def file_download(request, body, file):
    """Serve a file with its type, length, checksum as ETag and date; answer 304 when the client has it. A
    non-public file is served only to the entitled, and each of these reads is logged (including revalidations)."""
    body = access_body(body)
    file = access_committee_object(request.user, body, m.File, file)
    require_visible(request.user, file)
    if not file.public:
        services.file_access_record(user=request.user, file=file)
    headers = {
        "ETag": f'"{file.sha512_checksum}"',
        "Last-Modified": http_date(file.modified.timestamp()),
        "Cache-Control": "public, no-cache" if file.public else "private, no-cache",
    }
    not_modified = get_conditional_response(request, etag=headers["ETag"], last_modified=int(file.modified.timestamp()))
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    try:
        handle = file.file.open("rb")
    except (OSError, ValueError) as error:  # the content is gone from the storage
        raise Http404 from error
    inline = file.mime_type in {"application/pdf", "image/png", "image/jpeg", "text/plain"}
    response = FileResponse(handle, as_attachment=not inline, filename=file.file_name, content_type=file.mime_type)
    for name, value in headers.items():
        response[name] = value
    response.headers.setdefault("Content-Length", str(file.size))
    return response


@login_required
def file_edit(request, body, file):
    body = access_body(body)
    require_manage(request, body)
    file = access_committee_object(request.user, body, m.File, file)
    papers = services.papers_of_file(file)
    return form_page(
        request,
        form=forms.FileForm(request.POST or None, instance=file, body=body),
        template="committees/papers/file_edit.html",
        context={
            "body": body,
            "file": file,
            "papers": papers,
            "heading": _("Edit file “%(name)s”") % {"name": file.name},
            "back": url_of(papers[0]) + "#dateien" if papers else reverse("committees:papers", args=[body.slug]),
        },
        act=lambda data: services.file_update(actor=request.user, file=file, **data),
        success=lambda file: (
            _("The file has been published.") if file.public else _("The file has been saved; only members see it.")
        ),
        next_url=lambda file: url_of(papers[0]) + "#dateien" if papers else url_of(file),
    )


@login_required
@require_POST
def file_delete(request, body, file):
    body = access_body(body)
    require_manage(request, body)
    file = access_committee_object(request.user, body, m.File, file)
    papers = services.papers_of_file(file)
    try:
        services.file_delete(actor=request.user, file=file)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(url_of(file))
    messages.success(request, _("The file “%(name)s” has been removed.") % {"name": file.name})
    return redirect(url_of(papers[0]) + "#dateien" if papers else reverse("committees:papers", args=[body.slug]))


@login_required
def file_accesses(request, body):
    """The log of reads of non-public files, for the Geschäftsstelle (confidentiality, issue 4 point 6)."""
    body = access_body(body)
    require_manage(request, body)
    accesses = m.FileAccess.objects.filter(file__body=body).select_related("file", "user").order_by("-at", "-pk")
    chosen = None
    if (request.GET.get("datei") or "").isdigit():
        chosen = access_committee_object(request.user, body, m.File, int(request.GET["datei"]))
        accesses = accesses.filter(file=chosen)
    page = Paginator(accesses, 100).get_page(request.GET.get("seite"))
    return render(request, "committees/papers/file_accesses.html", {"body": body, "page": page, "chosen": chosen})
