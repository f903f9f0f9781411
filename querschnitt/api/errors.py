"""Every error of the API as JSON with a message in the caller's language (German by default).

- 400 `{"detail", "field"}`: a service refused the write (`ApplicationError`); nothing has changed.
- 401: no valid token (or session).
- 403: the caller may read but not change this body's data.
- 404: there is no such object in this body, or the caller does not work in the body.
- 409: the database refused the write (e.g. two requests at once); nothing has changed.
- 422 `{"detail", "errors": [{"loc", "field", "index", "message", "type"}]}`: the input does not fit the schema.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from querschnitt.core.exceptions import ApplicationError

logger = logging.getLogger("django.request")

# Service field names (model fields) → the names the API uses for them.
API_FIELD_NAMES = {
    "field": "field_id",
    "parent": "parent_id",
    "guiding_goal": "guiding_goal_id",
    "guiding_goals": "guiding_goal_ids",
    "annual_goals": "annual_goal_ids",
    "catalogue_entry": "catalogue_code",
    "indicator": "indicator_id",
    "concept": "concept_id",
}


class Forbidden(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(403, message)


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" → "a, b, c"."""
    return ", ".join(part.strip().strip("'\"") for part in re.split(r",| or ", expected) if part.strip())


def german_message(error: dict[str, Any]) -> str:
    """A message for one pydantic error, in the active language. Unknown kinds get a general message."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        # Raised by our own validators with a translated message; pydantic puts "Value error, " before it.
        return str(ctx.get("error", "")).removeprefix("Value error, ") or _("The value is not valid.")
    if kind == "duplicate":
        return _("This period, area and breakdown already occur in item %(first)s.") % {"first": ctx.get("first")}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not known. Please check its name.")
    if kind == "string_type":
        return _("Please enter a text.")
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("This field must not be empty.")
        return _("Please enter at least %(count)s characters.") % {"count": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("Please enter at most %(count)s characters.") % {"count": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        return _("The value has the wrong form.")
    if kind in {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}:
        return _("Please enter a whole number.")
    if kind in {"decimal_type", "decimal_parsing", "float_type", "float_parsing", "finite_number"}:
        return _("Please enter a number (with a point as the decimal separator).")
    if kind == "decimal_max_digits":
        return _("Please enter a number with at most %(count)s digits.") % {"count": ctx.get("max_digits")}
    if kind == "decimal_max_places":
        return _("Please enter a number with at most %(count)s decimal places.") % {"count": ctx.get("decimal_places")}
    if kind == "decimal_whole_digits":
        return _("Please enter a number with at most %(count)s digits before the decimal point.") % {
            "count": ctx.get("whole_digits")
        }
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt"))
        if kind == "greater_than":
            return _("Please enter a value greater than %(limit)s.") % {"limit": limit}
        return _("Please enter a value of at least %(limit)s.") % {"limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        if kind == "less_than":
            return _("Please enter a value less than %(limit)s.") % {"limit": limit}
        return _("Please enter a value of at most %(limit)s.") % {"limit": limit}
    if kind.startswith("date") and not kind.startswith("datetime"):
        return _("Please enter a date in the form YYYY-MM-DD.")
    if kind.startswith("datetime"):
        return _("Please enter a date and time in ISO 8601 form, e.g. 2026-03-31T12:00:00+02:00.")
    if kind in {"bool_type", "bool_parsing"}:
        return _("Please enter true or false.")
    if kind in {"enum", "literal_error"}:
        return _("Please choose one of these values: %(choices)s.") % {"choices": _choices(str(ctx.get("expected")))}
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Please send a list.")
    if kind in {"dict_type", "model_type", "model_attributes_type", "dataclass_type"}:
        return _("Please send an object.")
    if kind == "too_short":
        minimum = ctx.get("min_length")
        return ngettext(
            "Please send at least %(count)s entry.", "Please send at least %(count)s entries.", minimum or 0
        ) % {"count": minimum}
    if kind == "too_long":
        return _("Please send at most %(count)s entries.") % {"count": ctx.get("max_length")}
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("The value is not valid.")


def _error_item(error: dict[str, Any]) -> dict[str, Any]:
    loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
    # loc is (source, parameter name, ...): ("body", "payload", 3, "value") or ("query", "limit").
    inner = loc[2:] if loc[:1] == ["body"] else loc[1:]
    index = next((part for part in inner if isinstance(part, int)), None)
    names = [part for part in inner if isinstance(part, str)]
    if loc[:1] != ["body"] and not names and len(loc) > 1:
        names = [str(loc[1])]
    return {
        "loc": loc,
        "field": names[-1] if names else None,
        "index": index,
        "message": german_message(error),
        "type": error.get("type", ""),
    }


def _summary(item: dict[str, Any]) -> str:
    values = {"index": item["index"], "field": item["field"], "message": item["message"]}
    if item["index"] is not None and item["field"]:
        return _("Item %(index)s (counting from 0), field “%(field)s”: %(message)s") % values
    if item["index"] is not None:
        return _("Item %(index)s (counting from 0): %(message)s") % values
    if item["field"]:
        return _("Field “%(field)s”: %(message)s") % values
    return item["message"]


def _json(api: NinjaAPI, request: HttpRequest, data: dict[str, Any], status: int) -> HttpResponse:
    return api.create_response(request, data, status=status)


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API (they replace django-ninja's English defaults)."""

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        field = API_FIELD_NAMES.get(exc.field, exc.field) if exc.field else None
        return _json(api, request, {"detail": str(exc.message), "field": field}, 400)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        items = [_error_item(error) for error in exc.errors]
        if len(items) == 1:
            detail = _summary(items[0])
        else:
            detail = _("The input is not valid in %(count)s places.") % {"count": len(items)}
        return _json(api, request, {"detail": detail, "errors": items}, 422)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _json(
            api,
            request,
            {"detail": _("Please authenticate with a valid API token (Authorization: Bearer …).")},
            401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="Querschnitt"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 403 and message.startswith("CSRF"):
            message = _("The security check of the form failed (CSRF). Please reload the page.")
        elif exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = _("The request body is not valid JSON.")
        elif exc.status_code == 429:
            message = _("Too many requests. Please wait a moment.")
        return _json(api, request, {"detail": message}, exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _json(api, request, {"detail": _("Not found.")}, 404)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _json(api, request, {"detail": _("You may not do this.")}, 403)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _json(
            api,
            request,
            {"detail": _("The request is too large. Please send the data in several smaller requests.")},
            413,
        )

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return _json(api, request, {"detail": _("The request could not be processed.")}, 400)

    @api.exception_handler(IntegrityError)
    def integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        logger.warning("API write refused by the database: %s", exc)
        return _json(
            api,
            request,
            {"detail": _("The data could not be saved because it conflicts with other data. Nothing was changed.")},
            409,
        )

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged like Django logs a 500 (so that error mails still go out); the caller gets JSON, not an HTML page.
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500, "request": request}
        )
        return _json(api, request, {"detail": _("A technical error occurred. Please try again later.")}, 500)
