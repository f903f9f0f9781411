"""Factories of the offers directory. Every factory accepts `body=` (the tenant crawler relies on it).

An offer is a draft unless `status=` says otherwise: the crawler puts its marker into the factory's objects, and a
draft must never be public (a published offer is, on purpose).
"""

from datetime import timedelta

import factory
from django.utils import timezone

from querschnitt.network import models as m
from querschnitt.network.models_offers import OfferKind, OfferStatus

__all__ = ["OfferEditorInvitationFactory", "OfferFactory", "OfferLanguageFactory", "OfferTargetGroupFactory"]


def _actor(o):
    from .factories import ActorFactory  # factories.py imports this module at its end

    return ActorFactory(**({"body": o.body} if o.body else {}))


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Offer

    class Params:
        body = None

    actor = factory.LazyAttribute(_actor)
    title = factory.Sequence(lambda n: f"Angebot {n}")
    kind = OfferKind.LANGUAGE_COURSE
    municipality = factory.LazyAttribute(lambda o: o.actor.body)
    status = OfferStatus.DRAFT


class OfferLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.OfferLanguage

    class Params:
        body = None

    offer = factory.LazyAttribute(lambda o: OfferFactory(**({"body": o.body} if o.body else {})))
    code = "de"


class OfferTargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.OfferTargetGroup

    class Params:
        body = None

    offer = factory.LazyAttribute(lambda o: OfferFactory(**({"body": o.body} if o.body else {})))
    code = "everyone"


class OfferEditorInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.OfferEditorInvitation

    class Params:
        body = None

    actor = factory.LazyAttribute(_actor)
    email = factory.Sequence(lambda n: f"redaktion{n}@example.org")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))
