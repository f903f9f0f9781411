"""The one pattern of every create and edit page, shared by all apps (DESIGN.md, convention 3)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .exceptions import ApplicationError
from .forms import add_application_error
from .htmx import is_htmx, template_for


def form_page(
    request: HttpRequest,
    *,
    form: Any,
    template: str,
    context: dict,
    act: Callable[[dict], Any],
    success: str | Callable[[Any], str],
    next_url: Callable[[Any], str],
    partial: str | None = None,
) -> HttpResponse:
    """On a valid POST call the service (`act` with the cleaned data); show its refusal at the form; on success
    go to `next_url(obj)` (for HTMX by HX-Redirect, so the whole page shows the change). With `partial`, an HTMX
    GET gets only the form (edited in place, its heading one level lower: `heading_level` 2)."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = act(form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, success(obj) if callable(success) else success)
            url = next_url(obj)
            if is_htmx(request):
                return HttpResponse(status=204, headers={"HX-Redirect": url})
            return redirect(url)
    template_name = template_for(request, template, partial) if partial else template
    heading_level = 2 if partial and template_name == partial else 1
    return render(request, template_name, {**context, "form": form, "heading_level": heading_level})
