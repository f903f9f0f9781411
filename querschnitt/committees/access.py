"""Access helpers of committee work. Another body's object is a 404; so is a non-public object for a visitor who
may not see it (a URL must not reveal that a confidential item exists)."""

from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from querschnitt.tenancy.models import Body

from . import models as m

M = TypeVar("M", bound=models.Model)

BODY_PATH: dict[type[models.Model], str] = {
    m.Organization: "body",
    m.Person: "body",
    m.Membership: "organization__body",
    m.Meeting: "body",
    m.AgendaItem: "meeting__body",
    m.Paper: "body",
    m.Consultation: "paper__body",
    m.File: "body",
    m.Location: "body",
    m.LegislativeTerm: "body",
    m.Statute: "body",
    m.RightsCheck: "body",
    m.MinutesCorrection: "meeting__body",
}


def access_committee_object(actor: Any, body: Body, model: type[M], pk: int, *, queryset: Any = None) -> M:
    """Fetch a (not deleted) object of `body`. Visibility of confidential content is checked by the caller with
    the selectors below or `committees.view_confidential`."""
    base = queryset if queryset is not None else model._default_manager.all()
    if any(f.name == "deleted" for f in model._meta.fields):
        base = base.filter(deleted=False)
    return get_object_or_404(base, pk=pk, **{BODY_PATH[model]: body})


def require_visible(actor: Any, obj: Any) -> None:
    """404 for a non-public agenda item, paper or file the actor may not see."""
    from .selectors import is_visible

    if not is_visible(actor, obj):
        raise Http404
