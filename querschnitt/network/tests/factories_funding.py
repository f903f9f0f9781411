"""Factories of funding. Every factory accepts `body=` (the tenant crawler relies on it). A call is a non-public draft
unless told otherwise, so that the crawler tests what only the body may see."""

import secrets
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from querschnitt.accounts.tests.factories import UserFactory
from querschnitt.network import models as m
from querschnitt.network.models_funding import ApplicationStatus, CallStatus, GuidelineStatus
from querschnitt.tenancy.tests.factories import BodyFactory

__all__ = [
    "FundingApplicationFactory",
    "FundingAttachmentFactory",
    "FundingCallFactory",
    "FundingCriterionFactory",
    "FundingGuidelineFactory",
    "FundingReviewFactory",
    "PaymentTrancheFactory",
    "ProofOfUseFactory",
]


def _with_body(o):
    return {"body": o.body} if o.body else {}


class FundingGuidelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FundingGuideline

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Förderrichtlinie {n}")
    valid_from = date(2026, 1, 1)
    budget_line = "1.05.01.529100"
    total_budget = Decimal("50000")
    max_amount = Decimal("5000")
    areas = "Bildung\nArbeit\nSprache"
    status = GuidelineStatus.ACTIVE


class FundingCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FundingCriterion

    class Params:
        body = None

    guideline = factory.LazyAttribute(lambda o: FundingGuidelineFactory(**_with_body(o)))
    name = factory.Sequence(lambda n: f"Kriterium {n}")
    weight = 25
    max_score = 10
    order = factory.Sequence(lambda n: n + 1)


class FundingCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FundingCall

    class Params:
        body = None

    guideline = factory.LazyAttribute(lambda o: FundingGuidelineFactory(**_with_body(o)))
    title = factory.Sequence(lambda n: f"Förderaufruf {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    budget = Decimal("20000")
    public = False
    status = CallStatus.DRAFT


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FundingApplication

    class Params:
        body = None

    call = factory.LazyAttribute(lambda o: FundingCallFactory(**_with_body(o)))
    reference = factory.Sequence(lambda n: f"FÖ-2026-{n + 1:04d}")
    organisation_name = factory.Sequence(lambda n: f"Verein {n} e. V.")
    contact_name = factory.Sequence(lambda n: f"Antragstellerin {n}")
    contact_email = factory.Sequence(lambda n: f"antrag{n}@example.org")
    title = factory.Sequence(lambda n: f"Projekt {n}")
    description = "Ein Projekt für die Nachbarschaft."
    area = "Bildung"
    requested_amount = Decimal("3000")
    own_contribution = Decimal("300")
    period_start = date(2026, 5, 1)
    period_end = date(2026, 12, 31)
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_text_version = "foerderung-2026-1"
    status = ApplicationStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))


class FundingAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FundingAttachment

    class Params:
        body = None

    application = factory.LazyAttribute(lambda o: FundingApplicationFactory(**_with_body(o)))
    file = factory.django.FileField(filename="kostenplan.pdf", data=b"%PDF-1.4\n% Kostenplan\n")
    file_name = "kostenplan.pdf"
    mime_type = "application/pdf"
    size = 22


class FundingReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FundingReview

    class Params:
        body = None

    application = factory.LazyAttribute(lambda o: FundingApplicationFactory(**_with_body(o)))
    reviewer = factory.SubFactory(UserFactory)


class PaymentTrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PaymentTranche

    class Params:
        body = None

    application = factory.LazyAttribute(lambda o: FundingApplicationFactory(**_with_body(o)))
    amount = Decimal("1000")
    due_on = date(2026, 6, 1)


class ProofOfUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ProofOfUse

    class Params:
        body = None

    application = factory.LazyAttribute(lambda o: FundingApplicationFactory(**_with_body(o)))
    due_on = date(2027, 3, 31)
