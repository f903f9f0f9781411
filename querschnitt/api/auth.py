"""Who calls the API: a personal access token (`Authorization: Bearer qs_…`) or, for people trying the API in their
browser, the signed-in session (with the CSRF check for writes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from . import selectors, services


class TokenAuth(HttpBearer):
    """A bearer token. A request that sends an Authorization header must send a valid token: a wrong, revoked or
    expired token is refused (401) even if the browser also has a session."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None  # no token: the session may still authenticate
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            raise AuthenticationError()
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = selectors.active_token_for_secret(token)
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError()
        services.api_token_mark_used(token=api_token)
        user = api_token.user
        request.user = user
        request.api_token = api_token  # type: ignore[attr-defined]
        # The session middleware saw an anonymous visitor; answer in the language the token's owner chose.
        language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in session; writes need the CSRF token, as in every form of the site.

    Without a session there is nothing to check: the caller is anonymous (401), not a forged form (403)."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


token_auth = TokenAuth()
session_auth = BrowserSessionAuth(csrf=True)
