"""Personal data of the state level (`core.privacy`): registrations for courses of the qualification series (with
attendance and certificates), contact persons of expressions of interest to host a seminar and of good-practice
examples, and who asked for a coaching.

A municipality's office finds the registrations of its committee's members and its own contacts; the state
council, which runs the series, finds every registration and expression of interest of the series.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.privacy import (
    ANONYMISE,
    DELETE,
    ERASED_EMAIL,
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
from querschnitt.tenancy.models import BodyKind

from .models import CoachingEngagement, CourseRegistration, HostInterest, PracticeExample

STATE_LEVEL = gettext_lazy("State level")


def _of_body(queryset: QuerySet, body: Any) -> QuerySet:
    """The state council runs the series: it sees all of it; a municipality its own part."""
    return queryset if body.kind == BodyKind.STATE_COUNCIL else queryset.filter(body=body)


def retention_certificate() -> str:
    return _(
        "A certificate was issued: name, course, attendance and certificate number stay so that the certificate "
        "can be confirmed (Art. 17 (3) b GDPR). The e-mail address and the link to the user account are removed."
    )


def find_course_registrations(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    records = []
    registrations = _of_body(CourseRegistration.objects.all(), body).select_related("course__module", "user")
    for registration in registrations.order_by("pk"):
        if not query.matches(
            emails=(registration.email, registration.user.email if registration.user else ""),
            names=(registration.name,),
        ):
            continue
        certified = bool(registration.certificate_number or registration.certificate_issued_on)
        course = registration.course
        records.append(
            PrivacyRecord(
                source="statewide.course_registration",
                pk=registration.pk,
                title=_("Registration for the seminar “%(module)s” on %(date)s")
                % {"module": course.module.title, "date": f"{course.starts_on:%d.%m.%Y}"},
                action=ANONYMISE if certified else DELETE,
                removes=[_("e-mail address and link to the user account")]
                if certified
                else [_("the registration with name, e-mail address, mandate and attendance")],
                keeps=[_("name, attendance and certificate number")] if certified else [],
                retention=retention_certificate() if certified else "",
                obj=registration,
                data={
                    "seminar": course.module.title,
                    "first_day": iso(course.starts_on),
                    "host": course.host_name,
                    **fields_of(
                        registration,
                        (
                            "name",
                            "email",
                            "mandate",
                            "status",
                            "registered_at",
                            "attended_days",
                            "attended",
                            "certificate_number",
                            "certificate_issued_on",
                        ),
                    ),
                },
            )
        )
    return records


def erase_course_registrations(records: list[PrivacyRecord], actor: Any) -> int:
    certified = [record.pk for record in records if record.retained]
    delete_rows(CourseRegistration, [record.pk for record in records if not record.retained])
    # One address per row: a course takes every address once.
    for pk in certified:
        anonymise_rows(CourseRegistration, [pk], email=f"geloescht-{pk}@geloescht.invalid", user=None)
    return len(records)


def find_host_interests(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    interests = _of_body(HostInterest.objects.all(), body).select_related("series").order_by("pk")
    return [
        PrivacyRecord(
            source="statewide.host_interest",
            pk=interest.pk,
            title=_("Expression of interest of %(host)s for “%(series)s”")
            % {"host": interest.host_name, "series": interest.series.title},
            action=ANONYMISE,
            removes=[_("contact person (replaced by “[anonymised]”) and e-mail address, also in the change history")],
            keeps=[_("the expression of interest of the host with its dates and decision")],
            obj=interest,
            data={
                "series": interest.series.title,
                **fields_of(
                    interest,
                    (
                        "host_name",
                        "contact_name",
                        "contact_email",
                        "proposed_dates",
                        "message",
                        "received_at",
                        "status",
                    ),
                ),
            },
        )
        for interest in interests
        if query.matches(emails=(interest.contact_email,), names=(interest.contact_name,))
    ]


def erase_host_interests(records: list[PrivacyRecord], actor: Any) -> int:
    return anonymise_rows(
        HostInterest, [record.pk for record in records], contact_name=erased_name(), contact_email=ERASED_EMAIL
    )


def find_practice_contacts(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="statewide.practice_example",
            pk=example.pk,
            title=_("Contact of the good-practice example “%(title)s”") % {"title": example.title},
            action=ANONYMISE,
            removes=[_("contact person and e-mail address, also in the change history")],
            keeps=[_("the example itself")],
            obj=example,
            data={"example": example.title, **fields_of(example, ("contact_name", "contact_email"))},
        )
        for example in PracticeExample.objects.filter(body=body).order_by("pk")
        if query.matches(emails=(example.contact_email,), names=(example.contact_name,))
    ]


def erase_practice_contacts(records: list[PrivacyRecord], actor: Any) -> int:
    return anonymise_rows(PracticeExample, [record.pk for record in records], contact_name="", contact_email="")


def find_coaching_requests(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    engagements = CoachingEngagement.objects.filter(requested_by__isnull=False).select_related("requested_by")
    return [
        PrivacyRecord(
            source="statewide.coaching",
            pk=engagement.pk,
            title=_("Coaching requested on %(date)s") % {"date": f"{engagement.requested_on:%d.%m.%Y}"},
            action=ANONYMISE,
            removes=[_("who asked for the coaching, also in the change history")],
            keeps=[_("the coaching of the committee with its topics, steps and documents")],
            obj=engagement,
            data={
                "requested_by": engagement.requested_by.email,
                **fields_of(engagement, ("requested_on", "status", "request_text", "closed_on")),
            },
        )
        for engagement in _of_body(engagements, body).order_by("pk")
        if query.matches(
            emails=(engagement.requested_by.email,),
            names=(f"{engagement.requested_by.first_name} {engagement.requested_by.last_name}",),
        )
    ]


def erase_coaching_requests(records: list[PrivacyRecord], actor: Any) -> int:
    return anonymise_rows(CoachingEngagement, [record.pk for record in records], requested_by=None)


for _source in (
    PrivacySource(
        key="statewide.course_registration",
        label=gettext_lazy("Registrations for seminars of the qualification series"),
        area=STATE_LEVEL,
        order=600,
        find=find_course_registrations,
        erase=erase_course_registrations,
    ),
    PrivacySource(
        key="statewide.host_interest",
        label=gettext_lazy("Expressions of interest to host a seminar"),
        area=STATE_LEVEL,
        order=610,
        find=find_host_interests,
        erase=erase_host_interests,
    ),
    PrivacySource(
        key="statewide.practice_example",
        label=gettext_lazy("Contacts of good-practice examples"),
        area=STATE_LEVEL,
        order=620,
        find=find_practice_contacts,
        erase=erase_practice_contacts,
    ),
    PrivacySource(
        key="statewide.coaching",
        label=gettext_lazy("Requests for coaching"),
        area=STATE_LEVEL,
        order=630,
        find=find_coaching_requests,
        erase=erase_coaching_requests,
    ),
):
    register_privacy_source(_source)
