"""Meetings of a committee: planning, invitation with the notice period, agenda, attendance and quorum, votes,
minutes with their two signatures and corrections (issue 4, point 3), and the calendar token of a person.

Writes validate first, then act: the permission (`committees.manage`, the Geschäftsstelle) and every rule of the
domain are checked before anything is written, and a refusal is an `ApplicationError` in German. The few reads
the services need (`notice_check`, `quorum`, `meeting_memberships`, …) live here, next to the rules they share.

Rules (domain rules, section 5):
- Notice period (Ladungsfrist): `notice_days` FULL days (default 7; 3 for urgent meetings) lie strictly between
  the day of dispatch and the day of the meeting. Not kept: with `notice_mode` "warn" the invitation goes out and
  the dispatch log records it; with "block" it is refused, naming the deadline.
- A meeting is published (time, place, public agenda) with its invitation; a planned meeting is internal.
- Quorum: more than half of the statutory seats (`Organization.statutory_seats`, else the voting memberships)
  are present; a deputy counts only when replacing an absent member of whom they are the deputy.
- A tie is a rejection. Biased members (Befangenheit) do not vote.
- Minutes are signed by the chair (or deputy chair) and the minute-taker. Once both have signed, the minutes,
  the votes, the attendance and the agenda are immutable; corrections are linked records. The meeting is then
  "durchgefuehrt" and its public part appears on the public meeting page. A change after only ONE signature
  withdraws that signature: a signature belongs to the text that was signed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body

from .models import (
    AgendaItem,
    AgendaTemplate,
    Attendance,
    CommitteeSettings,
    Consultation,
    ConsultationRole,
    DispatchRecipient,
    Location,
    Meeting,
    MeetingDispatch,
    MeetingState,
    Membership,
    MembershipRole,
    MinutesCorrection,
    Organization,
    Person,
)
from .selectors import settings_of
from .services_composition import check_not_imported
from .services_papers import consultation_record_result

RESULT_ADOPTED = "angenommen"
RESULT_REJECTED = "abgelehnt"
CHAIR_ROLES = (MembershipRole.CHAIR, MembershipRole.DEPUTY_CHAIR)
ROLE_RANK = {
    role: rank
    for rank, role in enumerate(
        [
            MembershipRole.CHAIR,
            MembershipRole.DEPUTY_CHAIR,
            MembershipRole.MEMBER,
            MembershipRole.DEPUTY,
            MembershipRole.MINUTE_TAKER,
        ]
    )
}
WRITER_ROLES = (MembershipRole.MINUTE_TAKER,)


# --- Shared checks ---------------------------------------------------------------------------------------------


def _check_may_manage(actor: Any, body: Body) -> None:
    """The Geschäftsstelle runs the meetings. `actor=None` is the system (demo data, commands)."""
    if actor is not None and not actor.has_perm("committees.manage", body):
        raise ApplicationError(_("You may not manage the meetings of this body."))


def _validated_save(actor: Any, instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Validate and save; a validation error becomes an ApplicationError at its field."""
    check_not_imported(actor, instance)
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    record_actor(instance, actor)
    instance.save()


def _check_not_signed(meeting: Meeting) -> None:
    if meeting.minutes_signed:
        raise ApplicationError(
            _(
                "The minutes of this meeting have been signed: they, the agenda and the votes can no longer be "
                "changed. Please add a correction to the minutes instead."
            )
        )


def _withdraw_partial_signature(actor: Any, meeting: Meeting, *, save: bool = True) -> bool:
    """A change after one of the two signatures withdraws it (the second signer must sign the same text).
    Returns whether a signature was withdrawn. Call inside the transaction of the change."""
    if not has_partial_signature(meeting):
        return False
    meeting.minutes_signed_by_chair = meeting.minutes_signed_by_writer = None
    meeting.minutes_signed_by_chair_at = meeting.minutes_signed_by_writer_at = None
    if save:
        _validated_save(actor, meeting)
    return True


def has_partial_signature(meeting: Meeting) -> bool:
    return not meeting.minutes_signed and bool(
        meeting.minutes_signed_by_chair_at or meeting.minutes_signed_by_writer_at
    )


def meeting_day(meeting: Meeting) -> date:
    return timezone.localdate(meeting.start)


def _check_meeting_day_reached(meeting: Meeting, message: str) -> None:
    if meeting_day(meeting) > timezone.localdate():
        raise ApplicationError(message)


def is_published(meeting: Meeting) -> bool:
    """Time, place and public agenda are published with the invitation (§ 48 Abs. 1 GO NRW)."""
    return meeting.meeting_state != MeetingState.PLANNED or meeting.invitation_sent_at is not None


def published_meetings(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.exclude(meeting_state=MeetingState.PLANNED, invitation_sent_at__isnull=True)


# --- Planning --------------------------------------------------------------------------------------------------


def _check_organizations(body: Body, organizations: Iterable[Organization]) -> list[Organization]:
    organizations = list(organizations)
    if not organizations:
        raise ApplicationError(_("Please choose at least one committee."), field="organizations")
    if any(org.body_id != body.pk or org.deleted for org in organizations):
        raise ApplicationError(_("Only committees of this body can meet here."), field="organizations")
    return organizations


def _location(actor: Any, body: Body, location: Location | None, new_location: str) -> Location | None:
    """The chosen location of the body, or a new one described in free text (found again by its description)."""
    new_location = (new_location or "").strip()
    if new_location:
        found = Location.objects.filter(body=body, deleted=False, description=new_location).first()
        if found is not None:
            return found
        created = Location(body=body, description=new_location)
        _validated_save(actor, created)
        return created
    if location is not None and (location.body_id != body.pk or location.deleted):
        raise ApplicationError(_("Please choose a location of this body."), field="location")
    return location


def meeting_create(
    *,
    actor: Any,
    body: Body,
    organizations: Iterable[Organization],
    name: str,
    start: datetime,
    end: datetime | None = None,
    location: Location | None = None,
    new_location: str = "",
    urgent: bool = False,
    urgency_reason: str = "",
) -> Meeting:
    """Plan a meeting of one or more committees of `body`. It stays internal until the invitation is sent."""
    _check_may_manage(actor, body)
    organizations = _check_organizations(body, organizations)
    with transaction.atomic():
        meeting = Meeting(
            body=body,
            name=name.strip(),
            start=start,
            end=end,
            urgent=urgent,
            urgency_reason=urgency_reason.strip() if urgent else "",
            location=_location(actor, body, location, new_location),
        )
        _validated_save(actor, meeting)
        meeting.organizations.set(organizations)
    return meeting


MEETING_FIELDS = {"name", "start", "end", "location", "urgent", "urgency_reason", "cancelled"}


def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    organizations: Iterable[Organization] | None = None,
    new_location: str = "",
    **changes: Any,
) -> Meeting:
    """Change the planning of a meeting. Refused once the minutes are signed."""
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    unknown = set(changes) - MEETING_FIELDS
    if unknown:
        raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": sorted(unknown)[0]})
    if organizations is not None:
        organizations = _check_organizations(meeting.body, organizations)
    with transaction.atomic():
        if "location" in changes or new_location:
            changes["location"] = _location(actor, meeting.body, changes.get("location"), new_location)
        for name, value in changes.items():
            setattr(meeting, name, value.strip() if isinstance(value, str) else value)
        if not meeting.urgent:
            meeting.urgency_reason = ""
        _validated_save(actor, meeting)
        if organizations is not None:
            meeting.organizations.set(organizations)
    return meeting


# --- Invitation and notice period ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeCheck:
    """The notice calculator's answer for sending on `on` (a day)."""

    on: date
    meeting_day: date
    urgent: bool
    required_days: int  # full days the local rules require
    full_days: int  # full days strictly between `on` and the meeting day
    deadline: date  # the last day on which sending keeps the period

    @property
    def kept(self) -> bool:
        return self.full_days >= self.required_days

    @property
    def message(self) -> str:
        """What the Geschäftsstelle reads: kept until when, or missed since when."""
        values = {"days": self.required_days, "deadline": self.deadline.strftime("%d.%m.%Y")}
        if self.kept:
            if self.urgent:
                text = ngettext(
                    "The shortened notice period for urgent meetings of %(days)s full day is kept if the invitation "
                    "is sent by %(deadline)s.",
                    "The shortened notice period for urgent meetings of %(days)s full days is kept if the "
                    "invitation is sent by %(deadline)s.",
                    self.required_days,
                )
            else:
                text = ngettext(
                    "The notice period of %(days)s full day is kept if the invitation is sent by %(deadline)s.",
                    "The notice period of %(days)s full days is kept if the invitation is sent by %(deadline)s.",
                    self.required_days,
                )
        elif self.urgent:
            text = ngettext(
                "The shortened notice period for urgent meetings of %(days)s full day can no longer be kept: the "
                "invitation should have been sent by %(deadline)s.",
                "The shortened notice period for urgent meetings of %(days)s full days can no longer be kept: the "
                "invitation should have been sent by %(deadline)s.",
                self.required_days,
            )
        else:
            text = ngettext(
                "The notice period of %(days)s full day can no longer be kept: the invitation should have been "
                "sent by %(deadline)s.",
                "The notice period of %(days)s full days can no longer be kept: the invitation should have been "
                "sent by %(deadline)s.",
                self.required_days,
            )
        return text % values


def notice_check(meeting: Meeting, on: date | datetime | None = None, *, rules: CommitteeSettings | None = None):
    """Whether an invitation sent on `on` (default: today) keeps the notice period of the meeting's body.

    "Full days" are the days strictly between the day of dispatch and the day of the meeting: sent on 13.11. for
    a meeting on 21.11., the 7 days 14.11.–20.11. lie in between.
    """
    rules = rules or settings_of(meeting.body)
    if on is None:
        on = timezone.localdate()
    elif isinstance(on, datetime):
        on = timezone.localdate(on) if timezone.is_aware(on) else on.date()
    day = meeting_day(meeting)
    required = rules.urgent_notice_days if meeting.urgent else rules.notice_days
    return NoticeCheck(
        on=on,
        meeting_day=day,
        urgent=meeting.urgent,
        required_days=required,
        full_days=max((day - on).days - 1, 0),
        deadline=day - timedelta(days=required + 1),
    )


def meeting_memberships(meeting: Meeting) -> list[Membership]:
    """The memberships of the meeting's committees that are active on the day of the meeting, with their people."""
    day = meeting_day(meeting)
    memberships = (
        Membership.objects.filter(organization__in=meeting.organizations.all(), deleted=False, person__deleted=False)
        .exclude(start_date__gt=day)
        .exclude(end_date__lt=day)
        .select_related("person__user", "organization", "deputy_of__person")
        .order_by("organization__name", "person__family_name", "person__given_name", "pk")
    )
    # Chair first, then members, deputies and the minute-taker, as in the attendance list of minutes.
    return sorted(memberships, key=lambda ms: (ms.organization.name, ROLE_RANK.get(ms.role, len(ROLE_RANK))))


def _address_of(person: Person) -> str:
    return person.email or (person.user.email if person.user_id and person.user else "")


def invitation_send(
    *, actor: Any, meeting: Meeting, meeting_url: str = "", now: datetime | None = None
) -> MeetingDispatch:
    """Invite the members and deputies of the meeting's committees by e-mail and log the dispatch.

    The dispatch log is the proof of a proper invitation: when, by whom, to how many, and whether the notice
    period was kept (`notice_kept`, with the warning in `note`). With `notice_mode` "block" a late invitation is
    refused. Sending again (a supplement to the agenda) adds another dispatch.
    """
    _check_may_manage(actor, meeting.body)
    now = now or timezone.now()
    if meeting.cancelled:
        raise ApplicationError(_("The meeting has been cancelled; no invitation can be sent."))
    if meeting.minutes_signed or meeting.meeting_state == MeetingState.HELD:
        raise ApplicationError(_("The meeting has been held; no invitation can be sent any more."))
    if meeting.start <= now:
        raise ApplicationError(_("The meeting has already begun; no invitation can be sent any more."))
    rules = settings_of(meeting.body)
    check = notice_check(meeting, now, rules=rules)
    if not check.kept and rules.notice_mode == CommitteeSettings.NoticeMode.BLOCK:
        raise ApplicationError(check.message)
    persons: dict[int, Person] = {}
    for membership in meeting_memberships(meeting):
        persons.setdefault(membership.person_id, membership.person)
    if not persons:
        raise ApplicationError(_("The committee has no active members or deputies to invite yet."))
    items = list(meeting.agenda_items.filter(deleted=False).order_by("order", "pk"))
    without_address = [person for person in persons.values() if not _address_of(person)]

    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        notes = []
        if not check.kept:
            notes.append(check.message)
        if without_address:
            notes.append(
                ngettext(
                    "%(count)s person has no e-mail address and must be invited another way.",
                    "%(count)s persons have no e-mail address and must be invited another way.",
                    len(without_address),
                )
                % {"count": len(without_address)}
            )
        dispatch = MeetingDispatch(
            meeting=meeting,
            sent_at=now,
            sent_by=actor,
            recipients=len(persons),
            notice_kept=check.kept,
            note=" ".join(notes)[:300],
        )
        _validated_save(actor, dispatch)
        DispatchRecipient.objects.bulk_create(
            DispatchRecipient(dispatch=dispatch, person=person, address=_address_of(person))
            for person in persons.values()
        )
        meeting.invitation_sent_at = now
        if meeting.meeting_state == MeetingState.PLANNED:
            meeting.meeting_state = MeetingState.INVITED
        _validated_save(actor, meeting)
        subject = _("Invitation: %(meeting)s on %(date)s") % {
            "meeting": meeting.name,
            "date": timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
        }
        messages = []
        for person in persons.values():
            address = _address_of(person)
            if not address:
                continue
            text = render_to_string(
                "committees/meetings/email/invitation.txt",
                {"meeting": meeting, "person": person, "items": items, "url": meeting_url},
            )
            # One message per person: members do not see each other's addresses.
            messages.append(EmailMessage(subject=subject, body=text, to=[address]))
        try:
            get_connection().send_messages(messages)
        except OSError as error:
            raise ApplicationError(
                _("The e-mails could not be sent (%(error)s). Nothing has been recorded; please try again.")
                % {"error": error}
            ) from error
    return dispatch


# --- Agenda ----------------------------------------------------------------------------------------------------


def _items_of(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.filter(deleted=False).order_by("order", "pk"))


def _renumber(actor: Any, items: list[AgendaItem]) -> None:
    """Give `items` the orders 1…n in their list order. A number that followed the order ("3" at order 3) follows
    it again; a number typed by hand ("Ö 3a") stays."""
    for position, item in enumerate(items, start=1):
        if item.order != position:
            if item.number == str(item.order):
                item.number = str(position)
            item.order = position
            _validated_save(actor, item)


def _check_consultation(meeting: Meeting, consultation: Consultation | None, agenda_item: AgendaItem | None) -> None:
    if consultation is None:
        return
    organization_ids = set(meeting.organizations.values_list("pk", flat=True))
    if (
        consultation.deleted
        or consultation.paper.body_id != meeting.body_id
        or consultation.organization_id not in organization_ids
    ):
        raise ApplicationError(
            _("Only a consultation of this meeting's committees can be linked."), field="consultation"
        )
    linked = AgendaItem.objects.filter(consultation=consultation, deleted=False)
    if agenda_item is not None:
        linked = linked.exclude(pk=agenda_item.pk)
    if linked.exists():
        raise ApplicationError(_("This consultation is already on an agenda."), field="consultation")


def _check_reason(public: bool, reason: str) -> None:
    if not public and not (reason or "").strip():
        raise ApplicationError(_("A non-public agenda item needs a reason."), field="non_public_reason")


def _link_consultation(actor: Any, meeting: Meeting, consultation: Consultation | None) -> None:
    """A paper put on the agenda is deliberated in this meeting (its step of the Beratungsfolge)."""
    if consultation is not None and consultation.meeting_id != meeting.pk:
        consultation.meeting = meeting
        _validated_save(actor, consultation)


def agenda_item_create(
    *,
    actor: Any,
    meeting: Meeting,
    name: str,
    public: bool = True,
    non_public_reason: str = "",
    number: str = "",
    order: int | None = None,
    consultation: Consultation | None = None,
) -> AgendaItem:
    """Add an item; without `order` at the end, without `number` numbered by its place. A non-public item needs a
    reason."""
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    _check_reason(public, non_public_reason)
    _check_consultation(meeting, consultation, None)
    with transaction.atomic():
        items = _items_of(meeting)
        position = len(items) + 1 if not order or order > len(items) else max(order, 1)
        item = AgendaItem(
            meeting=meeting,
            name=name.strip(),
            public=public,
            non_public_reason="" if public else non_public_reason.strip(),
            number=number.strip() or str(position),
            order=position,
            consultation=consultation,
        )
        _validated_save(actor, item)
        items.insert(position - 1, item)
        _renumber(actor, items)
        _link_consultation(actor, meeting, consultation)
        _withdraw_partial_signature(actor, meeting)
    return item


AGENDA_ITEM_FIELDS = {"name", "public", "non_public_reason", "number", "consultation"}


def agenda_item_update(*, actor: Any, agenda_item: AgendaItem, **changes: Any) -> AgendaItem:
    meeting = agenda_item.meeting
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    unknown = set(changes) - AGENDA_ITEM_FIELDS
    if unknown:
        raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": sorted(unknown)[0]})
    _check_reason(
        changes.get("public", agenda_item.public), changes.get("non_public_reason", agenda_item.non_public_reason)
    )
    if "consultation" in changes:
        _check_consultation(meeting, changes["consultation"], agenda_item)
    tracked = ("name", "public", "non_public_reason", "number", "consultation_id")
    before = [getattr(agenda_item, name) for name in tracked]
    with transaction.atomic():
        for name, value in changes.items():
            setattr(agenda_item, name, value.strip() if isinstance(value, str) else value)
        if agenda_item.public:
            agenda_item.non_public_reason = ""
        if not agenda_item.number:
            agenda_item.number = str(agenda_item.order)
        _validated_save(actor, agenda_item)
        _link_consultation(actor, meeting, agenda_item.consultation)
        if [getattr(agenda_item, name) for name in tracked] != before:
            _withdraw_partial_signature(actor, meeting)
    return agenda_item


def agenda_item_delete(*, actor: Any, agenda_item: AgendaItem) -> None:
    """Remove an item from the agenda. It stays in the database as deleted (OParl shows it as `deleted`)."""
    meeting = agenda_item.meeting
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    with transaction.atomic():
        agenda_item.deleted = True
        agenda_item.consultation = None  # the paper may go on another agenda
        _validated_save(actor, agenda_item)
        _renumber(actor, _items_of(meeting))
        _withdraw_partial_signature(actor, meeting)


def agenda_item_move(*, actor: Any, agenda_item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item one place "up" or "down"."""
    meeting = agenda_item.meeting
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    if direction not in {"up", "down"}:
        raise ApplicationError(_("An item can only move up or down."))
    with transaction.atomic():
        items = _items_of(meeting)
        index = next(i for i, item in enumerate(items) if item.pk == agenda_item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            # Numbers that follow the order follow it again after the swap.
            _renumber(actor, items)
            _withdraw_partial_signature(actor, meeting)
    agenda_item.refresh_from_db()
    return agenda_item


def agenda_templates_for(body: Body) -> QuerySet[AgendaTemplate]:
    """The templates offered to `body`: its own and the global ones."""
    return AgendaTemplate.objects.filter(models.Q(body=body) | models.Q(body__isnull=True)).order_by("name", "pk")


def agenda_from_template(*, actor: Any, meeting: Meeting, template: AgendaTemplate) -> list[AgendaItem]:
    """Append the template's items to the agenda (a template of the body or a global one)."""
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    if template.body_id not in (None, meeting.body_id):
        raise ApplicationError(_("This template belongs to another body."), field="template")
    entries = template.items if isinstance(template.items, list) else []
    if not entries or not all(isinstance(entry, dict) and str(entry.get("name", "")).strip() for entry in entries):
        raise ApplicationError(_("The template has no usable items."), field="template")
    for entry in entries:
        _check_reason(bool(entry.get("public", True)), str(entry.get("reason", "")))
    created = []
    with transaction.atomic():
        start = len(_items_of(meeting))
        for offset, entry in enumerate(entries, start=1):
            public = bool(entry.get("public", True))
            item = AgendaItem(
                meeting=meeting,
                name=str(entry["name"]).strip(),
                public=public,
                non_public_reason="" if public else str(entry.get("reason", "")).strip(),
                order=start + offset,
                number=str(start + offset),
            )
            _validated_save(actor, item)
            created.append(item)
        _withdraw_partial_signature(actor, meeting)
    return created


DEFAULT_TEMPLATES: dict[str, list[dict[str, Any]]] = {
    # Domain rules 5 (typical agenda) and GO NRW practice; the data is German because it becomes agenda text.
    "Muster-Tagesordnung": [
        {"name": "Eröffnung und Begrüßung", "public": True},
        {"name": "Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit", "public": True},
        {"name": "Genehmigung der Niederschrift der letzten Sitzung", "public": True},
        {"name": "Mitteilungen der Verwaltung", "public": True},
        {"name": "Anträge", "public": True},
        {"name": "Anfragen", "public": True},
        {"name": "Verschiedenes", "public": True},
        {
            "name": "Nichtöffentliche Angelegenheiten",
            "public": False,
            "reason": "Personenbezogene Daten und vertrauliche Angelegenheiten (§ 48 Abs. 2 GO NRW)",
        },
    ],
    # Domain rules 1.5: the constituent meeting at the start of the term.
    "Konstituierende Sitzung": [
        {"name": "Verpflichtung der Mitglieder", "public": True},
        {"name": "Wahl des/der Vorsitzenden", "public": True},
        {"name": "Wahl der Stellvertretung", "public": True},
        {"name": "Bestellung der Schriftführung", "public": True},
        {"name": "Wahl der Delegierten für den Landesintegrationsrat", "public": True},
        {"name": "Beschluss der Geschäftsordnung", "public": True},
        {"name": "Sitzungsplan", "public": True},
    ],
}


@transaction.atomic
def ensure_default_templates() -> None:
    """Create the two global templates if they are missing (idempotent; a changed template is left alone)."""
    for name, items in DEFAULT_TEMPLATES.items():
        if not AgendaTemplate.objects.filter(body__isnull=True, name=name).exists():
            template = AgendaTemplate(body=None, name=name, items=items)
            template.full_clean()
            template.save()


# --- Attendance and quorum -------------------------------------------------------------------------------------


def _is_deputy(membership: Membership) -> bool:
    return membership.role == MembershipRole.DEPUTY or membership.deputy_of_id is not None


@dataclass(frozen=True)
class Quorum:
    """Beschlussfähigkeit: present voting members (with deputies replacing absent ones) > half of the seats."""

    seats: int
    seats_from_statute: bool  # False: counted from the voting memberships, as the seats are not configured
    members_present: int
    deputies_counted: int
    recorded: bool  # whether any attendance has been recorded
    counted_person_ids: frozenset[int]

    @property
    def present(self) -> int:
        return self.members_present + self.deputies_counted

    @property
    def required(self) -> int:
        return self.seats // 2 + 1

    @property
    def quorate(self) -> bool:
        return self.seats > 0 and self.present >= self.required


def quorum(meeting: Meeting, *, memberships: list[Membership] | None = None) -> Quorum:
    """Count the quorum of `meeting` from its attendance (three queries; pass `memberships` to save one)."""
    memberships = memberships if memberships is not None else meeting_memberships(meeting)
    attendances = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    voting_principals = [ms for ms in memberships if ms.voting_right and not _is_deputy(ms)]
    principal_ids = {ms.pk for ms in voting_principals}
    seats, from_statute = 0, True
    for organization in meeting.organizations.all():
        if organization.statutory_seats:
            seats += organization.statutory_seats
        else:
            from_statute = False
            seats += sum(1 for ms in voting_principals if ms.organization_id == organization.pk)

    def present(ms: Membership) -> bool:
        attendance = attendances.get(ms.pk)
        return attendance is not None and attendance.present

    counted: set[int] = set()
    members_present = 0
    for ms in voting_principals:
        if present(ms):
            members_present += 1
            counted.add(ms.person_id)
    deputies = 0
    replaced: set[int] = set()
    for ms in memberships:
        attendance = attendances.get(ms.pk)
        if attendance is None or not attendance.present or attendance.replaces_id is None:
            continue
        target = attendance.replaces_id
        principal = attendances.get(target)
        if (
            target in principal_ids
            and target == ms.deputy_of_id
            and target not in replaced
            and not (principal is not None and principal.present)
        ):
            replaced.add(target)
            deputies += 1
            counted.add(ms.person_id)
    return Quorum(
        seats=seats,
        seats_from_statute=from_statute,
        members_present=members_present,
        deputies_counted=deputies,
        recorded=bool(attendances),
        counted_person_ids=frozenset(counted),
    )


def _check_attendance(memberships: dict[int, Membership], state: dict[int, tuple[bool, int | None]]) -> None:
    """Check the whole attendance as it would be after the change; refuse the first broken rule."""
    replaced_by: dict[int, int] = {}
    for membership_id, (present, replaces_id) in state.items():
        if replaces_id is None:
            continue
        deputy = memberships[membership_id]
        principal = memberships.get(replaces_id)
        names = {"deputy": deputy.person.name, "member": principal.person.name if principal else "–"}
        if principal is None or deputy.deputy_of_id != replaces_id:
            raise ApplicationError(_("%(deputy)s is not registered as the deputy of %(member)s.") % names)
        if not present:
            raise ApplicationError(_("%(deputy)s is marked absent and cannot replace anyone.") % names)
        if state.get(replaces_id, (False, None))[0]:
            raise ApplicationError(_("%(member)s is present and therefore cannot be replaced.") % names)
        if replaces_id in replaced_by:
            other = memberships[replaced_by[replaces_id]].person.name
            raise ApplicationError(
                _("%(member)s is already replaced by %(other)s.") % {"member": names["member"], "other": other}
            )
        replaced_by[replaces_id] = membership_id


def _check_attendance_allowed(actor: Any, meeting: Meeting) -> None:
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    _check_meeting_day_reached(meeting, _("Attendance can be recorded from the day of the meeting on."))


def attendance_save(
    *, actor: Any, meeting: Meeting, rows: Iterable[tuple[Membership, bool, Membership | None]]
) -> None:
    """Record the attendance of several memberships at once: (membership, present, replaces)."""
    _check_attendance_allowed(actor, meeting)
    memberships = {ms.pk: ms for ms in meeting_memberships(meeting)}
    state = {a.membership_id: (a.present, a.replaces_id) for a in Attendance.objects.filter(meeting=meeting)}
    state = {pk: value for pk, value in state.items() if pk in memberships}
    before = dict(state)
    changes = []
    for membership, present, replaces in rows:
        if membership.pk not in memberships:
            raise ApplicationError(
                _("%(person)s is not an active member of this meeting's committees.")
                % {"person": membership.person.name}
            )
        changes.append((membership, bool(present), replaces if present else None))
        state[membership.pk] = (bool(present), replaces.pk if (present and replaces is not None) else None)
    _check_attendance(memberships, state)
    with transaction.atomic():
        for membership, present, replaces in changes:
            if before.get(membership.pk) != state[membership.pk]:
                Attendance.objects.update_or_create(
                    meeting=meeting, membership=membership, defaults={"present": present, "replaces": replaces}
                )
        if state != before:
            _withdraw_partial_signature(actor, meeting)


def attendance_set(
    *, actor: Any, meeting: Meeting, membership: Membership, present: bool, replaces: Membership | None = None
) -> Attendance:
    """Record one membership as present or absent. A deputy counts only when replacing an ABSENT member of whom
    they are the registered deputy; anything else is refused."""
    if replaces is not None and not present:
        raise ApplicationError(
            _("%(deputy)s is marked absent and cannot replace anyone.")
            % {"deputy": membership.person.name, "member": replaces.person.name}
        )
    attendance_save(actor=actor, meeting=meeting, rows=[(membership, present, replaces)])
    return Attendance.objects.get(meeting=meeting, membership=membership)


# --- Votes -----------------------------------------------------------------------------------------------------


def vote_record(
    *,
    actor: Any,
    agenda_item: AgendaItem,
    yes: int,
    no: int,
    abstain: int,
    biased_persons: Iterable[Person] = (),
    resolution_text: str | None = None,
) -> AgendaItem:
    """Record the vote on an item: a majority of yes over no adopts, a tie rejects (§ 50 GO NRW). Biased members
    (Befangenheit) do not vote. Refused when more votes are counted than voting members are present."""
    meeting = agenda_item.meeting
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    _check_meeting_day_reached(meeting, _("Votes can be recorded from the day of the meeting on."))
    counts = {"yes": yes, "no": no, "abstain": abstain}
    for field, value in counts.items():
        if value is None or int(value) < 0:
            raise ApplicationError(_("Please enter a number of zero or more."), field=field)
    yes, no, abstain = int(yes), int(no), int(abstain)
    total = yes + no + abstain
    if total == 0:
        raise ApplicationError(_("Please enter at least one vote."), field="yes")
    memberships = meeting_memberships(meeting)
    biased_persons = list(biased_persons)
    member_person_ids = {ms.person_id for ms in memberships}
    if any(person.pk not in member_person_ids for person in biased_persons):
        raise ApplicationError(
            _("Only members of this meeting's committees can be recorded as biased."), field="biased_persons"
        )
    count = quorum(meeting, memberships=memberships)
    # Translators: the start of the two messages below, e.g. “5 votes were entered”.
    entered = ngettext("%(count)s vote was entered", "%(count)s votes were entered", total) % {"count": total}
    if total > count.present:
        raise ApplicationError(
            # Translators: %(votes)s is e.g. “5 votes were entered”.
            ngettext(
                "%(votes)s, but only %(present)s voting member is present.",
                "%(votes)s, but only %(present)s voting members are present.",
                count.present,
            )
            % {"votes": entered, "present": count.present},
            field="yes",
        )
    biased_present = sum(1 for person in biased_persons if person.pk in count.counted_person_ids)
    allowed = count.present - biased_present
    if total > allowed:
        # Translators: e.g. “only 3 of the voting members present may vote”.
        may_vote = ngettext(
            "only %(count)s of the voting members present may vote",
            "only %(count)s of the voting members present may vote",
            allowed,
        ) % {"count": allowed}
        raise ApplicationError(
            # Translators: %(votes)s is e.g. “5 votes were entered”, %(may_vote)s e.g. “only 3 of the voting members
            # present may vote”.
            ngettext(
                "%(votes)s, but %(may_vote)s: %(biased)s is biased.",
                "%(votes)s, but %(may_vote)s: %(biased)s are biased.",
                biased_present,
            )
            % {"votes": entered, "may_vote": may_vote, "biased": biased_present},
            field="yes",
        )
    before = _vote_of(agenda_item)
    with transaction.atomic():
        agenda_item.votes_yes, agenda_item.votes_no, agenda_item.votes_abstain = yes, no, abstain
        agenda_item.result = RESULT_ADOPTED if yes > no else RESULT_REJECTED
        if resolution_text is not None:
            agenda_item.resolution_text = resolution_text.strip()
        _validated_save(actor, agenda_item)
        agenda_item.biased_persons.set(biased_persons)
        if _vote_of(agenda_item) != before:
            _withdraw_partial_signature(actor, meeting)
        _carry_result_to_consultation(actor, agenda_item)
    return agenda_item


def _carry_result_to_consultation(actor: Any, agenda_item: AgendaItem) -> None:
    """A vote on an item that deliberates a paper is this committee's step of the Beratungsfolge: its result is
    written there, so the paper's status follows without typing it again."""
    consultation = agenda_item.consultation
    if consultation is None:
        return
    adopted = agenda_item.result == RESULT_ADOPTED
    if consultation.role == ConsultationRole.NOTE:
        result = "zur Kenntnis genommen"
    elif consultation.role == ConsultationRole.DECISION:
        result = "beschlossen" if adopted else "abgelehnt"
    else:
        result = "empfohlen" if adopted else "abgelehnt"
    if consultation.result != result:
        consultation_record_result(actor=actor, consultation=consultation, result=result)


# --- Minutes ---------------------------------------------------------------------------------------------------


def _vote_of(item: AgendaItem) -> tuple:
    biased = tuple(sorted(item.biased_persons.values_list("pk", flat=True))) if item.pk else ()
    return (item.votes_yes, item.votes_no, item.votes_abstain, item.result, item.resolution_text, biased)


def minutes_update(
    *, actor: Any, meeting: Meeting, minutes_text: str, minutes_non_public_text: str | None = None
) -> Meeting:
    """Write the minutes: the public part (published once signed) and, apart from it, the part on the non-public
    items (seen only by those entitled to the non-public items). Refused once signed; a change after one
    signature withdraws it. `minutes_non_public_text=None` leaves that part as it is."""
    _check_may_manage(actor, meeting.body)
    _check_not_signed(meeting)
    changes = {"minutes_text": minutes_text.strip()}
    if minutes_non_public_text is not None:
        changes["minutes_non_public_text"] = minutes_non_public_text.strip()
    with transaction.atomic():
        if any(getattr(meeting, name) != value for name, value in changes.items()):
            for name, value in changes.items():
                setattr(meeting, name, value)
            _withdraw_partial_signature(actor, meeting, save=False)
        _validated_save(actor, meeting)
    return meeting


def minutes_signers(meeting: Meeting, memberships: list[Membership] | None = None) -> list[Membership]:
    """The memberships that may sign: chair, deputy chair and minute-taker of the meeting's committees."""
    memberships = memberships if memberships is not None else meeting_memberships(meeting)
    return [ms for ms in memberships if ms.role in (*CHAIR_ROLES, *WRITER_ROLES)]


def minutes_sign(*, actor: Any, meeting: Meeting, person: Person, now: datetime | None = None) -> Meeting:
    """Sign the minutes as chair (or deputy chair) or as minute-taker, by the role of `person` in the meeting's
    committees. The Geschäftsstelle records a signature for a person; anyone else signs only for themselves.
    After both signatures the meeting is held and its public part is published."""
    signs_for_self = person.user_id is not None and person.user_id == getattr(actor, "pk", None)
    if actor is not None and not signs_for_self and not actor.has_perm("committees.manage", meeting.body):
        raise ApplicationError(_("You can only sign for yourself."))
    _check_not_signed(meeting)
    _check_meeting_day_reached(meeting, _("The minutes can be signed from the day of the meeting on."))
    if not meeting.minutes_text.strip():
        raise ApplicationError(_("The minutes are still empty."))
    roles = {ms.role for ms in minutes_signers(meeting) if ms.person_id == person.pk}
    as_chair = bool(roles & set(CHAIR_ROLES)) and not meeting.minutes_signed_by_chair_at
    as_writer = bool(roles & set(WRITER_ROLES)) and not meeting.minutes_signed_by_writer_at
    if not roles:
        raise ApplicationError(
            _("%(person)s is neither chair nor minute-taker of this meeting's committees.") % {"person": person.name},
            field="person",
        )
    if person.pk in (meeting.minutes_signed_by_chair_id, meeting.minutes_signed_by_writer_id):
        raise ApplicationError(
            _("%(person)s has already signed; the second signature must come from another person.")
            % {"person": person.name},
            field="person",
        )
    if not (as_chair or as_writer):
        raise ApplicationError(
            _("The minutes have already been signed in the role of %(person)s.") % {"person": person.name},
            field="person",
        )
    now = now or timezone.now()
    with transaction.atomic():
        if as_chair:
            meeting.minutes_signed_by_chair, meeting.minutes_signed_by_chair_at = person, now
        else:
            meeting.minutes_signed_by_writer, meeting.minutes_signed_by_writer_at = person, now
        if meeting.minutes_signed:
            meeting.meeting_state = MeetingState.HELD
        _validated_save(actor, meeting)
    return meeting


def minutes_correction_add(
    *, actor: Any, meeting: Meeting, text: str, decided_on: date | None = None
) -> MinutesCorrection:
    """Correct signed minutes by a linked record; the signed text itself never changes."""
    _check_may_manage(actor, meeting.body)
    if not meeting.minutes_signed:
        raise ApplicationError(_("As long as the minutes are not signed, please change them directly."))
    correction = MinutesCorrection(meeting=meeting, text=text.strip(), decided_on=decided_on, created_by=actor)
    with transaction.atomic():
        _validated_save(actor, correction)
    return correction


# --- Calendar token --------------------------------------------------------------------------------------------


def person_calendar_token(*, actor: Any, person: Person, renew: bool = False) -> str:
    """The secret of a person's calendar feed, created on first use; `renew` replaces it (the old link dies).
    The person themselves or the Geschäftsstelle may do this."""
    is_self = actor is not None and person.user_id is not None and person.user_id == getattr(actor, "pk", None)
    if actor is not None and not is_self and not actor.has_perm("committees.manage", person.body):
        raise ApplicationError(_("You may only create your own calendar link."))
    if person.calendar_token and not renew:
        return person.calendar_token
    person.calendar_token = secrets.token_urlsafe(32)
    # Only the token changes; the person's history deliberately leaves it out.
    Person.objects.filter(pk=person.pk).update(calendar_token=person.calendar_token)
    return person.calendar_token
