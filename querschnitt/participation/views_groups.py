"""Views of the group work: the groups of a workshop, one group's page (members, cards, drafts) and its forms.

Everyone who works in the body reads the groups, their cards and drafts; the names of members are personal data and
shown only to those who see the participants. The moderation, the office and the integration centre write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.pages import form_page
from querschnitt.strategy.access import access_strategy_object
from querschnitt.strategy.models import AnnualGoal, GuidingGoal, Indicator, Measure
from querschnitt.tenancy.access import access_body

from . import forms_groups as forms
from . import models as m
from . import selectors_groups as selectors
from . import services_groups as services
from .access import access_participation_object


def groups_url(process: m.WorkshopProcess) -> str:
    return reverse("work_groups:groups", kwargs={"body": process.body.slug, "workshopprocess": process.pk})


def group_url(group: m.WorkGroup) -> str:
    return reverse("work_groups:group", kwargs={"body": group.process.body.slug, "workgroup": group.pk})


def _may_manage(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm("participation.manage_workshop", body)


def _require_manage(request: HttpRequest, body: Any) -> None:
    if not _may_manage(request, body):
        raise PermissionDenied


def _group(request: HttpRequest, body: Any, pk: int) -> m.WorkGroup:
    return access_participation_object(request.user, body, m.WorkGroup, pk, queryset=selectors.work_group_detail(pk))


def _act(request: HttpRequest, call: Any, success: str) -> bool:
    try:
        call()
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


@login_required
def groups(request, body, workshopprocess):
    body = access_body(body)
    process = access_participation_object(
        request.user,
        body,
        m.WorkshopProcess,
        workshopprocess,
        queryset=m.WorkshopProcess.objects.select_related("concept"),
    )
    return render(
        request,
        "participation/groups.html",
        {
            "body": body,
            "process": process,
            "groups": selectors.work_groups_of(process),
            "can_manage": _may_manage(request, body),
        },
    )


@login_required
@require_POST
def groups_from_fields(request, body, workshopprocess):
    body = access_body(body)
    process = access_participation_object(
        request.user,
        body,
        m.WorkshopProcess,
        workshopprocess,
        queryset=m.WorkshopProcess.objects.select_related("concept"),
    )
    _require_manage(request, body)
    try:
        created = services.work_groups_create_for_fields(actor=request.user, process=process)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(
                request,
                _("Work groups created: %(titles)s.") % {"titles": ", ".join(group.title for group in created)},
            )
        else:
            messages.info(request, _("Every field of action has its group already."))
    return redirect(groups_url(process))


@login_required
def group_create(request, body, workshopprocess):
    body = access_body(body)
    process = access_participation_object(
        request.user,
        body,
        m.WorkshopProcess,
        workshopprocess,
        queryset=m.WorkshopProcess.objects.select_related("body"),
    )
    _require_manage(request, body)
    return form_page(
        request,
        form=forms.WorkGroupForm(request.POST or None, process=process),
        template="participation/edit.html",
        context={"body": body, "heading": _("New work group"), "back": groups_url(process)},
        act=lambda data: services.work_group_create(actor=request.user, process=process, **data),
        success=lambda group: _("The work group “%(title)s” has been created.") % {"title": group.title},
        next_url=group_url,
    )


@login_required
def group_edit(request, body, workgroup):
    body = access_body(body)
    group = _group(request, body, workgroup)
    _require_manage(request, body)
    return form_page(
        request,
        form=forms.WorkGroupForm(request.POST or None, instance=group, process=group.process),
        template="participation/edit.html",
        context={"body": body, "heading": _("Edit work group"), "back": group_url(group)},
        act=lambda data: services.work_group_update(actor=request.user, group=group, **data),
        success=_("The work group has been saved."),
        next_url=group_url,
    )


@login_required
@require_POST
def group_delete(request, body, workgroup):
    body = access_body(body)
    group = _group(request, body, workgroup)
    _require_manage(request, body)
    if _act(
        request,
        lambda: services.work_group_delete(actor=request.user, group=group),
        _("The work group “%(title)s” has been deleted.") % {"title": group.title},
    ):
        return redirect(groups_url(group.process))
    return redirect(group_url(group))


def _group_page(request: HttpRequest, body: Any, group: m.WorkGroup, **forms_given: Any) -> Any:
    can_manage = _may_manage(request, body)
    can_see_members = request.user.has_perm("participation.view_participants", body)
    context = {
        "body": body,
        "group": group,
        "process": group.process,
        "sections": selectors.card_sections(group),
        "drafts": selectors.drafts_of(group),
        "members": selectors.members_of(group) if can_see_members else None,
        "member_count": group.members.count(),
        "can_manage": can_manage,
        "can_confirm": request.user.has_perm("strategy.edit_concept", body),
    }
    if can_manage:
        context["card_form"] = forms_given.get("card_form") or forms.CardForm()
        context["draft_form"] = forms_given.get("draft_form") or forms.DraftForm(process=group.process)
        if can_see_members:
            context["member_form"] = forms_given.get("member_form") or forms.MemberForm(
                candidates=selectors.candidates_for(group)
            )
    return render(request, "participation/group_detail.html", context, status=forms_given.get("status", 200))


@login_required
def group_detail(request, body, workgroup):
    body = access_body(body)
    return _group_page(request, body, _group(request, body, workgroup))


def _post_form(request: HttpRequest, body: Any, group: m.WorkGroup, name: str, form: Any, call: Any, ok: Any) -> Any:
    """Validate a form of the group page, call the service; on a refusal show the page again with the message at
    the form (status 400), so nothing typed is lost."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, ok(result))
            return redirect(group_url(group) + f"#{name.replace('_form', '')}")
    return _group_page(request, body, group, **{name: form, "status": 400})


@login_required
@require_POST
def card_add(request, body, workgroup):
    body = access_body(body)
    group = _group(request, body, workgroup)
    _require_manage(request, body)
    return _post_form(
        request,
        body,
        group,
        "card_form",
        forms.CardForm(request.POST),
        lambda data: services.group_card_create(actor=request.user, group=group, **data),
        lambda card: _("The card has been added."),
    )


@login_required
@require_POST
def card_delete(request, body, groupcard):
    body = access_body(body)
    card = access_participation_object(
        request.user, body, m.GroupCard, groupcard, queryset=m.GroupCard.objects.select_related("group__process__body")
    )
    _require_manage(request, body)
    _act(request, lambda: services.group_card_delete(actor=request.user, card=card), _("The card has been removed."))
    return redirect(group_url(card.group) + "#karten")


@login_required
@require_POST
def member_add(request, body, workgroup):
    body = access_body(body)
    group = _group(request, body, workgroup)
    _require_manage(request, body)
    if not request.user.has_perm("participation.view_participants", body):
        raise PermissionDenied
    return _post_form(
        request,
        body,
        group,
        "member_form",
        forms.MemberForm(request.POST, candidates=selectors.candidates_for(group)),
        lambda data: services.work_group_member_add(actor=request.user, group=group, **data),
        lambda member: _("%(name)s works in the group now.") % {"name": member.participant.name},
    )


@login_required
@require_POST
def member_remove(request, body, workgroupmember):
    body = access_body(body)
    member = access_participation_object(
        request.user,
        body,
        m.WorkGroupMember,
        workgroupmember,
        queryset=m.WorkGroupMember.objects.select_related("group__process__body", "participant"),
    )
    _require_manage(request, body)
    _act(
        request,
        lambda: services.work_group_member_remove(actor=request.user, member=member),
        _("%(name)s has left the group.") % {"name": member.participant.name},
    )
    return redirect(group_url(member.group) + "#mitglieder")


@login_required
@require_POST
def draft_add(request, body, workgroup):
    body = access_body(body)
    group = _group(request, body, workgroup)
    _require_manage(request, body)
    return _post_form(
        request,
        body,
        group,
        "draft_form",
        forms.DraftForm(request.POST, process=group.process),
        lambda data: services.group_draft_create(actor=request.user, group=group, **data),
        lambda draft: _("The draft is in the concept now: “%(text)s”.") % {"text": str(draft)[:120]},
    )


def _draft_remove(request: HttpRequest, body: Any, workgroup: int, model: type[Any], pk: int) -> Any:
    body = access_body(body)
    group = _group(request, body, workgroup)
    _require_manage(request, body)
    draft = access_strategy_object(request.user, body, model, pk)
    _act(
        request,
        lambda: services.group_draft_remove(actor=request.user, group=group, draft=draft),
        _("The draft has been removed from the concept."),
    )
    return redirect(group_url(group) + "#entwuerfe")


@login_required
@require_POST
def guiding_goal_remove(request, body, workgroup, guidinggoal):
    return _draft_remove(request, body, workgroup, GuidingGoal, guidinggoal)


@login_required
@require_POST
def annual_goal_remove(request, body, workgroup, annualgoal):
    return _draft_remove(request, body, workgroup, AnnualGoal, annualgoal)


@login_required
@require_POST
def indicator_remove(request, body, workgroup, indicator):
    return _draft_remove(request, body, workgroup, Indicator, indicator)


@login_required
@require_POST
def measure_remove(request, body, workgroup, measure):
    return _draft_remove(request, body, workgroup, Measure, measure)
