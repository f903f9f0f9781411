"""The demo funding of the Rhein-Kreis Neuss: a guideline with four weighted criteria, a call of 2026 whose deadline
has passed and an open call, applications in every state; loading the demo twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from querschnitt.network import models as m
from querschnitt.network import services_funding as funding
from querschnitt.network.demo_funding import GUIDELINE_TITLE, OPEN_CALL, PAST_CALL
from querschnitt.network.models_funding import ApplicationStatus

MODELS = (
    m.FundingGuideline,
    m.FundingCriterion,
    m.FundingCall,
    m.FundingApplication,
    m.FundingReview,
    m.PaymentTranche,
)


@pytest.mark.django_db
def test_demo_funding_loads_twice_without_change():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = [model.objects.count() for model in (*MODELS, m.ProofOfUse, m.Actor)]
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in (*MODELS, m.ProofOfUse, m.Actor)] == counts

    guideline = m.FundingGuideline.objects.get(body__slug="rhein-kreis-neuss", title=GUIDELINE_TITLE)
    assert guideline.text.startswith("Demo-Fassung") and guideline.criteria.count() == 4
    assert sum(guideline.criteria.values_list("weight", flat=True)) == 100
    past, open_call = guideline.calls.get(title=PAST_CALL), guideline.calls.get(title=OPEN_CALL)
    assert past.deadline < timezone.now() < open_call.deadline
    assert funding.funding_call_refusal(open_call) is None
    statuses = set(m.FundingApplication.objects.filter(call__guideline=guideline).values_list("status", flat=True))
    assert {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.FUNDED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.PROOF_DUE,
        ApplicationStatus.CLOSED,
    } <= statuses
    funded = m.FundingApplication.objects.get(call=past, status=ApplicationStatus.FUNDED)
    assert [tranche.paid_on is not None for tranche in funded.tranches.order_by("due_on")] == [True, False]
    assert funded.applicant.name == "Migrantenselbstorganisationen im Rhein-Kreis Neuss"
    # Every invented contact person is fictional.
    emails = m.FundingApplication.objects.values_list("contact_email", flat=True)
    assert all(email.endswith("@example.org") for email in emails)
    # The KI demo login has a review to write.
    assert m.FundingReview.objects.filter(reviewer__email="ki@querschnitt.example", submitted_at=None).exists()
    # The proof of use due soon is reminded.
    assert funding.funding_reminders_send().due_soon == 1
