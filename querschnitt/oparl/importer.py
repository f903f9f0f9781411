"""Reading another OParl 1.0/1.1 system, follow-your-nose: the HTTP fetch, the client that walks lists page by page,
the run log, and the pure functions that read OParl values into our field values. Writing is `services.py`.

Tolerance (every case ends in a log line of the run, none ends the run):
- HTTP errors, timeouts and refused connections: retried (`RETRY_DELAYS`) when it may help (timeouts, 5xx, 429),
  then logged; the list that could not be read to its end makes the run incomplete (see `OParlClient.incomplete`).
- Invalid JSON, an answer that is no list or object, a list entry that is no object: logged and skipped.
- OParl 1.0 and vendor quirks: a list served as a plain JSON array (no pagination), list entries given as URLs
  instead of embedded objects (fetched one by one), `next` at the top level instead of in `links`, a relative
  `next`, a `next` link that dropped `modified_since` (added again), dates without a UTC offset (read as local time
  of `TIME_ZONE`), a date where a date-time belongs and the reverse, missing `created`/`modified`. These are
  counted and written as one line per kind at the end of the run (`RunLog.quirk`), not one per object.

The fetch is a plain callable `fetch(url) -> bytes` that raises `FetchError`; tests pass recorded answers instead of
`http_fetch`, so no test touches the network.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from querschnitt.committees.models import (
    ConsultationRole,
    MeetingState,
    MembershipGroup,
    MembershipRole,
    OrganizationKind,
    PaperType,
)

logger = logging.getLogger("querschnitt.oparl.import")

Fetch = Callable[[str], bytes]

USER_AGENT = "Querschnitt-OParl-Import/1.0"
TIMEOUT_SECONDS = 30
MAX_BYTES = 20 * 1024 * 1024
# Waits before the second and third attempt of a request that may succeed when repeated.
RETRY_DELAYS: tuple[float, ...] = (2.0, 5.0)
MAX_REQUESTS = 50_000
MAX_PAGES = 5_000


# --- fetching ----------------------------------------------------------------------------------------------


class FetchError(Exception):
    """A request that gave no usable answer. `message` is an English msgid (translated when the log is shown)
    with `params`; `retryable` says whether repeating the request may help."""

    def __init__(self, message: str, *, retryable: bool = False, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
        self.retryable = retryable


MSG_TIMEOUT = gettext_noop("No answer within %(seconds)s seconds.")
MSG_HTTP = gettext_noop("The server answered with HTTP status %(status)s.")
MSG_CONNECTION = gettext_noop("No connection to the server (%(detail)s).")
MSG_NOT_ALLOWED = gettext_noop("This address is not read: only public http and https addresses are allowed.")
MSG_TOO_LARGE = gettext_noop("The answer is larger than 20 MB and was not read.")


def _check_address(url: str) -> None:
    """Only http(s) to public addresses: the URL comes from a form and from another server, and must not make our
    server read its own network (SSRF). Private addresses can be allowed for development with the setting
    `QUERSCHNITT_OPARL_IMPORT_ALLOW_PRIVATE`. (A host that resolves differently between this check and the
    request could still slip through; the check is a fence, not a firewall.)"""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(MSG_NOT_ALLOWED)
    if getattr(settings, "QUERSCHNITT_OPARL_IMPORT_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(MSG_CONNECTION, retryable=True, detail=str(error)[:200]) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global:
            raise FetchError(MSG_NOT_ALLOWED)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def http_fetch(url: str) -> bytes:
    """GET `url` as JSON over the network (urllib): public http(s) only, redirects checked the same way, at most
    `MAX_BYTES`, `TIMEOUT_SECONDS` per request."""
    _check_address(url)
    opener = urllib.request.build_opener(_CheckedRedirects())
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})  # noqa: S310
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(MSG_HTTP, retryable=error.code >= 500 or error.code == 429, status=error.code) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(MSG_TIMEOUT, retryable=True, seconds=TIMEOUT_SECONDS) from None
        raise FetchError(MSG_CONNECTION, retryable=True, detail=str(error.reason)[:200]) from None
    except TimeoutError:
        raise FetchError(MSG_TIMEOUT, retryable=True, seconds=TIMEOUT_SECONDS) from None
    except OSError as error:
        raise FetchError(MSG_CONNECTION, retryable=True, detail=str(error)[:200]) from None
    if len(data) > MAX_BYTES:
        raise FetchError(MSG_TOO_LARGE)
    return data


# --- the run log -------------------------------------------------------------------------------------------

# One line per kind of quirk at the end of a run, with the number of cases and the first URL.
QUIRKS: dict[str, tuple[str, str]] = {
    "plain_array": (
        "warning",
        gettext_noop("List pages served as a plain JSON array without pagination (OParl 1.0): %(count)s."),
    ),
    "url_items": (
        "info",
        gettext_noop("List entries given as addresses instead of objects, read one by one: %(count)s."),
    ),
    "top_level_next": ("warning", gettext_noop("List pages with “next” outside “links” (OParl 1.0): %(count)s.")),
    "next_without_filter": (
        "warning",
        gettext_noop("Links to the next page that had lost the filter “modified_since” (added again): %(count)s."),
    ),
    "no_offset": ("warning", gettext_noop("Times without time zone offset, read as German local time: %(count)s.")),
    "date_only": ("warning", gettext_noop("Times given as a date only, read as midnight: %(count)s.")),
    "date_with_time": ("info", gettext_noop("Dates given with a time, only the day kept: %(count)s.")),
    "bad_optional_value": (
        "warning",
        gettext_noop("Optional values that could not be read and were left out: %(count)s."),
    ),
    "missing_modified": ("info", gettext_noop("Objects without a “modified” date: %(count)s.")),
    "truncated": ("warning", gettext_noop("Texts longer than our fields, shortened: %(count)s.")),
    "retried": ("warning", gettext_noop("Requests repeated after a timeout or server error: %(count)s.")),
    "non_public_items": ("info", gettext_noop("Non-public agenda items, not imported: %(count)s.")),
    "no_given_name": ("info", gettext_noop("Persons without a given name in the source: %(count)s.")),
    "end_before_start": ("warning", gettext_noop("Meetings that end before they start, end left out: %(count)s.")),
    "reference_taken": (
        "info",
        gettext_noop(
            "Imported papers with a number that one of our papers already has (kept only with the paper's origin): "
            "%(count)s."
        ),
    ),
}


class RunLog:
    """The log of one run: entries with a level, an English msgid and its parameters (see `ImportRun.log`)."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._quirks: dict[str, list[Any]] = {}

    def add(self, level: str, message: str, url: str = "", **params: Any) -> None:
        self.entries.append({"level": level, "message": message, "params": params, "url": url})
        text = message % params if params else message
        logger.log(
            logging.ERROR if level == "error" else logging.WARNING if level == "warning" else logging.INFO,
            "%s %s",
            text,
            url,
        )

    def info(self, message: str, url: str = "", **params: Any) -> None:
        self.add("info", message, url, **params)

    def warning(self, message: str, url: str = "", **params: Any) -> None:
        self.add("warning", message, url, **params)

    def error(self, message: str, url: str = "", **params: Any) -> None:
        self.add("error", message, url, **params)

    def quirk(self, code: str, url: str = "") -> None:
        found = self._quirks.setdefault(code, [0, url])
        found[0] += 1
        if not found[1]:
            found[1] = url

    def quirk_count(self, code: str) -> int:
        return int(self._quirks.get(code, [0])[0])

    def finish(self) -> None:
        """Write the collected quirks as one line each."""
        for code, (count, url) in self._quirks.items():
            level, message = QUIRKS[code]
            self.add(level, message, url, count=count)
        self._quirks = {}

    @property
    def errors(self) -> int:
        return sum(1 for entry in self.entries if entry["level"] == "error")


# --- the client --------------------------------------------------------------------------------------------

MSG_INVALID_JSON = gettext_noop("The answer is not valid JSON and was skipped.")
MSG_TOO_MANY_REQUESTS = gettext_noop("The import stopped reading after %(count)s requests.")
MSG_NOT_A_LIST = gettext_noop("The answer is not an OParl list; the list was not read.")
MSG_PAGE_REPEATS = gettext_noop("The list leads back to a page it already gave; it was read only once.")
MSG_TOO_MANY_PAGES = gettext_noop("The list has more than %(count)s pages; the rest was not read.")
MSG_ENTRY_NOT_OBJECT = gettext_noop("A list entry is not an OParl object and was skipped.")


def with_parameter(url: str, name: str, value: str) -> str:
    """`url` with the query parameter `name` set to `value` (other parameters kept)."""
    parts = urllib.parse.urlsplit(url)
    query = [(key, val) for key, val in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if key != name]
    query.append((name, value))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


class OParlClient:
    """Reads JSON by URL with limited retries, and walks lists page by page. Never raises for what the other
    system does; every problem is a log line. `incomplete` is set when a list or a listed object could not be
    read, so that the next run must not rely on this one (`modified_since`)."""

    def __init__(self, fetch: Fetch, log: RunLog, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.fetch = fetch
        self.log = log
        self.sleep = sleep
        self.requests = 0
        self.requested: list[str] = []
        self.incomplete = False
        self._stopped = False

    def get(self, url: str) -> Any | None:
        """The JSON at `url`, or None (logged)."""
        attempts = len(RETRY_DELAYS) + 1
        for attempt in range(attempts):
            if self.requests >= MAX_REQUESTS:
                if not self._stopped:
                    self.log.error(MSG_TOO_MANY_REQUESTS, url, count=MAX_REQUESTS)
                    self._stopped = True
                self.incomplete = True
                return None
            self.requests += 1
            self.requested.append(url)
            try:
                raw = self.fetch(url)
            except FetchError as error:
                if error.retryable and attempt < attempts - 1:
                    self.log.quirk("retried", url)
                    self.sleep(RETRY_DELAYS[attempt])
                    continue
                self.log.error(error.message, url, **error.params)
                return None
            try:
                return json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
            except (UnicodeDecodeError, ValueError):
                self.log.error(MSG_INVALID_JSON, url)
                return None
        return None  # pragma: no cover (the loop always returns)

    def walk(self, url: str, *, since: str | None = None) -> Iterator[dict[str, Any]]:
        """Every object of the list at `url`, following `next` to the end; with `since`, asking for what changed
        since then (`modified_since`, which also brings deleted objects)."""
        page_url: str | None = with_parameter(url, "modified_since", since) if since else url
        seen: set[str] = set()
        while page_url:
            if page_url in seen:
                self.log.warning(MSG_PAGE_REPEATS, page_url)
                return
            if len(seen) >= MAX_PAGES:
                self.log.error(MSG_TOO_MANY_PAGES, url, count=MAX_PAGES)
                self.incomplete = True
                return
            seen.add(page_url)
            payload = self.get(page_url)
            next_url: Any = None
            if payload is None:
                self.incomplete = True
                return
            if isinstance(payload, list):
                self.log.quirk("plain_array", page_url)
                items = payload
            elif isinstance(payload, dict) and isinstance(payload.get("data"), list):
                items = payload["data"]
                links = payload.get("links")
                next_url = links.get("next") if isinstance(links, dict) else None
                if not next_url and isinstance(payload.get("next"), str):
                    self.log.quirk("top_level_next", page_url)
                    next_url = payload["next"]
            else:
                self.log.error(MSG_NOT_A_LIST, page_url)
                self.incomplete = True
                return
            for item in items:
                obj = item
                if isinstance(item, str):
                    self.log.quirk("url_items", item)
                    obj = self.get(item)
                    if obj is None:
                        self.incomplete = True
                        continue
                if not isinstance(obj, dict):
                    self.log.error(MSG_ENTRY_NOT_OBJECT, page_url)
                    continue
                yield obj
            if isinstance(next_url, str) and next_url:
                next_url = urllib.parse.urljoin(page_url, next_url)
                if since and "modified_since" not in urllib.parse.parse_qs(urllib.parse.urlsplit(next_url).query):
                    self.log.quirk("next_without_filter", next_url)
                    next_url = with_parameter(next_url, "modified_since", since)
                page_url = next_url
            else:
                page_url = None


# --- reading values ----------------------------------------------------------------------------------------


def type_name(obj: dict[str, Any]) -> str:
    """ "https://schema.oparl.org/1.1/Meeting" → "Meeting" (also for 1.0 and unversioned type URLs)."""
    value = obj.get("type")
    return value.rstrip("/").rsplit("/", 1)[-1] if isinstance(value, str) else ""


def object_id(value: Any) -> str:
    """The id of a reference: a URL string, or an embedded object's `id`; "" for anything else."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"].strip()
    return ""


def references(value: Any) -> list[str]:
    """The ids in a reference list (OParl 1.1 allows a single value where a list belongs in some vendors)."""
    items = value if isinstance(value, list) else [value] if value else []
    return [found for found in (object_id(item) for item in items) if found]


def parse_datetime(value: Any, log: RunLog, url: str = "") -> dt.datetime:
    """An OParl date-time as an aware datetime. Without an offset it is read in `TIME_ZONE` (quirk); a bare date
    is midnight local time (quirk). Raises ValueError for anything else."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(value)
    text = value.strip()
    parsed = dt.datetime.fromisoformat(text)
    if len(text) == 10:
        log.quirk("date_only", url)
    if parsed.tzinfo is None:
        if len(text) > 10:
            log.quirk("no_offset", url)
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def parse_date(value: Any, log: RunLog, url: str = "") -> dt.date | None:
    """An OParl date; None when absent or unreadable (quirk). A date-time keeps its local day (quirk)."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            log.quirk("date_with_time", url)
            parsed = dt.datetime.fromisoformat(text)
            return timezone.localtime(parsed).date() if parsed.tzinfo else parsed.date()
        except ValueError:
            pass
    log.quirk("bad_optional_value", url)
    return None


def optional_datetime(value: Any, log: RunLog, url: str = "") -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        return parse_datetime(value, log, url)
    except ValueError:
        log.quirk("bad_optional_value", url)
        return None


def text(value: Any, max_length: int, log: RunLog, url: str = "") -> str:
    """A string value, stripped, shortened to `max_length` (quirk). Lists (e.g. `title`) are joined by spaces."""
    if isinstance(value, list):
        value = " ".join(str(part).strip() for part in value if isinstance(part, str | int) and str(part).strip())
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    result = " ".join(str(value).split())
    if len(result) > max_length:
        log.quirk("truncated", url)
        result = result[: max_length - 1].rstrip() + "…"
    return result


def flag(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "ja", "false", "0", "nein"):
        return value.strip().lower() in ("true", "1", "ja")
    return default


# --- mapping OParl's free texts onto our choices -------------------------------------------------------------

_COUNCIL_NAMES = re.compile(r"^(rat\b|stadtrat|gemeinderat|kreistag|städteregionstag|regionalrat|landtag)", re.I)


def organization_kind(name: str, classification: str, organization_type: str) -> str:
    """Our kind of an imported organization. Never one of the integration kinds: those mark the committee this
    platform runs itself, and an imported copy of it must not be taken for it."""
    words = f"{classification} {organization_type}".lower()
    lowered = name.lower()
    if "parlament" in words or classification.strip().lower() in ("rat", "kreistag") or _COUNCIL_NAMES.match(name):
        return OrganizationKind.COUNCIL
    if "fraktion" in words or lowered.startswith("fraktion") or "gruppe im rat" in lowered:
        return OrganizationKind.PARLIAMENTARY_GROUP
    if any(word in words for word in ("arbeitskreis", "arbeitsgruppe")) or classification.strip() in ("AG", "AK"):
        return OrganizationKind.WORKING_GROUP
    committee_words = ("ausschuss", "beirat", "bezirksvertretung", "kommission", "gremium", "integrationsrat")
    if any(word in words or word in lowered for word in committee_words):
        return OrganizationKind.SPECIALIST_COMMITTEE
    return OrganizationKind.OTHER


_TITLES = re.compile(r"^(prof\.|dr\.|dipl\.-\w+\.?|mag\.|ing\.)$", re.I)


def name_parts(obj: dict[str, Any], log: RunLog, url: str = "") -> tuple[str, str, str, str]:
    """(family name, given name, title, form of address) of an OParl Person. Without `familyName` the parts are
    taken from `name`: leading academic titles, then the given names, the last word as family name."""
    family = text(obj.get("familyName"), 150, log, url)
    given = text(obj.get("givenName"), 150, log, url)
    title = text(obj.get("title"), 50, log, url)
    form = text(obj.get("formOfAddress"), 50, log, url)
    if not family:
        words = text(obj.get("name"), 300, log, url).split()
        titles = []
        while len(words) > 1 and _TITLES.match(words[0]):
            titles.append(words.pop(0))
        if words:
            family = words[-1][:150]
            given = given or " ".join(words[:-1])[:150]
        title = title or " ".join(titles)[:50]
    return family, given, title, form


def membership_group_and_role(role_text: str, organization_kind_value: str) -> tuple[str, str]:
    """Our (group, role) of an imported membership from OParl's free `role` ("Vorsitzende", "Sachkundige
    Bürgerin", "Stellv. Mitglied" …). When the text names none of our groups, a member of the council, a
    parliamentary group or a committee counts as council member, of anything else as guest."""
    lowered = role_text.lower()
    if "sachkundig" in lowered:
        group = MembershipGroup.EXPERT_RESIDENT
    elif "beratend" in lowered:
        group = MembershipGroup.ADVISORY
    elif "verwaltung" in lowered:
        group = MembershipGroup.ADMINISTRATION
    elif any(word in lowered for word in ("ratsmitglied", "ratsfrau", "ratsherr")) or organization_kind_value in (
        OrganizationKind.COUNCIL,
        OrganizationKind.PARLIAMENTARY_GROUP,
        OrganizationKind.SPECIALIST_COMMITTEE,
    ):
        group = MembershipGroup.COUNCIL_MEMBER
    else:
        group = MembershipGroup.GUEST
    if "vorsitz" in lowered and ("stellv" in lowered or "vertret" in lowered):
        role = MembershipRole.DEPUTY_CHAIR
    elif "vorsitz" in lowered:
        role = MembershipRole.CHAIR
    elif "stellv" in lowered or "vertret" in lowered:
        role = MembershipRole.DEPUTY
    elif "schriftf" in lowered:
        role = MembershipRole.MINUTE_TAKER
    else:
        role = MembershipRole.MEMBER
    return group, role


def meeting_state(value: str) -> str:
    lowered = value.lower()
    if "durchgef" in lowered or "abgeschlossen" in lowered or "beendet" in lowered:
        return MeetingState.HELD
    if "eingeladen" in lowered or "einladung" in lowered:
        return MeetingState.INVITED
    return MeetingState.PLANNED


# Checked in order: the first key found in the type text wins ("Beantwortung einer Anfrage" is a question).
_PAPER_TYPES = (
    ("anfrage", PaperType.QUESTION),
    ("beschlussvorlage", PaperType.DRAFT_RESOLUTION),
    ("antrag", PaperType.MOTION),
    ("anregung", PaperType.SUGGESTION),
    ("stellungnahme", PaperType.STATEMENT),
    ("empfehlung", PaperType.RECOMMENDATION),
    ("mitteilung", PaperType.NOTICE),
    ("information", PaperType.NOTICE),
    ("bericht", PaperType.NOTICE),
    ("vorlage", PaperType.DRAFT_RESOLUTION),
)
DEFAULT_PAPER_TYPE = PaperType.DRAFT_RESOLUTION


def paper_type(value: str) -> str:
    """Our paper type for OParl's free `paperType`; a council system's papers are mostly Vorlagen, so an unknown
    type is a draft resolution (the original text is kept in `ImportedPaper.paper_type`)."""
    lowered = value.lower()
    for key, choice in _PAPER_TYPES:
        if key in lowered:
            return choice
    return DEFAULT_PAPER_TYPE


def consultation_role(value: str, authoritative: bool) -> str:
    lowered = value.lower()
    if "anhör" in lowered or "anhoer" in lowered:
        return ConsultationRole.HEARING
    if "kenntnis" in lowered:
        return ConsultationRole.NOTE
    if any(word in lowered for word in ("entscheid", "beschluss", "beschließ")) or (authoritative and not lowered):
        return ConsultationRole.DECISION
    if authoritative and "vorberat" not in lowered:
        return ConsultationRole.DECISION
    return ConsultationRole.PRELIMINARY


FILE_KEYS = ("mainFile", "auxiliaryFile", "invitation", "resultsProtocol", "verbatimProtocol", "resolutionFile")


def file_ids(obj: dict[str, Any]) -> set[str]:
    """The files an object refers to (embedded or by URL): they are counted, never downloaded."""
    found: set[str] = set()
    for key in FILE_KEYS:
        found.update(references(obj.get(key)))
    return found
