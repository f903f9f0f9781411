"""Views of the actors: list with search and filters, import and export, the actor with its contact persons and
its history of cooperation, and the kinds of actors. Thin: fetch through the access helper, call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.history import history_entries
from querschnitt.core.htmx import template_for
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import exports, forms, imports, selectors, services
from . import models as m
from .access import access_network_object

PAGE_SIZE = 50
# The validation report of an import lists at most this many problems; the count in the summary is complete.
REPORT_LIMIT = 500


def may_edit(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm("network.edit_network", body)


def require_edit(request: HttpRequest, body: Any) -> None:
    if not may_edit(request, body):
        raise PermissionDenied


def actor_url(network_actor: m.Actor) -> str:
    return reverse("network:actor", kwargs={"body": network_actor.body.slug, "actor": network_actor.pk})


def _actor(request: HttpRequest, body: Any, pk: int, **kwargs: Any) -> m.Actor:
    return access_network_object(request.user, body, m.Actor, pk, **kwargs)


# --- The list, its export and the import ---------------------------------------------------------------------------


def _filtered_actors(request: HttpRequest, body: Any) -> tuple[forms.ActorFilterForm, Any]:
    form = forms.ActorFilterForm(request.GET or None, body=body, cities=selectors.cities_of_body(body))
    return form, selectors.actor_list(body, **form.filters())


@login_required
@require_safe
def actors(request, body):
    """The body's actors with search and filters; one page of them, or (for HTMX) only the results."""
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    form, items = _filtered_actors(request, body)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        template_for(request, "network/actors.html", "network/includes/actor_results.html"),
        {
            "body": body,
            "form": form,
            "page": page,
            "can_edit": may_edit(request, body),
            "can_view_contacts": request.user.has_perm("network.view_contacts", body),
            "query_string": request.GET.urlencode(),
        },
    )


def _download(content: bytes, *, content_type: str, body: Any, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    file_name = f"akteure-{body.slug}-{timezone.localdate().isoformat()}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@login_required
@require_safe
def actors_export_csv(request, body):
    """The filtered list as CSV, with the columns the import reads."""
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    _form, items = _filtered_actors(request, body)
    return _download(exports.actors_csv(items), content_type="text/csv; charset=utf-8", body=body, suffix="csv")


@login_required
@require_safe
def actors_export_xlsx(request, body):
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    _form, items = _filtered_actors(request, body)
    return _download(exports.actors_xlsx(items), content_type=exports.XLSX_CONTENT_TYPE, body=body, suffix="xlsx")


@login_required
@require_safe
def actors_import_template(request, body):
    """An empty import file with the header row."""
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    return _download(exports.actors_csv([]), content_type="text/csv; charset=utf-8", body=body, suffix="csv")


@login_required
def actors_import(request, body):
    """Upload a file of actors: on a problem the German report and nothing written; else back to the list with
    how many actors are new and how many changed."""
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    require_edit(request, body)
    form = forms.ActorImportForm(request.POST, request.FILES) if request.method == "POST" else forms.ActorImportForm()
    problems: list[imports.ImportProblem] = []
    summary = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.actors_import(actor=request.user, body=body, file=form.cleaned_data["file"])
        except imports.ImportRefused as refusal:
            if any(problem.row for problem in refusal.problems):
                problems, summary = refusal.problems, str(refusal.message)
            else:
                form.add_error("file", " ".join(problem.message for problem in refusal.problems))
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                # Only the new actors are named; the updated and unchanged ones take no noun of their own.
                ngettext(
                    "Import done: %(created)s new actor, %(updated)s updated, %(unchanged)s unchanged.",
                    "Import done: %(created)s new actors, %(updated)s updated, %(unchanged)s unchanged.",
                    result.created,
                )
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("network:actors", body=body.slug)
    return render(
        request,
        "network/actors_import.html",
        {
            "body": body,
            "form": form,
            "summary": summary,
            "problems": problems[:REPORT_LIMIT],
            "problems_left_out": len(problems) - REPORT_LIMIT if len(problems) > REPORT_LIMIT else 0,
            "headings": imports.HEADINGS,
            "kinds": selectors.kinds_for_body(body),
        },
    )


# --- One actor -----------------------------------------------------------------------------------------------------


@login_required
def actor_create(request, body):
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.ActorForm(request.POST or None, body=body),
        template="network/edit.html",
        context={
            "body": body,
            "heading": _("New actor"),
            "back": reverse("network:actors", kwargs={"body": body.slug}),
        },
        act=lambda data: services.actor_create(actor=request.user, body=body, **data),
        success=_("The actor has been added."),
        next_url=actor_url,
    )


@login_required
@require_safe
def actor_detail(request, body, actor):
    body = access_body(body)
    network_actor = _actor(request, body, actor, queryset=selectors.actor_detail_queryset())
    return render(
        request,
        "network/actor_detail.html",
        {
            "body": body,
            "actor": network_actor,
            "can_edit": may_edit(request, body),
            "can_view_contacts": request.user.has_perm("network.view_contacts", body),
            "cooperation_form": forms.CooperationEntryForm(),
        },
    )


@login_required
def actor_edit(request, body, actor):
    body = access_body(body)
    network_actor = _actor(request, body, actor)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.ActorForm(request.POST or None, instance=network_actor, body=body),
        template="network/edit.html",
        context={"body": body, "heading": _("Edit actor"), "back": actor_url(network_actor)},
        act=lambda data: services.actor_update(actor=request.user, network_actor=network_actor, **data),
        success=_("The actor has been saved."),
        next_url=actor_url,
    )


@login_required
@require_safe
def actor_history(request, body, actor):
    body = access_body(body)
    network_actor = _actor(request, body, actor)
    records = network_actor.history.select_related("history_user").order_by("-history_date")[:100]
    return render(
        request,
        "network/history.html",
        {
            "body": body,
            "object": network_actor,
            "entries": history_entries(records),
            "back": actor_url(network_actor),
        },
    )


# --- Contact persons and the history of cooperation ------------------------------------------------------------------


@login_required
def contact_create(request, body, actor):
    body = access_body(body)
    network_actor = _actor(request, body, actor)
    require_perm(request.user, "network.view_contacts", body)
    require_edit(request, body)
    form = forms.ContactPersonForm(
        request.POST or None, initial={"consent_text_version": services.CONSENT_TEXT_VERSION}
    )
    return form_page(
        request,
        form=form,
        template="network/edit.html",
        context={
            "body": body,
            "heading": _("New contact person of %(actor)s") % {"actor": network_actor.name},
            "back": actor_url(network_actor),
            "intro": _(
                "Store a contact person only with their consent, and note the day they gave it. They may withdraw "
                "it at any time: then delete their entry."
            ),
        },
        act=lambda data: services.contact_person_create(
            actor=request.user, network_actor=network_actor, **form.service_data()
        ),
        success=_("The contact person has been added."),
        next_url=lambda contact: actor_url(contact.actor),
    )


def _contact(request: HttpRequest, body: Any, pk: int) -> m.ContactPerson:
    return access_network_object(
        request.user, body, m.ContactPerson, pk, queryset=m.ContactPerson.objects.select_related("actor__body")
    )


@login_required
def contact_edit(request, body, contactperson):
    body = access_body(body)
    contact = _contact(request, body, contactperson)
    require_edit(request, body)
    form = forms.ContactPersonForm(request.POST or None, instance=contact)
    return form_page(
        request,
        form=form,
        template="network/edit.html",
        context={"body": body, "heading": _("Edit contact person"), "back": actor_url(contact.actor)},
        act=lambda data: services.contact_person_update(actor=request.user, contact=contact, **form.service_data()),
        success=_("The contact person has been saved."),
        next_url=lambda contact: actor_url(contact.actor),
    )


@login_required
def contact_delete(request, body, contactperson):
    """Ask, then delete the contact person's data for good."""
    body = access_body(body)
    contact = _contact(request, body, contactperson)
    require_edit(request, body)
    if request.method == "POST":
        network_actor = contact.actor
        try:
            services.contact_person_delete(actor=request.user, contact=contact)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The contact person has been deleted."))
        return redirect(actor_url(network_actor))
    return render(
        request,
        "network/confirm_delete.html",
        {
            "body": body,
            "heading": _("Delete contact person"),
            "question": _("Delete “%(name)s” and all their contact data for good? This cannot be undone.")
            % {"name": contact.name},
            "back": actor_url(contact.actor),
        },
    )


@login_required
@require_POST
def cooperation_create(request, body, actor):
    body = access_body(body)
    network_actor = _actor(request, body, actor, queryset=selectors.actor_detail_queryset())
    require_edit(request, body)
    form = forms.CooperationEntryForm(request.POST)
    if form.is_valid():
        try:
            services.cooperation_entry_create(actor=request.user, network_actor=network_actor, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The entry has been added to the history of cooperation."))
            return redirect(actor_url(network_actor) + "#kooperation")
    return render(
        request,
        "network/actor_detail.html",
        {
            "body": body,
            "actor": network_actor,
            "can_edit": True,
            "can_view_contacts": request.user.has_perm("network.view_contacts", body),
            "cooperation_form": form,
        },
    )


@login_required
@require_POST
def cooperation_delete(request, body, cooperationentry):
    body = access_body(body)
    entry = access_network_object(
        request.user,
        body,
        m.CooperationEntry,
        cooperationentry,
        queryset=m.CooperationEntry.objects.select_related("actor__body"),
    )
    require_edit(request, body)
    services.cooperation_entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("The entry has been removed."))
    return redirect(actor_url(entry.actor) + "#kooperation")


# --- Kinds of actors -----------------------------------------------------------------------------------------------


@login_required
def actor_kinds(request, body):
    """The default kinds and the body's own; editors add kinds here."""
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    form = forms.ActorKindCreateForm(request.POST or None)
    if request.method == "POST":
        require_edit(request, body)
        if form.is_valid():
            try:
                services.actor_kind_create(actor=request.user, body=body, **form.cleaned_data)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("The kind has been added."))
                return redirect("network:actor_kinds", body=body.slug)
    return render(
        request,
        "network/actor_kinds.html",
        {
            "body": body,
            "form": form,
            "default_kinds": selectors.default_kinds(),
            "own_kinds": selectors.own_kinds(body),
            "can_edit": may_edit(request, body),
        },
    )


@login_required
def actor_kind_edit(request, body, actorkind):
    body = access_body(body)
    kind = access_network_object(request.user, body, m.ActorKind, actorkind)
    require_edit(request, body)
    kinds_url = reverse("network:actor_kinds", kwargs={"body": body.slug})
    return form_page(
        request,
        form=forms.ActorKindForm(request.POST or None, instance=kind),
        template="network/edit.html",
        context={"body": body, "heading": _("Edit kind"), "back": kinds_url},
        act=lambda data: services.actor_kind_update(actor=request.user, kind=kind, **data),
        success=_("The kind has been saved."),
        next_url=lambda _kind: kinds_url,
    )
