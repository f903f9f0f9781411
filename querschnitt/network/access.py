"""Access helpers of the network: another body's object, or one the actor may not read, is a 404."""

from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from querschnitt.tenancy.models import Body

from . import models as m

M = TypeVar("M", bound=models.Model)

# The path from each model to its body. A default ActorKind has no body: it is never reached through a URL.
BODY_PATH: dict[type[models.Model], str] = {
    m.ActorKind: "body",
    m.Actor: "body",
    m.ContactPerson: "actor__body",
    m.CooperationEntry: "actor__body",
    m.SteeringGroup: "body",
    m.SteeringGroupSeat: "group__body",
    m.SeatHolder: "seat__group__body",
    m.SteeringGroupTask: "group__body",
    m.CentreService: "body",
    m.CounsellingRequest: "body",
    m.CounsellingTimeEntry: "request__body",
    m.NetworkEvent: "body",
    m.FundingGuideline: "body",
    m.FundingCriterion: "guideline__body",
    m.FundingCall: "guideline__body",
    m.FundingApplication: "call__guideline__body",
    m.FundingAttachment: "application__call__guideline__body",
    m.FundingReview: "application__call__guideline__body",
    m.PaymentTranche: "application__call__guideline__body",
    m.ProofOfUse: "application__call__guideline__body",
    m.Offer: "actor__body",
    m.OfferLanguage: "offer__actor__body",
    m.OfferTargetGroup: "offer__actor__body",
    m.OfferEditorInvitation: "actor__body",
}

# Contact persons are personal data: who may not see them gets a 404, as for another body's object.
PERMISSION: dict[type[models.Model], str] = {m.ContactPerson: "network.view_contacts"}
# The integration centre's work is the centre's and the office's only (counselling is no committee business).
PERMISSION.update(
    dict.fromkeys((m.CentreService, m.CounsellingRequest, m.CounsellingTimeEntry, m.NetworkEvent), "network.run_centre")
)
# Funding is run by those who manage it; its applications hold personal data (docs/funding.md).
PERMISSION.update(
    dict.fromkeys(
        (
            m.FundingGuideline,
            m.FundingCriterion,
            m.FundingCall,
            m.FundingApplication,
            m.FundingAttachment,
            m.FundingReview,
            m.PaymentTranche,
            m.ProofOfUse,
        ),
        "network.manage_funding",
    )
)


def access_network_object(actor: Any, body: Body, model: type[M], pk: int, *, queryset: Any = None) -> M:
    """Fetch `model` #pk of `body` if the actor may see the body's network (and, for contact persons, their data);
    404 otherwise."""
    if not actor.has_perm("network.view_network", body):
        raise Http404
    if model in PERMISSION and not actor.has_perm(PERMISSION[model], body):
        raise Http404
    base = queryset if queryset is not None else model._default_manager.all()
    return get_object_or_404(base, pk=pk, **{BODY_PATH[model]: body})
