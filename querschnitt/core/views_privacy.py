"""Requests about a person under Art. 15 and 17 GDPR, handled by the office of a body: search, copy as JSON,
erasure with confirmation. The search travels in the body of a POST, never in the address (server logs)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from querschnitt.tenancy.access import access_body
from querschnitt.tenancy.models import Body

from . import services_privacy
from .exceptions import ApplicationError
from .forms import add_application_error
from .privacy import privacy_source
from .services_privacy import PrivacyGroup


class PrivacySearchForm(forms.Form):
    query = forms.CharField(
        label=gettext_lazy("E-mail address or full name"),
        max_length=200,
        help_text=gettext_lazy(
            "An e-mail address is found exactly (upper or lower case does not matter); a name as a whole, e.g. "
            "“Erika Mustermann” or “Mustermann, Erika”."
        ),
    )


def _access(request: Any, slug: str) -> Body:
    """The body, if the user handles its requests. Someone who does not work in the body gets a 404 (the page does
    not reveal what it holds); someone who works there without the right gets a 403."""
    body = access_body(slug)
    if request.user.has_perm("core.handle_privacy_requests", body):
        return body
    if request.user.has_perm("tenancy.view_body_internal", body):
        raise PermissionDenied
    raise Http404


def _areas(groups: list[PrivacyGroup]) -> list[dict[str, Any]]:
    """The groups by area, in the order of the sources."""
    areas: list[dict[str, Any]] = []
    for group in groups:
        if not areas or str(areas[-1]["area"]) != str(group.area):
            areas.append({"area": group.area, "groups": []})
        areas[-1]["groups"].append(group)
    return areas


def _log_rows(body: Body) -> list[dict[str, Any]]:
    rows = []
    for entry in services_privacy.privacy_request_log(body=body):
        kinds = []
        for key, count in sorted(entry.counts.items()):
            source = privacy_source(key)
            kinds.append(f"{source.label if source else key}: {count}")
        rows.append({"entry": entry, "kinds": kinds})
    return rows


def _render_search(request: Any, body: Body, form: PrivacySearchForm, groups: list[PrivacyGroup] | None, **extra):
    context = {
        "body": body,
        "form": form,
        "searched": groups is not None,
        "areas": _areas(groups or []),
        "count": sum(len(group.records) for group in groups or []),
        "log_rows": _log_rows(body),
        **extra,
    }
    return render(request, "core/privacy/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def privacy_requests(request, body):
    """The search form; a POST with a name or an e-mail address lists what the body stores about the person."""
    body = _access(request, body)
    form = PrivacySearchForm(request.POST or None)
    groups = None
    if request.method == "POST" and form.is_valid():
        try:
            groups = services_privacy.personal_data_find(
                actor=request.user, body=body, query=form.cleaned_data["query"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
    return _render_search(request, body, form, groups)


def _search_again(request: Any, body: Body, error: ApplicationError):
    form = PrivacySearchForm(request.POST)
    groups = None
    if form.is_valid():
        try:
            groups = services_privacy.personal_data_find(
                actor=request.user, body=body, query=form.cleaned_data["query"]
            )
        except ApplicationError:
            groups = None
    messages.error(request, str(error.message))
    return _render_search(request, body, form, groups)


@login_required
@require_POST
def privacy_export(request, body):
    """The copy of the chosen records as a JSON file (Art. 15 GDPR)."""
    body = _access(request, body)
    try:
        data = services_privacy.personal_data_export(
            actor=request.user,
            body=body,
            query=request.POST.get("query", ""),
            records=request.POST.getlist("record"),
        )
    except ApplicationError as error:
        return _search_again(request, body, error)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="querschnitt-auskunft-{body.slug}-{stamp}.json"'
    return response


@login_required
@require_POST
def privacy_erase(request, body):
    """First the confirmation page with exactly what is removed and what stays; with `confirm` the erasure."""
    body = _access(request, body)
    query = request.POST.get("query", "")
    keys = request.POST.getlist("record")
    if request.POST.get("confirm") == "yes":
        try:
            result = services_privacy.personal_data_erase(actor=request.user, body=body, query=query, records=keys)
        except ApplicationError as error:
            return _search_again(request, body, error)
        messages.success(
            request,
            ngettext(
                "%(count)s record has been erased or anonymised. The log keeps how many, not what.",
                "%(count)s records have been erased or anonymised. The log keeps how many, not what.",
                result.total,
            )
            % {"count": result.total},
        )
        return redirect("core:privacy_requests", body=body.slug)
    try:
        groups = services_privacy.personal_data_find(actor=request.user, body=body, query=query)
        chosen = services_privacy.chosen_records(groups, keys)
    except ApplicationError as error:
        return _search_again(request, body, error)
    return render(
        request,
        "core/privacy/confirm_erase.html",
        {
            "body": body,
            "query": query,
            "areas": _areas(chosen),
            "count": sum(len(group.records) for group in chosen),
        },
    )
