"""Reads of the qualification series. Every list names its joins, so its number of queries does not grow with rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    Course,
    CourseRegistration,
    CourseStatus,
    HostInterest,
    InterestStatus,
    RegistrationStatus,
    TrainingModule,
    TrainingSeries,
)

CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)
WAITING = Q(registrations__status=RegistrationStatus.WAITING)


def _with_counts(courses: QuerySet[Course]) -> QuerySet[Course]:
    return courses.annotate(
        confirmed_count=Count("registrations", filter=CONFIRMED, distinct=True),
        waiting_count=Count("registrations", filter=WAITING, distinct=True),
    )


def course_queryset() -> QuerySet[Course]:
    return _with_counts(Course.objects.select_related("series", "module", "body", "host_interest"))


# --- State staff --------------------------------------------------------------------------------------------------


def series_for_staff() -> QuerySet[TrainingSeries]:
    return TrainingSeries.objects.annotate(
        module_count=Count("modules", distinct=True),
        interest_count=Count("host_interests", distinct=True),
        course_count=Count("courses", distinct=True),
    ).order_by("-first_year", "title", "pk")


def modules_of_series(series: TrainingSeries) -> QuerySet[TrainingModule]:
    return series.modules.annotate(course_count=Count("courses")).order_by("order", "pk")


def interests_of_series(series: TrainingSeries, *, status: str = "") -> QuerySet[HostInterest]:
    interests = (
        series.host_interests.select_related("body")
        .prefetch_related(Prefetch("modules", queryset=TrainingModule.objects.order_by("order", "pk")))
        .annotate(course_count=Count("courses"))
        .order_by("received_at", "pk")
    )
    return interests.filter(status=status) if status else interests


def interest_counts(series: TrainingSeries) -> list[tuple[str, str, int]]:
    """(status, label, number) for every status of an expression of interest, in one query."""
    found = dict(series.host_interests.order_by().values_list("status").annotate(number=Count("pk")))
    return [(value, str(label), found.get(value, 0)) for value, label in InterestStatus.choices]


def accepted_interests(series: TrainingSeries) -> QuerySet[HostInterest]:
    return series.host_interests.filter(status=InterestStatus.ACCEPTED).order_by("host_name", "pk")


def courses_of_series(series: TrainingSeries) -> QuerySet[Course]:
    return course_queryset().filter(series=series).order_by("starts_on", "pk")


@dataclass
class RegistrationRow:
    registration: CourseRegistration
    waiting_position: int | None


def registrations_of_course(course: Course) -> list[RegistrationRow]:
    """The course's registrations, confirmed first, then the waiting list in its order, then the cancelled ones;
    each waiting one with its place on the list."""
    order: dict[str, int] = {"confirmed": 0, "waiting": 1, "cancelled": 2}
    registrations = sorted(
        course.registrations.select_related("body", "user").order_by("registered_at", "pk"),
        key=lambda registration: order.get(registration.status, 3),
    )
    rows: list[RegistrationRow] = []
    position = 0
    for registration in registrations:
        if registration.status == RegistrationStatus.WAITING:
            position += 1
            rows.append(RegistrationRow(registration, position))
        else:
            rows.append(RegistrationRow(registration, None))
    return rows


def waiting_position(registration: CourseRegistration) -> int | None:
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.course.registrations.filter(status=RegistrationStatus.WAITING).filter(
        Q(registered_at__lt=registration.registered_at)
        | Q(registered_at=registration.registered_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


# --- Public ---------------------------------------------------------------------------------------------------------


def _upcoming(today: date) -> QuerySet[Course]:
    return (
        course_queryset()
        .filter(ends_on__gte=today, status__in=[CourseStatus.OPEN, CourseStatus.PLANNED])
        .order_by("starts_on", "pk")
    )


def published_series(today: date | None = None) -> QuerySet[TrainingSeries]:
    """Published series with their modules and their upcoming courses (`upcoming_courses`)."""
    day = today or timezone.localdate()
    return (
        TrainingSeries.objects.filter(published=True)
        .prefetch_related(
            Prefetch("modules", queryset=TrainingModule.objects.order_by("order", "pk")),
            Prefetch("courses", queryset=_upcoming(day), to_attr="upcoming_courses"),
        )
        .order_by("-first_year", "title", "pk")
    )


def public_series(slug: str) -> TrainingSeries | None:
    return TrainingSeries.objects.filter(published=True, slug=slug).first()


def public_courses_of_series(series: TrainingSeries) -> QuerySet[Course]:
    return course_queryset().filter(series=series).exclude(status=CourseStatus.CANCELLED).order_by("starts_on", "pk")


def registrations_of_user(user: Any) -> QuerySet[CourseRegistration]:
    if not getattr(user, "is_authenticated", False):
        return CourseRegistration.objects.none()
    return (
        CourseRegistration.objects.filter(user=user)
        .select_related("course__series", "course__module", "course__body", "body")
        .order_by("-course__starts_on", "-pk")
    )


def registration_of_user_for_course(user: Any, course: Course) -> CourseRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        course.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )
