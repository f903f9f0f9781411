"""Access helpers of participation: another body's object, or one the actor may not read, is a 404."""

import re
from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from querschnitt.tenancy.models import Body

from . import models as m

M = TypeVar("M", bound=models.Model)

# The path from each model to its body.
BODY_PATH: dict[type[models.Model], str] = {
    m.WorkshopProcess: "body",
    m.WorkshopPhase: "process__body",
    m.WorkshopDay: "phase__process__body",
    m.ChecklistItem: "phase__process__body",
    m.DotVote: "body",
    m.DotVoteOption: "dot_vote__body",
    m.Voter: "dot_vote__body",
    m.PaperTally: "dot_vote__body",
    m.TieBreak: "dot_vote__body",
    m.Participant: "process__body",
    m.Event: "body",
    m.EventRegistration: "event__body",
    m.EventFile: "event__body",
    m.WorkGroup: "process__body",
    m.WorkGroupMember: "group__process__body",
    m.GroupCard: "group__process__body",
}


def access_participation_object(actor: Any, body: Body, model: type[M], pk: int, *, queryset: Any = None) -> M:
    """Fetch `model` #pk of `body` if the actor may see the body's workshops; 404 otherwise."""
    if not actor.has_perm("participation.view_workshop", body):
        raise Http404
    base = queryset if queryset is not None else model._default_manager.all()
    return get_object_or_404(base, pk=pk, **{BODY_PATH[model]: body})


def normalise_code(code: str) -> str:
    """What a person types ("k7m4 - qxrt") as the stored code ("K7M4QXRT")."""
    return re.sub(r"[^0-9A-Za-z]", "", code or "").upper()[:16]


def access_voter(token: str) -> m.Voter:
    """The voter holding a personal code. The code is the entitlement; a wrong code is a 404 and says nothing."""
    return get_object_or_404(
        m.Voter.objects.select_related("dot_vote__body", "dot_vote__run_off_of"), token=normalise_code(token)
    )


def access_event(actor: Any, body: Body, pk: int, *, queryset: Any = None) -> m.Event:
    """An event of `body`: published events for everyone, the others for those who see the body's workshops."""
    base = queryset if queryset is not None else m.Event.objects.all()
    event = get_object_or_404(base.select_related("body"), pk=pk, body=body)
    if not event.published and not actor.has_perm("participation.view_workshop", body):
        raise Http404
    return event


def access_registration_by_token(token: str) -> m.EventRegistration:
    """The registration a secret cancellation link belongs to. A wrong token is a 404 and says nothing."""
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(m.EventRegistration.objects.select_related("event__body"), token=token)
