"""Writes of a committee's composition — committees, legislative terms, persons, memberships — and the reads that
belong to them: the composition grouped for the committee page, the successor on a list, the warnings.

Validate, then act: the permission (`committees.manage`, the Geschäftsstelle) and the invariants are checked first,
then `full_clean()` and save in one transaction, with the actor recorded in the change history. A refusal is an
`ApplicationError` with German text; nothing is written.

The composition rules of § 27 GO NRW are local law and partly unverified (domain rules 1.3): they never block a
write. `composition_warnings()` names what deviates (directly elected members not outnumbering council members, a
ratio far from the body's target, more members than seats); the body switches the ratio warnings off or sets its
target in `CommitteeSettings` (`warn_on_ratio`, `target_ratio`).

Nothing here stores origin, nationality or religion. Consent to a public profile is recorded with its date and
can be revoked at any time (`person_consent_give`, `person_consent_revoke`); the history keeps both dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body
from querschnitt.tenancy.selectors import roles_in_body

from .access import BODY_PATH
from .models import (
    CommitteeRight,
    Consultation,
    LegislativeTerm,
    Membership,
    MembershipGroup,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    RightsCheck,
    Statute,
)
from .selectors import settings_of

# Groups that vote by law; advisory members, the administration and guests do not (domain rules 1.3).
VOTING_GROUPS = {MembershipGroup.DIRECTLY_ELECTED, MembershipGroup.COUNCIL_MEMBER}
NON_VOTING_GROUPS = {MembershipGroup.ADVISORY, MembershipGroup.ADMINISTRATION, MembershipGroup.GUEST}
# Integration committees under their names of the legislative periods (domain rules 1.1).
INTEGRATION_KINDS = {OrganizationKind.ACI, OrganizationKind.INTEGRATION_COUNCIL, OrganizationKind.INTEGRATION_COMMITTEE}
PERSON_FIELDS = {"family_name", "given_name", "title", "form_of_address", "email", "phone", "profile_text", "user"}
RATIO_TOLERANCE = Decimal("0.25")


# --- Shared steps of every committee write (also used by services_papers) ------------------------------------------


def body_of(instance: models.Model) -> Body:
    """The body an object of committee work belongs to, following BODY_PATH."""
    current: Any = instance
    for step in BODY_PATH[type(instance)].split("__"):
        current = getattr(current, step)
    return current


def check_may_manage(actor: Any, body: Body) -> None:
    """Only the Geschäftsstelle changes committee work (`actor=None`: a command or the demo loader)."""
    if actor is not None and not actor.has_perm("committees.manage", body):
        raise ApplicationError(_("You may not change the committee work of this body."))


def check_not_imported(actor: Any, instance: models.Model) -> None:
    """What came from the council's own information system (OParl import) is kept there: a change here would be
    overwritten by the next import. The import itself saves as the system (`actor=None`)."""
    if actor is None:
        return
    # The parent counts too (an item of an imported meeting, a step of an imported paper) — but a step of one of
    # our papers may well be planned in an imported meeting of the council.
    parent_name = "paper" if isinstance(instance, Consultation) else "meeting"
    parent = getattr(instance, parent_name, None)
    for obj in (instance, parent):
        if getattr(obj, "is_imported", False):
            raise ApplicationError(
                _(
                    "This comes from the council information system and is kept there; the next import would "
                    "overwrite a change made here."
                )
            )


def validated_save(actor: Any, instance: models.Model, *, body: Body | None = None, check: bool = True) -> None:
    """Check the permission, validate and save; a validation error becomes an ApplicationError at its field."""
    if check:
        check_may_manage(actor, body or body_of(instance))
    check_not_imported(actor, instance)
    try:
        instance.full_clean()
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field_name == "__all__" else field_name) from error
    record_actor(instance, actor)
    instance.save()


def apply_changes(instance: models.Model, changes: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name, value in changes.items():
        if name not in allowed:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(instance, name, value)


def require_same_body(body: Body, objects: Iterable[Any], *, field_name: str) -> None:
    if any(obj is not None and body_of(obj).pk != body.pk for obj in objects):
        raise ApplicationError(_("Only objects of the same body can be chosen."), field=field_name)


def active_q(on: date | None = None, prefix: str = "") -> Q:
    """Memberships (or, with `prefix`, objects reached through one) active on a day and not deleted."""
    on = on or timezone.localdate()
    return (
        Q(**{f"{prefix}deleted": False})
        & (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on}))
    )


# --- Committees and legislative terms ----------------------------------------------------------------------------

ORGANIZATION_FIELDS = {
    "name",
    "short_name",
    "kind",
    "organization_type",
    "statutory_seats",
    "elected_seats",
    "council_seats",
    "start_date",
    "end_date",
    "website",
    "published",
}


def _check_organization(organization: Organization) -> None:
    elected, council, statutory = organization.elected_seats, organization.council_seats, organization.statutory_seats
    if statutory is not None and elected is not None and council is not None and elected + council > statutory:
        raise ApplicationError(
            _("The seats of directly elected and council members exceed the seats under the Hauptsatzung."),
            field="statutory_seats",
        )
    if organization.start_date and organization.end_date and organization.end_date < organization.start_date:
        raise ApplicationError(_("The end lies before the start."), field="end_date")


def organization_create(*, actor: Any, body: Body, name: str, **fields: Any) -> Organization:
    """A committee of the body; its seats come from the Hauptsatzung (statutory, directly elected, council)."""
    organization = Organization(body=body, name=name.strip())
    apply_changes(organization, fields, ORGANIZATION_FIELDS)
    check_may_manage(actor, body)
    _check_organization(organization)
    with transaction.atomic():
        validated_save(actor, organization)
    return organization


def organization_update(*, actor: Any, organization: Organization, **changes: Any) -> Organization:
    apply_changes(organization, changes, ORGANIZATION_FIELDS)
    check_may_manage(actor, organization.body)
    _check_organization(organization)
    with transaction.atomic():
        validated_save(actor, organization)
    return organization


TERM_PRESET = {"start_date": date(2025, 11, 1), "end_date": date(2030, 10, 31)}


def legislative_term_preset() -> dict[str, Any]:
    """The current Wahlperiode of NRW (elected 14.09.2025, domain rules 1.5)."""
    return {"name": _("Legislative term 2025–2030"), **TERM_PRESET}


def legislative_term_create(*, actor: Any, body: Body, name: str, start_date: date, end_date: date) -> LegislativeTerm:
    check_may_manage(actor, body)
    if start_date and end_date and end_date <= start_date:
        raise ApplicationError(_("The end lies before the start."), field="end_date")
    overlapping = LegislativeTerm.objects.filter(
        body=body, deleted=False, start_date__lte=end_date, end_date__gte=start_date
    ).first()
    if overlapping is not None:
        raise ApplicationError(
            _("The period overlaps with “%(name)s”.") % {"name": overlapping.name}, field="start_date"
        )
    term = LegislativeTerm(body=body, name=name.strip(), start_date=start_date, end_date=end_date)
    with transaction.atomic():
        validated_save(actor, term)
    return term


def legislative_term_update(*, actor: Any, term: LegislativeTerm, **changes: Any) -> LegislativeTerm:
    apply_changes(term, changes, {"name", "start_date", "end_date"})
    check_may_manage(actor, term.body)
    if term.end_date <= term.start_date:
        raise ApplicationError(_("The end lies before the start."), field="end_date")
    overlapping = (
        LegislativeTerm.objects.filter(
            body=term.body, deleted=False, start_date__lte=term.end_date, end_date__gte=term.start_date
        )
        .exclude(pk=term.pk)
        .first()
    )
    if overlapping is not None:
        raise ApplicationError(
            _("The period overlaps with “%(name)s”.") % {"name": overlapping.name}, field="start_date"
        )
    with transaction.atomic():
        validated_save(actor, term)
    return term


def current_legislative_term(body: Body) -> LegislativeTerm | None:
    today = timezone.localdate()
    terms = LegislativeTerm.objects.filter(body=body, deleted=False)
    return terms.filter(start_date__lte=today, end_date__gte=today).first() or terms.first()


# --- Persons -----------------------------------------------------------------------------------------------------


def _check_person(person: Person) -> None:
    """A person may be linked to a user account of the body only: the link opens the committee's non-public
    papers to that account."""
    if person.user_id is not None and not roles_in_body(person.user, person.body):
        raise ApplicationError(_("The user account does not belong to this body."), field="user")
    if person.user_id is not None:
        taken = Person.objects.filter(body=person.body, user_id=person.user_id, deleted=False).exclude(pk=person.pk)
        if taken.exists():
            raise ApplicationError(_("This user account is already linked to another person."), field="user")


def person_create(*, actor: Any, body: Body, family_name: str, given_name: str, **fields: Any) -> Person:
    """A person of committee work. There is no field for origin, nationality or religion (domain rules 1.4, 6);
    consent to a public profile is a separate step (`person_consent_give`)."""
    person = Person(body=body, family_name=family_name.strip(), given_name=given_name.strip())
    apply_changes(person, fields, PERSON_FIELDS)
    check_may_manage(actor, body)
    _check_person(person)
    with transaction.atomic():
        validated_save(actor, person)
    return person


def person_update(*, actor: Any, person: Person, **changes: Any) -> Person:
    """Change a person's data. Consent is not a field to edit: it is given and revoked with its own date."""
    apply_changes(person, changes, PERSON_FIELDS)
    check_may_manage(actor, person.body)
    _check_person(person)
    with transaction.atomic():
        validated_save(actor, person)
    return person


# The wording a person consents to. Change the version whenever the text changes: each consent records the
# version it was given to (`Person.consent_text_version`).
CONSENT_TEXT_VERSION = "2026-1"
CONSENT_TEXT = gettext_lazy(
    "I agree that my e-mail address, phone number and profile text are shown on the public pages of the committee "
    "and in its open data (OParl). I can revoke this consent at any time; from then on they are no longer shown."
)


def may_change_consent(actor: Any, person: Person) -> bool:
    """The Geschäftsstelle records consent given on paper; the person themself gives and revokes it online."""
    if actor is None:
        return True
    linked_self = getattr(actor, "is_authenticated", False) and person.user_id == actor.pk
    return linked_self or actor.has_perm("committees.manage", person.body)


def person_consent_give(*, actor: Any, person: Person) -> Person:
    """Record consent to a public profile (contact data, profile text) with the current time."""
    if not may_change_consent(actor, person):
        raise ApplicationError(_("You may not record consent for this person."))
    if person.has_public_consent:
        raise ApplicationError(_("The consent has already been given."))
    person.consent_given_on, person.consent_revoked_on = timezone.now(), None
    person.consent_text_version = CONSENT_TEXT_VERSION
    with transaction.atomic():
        validated_save(actor, person, check=False)
    return person


def person_consent_revoke(*, actor: Any, person: Person) -> Person:
    """Revoke the consent: from now on contact data and profile text are no longer shown publicly. The date of
    the consent stays in the history as proof of what was lawful until now."""
    if not may_change_consent(actor, person):
        raise ApplicationError(_("You may not record consent for this person."))
    if not person.has_public_consent:
        raise ApplicationError(_("There is no consent to revoke."))
    person.consent_revoked_on = timezone.now()
    with transaction.atomic():
        validated_save(actor, person, check=False)
    return person


def users_of_body(body: Body) -> Any:
    """User accounts with a role in the body: the ones a person may be linked to."""
    return (
        get_user_model()
        .objects.filter(role_assignments__body=body)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


# --- Memberships -------------------------------------------------------------------------------------------------

MEMBERSHIP_FIELDS = {
    "person",
    "legislative_term",
    "group",
    "role",
    "voting_right",
    "deputy_of",
    "list_name",
    "list_order",
    "on_behalf_of",
    "start_date",
    "end_date",
}


def default_voting_right(group: str) -> bool:
    return group in VOTING_GROUPS


def _check_membership(membership: Membership) -> None:
    organization = membership.organization
    body = organization.body
    require_same_body(body, [membership.person], field_name="person")
    require_same_body(body, [membership.legislative_term], field_name="legislative_term")
    require_same_body(body, [membership.on_behalf_of], field_name="on_behalf_of")
    if membership.voting_right and membership.group in NON_VOTING_GROUPS:
        raise ApplicationError(
            _("Advisory members, the administration and guests have no voting right."), field="voting_right"
        )
    if membership.start_date and membership.end_date and membership.end_date < membership.start_date:
        raise ApplicationError(_("The end lies before the start."), field="end_date")
    deputy_of = membership.deputy_of
    if deputy_of is not None:
        if membership.role != MembershipRole.DEPUTY:
            raise ApplicationError(_("Only a deputy stands in for a member."), field="deputy_of")
        if deputy_of.organization_id != organization.pk or deputy_of.deleted:
            raise ApplicationError(_("The deputy must stand in for a member of this committee."), field="deputy_of")
        if deputy_of.pk == membership.pk or deputy_of.person_id == membership.person_id:
            raise ApplicationError(_("A person cannot stand in for themself."), field="deputy_of")
        if deputy_of.role == MembershipRole.DEPUTY:
            raise ApplicationError(_("A deputy cannot stand in for another deputy."), field="deputy_of")
    # One seat per person and committee at a time (a former membership may have ended before).
    same_person = Membership.objects.filter(
        organization=organization, person_id=membership.person_id, deleted=False
    ).exclude(pk=membership.pk)
    if membership.start_date:
        same_person = same_person.exclude(end_date__lt=membership.start_date)
    if membership.end_date:
        same_person = same_person.exclude(start_date__gt=membership.end_date)
    if same_person.exists():
        raise ApplicationError(
            _("%(name)s is already a member of this committee in this period.") % {"name": membership.person.name},
            field="person",
        )
    # A place on a list is the order of succession (Nachrücken): it is taken once among the current members.
    if membership.list_name.strip() and membership.list_order is not None:
        taken = (
            Membership.objects.filter(
                organization=organization,
                list_name__iexact=membership.list_name.strip(),
                list_order=membership.list_order,
            )
            .filter(active_q())
            .exclude(pk=membership.pk)
            .select_related("person")
            .first()
        )
        if taken is not None:
            raise ApplicationError(
                _("Place %(order)s on the list “%(list)s” is already taken by %(name)s.")
                % {"order": membership.list_order, "list": membership.list_name, "name": taken.person.name},
                field="list_order",
            )


def membership_create(
    *,
    actor: Any,
    organization: Organization,
    person: Person,
    group: str,
    voting_right: bool | None = None,
    **fields: Any,
) -> Membership:
    """Seat a person in a committee. Without `voting_right` it follows the group: directly elected and council
    members vote, the others advise."""
    membership = Membership(
        organization=organization,
        person=person,
        group=group,
        voting_right=default_voting_right(group) if voting_right is None else voting_right,
    )
    apply_changes(membership, fields, MEMBERSHIP_FIELDS)
    membership.list_name = membership.list_name.strip()
    check_may_manage(actor, organization.body)
    _check_membership(membership)
    with transaction.atomic():
        validated_save(actor, membership)
    return membership


def membership_update(*, actor: Any, membership: Membership, **changes: Any) -> Membership:
    if "voting_right" in changes and changes["voting_right"] is None:
        changes["voting_right"] = default_voting_right(changes.get("group", membership.group))
    apply_changes(membership, changes, MEMBERSHIP_FIELDS)
    membership.list_name = membership.list_name.strip()
    check_may_manage(actor, membership.organization.body)
    _check_membership(membership)
    with transaction.atomic():
        validated_save(actor, membership)
    return membership


def membership_end(*, actor: Any, membership: Membership, end_date: date) -> Membership:
    """End a membership (resignation, moving away, death). The seat is then filled from the list: see
    `next_on_list`. The membership stays in the records with its dates."""
    check_may_manage(actor, membership.organization.body)
    if membership.start_date and end_date < membership.start_date:
        raise ApplicationError(_("The end lies before the start."), field="end_date")
    membership.end_date = end_date
    with transaction.atomic():
        validated_save(actor, membership)
    return membership


# --- Statutes and rights -----------------------------------------------------------------------------------------


def _next_statute_version(body: Body, kind: str) -> int:
    return (Statute.objects.filter(body=body, kind=kind).aggregate(Max("version"))["version__max"] or 0) + 1


def current_statute(body: Body, kind: str) -> Statute | None:
    """The version in force: the newest that is not a proposal."""
    return Statute.objects.filter(body=body, kind=kind, proposal=False).order_by("-version").first()


def statute_create(
    *,
    actor: Any,
    body: Body,
    kind: str,
    title: str,
    text: str = "",
    valid_from: date | None = None,
    published: bool = False,
) -> Statute:
    """The first version of one of the body's statutes (Hauptsatzung, Zuständigkeitsordnung, …)."""
    check_may_manage(actor, body)
    if Statute.objects.filter(body=body, kind=kind).exists():
        raise ApplicationError(
            _("This statute exists already. Add a new version or propose a revision on its page."), field="kind"
        )
    statute = Statute(
        body=body, kind=kind, title=title.strip(), text=text, valid_from=valid_from, version=1, published=published
    )
    with transaction.atomic():
        validated_save(actor, statute)
    return statute


def _derived_version(
    actor: Any,
    statute: Statute,
    *,
    text: str,
    title: str | None,
    valid_from: date | None,
    proposal: bool,
    published: bool | None = None,
) -> Statute:
    check_may_manage(actor, statute.body)
    new = Statute(
        body=statute.body,
        kind=statute.kind,
        title=(title or statute.title).strip(),
        text=text,
        valid_from=valid_from,
        proposal=proposal,
        # A proposal is never public; a version in force is as public as the one it replaces unless told.
        published=False if proposal else (statute.published if published is None else published),
        based_on=statute,
        version=_next_statute_version(statute.body, statute.kind),
    )
    with transaction.atomic():
        validated_save(actor, new)
    return new


def statute_new_version(
    *,
    actor: Any,
    statute: Statute,
    text: str,
    title: str | None = None,
    valid_from: date | None = None,
    published: bool | None = None,
) -> Statute:
    """A new version in force (the council changed the statute)."""
    return _derived_version(
        actor, statute, text=text, title=title, valid_from=valid_from, proposal=False, published=published
    )


def statute_propose_revision(*, actor: Any, statute: Statute, text: str, title: str | None = None) -> Statute:
    """A revision proposal (e.g. the committee asks to be anchored in the Beratungsfolge): a version marked as a
    proposal, based on `statute`, that is not in force until adopted."""
    return _derived_version(actor, statute, text=text, title=title, valid_from=None, proposal=True)


def statute_adopt(*, actor: Any, statute: Statute, valid_from: date | None = None) -> Statute:
    """The council adopted a proposal: it becomes the version in force — if it is based on the current one."""
    check_may_manage(actor, statute.body)
    if not statute.proposal:
        raise ApplicationError(_("This version is not a proposal."))
    current = current_statute(statute.body, statute.kind)
    if current is not None and statute.based_on_id != current.pk:
        raise ApplicationError(
            _("The proposal is based on an older version. Propose the revision again on the current version.")
        )
    statute.proposal, statute.valid_from = False, valid_from or statute.valid_from
    statute.published = bool(current and current.published)
    with transaction.atomic():
        validated_save(actor, statute)
    return statute


@dataclass
class RightRow:
    right: str
    label: str
    check: RightsCheck


def rights_checklist(body: Body) -> list[RightRow]:
    """Every right of the committee with its recorded state (a right not yet assessed is “to ask for”)."""
    recorded = {check.right: check for check in RightsCheck.objects.filter(body=body)}
    return [
        RightRow(value, str(label), recorded.get(value) or RightsCheck(body=body, right=value))
        for value, label in CommitteeRight.choices
    ]


def rights_check_set(*, actor: Any, body: Body, right: str, state: str, where: str = "", note: str = "") -> RightsCheck:
    check_may_manage(actor, body)
    check = RightsCheck.objects.filter(body=body, right=right).first() or RightsCheck(body=body, right=right)
    if check.pk and (check.state, check.where, check.note) == (state, where.strip(), note.strip()):
        return check  # unchanged: no history entry
    check.state, check.where, check.note = state, where.strip(), note.strip()
    with transaction.atomic():
        validated_save(actor, check)
    return check


def rights_checklist_save(*, actor: Any, body: Body, values: Iterable[tuple[str, str, str, str]]) -> None:
    """Save the whole checklist at once: (right, state, where, note) per right; all or nothing."""
    check_may_manage(actor, body)
    with transaction.atomic():
        for right, state, where, note in values:
            rights_check_set(actor=actor, body=body, right=right, state=state, where=where, note=note)


# --- Reads of the composition ------------------------------------------------------------------------------------


def next_on_list(organization: Organization, list_name: str, *, on: date | None = None) -> Membership | None:
    """Who moves up when a seat of `list_name` falls vacant: among the current memberships of that list without an
    ordinary seat (the deputies, who are the list's further candidates), the one with the lowest place on the
    list. None when the list is exhausted (or places were not recorded)."""
    if not list_name.strip():
        return None
    return (
        Membership.objects.filter(
            organization=organization,
            list_name__iexact=list_name.strip(),
            role=MembershipRole.DEPUTY,
            list_order__isnull=False,
        )
        .filter(active_q(on))
        .select_related("person")
        .order_by("list_order", "pk")
        .first()
    )


@dataclass
class MemberGroup:
    """The memberships of one group for the committee page (each with `deputy_members`: who stands in for it)."""

    value: str
    label: str
    memberships: list[Membership] = field(default_factory=list)


@dataclass
class Composition:
    groups: list[MemberGroup]
    former: list[Membership]
    deputies: dict[int, list[Membership]]
    counts: dict[str, int]
    warnings: list[str]


def memberships_of(organization: Organization) -> models.QuerySet[Membership]:
    """All (not deleted) memberships of a committee with what the committee page shows, in one query."""
    return (
        organization.memberships.filter(deleted=False)
        .select_related("person", "deputy_of__person", "legislative_term", "on_behalf_of")
        .order_by("group", "list_name", "list_order", "person__family_name", "person__given_name", "pk")
    )


ROLE_ORDER = {value: number for number, value in enumerate(MembershipRole.values)}


def composition_of(organization: Organization, *, on: date | None = None) -> Composition:
    """The committee's members grouped (direkt gewählt, Ratsmitglied, …), deputies by the member they stand in for,
    former members apart, the seat counts and the warnings — from one query of memberships."""
    on = on or timezone.localdate()
    memberships = list(memberships_of(organization))
    current = [item for item in memberships if not item.end_date or item.end_date >= on]
    former = [item for item in memberships if item.end_date and item.end_date < on]
    groups = {value: MemberGroup(value, str(label)) for value, label in MembershipGroup.choices}
    deputies: dict[int, list[Membership]] = {}
    for item in sorted(current, key=lambda m: (ROLE_ORDER.get(m.role, 99), m.list_order or 9999)):
        groups[item.group].memberships.append(item)
        if item.deputy_of_id:
            deputies.setdefault(item.deputy_of_id, []).append(item)
    for item in current:
        item.deputy_members = deputies.get(item.pk, [])  # type: ignore[attr-defined]
    active = [item for item in current if item.is_active(on)]
    counts = seat_counts(active)
    return Composition(
        groups=[group for group in groups.values() if group.memberships],
        former=former,
        deputies=deputies,
        counts=counts,
        warnings=composition_warnings(organization, counts=counts),
    )


def seat_counts(active: Iterable[Membership]) -> dict[str, int]:
    """Ordinary seats (deputies do not hold one) by group, and the members with a vote."""
    counts = {"elected": 0, "council": 0, "voting": 0}
    for item in active:
        if item.role == MembershipRole.DEPUTY:
            continue
        counts["elected"] += item.group == MembershipGroup.DIRECTLY_ELECTED
        counts["council"] += item.group == MembershipGroup.COUNCIL_MEMBER
        counts["voting"] += bool(item.voting_right)
    return counts


def _ratio_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}".replace(".", ",")


def composition_warnings(organization: Organization, *, counts: dict[str, int] | None = None) -> list[str]:
    """What deviates from the body's composition rules. Warnings only: local law decides, and it is partly
    unverified (domain rules 1.3). Ratio warnings follow `warn_on_ratio` and `target_ratio` of the body."""
    if counts is None:
        counts = seat_counts(organization.memberships.filter(active_q()))
    rules = settings_of(organization.body)
    warnings = []
    elected, council = counts["elected"], counts["council"]
    if rules.warn_on_ratio and organization.kind in INTEGRATION_KINDS and (elected or council):
        if elected <= council:
            warnings.append(
                _("The directly elected members (%(elected)s) do not outnumber the council members (%(council)s).")
                % {"elected": elected, "council": council}
            )
        target = Decimal(rules.target_ratio or 0)
        if target > 0 and council:
            ratio = Decimal(elected) / Decimal(council)
            if abs(ratio - target) / target > RATIO_TOLERANCE:
                warnings.append(
                    _(
                        "The ratio of directly elected to council members is %(ratio)s : 1, more than 25 %% away "
                        "from the aimed ratio of %(target)s : 1."
                    )
                    % {"ratio": _ratio_text(ratio), "target": _ratio_text(target)}
                )
    seats = [
        (counts["voting"], organization.statutory_seats, _("members with a vote")),
        (elected, organization.elected_seats, _("directly elected members")),
        (council, organization.council_seats, _("council members")),
    ]
    for number, limit, label in seats:
        if limit is not None and number > limit:
            warnings.append(
                _("More %(label)s (%(number)s) than seats (%(seats)s).")
                % {"number": number, "label": label, "seats": limit}
            )
    return warnings
