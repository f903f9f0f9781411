"""Views of committees and their composition, persons, legislative terms, statutes and the rights checklist.

Publication decision (issue 4 point 2; domain rules 1.3, 6):
- Who sits in a committee — name, group, role, voting right, list and place, deputies — is public information of
  council work: the Wahlamt publishes the elected, the council appoints its members in public session, and every
  council information system lists the composition. The committee page therefore shows every member's name; it
  does not hide members behind “Mitglied (ohne Veröffentlichung)”.
- Contact data (e-mail, phone) and the profile text are more than that: they are shown only when the person has
  given consent to a public profile (recorded with its date, revocable by the person at any time), and otherwise
  only to the Geschäftsstelle, who runs the committee, and to the person themself.
- There is no field for origin, nationality or religion anywhere (domain rules 1.4, 6).
- Those who work in the body (`committees.view_internal`) see every committee. Visitors see a committee only once
  the Geschäftsstelle has switched on “composition public” (`Organization.published`), and then without the
  composition warnings, the history and links to the internal person pages. The same holds for statutes: a version
  in force that the Geschäftsstelle published (`Statute.published`); revision proposals never.

Writes need `committees.manage` (the Geschäftsstelle); consent is given or revoked by the Geschäftsstelle or by the
person linked to the signed-in account.
"""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.tenancy.access import access_body

from . import forms_papers as forms
from . import models as m
from . import services_composition as services
from . import services_papers
from .access import access_committee_object
from .selectors import settings_of, visible_papers
from .views_papers import form_page, history_of, may_manage, require_internal, require_manage, url_of

# --- Committees --------------------------------------------------------------------------------------------------


def _internal(request, body) -> bool:
    return request.user.has_perm("committees.view_internal", body)


def organizations(request, body):
    body = access_body(body)
    internal = _internal(request, body)
    today = timezone.localdate()
    active = services.active_q(today, prefix="memberships__") & ~Q(memberships__role=m.MembershipRole.DEPUTY)
    items = m.Organization.objects.filter(body=body, deleted=False)
    if not internal:
        items = items.filter(published=True)
    items = items.annotate(member_count=Count("memberships", filter=active, distinct=True)).order_by("name")
    return render(
        request,
        "committees/composition/organizations.html",
        {"body": body, "organizations": items, "can_manage": may_manage(request, body), "internal": internal},
    )


@login_required
def organization_create(request, body):
    body = access_body(body)
    require_manage(request, body)
    return form_page(
        request,
        form=forms.OrganizationForm(request.POST or None, body=body),
        context={
            "body": body,
            "heading": _("New committee"),
            "back": reverse("committees:organizations", args=[body.slug]),
        },
        act=lambda data: services.organization_create(actor=request.user, body=body, **data),
        success=_("The committee has been created. Now add its members."),
    )


def organization_detail(request, body, organization):
    """The committee with its members grouped, deputies beside the member they stand in for, the seats and the
    warnings on the composition (warnings only: they never block). Visitors: a published committee, no warnings."""
    body = access_body(body)
    internal = _internal(request, body)
    organization = access_committee_object(
        request.user,
        body,
        m.Organization,
        organization,
        queryset=None if internal else m.Organization.objects.filter(published=True),
    )
    can_manage = may_manage(request, body)
    composition = services.composition_of(organization)
    if not internal:
        composition.warnings = []
    papers = (
        visible_papers(request.user, body)
        .filter(consultations__organization=organization, consultations__deleted=False)
        .order_by("-date", "-pk")
        .distinct()[:10]
    )
    context = {
        "body": body,
        "organization": organization,
        "composition": composition,
        "can_manage": can_manage,
        "papers": papers,
        "settings": settings_of(body),
        "today": timezone.localdate(),
        "internal": internal,
    }
    if can_manage:
        context["history"] = history_of(
            organization.history.all(),
            m.Membership.history.filter(organization_id=organization.pk).select_related("person"),
            subject=lambda record: getattr(getattr(record, "person", None), "name", None) or str(record.name),
        )
    return render(request, "committees/composition/organization_detail.html", context)


@login_required
def organization_edit(request, body, organization):
    body = access_body(body)
    require_manage(request, body)
    organization = access_committee_object(request.user, body, m.Organization, organization)
    return form_page(
        request,
        form=forms.OrganizationForm(request.POST or None, instance=organization, body=body),
        context={"body": body, "heading": _("Edit committee"), "back": url_of(organization)},
        act=lambda data: services.organization_update(actor=request.user, organization=organization, **data),
        success=_("The committee has been saved."),
    )


def _warn_about_composition(request, membership: m.Membership) -> None:
    for warning in services.composition_warnings(membership.organization):
        messages.warning(request, warning)


@login_required
def membership_create(request, body, organization):
    body = access_body(body)
    require_manage(request, body)
    organization = access_committee_object(request.user, body, m.Organization, organization)
    term = services.current_legislative_term(body)
    initial = {"legislative_term": term, "start_date": term.start_date if term else None}

    def act(data: dict) -> m.Membership:
        membership = services.membership_create(actor=request.user, organization=organization, **data)
        _warn_about_composition(request, membership)
        return membership

    return form_page(
        request,
        form=forms.MembershipForm(request.POST or None, organization=organization, initial=initial),
        context={
            "body": body,
            "heading": _("New member of %(committee)s") % {"committee": organization},
            "back": url_of(organization),
            "hint": _("The person must exist first.")
            if not m.Person.objects.filter(body=body, deleted=False).exists()
            else "",
            "hint_url": reverse("committees:person_create", args=[body.slug]),
        },
        act=act,
        success=lambda membership: _("%(name)s is now a member.") % {"name": membership.person.name},
    )


def _membership(request, body, pk: int) -> m.Membership:
    require_manage(request, body)  # first: a refusal must not depend on whether the object exists
    membership = access_committee_object(
        request.user,
        body,
        m.Membership,
        pk,
        queryset=m.Membership.objects.select_related("person", "organization__body"),
    )
    return membership


@login_required
def membership_edit(request, body, membership):
    body = access_body(body)
    membership = _membership(request, body, membership)

    def act(data: dict) -> m.Membership:
        saved = services.membership_update(actor=request.user, membership=membership, **data)
        _warn_about_composition(request, saved)
        return saved

    return form_page(
        request,
        form=forms.MembershipForm(request.POST or None, instance=membership, organization=membership.organization),
        context={
            "body": body,
            "heading": _("Membership of %(name)s") % {"name": membership.person.name},
            "back": url_of(membership),
        },
        act=act,
        success=_("The membership has been saved."),
    )


@login_required
def membership_end(request, body, membership):
    """End a membership; the page then names who moves up from the same list."""
    body = access_body(body)
    membership = _membership(request, body, membership)

    def success(ended: m.Membership) -> str:
        text = _("The membership of %(name)s ends on %(date)s.") % {
            "name": ended.person.name,
            "date": ended.end_date.strftime("%d.%m.%Y"),
        }
        successor = services.next_on_list(ended.organization, ended.list_name)
        if ended.list_name and successor is not None:
            text += " " + _("Next on the list “%(list)s”: %(name)s (place %(order)s).") % {
                "list": ended.list_name,
                "name": successor.person.name,
                "order": successor.list_order,
            }
        elif ended.list_name:
            text += " " + _("There is no one left on the list “%(list)s”.") % {"list": ended.list_name}
        return text

    return form_page(
        request,
        form=forms.MembershipEndForm(request.POST or None),
        context={
            "body": body,
            "heading": _("End the membership of %(name)s") % {"name": membership.person.name},
            "back": url_of(membership),
        },
        act=lambda data: services.membership_end(actor=request.user, membership=membership, **data),
        success=success,
    )


@login_required
def committee_settings(request, body):
    """The body's local rules for committee work: numbering of papers, composition warnings, notice periods."""
    body = access_body(body)
    require_manage(request, body)
    return form_page(
        request,
        form=forms.CommitteeSettingsForm(request.POST or None, instance=settings_of(body), body=body),
        context={
            "body": body,
            "heading": _("Settings of committee work"),
            "back": reverse("committees:organizations", args=[body.slug]),
        },
        act=lambda data: services_papers.committee_settings_update(actor=request.user, body=body, **data),
        success=_("The settings have been saved."),
        next_url=lambda rules: reverse("committees:organizations", args=[body.slug]),
    )


# --- Persons -----------------------------------------------------------------------------------------------------


@login_required
def persons(request, body):
    body = access_body(body)
    require_internal(request, body)
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    items = m.Person.objects.filter(body=body, deleted=False).prefetch_related(
        Prefetch(
            "memberships",
            queryset=m.Membership.objects.filter(services.active_q()).select_related("organization"),
            to_attr="current_memberships",
        )
    )
    if query:
        items = items.filter(Q(family_name__icontains=query) | Q(given_name__icontains=query))
    page = Paginator(items.order_by("family_name", "given_name", "pk"), 100).get_page(request.GET.get("seite"))
    return render(
        request,
        "committees/composition/persons.html",
        {"body": body, "form": form, "page": page, "can_manage": may_manage(request, body)},
    )


@login_required
def person_create(request, body):
    body = access_body(body)
    require_manage(request, body)
    return form_page(
        request,
        form=forms.PersonForm(request.POST or None, body=body),
        context={
            "body": body,
            "heading": _("New person"),
            "back": reverse("committees:persons", args=[body.slug]),
            "hint": _(
                "Record only what committee work needs. Origin, nationality or religion are never asked for; "
                "contact data and profile text are shown to others only with the person's consent."
            ),
        },
        act=lambda data: services.person_create(actor=request.user, body=body, **data),
        success=_("The person has been created."),
    )


@login_required
def person_detail(request, body, person):
    body = access_body(body)
    require_internal(request, body)
    person = access_committee_object(request.user, body, m.Person, person)
    can_manage = may_manage(request, body)
    is_self = person.user_id is not None and person.user_id == request.user.pk
    memberships = person.memberships.filter(deleted=False).select_related("organization", "deputy_of__person")
    return render(
        request,
        "committees/composition/person_detail.html",
        {
            "body": body,
            "person": person,
            "memberships": memberships,
            "can_manage": can_manage,
            "is_self": is_self,
            "show_private": can_manage or is_self or person.has_public_consent,
            "may_change_consent": services.may_change_consent(request.user, person),
            "consent_text": services.CONSENT_TEXT,
            "consent_text_version": services.CONSENT_TEXT_VERSION,
            "history": history_of(person.history.all()) if can_manage or is_self else None,
        },
    )


@login_required
def person_edit(request, body, person):
    body = access_body(body)
    require_manage(request, body)
    person = access_committee_object(request.user, body, m.Person, person)
    return form_page(
        request,
        form=forms.PersonForm(request.POST or None, instance=person, body=body),
        context={"body": body, "heading": _("Edit %(name)s") % {"name": person.name}, "back": url_of(person)},
        act=lambda data: services.person_update(actor=request.user, person=person, **data),
        success=_("The person has been saved."),
    )


def _consent(request, body, person, service, success) -> Any:
    body = access_body(body)
    require_internal(request, body)
    person = access_committee_object(request.user, body, m.Person, person)
    try:
        service(actor=request.user, person=person)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect(url_of(person))


@login_required
@require_POST
def person_consent_give(request, body, person):
    return _consent(
        request,
        body,
        person,
        services.person_consent_give,
        _("The consent to a public profile has been recorded. It can be revoked at any time."),
    )


@login_required
@require_POST
def person_consent_revoke(request, body, person):
    return _consent(
        request,
        body,
        person,
        services.person_consent_revoke,
        _("The consent has been revoked. Contact data and profile text are no longer shown to others."),
    )


# --- Legislative terms -------------------------------------------------------------------------------------------


@login_required
def legislativeterms(request, body):
    """The body's legislative terms; the form starts with the current NRW term (01.11.2025–31.10.2030)."""
    body = access_body(body)
    require_internal(request, body)
    can_manage = may_manage(request, body)
    form = forms.LegislativeTermForm(request.POST or None, initial=services.legislative_term_preset(), body=body)
    if request.method == "POST":
        require_manage(request, body)
    return form_page(
        request,
        form=form,
        template="committees/composition/legislative_terms.html",
        context={
            "body": body,
            "terms": m.LegislativeTerm.objects.filter(body=body, deleted=False),
            "can_manage": can_manage,
        },
        act=lambda data: services.legislative_term_create(actor=request.user, body=body, **data),
        success=_("The legislative term has been added."),
    )


@login_required
def legislativeterm_edit(request, body, legislativeterm):
    body = access_body(body)
    require_manage(request, body)
    term = access_committee_object(request.user, body, m.LegislativeTerm, legislativeterm)
    return form_page(
        request,
        form=forms.LegislativeTermForm(request.POST or None, instance=term, body=body),
        context={"body": body, "heading": _("Edit legislative term"), "back": url_of(term)},
        act=lambda data: services.legislative_term_update(actor=request.user, term=term, **data),
        success=_("The legislative term has been saved."),
    )


# --- Statutes ----------------------------------------------------------------------------------------------------


def statutes(request, body):
    """The body's local law by kind: the version in force, older versions and open revision proposals."""
    body = access_body(body)
    internal = _internal(request, body)
    all_versions = m.Statute.objects.filter(body=body).order_by("kind", "-version")
    if not internal:
        all_versions = all_versions.filter(published=True, proposal=False)
    kinds = []
    for value, label in m.StatuteKind.choices:
        versions = [statute for statute in all_versions if statute.kind == value]
        if versions:
            current = next((statute for statute in versions if not statute.proposal), None)
            proposals = [s for s in versions if s.proposal and (current is None or s.version > current.version)]
            kinds.append({"label": label, "current": current, "versions": versions, "proposals": proposals})
    return render(
        request,
        "committees/composition/statutes.html",
        {"body": body, "kinds": kinds, "can_manage": may_manage(request, body), "internal": internal},
    )


@login_required
def statute_create(request, body):
    body = access_body(body)
    require_manage(request, body)
    return form_page(
        request,
        form=forms.StatuteForm(request.POST or None, body=body),
        context={"body": body, "heading": _("New statute"), "back": reverse("committees:statutes", args=[body.slug])},
        act=lambda data: services.statute_create(actor=request.user, body=body, **data),
        success=_("The statute has been saved as version 1."),
    )


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    """The changed lines between two texts as (kind, line): kind is "removed" or "added"."""
    lines = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("- "):
            lines.append(("removed", line[2:]))
        elif line.startswith("+ "):
            lines.append(("added", line[2:]))
    return lines


def statute_detail(request, body, statute):
    body = access_body(body)
    internal = _internal(request, body)
    public_versions = m.Statute.objects.filter(published=True, proposal=False)
    statute = access_committee_object(
        request.user,
        body,
        m.Statute,
        statute,
        queryset=(m.Statute.objects if internal else public_versions).select_related("based_on"),
    )
    versions = (m.Statute.objects if internal else public_versions).filter(body=body, kind=statute.kind)
    versions = versions.order_by("-version")
    current = services.current_statute(body, statute.kind)
    if current is not None and not internal and not current.published:
        current = None
    return render(
        request,
        "committees/composition/statute_detail.html",
        {
            "body": body,
            "statute": statute,
            "versions": versions,
            "current": current,
            "proposals": statute.revisions.filter(proposal=True).order_by("-version") if internal else [],
            "changes": _diff(statute.based_on.text, statute.text)
            if statute.based_on and (internal or statute.based_on.published)
            else None,
            "can_manage": may_manage(request, body),
            "adopt_form": forms.StatuteAdoptForm(initial={"valid_from": timezone.localdate()}),
        },
    )


def _statute_version_page(request, body, statute, *, proposal: bool):
    body = access_body(body)
    require_manage(request, body)
    statute = access_committee_object(request.user, body, m.Statute, statute)
    initial = {"title": statute.title, "text": statute.text, "published": statute.published}
    if proposal:
        return form_page(
            request,
            form=forms.StatuteProposalForm(request.POST or None, initial=initial, body=body),
            context={
                "body": body,
                "heading": _("Propose a revision of %(title)s (version %(version)s)")
                % {"title": statute.title, "version": statute.version},
                "back": url_of(statute),
            },
            act=lambda data: services.statute_propose_revision(actor=request.user, statute=statute, **data),
            success=_("The revision proposal has been saved. It is not in force until the council adopts it."),
        )
    return form_page(
        request,
        form=forms.StatuteVersionForm(request.POST or None, initial=initial, body=body),
        context={
            "body": body,
            "heading": _("New version of %(title)s") % {"title": statute.title},
            "back": url_of(statute),
        },
        act=lambda data: services.statute_new_version(actor=request.user, statute=statute, **data),
        success=lambda new: _("Version %(version)s has been saved.") % {"version": new.version},
    )


@login_required
def statute_new_version(request, body, statute):
    return _statute_version_page(request, body, statute, proposal=False)


@login_required
def statute_propose(request, body, statute):
    return _statute_version_page(request, body, statute, proposal=True)


@login_required
@require_POST
def statute_adopt(request, body, statute):
    body = access_body(body)
    require_manage(request, body)
    statute = access_committee_object(request.user, body, m.Statute, statute)
    form = forms.StatuteAdoptForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Please enter a valid date."))
        services.statute_adopt(actor=request.user, statute=statute, valid_from=form.cleaned_data["valid_from"])
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Version %(version)s is now in force.") % {"version": statute.version})
    return redirect(url_of(statute))


# --- Rights checklist --------------------------------------------------------------------------------------------


@login_required
def rightschecks(request, body):
    """The committee's rights: anchored where, partly, to ask the council for, or not relevant."""
    body = access_body(body)
    require_internal(request, body)
    can_manage = may_manage(request, body)
    rows = services.rights_checklist(body)
    form = forms.RightsForm(request.POST or None, rows=rows)
    if request.method == "POST":
        require_manage(request, body)
        if form.is_valid():
            try:
                services.rights_checklist_save(actor=request.user, body=body, values=form.values())
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("The checklist of rights has been saved."))
                return redirect("committees:rightschecks", body=body.slug)
    return render(
        request,
        "committees/composition/rights.html",
        {
            "body": body,
            "rows": rows,
            "form": form,
            "can_manage": can_manage,
            "history": history_of(m.RightsCheck.history.filter(body_id=body.pk), subject=_right_label)
            if can_manage
            else None,
        },
    )


def _right_label(record: Any) -> str:
    return str(dict(m.CommitteeRight.choices).get(record.right, record.right))
