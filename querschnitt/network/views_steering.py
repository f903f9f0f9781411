"""Views of the steering group: its composition (proposed and decided, side by side with sums), the people on its
seats, the warnings, its tasks as a checklist and its meetings (those of its committee)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.history import history_entries
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import composition_text, forms, selectors, services
from . import models as m
from .access import access_network_object
from .views import may_edit, require_edit


def group_url(group: m.SteeringGroup, anchor: str = "") -> str:
    url = reverse("network:steering_group", kwargs={"body": group.body.slug, "steeringgroup": group.pk})
    return url + (f"#{anchor}" if anchor else "")


def _group(request: HttpRequest, body: Any, pk: int) -> m.SteeringGroup:
    return access_network_object(
        request.user,
        body,
        m.SteeringGroup,
        pk,
        queryset=m.SteeringGroup.objects.select_related("body", "organization"),
    )


def _seat(request: HttpRequest, body: Any, pk: int) -> m.SteeringGroupSeat:
    return access_network_object(
        request.user,
        body,
        m.SteeringGroupSeat,
        pk,
        queryset=m.SteeringGroupSeat.objects.select_related("group__body"),
    )


def _holder(request: HttpRequest, body: Any, pk: int) -> m.SeatHolder:
    return access_network_object(
        request.user, body, m.SeatHolder, pk, queryset=m.SeatHolder.objects.select_related("seat__group__body")
    )


def _task(request: HttpRequest, body: Any, pk: int) -> m.SteeringGroupTask:
    return access_network_object(
        request.user,
        body,
        m.SteeringGroupTask,
        pk,
        queryset=m.SteeringGroupTask.objects.select_related("group__body"),
    )


# --- The groups ----------------------------------------------------------------------------------------------------


@login_required
@require_safe
def steering_groups(request, body):
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    return render(
        request,
        "network/steering_groups.html",
        {"body": body, "groups": selectors.steering_groups_of_body(body), "can_edit": may_edit(request, body)},
    )


@login_required
def steering_group_create(request, body):
    body = access_body(body)
    require_perm(request.user, "network.view_network", body)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.SteeringGroupForm(request.POST or None, body=body, initial={"name": _("Steering group")}),
        template="network/edit.html",
        context={
            "body": body,
            "heading": _("New steering group"),
            "back": reverse("network:steering_groups", kwargs={"body": body.slug}),
        },
        act=lambda data: services.steering_group_create(actor=request.user, body=body, **data),
        success=_("The steering group has been created. Now add its seats."),
        next_url=group_url,
    )


@login_required
@require_safe
def steering_group_detail(request, body, steeringgroup):
    """Proposed and decided composition side by side with their sums, the people on the seats, the warnings, the
    tasks and the meetings — in a fixed number of queries."""
    body = access_body(body)
    group = _group(request, body, steeringgroup)
    composition = selectors.steering_group_composition(group)
    meetings = selectors.steering_group_meetings(group)
    return render(
        request,
        "network/steering_group_detail.html",
        {
            "body": body,
            "group": group,
            "composition": composition,
            "meetings": meetings,
            "tasks": selectors.task_lines(group, meetings, today=composition.today),
            "can_edit": may_edit(request, body),
            "can_plan_meetings": request.user.has_perm("committees.manage", body),
        },
    )


@login_required
def steering_group_edit(request, body, steeringgroup):
    body = access_body(body)
    group = _group(request, body, steeringgroup)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.SteeringGroupForm(request.POST or None, instance=group, body=body),
        template="network/edit.html",
        context={"body": body, "heading": _("Edit steering group"), "back": group_url(group)},
        act=lambda data: services.steering_group_update(actor=request.user, group=group, **data),
        success=_("The steering group has been saved."),
        next_url=group_url,
    )


@login_required
@require_safe
def steering_group_history(request, body, steeringgroup):
    """Who changed the group, its seats, the people on them and its tasks, and when (newest first)."""
    body = access_body(body)
    group = _group(request, body, steeringgroup)
    records = selectors.history_of_group(group)
    entries = [
        *history_entries(records["group"]),
        *history_entries(records["seats"], subject=lambda record: _("Seat “%(seat)s”") % {"seat": record.label}),
        *history_entries(records["holders"], subject=lambda record: record.name),
        *history_entries(records["tasks"], subject=lambda record: _("Task “%(task)s”") % {"task": record.text}),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return render(
        request,
        "network/history.html",
        {"body": body, "object": group, "entries": entries[:200], "back": group_url(group)},
    )


# --- Seats ---------------------------------------------------------------------------------------------------------


def _after_seat(request: HttpRequest, seat: m.SteeringGroupSeat) -> str:
    """„Save and add another seat“ leads to an empty form again; „Save“ back to the group."""
    if request.POST.get("weiter") == "neu":
        return reverse("network:seat_create", kwargs={"body": seat.group.body.slug, "steeringgroup": seat.group_id})
    return group_url(seat.group, f"sitz-{seat.pk}")


@login_required
def seat_create(request, body, steeringgroup):
    body = access_body(body)
    group = _group(request, body, steeringgroup)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.SeatForm(request.POST or None, body=body),
        template="network/edit.html",
        context={
            "body": body,
            "heading": _("New seat in “%(group)s”") % {"group": group.name},
            "back": group_url(group),
            "add_another": _("Save and add another seat"),
            "intro": _(
                "A line of the composition: enter the decided number of places, the proposed one, or both. A line "
                "only of the proposal has no decided number."
            ),
        },
        act=lambda data: services.steering_group_seat_create(actor=request.user, group=group, **data),
        success=lambda seat: _("The seat “%(seat)s” has been added.") % {"seat": seat.label},
        next_url=lambda seat: _after_seat(request, seat),
    )


@login_required
def seats_paste(request, body, steeringgroup):
    """Paste a composition from a paper: every line becomes a seat (all or none)."""
    body = access_body(body)
    group = _group(request, body, steeringgroup)
    require_edit(request, body)
    form = forms.SeatsPasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drafts = composition_text.parse_seat_lines(form.cleaned_data["text"])
            seats = services.steering_group_seats_add(
                actor=request.user, group=group, drafts=drafts, decided=form.cleaned_data["column"] == "beschluss"
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            places = sum((seat.decided_count or seat.proposed_count or 0) for seat in seats)
            messages.success(
                request,
                ngettext(
                    "%(count)s seat with %(places)s places in all has been added.",
                    "%(count)s seats with %(places)s places in all have been added.",
                    len(seats),
                )
                % {"count": len(seats), "places": places},
            )
            return redirect(group_url(group, "zusammensetzung"))
    return render(
        request,
        "network/edit.html",
        {
            "body": body,
            "form": form,
            "heading": _("Paste seats into “%(group)s”") % {"group": group.name},
            "back": group_url(group),
            "submit_label": _("Add seats"),
            "heading_level": 1,
        },
    )


@login_required
def seat_edit(request, body, steeringgroupseat):
    body = access_body(body)
    seat = _seat(request, body, steeringgroupseat)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.SeatForm(request.POST or None, instance=seat, body=body),
        template="network/edit.html",
        context={"body": body, "heading": _("Edit seat"), "back": group_url(seat.group, f"sitz-{seat.pk}")},
        act=lambda data: services.steering_group_seat_update(actor=request.user, seat=seat, **data),
        success=_("The seat has been saved."),
        next_url=lambda seat: group_url(seat.group, f"sitz-{seat.pk}"),
    )


@login_required
def seat_delete(request, body, steeringgroupseat):
    body = access_body(body)
    seat = _seat(request, body, steeringgroupseat)
    require_edit(request, body)
    group = seat.group
    if request.method == "POST":
        try:
            services.steering_group_seat_delete(actor=request.user, seat=seat)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The seat has been removed."))
        return redirect(group_url(group, "zusammensetzung"))
    return render(
        request,
        "network/confirm_delete.html",
        {
            "body": body,
            "heading": _("Remove seat"),
            "question": _("Remove the seat “%(seat)s” and the people named for it?") % {"seat": seat.label},
            "back": group_url(group, f"sitz-{seat.pk}"),
        },
    )


# --- People on the seats -------------------------------------------------------------------------------------------


@login_required
def holder_create(request, body, steeringgroupseat):
    body = access_body(body)
    seat = _seat(request, body, steeringgroupseat)
    require_edit(request, body)
    initial: dict[str, Any] = {"role": m.HolderRole.HOLDER}
    if request.GET.get("rolle") == "vertretung":
        initial["role"] = m.HolderRole.DEPUTY
        if (request.GET.get("fuer") or "").isdigit():
            initial["deputy_for"] = int(request.GET["fuer"])
    form = forms.SeatHolderForm(request.POST or None, seat=seat, initial=initial)
    return form_page(
        request,
        form=form,
        template="network/edit.html",
        context={
            "body": body,
            "heading": _("Name a person for “%(seat)s”") % {"seat": seat.label},
            "back": group_url(seat.group, f"sitz-{seat.pk}"),
        },
        act=lambda data: services.seat_holder_create(actor=request.user, seat=seat, **form.service_data()),
        success=lambda holder: _("%(name)s has been named for the seat.") % {"name": holder.name},
        next_url=lambda holder: group_url(seat.group, f"sitz-{seat.pk}"),
    )


@login_required
def holder_edit(request, body, seatholder):
    body = access_body(body)
    holder = _holder(request, body, seatholder)
    require_edit(request, body)
    seat = holder.seat
    form = forms.SeatHolderForm(request.POST or None, instance=holder, seat=seat)
    return form_page(
        request,
        form=form,
        template="network/edit.html",
        context={"body": body, "heading": _("Edit person on the seat"), "back": group_url(seat.group)},
        act=lambda data: services.seat_holder_update(actor=request.user, holder=holder, **form.service_data()),
        success=_("The person has been saved."),
        next_url=lambda holder: group_url(seat.group, f"sitz-{seat.pk}"),
    )


@login_required
@require_POST
def holder_delete(request, body, seatholder):
    body = access_body(body)
    holder = _holder(request, body, seatholder)
    require_edit(request, body)
    seat = holder.seat
    services.seat_holder_delete(actor=request.user, holder=holder)
    messages.success(request, _("%(name)s is no longer named for the seat.") % {"name": holder.name})
    return redirect(group_url(seat.group, f"sitz-{seat.pk}"))


# --- Tasks ---------------------------------------------------------------------------------------------------------


@login_required
def task_create(request, body, steeringgroup):
    body = access_body(body)
    group = _group(request, body, steeringgroup)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.TaskForm(request.POST or None),
        template="network/edit.html",
        context={"body": body, "heading": _("New task of the steering group"), "back": group_url(group, "aufgaben")},
        act=lambda data: services.steering_group_task_create(actor=request.user, group=group, **data),
        success=_("The task has been added."),
        next_url=lambda task: group_url(group, "aufgaben"),
    )


@login_required
def task_edit(request, body, steeringgrouptask):
    body = access_body(body)
    task = _task(request, body, steeringgrouptask)
    require_edit(request, body)
    return form_page(
        request,
        form=forms.TaskForm(request.POST or None, instance=task),
        template="network/edit.html",
        context={"body": body, "heading": _("Edit task"), "back": group_url(task.group, "aufgaben")},
        act=lambda data: services.steering_group_task_update(actor=request.user, task=task, **data),
        success=_("The task has been saved."),
        next_url=lambda task: group_url(task.group, "aufgaben"),
    )


@login_required
@require_POST
def task_done(request, body, steeringgrouptask):
    """Tick a task off today; a recurring task stays on the list and is due again at its next turn."""
    body = access_body(body)
    task = _task(request, body, steeringgrouptask)
    require_edit(request, body)
    try:
        services.steering_group_task_done(actor=request.user, task=task)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("“%(task)s” is done.") % {"task": task.text})
    return redirect(group_url(task.group, "aufgaben"))


@login_required
@require_POST
def task_delete(request, body, steeringgrouptask):
    body = access_body(body)
    task = _task(request, body, steeringgrouptask)
    require_edit(request, body)
    group = task.group
    services.steering_group_task_delete(actor=request.user, task=task)
    messages.success(request, _("The task has been removed."))
    return redirect(group_url(group, "aufgaben"))
