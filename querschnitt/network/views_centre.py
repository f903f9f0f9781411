"""Views of the integration centre: its dashboard, the catalogue of services, counselling requests with their time
and status, and network events. Thin: fetch through the access helper, call one service.

Everything here needs `network.run_centre` (integration centre, committee office), except the dashboard's counts,
which state staff see without any list or name (`network.view_centre_statistics`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
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

from . import exports_centre, forms_centre, selectors_centre, services_centre
from . import models_centre as c
from .access import access_network_object

PAGE_SIZE = 50
RUN = "network.run_centre"


def _require_run(request: HttpRequest, body: Any) -> None:
    require_perm(request.user, RUN, body)


def _ensure_catalogue(request: HttpRequest, body: Any) -> None:
    """The catalogue starts with the tasks of seed 002 the first time the centre's pages are used."""
    services_centre.centre_services_ensure_defaults(actor=request.user, body=body)


def request_url(counselling_request: c.CounsellingRequest) -> str:
    return reverse(
        "centre:request",
        kwargs={"body": counselling_request.body.slug, "counsellingrequest": counselling_request.pk},
    )


def event_url(event: c.NetworkEvent) -> str:
    return reverse("centre:event", kwargs={"body": event.body.slug, "networkevent": event.pk})


def _request(request: HttpRequest, body: Any, pk: int, **kwargs: Any) -> c.CounsellingRequest:
    return access_network_object(request.user, body, c.CounsellingRequest, pk, **kwargs)


def _download(content: bytes, *, body: Any, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    file_name = f"{name}-{body.slug}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


# --- Dashboard -----------------------------------------------------------------------------------------------------


def _year(request: HttpRequest, today: Any) -> int:
    try:
        year = int(request.GET.get("jahr", ""))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
@require_safe
def dashboard(request, body):
    """The centre's figures of a year: requests by task area and status, time per month, the open requests, the
    upcoming events and the actors most involved. State staff see the counts only."""
    body = access_body(body)
    require_perm(request.user, "network.view_centre_statistics", body)
    can_run = request.user.has_perm(RUN, body)
    if can_run:
        _ensure_catalogue(request, body)
    today = timezone.localdate()
    year = _year(request, today)
    return render(
        request,
        "network/centre/dashboard.html",
        {
            "body": body,
            "can_run": can_run,
            "dashboard": selectors_centre.centre_dashboard(body, year=year, today=today, with_lists=can_run),
            "years": list(range(today.year, today.year - 5, -1)),
        },
    )


# --- The catalogue of services -----------------------------------------------------------------------------------


@login_required
@require_safe
def services(request, body):
    body = access_body(body)
    _require_run(request, body)
    _ensure_catalogue(request, body)
    catalogue: dict[int, list[c.CentreService]] = {area: [] for area in c.TaskArea.values}
    for service in selectors_centre.centre_services_of_body(body):
        catalogue[service.area].append(service)
    return render(
        request,
        "network/centre/services.html",
        {
            "body": body,
            "areas": [(area, label, catalogue[area]) for area, label in c.TaskArea.choices],
        },
    )


def _services_url(body: Any) -> str:
    return reverse("centre:services", kwargs={"body": body.slug})


@login_required
def service_create(request, body):
    body = access_body(body)
    _require_run(request, body)
    return form_page(
        request,
        form=forms_centre.CentreServiceForm(request.POST or None),
        template="network/edit.html",
        context={"body": body, "heading": _("New service"), "back": _services_url(body)},
        act=lambda data: services_centre.centre_service_create(actor=request.user, body=body, **data),
        success=_("The service has been added to the catalogue."),
        next_url=lambda service: _services_url(body) + f"#leistung-{service.pk}",
    )


@login_required
def service_edit(request, body, centreservice):
    body = access_body(body)
    service = access_network_object(request.user, body, c.CentreService, centreservice)
    _require_run(request, body)
    return form_page(
        request,
        form=forms_centre.CentreServiceForm(request.POST or None, instance=service),
        template="network/edit.html",
        context={"body": body, "heading": _("Edit service"), "back": _services_url(body)},
        act=lambda data: services_centre.centre_service_update(actor=request.user, service=service, **data),
        success=_("The service has been saved."),
        next_url=lambda service: _services_url(body) + f"#leistung-{service.pk}",
    )


# --- Counselling requests ----------------------------------------------------------------------------------------


def _filtered_requests(request: HttpRequest, body: Any) -> tuple[forms_centre.RequestFilterForm, Any]:
    form = forms_centre.RequestFilterForm(request.GET or None, body=body)
    return form, selectors_centre.counselling_request_list(body, **form.filters())


@login_required
@require_safe
def requests(request, body):
    """The requests with filters; one page of them, or (for HTMX) only the results. No names in the list."""
    body = access_body(body)
    _require_run(request, body)
    form, items = _filtered_requests(request, body)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        template_for(request, "network/centre/requests.html", "network/centre/includes/request_results.html"),
        {"body": body, "form": form, "page": page, "query_string": request.GET.urlencode()},
    )


@login_required
@require_safe
def requests_export_csv(request, body):
    """The filtered requests as CSV: the anonymous record only."""
    body = access_body(body)
    _require_run(request, body)
    _form, items = _filtered_requests(request, body)
    return _download(exports_centre.requests_csv(items), body=body, name="beratungsanfragen")


@login_required
def request_create(request, body):
    body = access_body(body)
    _require_run(request, body)
    _ensure_catalogue(request, body)
    form = forms_centre.CounsellingRequestForm(request.POST or None, body=body)
    if request.method == "GET":
        form.initial["handled_by"] = request.user.pk
    return form_page(
        request,
        form=form,
        template="network/edit.html",
        context={
            "body": body,
            "heading": _("New counselling request"),
            "back": reverse("centre:requests", kwargs={"body": body.slug}),
            "intro": _(
                "Record who asks and about what. Name and contact of the person are needed only rarely: store them "
                "only with their consent. They are removed automatically once the request has been finished for a "
                "while; the anonymous record stays for the statistics."
            ),
        },
        act=lambda data: services_centre.counselling_request_create(
            actor=request.user, body=body, **form.service_data()
        ),
        success=_("The request has been recorded."),
        next_url=request_url,
    )


def _detail_context(
    request: HttpRequest, body: Any, counselling_request: c.CounsellingRequest, **forms: Any
) -> dict[str, Any]:
    entries = list(counselling_request.time_entries.all())
    return {
        "body": body,
        "item": counselling_request,
        "time_entries": entries,
        "minutes_total": sum(entry.minutes for entry in entries),
        "status_form": forms.get("status_form") or forms_centre.StatusForm(counselling_request=counselling_request),
        "time_form": forms.get("time_form") or forms_centre.TimeEntryForm(),
        "retention_days": settings.QUERSCHNITT_COUNSELLING_RETENTION_DAYS,
    }


@login_required
@require_safe
def request_detail(request, body, counsellingrequest):
    body = access_body(body)
    counselling_request = _request(
        request, body, counsellingrequest, queryset=selectors_centre.counselling_request_detail_queryset()
    )
    return render(request, "network/centre/request_detail.html", _detail_context(request, body, counselling_request))


@login_required
def request_edit(request, body, counsellingrequest):
    body = access_body(body)
    counselling_request = _request(request, body, counsellingrequest)
    _require_run(request, body)
    form = forms_centre.CounsellingRequestForm(request.POST or None, instance=counselling_request, body=body)
    return form_page(
        request,
        form=form,
        template="network/edit.html",
        context={"body": body, "heading": _("Edit counselling request"), "back": request_url(counselling_request)},
        act=lambda data: services_centre.counselling_request_update(
            actor=request.user, counselling_request=counselling_request, **form.service_data()
        ),
        success=_("The request has been saved."),
        next_url=request_url,
    )


@login_required
@require_POST
def request_status(request, body, counsellingrequest):
    """Move a request on (status, outcome, referred to) from its page."""
    body = access_body(body)
    counselling_request = _request(
        request, body, counsellingrequest, queryset=selectors_centre.counselling_request_detail_queryset()
    )
    _require_run(request, body)
    form = forms_centre.StatusForm(request.POST, counselling_request=counselling_request)
    if form.is_valid():
        try:
            services_centre.counselling_request_set_status(
                actor=request.user, counselling_request=counselling_request, **form.cleaned_data
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("The request is now “%(status)s”.") % {"status": counselling_request.get_status_display()},
            )
            return redirect(request_url(counselling_request))
    return render(
        request,
        "network/centre/request_detail.html",
        _detail_context(request, body, counselling_request, status_form=form),
    )


@login_required
@require_POST
def time_entry_create(request, body, counsellingrequest):
    body = access_body(body)
    counselling_request = _request(
        request, body, counsellingrequest, queryset=selectors_centre.counselling_request_detail_queryset()
    )
    _require_run(request, body)
    form = forms_centre.TimeEntryForm(request.POST)
    if form.is_valid():
        try:
            services_centre.counselling_time_entry_create(
                actor=request.user, counselling_request=counselling_request, **form.cleaned_data
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            minutes = form.cleaned_data["minutes"]
            messages.success(
                request,
                ngettext("%(minutes)s minute has been recorded.", "%(minutes)s minutes have been recorded.", minutes)
                % {"minutes": minutes},
            )
            return redirect(request_url(counselling_request) + "#zeit")
    return render(
        request,
        "network/centre/request_detail.html",
        _detail_context(request, body, counselling_request, time_form=form),
    )


@login_required
@require_POST
def time_entry_delete(request, body, counsellingtimeentry):
    body = access_body(body)
    entry = access_network_object(
        request.user,
        body,
        c.CounsellingTimeEntry,
        counsellingtimeentry,
        queryset=c.CounsellingTimeEntry.objects.select_related("request__body"),
    )
    _require_run(request, body)
    services_centre.counselling_time_entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("The time entry has been removed."))
    return redirect(request_url(entry.request) + "#zeit")


@login_required
def request_personal_data_delete(request, body, counsellingrequest):
    """Ask, then remove the personal data of a request (the person withdrew their consent or asks for erasure)."""
    body = access_body(body)
    counselling_request = _request(request, body, counsellingrequest)
    _require_run(request, body)
    if request.method == "POST":
        services_centre.counselling_request_remove_personal_data(
            actor=request.user, counselling_request=counselling_request
        )
        messages.success(request, _("The personal data of the request has been removed."))
        return redirect(request_url(counselling_request))
    return render(
        request,
        "network/confirm_delete.html",
        {
            "body": body,
            "heading": _("Remove personal data"),
            "question": _(
                "Remove the name and contact of the person asking, the day of their consent and the free texts of "
                "this request — also from its change history? The anonymous record stays. This cannot be undone."
            ),
            "back": request_url(counselling_request),
        },
    )


@login_required
@require_safe
def request_history(request, body, counsellingrequest):
    body = access_body(body)
    counselling_request = _request(request, body, counsellingrequest)
    records = counselling_request.history.select_related("history_user").order_by("-history_date")[:100]
    return render(
        request,
        "network/history.html",
        {
            "body": body,
            "object": counselling_request,
            "entries": history_entries(records),
            "back": request_url(counselling_request),
        },
    )


# --- Network events ----------------------------------------------------------------------------------------------


def _filtered_events(request: HttpRequest, body: Any) -> tuple[forms_centre.EventFilterForm, Any]:
    form = forms_centre.EventFilterForm(request.GET or None, body=body)
    return form, selectors_centre.network_event_list(body, **form.filters())


@login_required
@require_safe
def events(request, body):
    body = access_body(body)
    _require_run(request, body)
    form, items = _filtered_events(request, body)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        template_for(request, "network/centre/events.html", "network/centre/includes/event_results.html"),
        {"body": body, "form": form, "page": page, "query_string": request.GET.urlencode()},
    )


@login_required
@require_safe
def events_export_csv(request, body):
    body = access_body(body)
    _require_run(request, body)
    _form, items = _filtered_events(request, body)
    return _download(exports_centre.events_csv(items), body=body, name="netzwerkveranstaltungen")


def _event_data(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "actors": list(data.get("actors") or [])}


@login_required
def event_create(request, body):
    body = access_body(body)
    _require_run(request, body)
    return form_page(
        request,
        form=forms_centre.NetworkEventForm(request.POST or None, body=body),
        template="network/edit.html",
        context={
            "body": body,
            "heading": _("New network event"),
            "back": reverse("centre:events", kwargs={"body": body.slug}),
        },
        act=lambda data: services_centre.network_event_create(actor=request.user, body=body, **_event_data(data)),
        success=_("The network event has been added."),
        next_url=event_url,
    )


@login_required
@require_safe
def event_detail(request, body, networkevent):
    body = access_body(body)
    event = access_network_object(
        request.user, body, c.NetworkEvent, networkevent, queryset=selectors_centre.network_event_detail_queryset()
    )
    return render(request, "network/centre/event_detail.html", {"body": body, "event": event})


@login_required
def event_edit(request, body, networkevent):
    body = access_body(body)
    event = access_network_object(request.user, body, c.NetworkEvent, networkevent)
    _require_run(request, body)
    return form_page(
        request,
        form=forms_centre.NetworkEventForm(request.POST or None, instance=event, body=body),
        template="network/edit.html",
        context={"body": body, "heading": _("Edit network event"), "back": event_url(event)},
        act=lambda data: services_centre.network_event_update(actor=request.user, event=event, **_event_data(data)),
        success=_("The network event has been saved."),
        next_url=event_url,
    )


@login_required
def event_delete(request, body, networkevent):
    body = access_body(body)
    event = access_network_object(request.user, body, c.NetworkEvent, networkevent)
    _require_run(request, body)
    if request.method == "POST":
        services_centre.network_event_delete(actor=request.user, event=event)
        messages.success(request, _("The network event has been deleted."))
        return redirect("centre:events", body=body.slug)
    return render(
        request,
        "network/confirm_delete.html",
        {
            "body": body,
            "heading": _("Delete network event"),
            "question": _("Delete the network event “%(title)s”? This cannot be undone.") % {"title": event.title},
            "back": event_url(event),
        },
    )
