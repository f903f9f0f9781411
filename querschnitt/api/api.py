"""The NinjaAPI: authentication, error handlers, routers and the documentation page.

The API calls the same services, selectors and permissions as the pages; another body's objects are a 404.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.operation import Operation

from . import errors
from .auth import session_auth, token_auth
from .routers import bodies, concepts, indicators, measures

DESCRIPTION = _(
    "The JSON API of Querschnitt: the integration concept (fields of action, goals, indicators, observations, "
    "measures) of the bodies you work in.\n\n"
    "Authenticate with a personal API token, which you create on the page “API tokens” of your profile: "
    "`Authorization: Bearer qs_…`. A token acts with your roles. Reading needs a role in the body; changing needs "
    "the role committee office or municipal integration centre.\n\n"
    "Lists are paginated with `limit` (at most 200) and `offset`. Decimal numbers are returned as strings, dates "
    "in ISO 8601. Errors are JSON with a German `detail`."
)

TAG_LABELS = {
    "bodies": _("Bodies"),
    "concepts": _("Concepts, fields of action and goals"),
    "indicators": _("Indicators, targets and observations"),
    "measures": _("Measures"),
}


def _code_spans(text: str) -> str:
    """`name` → <code>name</code>, everything else escaped (descriptions use Markdown's code spans only)."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(str(text)))))  # noqa: S308


class DocumentationPage(DocsBase):
    """The API documentation as a page of the site (KERN, German, no scripts from a CDN), made from the OpenAPI
    schema. Tools read the schema itself at /api/openapi.json."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        groups: dict[str, list[dict[str, Any]]] = {tag: [] for tag in TAG_LABELS}
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                tag = (operation.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": _code_spans(operation.get("description", "")),
                        "parameters": [
                            parameter for parameter in operation.get("parameters", []) if parameter["in"] == "query"
                        ],
                        "statuses": sorted(operation.get("responses", {})),
                        "operation_id": operation.get("operationId", ""),
                    }
                )
        context = {
            "groups": [(TAG_LABELS.get(tag, tag), tag, items) for tag, items in groups.items() if items],
            "openapi_url": self.get_openapi_url(api, kwargs),
            "api": api,
        }
        return render(request, "api/docs.html", context)


class QuerschnittAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view's name is unique in this API and is also its URL name (api:<name>).
        return operation.view_func.__name__


api = QuerschnittAPI(
    title="Querschnitt API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=DocumentationPage(),
    auth=[token_auth, session_auth],
)
errors.install(api)
api.add_router("", bodies.router)
api.add_router("", concepts.router)
api.add_router("", indicators.router)
api.add_router("", measures.router)
