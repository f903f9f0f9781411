"""Reads of the funding of migrant organisations, each with its queries named, and the overviews (sums by status,
funding area and kind of actor) computed in the database with a fixed number of queries, whatever the number of
applications."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.tenancy.models import Body, Role

from .models_funding import (
    GRANTED_STATUSES,
    UNDECIDED_STATUSES,
    ApplicationStatus,
    CallStatus,
    FundingApplication,
    FundingAttachment,
    FundingCall,
    FundingCriterion,
    FundingGuideline,
    FundingReview,
    FundingScore,
    PaymentTranche,
    ProofOfUse,
)

ZERO = Decimal("0")


# --- Guidelines and calls ----------------------------------------------------------------------------------------


def guidelines_of_body(body: Body) -> QuerySet[FundingGuideline]:
    """Every version of the body's guidelines, newest version first, with the number of their calls."""
    return (
        FundingGuideline.objects.filter(body=body)
        .annotate(call_count=Count("calls"))
        .order_by("title", "-version", "pk")
    )


def guideline_queryset() -> QuerySet[FundingGuideline]:
    return FundingGuideline.objects.select_related("body", "predecessor").prefetch_related(
        Prefetch("criteria", queryset=FundingCriterion.objects.order_by("order", "pk")),
        Prefetch("successors", queryset=FundingGuideline.objects.order_by("version")),
    )


def calls_of_body(body: Body) -> QuerySet[FundingCall]:
    return (
        FundingCall.objects.filter(guideline__body=body)
        .select_related("guideline")
        .annotate(application_count=Count("applications"))
        .order_by("-deadline", "pk")
    )


def calls_of_guideline(guideline: FundingGuideline) -> QuerySet[FundingCall]:
    return guideline.calls.annotate(application_count=Count("applications")).order_by("-deadline", "pk")


def call_queryset() -> QuerySet[FundingCall]:
    return FundingCall.objects.select_related("guideline__body")


def open_public_calls(body: Body, now: datetime | None = None) -> QuerySet[FundingCall]:
    """The public calls of the body that still take applications (or will), soonest deadline first."""
    return (
        FundingCall.objects.filter(
            guideline__body=body, public=True, status=CallStatus.OPEN, deadline__gte=now or timezone.now()
        )
        .select_related("guideline")
        .order_by("deadline", "pk")
    )


# --- Applications ------------------------------------------------------------------------------------------------


def _with_reviews(applications: QuerySet[FundingApplication]) -> QuerySet[FundingApplication]:
    return applications.prefetch_related(
        Prefetch(
            "reviews",
            queryset=FundingReview.objects.select_related("reviewer").prefetch_related(
                Prefetch("scores", queryset=FundingScore.objects.select_related("criterion"))
            ),
        )
    )


def applications_of_call(call: FundingCall, *, status: str = "", area: str = "") -> QuerySet[FundingApplication]:
    """The call's applications, filtered, each with its actor and kind, its reviews with their scores and the sum
    paid so far (`paid`)."""
    applications = call.applications.all()
    if status:
        applications = applications.filter(status=status)
    if area:
        applications = applications.filter(area=area)
    applications = applications.select_related("applicant__kind", "call__guideline").annotate(
        paid=Sum("tranches__amount", filter=Q(tranches__paid_on__isnull=False))
    )
    return _with_reviews(applications).order_by("reference", "pk")


def application_queryset() -> QuerySet[FundingApplication]:
    """One application with everything its page shows."""
    return _with_reviews(
        FundingApplication.objects.select_related("call__guideline__body", "applicant__kind", "decided_by")
    ).prefetch_related(
        Prefetch("call__guideline__criteria", queryset=FundingCriterion.objects.order_by("order", "pk")),
        Prefetch("attachments", queryset=FundingAttachment.objects.order_by("created", "pk")),
        Prefetch("tranches", queryset=PaymentTranche.objects.order_by("due_on", "pk")),
        Prefetch(
            "proofs",
            queryset=ProofOfUse.objects.select_related("checked_by").prefetch_related("files").order_by("due_on"),
        ),
    )


def application_by_token_queryset() -> QuerySet[FundingApplication]:
    return FundingApplication.objects.select_related("call__guideline__body").prefetch_related(
        Prefetch("proofs", queryset=ProofOfUse.objects.order_by("due_on", "pk")),
        Prefetch("tranches", queryset=PaymentTranche.objects.order_by("due_on", "pk")),
    )


def possible_reviewers(body: Body, application: FundingApplication) -> QuerySet[Any]:
    """The people who may review in the body (office and integration centre) and do not review it yet."""
    taken = [review.reviewer_id for review in application.reviews.all() if review.reviewer_id]
    return (
        get_user_model()
        .objects.filter(
            role_assignments__body=body,
            role_assignments__role__in=[Role.OFFICE, Role.INTEGRATION_CENTRE],
            is_active=True,
        )
        .exclude(pk__in=taken)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def open_reviews_of(user: Any, body: Body) -> QuerySet[FundingReview]:
    """The reviews the user still has to write in the body."""
    return (
        FundingReview.objects.filter(
            reviewer=user,
            submitted_at__isnull=True,
            application__call__guideline__body=body,
            application__status__in=UNDECIDED_STATUSES,
        )
        .select_related("application__call")
        .order_by("application__call__deadline", "application__reference")
    )


def proofs_due(body: Body, *, until: date | None = None) -> QuerySet[ProofOfUse]:
    """Open proofs of use of the body, soonest first."""
    proofs = ProofOfUse.objects.filter(
        application__call__guideline__body=body, application__status=ApplicationStatus.PROOF_DUE
    )
    if until is not None:
        proofs = proofs.filter(due_on__lte=until)
    return proofs.select_related("application").order_by("due_on", "pk")


# --- Scores ------------------------------------------------------------------------------------------------------


def review_total(review: FundingReview) -> Decimal | None:
    """The weighted score of a submitted review in points of 100: Σ(points × weight) / Σ(maximum × weight) × 100.
    Reads the review's prefetched scores."""
    if review.submitted_at is None:
        return None
    scores = list(review.scores.all())
    possible = sum(score.criterion.max_score * score.criterion.weight for score in scores)
    if not possible:
        return None
    reached = sum(score.score * score.criterion.weight for score in scores)
    return (Decimal(reached) * 100 / Decimal(possible)).quantize(Decimal("0.1"))


def application_total(application: FundingApplication) -> Decimal | None:
    """The mean of the two reviews' weighted scores, once both are in (None before)."""
    totals = [review_total(review) for review in application.reviews.all() if review.submitted_at is not None]
    values = [total for total in totals if total is not None]
    if len(values) < 2:
        return None
    return (sum(values, ZERO) / len(values)).quantize(Decimal("0.1"))


@dataclass
class ReviewView:
    """A review as one reader may see it: its scores only if the reader may see them."""

    review: FundingReview
    is_own: bool
    scores_visible: bool
    total: Decimal | None


def reviews_for(user: Any, application: FundingApplication) -> list[ReviewView]:
    """The application's reviews as `user` may see them. A reviewer sees the other's scores only after submitting
    their own; everyone else who runs funding sees the submitted ones."""
    reviews = list(application.reviews.all())
    own = next((review for review in reviews if review.reviewer_id == user.pk), None)
    sees_others = own is None or own.submitted_at is not None
    views = []
    for review in reviews:
        is_own = review is own
        visible = review.submitted_at is not None and (is_own or sees_others)
        views.append(ReviewView(review, is_own, visible, review_total(review) if visible else None))
    return views


# --- Overviews ---------------------------------------------------------------------------------------------------


@dataclass
class OverviewRow:
    label: str
    count: int = 0
    requested: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass
class FundingOverview:
    total: OverviewRow
    by_status: list[OverviewRow] = field(default_factory=list)
    by_area: list[OverviewRow] = field(default_factory=list)
    by_kind: list[OverviewRow] = field(default_factory=list)


def _grouped(
    applications: QuerySet[FundingApplication],
    key: str,
    labels: Any,
    order: Iterable[Any] | None = None,
    include_empty: bool = False,
) -> list[OverviewRow]:
    """Rows by `key` (two queries: the applications' sums, and what has been paid). With `include_empty`, every
    value of `order` has a row, also without applications."""
    order = list(order) if order is not None else None
    rows: dict[Any, OverviewRow] = {}
    if include_empty and order is not None:
        rows = {value: OverviewRow(label=labels(value)) for value in order}
    for values in (
        applications.order_by()
        .values(key)
        .annotate(
            count=Count("pk"),
            requested=Sum("requested_amount"),
            approved=Sum("approved_amount", filter=Q(status__in=GRANTED_STATUSES)),
        )
    ):
        rows[values[key]] = OverviewRow(
            label=labels(values[key]),
            count=values["count"],
            requested=values["requested"] or ZERO,
            approved=values["approved"] or ZERO,
        )
    for values in (
        PaymentTranche.objects.filter(application__in=applications.values("pk"), paid_on__isnull=False)
        .order_by()
        .values(f"application__{key}")
        .annotate(paid=Sum("amount"))
    ):
        row = rows.get(values[f"application__{key}"])
        if row is not None:
            row.paid = values["paid"] or ZERO
    if order is not None:
        ranked = {value: position for position, value in enumerate(order)}
        return [rows[value] for value in sorted(rows, key=lambda value: (ranked.get(value, len(ranked)), str(value)))]
    return [rows[value] for value in sorted(rows, key=lambda value: (value is None or value == "", str(value or "")))]


def funding_overview(applications: QuerySet[FundingApplication], *, areas: Iterable[str] = ()) -> FundingOverview:
    """Counts and sums (requested, approved, paid) of the applications: in total, by status, by funding area (the
    fields of action) and by kind of actor. A fixed number of queries."""
    area_order = list(areas)
    by_status = _grouped(
        applications, "status", lambda value: str(ApplicationStatus(value).label), order=ApplicationStatus.values
    )
    by_area = _grouped(
        applications,
        "area",
        lambda value: value or _("no funding area"),
        order=area_order or None,
        include_empty=True,
    )
    by_kind = _grouped(applications, "applicant__kind__name", lambda value: value or _("not linked to an actor yet"))
    total = OverviewRow(
        label=_("All applications"),
        count=sum(row.count for row in by_status),
        requested=sum((row.requested for row in by_status), ZERO),
        approved=sum((row.approved for row in by_status), ZERO),
        paid=sum((row.paid for row in by_status), ZERO),
    )
    return FundingOverview(total=total, by_status=by_status, by_area=by_area, by_kind=by_kind)


def applications_of_guideline(guideline: FundingGuideline) -> QuerySet[FundingApplication]:
    return FundingApplication.objects.filter(call__guideline=guideline)


def funding_work_counts(user: Any, body: Body) -> dict[str, int]:
    """For the start page's tile: undecided applications, the user's open reviews, open proofs of use."""
    return {
        "undecided": FundingApplication.objects.filter(
            call__guideline__body=body, status__in=UNDECIDED_STATUSES
        ).count(),
        "reviews": open_reviews_of(user, body).count(),
        "proofs": proofs_due(body).count(),
    }
