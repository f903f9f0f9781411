"""Writes of the funding of migrant organisations. Validate, then act: permission first, then the rules of the
domain and `full_clean()`, then save — all in one transaction, with the user recorded in the change history.

`actor` is the user who makes the change (`None`: the system — the demo, a command — or, for the public services
`funding_application_submit` and `proof_of_use_submit`, the applicant without an account). The network actor that
applies is passed as `applicant`/`network_actor`.

The path of an application: submitted → in_review (a reviewer is assigned) → approved / partly_approved / rejected
(the decision) → funded (a tranche is paid) → proof_due (a proof of use is requested) → proof_submitted → closed
(the proof is in order, or a repayment is set; queries send it back to proof_due).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.committees.services_papers import FILE_TYPES, check_upload, sanitise_file_name
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.core.templatetags.querschnitt import euro
from querschnitt.tenancy.models import Body, Role, RoleAssignment

from . import services as network_services
from .models import Actor, ActorKind
from .models_funding import (
    GRANTED_STATUSES,
    UNDECIDED_STATUSES,
    ApplicationStatus,
    CallStatus,
    FundingApplication,
    FundingAttachment,
    FundingCall,
    FundingCriterion,
    FundingGuideline,
    FundingReminder,
    FundingReview,
    FundingScore,
    GuidelineStatus,
    PaymentTranche,
    ProofOfUse,
    ProofResult,
    ReminderKind,
)
from .services import _apply, _next_order, _validated_save

logger = logging.getLogger(__name__)

MANAGE = "network.manage_funding"
# The wording an applicant agrees to is the label of the consent box on the public form
# (`forms_funding.PublicApplicationForm`); its version is stored with the application.
CONSENT_TEXT_VERSION = "foerderung-2026-1"
MAX_ATTACHMENTS = 5
REMINDER_DAYS = 14
# The kind an organisation becomes when the office adds it to the network from its application.
DEFAULT_APPLICANT_KIND = "Migrantenselbstorganisation"

GUIDELINE_FIELDS = {"title", "valid_from", "budget_line", "total_budget", "max_amount", "text", "areas"}
CRITERION_FIELDS = {"name", "description", "weight", "max_score", "order"}
CALL_FIELDS = {"title", "description", "opens_on", "deadline", "budget", "public", "status"}

StatusUrl = Callable[[str], str]


def _check_may_manage(actor: Any, body: Body) -> None:
    """`actor=None` is the system (the demo loader, a command)."""
    if actor is not None and not actor.has_perm(MANAGE, body):
        raise ApplicationError(_("You may not manage the funding of this body."))


def _money(value: Any) -> str:
    return euro(value, 2) if Decimal(value) % 1 else euro(value)


# --- Guidelines and their criteria -------------------------------------------------------------------------------


def funding_guideline_create(
    *, actor: Any, body: Body, title: str, valid_from: date, total_budget: Decimal, **fields: Any
) -> FundingGuideline:
    """A new guideline, as a draft in version 1."""
    _check_may_manage(actor, body)
    guideline = FundingGuideline(body=body, title=title.strip(), valid_from=valid_from, total_budget=total_budget)
    _apply(guideline, fields, GUIDELINE_FIELDS)
    if FundingGuideline.objects.filter(body=body, title__iexact=guideline.title).exists():
        raise ApplicationError(
            _("A guideline of this title exists already; create a new version of it instead."), field="title"
        )
    with transaction.atomic():
        _validated_save(actor, guideline)
    return guideline


def _check_draft(guideline: FundingGuideline) -> None:
    if guideline.status != GuidelineStatus.DRAFT:
        raise ApplicationError(
            _("A guideline in force is not changed: create a new version, change it and put it into force.")
        )


def funding_guideline_update(*, actor: Any, guideline: FundingGuideline, **changes: Any) -> FundingGuideline:
    _check_may_manage(actor, guideline.body)
    _check_draft(guideline)
    _apply(guideline, changes, GUIDELINE_FIELDS)
    clash = FundingGuideline.objects.filter(body=guideline.body_id, title__iexact=guideline.title)
    if clash.exclude(pk=guideline.pk).exclude(pk__in=_versions_of(guideline)).exists():
        raise ApplicationError(_("A guideline of this title exists already."), field="title")
    with transaction.atomic():
        _validated_save(actor, guideline)
    return guideline


def _versions_of(guideline: FundingGuideline) -> set[int]:
    """The primary keys of the guideline's earlier versions."""
    seen: set[int] = set()
    current = guideline.predecessor_id
    while current is not None and current not in seen:
        seen.add(current)
        current = FundingGuideline.objects.filter(pk=current).values_list("predecessor_id", flat=True).first()
    return seen


def funding_guideline_activate(*, actor: Any, guideline: FundingGuideline) -> FundingGuideline:
    """Put a draft into force; the version it was copied from is superseded (its calls keep it)."""
    _check_may_manage(actor, guideline.body)
    _check_draft(guideline)
    if not guideline.criteria.exists():
        raise ApplicationError(_("A guideline needs at least one criterion before it is put into force."))
    with transaction.atomic():
        guideline.status = GuidelineStatus.ACTIVE
        _validated_save(actor, guideline)
        if guideline.predecessor_id:
            for earlier in FundingGuideline.objects.filter(pk=guideline.predecessor_id, status=GuidelineStatus.ACTIVE):
                earlier.status = GuidelineStatus.SUPERSEDED
                _validated_save(actor, earlier)
    return guideline


def funding_guideline_new_version(*, actor: Any, guideline: FundingGuideline) -> FundingGuideline:
    """A draft copy of the guideline with its criteria, in the next version. It supersedes the guideline when it is
    put into force."""
    _check_may_manage(actor, guideline.body)
    if guideline.status == GuidelineStatus.DRAFT:
        raise ApplicationError(_("This version is still a draft: change it instead of copying it."))
    if guideline.successors.exists():
        raise ApplicationError(_("There is a newer version of this guideline already."))
    with transaction.atomic():
        copy = FundingGuideline(
            body=guideline.body,
            title=guideline.title,
            version=guideline.version + 1,
            predecessor=guideline,
            valid_from=max(guideline.valid_from, timezone.localdate()),
            budget_line=guideline.budget_line,
            total_budget=guideline.total_budget,
            max_amount=guideline.max_amount,
            text=guideline.text,
            areas=guideline.areas,
            status=GuidelineStatus.DRAFT,
        )
        _validated_save(actor, copy)
        for criterion in guideline.criteria.order_by("order", "pk"):
            _validated_save(
                actor,
                FundingCriterion(
                    guideline=copy,
                    name=criterion.name,
                    description=criterion.description,
                    weight=criterion.weight,
                    max_score=criterion.max_score,
                    order=criterion.order,
                ),
            )
    return copy


def funding_criterion_create(
    *, actor: Any, guideline: FundingGuideline, name: str, order: int | None = None, **fields: Any
) -> FundingCriterion:
    _check_may_manage(actor, guideline.body)
    _check_draft(guideline)
    criterion = FundingCriterion(guideline=guideline, name=name.strip())
    criterion.order = order if order is not None else _next_order(guideline.criteria.all())
    _apply(criterion, fields, CRITERION_FIELDS)
    with transaction.atomic():
        _validated_save(actor, criterion)
    return criterion


def funding_criterion_update(*, actor: Any, criterion: FundingCriterion, **changes: Any) -> FundingCriterion:
    _check_may_manage(actor, criterion.guideline.body)
    _check_draft(criterion.guideline)
    if changes.get("order", 0) is None:
        changes["order"] = criterion.order
    _apply(criterion, changes, CRITERION_FIELDS)
    with transaction.atomic():
        _validated_save(actor, criterion)
    return criterion


def funding_criterion_delete(*, actor: Any, criterion: FundingCriterion) -> None:
    _check_may_manage(actor, criterion.guideline.body)
    _check_draft(criterion.guideline)
    with transaction.atomic():
        record_actor(criterion, actor)
        criterion.delete()


# --- Calls -------------------------------------------------------------------------------------------------------


def _check_call(call: FundingCall) -> None:
    if call.guideline.status == GuidelineStatus.DRAFT:
        raise ApplicationError(_("A call needs a guideline in force; this one is still a draft."))
    if call.status == CallStatus.OPEN and call.guideline.status != GuidelineStatus.ACTIVE:
        raise ApplicationError(
            _("The guideline of this call has been superseded; open a call under its new version."), field="status"
        )


def funding_call_create(
    *,
    actor: Any,
    guideline: FundingGuideline,
    title: str,
    opens_on: date,
    deadline: datetime,
    budget: Decimal,
    **fields: Any,
) -> FundingCall:
    """A call under a guideline in force (a draft until it is opened)."""
    _check_may_manage(actor, guideline.body)
    call = FundingCall(guideline=guideline, title=title.strip(), opens_on=opens_on, deadline=deadline, budget=budget)
    _apply(call, fields, CALL_FIELDS)
    _check_call(call)
    with transaction.atomic():
        _validated_save(actor, call)
    return call


def funding_call_update(*, actor: Any, call: FundingCall, **changes: Any) -> FundingCall:
    _check_may_manage(actor, call.guideline.body)
    previous_status = call.status
    _apply(call, changes, CALL_FIELDS)
    if call.status == CallStatus.DRAFT and previous_status != CallStatus.DRAFT and call.applications.exists():
        raise ApplicationError(_("A call with applications cannot become a draft again."), field="status")
    _check_call(call)
    with transaction.atomic():
        _validated_save(actor, call)
    return call


# --- Applications ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationData:
    """What an applicant fills in on the form (everything but the files and the consent)."""

    organisation_name: str
    contact_name: str
    contact_email: str
    title: str
    description: str
    requested_amount: Decimal
    period_start: date
    period_end: date
    area: str = ""
    own_contribution: Decimal = Decimal("0")
    organisation_address: str = ""
    contact_phone: str = ""


def _check_call_accepts(call: FundingCall, now: datetime) -> None:
    """May the public apply to the call now? The deadline is compared in German time."""
    if not call.is_visible_publicly or call.status != CallStatus.OPEN:
        raise ApplicationError(_("This call does not accept applications."))
    if timezone.localtime(now).date() < call.opens_on:
        raise ApplicationError(
            _("Applications can be submitted from %(date)s.") % {"date": f"{call.opens_on:%d.%m.%Y}"}
        )
    if now > call.deadline:
        local = timezone.localtime(call.deadline)
        raise ApplicationError(
            _("The deadline for applications passed on %(date)s at %(time)s. Applications can no longer be submitted.")
            % {"date": f"{local:%d.%m.%Y}", "time": f"{local:%H:%M}"}
        )


def funding_call_refusal(call: FundingCall, now: datetime | None = None) -> str | None:
    """Why the public cannot apply to the call now (the German message), or None if it can."""
    try:
        _check_call_accepts(call, now or timezone.now())
    except ApplicationError as error:
        return str(error.message)
    return None


def _check_application(call: FundingCall, data: ApplicationData) -> None:
    guideline = call.guideline
    for field, label in (
        ("organisation_name", _("Please give the name of your organisation.")),
        ("contact_name", _("Please give the name of a contact person.")),
        ("contact_email", _("Please give an e-mail address for the confirmation.")),
        ("title", _("Please give the project a title.")),
        ("description", _("Please describe the project.")),
    ):
        if not str(getattr(data, field)).strip():
            raise ApplicationError(label, field=field)
    areas = guideline.area_list
    if areas and data.area not in areas:
        raise ApplicationError(_("Please choose one of the funding areas of the guideline."), field="area")
    if data.requested_amount <= 0:
        raise ApplicationError(_("Please give the amount you apply for."), field="requested_amount")
    if guideline.max_amount is not None and data.requested_amount > guideline.max_amount:
        raise ApplicationError(
            _("The guideline funds at most %(amount)s per application.") % {"amount": _money(guideline.max_amount)},
            field="requested_amount",
        )
    if data.own_contribution < 0:
        raise ApplicationError(_("The own contribution cannot be negative."), field="own_contribution")
    if data.period_end < data.period_start:
        raise ApplicationError(_("The end lies before the start."), field="period_end")


def _checked_files(files: Sequence[Any], *, field: str = "uploads") -> list[tuple[Any, str, str]]:
    """Check every upload before anything is written; returns (upload, safe name, content type)."""
    if len(files) > MAX_ATTACHMENTS:
        raise ApplicationError(_("Please attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, field=field)
    checked = []
    for upload in files:
        try:
            mime_type, suffix = check_upload(upload)
        except ApplicationError as error:
            raise ApplicationError(
                _("%(file)s: %(problem)s") % {"file": upload.name, "problem": error.message}, field=field
            ) from error
        checked.append(
            (upload, sanitise_file_name(str(upload.name or ""), suffix or FILE_TYPES[mime_type][0]), mime_type)
        )
    return checked


def _store_files(
    checked: list[tuple[Any, str, str]],
    *,
    application: FundingApplication,
    proof: ProofOfUse | None,
    by_applicant: bool,
) -> None:
    for upload, name, mime_type in checked:
        upload.name = name
        attachment = FundingAttachment(
            application=application,
            proof=proof,
            file=upload,
            file_name=name,
            mime_type=mime_type,
            size=upload.size,
            by_applicant=by_applicant,
        )
        attachment.full_clean(exclude=["file"])
        attachment.save()


def _next_reference(body: Body, year: int) -> str:
    """„FÖ-2026-0007“: numbered per body and year. Call inside a transaction: the body's row is locked meanwhile."""
    Body.objects.select_for_update().filter(pk=body.pk).first()
    prefix = f"FÖ-{year}-"
    taken = FundingApplication.objects.filter(call__guideline__body=body, reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    highest = max(
        (int(reference.removeprefix(prefix)) for reference in taken if reference[len(prefix) :].isdigit()), default=0
    )
    return f"{prefix}{highest + 1:04d}"


def funding_application_submit(
    *,
    call: FundingCall,
    data: ApplicationData,
    consent: bool,
    files: Sequence[Any] = (),
    status_url: StatusUrl | None = None,
    now: datetime | None = None,
    notify: bool = True,
) -> FundingApplication:
    """Submit an application to a public call, without an account. Refused after the deadline (German time), before
    the call opens, without consent, or with a file that does not pass the upload check — nothing is written then.
    The applicant gets a confirmation with the reference number and the secret link to the status page; the office
    gets a notice. `now` is the moment of submission (the demo records applications of the past)."""
    moment = now or timezone.now()
    _check_call_accepts(call, moment)
    if not consent:
        raise ApplicationError(
            _("Please agree to the processing of your data; without it we cannot process your application."),
            field="consent",
        )
    _check_application(call, data)
    checked = _checked_files(files)
    body = call.guideline.body
    with transaction.atomic():
        application = FundingApplication(
            call=call,
            organisation_name=" ".join(data.organisation_name.split()),
            organisation_address=data.organisation_address.strip(),
            contact_name=" ".join(data.contact_name.split()),
            contact_email=data.contact_email.strip(),
            contact_phone=data.contact_phone.strip(),
            title=data.title.strip(),
            description=data.description.strip(),
            area=data.area,
            requested_amount=data.requested_amount,
            own_contribution=data.own_contribution,
            period_start=data.period_start,
            period_end=data.period_end,
            consent_given_at=moment,
            consent_text_version=CONSENT_TEXT_VERSION,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=moment,
            token=secrets.token_urlsafe(32),
            reference=_next_reference(body, timezone.localtime(moment).year),
        )
        _validated_save(None, application)
        _store_files(checked, application=application, proof=None, by_applicant=True)
    if notify:
        link = status_url(application.token) if status_url else ""
        _send(
            [application.contact_email],
            _("Your application %(reference)s has been received") % {"reference": application.reference},
            "network/funding/email/confirmation.txt",
            {"application": application, "call": call, "body": body, "status_url": link},
        )
        _send(
            _office_addresses(body),
            _("New funding application %(reference)s: %(title)s")
            % {"reference": application.reference, "title": application.title},
            "network/funding/email/office_notice.txt",
            {"application": application, "call": call, "body": body},
        )
    return application


def _office_addresses(body: Body) -> list[str]:
    """The e-mail addresses of those who run funding in the body (office and integration centre)."""
    addresses = (
        RoleAssignment.objects.filter(body=body, role__in=[Role.OFFICE, Role.INTEGRATION_CENTRE], user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(set(addresses))


def _send(recipients: list[str], subject: str, template: str, context: dict[str, Any]) -> bool:
    """One e-mail (each recipient sees only their own address). A failure is logged, never raised: what was
    written stands either way."""
    if not recipients:
        return False
    body_text = render_to_string(template, context)
    try:
        for address in recipients:
            EmailMessage(subject=subject, body=body_text, to=[address]).send()
    except OSError:
        logger.warning("Funding e-mail %r could not be sent", subject, exc_info=True)
        return False
    return True


def funding_application_link_actor(
    *, actor: Any, application: FundingApplication, network_actor: Actor | None = None, kind: ActorKind | None = None
) -> Actor:
    """Link the application to an actor of the body: the one given, the one of the organisation's name (any case),
    or a new actor of that name (kind Migrantenselbstorganisation unless another is given). This is how the
    network grows from its applications. No personal data of the contact person is copied."""
    body = application.call.guideline.body
    _check_may_manage(actor, body)
    if network_actor is not None and network_actor.body_id != body.pk:
        raise ApplicationError(_("The actor belongs to another body."), field="network_actor")
    with transaction.atomic():
        if network_actor is None:
            network_actor = Actor.objects.filter(body=body, name__iexact=application.organisation_name).first()
        if network_actor is None:
            network_services.actor_kinds_ensure_defaults()
            if kind is None:
                kind = ActorKind.objects.filter(body=None, name=DEFAULT_APPLICANT_KIND).first()
            if kind is None:
                raise ApplicationError(_("Please choose the kind of the new actor."), field="kind")
            network_actor = network_services.actor_create(
                actor=actor,
                body=body,
                name=application.organisation_name,
                kind=kind,
                description=_("Added from the funding application %(reference)s.")
                % {"reference": application.reference},
            )
        application.applicant = network_actor
        _validated_save(actor, application)
    return network_actor


# --- Review ------------------------------------------------------------------------------------------------------


def funding_reviewer_assign(*, actor: Any, application: FundingApplication, reviewer: Any) -> FundingReview:
    """Assign one of the two reviewers. A reviewer runs funding in the body, and reviews an application once."""
    body = application.call.guideline.body
    _check_may_manage(actor, body)
    if application.status not in UNDECIDED_STATUSES:
        raise ApplicationError(_("The application has been decided; reviewers can no longer be assigned."))
    if reviewer is None or not reviewer.is_active or not reviewer.has_perm(MANAGE, body):
        raise ApplicationError(
            _("Reviewers are people of the committee office or the integration centre of this body."), field="reviewer"
        )
    with transaction.atomic():
        locked = FundingApplication.objects.select_for_update().get(pk=application.pk)
        reviews = FundingReview.objects.filter(application=locked)
        if reviews.filter(reviewer=reviewer).exists():
            raise ApplicationError(_("This person already reviews the application."), field="reviewer")
        if reviews.count() >= 2:
            raise ApplicationError(_("The application has two reviewers already."), field="reviewer")
        review = FundingReview(application=locked, reviewer=reviewer, assigned_by=actor)
        review.full_clean()
        review.save()
        if locked.status == ApplicationStatus.SUBMITTED:
            locked.status = ApplicationStatus.IN_REVIEW
            _validated_save(actor, locked)
    application.refresh_from_db()
    return review


def funding_reviewer_remove(*, actor: Any, review: FundingReview) -> None:
    """Take back an assignment whose review has not been submitted."""
    _check_may_manage(actor, review.application.call.guideline.body)
    if review.submitted_at is not None:
        raise ApplicationError(_("A submitted review stays with the application."))
    with transaction.atomic():
        review.delete()


def funding_review_submit(
    *, actor: Any, review: FundingReview, scores: dict[int, int], comment: str = ""
) -> FundingReview:
    """The reviewer's scores for every criterion of the guideline, and a comment. Only the assigned reviewer submits,
    once; the review cannot be changed afterwards."""
    application = review.application
    _check_may_manage(actor, application.call.guideline.body)
    if actor is None or review.reviewer_id != actor.pk:
        raise ApplicationError(_("Only the assigned reviewer submits this review."))
    if review.submitted_at is not None:
        raise ApplicationError(_("This review has been submitted already."))
    if application.status not in UNDECIDED_STATUSES:
        raise ApplicationError(_("The application has been decided; it is no longer reviewed."))
    criteria = list(application.call.guideline.criteria.order_by("order", "pk"))
    rows = []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            raise ApplicationError(
                _("Please score “%(criterion)s”.") % {"criterion": criterion.name}, field=f"criterion_{criterion.pk}"
            )
        if not 0 <= score <= criterion.max_score:
            raise ApplicationError(
                _("“%(criterion)s” is scored from 0 to %(max)s points.")
                % {"criterion": criterion.name, "max": criterion.max_score},
                field=f"criterion_{criterion.pk}",
            )
        rows.append(FundingScore(review=review, criterion=criterion, score=score))
    if set(scores) - {criterion.pk for criterion in criteria}:
        raise ApplicationError(_("Scores can only be given for the criteria of the guideline."))
    with transaction.atomic():
        locked = FundingReview.objects.select_for_update().get(pk=review.pk)
        if locked.submitted_at is not None:
            raise ApplicationError(_("This review has been submitted already."))
        FundingScore.objects.bulk_create(rows)
        review.comment = comment.strip()
        review.submitted_at = timezone.now()
        review.full_clean()
        review.save()
    return review


# --- Decision ----------------------------------------------------------------------------------------------------


def funding_application_decide(
    *,
    actor: Any,
    application: FundingApplication,
    approve: bool,
    reason: str,
    approved_amount: Decimal | None = None,
    decided_on: date | None = None,
    without_reviews_reason: str = "",
) -> FundingApplication:
    """The office's decision: approve the requested amount or part of it, or reject. Refused before two reviews have
    been submitted, unless a reason to decide without them is recorded."""
    body = application.call.guideline.body
    _check_may_manage(actor, body)
    if application.status not in UNDECIDED_STATUSES:
        raise ApplicationError(_("The application has been decided already."))
    reason, without_reviews_reason = reason.strip(), without_reviews_reason.strip()
    day = decided_on or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("A decision cannot be dated in the future."), field="decided_on")
    submitted = application.reviews.filter(submitted_at__isnull=False).count()
    if submitted < 2 and not without_reviews_reason:
        raise ApplicationError(
            _(
                "Two reviews are needed before the decision (%(count)s submitted). To decide without them, record "
                "the reason."
            )
            % {"count": submitted},
            field="without_reviews_reason",
        )
    if not reason:
        raise ApplicationError(_("Please give the reason for the decision."), field="reason")
    guideline = application.call.guideline
    with transaction.atomic():
        locked = FundingApplication.objects.select_for_update().select_related("call__guideline").get(pk=application.pk)
        if approve:
            if approved_amount is None or approved_amount <= 0:
                raise ApplicationError(_("Please give the approved amount."), field="approved_amount")
            if approved_amount > locked.requested_amount:
                raise ApplicationError(
                    _("The approved amount cannot exceed the requested %(amount)s.")
                    % {"amount": _money(locked.requested_amount)},
                    field="approved_amount",
                )
            if guideline.max_amount is not None and approved_amount > guideline.max_amount:
                raise ApplicationError(
                    _("The guideline funds at most %(amount)s per application.")
                    % {"amount": _money(guideline.max_amount)},
                    field="approved_amount",
                )
            granted = FundingApplication.objects.filter(call=locked.call, status__in=GRANTED_STATUSES).exclude(
                pk=locked.pk
            ).aggregate(total=models.Sum("approved_amount"))["total"] or Decimal("0")
            left = locked.call.budget - granted
            if approved_amount > left:
                raise ApplicationError(
                    _("The approval exceeds what is left of the call's budget (%(left)s).") % {"left": _money(left)},
                    field="approved_amount",
                )
            locked.approved_amount = approved_amount
            locked.status = (
                ApplicationStatus.APPROVED
                if approved_amount == locked.requested_amount
                else ApplicationStatus.PARTLY_APPROVED
            )
        else:
            locked.approved_amount = None
            locked.status = ApplicationStatus.REJECTED
        locked.decision_reason = reason
        locked.decided_on = day
        locked.decided_by = actor
        locked.decided_without_reviews_reason = without_reviews_reason if submitted < 2 else ""
        _validated_save(actor, locked)
    application.refresh_from_db()
    return application


# --- Payments ----------------------------------------------------------------------------------------------------

PAYABLE_STATUSES = (
    ApplicationStatus.APPROVED,
    ApplicationStatus.PARTLY_APPROVED,
    ApplicationStatus.FUNDED,
    ApplicationStatus.PROOF_DUE,
    ApplicationStatus.PROOF_SUBMITTED,
)


def _mark_funded(actor: Any, application: FundingApplication) -> None:
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.PARTLY_APPROVED):
        application.status = ApplicationStatus.FUNDED
        _validated_save(actor, application)


def payment_tranche_create(
    *,
    actor: Any,
    application: FundingApplication,
    amount: Decimal,
    due_on: date,
    paid_on: date | None = None,
    note: str = "",
) -> PaymentTranche:
    """A tranche of the approved amount. All tranches together never exceed it."""
    _check_may_manage(actor, application.call.guideline.body)
    if application.status not in PAYABLE_STATUSES:
        raise ApplicationError(_("Tranches are paid only on approved applications."))
    if amount is None or amount <= 0:
        raise ApplicationError(_("Please give the amount of the tranche."), field="amount")
    if paid_on is not None and paid_on > timezone.localdate():
        raise ApplicationError(_("A payment cannot be dated in the future."), field="paid_on")
    with transaction.atomic():
        locked = FundingApplication.objects.select_for_update().get(pk=application.pk)
        planned = locked.tranches.aggregate(total=models.Sum("amount"))["total"] or Decimal("0")
        approved = locked.approved_amount or Decimal("0")
        if planned + amount > approved:
            raise ApplicationError(
                _(
                    "The tranches would exceed the approved amount of %(approved)s: %(planned)s are planned already, "
                    "%(left)s are left."
                )
                % {"approved": _money(approved), "planned": _money(planned), "left": _money(approved - planned)},
                field="amount",
            )
        tranche = PaymentTranche(application=locked, amount=amount, due_on=due_on, paid_on=paid_on, note=note.strip())
        _validated_save(actor, tranche)
        if paid_on is not None:
            _mark_funded(actor, locked)
    application.refresh_from_db()
    return tranche


def payment_tranche_mark_paid(*, actor: Any, tranche: PaymentTranche, paid_on: date | None = None) -> PaymentTranche:
    application = tranche.application
    _check_may_manage(actor, application.call.guideline.body)
    if tranche.paid_on is not None:
        raise ApplicationError(_("This tranche has been paid already."))
    day = paid_on or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("A payment cannot be dated in the future."), field="paid_on")
    with transaction.atomic():
        tranche.paid_on = day
        _validated_save(actor, tranche)
        _mark_funded(actor, FundingApplication.objects.select_for_update().get(pk=application.pk))
    return tranche


def payment_tranche_delete(*, actor: Any, tranche: PaymentTranche) -> None:
    _check_may_manage(actor, tranche.application.call.guideline.body)
    if tranche.paid_on is not None:
        raise ApplicationError(_("A paid tranche stays on record."))
    with transaction.atomic():
        record_actor(tranche, actor)
        tranche.delete()


# --- Proof of use ------------------------------------------------------------------------------------------------


def proof_of_use_create(*, actor: Any, application: FundingApplication, due_on: date) -> ProofOfUse:
    """Ask for a proof of use by a due date; the application waits for it (`proof_due`)."""
    _check_may_manage(actor, application.call.guideline.body)
    if application.status not in PAYABLE_STATUSES:
        raise ApplicationError(_("A proof of use is asked only of approved applications."))
    if application.proofs.filter(checked_on__isnull=True).exists():
        raise ApplicationError(_("A proof of use is still open for this application."))
    with transaction.atomic():
        proof = ProofOfUse(application=application, due_on=due_on)
        _validated_save(actor, proof)
        application.status = ApplicationStatus.PROOF_DUE
        _validated_save(actor, application)
    return proof


def proof_of_use_update_due_date(*, actor: Any, proof: ProofOfUse, due_on: date) -> ProofOfUse:
    """Move the due date of an open proof (a new date is reminded anew)."""
    _check_may_manage(actor, proof.application.call.guideline.body)
    if proof.result in (ProofResult.OK, ProofResult.REPAY):
        raise ApplicationError(_("This proof of use has been checked."))
    proof.due_on = due_on
    with transaction.atomic():
        _validated_save(actor, proof)
    return proof


def proof_of_use_submit(
    *,
    actor: Any,
    proof: ProofOfUse,
    note: str = "",
    files: Sequence[Any] = (),
    submitted_on: date | None = None,
    notify: bool = True,
) -> ProofOfUse:
    """The proof of use arrives: sent by the applicant through their status link (`actor=None`, with at least one
    file), or recorded by the office (received by post)."""
    application = proof.application
    body = application.call.guideline.body
    if actor is not None:
        _check_may_manage(actor, body)
    if application.status != ApplicationStatus.PROOF_DUE or proof.result in (ProofResult.OK, ProofResult.REPAY):
        raise ApplicationError(_("No proof of use is expected for this application now."))
    if actor is None and not files:
        raise ApplicationError(_("Please attach the proof of use."), field="uploads")
    checked = _checked_files(files)
    day = submitted_on or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("A proof cannot arrive in the future."), field="submitted_on")
    with transaction.atomic():
        proof.submitted_on = day
        if note.strip():
            proof.applicant_note = note.strip()
        _validated_save(actor, proof)
        _store_files(checked, application=application, proof=proof, by_applicant=actor is None)
        application.status = ApplicationStatus.PROOF_SUBMITTED
        _validated_save(actor, application)
    if notify and actor is None:
        _send(
            _office_addresses(body),
            _("Proof of use received for %(reference)s") % {"reference": application.reference},
            "network/funding/email/proof_notice.txt",
            {"application": application, "proof": proof, "body": body},
        )
    return proof


def proof_of_use_check(
    *,
    actor: Any,
    proof: ProofOfUse,
    result: str,
    note: str = "",
    repay_amount: Decimal | None = None,
    checked_on: date | None = None,
) -> ProofOfUse:
    """The office's check of a submitted proof: in order (the application is closed), queries (the applicant is
    asked again; the proof is due again) or a repayment of an amount (closed)."""
    application = proof.application
    _check_may_manage(actor, application.call.guideline.body)
    if proof.submitted_on is None or application.status != ApplicationStatus.PROOF_SUBMITTED:
        raise ApplicationError(_("The proof of use has not been submitted yet."))
    if result not in ProofResult.values:
        raise ApplicationError(_("Please choose the result of the check."), field="result")
    day = checked_on or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("A check cannot be dated in the future."), field="checked_on")
    if result == ProofResult.REPAY:
        paid = application.tranches.filter(paid_on__isnull=False).aggregate(total=models.Sum("amount"))["total"] or 0
        if repay_amount is None or repay_amount <= 0:
            raise ApplicationError(_("Please give the amount to repay."), field="repay_amount")
        if repay_amount > paid:
            raise ApplicationError(
                _("More cannot be reclaimed than has been paid (%(paid)s).") % {"paid": _money(paid)},
                field="repay_amount",
            )
    else:
        repay_amount = None
    if result == ProofResult.QUERIES and not note.strip():
        raise ApplicationError(_("Please write down the queries for the applicant."), field="note")
    with transaction.atomic():
        proof.result, proof.repay_amount, proof.note = result, repay_amount, note.strip()
        proof.checked_on, proof.checked_by = day, actor
        _validated_save(actor, proof)
        application.status = ApplicationStatus.PROOF_DUE if result == ProofResult.QUERIES else ApplicationStatus.CLOSED
        _validated_save(actor, application)
    return proof


# --- Reminders ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderResult:
    due_soon: int
    overdue: int


def funding_reminders_send(
    *, today: date | None = None, status_url: StatusUrl | None = None, bodies: Iterable[Body] | None = None
) -> ReminderResult:
    """E-mail applicants and the office about proofs of use due within 14 days or overdue. Each reminder is sent
    once per proof, kind and due date (recorded in `FundingReminder`); moving the due date reminds anew."""
    day = today or timezone.localdate()
    proofs = (
        ProofOfUse.objects.filter(
            application__status=ApplicationStatus.PROOF_DUE, due_on__lte=day + timedelta(days=REMINDER_DAYS)
        )
        .select_related("application__call__guideline__body")
        .order_by("due_on", "pk")
    )
    if bodies is not None:
        proofs = proofs.filter(application__call__guideline__body__in=list(bodies))
    counts = {ReminderKind.DUE_SOON: 0, ReminderKind.OVERDUE: 0}
    for proof in proofs:
        kind = ReminderKind.OVERDUE if proof.due_on < day else ReminderKind.DUE_SOON
        with transaction.atomic():
            _reminder, created = FundingReminder.objects.get_or_create(proof=proof, kind=kind, due_on=proof.due_on)
            if not created:
                continue
            application = proof.application
            body = application.call.guideline.body
            context = {
                "application": application,
                "proof": proof,
                "body": body,
                "overdue": kind == ReminderKind.OVERDUE,
                "status_url": status_url(application.token) if status_url else "",
            }
            if kind == ReminderKind.OVERDUE:
                subject = _("Proof of use overdue: %(reference)s") % {"reference": application.reference}
            else:
                subject = _("Proof of use due on %(date)s: %(reference)s") % {
                    "date": f"{proof.due_on:%d.%m.%Y}",
                    "reference": application.reference,
                }
            _send([application.contact_email], subject, "network/funding/email/reminder_applicant.txt", context)
            _send(_office_addresses(body), subject, "network/funding/email/reminder_office.txt", context)
        counts[kind] += 1
    return ReminderResult(due_soon=counts[ReminderKind.DUE_SOON], overdue=counts[ReminderKind.OVERDUE])
