"""Views of meetings: parse the form, fetch through an access helper, call one service, render.

Who sees what:
- everyone: published meetings (invited or held) with their public agenda; once the minutes are signed, also
  the minutes of the public part and the results of public items;
- anyone with a role in the body: planned meetings too, and results as they are recorded;
- the committee's members and the Geschäftsstelle: non-public items (`selectors.visible_agenda_items`) and the
  draft minutes; members (and the office) see attendance and quorum;
- the Geschäftsstelle (`committees.manage`): the notice calculator, the dispatch log, the change history, and
  every write. Signed-in users without the right get 403, visitors are sent to sign in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.history import history_entries
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body
from querschnitt.tenancy.models import Role
from querschnitt.tenancy.selectors import roles_in_body

from . import calendar as feeds
from . import forms_meetings as forms
from . import models as m
from . import services_meetings as services
from .access import access_committee_object, require_visible
from .selectors import confidential_organization_ids, settings_of, visible_agenda_items

MEETING_PAGE_SIZE = 20


# --- Helpers -----------------------------------------------------------------------------------------------------


def _may_manage(user: Any, body: Any) -> bool:
    return user.has_perm("committees.manage", body)


def _require_manage(request: HttpRequest, body: Any) -> None:
    if not _may_manage(request.user, body):
        raise PermissionDenied


def _sees_unpublished(user: Any, body: Any) -> bool:
    return user.has_perm("committees.view_internal", body)


def _entitled(user: Any, meeting: m.Meeting) -> bool:
    """Member or deputy of one of the meeting's committees, or the Geschäftsstelle."""
    organization_ids = {org.pk for org in meeting.organizations.all()}
    return bool(organization_ids & confidential_organization_ids(user, meeting.body))


def _meeting_url(meeting: m.Meeting, anchor: str = "") -> str:
    url = reverse("committees:meeting", kwargs={"body": meeting.body.slug, "meeting": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def _meeting(request: HttpRequest, body: Any, pk: int) -> m.Meeting:
    """The meeting of `body`; a planned (unpublished) meeting is a 404 for those outside the body."""
    meeting = access_committee_object(
        request.user,
        body,
        m.Meeting,
        pk,
        queryset=m.Meeting.objects.select_related("body", "location").prefetch_related("organizations"),
    )
    if not services.is_published(meeting) and not _sees_unpublished(request.user, body):
        raise Http404
    return meeting


def _agenda_item(request: HttpRequest, body: Any, pk: int) -> m.AgendaItem:
    item = access_committee_object(
        request.user,
        body,
        m.AgendaItem,
        pk,
        queryset=m.AgendaItem.objects.select_related("meeting__body", "meeting__location"),
    )
    if item.meeting.deleted:
        raise Http404
    if not services.is_published(item.meeting) and not _sees_unpublished(request.user, body):
        raise Http404
    require_visible(request.user, item)
    return item


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    template: str,
    context: dict,
    act: Callable[[], Any],
    success: str | Callable[[Any], str],
    redirect_to: Callable[[Any], str],
    meeting: m.Meeting | None = None,
) -> HttpResponse:
    """`core.pages.form_page`, noting when a change withdrew a first signature of the minutes."""
    had_signature = request.method == "POST" and meeting is not None and services.has_partial_signature(meeting)

    def run(_data: dict) -> Any:
        obj = act()
        _note_withdrawn_signature(request, meeting, had_signature)
        return obj

    return form_page(
        request, form=form, template=template, context=context, act=run, success=success, next_url=redirect_to
    )


def _note_withdrawn_signature(request: HttpRequest, meeting: m.Meeting | None, had_signature: bool) -> None:
    if meeting is None or not had_signature:
        return
    meeting.refresh_from_db()
    if not services.has_partial_signature(meeting):
        messages.info(
            request,
            _(
                "The minutes have changed, so the signature given so far has been withdrawn. Chair and "
                "minute-taker please sign again."
            ),
        )


def _crumbs(body: Any, meeting: m.Meeting | None = None) -> dict:
    """Context for the breadcrumbs of the meeting pages."""
    return {
        "body_url": reverse("tenancy:dashboard", kwargs={"body": body.slug}),
        "meetings_url": reverse("committees:meetings", kwargs={"body": body.slug}),
        "meeting_url": _meeting_url(meeting) if meeting is not None else "",
    }


def _edit_context(body: Any, meeting: m.Meeting | None, heading: str, back: str) -> dict:
    return {"body": body, "meeting": meeting, "heading": heading, "back": back, **_crumbs(body, meeting)}


def _invited_note(meeting: m.Meeting) -> str:
    if meeting.invitation_sent_at and not meeting.minutes_signed:
        return " " + _("The invitation has already been sent: please send the changed agenda again.")
    return ""


# --- Meetings ----------------------------------------------------------------------------------------------------


def meetings(request, body):
    """Upcoming and past meetings. Visitors see the published ones; the body's people see planned ones too."""
    body = access_body(body)
    # Meetings imported from the council's system are shown with the papers they deliberate, not as ours.
    queryset = m.Meeting.objects.filter(body=body, deleted=False, external_id="")
    if not _sees_unpublished(request.user, body):
        queryset = services.published_meetings(queryset)
    queryset = queryset.select_related("location").prefetch_related("organizations")
    today_start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    upcoming = list(queryset.filter(start__gte=today_start).order_by("start", "pk"))
    past = Paginator(queryset.filter(start__lt=today_start).order_by("-start", "-pk"), MEETING_PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "committees/meetings/list.html",
        {
            "body": body,
            "upcoming": upcoming,
            "past": past,
            "can_manage": _may_manage(request.user, body),
            **_crumbs(body),
        },
    )


@login_required
def meeting_create(request, body):
    body = access_body(body)
    _require_manage(request, body)
    form = forms.MeetingForm(request.POST or None, body=body)
    return _form_page(
        request,
        form=form,
        template="committees/meetings/edit.html",
        context=_edit_context(body, None, _("New meeting"), reverse("committees:meetings", kwargs={"body": body.slug})),
        act=lambda: services.meeting_create(actor=request.user, body=body, **form.service_kwargs()),
        success=_("The meeting has been planned. Next, put together its agenda."),
        redirect_to=_meeting_url,
    )


def meeting_detail(request, body, meeting):
    body = access_body(body)
    meeting = _meeting(request, body, meeting)
    user = request.user
    can_manage = _may_manage(user, body)
    entitled = _entitled(user, meeting)
    internal = _sees_unpublished(user, body)
    items = list(
        visible_agenda_items(user, meeting)
        .select_related("consultation__paper")
        .prefetch_related(Prefetch("biased_persons", queryset=m.Person.objects.order_by("family_name")))
        .order_by("order", "pk")
    )
    sees_attendance = can_manage or entitled or Role.MEMBER in roles_in_body(user, body)
    memberships = services.meeting_memberships(meeting) if (sees_attendance or can_manage or entitled) else []
    context: dict[str, Any] = {
        "body": body,
        "meeting": meeting,
        "can_manage": can_manage,
        "public_items": [item for item in items if item.public],
        "non_public_items": [item for item in items if not item.public],
        "day_reached": services.meeting_day(meeting) <= timezone.localdate(),
        "started": meeting.start <= timezone.now(),
        "show_results": meeting.minutes_signed or internal,
        "has_results": any(item.result for item in items),
        "show_minutes": meeting.minutes_signed or entitled,
        "entitled": entitled,
        "sees_attendance": sees_attendance,
        "corrections": list(meeting.minutes_corrections.select_related("created_by")),
        **_crumbs(body, meeting),
    }
    if sees_attendance:
        attendances = {a.membership_id: a for a in m.Attendance.objects.filter(meeting=meeting)}
        context["attendance_rows"] = [(ms, attendances.get(ms.pk)) for ms in memberships]
        context["attendance_recorded"] = bool(attendances)
        context["quorum"] = services.quorum(meeting, memberships=memberships)
    if can_manage:
        rules = settings_of(body)
        context["notice"] = services.notice_check(meeting, rules=rules)
        context["notice_rules"] = rules
        context["dispatches"] = list(
            meeting.dispatches.select_related("sent_by").prefetch_related("recipient_records__person")
        )
        context["history"] = history_entries(
            meeting.history.select_related("history_user").order_by("-history_date")[:50],
            subject=lambda record: record.name,
        )
    signers = _open_signers(user, meeting, memberships, can_manage) if memberships else []
    if signers and meeting.minutes_text and not meeting.minutes_signed and context["day_reached"]:
        context["sign_form"] = forms.SignForm(signers=signers)
    if services.is_published(meeting):
        context["feeds"] = [
            (org, reverse("committees:organization_calendar", kwargs={"body": body.slug, "organization": org.pk}))
            for org in meeting.organizations.all()
        ]
    return render(request, "committees/meetings/detail.html", context)


def _open_signers(user: Any, meeting: m.Meeting, memberships: list, can_manage: bool) -> list[m.Membership]:
    """The memberships that can still sign: roles not yet signed, persons not yet signed, and for anyone but the
    Geschäftsstelle only their own."""
    signed_persons = {meeting.minutes_signed_by_chair_id, meeting.minutes_signed_by_writer_id}
    open_roles = set()
    if not meeting.minutes_signed_by_chair_at:
        open_roles |= set(services.CHAIR_ROLES)
    if not meeting.minutes_signed_by_writer_at:
        open_roles |= set(services.WRITER_ROLES)
    return [
        ms
        for ms in services.minutes_signers(meeting, memberships)
        if ms.role in open_roles
        and ms.person_id not in signed_persons
        and (can_manage or (user.is_authenticated and ms.person.user_id == user.pk))
    ]


@login_required
def meeting_edit(request, body, meeting):
    body = access_body(body)
    _require_manage(request, body)
    meeting = _meeting(request, body, meeting)
    form = forms.MeetingForm(request.POST or None, body=body, instance=meeting)
    start_before = meeting.start
    return _form_page(
        request,
        form=form,
        template="committees/meetings/edit.html",
        context=_edit_context(body, meeting, _("Edit meeting"), _meeting_url(meeting)),
        act=lambda: services.meeting_update(actor=request.user, meeting=meeting, **form.service_kwargs()),
        success=lambda obj: (
            _("The meeting has been saved.") + (_invited_note(obj) if obj.start != start_before else "")
        ),
        redirect_to=_meeting_url,
    )


@login_required
@require_POST
def meeting_invite(request, body, meeting):
    body = access_body(body)
    _require_manage(request, body)
    meeting = _meeting(request, body, meeting)
    try:
        dispatch = services.invitation_send(
            actor=request.user, meeting=meeting, meeting_url=request.build_absolute_uri(_meeting_url(meeting))
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        by_mail = sum(1 for record in dispatch.recipient_records.all() if record.address)
        messages.success(
            request,
            ngettext(
                "The invitation has been sent by e-mail to %(sent)s of %(count)s member or deputy; the dispatch has "
                "been logged.",
                "The invitation has been sent by e-mail to %(sent)s of %(count)s members and deputies; the dispatch "
                "has been logged.",
                dispatch.recipients,
            )
            % {"sent": by_mail, "count": dispatch.recipients},
        )
        if dispatch.note:
            messages.warning(request, dispatch.note)
    return redirect(_meeting_url(meeting, "einladung"))


# --- Agenda ------------------------------------------------------------------------------------------------------


@login_required
def agenda_item_create(request, body, meeting):
    body = access_body(body)
    _require_manage(request, body)
    meeting = _meeting(request, body, meeting)
    form = forms.AgendaItemForm(request.POST or None, meeting=meeting)
    return _form_page(
        request,
        form=form,
        template="committees/meetings/edit.html",
        context=_edit_context(body, meeting, _("New agenda item"), _meeting_url(meeting, "tagesordnung")),
        act=lambda: services.agenda_item_create(actor=request.user, meeting=meeting, **form.service_kwargs()),
        success=lambda item: _("The item has been added to the agenda.") + _invited_note(meeting),
        redirect_to=lambda item: _meeting_url(meeting, "tagesordnung"),
        meeting=meeting,
    )


@login_required
def agenda_template(request, body, meeting):
    """Choose a model agenda (Muster-Tagesordnung) and append its items."""
    body = access_body(body)
    _require_manage(request, body)
    meeting = _meeting(request, body, meeting)
    services.ensure_default_templates()
    form = forms.AgendaTemplateForm(request.POST or None, body=body)
    return _form_page(
        request,
        form=form,
        template="committees/meetings/edit.html",
        context={
            **_edit_context(body, meeting, _("Agenda from a template"), _meeting_url(meeting, "tagesordnung")),
            "intro": _("The items of the template are added after the items the agenda already has."),
            "submit_label": _("Add items"),
        },
        act=lambda: services.agenda_from_template(
            actor=request.user, meeting=meeting, template=form.cleaned_data["template"]
        ),
        success=lambda items: (
            ngettext(
                "%(count)s item has been added to the agenda.",
                "%(count)s items have been added to the agenda.",
                len(items),
            )
            % {"count": len(items)}
            + _invited_note(meeting)
        ),
        redirect_to=lambda items: _meeting_url(meeting, "tagesordnung"),
        meeting=meeting,
    )


@login_required
def agenda_item_edit(request, body, agendaitem):
    body = access_body(body)
    _require_manage(request, body)
    item = _agenda_item(request, body, agendaitem)
    meeting = item.meeting
    form = forms.AgendaItemForm(request.POST or None, meeting=meeting, instance=item)
    return _form_page(
        request,
        form=form,
        template="committees/meetings/edit.html",
        context=_edit_context(
            body,
            meeting,
            _("Edit agenda item %(number)s") % {"number": item.number},
            _meeting_url(meeting, "tagesordnung"),
        ),
        act=lambda: services.agenda_item_update(actor=request.user, agenda_item=item, **form.service_kwargs()),
        success=_("The agenda item has been saved."),
        redirect_to=lambda obj: _meeting_url(meeting, "tagesordnung"),
        meeting=meeting,
    )


@login_required
@require_POST
def agenda_item_move(request, body, agendaitem):
    body = access_body(body)
    _require_manage(request, body)
    item = _agenda_item(request, body, agendaitem)
    direction = {"hoch": "up", "runter": "down"}.get(request.POST.get("richtung", ""), "")
    try:
        services.agenda_item_move(actor=request.user, agenda_item=item, direction=direction)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect(_meeting_url(item.meeting, "tagesordnung"))


@login_required
def agenda_item_delete(request, body, agendaitem):
    body = access_body(body)
    _require_manage(request, body)
    item = _agenda_item(request, body, agendaitem)
    meeting = item.meeting
    if request.method == "POST":
        try:
            services.agenda_item_delete(actor=request.user, agenda_item=item)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The item “%(name)s” has been removed from the agenda.") % {"name": item.name})
        return redirect(_meeting_url(meeting, "tagesordnung"))
    return render(
        request,
        "committees/meetings/agenda_item_delete.html",
        {"body": body, "meeting": meeting, "item": item, **_crumbs(body, meeting)},
    )


# --- Attendance and votes ----------------------------------------------------------------------------------------


@login_required
def attendance(request, body, meeting):
    body = access_body(body)
    _require_manage(request, body)
    meeting = _meeting(request, body, meeting)
    memberships = services.meeting_memberships(meeting)
    attendances = {a.membership_id: a for a in m.Attendance.objects.filter(meeting=meeting)}
    form = forms.AttendanceForm(request.POST or None, memberships=memberships, attendances=attendances)
    return _form_page(
        request,
        form=form,
        template="committees/meetings/attendance.html",
        context={
            **_edit_context(body, meeting, _("Attendance"), _meeting_url(meeting, "anwesenheit")),
            "quorum": services.quorum(meeting, memberships=memberships),
        },
        act=lambda: services.attendance_save(actor=request.user, meeting=meeting, rows=form.service_rows()),
        success=_("The attendance has been saved."),
        redirect_to=lambda obj: _meeting_url(meeting, "anwesenheit"),
        meeting=meeting,
    )


@login_required
def agenda_item_vote(request, body, agendaitem):
    body = access_body(body)
    _require_manage(request, body)
    item = _agenda_item(request, body, agendaitem)
    meeting = item.meeting
    memberships = services.meeting_memberships(meeting)
    # Who may be recorded as biased: those who vote in this meeting — the present members with a vote (and the
    # deputies standing in), once attendance is recorded.
    present = set(meeting.attendances.filter(present=True).values_list("membership_id", flat=True))
    voting = [ms for ms in memberships if (ms.voting_right or ms.deputy_of_id) and (not present or ms.pk in present)]
    persons = list({ms.person_id: ms.person for ms in voting}.values())
    form = forms.VoteForm(request.POST or None, agenda_item=item, persons=persons)
    return _form_page(
        request,
        form=form,
        template="committees/meetings/vote.html",
        context={
            **_edit_context(
                body,
                meeting,
                _("Vote on item %(number)s") % {"number": item.number},
                _meeting_url(meeting, "beschluesse"),
            ),
            "item": item,
            "quorum": services.quorum(meeting, memberships=memberships),
        },
        act=lambda: services.vote_record(actor=request.user, agenda_item=item, **form.cleaned_data),
        success=lambda obj: _("The vote has been recorded: %(result)s.") % {"result": obj.result},
        redirect_to=lambda obj: _meeting_url(meeting, "beschluesse"),
        meeting=meeting,
    )


# --- Minutes -----------------------------------------------------------------------------------------------------


@login_required
def minutes_edit(request, body, meeting):
    body = access_body(body)
    _require_manage(request, body)
    meeting = _meeting(request, body, meeting)
    if meeting.minutes_signed:
        messages.info(request, _("The minutes are signed and can no longer be changed; add a correction instead."))
        return redirect(_meeting_url(meeting, "niederschrift"))
    form = forms.MinutesForm(
        request.POST or None,
        initial={"minutes_text": meeting.minutes_text, "minutes_non_public_text": meeting.minutes_non_public_text},
    )
    return _form_page(
        request,
        form=form,
        template="committees/meetings/edit.html",
        context={
            **_edit_context(body, meeting, _("Minutes"), _meeting_url(meeting, "niederschrift")),
            "signed": meeting.minutes_signed,
        },
        act=lambda: services.minutes_update(actor=request.user, meeting=meeting, **form.cleaned_data),
        success=_("The minutes have been saved."),
        redirect_to=lambda obj: _meeting_url(meeting, "niederschrift"),
        meeting=meeting,
    )


@login_required
@require_POST
def minutes_sign(request, body, meeting):
    body = access_body(body)
    meeting = _meeting(request, body, meeting)
    can_manage = _may_manage(request.user, body)
    signers = _open_signers(request.user, meeting, services.meeting_memberships(meeting), can_manage)
    if not can_manage and not signers:
        raise PermissionDenied
    form = forms.SignForm(request.POST, signers=signers)
    if not form.is_valid():
        messages.error(request, _("Please choose who signs."))
        return redirect(_meeting_url(meeting, "niederschrift"))
    try:
        services.minutes_sign(actor=request.user, meeting=meeting, person=form.cleaned_data["person"])
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        if meeting.minutes_signed:
            messages.success(
                request,
                _(
                    "The minutes are signed by chair and minute-taker. The meeting is held and its public part is "
                    "published; from now on, only corrections can be added."
                ),
            )
        else:
            messages.success(
                request,
                _("%(person)s has signed. The second signature is still missing.")
                % {"person": form.cleaned_data["person"].name},
            )
    return redirect(_meeting_url(meeting, "niederschrift"))


@login_required
def minutes_correction(request, body, meeting):
    body = access_body(body)
    _require_manage(request, body)
    meeting = _meeting(request, body, meeting)
    form = forms.CorrectionForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        template="committees/meetings/edit.html",
        context={
            **_edit_context(body, meeting, _("Correct the minutes"), _meeting_url(meeting, "niederschrift")),
            "intro": _(
                "Signed minutes never change. A correction is recorded with them and shown beside them; it is "
                "usually decided in the following meeting."
            ),
        },
        act=lambda: services.minutes_correction_add(actor=request.user, meeting=meeting, **form.cleaned_data),
        success=_("The correction has been added to the minutes."),
        redirect_to=lambda obj: _meeting_url(meeting, "niederschrift"),
    )


# --- Calendars ---------------------------------------------------------------------------------------------------


def _ics_response(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
    return response


def _host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0] or "querschnitt"


@require_GET
def organization_calendar(request, body, organization):
    """The public feed of a committee: its published meetings, public items only. A committee that has not
    published a meeting yet is not public either (404)."""
    body = access_body(body)
    organization = access_committee_object(request.user, body, m.Organization, organization)
    if not services.published_meetings(organization.meetings.filter(deleted=False)).exists():
        raise Http404
    content = feeds.feed(
        name=_("Meetings: %(committee)s") % {"committee": organization.name},
        meetings=feeds.organization_meetings(organization),
        url_for=lambda meeting: request.build_absolute_uri(_meeting_url(meeting)),
        host=_host(request),
    )
    return _ics_response(content, f"sitzungen-{organization.pk}.ics", private=False)


@require_GET
def person_calendar(request, person_calendar_token):
    """The private feed of a person: the meetings of all their committees. The token is the entitlement."""
    token = person_calendar_token or ""
    person = (
        m.Person.objects.filter(calendar_token=token, deleted=False).select_related("body").first()
        if len(token) >= 32
        else None
    )
    if person is None:
        raise Http404
    content = feeds.feed(
        name=_("My meetings (%(body)s)") % {"body": person.body.name},
        meetings=feeds.person_meetings(person),
        url_for=lambda meeting: request.build_absolute_uri(_meeting_url(meeting)),
        host=_host(request),
    )
    return _ics_response(content, "meine-sitzungen.ics", private=True)


def calendars(request, body):
    """Subscribe to calendars: the public feeds of the committees, and one's own private feed."""
    body = access_body(body)
    user = request.user
    can_manage = _may_manage(user, body)
    own_persons = (
        m.Person.objects.filter(body=body, user=user, deleted=False).order_by("family_name")
        if user.is_authenticated
        else m.Person.objects.none()
    )
    choosable = m.Person.objects.filter(body=body, deleted=False) if can_manage else own_persons
    form = forms.CalendarTokenForm(request.POST or None, persons=choosable.order_by("family_name", "given_name"))
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if not can_manage and not own_persons:
            raise PermissionDenied
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                token = services.person_calendar_token(
                    actor=user, person=person, renew=request.POST.get("erneuern") == "1"
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                url = request.build_absolute_uri(
                    reverse("committees:person_calendar", kwargs={"person_calendar_token": token})
                )
                messages.success(
                    request,
                    _("The calendar link of %(person)s: %(url)s – keep it to yourself; anyone with it sees the dates.")
                    % {"person": person.name, "url": url},
                )
                return redirect("committees:calendars", body=body.slug)
    published = services.published_meetings(m.Meeting.objects.filter(body=body, deleted=False, external_id=""))
    organizations = m.Organization.objects.filter(
        body=body, deleted=False, pk__in=published.values("organizations")
    ).order_by("name")
    own_links = [
        (
            person,
            request.build_absolute_uri(
                reverse("committees:person_calendar", kwargs={"person_calendar_token": person.calendar_token})
            )
            if person.calendar_token
            else "",
        )
        for person in own_persons
    ]
    return render(
        request,
        "committees/meetings/calendars.html",
        {
            "body": body,
            "organizations": organizations,
            "own_links": own_links,
            "form": form if (can_manage or own_links) else None,
            "can_manage": can_manage,
            **_crumbs(body),
        },
    )
