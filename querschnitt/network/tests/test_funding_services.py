"""Services of funding: who may do what (a role × action matrix), the deadline in German time, the two-review rule,
the sum of the tranches, the proof of use and its reminders (sent once), versions of a guideline, and the network
growing from its applications."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from querschnitt.core.exceptions import ApplicationError
from querschnitt.network import models as m
from querschnitt.network import services_funding as funding
from querschnitt.network.models_funding import (
    ApplicationStatus,
    CallStatus,
    GuidelineStatus,
    ProofResult,
    ReminderKind,
)
from querschnitt.network.tests.factories import (
    ActorFactory,
    FundingApplicationFactory,
    FundingCallFactory,
    FundingCriterionFactory,
    FundingGuidelineFactory,
    FundingReviewFactory,
)
from querschnitt.tenancy.models import Role

BERLIN = ZoneInfo("Europe/Berlin")


def data(**changes):
    fields = {
        "organisation_name": "Verein Brücken e. V.",
        "contact_name": "Erika Beispiel",
        "contact_email": "erika@example.org",
        "title": "Sprachcafé",
        "description": "Wöchentliches Sprachcafé.",
        "area": "Sprache",
        "requested_amount": Decimal("2000"),
        "own_contribution": Decimal("200"),
        "period_start": date(2026, 5, 1),
        "period_end": date(2026, 10, 31),
    }
    fields.update(changes)
    return funding.ApplicationData(**fields)


@pytest.fixture
def call(body):
    """An open public call with two criteria (weights 60 and 40, ten points each)."""
    guideline = FundingGuidelineFactory(body=body)
    FundingCriterionFactory(guideline=guideline, name="Ziele", weight=60, order=1)
    FundingCriterionFactory(guideline=guideline, name="Finanzplan", weight=40, order=2)
    return FundingCallFactory(guideline=guideline, public=True, status=CallStatus.OPEN)


@pytest.fixture
def office(make_user, body):
    return make_user(body, Role.OFFICE)


@pytest.fixture
def ki(make_user, body):
    return make_user(body, Role.INTEGRATION_CENTRE)


def submit(call, **changes):
    return funding.funding_application_submit(call=call, data=data(**changes), consent=True, notify=False)


def review(application, reviewer, points):
    assigned = funding.funding_reviewer_assign(actor=reviewer, application=application, reviewer=reviewer)
    criteria = list(application.call.guideline.criteria.order_by("order"))
    return funding.funding_review_submit(
        actor=reviewer, review=assigned, scores={c.pk: p for c, p in zip(criteria, points, strict=True)}
    )


def approved(call, office, ki, amount=Decimal("2000")):
    application = submit(call)
    review(application, office, [8, 6])
    review(application, ki, [6, 6])
    return funding.funding_application_decide(
        actor=office, application=application, approve=True, approved_amount=amount, reason="Gut."
    )


# --- Permissions: role × action ---------------------------------------------------------------------------------


ACTIONS = {
    "create guideline": lambda user, body, call: funding.funding_guideline_create(
        actor=user, body=body, title="Neue Richtlinie", valid_from=date(2026, 1, 1), total_budget=Decimal("1000")
    ),
    "create call": lambda user, body, call: funding.funding_call_create(
        actor=user,
        guideline=call.guideline,
        title="Zweiter Aufruf",
        opens_on=date(2026, 1, 1),
        deadline=timezone.now() + timedelta(days=3),
        budget=Decimal("1000"),
    ),
    "assign reviewer": lambda user, body, call: funding.funding_reviewer_assign(
        actor=user, application=submit(call), reviewer=user
    ),
    "decide": lambda user, body, call: funding.funding_application_decide(
        actor=user, application=submit(call), approve=False, reason="Nein.", without_reviews_reason="Eilfall."
    ),
    "link actor": lambda user, body, call: funding.funding_application_link_actor(actor=user, application=submit(call)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.OFFICE, True),
        (Role.INTEGRATION_CENTRE, True),
        (Role.MODERATOR, False),
        (Role.MEMBER, False),
        (Role.READER, False),
        (None, False),
    ],
    ids=lambda value: str(value),
)
def test_role_action_matrix(action, role, allowed, body, call, make_user):
    user = make_user(body, role) if role else make_user()
    if allowed:
        ACTIONS[action](user, body, call)
    else:
        with pytest.raises(ApplicationError, match="Förderung"):
            ACTIONS[action](user, body, call)


@pytest.mark.django_db
def test_state_staff_and_other_bodies_run_no_funding(body, other_body, call, state_council, make_user):
    staff = make_user(state_council, Role.STATE_STAFF)
    other_office = make_user(other_body, Role.OFFICE)
    for user in (staff, other_office):
        assert not user.has_perm("network.manage_funding", body)
        with pytest.raises(ApplicationError):
            ACTIONS["create guideline"](user, body, call)


# --- The public submission ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submission_numbers_per_body_and_year_and_mails_applicant_and_office(body, call, office, ki):
    first = funding.funding_application_submit(
        call=call, data=data(), consent=True, status_url=lambda token: f"https://q.example/foerderantrag/{token}/"
    )
    second = submit(call)
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"FÖ-{year}-0001", f"FÖ-{year}-0002")
    assert first.status == ApplicationStatus.SUBMITTED and len(first.token) >= 40
    assert first.consent_text_version == funding.CONSENT_TEXT_VERSION
    # One confirmation to the applicant (reference number and status link), one notice to each of office and KI.
    to_applicant = [message for message in mail.outbox if message.to == ["erika@example.org"]]
    assert len(to_applicant) == 1
    assert first.reference in to_applicant[0].subject and first.token in to_applicant[0].body
    assert sorted(message.to[0] for message in mail.outbox if message.to != ["erika@example.org"]) == sorted(
        [office.email, ki.email]
    )


@pytest.mark.django_db
def test_the_deadline_is_checked_in_german_time(body, call):
    # 31.03.2026, 23:59 in Berlin is 21:59 UTC (summer time).
    call.deadline = datetime(2026, 3, 31, 23, 59, tzinfo=BERLIN)
    call.opens_on = date(2026, 1, 1)
    call.save()
    in_time = datetime(2026, 3, 31, 21, 58, tzinfo=ZoneInfo("UTC"))
    too_late = datetime(2026, 3, 31, 22, 0, tzinfo=ZoneInfo("UTC"))
    application = funding.funding_application_submit(call=call, data=data(), consent=True, now=in_time, notify=False)
    assert application.reference == "FÖ-2026-0001"
    with pytest.raises(ApplicationError) as refused:
        funding.funding_application_submit(call=call, data=data(), consent=True, now=too_late, notify=False)
    assert str(refused.value.message) == (
        "Die Antragsfrist ist am 31.03.2026 um 23:59 Uhr abgelaufen. Anträge können nicht mehr eingereicht werden."
    )
    assert m.FundingApplication.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"area": "Sport"}, "area"),
        ({"requested_amount": Decimal("6000")}, "requested_amount"),
        ({"period_end": date(2026, 4, 1)}, "period_end"),
        ({"contact_email": " "}, "contact_email"),
    ],
)
def test_bad_applications_are_refused_at_their_field(call, changes, field):
    with pytest.raises(ApplicationError) as refused:
        submit(call, **changes)
    assert refused.value.field == field
    assert not m.FundingApplication.objects.exists()


@pytest.mark.django_db
def test_without_consent_or_to_a_draft_or_closed_call_nothing_is_submitted(call):
    with pytest.raises(ApplicationError, match="Verarbeitung"):
        funding.funding_application_submit(call=call, data=data(), consent=False, notify=False)
    for status, public in ((CallStatus.DRAFT, True), (CallStatus.CLOSED, True), (CallStatus.OPEN, False)):
        call.status, call.public = status, public
        call.save()
        with pytest.raises(ApplicationError, match="keine Anträge"):
            submit(call)
    assert not m.FundingApplication.objects.exists()


@pytest.mark.django_db
def test_attachments_are_checked_before_anything_is_written(call):
    pdf = SimpleUploadedFile("kostenplan.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    fake = SimpleUploadedFile("satzung.pdf", b"MZ\x90\x00\x03\x00\x00\x00" * 10, content_type="application/pdf")
    with pytest.raises(ApplicationError, match=r"satzung\.pdf") as refused:
        funding.funding_application_submit(call=call, data=data(), consent=True, files=[pdf, fake], notify=False)
    assert refused.value.field == "uploads"
    assert not m.FundingApplication.objects.exists() and not m.FundingAttachment.objects.exists()
    pdf.seek(0)
    application = funding.funding_application_submit(call=call, data=data(), consent=True, files=[pdf], notify=False)
    attachment = application.attachments.get()
    assert (attachment.file_name, attachment.mime_type, attachment.by_applicant) == (
        "kostenplan.pdf",
        "application/pdf",
        True,
    )
    too_many = [SimpleUploadedFile(f"n{i}.txt", b"Notiz", content_type="text/plain") for i in range(6)]
    with pytest.raises(ApplicationError, match="höchstens 5"):
        funding.funding_application_submit(call=call, data=data(), consent=True, files=too_many, notify=False)


# --- Review and decision --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_exactly_two_different_reviewers_who_run_funding(body, call, office, ki, make_user):
    application = submit(call)
    member = make_user(body, Role.MEMBER)
    with pytest.raises(ApplicationError, match="Geschäftsstelle"):
        funding.funding_reviewer_assign(actor=office, application=application, reviewer=member)
    funding.funding_reviewer_assign(actor=office, application=application, reviewer=office)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    with pytest.raises(ApplicationError, match="bereits"):
        funding.funding_reviewer_assign(actor=office, application=application, reviewer=office)
    funding.funding_reviewer_assign(actor=office, application=application, reviewer=ki)
    third = make_user(body, Role.INTEGRATION_CENTRE)
    with pytest.raises(ApplicationError, match="zwei"):
        funding.funding_reviewer_assign(actor=office, application=application, reviewer=third)
    # The database holds the rule, too.
    with pytest.raises(IntegrityError), transaction.atomic():
        m.FundingReview.objects.create(application=application, reviewer=ki)


@pytest.mark.django_db
def test_only_the_assigned_reviewer_scores_every_criterion_once(call, office, ki):
    application = submit(call)
    assigned = funding.funding_reviewer_assign(actor=office, application=application, reviewer=ki)
    criteria = list(call.guideline.criteria.order_by("order"))
    with pytest.raises(ApplicationError, match="Nur die zugewiesene"):
        funding.funding_review_submit(actor=office, review=assigned, scores={c.pk: 5 for c in criteria})
    with pytest.raises(ApplicationError, match="Finanzplan"):
        funding.funding_review_submit(actor=ki, review=assigned, scores={criteria[0].pk: 5})
    with pytest.raises(ApplicationError, match="0 bis 10"):
        funding.funding_review_submit(actor=ki, review=assigned, scores={criteria[0].pk: 11, criteria[1].pk: 5})
    assert not m.FundingScore.objects.exists()
    funding.funding_review_submit(actor=ki, review=assigned, scores={c.pk: 5 for c in criteria}, comment="Solide")
    with pytest.raises(ApplicationError, match="bereits abgegeben"):
        funding.funding_review_submit(actor=ki, review=assigned, scores={c.pk: 6 for c in criteria})
    assert sorted(m.FundingScore.objects.values_list("score", flat=True)) == [5, 5]


@pytest.mark.django_db
def test_decision_needs_two_reviews_or_a_recorded_reason(call, office, ki):
    application = submit(call)
    review(application, office, [8, 6])
    with pytest.raises(ApplicationError, match="1 abgegeben") as refused:
        funding.funding_application_decide(
            actor=office, application=application, approve=True, approved_amount=Decimal("2000"), reason="Gut."
        )
    assert refused.value.field == "without_reviews_reason"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW and application.decided_on is None
    decided = funding.funding_application_decide(
        actor=office,
        application=application,
        approve=True,
        approved_amount=Decimal("1500"),
        reason="Gut.",
        without_reviews_reason="Zweiter Gutachter erkrankt; Projekt beginnt nächste Woche.",
    )
    assert decided.status == ApplicationStatus.PARTLY_APPROVED and decided.decided_by == office
    assert decided.decided_without_reviews_reason.startswith("Zweiter")


@pytest.mark.django_db
def test_decision_with_two_reviews_and_its_limits(call, office, ki):
    application = submit(call, requested_amount=Decimal("2000"))
    review(application, office, [10, 5])
    review(application, ki, [5, 10])
    for amount, message in ((Decimal("2500"), "beantragten"), (Decimal("0"), "bewilligten Betrag")):
        with pytest.raises(ApplicationError, match=message):
            funding.funding_application_decide(
                actor=office, application=application, approve=True, approved_amount=amount, reason="Gut."
            )
    call.budget = Decimal("1000")
    call.save()
    with pytest.raises(ApplicationError, match="verbleibende Budget"):
        funding.funding_application_decide(
            actor=office, application=application, approve=True, approved_amount=Decimal("2000"), reason="Gut."
        )
    decided = funding.funding_application_decide(actor=office, application=application, approve=False, reason="Nein")
    assert decided.status == ApplicationStatus.REJECTED and decided.approved_amount is None
    assert decided.decided_without_reviews_reason == ""
    with pytest.raises(ApplicationError, match="bereits entschieden"):
        funding.funding_application_decide(actor=office, application=application, approve=False, reason="Nein")


# --- Payments and proof of use ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_tranches_never_exceed_the_approved_amount(call, office, ki):
    application = approved(call, office, ki, amount=Decimal("2000"))
    funding.payment_tranche_create(
        actor=office, application=application, amount=Decimal("1200"), due_on=date(2026, 6, 1)
    )
    with pytest.raises(ApplicationError) as refused:
        funding.payment_tranche_create(
            actor=office, application=application, amount=Decimal("900"), due_on=date(2026, 9, 1)
        )
    assert str(refused.value.message).replace("\u00a0", " ") == (
        "Die Raten würden den bewilligten Betrag von 2.000 € übersteigen: 1.200 € sind bereits eingeplant, "
        "800 € bleiben."
    )
    assert refused.value.field == "amount"
    tranche = funding.payment_tranche_create(
        actor=office, application=application, amount=Decimal("800"), due_on=date(2026, 9, 1)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED  # nothing paid yet
    funding.payment_tranche_mark_paid(actor=office, tranche=tranche)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FUNDED
    with pytest.raises(ApplicationError, match="bleibt"):
        funding.payment_tranche_delete(actor=office, tranche=tranche)
    # The database refuses a tranche that is not positive.
    with pytest.raises(IntegrityError), transaction.atomic():
        m.PaymentTranche.objects.create(application=application, amount=Decimal("-5"), due_on=date(2026, 1, 1))


@pytest.mark.django_db
def test_tranches_only_on_approved_applications(call, office):
    application = submit(call)
    with pytest.raises(ApplicationError, match="nur für bewilligte"):
        funding.payment_tranche_create(
            actor=office, application=application, amount=Decimal("100"), due_on=date(2026, 6, 1)
        )


@pytest.mark.django_db
def test_proof_of_use_from_request_to_check(call, office, ki):
    application = approved(call, office, ki)
    funding.payment_tranche_create(
        actor=office, application=application, amount=Decimal("2000"), due_on=date(2026, 6, 1), paid_on=date(2026, 6, 1)
    )
    proof = funding.proof_of_use_create(actor=office, application=application, due_on=date(2027, 3, 31))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROOF_DUE
    with pytest.raises(ApplicationError, match="noch nicht eingereicht"):
        funding.proof_of_use_check(actor=office, proof=proof, result=ProofResult.OK)
    # The applicant sends it through the link (no account), with a file.
    with pytest.raises(ApplicationError, match="Verwendungsnachweis"):
        funding.proof_of_use_submit(actor=None, proof=proof, files=[])
    report = SimpleUploadedFile("sachbericht.txt", b"Sachbericht: 12 Treffen", content_type="text/plain")
    funding.proof_of_use_submit(actor=None, proof=proof, note="Anbei", files=[report])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROOF_SUBMITTED and proof.files.count() == 1
    assert any("Verwendungsnachweis" in message.subject for message in mail.outbox)
    # Queries send it back; a repayment needs an amount no larger than what was paid.
    funding.proof_of_use_check(actor=office, proof=proof, result=ProofResult.QUERIES, note="Belege fehlen.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROOF_DUE
    funding.proof_of_use_submit(actor=office, proof=proof, note="Belege nachgereicht")
    with pytest.raises(ApplicationError, match="2\\.000\u00a0€"):
        funding.proof_of_use_check(actor=office, proof=proof, result=ProofResult.REPAY, repay_amount=Decimal("2500"))
    funding.proof_of_use_check(actor=office, proof=proof, result=ProofResult.REPAY, repay_amount=Decimal("300"))
    application.refresh_from_db()
    proof.refresh_from_db()
    assert application.status == ApplicationStatus.CLOSED
    assert (proof.result, proof.repay_amount, proof.checked_by) == (ProofResult.REPAY, Decimal("300"), office)


@pytest.mark.django_db
def test_reminders_go_out_once_per_due_date(call, office, ki):
    application = approved(call, office, ki)
    today = timezone.localdate()
    proof = funding.proof_of_use_create(actor=office, application=application, due_on=today + timedelta(days=14))
    far = approved(call, office, ki, amount=Decimal("1000"))
    funding.proof_of_use_create(actor=office, application=far, due_on=today + timedelta(days=15))
    mail.outbox.clear()

    call_command("funding_reminders", "--base-url", "https://q.example", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [application.contact_email, office.email, ki.email]
    )
    to_applicant = next(message for message in mail.outbox if message.to == [application.contact_email])
    assert f"https://q.example/foerderantrag/{application.token}/" in to_applicant.body
    assert to_applicant.subject.startswith("Verwendungsnachweis fällig am")

    mail.outbox.clear()
    assert funding.funding_reminders_send(today=today) == funding.ReminderResult(due_soon=0, overdue=0)
    assert mail.outbox == []
    # Overdue is reminded once more; so is a new due date.
    result = funding.funding_reminders_send(today=today + timedelta(days=15))
    assert result.overdue == 1 and result.due_soon == 1  # the other proof is due that day
    assert funding.funding_reminders_send(today=today + timedelta(days=16)) == funding.ReminderResult(0, 1)
    assert funding.funding_reminders_send(today=today + timedelta(days=17)) == funding.ReminderResult(0, 0)
    funding.proof_of_use_update_due_date(actor=office, proof=proof, due_on=today + timedelta(days=30))
    assert funding.funding_reminders_send(today=today + timedelta(days=17)).due_soon == 1
    assert m.FundingReminder.objects.filter(proof=proof, kind=ReminderKind.DUE_SOON).count() == 2


# --- Guidelines and the network ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_version_copies_the_criteria_and_supersedes_on_activation(body, office):
    guideline = funding.funding_guideline_create(
        actor=office, body=body, title="Richtlinie MSO", valid_from=date(2026, 1, 1), total_budget=Decimal("1000")
    )
    with pytest.raises(ApplicationError, match="Kriterium"):
        funding.funding_guideline_activate(actor=office, guideline=guideline)
    funding.funding_criterion_create(actor=office, guideline=guideline, name="Ziele", weight=70)
    funding.funding_criterion_create(actor=office, guideline=guideline, name="Kosten", weight=30)
    funding.funding_guideline_activate(actor=office, guideline=guideline)
    with pytest.raises(ApplicationError, match="neue Fassung"):
        funding.funding_guideline_update(actor=office, guideline=guideline, total_budget=Decimal("2000"))

    second = funding.funding_guideline_new_version(actor=office, guideline=guideline)
    assert (second.version, second.status, second.predecessor) == (2, GuidelineStatus.DRAFT, guideline)
    assert list(second.criteria.values_list("name", "weight")) == [("Ziele", 70), ("Kosten", 30)]
    with pytest.raises(ApplicationError, match="neuere Fassung"):
        funding.funding_guideline_new_version(actor=office, guideline=guideline)
    funding.funding_guideline_update(actor=office, guideline=second, total_budget=Decimal("2000"))
    funding.funding_guideline_activate(actor=office, guideline=second)
    guideline.refresh_from_db()
    assert guideline.status == GuidelineStatus.SUPERSEDED and second.status == GuidelineStatus.ACTIVE


@pytest.mark.django_db
def test_the_network_grows_from_an_application(body, call, office):
    application = submit(call, organisation_name="Afrikanischer Kulturverein e. V.")
    network_actor = funding.funding_application_link_actor(actor=office, application=application)
    assert network_actor.body == body and network_actor.kind.name == "Migrantenselbstorganisation"
    assert application.reference in network_actor.description
    assert network_actor.email == "" and "Erika" not in network_actor.description  # no personal data copied
    application.refresh_from_db()
    assert application.applicant == network_actor and application.organisation == network_actor.name
    # A second application of the same name is linked to the same actor, not a copy.
    again = submit(call, organisation_name="afrikanischer kulturverein e. V.")
    assert funding.funding_application_link_actor(actor=office, application=again) == network_actor
    assert m.Actor.objects.filter(body=body).count() == 1


@pytest.mark.django_db
def test_no_actor_of_another_body_is_linked(body, other_body, call, office):
    application = submit(call)
    with pytest.raises(ApplicationError, match="anderen"):
        funding.funding_application_link_actor(
            actor=office, application=application, network_actor=ActorFactory(body=other_body)
        )


@pytest.mark.django_db
def test_database_constraints_hold_amounts(body):
    application = FundingApplicationFactory(body=body, requested_amount=Decimal("1000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        m.FundingApplication.objects.filter(pk=application.pk).update(approved_amount=Decimal("1500"))
    with pytest.raises(IntegrityError), transaction.atomic():
        m.FundingApplication.objects.filter(pk=application.pk).update(status=ApplicationStatus.APPROVED)
    proof = m.ProofOfUse.objects.create(application=application, due_on=date(2027, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        m.ProofOfUse.objects.filter(pk=proof.pk).update(result=ProofResult.REPAY)
    review_ = FundingReviewFactory(application=application)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.FundingReview.objects.create(application=application, reviewer=review_.reviewer)
