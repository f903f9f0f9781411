"""Views for events: public pages (published events, registration, cancellation by secret link) and the office's
pages (create, edit, registrations, documentation). Registrants' personal data only with
`participation.view_registrations`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import forms_events as forms
from . import models as m
from . import selectors_events as selectors
from . import services_events as services
from .access import access_event, access_participation_object, access_registration_by_token


def event_url(event: m.Event, name: str = "event") -> str:
    return reverse(f"participation:{name}", kwargs={"body": event.body.slug, "event": event.pk})


def _cancel_url(request: HttpRequest) -> services.CancelUrl:
    return lambda token: request.build_absolute_uri(
        reverse("participation:event_cancel", kwargs={"eventregistration_token": token})
    )


def _may_manage(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm("participation.manage_events", body)


def _managed_event(request: HttpRequest, body: Any, pk: int, *, queryset: Any = None) -> m.Event:
    event = access_participation_object(
        request.user,
        body,
        m.Event,
        pk,
        queryset=queryset if queryset is not None else m.Event.objects.select_related("body"),
    )
    require_perm(request.user, "participation.manage_events", body)
    return event


def _moved_message(request: HttpRequest, moved: list[m.EventRegistration]) -> None:
    if moved:
        messages.info(
            request,
            ngettext(
                "%(count)s person moved up from the waiting list and has been told by e-mail.",
                "%(count)s people moved up from the waiting list and have been told by e-mail.",
                len(moved),
            )
            % {"count": len(moved)},
        )


# --- Public ---------------------------------------------------------------------------------------------------------


def events(request, body):
    """The body's events: published ones for everyone, all of them for those who work in the body."""
    body = access_body(body)
    internal = request.user.has_perm("participation.view_workshop", body)
    return render(
        request,
        "participation/events.html",
        {
            "body": body,
            "events": selectors.events_of(body, include_unpublished=internal),
            "can_manage": _may_manage(request, body),
        },
    )


def event_detail(request, body, event):
    body = access_body(body)
    event = access_event(request.user, body, event, queryset=selectors.event_queryset())
    can_see_registrations = request.user.has_perm("participation.view_registrations", body)
    return render(
        request,
        "participation/event_detail.html",
        {
            "body": body,
            "event": event,
            "topics": event.topic_list,
            "files": selectors.files_of(event, public_only=not can_see_registrations),
            "registration_possible": selectors.registration_possible(event),
            "can_manage": _may_manage(request, body),
            "can_see_registrations": can_see_registrations,
            "today": timezone.localdate(),
        },
    )


def event_register(request, body, event):
    """Registration without an account; works on a phone."""
    body = access_body(body)
    event = access_event(request.user, body, event, queryset=selectors.event_queryset())
    if not event.published:
        raise Http404
    form = forms.RegistrationForm(request.POST or None)

    def act(data: dict) -> m.EventRegistration:
        return services.event_register(event=event, cancel_url=_cancel_url(request), **data)

    def success(registration: m.EventRegistration) -> str:
        if registration.status == m.RegistrationStatus.WAITING:
            return _(
                "All places are taken: you are on the waiting list. If a place becomes free, you move up "
                "automatically and we tell you by e-mail."
            )
        return _("You are registered. We have sent you a confirmation e-mail with a link to cancel.")

    return form_page(
        request,
        form=form,
        template="participation/event_register.html",
        context={
            "body": body,
            "event": event,
            "registration_possible": selectors.registration_possible(event),
        },
        act=act,
        success=success,
        next_url=lambda registration: event_url(event),
    )


def event_cancel(request, eventregistration_token):
    """Cancellation by the secret link of the confirmation e-mail: shows only this registration's event."""
    registration = access_registration_by_token(eventregistration_token)
    done = registration.status == m.RegistrationStatus.CANCELLED
    if request.method == "POST" and not done:
        try:
            services.registration_cancel(
                actor=None, registration=registration, cancel_url=_cancel_url(request), by_link=True
            )
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your registration has been cancelled. Thank you for letting us know."))
        return redirect(request.path)
    return render(
        request,
        "participation/event_cancel.html",
        {"registration": registration, "event": registration.event, "done": done},
    )


def event_file(request, body, eventfile):
    """A documentation file: public ones of published events for everyone, the others only for the office."""
    body = access_body(body)
    file = get_object_or_404(m.EventFile.objects.select_related("event__body"), pk=eventfile, event__body=body)
    entitled = request.user.has_perm("participation.view_registrations", body)
    if not entitled and not (file.public and file.event.published):
        raise Http404
    try:
        handle = file.file.open("rb")
    except (OSError, ValueError) as error:
        raise Http404 from error
    inline = file.mime_type in {"application/pdf", "image/png", "image/jpeg", "text/plain"}
    response = FileResponse(handle, as_attachment=not inline, filename=file.file_name, content_type=file.mime_type)
    response["ETag"] = f'"{file.sha512_checksum}"'
    response["Cache-Control"] = "public, no-cache" if file.public else "private, no-cache"
    return response


# --- Office ---------------------------------------------------------------------------------------------------------


@login_required
def event_create(request, body):
    body = access_body(body)
    require_perm(request.user, "participation.manage_events", body)
    return form_page(
        request,
        form=forms.EventForm(request.POST or None, body=body, initial={"capacity": 100, "registration_open": True}),
        template="participation/edit.html",
        context={
            "body": body,
            "heading": _("New event"),
            "back": reverse("participation:events", kwargs={"body": body.slug}),
        },
        act=lambda data: services.event_create(actor=request.user, body=body, **data),
        success=_("The event has been created."),
        next_url=event_url,
    )


@login_required
def event_edit(request, body, event):
    body = access_body(body)
    event = _managed_event(request, body, event)
    moved: list[m.EventRegistration] = []

    def act(data: dict) -> m.Event:
        before = set(
            m.EventRegistration.objects.filter(event=event, status=m.RegistrationStatus.WAITING).values_list(
                "pk", flat=True
            )
        )
        result = services.event_update(actor=request.user, event=event, cancel_url=_cancel_url(request), **data)
        moved.extend(m.EventRegistration.objects.filter(pk__in=before).exclude(status=m.RegistrationStatus.WAITING))
        _moved_message(request, moved)
        return result

    return form_page(
        request,
        form=forms.EventForm(request.POST or None, instance=event, body=body),
        template="participation/edit.html",
        context={"body": body, "heading": _("Edit event"), "back": event_url(event)},
        act=act,
        success=_("The event has been saved."),
        next_url=event_url,
    )


@login_required
def registrations(request, body, event):
    body = access_body(body)
    event = access_participation_object(request.user, body, m.Event, event, queryset=selectors.event_queryset())
    require_perm(request.user, "participation.view_registrations", body)
    return render(
        request,
        "participation/registrations.html",
        {
            "body": body,
            "event": event,
            "registrations": selectors.registrations_of(event),
            "move_ups": selectors.move_ups_of(event),
            "can_manage": _may_manage(request, body),
        },
    )


@login_required
@require_POST
def registration_cancel(request, body, eventregistration):
    body = access_body(body)
    registration = access_participation_object(
        request.user,
        body,
        m.EventRegistration,
        eventregistration,
        queryset=m.EventRegistration.objects.select_related("event__body"),
    )
    require_perm(request.user, "participation.manage_events", body)
    try:
        moved = services.registration_cancel(
            actor=request.user, registration=registration, cancel_url=_cancel_url(request)
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The registration of %(name)s has been cancelled.") % {"name": registration.name})
        _moved_message(request, moved)
    return redirect(event_url(registration.event, "registrations"))


@login_required
def event_record(request, body, event):
    """The documentation afterwards: text and files, with the registration counts (kept after the registrations
    were deleted)."""
    body = access_body(body)
    event = _managed_event(request, body, event, queryset=selectors.event_queryset())
    return form_page(
        request,
        form=forms.DocumentationForm(request.POST or None, initial={"documentation": event.documentation}),
        template="participation/event_record.html",
        context={
            "body": body,
            "event": event,
            "files": selectors.files_of(event, public_only=False),
            "file_form": forms.EventFileForm(),
        },
        act=lambda data: services.event_set_documentation(actor=request.user, event=event, **data),
        success=_("The documentation has been saved."),
        next_url=event_url,
    )


@login_required
@require_POST
def event_file_add(request, body, event):
    body = access_body(body)
    event = _managed_event(request, body, event)
    form = forms.EventFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.event_file_add(
                actor=request.user, event=event, upload=form.cleaned_data.pop("file"), **form.cleaned_data
            )
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The file has been added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(event_url(event, "event_record") + "#dateien")


@login_required
@require_POST
def event_file_delete(request, body, eventfile):
    body = access_body(body)
    file = access_participation_object(
        request.user, body, m.EventFile, eventfile, queryset=m.EventFile.objects.select_related("event__body")
    )
    if not _may_manage(request, body):
        raise PermissionDenied
    services.event_file_delete(actor=request.user, file=file)
    messages.success(request, _("The file “%(title)s” has been removed.") % {"title": file.title})
    return redirect(event_url(file.event, "event_record") + "#dateien")
