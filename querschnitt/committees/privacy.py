"""Personal data of committee work (`core.privacy`): the persons of a body with their memberships, attendance,
papers and the invitations sent to them.

Signed minutes (`Meeting.minutes_signed`: signed by chair and minute-taker) and the decisions recorded in them are
permanent records of the municipality. A person who appears in them — as present or absent member, as signatory, as
biased member — or who tabled a paper keeps name, memberships and attendance; only the contact and profile data go.
A person who appears in no such record is anonymised and marked deleted (OParl shows deleted objects as deleted).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.privacy import (
    ANONYMISE,
    PrivacyQuery,
    PrivacyRecord,
    PrivacySource,
    anonymise_rows,
    erased_name,
    fields_of,
    iso,
    name_forms,
    register_privacy_source,
)

from .models import AgendaItem, Attendance, DispatchRecipient, Meeting, Membership, Paper, Person

SIGNED = Q(minutes_signed_by_chair_at__isnull=False, minutes_signed_by_writer_at__isnull=False)
PERSON_FIELDS = (
    "title",
    "form_of_address",
    "given_name",
    "family_name",
    "email",
    "phone",
    "profile_text",
    "consent_given_on",
    "consent_revoked_on",
    "consent_text_version",
    "external_id",
    "deleted",
)
CONTACT_DATA = {
    "email": "",
    "phone": "",
    "profile_text": "",
    "consent_given_on": None,
    "consent_revoked_on": None,
    "consent_text_version": "",
    "calendar_token": "",
    "user": None,
}


def retention_minutes() -> str:
    return _(
        "Signed minutes and the decisions in them are permanent records of the municipality (§ 52 GO NRW, archive "
        "law; Art. 17 (3) b and d GDPR): they stay unchanged, and so do the name, the memberships, the attendance "
        "and the papers tabled. Contact and profile data are removed."
    )


def _signed_records(persons: list[Person]) -> dict[int, list[str]]:
    """Per person, the signed records that name them (empty: none)."""
    ids = [person.pk for person in persons]
    found: dict[int, list[str]] = {pk: [] for pk in ids}
    signed_meetings = Meeting.objects.filter(SIGNED)
    for person_id, meeting_name in (
        Attendance.objects.filter(membership__person_id__in=ids, meeting__in=signed_meetings)
        .values_list("membership__person_id", "meeting__name")
        .distinct()
    ):
        found[person_id].append(_("named in the signed minutes of “%(meeting)s”") % {"meeting": meeting_name})
    for meeting in signed_meetings.filter(
        Q(minutes_signed_by_chair_id__in=ids) | Q(minutes_signed_by_writer_id__in=ids)
    ).only("name", "minutes_signed_by_chair_id", "minutes_signed_by_writer_id"):
        signers = {meeting.minutes_signed_by_chair_id, meeting.minutes_signed_by_writer_id}
        for signer_id in (pk for pk in ids if pk in signers):
            found[signer_id].append(_("signed the minutes of “%(meeting)s”") % {"meeting": meeting.name})
    for biased_id, item in (
        AgendaItem.biased_persons.through.objects.filter(person_id__in=ids, agendaitem__meeting__in=signed_meetings)
        .values_list("person_id", "agendaitem__name")
        .distinct()
    ):
        found[biased_id].append(_("named as biased in the decision on “%(item)s”") % {"item": item})
    for originator_id, paper in (
        Paper.originator_persons.through.objects.filter(person_id__in=ids)
        .values_list("person_id", "paper__name")
        .distinct()
    ):
        found[originator_id].append(_("tabled the paper “%(paper)s”") % {"paper": paper})
    return found


def find_persons(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    persons = [
        person
        for person in Person.objects.filter(body=body).select_related("user").order_by("family_name", "pk")
        if query.matches(
            emails=(person.email, person.user.email if person.user else ""),
            names=name_forms(person.given_name, person.family_name, person.name),
        )
    ]
    if not persons:
        return []
    signed = _signed_records(persons)
    memberships: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(person__in=persons).select_related("organization", "legislative_term"):
        memberships.setdefault(membership.person_id, []).append(membership)
    records = []
    for person in persons:
        own = memberships.get(person.pk, [])
        organizations = ", ".join(sorted({m.organization.name for m in own})) or _("no membership")
        removes = [_("e-mail address, phone, profile text, consent to publication, link to the user account")]
        removes.append(_("the e-mail address in the dispatch log of invitations"))
        keeps: list[str] = []
        retention = ""
        if signed[person.pk]:
            retention = retention_minutes()
            keeps = [
                _("name, memberships and attendance"),
                _("the signed minutes and decisions, unchanged"),
                *signed[person.pk],
            ]
        else:
            removes.insert(0, _("the name (replaced by “[anonymised]”); the person is marked deleted"))
            if own:
                removes.append(_("the list of each membership; the memberships are marked deleted"))
        if person.external_id:
            keeps.append(
                _(
                    "Imported from the council information system: erase the person there too, or the next import "
                    "brings the data back."
                )
            )
        records.append(
            PrivacyRecord(
                source="committees.person",
                pk=person.pk,
                title=_("%(name)s (%(organizations)s)") % {"name": person.name, "organizations": organizations},
                action=ANONYMISE,
                removes=removes,
                keeps=keeps,
                retention=retention,
                obj=person,
                data={
                    **fields_of(person, PERSON_FIELDS),
                    "user_account": person.user.email if person.user else None,
                    "memberships": [
                        {
                            "committee": membership.organization.name,
                            "legislative_term": str(membership.legislative_term or ""),
                            "group": membership.group,
                            "role": membership.role,
                            "voting_right": membership.voting_right,
                            "list": membership.list_name,
                            "place_on_list": membership.list_order,
                            "start": iso(membership.start_date),
                            "end": iso(membership.end_date),
                            "deleted": membership.deleted,
                        }
                        for membership in own
                    ],
                    "attendance": [
                        {"meeting": name, "start": iso(start), "present": present}
                        for name, start, present in Attendance.objects.filter(membership__person=person)
                        .order_by("meeting__start")
                        .values_list("meeting__name", "meeting__start", "present")
                    ],
                    "papers_tabled": [
                        {"reference": reference, "title": name}
                        for reference, name in person.papers.order_by("date").values_list("reference", "name")
                    ],
                    "invitations": [
                        {"meeting": name, "sent": iso(sent), "address": address}
                        for name, sent, address in DispatchRecipient.objects.filter(person=person)
                        .order_by("dispatch__sent_at")
                        .values_list("dispatch__meeting__name", "dispatch__sent_at", "address")
                    ],
                    "records_kept_by_law": signed[person.pk],
                },
            )
        )
    return records


def erase_persons(records: list[PrivacyRecord], actor: Any) -> int:
    retained = [record.pk for record in records if record.retained]
    others = [record.pk for record in records if not record.retained]
    anonymise_rows(Person, retained, **CONTACT_DATA)
    anonymise_rows(
        Person,
        others,
        **CONTACT_DATA,
        family_name=erased_name(),
        given_name="",
        title="",
        form_of_address="",
        deleted=True,
    )
    membership_ids = list(Membership.objects.filter(person_id__in=others).values_list("pk", flat=True))
    anonymise_rows(Membership, membership_ids, list_name="", list_order=None, deleted=True)
    DispatchRecipient.objects.filter(person_id__in=retained + others).update(address="")
    return len(records)


register_privacy_source(
    PrivacySource(
        key="committees.person",
        label=gettext_lazy("Persons of committee work"),
        area=gettext_lazy("Committee work"),
        order=100,
        find=find_persons,
        erase=erase_persons,
    )
)
