"""The read-only OParl 1.1 API: the System object at /oparl/v1.1/, lists and objects below it, file downloads.

What is public is decided in `selectors` (see its docstring); the JSON is built in `serializers`. Here: HTTP.

- Every answer carries `Access-Control-Allow-Origin: *`; only GET and HEAD are answered (OPTIONS for preflight).
- Errors are OParl error objects `{"type": ".../Error", "message": <German>, "debug": <English>}` with the
  matching status: 400 for a bad parameter, 404 for what does not exist or is not public, 405, 410 for the content
  of a deleted file.
- Lists: pages of `limit` objects (default and maximum 100) by `page`, stable by id; `links.first/prev/self/next/
  last` keep every parameter the client gave. Filters `created_since`, `created_until`, `modified_since`,
  `modified_until` take ISO 8601 date-times with offset; deleted objects appear only with `modified_since`.
- Offset pagination (page numbers) rather than keyset: the spec's `currentPage`, `totalPages` and `last` need
  page numbers, and the order by id keeps a walk stable; an object created during a walk lands on the last page.
- A page (at most 100 objects, fetched with a fixed number of queries) is serialised whole with orjson rather
  than streamed: it is small, and a streaming response has no `content` for middleware and the tenant crawler.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import orjson
from django.conf import settings
from django.db import connections, router
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from querschnitt.committees.models import Paper
from querschnitt.tenancy.models import Body

from . import postgres_papers, selectors, serializers
from .serializers import SCHEMA, Context

JSON = "application/json"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
PAGE_SIZE = 100
DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")

NOT_FOUND = _("The requested object does not exist or is not public.")
PAGE_NOT_FOUND = _("This page of the list does not exist.")
BAD_DATE = _("The parameter “%(name)s” needs a date and time with time zone, for example 2026-01-01T00:00:00+01:00.")
BAD_NUMBER = _("The parameter “%(name)s” needs a whole number from 1.")
BAD_FLAG = _("The parameter “%(name)s” takes “true” or “false”.")
METHOD_NOT_ALLOWED = _("This interface can only be read (GET).")
FILE_GONE = _("The file has been deleted.")
FILE_MISSING = _("The file cannot be found on the server.")


class OParlError(Exception):
    """Answered as an OParl error object; `message` is shown to users (German), `debug` is for developers."""

    def __init__(self, status: int, message: Any, debug: str = "", **placeholders: Any) -> None:
        super().__init__(debug)
        self.status, self.message, self.debug, self.placeholders = status, message, debug, placeholders


def error_response(status: int, message: Any, debug: str = "", **placeholders: Any) -> HttpResponse:
    # The message is in the language of the data (German), whatever the visitor chose for the pages.
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) % placeholders if placeholders else str(message)
    payload = {"type": SCHEMA + "Error", "message": text, "debug": debug}
    return HttpResponse(orjson.dumps(payload), status=status, content_type=JSON)


def json_response(payload: Any) -> HttpResponse:
    return HttpResponse(orjson.dumps(payload), content_type=JSON)


def endpoint(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET/HEAD only, OParl error objects instead of exceptions, the CORS header on every answer. CSRF does not
    apply: nothing here changes data, and a POST must get the same JSON 405 as any other method."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Allow"] = ALLOWED_METHODS
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, METHOD_NOT_ALLOWED, f"method {request.method} not allowed")
            response["Allow"] = ALLOWED_METHODS
        else:
            try:
                response = view(request, *args, **kwargs)
            except OParlError as error:
                response = error_response(error.status, error.message, error.debug, **error.placeholders)
            except Http404:
                response = error_response(404, NOT_FOUND, "no such object")
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# --- parameters --------------------------------------------------------------------------------------------

_UNENCODED_PLUS = re.compile(r" (\d{2}(?::?\d{2})?)$")


def parse_datetime(name: str, raw: str) -> dt.datetime:
    """An ISO 8601 date-time with offset. A "+" the client did not URL-encode arrives as a space; it is read
    as the "+" it was meant to be rather than refused."""
    value = _UNENCODED_PLUS.sub(r"+\1", raw.strip())
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise OParlError(400, BAD_DATE, f"{name}={raw[:60]!r} is not an ISO 8601 date-time", name=name) from None
    if "T" not in value.upper() or parsed.tzinfo is None:
        raise OParlError(400, BAD_DATE, f"{name}={raw[:60]!r} lacks a time or a UTC offset", name=name)
    return parsed


def _positive(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise OParlError(400, BAD_NUMBER, f"{name}={raw[:60]!r} is not a positive integer", name=name)
    return int(raw)


def _omit_internal(request: HttpRequest) -> bool:
    raw = request.GET.get("omit_internal", "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise OParlError(400, BAD_FLAG, f"omit_internal={raw[:60]!r} is not a boolean", name="omit_internal")


@dataclass(frozen=True)
class ListParameters:
    dates: dict[str, dt.datetime]
    page: int
    limit: int
    omit_internal: bool

    @classmethod
    def parse(cls, request: HttpRequest) -> ListParameters:
        dates = {name: parse_datetime(name, request.GET[name]) for name in DATE_FILTERS if request.GET.get(name)}
        limit = min(_positive("limit", request.GET.get("limit"), PAGE_SIZE), PAGE_SIZE)
        return cls(dates, _positive("page", request.GET.get("page"), 1), limit, _omit_internal(request))

    def filter(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        lookups = {
            "created_since": "created__gte",
            "created_until": "created__lte",
            "modified_since": "oparl_modified__gte",
            "modified_until": "oparl_modified__lte",
        }
        queryset = queryset.filter(**{lookups[name]: value for name, value in self.dates.items()})
        # OParl 1.1: deleted objects only for clients that update (modified_since), never otherwise.
        return queryset if "modified_since" in self.dates else selectors.alive(queryset)

    @property
    def start(self) -> int:
        return (self.page - 1) * self.limit

    def query(self, page: int) -> str:
        """The query string of a link to `page`, keeping the client's filters (normalised) and flags."""
        params: dict[str, Any] = {name: value.isoformat() for name, value in self.dates.items()}
        if self.limit != PAGE_SIZE:
            params["limit"] = self.limit
        if self.omit_internal:
            params["omit_internal"] = "true"
        if page > 1:
            params["page"] = page
        return f"?{urlencode(params)}" if params else ""


def _page(
    request: HttpRequest, queryset: QuerySet[Any], serialise: Callable[[Iterable[Any], Context], list[dict]]
) -> HttpResponse:
    """One page of an external object list (OParl 1.1 "Paginierung")."""
    params = ListParameters.parse(request)
    ctx = Context(request, omit_internal=params.omit_internal)
    queryset = params.filter(queryset)
    total = queryset.count()
    _check_page(params, total)
    data = serialise(queryset[params.start : params.start + params.limit], ctx)
    return _page_response(request, params, total, data)


def _check_page(params: ListParameters, total: int) -> None:
    total_pages = max(1, math.ceil(total / params.limit))
    if params.page > total_pages:
        raise OParlError(404, PAGE_NOT_FOUND, f"page {params.page} of {total_pages}")


def _page_response(
    request: HttpRequest, params: ListParameters, total: int, data: list[dict] | orjson.Fragment
) -> HttpResponse:
    total_pages = max(1, math.ceil(total / params.limit))
    base = request.build_absolute_uri(request.path)
    links = {"first": base + params.query(1)}
    if params.page > 1:
        links["prev"] = base + params.query(params.page - 1)
    links["self"] = base + params.query(params.page)
    if params.page < total_pages:
        links["next"] = base + params.query(params.page + 1)
    links["last"] = base + params.query(total_pages)
    pagination = {
        "totalElements": total,
        "elementsPerPage": params.limit,
        "currentPage": params.page,
        "totalPages": total_pages,
    }
    return json_response({"data": data, "pagination": pagination, "links": links})


def _object(request: HttpRequest, route: str, queryset: QuerySet[Any], pk: int) -> HttpResponse:
    type_name, serialise = serializers.SERIALISERS[route]
    found = serialise(queryset.filter(pk=pk), Context(request, omit_internal=_omit_internal(request)))
    if not found:
        raise OParlError(404, NOT_FOUND, f"no public {type_name} {pk}")
    return json_response(found[0])


def _body(slug: str) -> Any:
    body = selectors.published_body(slug)
    if body is None:
        raise OParlError(404, NOT_FOUND, f"no published body {slug!r}")
    return body


# --- System and Body ---------------------------------------------------------------------------------------


@endpoint
def system(request: HttpRequest) -> HttpResponse:
    ctx = Context(request)
    return json_response(
        serializers.system(
            ctx,
            created=selectors.system_created(),
            contact_email=getattr(settings, "QUERSCHNITT_OPARL_CONTACT_EMAIL", ""),
            contact_name=getattr(settings, "QUERSCHNITT_OPARL_CONTACT_NAME", ""),
        )
    )


@endpoint
def body_list(request: HttpRequest) -> HttpResponse:
    return _page(request, selectors.published_bodies(), serializers.bodies)


@endpoint
def body_detail(request: HttpRequest, body: str) -> HttpResponse:
    found = selectors.published_bodies().filter(slug=body).first()
    if found is None:
        raise OParlError(404, NOT_FOUND, f"no published body {body!r}")
    return json_response(serializers.bodies([found], Context(request))[0])


def _body_list_view(route: str, queryset: Callable[[Body], QuerySet[Any]]) -> Callable[..., HttpResponseBase]:
    _type_name, serialise = serializers.SERIALISERS[route]

    @endpoint
    def view(request: HttpRequest, body: str) -> HttpResponse:
        return _page(request, queryset(_body(body)), serialise)

    view.__name__ = view.__qualname__ = f"body_{route}_list"
    return view


def _object_view(route: str, queryset: Callable[[], QuerySet[Any]]) -> Callable[..., HttpResponseBase]:
    @endpoint
    def view(request: HttpRequest, **kwargs: int) -> HttpResponse:
        return _object(request, route, queryset(), kwargs[route])

    view.__name__ = view.__qualname__ = f"{route}_detail"
    return view


body_organizations = _body_list_view("organization", selectors.organizations)
body_persons = _body_list_view("person", selectors.persons)
body_memberships = _body_list_view("membership", selectors.memberships)
body_meetings = _body_list_view("meeting", selectors.meetings)
body_agenda_items = _body_list_view("agendaitem", selectors.agenda_items)


@endpoint
def body_papers(request: HttpRequest, body: str) -> HttpResponse:
    """On PostgreSQL one prepared statement counts the papers and writes the page (`postgres_papers`)."""
    if connections[router.db_for_read(Paper)].vendor != "postgresql":
        return _page(request, selectors.papers(_body(body)), serializers.papers)
    params = ListParameters.parse(request)
    ctx = Context(request, omit_internal=params.omit_internal)
    found = postgres_papers.page(body, params.dates, offset=params.start, limit=params.limit, ctx=ctx)
    if found is None:
        raise OParlError(404, NOT_FOUND, f"no published body {body!r}")
    total, data = found
    _check_page(params, total)
    return _page_response(request, params, total, data)


body_consultations = _body_list_view("consultation", selectors.consultations)
body_files = _body_list_view("file", selectors.files)
body_locations = _body_list_view("location", selectors.locations)
body_legislative_terms = _body_list_view("legislativeterm", selectors.legislative_terms)

organization = _object_view("organization", selectors.organizations)
person = _object_view("person", selectors.persons)
membership = _object_view("membership", selectors.memberships)
meeting = _object_view("meeting", selectors.meetings)
agenda_item = _object_view("agendaitem", selectors.agenda_items)
paper = _object_view("paper", selectors.papers)
consultation = _object_view("consultation", selectors.consultations)
file = _object_view("file", selectors.files)
location = _object_view("location", selectors.locations)
legislative_term = _object_view("legislativeterm", selectors.legislative_terms)


def _organization(pk: int) -> Any:
    found = selectors.organizations().filter(pk=pk, deleted=False).first()
    if found is None:
        raise OParlError(404, NOT_FOUND, f"no public Organization {pk}")
    return found


@endpoint
def organization_meetings(request: HttpRequest, organization: int) -> HttpResponse:
    queryset = selectors.organization_meetings(_organization(organization))
    return _page(request, queryset, serializers.meetings)


@endpoint
def organization_consultations(request: HttpRequest, organization: int) -> HttpResponse:
    queryset = selectors.organization_consultations(_organization(organization))
    return _page(request, queryset, serializers.consultations)


# --- files -------------------------------------------------------------------------------------------------


def _serve_file(request: HttpRequest, pk: int, *, download: bool) -> HttpResponseBase:
    """The content of a public file. ETag is the SHA-512 checksum, so `If-None-Match` answers 304 without
    reading the file. `Content-Security-Policy: sandbox` keeps an uploaded HTML or SVG file from running
    scripts in our origin."""
    found = selectors.files().filter(pk=pk).first()
    if found is None:
        raise OParlError(404, NOT_FOUND, f"no public File {pk}")
    if found.deleted:
        raise OParlError(410, FILE_GONE, f"File {pk} is deleted")
    etag = f'"{found.sha512_checksum}"' if found.sha512_checksum else None
    last_modified = int(found.modified.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        try:
            handle = found.file.open("rb")
        except (FileNotFoundError, ValueError, OSError):
            raise OParlError(404, FILE_MISSING, f"content of File {pk} is missing") from None
        response: HttpResponseBase = FileResponse(
            handle, content_type=found.mime_type, as_attachment=download, filename=found.file_name
        )
    else:
        response = not_modified
    if etag:
        response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Content-Security-Policy"] = "sandbox"
    return response


@endpoint
def file_access(request: HttpRequest, file: int) -> HttpResponseBase:
    return _serve_file(request, file, download=False)


@endpoint
def file_download(request: HttpRequest, file: int) -> HttpResponseBase:
    return _serve_file(request, file, download=True)


@endpoint
def index(request: HttpRequest) -> HttpResponse:
    """/oparl/ leads to the entry point of the one version served."""
    return HttpResponseRedirect(reverse("oparl:system"))


@endpoint
def not_found(request: HttpRequest) -> HttpResponse:
    raise OParlError(404, NOT_FOUND, f"no OParl resource at {request.path}")
