"""Export of funding applications as CSV (UTF-8 with BOM, semicolons), for the overviews of a call and of a
guideline. No personal data: the contact person of an application is left out."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from querschnitt.core.csv_export import csv_bytes

from .models_funding import GRANTED_STATUSES, FundingApplication

HEADINGS = [
    "Aktenzeichen",
    "Aufruf",
    "Organisation",
    "Art des Akteurs",
    "Förderbereich",
    "Projekt",
    "Status",
    "Beantragt",
    "Eigenanteil",
    "Bewilligt",
    "Ausgezahlt",
    "Eingereicht am",
    "Entschieden am",
]


def _amount(value: Decimal | None) -> str:
    """German decimal comma, no thousands separator: what a German spreadsheet reads as a number."""
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def export_rows(applications: QuerySet[FundingApplication]) -> list[list[str]]:
    """One row per application (one query)."""
    rows = []
    for application in (
        applications.select_related("call", "applicant__kind")
        .annotate(paid_sum=Sum("tranches__amount", filter=Q(tranches__paid_on__isnull=False)))
        .order_by("reference", "pk")
    ):
        rows.append(
            [
                application.reference,
                application.call.title,
                application.organisation,
                application.applicant.kind.name if application.applicant else "",
                application.area,
                application.title,
                str(application.get_status_display()),
                _amount(application.requested_amount),
                _amount(application.own_contribution),
                _amount(application.approved_amount if application.status in GRANTED_STATUSES else None),
                _amount(application.paid_sum or Decimal("0")),
                f"{timezone.localtime(application.submitted_at):%d.%m.%Y}",
                f"{application.decided_on:%d.%m.%Y}" if application.decided_on else "",
            ]
        )
    return rows


def applications_csv(rows: Iterable[list[str]]) -> bytes:
    return csv_bytes(HEADINGS, rows)
