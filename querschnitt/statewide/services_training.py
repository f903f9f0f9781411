"""Writes of the qualification series (seed 001): series and their modules, expressions of interest to host a
seminar (public, with a deadline), courses, registrations with a waiting list, attendance and certificates.

State staff run everything; the public sends expressions of interest until the deadline; committee members and
offices register themselves for a course of a published series and cancel their own registration (signed in or by
the secret link of their confirmation). Seats are counted under a row lock on the course, so two registrations at
the same moment cannot both take the last seat and a cancellation moves exactly one person up.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.exceptions import ApplicationError
from querschnitt.tenancy.models import Body, BodyKind
from querschnitt.tenancy.selectors import is_state_staff

from .models import (
    Course,
    CourseRegistration,
    CourseStatus,
    HostInterest,
    InterestStatus,
    MandateKind,
    RegistrationStatus,
    TrainingModule,
    TrainingSeries,
)

logger = logging.getLogger(__name__)

MANAGE = "statewide.manage"
REGISTER = "statewide.register_for_course"
CERTIFICATE_PREFIX = "QR"
# Path segments of the public pages that a series slug must not shadow (`/qualifizierung/<slug>/`).
RESERVED_SLUGS = {"kurs", "abmelden", "anmeldung", "meine-anmeldungen"}

CancelUrl = Callable[[str], str]


# --- Checks -----------------------------------------------------------------------------------------------------


def _check_manage(actor: Any) -> None:
    if not is_state_staff(actor):
        raise ApplicationError(
            _("Only the staff of the state integration council may change the qualification series.")
        )


def _save(instance: models.Model) -> None:
    """`full_clean()` and save; a model's objection becomes an ApplicationError at its field."""
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from error
    instance.save()


def deadline_text(series: TrainingSeries) -> str:
    """„30.09.2025 um 23:59 Uhr“ in German time."""
    local = timezone.localtime(series.interest_deadline)
    return _("%(date)s at %(time)s") % {"date": date_format(local, "d.m.Y"), "time": date_format(local, "H:i")}


def interest_refusal(series: TrainingSeries, now: datetime | None = None) -> str | None:
    """Why the public form takes no expression of interest now, or None while it does."""
    moment = now or timezone.now()
    if moment > series.interest_deadline:
        return _(
            "The deadline for expressions of interest expired on %(deadline)s. We can no longer consider your "
            "expression of interest; please contact the state integration council directly."
        ) % {"deadline": deadline_text(series)}
    return None


def registration_refusal(course: Course, today: date | None = None) -> str | None:
    """Why nobody can register for the course now, or None while registration is open."""
    day = today or timezone.localdate()
    if not course.series.published:
        return _("This course is not public.")
    if course.status != CourseStatus.OPEN:
        return _("Registration for this course is not open (status: %(status)s).") % {
            "status": course.get_status_display()
        }
    if course.registration_deadline and day > course.registration_deadline:
        return _("Registration for this course closed on %(date)s.") % {
            "date": date_format(course.registration_deadline, "d.m.Y")
        }
    if day > course.starts_on:
        return _("This course has already begun.")
    return None


# --- Series and modules ------------------------------------------------------------------------------------------


SERIES_FIELDS = (
    "title",
    "slug",
    "description",
    "partners",
    "first_year",
    "last_year",
    "interest_deadline",
    "published",
)


def _check_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ApplicationError(_("This short name is reserved; please choose another."), field="slug")


@transaction.atomic
def training_series_create(*, actor: Any, **fields: Any) -> TrainingSeries:
    _check_manage(actor)
    _check_slug(fields.get("slug", ""))
    series = TrainingSeries(**{name: fields[name] for name in SERIES_FIELDS if name in fields})
    _save(series)
    return series


@transaction.atomic
def training_series_update(*, actor: Any, series: TrainingSeries, **fields: Any) -> TrainingSeries:
    _check_manage(actor)
    _check_slug(fields.get("slug", series.slug))
    for name in SERIES_FIELDS:
        if name in fields:
            setattr(series, name, fields[name])
    _save(series)
    return series


MODULE_FIELDS = ("title", "level", "description", "order")


@transaction.atomic
def training_module_create(*, actor: Any, series: TrainingSeries, **fields: Any) -> TrainingModule:
    _check_manage(actor)
    if fields.get("order") is None:
        fields["order"] = (series.modules.aggregate(last=models.Max("order"))["last"] or 0) + 1
    module = TrainingModule(series=series, **{name: fields[name] for name in MODULE_FIELDS if name in fields})
    _save(module)
    return module


@transaction.atomic
def training_module_update(*, actor: Any, module: TrainingModule, **fields: Any) -> TrainingModule:
    _check_manage(actor)
    for name in MODULE_FIELDS:
        if name in fields and not (name == "order" and fields[name] is None):
            setattr(module, name, fields[name])
    _save(module)
    return module


# --- Expressions of interest -------------------------------------------------------------------------------------


def _check_modules(series: TrainingSeries, modules: Iterable[TrainingModule]) -> list[TrainingModule]:
    chosen = list(modules)
    if not chosen:
        raise ApplicationError(_("Please choose at least one module."), field="modules")
    if any(module.series_id != series.pk for module in chosen):
        raise ApplicationError(_("A module belongs to another series."), field="modules")
    return chosen


def _new_interest(series: TrainingSeries, modules: list[TrainingModule], **fields: Any) -> HostInterest:
    interest = HostInterest(
        series=series,
        host_kind=fields["host_kind"],
        host_name=" ".join(fields["host_name"].split()),
        body=fields.get("body"),
        contact_name=" ".join(fields["contact_name"].split()),
        contact_email=fields["contact_email"].strip(),
        proposed_dates=(fields.get("proposed_dates") or "").strip(),
        message=(fields.get("message") or "").strip(),
        received_at=fields["received_at"],
        status=fields.get("status", InterestStatus.RECEIVED),
    )
    _save(interest)
    interest.modules.set(modules)
    return interest


def host_interest_submit(
    *,
    series: TrainingSeries,
    host_kind: str,
    host_name: str,
    contact_name: str,
    contact_email: str,
    modules: Iterable[TrainingModule],
    proposed_dates: str = "",
    message: str = "",
    body: Body | None = None,
    now: datetime | None = None,
    notify: bool = True,
) -> HostInterest:
    """The public form (no account): a VHS or a body offers to host seminars. Refused, with nothing written, for an
    unpublished series and after the deadline (German time; the deadline minute itself still counts)."""
    moment = now or timezone.now()
    if not series.published:
        raise ApplicationError(_("This qualification series is not public."))
    refusal = interest_refusal(series, moment)
    if refusal:
        raise ApplicationError(refusal)
    chosen = _check_modules(series, modules)
    with transaction.atomic():
        interest = _new_interest(
            series,
            chosen,
            host_kind=host_kind,
            host_name=host_name,
            body=body,
            contact_name=contact_name,
            contact_email=contact_email,
            proposed_dates=proposed_dates,
            message=message,
            received_at=moment,
        )
    if notify:
        _send(
            interest.contact_email,
            _("Your expression of interest for the %(series)s has been received") % {"series": series.title},
            "statewide/training/email/interest_received.txt",
            {"interest": interest, "series": series, "modules": chosen},
        )
    return interest


@transaction.atomic
def host_interest_record(
    *,
    actor: Any,
    series: TrainingSeries,
    received_at: datetime,
    modules: Iterable[TrainingModule],
    **fields: Any,
) -> HostInterest:
    """State staff record an expression of interest that came by post or e-mail. One received after the deadline is
    stored as refused (`late`), so that it is documented but cannot become a course."""
    _check_manage(actor)
    chosen = _check_modules(series, modules)
    status = InterestStatus.LATE if received_at > series.interest_deadline else InterestStatus.RECEIVED
    return _new_interest(series, chosen, received_at=received_at, status=status, **fields)


@transaction.atomic
def host_interest_decide(*, actor: Any, interest: HostInterest, accept: bool, note: str = "") -> HostInterest:
    """Accept or decline an expression of interest. One that came after the deadline stays refused."""
    _check_manage(actor)
    if interest.status == InterestStatus.LATE:
        raise ApplicationError(_("This expression of interest arrived after the deadline and cannot be accepted."))
    interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
    interest.decision_note = note.strip()
    _save(interest)
    return interest


# --- Courses -----------------------------------------------------------------------------------------------------


COURSE_FIELDS = (
    "module",
    "host_interest",
    "host_name",
    "body",
    "starts_on",
    "ends_on",
    "times",
    "place",
    "trainers",
    "seats",
    "status",
    "registration_deadline",
)


def _check_course(course: Course) -> None:
    if course.module.series_id != course.series_id:
        raise ApplicationError(_("The module belongs to another series."), field="module")
    interest = course.host_interest
    if interest is not None:
        if interest.series_id != course.series_id:
            raise ApplicationError(_("The expression of interest belongs to another series."), field="host_interest")
        if interest.status != InterestStatus.ACCEPTED:
            raise ApplicationError(
                _("Only an accepted expression of interest can become a course."), field="host_interest"
            )
    if course.body is not None and course.body.kind == BodyKind.STATE_COUNCIL:
        raise ApplicationError(
            _("Please choose the municipality or district where the course takes place."), field="body"
        )
    if course.registration_deadline and course.registration_deadline > course.ends_on:
        raise ApplicationError(
            _("Registration cannot close after the last day of the course."), field="registration_deadline"
        )


@transaction.atomic
def course_create(*, actor: Any, series: TrainingSeries, **fields: Any) -> Course:
    _check_manage(actor)
    course = Course(series=series, **{name: fields[name] for name in COURSE_FIELDS if name in fields})
    if not course.host_name and course.host_interest is not None:
        course.host_name = course.host_interest.host_name
    if course.body is None and course.host_interest is not None:
        course.body = course.host_interest.body
    _check_course(course)
    _save(course)
    return course


@transaction.atomic
def course_update(
    *, actor: Any, course: Course, cancel_url: CancelUrl | None = None, notify: bool = True, **fields: Any
) -> Course:
    """Change a course. More seats move people up from the waiting list (in their order), fewer seats never take a
    confirmed seat away. Cancelling the course tells everyone registered or waiting."""
    _check_manage(actor)
    locked = _lock(course)
    was_cancelled = locked.status == CourseStatus.CANCELLED
    for name in COURSE_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    _check_course(locked)
    _save(locked)
    cancelled_now = locked.status == CourseStatus.CANCELLED and not was_cancelled
    moved = [] if locked.status == CourseStatus.CANCELLED else _fill_seats(locked)
    told = list(locked.registrations.exclude(status=RegistrationStatus.CANCELLED)) if cancelled_now else []
    if notify:

        def notify_moved() -> None:
            for registration in moved:
                _notify(registration, "moved_up", cancel_url)
            for registration in told:
                _notify(registration, "course_cancelled", None)

        transaction.on_commit(notify_moved)
    return locked


def _lock(course: Course) -> Course:
    """The course, locked for the rest of the transaction. `of=("self",)`: PostgreSQL cannot lock the nullable side
    of an outer join (the optional body and host interest), and only the course row is what we serialise on."""
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("series", "module", "body", "host_interest")
        .get(pk=course.pk)
    )


def _fill_seats(course: Course) -> list[CourseRegistration]:
    """Move people up from the waiting list while seats are free, first come first served. Call with the course
    locked."""
    registrations = course.registrations.exclude(status=RegistrationStatus.CANCELLED)
    free = course.seats - registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if free <= 0:
        return []
    moved = list(registrations.filter(status=RegistrationStatus.WAITING).order_by("registered_at", "pk")[:free])
    for registration in moved:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "modified"])
    return moved


# --- Registrations -----------------------------------------------------------------------------------------------


def bodies_for_registration(user: Any) -> models.QuerySet[Body]:
    """The bodies on whose committee the user sits or whose committee office they are."""
    from querschnitt.tenancy.models import Role

    if not getattr(user, "is_authenticated", False):
        return Body.objects.none()
    return Body.objects.filter(
        role_assignments__user=user, role_assignments__role__in=[Role.MEMBER, Role.OFFICE]
    ).distinct()


def course_register(
    *,
    actor: Any,
    course: Course,
    body: Body,
    mandate: str,
    now: datetime | None = None,
    cancel_url: CancelUrl | None = None,
    notify: bool = True,
) -> CourseRegistration:
    """Register the signed-in actor (name and e-mail of the account) for a course, for the committee of `body`.
    Confirmed while seats are free, else on the waiting list. Refused when registration is closed, when the actor is
    no member or office of `body`, or when the address is already registered."""
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(REGISTER, body):
        raise ApplicationError(
            _("You can register only for a committee in which you are a member or the committee office."),
            field="body",
        )
    if mandate not in MandateKind.values:
        raise ApplicationError(_("Please choose your mandate."), field="mandate")
    if not actor.email:
        raise ApplicationError(_("Your account has no e-mail address."))
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock(course)
        refusal = registration_refusal(locked, timezone.localdate(moment))
        if refusal:
            raise ApplicationError(refusal)
        active = locked.registrations.exclude(status=RegistrationStatus.CANCELLED)
        if active.filter(email__iexact=actor.email).exists():
            raise ApplicationError(_("You are already registered for this course."))
        confirmed = active.filter(status=RegistrationStatus.CONFIRMED).count()
        registration = CourseRegistration(
            course=locked,
            user=actor,
            body=body,
            name=actor.get_full_name() or actor.email,
            email=actor.email,
            mandate=mandate,
            status=RegistrationStatus.CONFIRMED if confirmed < locked.seats else RegistrationStatus.WAITING,
            registered_at=moment,
            cancel_token=secrets.token_urlsafe(32),
        )
        _save(registration)
    if notify:
        kind = "confirmed" if registration.status == RegistrationStatus.CONFIRMED else "waiting"
        _notify(registration, kind, cancel_url)
    return registration


def course_registration_cancel(
    *,
    actor: Any,
    registration: CourseRegistration,
    by_token: bool = False,
    cancel_url: CancelUrl | None = None,
    notify: bool = True,
) -> CourseRegistration:
    """Cancel a registration: by the participant (signed in, or `by_token` after following the secret link) or by
    state staff. A freed seat goes to the first on the waiting list, in the same transaction."""
    own = getattr(actor, "is_authenticated", False) and registration.user_id == actor.pk
    if not (by_token or own or is_state_staff(actor)):
        raise ApplicationError(_("You cannot cancel this registration."))
    with transaction.atomic():
        course = _lock(registration.course)
        current = CourseRegistration.objects.select_related("course").get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise ApplicationError(_("This course registration has already been cancelled."))
        if course.status == CourseStatus.HELD or current.attended:
            raise ApplicationError(_("The course has taken place; the registration can no longer be cancelled."))
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "modified"])
        moved = _fill_seats(course) if course.status != CourseStatus.CANCELLED else []
    if notify:
        _notify(current, "cancelled", None)
        for other in moved:
            _notify(other, "moved_up", cancel_url)
    return current


# --- Attendance and certificates -----------------------------------------------------------------------------------


def course_days(course: Course) -> int:
    return (course.ends_on - course.starts_on).days + 1


@transaction.atomic
def course_registration_record_attendance(
    *, actor: Any, registration: CourseRegistration, attended_days: int, attended: bool
) -> CourseRegistration:
    """Record how many days a participant attended and whether they attended the course (which entitles them to a
    certificate of attendance)."""
    _check_manage(actor)
    current = (
        CourseRegistration.objects.select_for_update(of=("self",)).select_related("course").get(pk=registration.pk)
    )
    if current.status != RegistrationStatus.CONFIRMED:
        raise ApplicationError(_("Attendance can only be recorded for confirmed participants."))
    days = course_days(current.course)
    if attended_days < 0 or attended_days > days:
        raise ApplicationError(
            ngettext(
                "The course has %(days)s day; please enter a number from 0 to %(days)s.",
                "The course has %(days)s days; please enter a number from 0 to %(days)s.",
                days,
            )
            % {"days": days},
            field="attended_days",
        )
    if attended and attended_days == 0:
        attended_days = days
    current.attended_days = attended_days
    current.attended = attended
    _save(current)
    return current


def _next_certificate_number(year: int) -> str:
    prefix = f"{CERTIFICATE_PREFIX}-{year}-"
    numbers = CourseRegistration.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    last = max(
        (int(number.removeprefix(prefix)) for number in numbers if number.removeprefix(prefix).isdigit()), default=0
    )
    return f"{prefix}{last + 1:04d}"


def course_registration_issue_certificate(
    *, actor: Any, registration: CourseRegistration, today: date | None = None
) -> CourseRegistration:
    """The certificate of attendance of an attended registration, for state staff and the participant. Its number
    („QR-2026-0001“) and date are given once, the first time it is issued; later downloads show the same."""
    own = getattr(actor, "is_authenticated", False) and registration.user_id == actor.pk
    if not (own or is_state_staff(actor)):
        raise ApplicationError(_("You cannot see this certificate."))
    if not registration.attended or registration.status != RegistrationStatus.CONFIRMED:
        raise ApplicationError(_("A certificate of attendance is issued only for attended courses."))
    if registration.certificate_number:
        return registration
    with transaction.atomic():
        # The course row lock serialises issuing for this course; numbers are counted across all courses.
        _lock(registration.course)
        current = CourseRegistration.objects.get(pk=registration.pk)
        if not current.certificate_number:
            issued = today or timezone.localdate()
            current.certificate_number = _next_certificate_number(issued.year)
            current.certificate_issued_on = issued
            current.save(update_fields=["certificate_number", "certificate_issued_on", "modified"])
    registration.certificate_number = current.certificate_number
    registration.certificate_issued_on = current.certificate_issued_on
    return registration


# --- E-mail --------------------------------------------------------------------------------------------------------


SUBJECTS = {
    "confirmed": lambda course: _("Registration confirmed: %(course)s") % {"course": course.module.title},
    "waiting": lambda course: _("On the waiting list: %(course)s") % {"course": course.module.title},
    "moved_up": lambda course: _("A seat is free for you: %(course)s") % {"course": course.module.title},
    "cancelled": lambda course: _("Registration cancelled: %(course)s") % {"course": course.module.title},
    "course_cancelled": lambda course: _("Seminar cancelled: %(course)s") % {"course": course.module.title},
}


def _notify(registration: CourseRegistration, kind: str, cancel_url: CancelUrl | None) -> None:
    course = registration.course
    _send(
        registration.email,
        SUBJECTS[kind](course),
        f"statewide/training/email/{kind}.txt",
        {
            "registration": registration,
            "course": course,
            "series": course.series,
            "cancel_url": cancel_url(registration.cancel_token) if cancel_url else "",
        },
    )


def _send(address: str, subject: str, template: str, context: dict[str, Any]) -> bool:
    """One notice; a failure is logged, never raised: what was written stands either way."""
    try:
        send_mail(subject, render_to_string(template, context), None, [address])
    except OSError:
        logger.warning("Training e-mail %r could not be sent", subject, exc_info=True)
        return False
    return True
