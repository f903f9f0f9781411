"""Personal data of participation (`core.privacy`): participants of workshop processes, registrations for events
and the names on the personal codes of dot votes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.privacy import (
    ANONYMISE,
    DELETE,
    PrivacyQuery,
    PrivacyRecord,
    PrivacySource,
    anonymise_rows,
    delete_rows,
    erased_name,
    fields_of,
    iso,
    register_privacy_source,
)

from .models import EventRegistration, Participant, Voter

PARTICIPATION = gettext_lazy("Participation")


def find_participants(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="participation.participant",
            pk=participant.pk,
            title=_("Participant of “%(process)s”") % {"process": participant.process.title},
            action=ANONYMISE,
            removes=[
                _("name (replaced by “[anonymised]”), e-mail address and organisation, also in the change history")
            ],
            keeps=[
                _("target group, status and attendance as anonymous figures of the workshop documentation"),
            ],
            obj=participant,
            data={
                "workshop_process": participant.process.title,
                **fields_of(
                    participant,
                    (
                        "name",
                        "email",
                        "organisation",
                        "target_group",
                        "status",
                        "consent_given_on",
                        "consent_text_version",
                    ),
                ),
                "attendance": [
                    iso(day)
                    for day in participant.attendances.order_by("day__date").values_list("day__date", flat=True)
                ],
                "work_groups": list(participant.work_groups.values_list("group__title", flat=True)),
            },
        )
        for participant in Participant.objects.filter(process__body=body).select_related("process").order_by("pk")
        if query.matches(emails=(participant.email,), names=(participant.name,))
    ]


def erase_participants(records: list[PrivacyRecord], actor: Any) -> int:
    return anonymise_rows(Participant, [record.pk for record in records], name=erased_name(), email="", organisation="")


def find_registrations(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="participation.event_registration",
            pk=registration.pk,
            title=_("Registration for “%(event)s” (%(date)s)")
            % {"event": registration.event.title, "date": f"{registration.event.date:%d.%m.%Y}"},
            action=DELETE,
            removes=[_("the registration with name, e-mail address and organisation, also in the change history")],
            obj=registration,
            data={
                "event": registration.event.title,
                "event_date": iso(registration.event.date),
                **fields_of(
                    registration,
                    (
                        "name",
                        "email",
                        "organisation",
                        "status",
                        "waiting_since",
                        "cancelled_at",
                        "consent_given_on",
                        "consent_text_version",
                    ),
                ),
                "registered": iso(registration.created),
            },
        )
        for registration in EventRegistration.objects.filter(event__body=body).select_related("event").order_by("pk")
        if query.matches(emails=(registration.email,), names=(registration.name,))
    ]


def erase_registrations(records: list[PrivacyRecord], actor: Any) -> int:
    return delete_rows(EventRegistration, [record.pk for record in records])


def find_voters(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="participation.voter",
            pk=voter.pk,
            title=_("Personal code for the dot vote “%(vote)s”") % {"vote": voter.dot_vote.title},
            action=ANONYMISE,
            removes=[_("the name on the code and the link to the user account")],
            keeps=[_("the points cast: they count, but name nobody")],
            obj=voter,
            data={
                "dot_vote": voter.dot_vote.title,
                "name": voter.label,
                "user_account": voter.user.email if voter.user else None,
                "created": iso(voter.created),
            },
        )
        for voter in Voter.objects.filter(dot_vote__body=body).select_related("dot_vote", "user").order_by("pk")
        if query.matches(emails=(voter.user.email if voter.user else "",), names=(voter.label,))
    ]


def erase_voters(records: list[PrivacyRecord], actor: Any) -> int:
    return Voter.objects.filter(pk__in=[record.pk for record in records]).update(label="", user=None)


for _source in (
    PrivacySource(
        key="participation.participant",
        label=gettext_lazy("Participants of workshops"),
        area=PARTICIPATION,
        order=500,
        find=find_participants,
        erase=erase_participants,
    ),
    PrivacySource(
        key="participation.event_registration",
        label=gettext_lazy("Registrations for events"),
        area=PARTICIPATION,
        order=510,
        find=find_registrations,
        erase=erase_registrations,
    ),
    PrivacySource(
        key="participation.voter",
        label=gettext_lazy("Personal codes of dot votes"),
        area=PARTICIPATION,
        order=520,
        find=find_voters,
        erase=erase_voters,
    ),
):
    register_privacy_source(_source)
