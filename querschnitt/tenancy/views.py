from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from querschnitt.core.htmx import template_for
from querschnitt.core.registry import tiles_for

from . import selectors
from .access import access_body
from .forms import BodyFilterForm
from .models import Body


def body_list(request):
    form = BodyFilterForm(request.GET or None)
    query, kind = "", ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    page = Paginator(selectors.body_list(query=query, kind=kind), 50).get_page(request.GET.get("seite"))
    template = template_for(request, "tenancy/body_list.html", "tenancy/includes/body_results.html")
    return render(request, template, {"form": form, "page": page})


def body_switch(request):
    """The body switcher in the header posts here by GET so that it works without JavaScript."""
    slug = request.GET.get("body", "")
    if not Body.objects.filter(slug=slug).exists():
        messages.error(request, _("Please choose a body from the list."))
        return redirect("core:home")
    request.session["current_body"] = slug
    return redirect("tenancy:dashboard", body=slug)


def dashboard(request, body):
    body = access_body(body)
    if request.user.has_perm("tenancy.view_body_internal", body):
        request.session["current_body"] = body.slug
    return render(request, "tenancy/dashboard.html", {"body": body, "tiles": tiles_for(request, body)})
