"""What every router shares: the error responses for the OpenAPI schema, the pagination, override handling."""

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy import services as strategy_services

from ..schemas import ErrorOut, ValidationErrorOut

MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1  # more than any list holds; a larger number would overflow the database

# The `{body}` of every path: the body's short name (slug), as listed by GET /api/bodies.
BodySlug = Path[str, {"description": "Short name of the body (its slug), as listed by GET /api/bodies."}]

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


class Pagination(LimitOffsetPagination):
    """`?limit=50&offset=0`; at most 200 items a page. The answer has `items` and the total `count`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


OVERRIDE_FIELDS = ("progress_override", "progress_override_reason")


def pop_override(data: dict[str, Any]) -> dict[str, Any] | None:
    """Take the manual progress out of the input (it has its own service); None if it was not sent."""
    if not any(name in data for name in OVERRIDE_FIELDS):
        return None
    return {name: data.pop(name) for name in OVERRIDE_FIELDS if name in data}


def apply_override(request: HttpRequest, obj: models.Model, override: dict[str, Any] | None) -> None:
    if override is None:
        return
    status = override.get("progress_override", obj.progress_override)  # type: ignore[attr-defined]
    reason = override.get("progress_override_reason", obj.progress_override_reason)  # type: ignore[attr-defined]
    strategy_services.progress_override_set(actor=request.user, obj=obj, status=status or "", reason=reason or "")


ORDERED_PAIRS = {
    "period_start": ("period_end", _("The end of the period must not lie before its start.")),
    "year_start": ("year_end", _("The last year must not lie before the first.")),
    "start_date": ("end_date", _("The end must not lie before the start.")),
}


def check_ordered(obj: models.Model, changes: dict[str, Any]) -> None:
    """A PATCH that sends only one end of a range is checked against the other end as stored (the schema checks
    ranges sent whole), so that the caller gets a clear message at the field instead of a database rule's name."""
    for first, (last, message) in ORDERED_PAIRS.items():
        if first not in changes and last not in changes:
            continue
        start = changes.get(first, getattr(obj, first))
        end = changes.get(last, getattr(obj, last))
        if start is not None and end is not None and end < start:
            raise ApplicationError(str(message), field=last if last in changes else first)
