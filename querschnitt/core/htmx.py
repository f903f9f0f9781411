"""HTMX helpers: one view serves the full page and its partial."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def template_for(request: HttpRequest, full: str, partial: str) -> str:
    """The partial template for an HTMX request, the full page otherwise."""
    return partial if is_htmx(request) else full
