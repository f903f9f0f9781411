"""Views of the coaching (seed 000, issue 7). Thin: fetch through the access helper, call one service, render.

A body's committee office requests a coaching at `/k/<body>/coaching/` and sees its engagements; state staff see
all engagements of NRW at the same address of the state council's body, with filters, and the topic catalogue
below it. An engagement belongs to the coached body: its office and state staff see it (sessions and notes
included); everyone else gets a 404. State staff change it; the office may add documents of its own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.history import history_entries
from querschnitt.core.htmx import template_for
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm
from querschnitt.tenancy.models import Body, BodyKind

from . import forms_coaching as forms
from . import models as m
from . import selectors_coaching as selectors
from . import services_coaching as services
from .access import access_coaching_object, access_state_object

MANAGE = "statewide.manage"
VIEW = "statewide.view_coaching"
PAGE_SIZE = 50


def engagement_url(engagement: m.CoachingEngagement, anchor: str = "") -> str:
    url = reverse("coaching:engagement", kwargs={"body": engagement.body.slug, "coachingengagement": engagement.pk})
    return f"{url}#{anchor}" if anchor else url


def _engagement(request: HttpRequest, body: Body, pk: int, *, detail: bool = False) -> m.CoachingEngagement:
    engagement = access_coaching_object(request.user, body, m.CoachingEngagement, pk)
    if detail:
        engagement = selectors.engagement_detail_queryset().get(pk=engagement.pk)
    return engagement


def _state_council(request: HttpRequest, body: str) -> Body:
    """The state council's body for its state staff; a 404 for any other body or anyone else."""
    found = access_body(body)
    if found.kind != BodyKind.STATE_COUNCIL or not request.user.has_perm(MANAGE, found):
        raise Http404
    return found


# --- The list and the request --------------------------------------------------------------------------------------


@login_required
def engagements(request, body):
    """A body's engagements with the office's request form; at the state council's body all engagements of NRW."""
    body = access_body(body)
    if body.kind == BodyKind.STATE_COUNCIL:
        return _all_engagements(request, body)
    require_perm(request.user, VIEW, body)
    can_request = request.user.has_perm("statewide.request_coaching", body)
    if request.method == "POST":
        require_perm(request.user, "statewide.request_coaching", body)
    context = {
        "body": body,
        "engagements": selectors.with_status_labels(selectors.engagements_of_body(body)),
        "can_request": can_request,
        "can_manage": request.user.has_perm(MANAGE, body),
    }
    if not can_request:
        return render(request, "statewide/coaching/engagements.html", context)
    return form_page(
        request,
        form=forms.CoachingRequestForm(request.POST or None),
        template="statewide/coaching/engagements.html",
        context=context,
        act=lambda data: services.coaching_engagement_request(actor=request.user, body=body, **data),
        success=_("Your request has been sent to the Landesintegrationsrat."),
        next_url=engagement_url,
    )


@require_safe
def _all_engagements(request: HttpRequest, body: Body) -> HttpResponse:
    if not request.user.has_perm(MANAGE, body):
        raise Http404
    form = forms.EngagementFilterForm(request.GET or None)
    items = selectors.engagement_list(**form.filters())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("seite"))
    page.object_list = selectors.with_status_labels(page.object_list)
    return render(
        request,
        template_for(
            request, "statewide/coaching/state_engagements.html", "statewide/coaching/includes/state_results.html"
        ),
        {"body": body, "form": form, "page": page},
    )


# --- One engagement ------------------------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, body: Body, engagement: m.CoachingEngagement, **forms_: Any) -> dict:
    can_manage = request.user.has_perm(MANAGE, body)
    selectors.with_status_labels([engagement])
    steps = selectors.with_status_labels(engagement.steps.all())
    return {
        "body": body,
        "engagement": engagement,
        "steps": [(step, selectors.STEP_HINTS.get(step.kind, [])) for step in steps],
        "sessions": list(engagement.sessions.all()),
        "documents": list(engagement.documents.all()),
        "topics": list(engagement.topics.all()),
        "statutes": list(selectors.statutes_of_body(body)),
        "can_manage": can_manage,
        "finished": engagement.status in services.FINISHED,
        "decision_form": forms_.get("decision_form") or forms.DecisionForm(),
        "document_form": forms_.get("document_form") or forms.DocumentForm(),
        "user_id": request.user.pk,
    }


@login_required
@require_safe
def engagement_detail(request, body, coachingengagement):
    body = access_body(body)
    engagement = _engagement(request, body, coachingengagement, detail=True)
    return render(request, "statewide/coaching/engagement_detail.html", _detail_context(request, body, engagement))


@login_required
@require_POST
def engagement_decide(request, body, coachingengagement):
    """Accept (with the coach chosen) or decline a request: the button pressed says which."""
    body = access_body(body)
    engagement = _engagement(request, body, coachingengagement, detail=True)
    require_perm(request.user, MANAGE, body)
    form = forms.DecisionForm(request.POST)
    accept = request.POST.get("entscheidung") == "annehmen"
    if form.is_valid():
        try:
            services.coaching_engagement_decide(
                actor=request.user,
                engagement=engagement,
                accept=accept,
                coach=form.cleaned_data.get("coach"),
                answer=form.cleaned_data.get("answer", ""),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("The request has been accepted.") if accept else _("The request has been declined."),
            )
            return redirect(engagement_url(engagement))
    return render(
        request,
        "statewide/coaching/engagement_detail.html",
        _detail_context(request, body, engagement, decision_form=form),
    )


@login_required
def engagement_edit(request, body, coachingengagement):
    body = access_body(body)
    engagement = _engagement(request, body, coachingengagement)
    require_perm(request.user, MANAGE, body)
    return form_page(
        request,
        form=forms.EngagementForm(request.POST or None, engagement=engagement),
        template="statewide/coaching/edit.html",
        context={"body": body, "heading": _("Edit coaching"), "back": engagement_url(engagement)},
        act=lambda data: services.coaching_engagement_update(actor=request.user, engagement=engagement, **data),
        success=_("The coaching has been saved."),
        next_url=engagement_url,
    )


def _simple_action(request: HttpRequest, body: str, pk: int, act: Any, success: str) -> HttpResponse:
    found = access_body(body)
    engagement = _engagement(request, found, pk)
    require_perm(request.user, MANAGE, found)
    try:
        act(actor=request.user, engagement=engagement)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect(engagement_url(engagement))


@login_required
@require_POST
def engagement_close(request, body, coachingengagement):
    return _simple_action(
        request, body, coachingengagement, services.coaching_engagement_close, _("The coaching has been completed.")
    )


@login_required
@require_POST
def engagement_reopen(request, body, coachingengagement):
    return _simple_action(
        request, body, coachingengagement, services.coaching_engagement_reopen, _("The coaching has been reopened.")
    )


@login_required
@require_safe
def engagement_history(request, body, coachingengagement):
    body = access_body(body)
    engagement = _engagement(request, body, coachingengagement)
    records = engagement.history.select_related("history_user").order_by("-history_date")[:100]
    step_records = (
        m.CoachingStep.history.filter(engagement_id=engagement.pk)
        .select_related("history_user")
        .order_by("-history_date")[:200]
    )
    return render(
        request,
        "statewide/coaching/history.html",
        {
            "body": body,
            "engagement": engagement,
            "entries": history_entries(records),
            "step_entries": history_entries(step_records, subject=lambda record: record.get_kind_display()),
            "back": engagement_url(engagement),
        },
    )


# --- Steps ---------------------------------------------------------------------------------------------------------


@login_required
def step_edit(request, body, coachingstep):
    body = access_body(body)
    step = access_coaching_object(request.user, body, m.CoachingStep, coachingstep, select_related=["engagement__body"])
    require_perm(request.user, MANAGE, body)
    form = forms.StepForm(request.POST or None, step=step)
    return form_page(
        request,
        form=form,
        template="statewide/coaching/edit.html",
        context={
            "body": body,
            "heading": _("Step: %(step)s") % {"step": step.get_kind_display()},
            "hints": selectors.STEP_HINTS.get(step.kind, []),
            "back": engagement_url(step.engagement, f"schritt-{step.pk}"),
        },
        act=lambda data: services.coaching_step_update(actor=request.user, step=step, **form.service_data()),
        success=lambda saved: (
            _("The step is now “%(status)s”.") % {"status": selectors.STEP_STATUS_LABELS[saved.status]}
        ),
        next_url=lambda saved: engagement_url(saved.engagement, f"schritt-{saved.pk}"),
    )


# --- Sessions ------------------------------------------------------------------------------------------------------


@login_required
def session_create(request, body, coachingengagement):
    body = access_body(body)
    engagement = _engagement(request, body, coachingengagement)
    require_perm(request.user, MANAGE, body)
    return form_page(
        request,
        form=forms.SessionForm(request.POST or None),
        template="statewide/coaching/edit.html",
        context={"body": body, "heading": _("New session"), "back": engagement_url(engagement, "termine")},
        act=lambda data: services.coaching_session_create(actor=request.user, engagement=engagement, **data),
        success=_("The session has been added."),
        next_url=lambda session: engagement_url(engagement, f"termin-{session.pk}"),
    )


def _session(request: HttpRequest, body: Body, pk: int) -> m.CoachingSession:
    return access_coaching_object(request.user, body, m.CoachingSession, pk, select_related=["engagement__body"])


@login_required
def session_edit(request, body, coachingsession):
    body = access_body(body)
    session = _session(request, body, coachingsession)
    require_perm(request.user, MANAGE, body)
    initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    return form_page(
        request,
        form=forms.SessionForm(request.POST or None, initial=initial),
        template="statewide/coaching/edit.html",
        context={"body": body, "heading": _("Edit session"), "back": engagement_url(session.engagement, "termine")},
        act=lambda data: services.coaching_session_update(actor=request.user, session=session, **data),
        success=_("The session has been saved."),
        next_url=lambda saved: engagement_url(saved.engagement, f"termin-{saved.pk}"),
    )


@login_required
def session_delete(request, body, coachingsession):
    body = access_body(body)
    session = _session(request, body, coachingsession)
    require_perm(request.user, MANAGE, body)
    back = engagement_url(session.engagement, "termine")
    if request.method == "POST":
        try:
            services.coaching_session_delete(actor=request.user, session=session)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The session has been deleted."))
        return redirect(back)
    return render(
        request,
        "statewide/coaching/confirm_delete.html",
        {
            "body": body,
            "heading": _("Delete session"),
            "question": _("Delete the session of %(date)s with its notes? This cannot be undone.")
            % {"date": f"{session.date:%d.%m.%Y}"},
            "back": back,
        },
    )


# --- Documents -----------------------------------------------------------------------------------------------------


@login_required
def document_create(request, body, coachingengagement):
    body = access_body(body)
    engagement = _engagement(request, body, coachingengagement)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form=form,
        template="statewide/coaching/edit.html",
        context={
            "body": body,
            "heading": _("Add a document"),
            "back": engagement_url(engagement, "dokumente"),
            "multipart": True,
        },
        act=lambda data: services.coaching_document_create(
            actor=request.user,
            engagement=engagement,
            kind=data["kind"],
            title=data["title"],
            upload=data.get("file"),
        ),
        success=_("The document has been added."),
        next_url=lambda _document: engagement_url(engagement, "dokumente"),
    )


def _document(request: HttpRequest, body: Body, pk: int) -> m.CoachingDocument:
    return access_coaching_object(request.user, body, m.CoachingDocument, pk, select_related=["engagement__body"])


@login_required
@require_safe
def document_download(request, body, coachingdocument):
    """A document of the engagement, for the office and state staff only (never cached)."""
    body = access_body(body)
    document = _document(request, body, coachingdocument)
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError) as error:  # the content is gone from the storage
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=document.file_name, content_type=document.mime_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_delete(request, body, coachingdocument):
    body = access_body(body)
    document = _document(request, body, coachingdocument)
    back = engagement_url(document.engagement, "dokumente")
    if request.method == "POST":
        try:
            services.coaching_document_delete(actor=request.user, document=document)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The document has been removed."))
        return redirect(back)
    return render(
        request,
        "statewide/coaching/confirm_delete.html",
        {
            "body": body,
            "heading": _("Remove document"),
            "question": _("Remove the document “%(title)s”? This cannot be undone.") % {"title": document.title},
            "back": back,
        },
    )


# --- Topic catalogue -----------------------------------------------------------------------------------------------


def _topics_url(body: Body, anchor: str = "") -> str:
    url = reverse("coaching:topics", kwargs={"body": body.slug})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_safe
def topics(request, body):
    body = _state_council(request, body)
    return render(request, "statewide/coaching/topics.html", {"body": body, "topics": list(selectors.topic_list())})


@login_required
def topic_create(request, body):
    body = _state_council(request, body)
    return form_page(
        request,
        form=forms.TopicForm(request.POST or None),
        template="statewide/coaching/edit.html",
        context={"body": body, "heading": _("New topic"), "back": _topics_url(body)},
        act=lambda data: services.coaching_topic_create(actor=request.user, **data),
        success=_("The topic has been added to the catalogue."),
        next_url=lambda topic: _topics_url(body, f"thema-{topic.pk}"),
    )


@login_required
def topic_edit(request, body, coachingtopic):
    body = _state_council(request, body)
    topic = access_state_object(request.user, m.CoachingTopic, coachingtopic)
    return form_page(
        request,
        form=forms.TopicForm(request.POST or None, topic=topic),
        template="statewide/coaching/edit.html",
        context={"body": body, "heading": _("Edit topic"), "back": _topics_url(body, f"thema-{topic.pk}")},
        act=lambda data: services.coaching_topic_update(actor=request.user, topic=topic, **data),
        success=_("The topic has been saved."),
        next_url=lambda saved: _topics_url(body, f"thema-{saved.pk}"),
    )


@login_required
@require_POST
def topic_set_active(request, body, coachingtopic):
    """Withdraw a topic from the offer, or offer it again."""
    body = _state_council(request, body)
    topic = access_state_object(request.user, m.CoachingTopic, coachingtopic)
    active = request.POST.get("angebot") == "ja"
    services.coaching_topic_set_active(actor=request.user, topic=topic, active=active)
    if active:
        messages.success(request, _("The topic “%(title)s” is offered again.") % {"title": topic.title})
    else:
        messages.success(request, _("The topic “%(title)s” is no longer offered.") % {"title": topic.title})
    return redirect(_topics_url(body, f"thema-{topic.pk}"))
