"""Funding of migrant organisations (issue 6, point 4): funding guidelines with weighted criteria, calls with a
deadline, applications (submitted online without an account), review by two reviewers, the decision, payment
tranches and the proof of use (Verwendungsnachweis) with reminders.

Names follow GLOSSARY.md: Förderrichtlinie → `FundingGuideline`, Förderantrag → `FundingApplication`,
Verwendungsnachweis → `ProofOfUse`. A funded project is linked to a measure in `strategy` (`Measure.
funding_applications`, reverse name `measures`): network never imports the higher app.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

from .models import Actor

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class GuidelineStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    # With a context: a plain "Closed" here would override participation's „Geschlossen“ (network comes first).
    CLOSED = "closed", pgettext_lazy("funding status", "Closed")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PARTLY_APPROVED = "partly_approved", _("Partly approved")
    REJECTED = "rejected", _("Rejected")
    FUNDED = "funded", _("Funded")
    PROOF_DUE = "proof_due", _("Proof of use due")
    PROOF_SUBMITTED = "proof_submitted", _("Proof of use submitted")
    CLOSED = "closed", pgettext_lazy("funding status", "Closed")


# The statuses in which money has been granted (the approved amount counts against the call's budget).
GRANTED_STATUSES = (
    ApplicationStatus.APPROVED,
    ApplicationStatus.PARTLY_APPROVED,
    ApplicationStatus.FUNDED,
    ApplicationStatus.PROOF_DUE,
    ApplicationStatus.PROOF_SUBMITTED,
    ApplicationStatus.CLOSED,
)
# The statuses before the decision.
UNDECIDED_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)


class ProofResult(models.TextChoices):
    OK = "ok", _("In order")
    QUERIES = "queries", _("Queries")
    REPAY = "repay", _("Repayment")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class FundingGuideline(TimeStampedModel):
    """A funding guideline (Förderrichtlinie) of a body, in one version. A new version is a copy of the previous one
    with its criteria; activating it supersedes its predecessor. Calls keep the version they were made under."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="funding_guidelines")
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )
    valid_from = models.DateField(_("valid from"))
    budget_line = models.CharField(
        _("budget line (Haushaltsstelle)"), max_length=100, blank=True, help_text=_("For example “1.05.01.529100”.")
    )
    total_budget = models.DecimalField(_("total budget"), validators=NOT_NEGATIVE, max_digits=12, decimal_places=2)
    max_amount = models.DecimalField(
        _("maximum amount per application"),
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("Empty: no limit per application."),
        max_digits=12,
        decimal_places=2,
    )
    text = models.TextField(
        _("text of the guideline"), blank=True, max_length=50000, help_text=_("Paragraphs separated by empty lines.")
    )
    areas = models.TextField(
        _("funding areas"),
        blank=True,
        max_length=5000,
        help_text=_("One per line, named after the fields of action, e.g. “Bildung”. Applicants choose one."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GuidelineStatus.choices, default=GuidelineStatus.DRAFT
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding guideline")
        verbose_name_plural = _("funding guidelines")
        ordering = ["body", "title", "-version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title", "version"],
                name="fundingguideline_unique_version",
                violation_error_message=_("This version of the guideline exists already."),
            ),
            models.CheckConstraint(condition=Q(total_budget__gte=0), name="fundingguideline_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=0), name="fundingguideline_max_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version})

    @property
    def area_list(self) -> list[str]:
        """The funding areas, one per line, without empty lines and repetitions."""
        seen: list[str] = []
        for line in self.areas.splitlines():
            area = line.strip(" -•\t")
            if area and area not in seen:
                seen.append(area)
        return seen


class FundingCriterion(TimeStampedModel):
    """A criterion of a guideline by which reviewers score applications: from 0 to `max_score` points, weighted."""

    guideline = models.ForeignKey(
        FundingGuideline, verbose_name=_("funding guideline"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1)], help_text=_("For example 30 for 30 per cent.")
    )
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10, validators=[MinValueValidator(1)])
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding criterion")
        verbose_name_plural = _("funding criteria")
        ordering = ["guideline", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="fundingcriterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="fundingcriterion_max_score_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingCall(TimeStampedModel):
    """A call for applications under a guideline, with a deadline. A public call has a public page and a form."""

    guideline = models.ForeignKey(
        FundingGuideline, verbose_name=_("funding guideline"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"), blank=True, max_length=10000, help_text=_("Shown on the public page of the call.")
    )
    opens_on = models.DateField(_("applications from"))
    deadline = models.DateTimeField(_("deadline"), help_text=_("Date and time (German time) of the deadline."))
    budget = models.DecimalField(_("budget of the call"), validators=NOT_NEGATIVE, max_digits=12, decimal_places=2)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("A public call has a public page with an application form.")
    )
    status = models.CharField(_("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["-deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="fundingcall_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self) -> Body:
        return self.guideline.body

    def clean(self) -> None:
        if self.opens_on and self.deadline and timezone.localtime(self.deadline).date() < self.opens_on:
            raise ValidationError({"deadline": _("The deadline lies before the day applications open.")})

    @property
    def is_visible_publicly(self) -> bool:
        return self.public and self.status != CallStatus.DRAFT

    def deadline_passed(self, now: Any = None) -> bool:
        return (now or timezone.now()) > self.deadline


class FundingApplication(TimeStampedModel):
    """An application for funding, submitted online without an account (or by an actor of the body).

    The organisation is named as typed; `applicant` links it to the body's actor once the office has done so. The
    applicant follows the application by the secret `token` link of the confirmation e-mail.
    """

    call = models.ForeignKey(
        FundingCall, verbose_name=_("funding call"), on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("reference number"), max_length=20, db_index=True)
    applicant = models.ForeignKey(
        Actor,
        verbose_name=_("applicant (actor)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_applications",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_address = models.CharField(_("address of the organisation"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("e-mail address"))
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    title = models.CharField(_("title of the project"), max_length=300)
    description = models.TextField(_("description of the project"), max_length=10000)
    area = models.CharField(_("funding area"), max_length=200, blank=True)
    requested_amount = models.DecimalField(
        _("requested amount"), validators=NOT_NEGATIVE, max_digits=12, decimal_places=2
    )
    own_contribution = models.DecimalField(
        _("own contribution"), default=Decimal("0"), validators=NOT_NEGATIVE, max_digits=12, decimal_places=2
    )
    period_start = models.DateField(_("project start"))
    period_end = models.DateField(_("project end"))
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    approved_amount = models.DecimalField(
        _("approved amount"), null=True, blank=True, validators=NOT_NEGATIVE, max_digits=12, decimal_places=2
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=5000)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_without_reviews_reason = models.TextField(
        _("reason to decide without two reviews"), blank=True, max_length=2000
    )

    # The contact person's data and the secret link stay out of the change history: erasing them must erase them.
    history = HistoricalRecords(
        excluded_fields=["organisation_address", "contact_name", "contact_email", "contact_phone", "token"]
    )

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gt=0), name="fundingapplication_requested_positive"),
            models.CheckConstraint(
                condition=Q(own_contribution__gte=0), name="fundingapplication_own_contribution_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="fundingapplication_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (Q(approved_amount__gte=0) & Q(approved_amount__lte=F("requested_amount"))),
                name="fundingapplication_approved_within_requested",
            ),
            models.CheckConstraint(
                # NULL would pass a CHECK: the amount must be there, and positive.
                condition=~Q(status__in=GRANTED_STATUSES)
                | (Q(approved_amount__isnull=False) & Q(approved_amount__gt=0)),
                name="fundingapplication_granted_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def body(self) -> Body:
        return self.call.guideline.body

    @property
    def organisation(self) -> str:
        """The applicant's name: the actor's, once linked."""
        return self.applicant.name if self.applicant_id and self.applicant else self.organisation_name

    @property
    def is_granted(self) -> bool:
        return self.status in GRANTED_STATUSES

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end lies before the start.")})


class FundingAttachment(TimeStampedModel):
    """A file of an application (sent with it) or of a proof of use. Only those who manage funding download it."""

    application = models.ForeignKey(
        FundingApplication, verbose_name=_("funding application"), on_delete=models.CASCADE, related_name="attachments"
    )
    proof = models.ForeignKey(
        "ProofOfUse",
        verbose_name=_("proof of use"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to="network/funding/%Y/")
    file_name = models.CharField(_("file name"), max_length=120)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    by_applicant = models.BooleanField(_("sent by the applicant"), default=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "created", "pk"]

    def __str__(self) -> str:
        return self.file_name


class FundingReview(TimeStampedModel):
    """One of the two reviews of an application: the reviewer is assigned by the office and scores every criterion.
    A submitted review is final."""

    application = models.ForeignKey(
        FundingApplication, verbose_name=_("funding application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="funding_reviews",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="fundingreview_one_per_reviewer",
                violation_error_message=_("This person already reviews the application."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.reviewer}"


class FundingScore(models.Model):
    """The points a reviewer gives for one criterion."""

    review = models.ForeignKey(FundingReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        FundingCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="fundingscore_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class PaymentTranche(TimeStampedModel):
    """A part of the approved amount, paid out on a day. The tranches of an application never sum to more than the
    approved amount (checked by the service under a lock of the application)."""

    application = models.ForeignKey(
        FundingApplication, verbose_name=_("funding application"), on_delete=models.CASCADE, related_name="tranches"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment tranche")
        verbose_name_plural = _("payment tranches")
        ordering = ["application", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="paymenttranche_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.amount}"


class ProofOfUse(TimeStampedModel):
    """A proof of use (Verwendungsnachweis) requested from the applicant by a due date, then checked by the office."""

    application = models.ForeignKey(
        FundingApplication, verbose_name=_("funding application"), on_delete=models.CASCADE, related_name="proofs"
    )
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    applicant_note = models.TextField(_("note of the applicant"), blank=True, max_length=5000)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=20, choices=ProofResult.choices, blank=True)
    repay_amount = models.DecimalField(_("amount to repay"), null=True, blank=True, max_digits=12, decimal_places=2)
    note = models.TextField(_("note of the office"), blank=True, max_length=5000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proof of use")
        verbose_name_plural = _("proofs of use")
        ordering = ["application", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(repay_amount__isnull=True) | Q(repay_amount__gte=0), name="proofofuse_repay_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(result=ProofResult.REPAY) | (Q(repay_amount__isnull=False) & Q(repay_amount__gt=0)),
                name="proofofuse_repay_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.due_on:%d.%m.%Y}"


class FundingReminder(models.Model):
    """A reminder sent about a proof of use: once per kind and due date (a new due date is reminded anew)."""

    proof = models.ForeignKey(
        ProofOfUse, verbose_name=_("proof of use"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["proof", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proof", "kind", "due_on"], name="fundingreminder_once_per_due_date"),
        ]

    def __str__(self) -> str:
        return f"{self.proof}: {self.kind}"
