"""Rate limits for the endpoints anyone can reach: public forms, the dot vote, links with a secret token, the REST API
and OParl.

One table (`LIMITS`) names, per URL name, which limits apply; the numbers live in `settings.QUERSCHNITT_RATELIMITS`
(scope -> "count/period", None for no limit) so that an operator, the tests and the benchmark can change them.
Counting uses django-ratelimit's fixed windows in the default cache. With several application servers that cache
must be shared (Redis), otherwise each server counts on its own.

Sign-in, failed sign-ins, the second factor and the password reset are limited by django-allauth itself
(`ACCOUNT_RATE_LIMITS`, built from the same settings); its 429 answer is our page, too (`handler429`).

Two kinds of limit:

- counting: every matching request counts; request N+1 in the window gets 429.
- failures only: only answers that mean "this code or token is unknown" count (404, or a form shown again after
  POST); while the address is over the limit, it gets 429 before the view runs. This stops guessing of personal
  codes without counting the many legitimate voters of one venue behind a single address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Limit:
    scope: str  # key of settings.QUERSCHNITT_RATELIMITS
    key: str = "ip"  # "ip", "user" or "kwarg:<name of the URL parameter>"
    methods: tuple[str, ...] = ("POST",)  # empty: every method
    failures_only: bool = False
    failure_statuses: tuple[int, ...] = (404,)
    per_view: bool = True  # False: one count for every view the limit applies to (a whole API)


ALL: tuple[str, ...] = ()
GUESS = Limit("code_guess", methods=ALL, failures_only=True)
FORM_GUESS = Limit("code_guess", methods=("POST",), failures_only=True, failure_statuses=(200, 404))

LIMITS: dict[str, tuple[Limit, ...]] = {
    # Dot vote: the join page takes the personal code; the ballot is reached by the code alone.
    "participation:join": (Limit("vote_join"), FORM_GUESS),
    "participation:ballot": (
        Limit("vote_ballot", key="kwarg:voter_token", methods=ALL),
        Limit("vote_ballot_address", methods=ALL),
        GUESS,
    ),
    "participation:dot_vote_ballot": (Limit("vote_ballot_user", key="user", methods=ALL),),
    # Public forms without an account.
    "core:accessibility": (Limit("public_form"),),
    "participation:event_register": (Limit("public_form"),),
    "funding:apply": (Limit("public_form"),),
    "training:interest_submit": (Limit("public_form"),),
    # Pages reached by a secret link from a mail: the token must not be guessable by trying.
    "accounts:invitation_accept": (Limit("invitation"), GUESS),
    "participation:event_cancel": (Limit("token_link", methods=ALL), GUESS),
    "funding:status": (Limit("token_link", methods=ALL), GUESS),
    "offers:editor_home": (Limit("token_link", methods=ALL), GUESS),
    "offers:editor_offer_create": (Limit("token_link", methods=ALL), GUESS),
    "offers:editor_offer_edit": (Limit("token_link", methods=ALL), GUESS),
    "training:cancel_by_token": (Limit("token_link", methods=ALL), GUESS),
    "committees:person_calendar": (Limit("token_link", methods=ALL), GUESS),
}


# Whole namespaces: the machine interfaces. Counted per address over all their endpoints, so that one client cannot
# occupy the workers of everybody else; generous enough for a crawler paging through a state's OParl data.
NAMESPACE_LIMITS: dict[str, tuple[Limit, ...]] = {
    "oparl": (Limit("oparl", methods=ALL, per_view=False),),
    "api": (Limit("api", methods=ALL, per_view=False),),
}


def limits_of(view_name: str) -> tuple[Limit, ...]:
    """The limits of a view: its own (`LIMITS`) and those of its namespace (`NAMESPACE_LIMITS`)."""
    namespace = view_name.partition(":")[0] if ":" in view_name else ""
    return LIMITS.get(view_name, ()) + NAMESPACE_LIMITS.get(namespace, ())


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind `QUERSCHNITT_TRUSTED_PROXY_COUNT` proxies it is taken from X-Forwarded-For
    (counted from the right, so a client cannot forge it); IPv6 addresses count per /64 network."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "QUERSCHNITT_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def axes_client_ip(request: Any) -> str | None:
    """django-axes asks for the address through this; the same rules as for rate limits. Axes stores it in an address
    column, so a request without a valid address (e.g. the test client's `force_login`) gives None, not "unknown"."""
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def _key_value(limit: Limit, request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    if limit.key == "ip":
        return client_ip(request)
    if limit.key == "user":
        user = getattr(request, "user", None)
        return f"user:{user.pk}" if user is not None and user.is_authenticated else f"ip:{client_ip(request)}"
    if limit.key.startswith("kwarg:"):
        value = kwargs.get(limit.key.removeprefix("kwarg:"))
        return None if value is None else str(value)[:100]
    raise ValueError(limit.key)


def _rate(limit: Limit) -> str | None:
    if not getattr(settings, "QUERSCHNITT_RATELIMITS_ENABLED", True):
        return None
    return (getattr(settings, "QUERSCHNITT_RATELIMITS", None) or {}).get(limit.scope)


def _group(limit: Limit, view_name: str) -> str:
    # Guessing counts across every endpoint with a secret, a namespace limit across the namespace; other limits
    # count per endpoint.
    shared = limit.failures_only or not limit.per_view
    return f"querschnitt:{limit.scope}" if shared else f"querschnitt:{limit.scope}:{view_name}"


def _applies(limit: Limit, request: HttpRequest) -> bool:
    return not limit.methods or request.method in limit.methods


def _usage(limit: Limit, request: HttpRequest, view_name: str, kwargs: dict[str, Any], *, increment: bool):
    rate = _rate(limit)
    if not rate or not _applies(limit, request):
        return None
    value = _key_value(limit, request, kwargs)
    if value is None:
        return None
    return get_usage(
        request,
        group=_group(limit, view_name),
        key=lambda group, req: value,
        rate=rate,
        method=get_usage.ALL,
        increment=increment,
    )


def check(request: HttpRequest, view_name: str, kwargs: dict[str, Any]) -> int | None:
    """Count this request against the limits of its view; the seconds to wait if one is exceeded, else None."""
    for limit in limits_of(view_name):
        usage = _usage(limit, request, view_name, kwargs, increment=not limit.failures_only)
        if not usage:
            continue
        # A counting limit lets N requests through; a failures-only limit stops after N failures.
        if usage["should_limit"] or (limit.failures_only and usage["count"] >= usage["limit"]):
            return max(int(usage["time_left"]), 1)
    return None


def record_failure(request: HttpRequest, view_name: str, kwargs: dict[str, Any], response: HttpResponse) -> None:
    """After the view: count an answer that means an unknown code or token."""
    for limit in limits_of(view_name):
        if limit.failures_only and response.status_code in limit.failure_statuses:
            _usage(limit, request, view_name, kwargs, increment=True)


class RateLimitMiddleware:
    """Applies `LIMITS` by the URL name of the view (also to views of other apps, without decorating them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in LIMITS and not getattr(request, "_querschnitt_limited", False):
            # (only `LIMITS` count failures; the namespace limits count every request)
            record_failure(request, match.view_name, match.kwargs, response)
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        match = request.resolver_match
        if match is None or not limits_of(match.view_name):
            return None
        retry_after = check(request, match.view_name, view_kwargs)
        if retry_after is None:
            return None
        request._querschnitt_limited = True  # type: ignore[attr-defined]
        from querschnitt.core.views import too_many_requests

        return too_many_requests(request, retry_after=retry_after)
