"""Views for the participants of a workshop process, attendance, capacity, costs and prices. Personal data of
participants only for those with `participation.view_participants`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import forms_participants as forms
from . import models as m
from . import selectors_participants as selectors
from . import services_participants as services
from .access import access_participation_object
from .views import _process_url


def participants_url(process: m.WorkshopProcess) -> str:
    return reverse("participation:participants", kwargs={"body": process.body.slug, "workshopprocess": process.pk})


def _process(request: HttpRequest, body: Any, pk: int) -> m.WorkshopProcess:
    process = access_participation_object(
        request.user, body, m.WorkshopProcess, pk, queryset=m.WorkshopProcess.objects.select_related("body")
    )
    require_perm(request.user, "participation.view_participants", body)
    return process


def _participant(request: HttpRequest, body: Any, pk: int) -> m.Participant:
    participant = access_participation_object(
        request.user, body, m.Participant, pk, queryset=m.Participant.objects.select_related("process__body")
    )
    require_perm(request.user, "participation.manage_participants", body)
    return participant


def _moved_message(request: HttpRequest, moved: list[m.Participant]) -> None:
    if moved:
        messages.info(
            request,
            ngettext(
                "%(names)s moved up from the waiting list.",
                "%(names)s moved up from the waiting list.",
                len(moved),
            )
            % {"names": ", ".join(person.name for person in moved)},
        )


@login_required
def participants(request, body, workshopprocess):
    body = access_body(body)
    process = _process(request, body, workshopprocess)
    return render(
        request,
        "participation/participants.html",
        {
            "body": body,
            "process": process,
            "participants": selectors.participants_of(process),
            "balance": selectors.balance_of(process),
            "waiting": selectors.waiting_list(process),
            "move_ups": selectors.move_ups_of(process),
            "days": selectors.days_of(process),
            "estimate": selectors.cost_estimate(process),
            "statuses": m.ParticipantStatus,
            "can_manage": request.user.has_perm("participation.manage_participants", body),
        },
    )


@login_required
def participant_create(request, body, workshopprocess):
    body = access_body(body)
    process = _process(request, body, workshopprocess)
    require_perm(request.user, "participation.manage_participants", body)

    def success(participant: m.Participant) -> str:
        if participant.status == m.ParticipantStatus.WAITING:
            return _("All places are taken: %(name)s is on the waiting list.") % {"name": participant.name}
        return _("%(name)s has been invited.") % {"name": participant.name}

    return form_page(
        request,
        form=forms.ParticipantForm(request.POST or None),
        template="participation/edit.html",
        context={
            "body": body,
            "heading": _("Invite a participant"),
            "back": participants_url(process),
            "intro": _(
                "Only what the invitation needs. Origin, nationality or religion are never asked. The participants "
                "are seen only by the moderation, the office and the integration centre."
            ),
        },
        act=lambda data: services.participant_invite(actor=request.user, process=process, **data),
        success=success,
        next_url=lambda participant: participants_url(process),
    )


@login_required
def participant_edit(request, body, participant):
    body = access_body(body)
    person = _participant(request, body, participant)
    initial = {
        "name": person.name,
        "organisation": person.organisation,
        "email": person.email,
        "target_group": person.target_group,
    }
    return form_page(
        request,
        form=forms.ParticipantForm(request.POST or None, initial=initial, with_consent=False),
        template="participation/edit.html",
        context={
            "body": body,
            "heading": _("Edit participant"),
            "back": participants_url(person.process),
            "intro": _("Consent given on %(date)s to the wording of version %(version)s.")
            % {"date": f"{person.consent_given_on:%d.%m.%Y}", "version": person.consent_text_version},
        },
        act=lambda data: services.participant_update(actor=request.user, participant=person, **data),
        success=_("The participant has been saved."),
        next_url=lambda obj: participants_url(obj.process),
    )


@login_required
@require_POST
def participant_status(request, body, participant):
    body = access_body(body)
    person = _participant(request, body, participant)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
        return redirect(participants_url(person.process))
    try:
        moved = services.participant_set_status(
            actor=request.user, participant=person, status=form.cleaned_data["status"]
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.") % {"name": person.name, "status": person.get_status_display()},
        )
        _moved_message(request, moved)
    return redirect(participants_url(person.process) + f"#teilnehmende-{person.pk}")


@login_required
def participant_delete(request, body, participant):
    """GET: the confirmation page, saying what will be deleted and that it cannot be undone. POST: delete."""
    body = access_body(body)
    person = _participant(request, body, participant)
    if request.method != "POST":
        return render(
            request,
            "participation/participant_delete.html",
            {
                "body": body,
                "person": person,
                "process": person.process,
                "days": selectors.days_attended(person),
                "others_waiting": person.holds_place and selectors.waiting_list(person.process).exists(),
            },
        )
    try:
        moved = services.participant_delete(actor=request.user, participant=person)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The data of %(name)s have been deleted.") % {"name": person.name})
        _moved_message(request, moved)
    return redirect(participants_url(person.process))


@login_required
def capacity_edit(request, body, workshopprocess):
    body = access_body(body)
    process = _process(request, body, workshopprocess)
    require_perm(request.user, "participation.manage_participants", body)
    initial = {"max_participants": process.max_participants, "travel_costs": process.travel_costs}
    moved: list[m.Participant] = []

    def act(data: dict) -> m.WorkshopProcess:
        moved.extend(services.process_set_capacity(actor=request.user, process=process, **data))
        _moved_message(request, moved)
        return process

    return form_page(
        request,
        form=forms.CapacityForm(request.POST or None, initial=initial),
        template="participation/edit.html",
        context={"body": body, "heading": _("Places and travel costs"), "back": _process_url(process)},
        act=act,
        success=_("Places and travel costs have been saved."),
        next_url=lambda obj: _process_url(obj) + "#kosten",
    )


@login_required
def attendance(request, body, workshopday):
    """Tick who was there on one day (a workshop day, the preparation or the follow-up meeting)."""
    body = access_body(body)
    day = access_participation_object(
        request.user, body, m.WorkshopDay, workshopday, queryset=m.WorkshopDay.objects.select_related("phase__process")
    )
    require_perm(request.user, "participation.manage_participants", body)
    process = day.phase.process
    people = list(
        m.Participant.objects.filter(process=process)
        .exclude(status__in=[m.ParticipantStatus.DECLINED, m.ParticipantStatus.WAITING])
        .order_by("target_group", "name", "pk")
    )
    present = set(day.attendances.values_list("participant_id", flat=True))
    if request.method == "POST":
        chosen = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
        try:
            count = services.attendance_set(actor=request.user, day=day, participant_ids=chosen)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                ngettext("%(count)s person was there on %(date)s.", "%(count)s people were there on %(date)s.", count)
                % {"count": count, "date": f"{day.date:%d.%m.%Y}"},
            )
            return redirect(participants_url(process) + "#anwesenheit")
        present = set(chosen)
    return render(
        request,
        "participation/attendance.html",
        {"body": body, "day": day, "process": process, "people": people, "present": present},
    )


@login_required
def price_model_edit(request, body):
    body = access_body(body)
    require_perm(request.user, "participation.manage_prices", body)
    model = selectors.price_model_of(body)
    initial = {
        "package_price": model.package_price,
        "package_description": model.package_description,
        "package_max_participants": model.package_max_participants,
        "material_per_participant": model.material_per_participant,
    }
    back = reverse("participation:processes", kwargs={"body": body.slug})
    return form_page(
        request,
        form=forms.PriceModelForm(request.POST or None, initial=initial),
        template="participation/edit.html",
        context={
            "body": body,
            "heading": _("Prices of the workshop"),
            "back": back,
            "intro": _(
                "The cost estimate of every workshop process of %(body)s uses these prices. Default (seed 003): "
                "6.000 € incl. VAT per package for at most 40 participants, plus the trainers' travel costs and "
                "5 € per participant for training materials."
            )
            % {"body": body.name},
        },
        act=lambda data: services.price_model_set(actor=request.user, body=body, **data),
        success=_("The prices have been saved."),
        next_url=lambda obj: back,
    )
