"""Security headers that Django itself does not set (the CSP comes from django-csp; see docs/security.md)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Sends `settings.QUERSCHNITT_PERMISSIONS_POLICY` as Permissions-Policy: browser features no page needs
    (camera, microphone, geolocation, payment …) stay off, also for anything injected into a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = getattr(settings, "QUERSCHNITT_PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
