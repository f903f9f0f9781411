"""The page of the OParl import for the Geschäftsstelle of a body: the source (address of the council information
system), the button that imports now, and the latest runs with their counters and logs.

Permission: `committees.manage` for the body (the Geschäftsstelle). Anonymous visitors are sent to the login, a
signed-in user without the right gets 403 — before anything of the body's source is read.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body
from querschnitt.tenancy.models import Body

from . import selectors, services
from .forms import OParlSourceForm
from .models import ImportRun


def _require_manage(request: HttpRequest, body: Body) -> None:
    if not request.user.has_perm("committees.manage", body):
        raise PermissionDenied


def _page_url(body: Body) -> str:
    return reverse("oparl_import:source", kwargs={"body": body.slug})


@login_required
def source(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = access_body(body)
    _require_manage(request, body_obj)
    found = selectors.import_source(body_obj)
    initial = {"url": found.url, "name": found.name, "active": found.active} if found else {"active": True}
    return form_page(
        request,
        form=OParlSourceForm(request.POST or None, initial=initial),
        template="oparl/import.html",
        context={"body": body_obj, "source": found, "runs": selectors.import_runs(found) if found else []},
        act=lambda data: services.oparl_source_save(actor=request.user, body=body_obj, **data),
        success=_("The address of the council information system has been saved."),
        next_url=lambda saved: _page_url(body_obj),
    )


@login_required
@require_POST
def start(request: HttpRequest, body: str) -> HttpResponse:
    """Import now, synchronously (a background task may take this over later)."""
    body_obj = access_body(body)
    _require_manage(request, body_obj)
    found = selectors.import_source(body_obj)
    if found is None:
        messages.error(request, _("Please save the address of the council information system first."))
        return redirect(_page_url(body_obj))
    try:
        run = services.oparl_import_run(actor=request.user, source=found, full=request.POST.get("vollstaendig") == "1")
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(_page_url(body_obj))
    counts = {
        "created": run.total("created"),
        "updated": run.total("updated"),
        "deleted": run.total("deleted"),
        "skipped": run.total("skipped"),
    }
    if run.status == ImportRun.Status.OK:
        messages.success(
            request,
            _("The import has finished: %(created)s new, %(updated)s changed, %(deleted)s deleted.") % counts,
        )
    elif run.status == ImportRun.Status.PARTIAL:
        messages.warning(
            request,
            _(
                "The import has finished with problems: %(created)s new, %(updated)s changed, %(deleted)s deleted, "
                "%(skipped)s skipped. The log of the import below names each problem."
            )
            % counts,
        )
    else:
        errors = run.log_lines("error")
        reason = errors[0]["text"] if errors else ""
        messages.error(request, _("The import failed, nothing was changed: %(reason)s") % {"reason": reason})
    return redirect(_page_url(body_obj))
