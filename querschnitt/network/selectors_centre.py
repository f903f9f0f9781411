"""Reads of the integration centre, each with its queries named: the catalogue, the lists of requests and network
events with their filters, and the centre's dashboard (a fixed number of queries, whatever the number of rows)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from querschnitt.tenancy.models import Body, Role

from .models import Actor
from .models_centre import (
    OPEN_STATUSES,
    CentreService,
    CounsellingRequest,
    CounsellingTimeEntry,
    NetworkEvent,
    RequestStatus,
    TaskArea,
)

# The pseudo-status of the filters: new or in progress.
OPEN = "open"

# --- The catalogue -------------------------------------------------------------------------------------------------


def centre_services_of_body(body: Body) -> QuerySet[CentreService]:
    """The body's services by task area and order, each with the number of requests about it."""
    return (
        CentreService.objects.filter(body=body)
        .annotate(request_count=Count("requests"))
        .order_by("area", "order", "title", "pk")
    )


def services_for_choice(body: Body, *, keep: int | None = None) -> QuerySet[CentreService]:
    """The services offered for a new request (and the one a request has, `keep`, if it is no longer offered)."""
    services = CentreService.objects.filter(body=body)
    services = services.filter(Q(active=True) | Q(pk=keep)) if keep else services.filter(active=True)
    return services.order_by("area", "order", "title", "pk")


def centre_staff(body: Body) -> QuerySet[Any]:
    """The users who may handle requests: the body's integration centre and committee office."""
    return (
        get_user_model()
        .objects.filter(role_assignments__body=body, role_assignments__role__in=[Role.OFFICE, Role.INTEGRATION_CENTRE])
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


# --- Counselling requests --------------------------------------------------------------------------------------------


def counselling_request_list(
    body: Body,
    *,
    status: str = "",
    area: int | None = None,
    service_id: int | None = None,
    channel: str = "",
    requester_kind: str = "",
    actor_id: int | None = None,
    received_from: date | None = None,
    received_until: date | None = None,
    time_from: date | None = None,
    time_until: date | None = None,
) -> QuerySet[CounsellingRequest]:
    """The body's requests, filtered, each with its service, actors, handler and `minutes` (the time spent; with a
    period of time given, only the time spent in it, and only requests with time spent in it).

    `status` is a status or `open` (new or in progress: then the oldest come first); `actor_id` finds the requests
    an actor made or was referred."""
    requests = CounsellingRequest.objects.filter(body=body)
    if status == OPEN:
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif status:
        requests = requests.filter(status=status)
    if area is not None:
        requests = requests.filter(service__area=area)
    if service_id is not None:
        requests = requests.filter(service_id=service_id)
    if channel:
        requests = requests.filter(channel=channel)
    if requester_kind:
        requests = requests.filter(requester_kind=requester_kind)
    if actor_id is not None:
        requests = requests.filter(Q(requester_actor_id=actor_id) | Q(referred_to_id=actor_id))
    if received_from:
        requests = requests.filter(received_on__gte=received_from)
    if received_until:
        requests = requests.filter(received_on__lte=received_until)
    in_period: dict[str, date] = {}
    if time_from:
        in_period["date__gte"] = time_from
    if time_until:
        in_period["date__lte"] = time_until
    if in_period:
        requests = requests.filter(Exists(CounsellingTimeEntry.objects.filter(request=OuterRef("pk"), **in_period)))
    entries_in_period = Q(**{f"time_entries__{lookup}": day for lookup, day in in_period.items()})
    order = ("received_on", "pk") if status == OPEN else ("-received_on", "-pk")
    return (
        requests.select_related("service", "requester_actor", "referred_to", "handled_by")
        .annotate(minutes=Coalesce(Sum("time_entries__minutes", filter=entries_in_period), Value(0)))
        .order_by(*order)
    )


def counselling_request_detail_queryset() -> QuerySet[CounsellingRequest]:
    return CounsellingRequest.objects.select_related(
        "body", "service", "requester_actor", "referred_to", "handled_by"
    ).prefetch_related(
        Prefetch(
            "time_entries",
            queryset=CounsellingTimeEntry.objects.select_related("spent_by").order_by("date", "pk"),
        )
    )


def open_request_count(body: Body) -> int:
    return CounsellingRequest.objects.filter(body=body, status__in=OPEN_STATUSES).count()


# --- Network events --------------------------------------------------------------------------------------------------


def network_event_list(
    body: Body,
    *,
    kind: str = "",
    date_from: date | None = None,
    date_until: date | None = None,
    actor_id: int | None = None,
) -> QuerySet[NetworkEvent]:
    """The body's network events, the latest first, each with its actors (by name)."""
    events = NetworkEvent.objects.filter(body=body)
    if kind:
        events = events.filter(kind=kind)
    if date_from:
        events = events.filter(date__gte=date_from)
    if date_until:
        events = events.filter(date__lte=date_until)
    if actor_id is not None:
        events = events.filter(actors=actor_id)
    return events.prefetch_related(
        Prefetch("actors", queryset=Actor.objects.only("pk", "name", "body_id").order_by("name", "pk"))
    ).order_by("-date", "-pk")


def network_event_detail_queryset() -> QuerySet[NetworkEvent]:
    return NetworkEvent.objects.select_related("body").prefetch_related(
        Prefetch("actors", queryset=Actor.objects.select_related("kind").order_by("name", "pk"))
    )


def actors_for_choice(body: Body, *, keep: Any = ()) -> QuerySet[Actor]:
    """The body's active actors (and those an object names already, `keep`: their ids)."""
    keep_ids = [pk for pk in keep if pk]
    return Actor.objects.filter(body=body).filter(Q(active=True) | Q(pk__in=keep_ids)).order_by("name", "pk")


# --- The dashboard ---------------------------------------------------------------------------------------------------


@dataclass
class AreaRow:
    area: int
    label: str
    counts: list[tuple[str, str, int]]  # (status, its label, number) in the order of RequestStatus
    total: int


@dataclass
class MonthRow:
    month: date  # the first day
    last_day: date
    minutes: int
    percent: int  # of the month with the most minutes, for the bar

    @property
    def hours(self) -> Decimal:
        return Decimal(self.minutes) / 60


@dataclass
class CentreDashboard:
    year: int
    today: date
    statuses: list[tuple[str, str]]
    area_rows: list[AreaRow]
    status_totals: list[tuple[str, str, int]]
    total: int
    months: list[MonthRow]
    minutes_total: int
    open_count: int
    open_requests: list[CounsellingRequest] = field(default_factory=list)
    upcoming_events: list[NetworkEvent] = field(default_factory=list)
    events_this_year: int = 0
    top_actors: list[Actor] = field(default_factory=list)

    @property
    def hours_total(self) -> Decimal:
        return Decimal(self.minutes_total) / 60

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def centre_dashboard(
    body: Body, *, year: int | None = None, today: date | None = None, with_lists: bool = True
) -> CentreDashboard:
    """The figures of the centre's dashboard for a year (default: this year), in a fixed number of queries.

    Requests count in the year they were received; time in the month it was spent. `with_lists=False` leaves out
    the lists (open requests, upcoming events, actors): what state staff see is the counts only."""
    today = today or timezone.localdate()
    year = year or today.year
    statuses = [(str(value), str(label)) for value, label in RequestStatus.choices]
    counts: dict[tuple[int, str], int] = {
        (row["service__area"], row["status"]): row["number"]
        for row in CounsellingRequest.objects.filter(body=body, received_on__year=year)
        .values("service__area", "status")
        .annotate(number=Count("pk"))
        .order_by()
    }
    area_rows = []
    for area, label in TaskArea.choices:
        row = [(status, status_label, counts.get((area, status), 0)) for status, status_label in statuses]
        area_rows.append(AreaRow(area=area, label=str(label), counts=row, total=sum(n for _s, _l, n in row)))
    status_totals = [
        (status, status_label, sum(counts.get((area, status), 0) for area in TaskArea.values))
        for status, status_label in statuses
    ]

    minutes_by_month = dict(
        CounsellingTimeEntry.objects.filter(request__body=body, date__year=year)
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(total=Sum("minutes"))
        .order_by()
        .values_list("month", "total")
    )
    highest = max(minutes_by_month.values(), default=0)
    months = [
        MonthRow(
            month=date(year, month, 1),
            last_day=_last_day_of_month(year, month),
            minutes=minutes_by_month.get(month, 0),
            percent=round(100 * minutes_by_month.get(month, 0) / highest) if highest else 0,
        )
        for month in range(1, 13)
    ]
    dashboard = CentreDashboard(
        year=year,
        today=today,
        statuses=statuses,
        area_rows=area_rows,
        status_totals=status_totals,
        total=sum(row.total for row in area_rows),
        months=months,
        minutes_total=sum(minutes_by_month.values()),
        open_count=open_request_count(body),
        events_this_year=NetworkEvent.objects.filter(body=body, date__year=year).count(),
    )
    if with_lists:
        dashboard.open_requests = list(
            CounsellingRequest.objects.filter(body=body, status__in=OPEN_STATUSES)
            .select_related("service", "requester_actor", "handled_by")
            .order_by("received_on", "pk")[:10]
        )
        for item in dashboard.open_requests:
            item.open_days = (today - item.received_on).days  # type: ignore[attr-defined]
        dashboard.upcoming_events = list(
            NetworkEvent.objects.filter(body=body, date__gte=today)
            .annotate(actor_count=Count("actors"))
            .order_by("date", "pk")[:5]
        )
        dashboard.top_actors = list(
            Actor.objects.filter(body=body, network_events__date__year=year)
            .annotate(event_count=Count("network_events"))
            .order_by("-event_count", "name", "pk")[:10]
        )
    return dashboard
