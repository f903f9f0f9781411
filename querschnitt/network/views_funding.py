"""Views of the funding of migrant organisations. Public: the open calls of a body, a call's page and its
application form (no account), and an applicant's status page by the secret link of their confirmation. Internal
(office and integration centre): guidelines with criteria, calls with their applications and overviews, the
application with its reviews, decision, tranches and proof of use. Thin: fetch, call one service, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.history import history_entries
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import exports_funding
from . import forms_funding as forms
from . import models as m
from . import selectors_funding as selectors
from . import services_funding as services
from .access import access_network_object
from .models_funding import UNDECIDED_STATUSES, ApplicationStatus

MANAGE = services.MANAGE
EDIT_TEMPLATE = "network/funding/edit.html"


def _may_manage(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm(MANAGE, body)


def _require_manage(request: HttpRequest, body: Any) -> None:
    require_perm(request.user, MANAGE, body)


def _status_url(request: HttpRequest) -> services.StatusUrl:
    return lambda token: request.build_absolute_uri(
        reverse("funding:status", kwargs={"fundingapplication_token": token})
    )


def guideline_url(guideline: m.FundingGuideline) -> str:
    return reverse("funding:guideline", kwargs={"body": guideline.body.slug, "fundingguideline": guideline.pk})


def call_url(call: m.FundingCall) -> str:
    return reverse("funding:call", kwargs={"body": call.guideline.body.slug, "fundingcall": call.pk})


def application_url(application: m.FundingApplication, anchor: str = "") -> str:
    url = reverse(
        "funding:application",
        kwargs={"body": application.call.guideline.body.slug, "fundingapplication": application.pk},
    )
    return url + (f"#{anchor}" if anchor else "")


def _guideline(request: HttpRequest, body: Any, pk: int, **kwargs: Any) -> m.FundingGuideline:
    return access_network_object(request.user, body, m.FundingGuideline, pk, **kwargs)


def _call(request: HttpRequest, body: Any, pk: int) -> m.FundingCall:
    return access_network_object(request.user, body, m.FundingCall, pk, queryset=selectors.call_queryset())


def _application(request: HttpRequest, body: Any, pk: int, **kwargs: Any) -> m.FundingApplication:
    kwargs.setdefault("queryset", m.FundingApplication.objects.select_related("call__guideline__body", "applicant"))
    return access_network_object(request.user, body, m.FundingApplication, pk, **kwargs)


def _edit_page(
    request: HttpRequest,
    *,
    body: Any,
    form: Any,
    heading: str,
    back: str,
    act: Any,
    success: Any,
    next_url: Any,
    **extra: Any,
) -> HttpResponse:
    return form_page(
        request,
        form=form,
        template=EDIT_TEMPLATE,
        context={"body": body, "heading": heading, "back": back, **extra},
        act=act,
        success=success,
        next_url=next_url,
    )


def _post_action(request: HttpRequest, act: Any, success: str, back: str) -> HttpResponse:
    """A button's POST: call the service, show its message, go back."""
    try:
        act()
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect(back)


def _download(content: bytes, *, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.csv"'
    return response


# --- Public ------------------------------------------------------------------------------------------------------


@require_safe
def public_calls(request, body):
    """The body's open public calls: everyone may read them and apply."""
    body = access_body(body)
    return render(
        request,
        "network/funding/public_calls.html",
        {"body": body, "calls": selectors.open_public_calls(body), "can_manage": _may_manage(request, body)},
    )


def _public_call(request: HttpRequest, body: Any, pk: int) -> m.FundingCall:
    """A call of the body that the public may see; those who run funding also see a preview of the others."""
    call = get_object_or_404(selectors.call_queryset(), pk=pk, guideline__body=body)
    if not call.is_visible_publicly and not _may_manage(request, body):
        raise Http404
    return call


@require_safe
def public_call(request, body, fundingcall):
    body = access_body(body)
    call = _public_call(request, body, fundingcall)
    return render(
        request,
        "network/funding/public_call.html",
        {
            "body": body,
            "call": call,
            "guideline": call.guideline,
            "criteria": call.guideline.criteria.order_by("order", "pk"),
            "refusal": services.funding_call_refusal(call),
            "can_manage": _may_manage(request, body),
        },
    )


def apply(request, body, fundingcall):
    """The application form: no account needed. After the deadline it says so and takes nothing."""
    body = access_body(body)
    call = _public_call(request, body, fundingcall)
    refusal = services.funding_call_refusal(call)
    form = forms.PublicApplicationForm(request.POST or None, request.FILES or None, guideline=call.guideline)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.funding_application_submit(
                call=call,
                data=form.application_data(),
                consent=form.cleaned_data["consent"],
                files=form.cleaned_data.get("uploads") or [],
                status_url=_status_url(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your application has been received under the reference number %(reference)s. We "
                    "have sent you a confirmation e-mail with the link to this page."
                )
                % {"reference": application.reference},
            )
            return redirect("funding:status", fundingapplication_token=application.token)
    return render(
        request,
        "network/funding/apply.html",
        {"body": body, "call": call, "form": form, "refusal": refusal},
    )


def status(request, fundingapplication_token):
    """The applicant's page, reached by the secret link of the confirmation: this application and nothing else.
    While a proof of use is due, the applicant sends it here."""
    if not fundingapplication_token or len(fundingapplication_token) > 64:
        raise Http404
    application = get_object_or_404(selectors.application_by_token_queryset(), token=fundingapplication_token)
    open_proof = next((proof for proof in application.proofs.all() if proof.result not in ("ok", "repay")), None)
    proof_expected = application.status == ApplicationStatus.PROOF_DUE and open_proof is not None
    form = forms.ApplicantProofForm(request.POST or None, request.FILES or None) if proof_expected else None
    if request.method == "POST":
        if form is None or open_proof is None:
            messages.error(request, _("No proof of use is expected for this application now."))
            return redirect(request.path)
        if form.is_valid():
            try:
                services.proof_of_use_submit(
                    actor=None, proof=open_proof, note=form.cleaned_data["note"], files=form.cleaned_data["uploads"]
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Thank you: your proof of use has been received."))
                return redirect(request.path)
    paid = sum((tranche.amount for tranche in application.tranches.all() if tranche.paid_on), Decimal("0"))
    return render(
        request,
        "network/funding/status.html",
        {
            "application": application,
            "call": application.call,
            "body": application.call.guideline.body,
            "paid": paid,
            "open_proof": open_proof if proof_expected else None,
            "form": form,
        },
    )


# --- Internal: start page, guidelines, criteria ----------------------------------------------------------------


@login_required
@require_safe
def home(request, body):
    """Funding at a glance for those who run it: guidelines, calls, my open reviews, proofs of use due."""
    body = access_body(body)
    _require_manage(request, body)
    return render(
        request,
        "network/funding/home.html",
        {
            "body": body,
            "guidelines": selectors.guidelines_of_body(body),
            "calls": selectors.calls_of_body(body),
            "open_reviews": selectors.open_reviews_of(request.user, body),
            "proofs": selectors.proofs_due(body),
            "today": timezone.localdate(),
        },
    )


@login_required
def guideline_create(request, body):
    body = access_body(body)
    _require_manage(request, body)
    return _edit_page(
        request,
        body=body,
        form=forms.GuidelineForm(request.POST or None),
        heading=_("New funding guideline"),
        back=reverse("funding:home", kwargs={"body": body.slug}),
        intro=_("A new guideline starts as a draft. Add its criteria, then put it into force."),
        act=lambda data: services.funding_guideline_create(actor=request.user, body=body, **data),
        success=_("The guideline has been created as a draft."),
        next_url=guideline_url,
    )


@login_required
@require_safe
def guideline_detail(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline, queryset=selectors.guideline_queryset())
    criteria = list(guideline.criteria.all())
    return render(
        request,
        "network/funding/guideline_detail.html",
        {
            "body": body,
            "guideline": guideline,
            "criteria": criteria,
            "weight_total": sum(criterion.weight for criterion in criteria),
            "calls": selectors.calls_of_guideline(guideline),
            "overview": selectors.funding_overview(
                selectors.applications_of_guideline(guideline), areas=guideline.area_list
            ),
            "export_url": reverse(
                "funding:guideline_export", kwargs={"body": body.slug, "fundingguideline": guideline.pk}
            ),
        },
    )


@login_required
def guideline_edit(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline)
    return _edit_page(
        request,
        body=body,
        form=forms.GuidelineForm(request.POST or None, instance=guideline),
        heading=_("Edit funding guideline"),
        back=guideline_url(guideline),
        act=lambda data: services.funding_guideline_update(actor=request.user, guideline=guideline, **data),
        success=_("The guideline has been saved."),
        next_url=guideline_url,
    )


@login_required
@require_POST
def guideline_activate(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline)
    return _post_action(
        request,
        lambda: services.funding_guideline_activate(actor=request.user, guideline=guideline),
        _("The guideline is in force."),
        guideline_url(guideline),
    )


@login_required
@require_POST
def guideline_new_version(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline)
    try:
        copy = services.funding_guideline_new_version(actor=request.user, guideline=guideline)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(guideline_url(guideline))
    messages.success(
        request,
        _("Version %(version)s has been created as a draft with the criteria of the previous one.")
        % {"version": copy.version},
    )
    return redirect(guideline_url(copy))


@login_required
@require_safe
def guideline_history(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline)
    records = guideline.history.select_related("history_user").order_by("-history_date")[:100]
    return render(
        request,
        "network/history.html",
        {"body": body, "object": guideline, "entries": history_entries(records), "back": guideline_url(guideline)},
    )


@login_required
@require_safe
def guideline_export(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline)
    applications = selectors.applications_of_guideline(guideline)
    return _download(exports_funding.applications_csv(exports_funding.export_rows(applications)), name="foerderung")


@login_required
def criterion_create(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline)
    return _edit_page(
        request,
        body=body,
        form=forms.CriterionForm(request.POST or None),
        heading=_("New criterion of %(guideline)s") % {"guideline": guideline},
        back=guideline_url(guideline) + "#kriterien",
        act=lambda data: services.funding_criterion_create(actor=request.user, guideline=guideline, **data),
        success=_("The criterion has been added."),
        next_url=lambda criterion: guideline_url(guideline) + "#kriterien",
    )


def _criterion(request: HttpRequest, body: Any, pk: int) -> m.FundingCriterion:
    return access_network_object(
        request.user,
        body,
        m.FundingCriterion,
        pk,
        queryset=m.FundingCriterion.objects.select_related("guideline__body"),
    )


@login_required
def criterion_edit(request, body, fundingcriterion):
    body = access_body(body)
    criterion = _criterion(request, body, fundingcriterion)
    back = guideline_url(criterion.guideline) + "#kriterien"
    return _edit_page(
        request,
        body=body,
        form=forms.CriterionForm(request.POST or None, instance=criterion),
        heading=_("Edit criterion"),
        back=back,
        act=lambda data: services.funding_criterion_update(actor=request.user, criterion=criterion, **data),
        success=_("The criterion has been saved."),
        next_url=lambda _criterion: back,
    )


@login_required
@require_POST
def criterion_delete(request, body, fundingcriterion):
    body = access_body(body)
    criterion = _criterion(request, body, fundingcriterion)
    return _post_action(
        request,
        lambda: services.funding_criterion_delete(actor=request.user, criterion=criterion),
        _("The criterion has been removed."),
        guideline_url(criterion.guideline) + "#kriterien",
    )


# --- Internal: calls ---------------------------------------------------------------------------------------------


@login_required
def call_create(request, body, fundingguideline):
    body = access_body(body)
    guideline = _guideline(request, body, fundingguideline)
    return _edit_page(
        request,
        body=body,
        form=forms.CallForm(request.POST or None, initial={"budget": guideline.total_budget}),
        heading=_("New call under %(guideline)s") % {"guideline": guideline},
        back=guideline_url(guideline),
        intro=_(
            "The deadline is the last moment (German time) at which the form takes applications. A public call in "
            "the status “open” has a public page with the application form."
        ),
        act=lambda data: services.funding_call_create(actor=request.user, guideline=guideline, **data),
        success=_("The call has been created."),
        next_url=call_url,
    )


@login_required
@require_safe
def call_detail(request, body, fundingcall):
    body = access_body(body)
    call = _call(request, body, fundingcall)
    areas = call.guideline.area_list
    filter_form = forms.ApplicationFilterForm(request.GET or None, areas=areas)
    applications = list(selectors.applications_of_call(call, **filter_form.filters()))
    rows = [
        (
            application,
            selectors.application_total(application),
            sum(1 for review in application.reviews.all() if review.submitted_at is not None),
        )
        for application in applications
    ]
    return render(
        request,
        "network/funding/call_detail.html",
        {
            "body": body,
            "call": call,
            "guideline": call.guideline,
            "filter_form": filter_form,
            "rows": rows,
            "overview": selectors.funding_overview(call.applications.all(), areas=areas),
            "refusal": services.funding_call_refusal(call),
            "public_url": request.build_absolute_uri(
                reverse("funding:public_call", kwargs={"body": body.slug, "fundingcall": call.pk})
            ),
            "export_url": reverse("funding:call_export", kwargs={"body": body.slug, "fundingcall": call.pk}),
        },
    )


@login_required
def call_edit(request, body, fundingcall):
    body = access_body(body)
    call = _call(request, body, fundingcall)
    return _edit_page(
        request,
        body=body,
        form=forms.CallForm(request.POST or None, instance=call),
        heading=_("Edit call"),
        back=call_url(call),
        act=lambda data: services.funding_call_update(actor=request.user, call=call, **data),
        success=_("The call has been saved."),
        next_url=call_url,
    )


@login_required
@require_safe
def call_export(request, body, fundingcall):
    body = access_body(body)
    call = _call(request, body, fundingcall)
    return _download(
        exports_funding.applications_csv(exports_funding.export_rows(call.applications.all())), name="foerderaufruf"
    )


# --- Internal: one application ---------------------------------------------------------------------------------


@login_required
@require_safe
def application_detail(request, body, fundingapplication):
    body = access_body(body)
    application = _application(request, body, fundingapplication, queryset=selectors.application_queryset())
    reviews = selectors.reviews_for(request.user, application)
    submitted = sum(1 for view in reviews if view.review.submitted_at is not None)
    tranches = list(application.tranches.all())
    proofs = list(application.proofs.all())
    suggestion = None
    if application.applicant_id is None:
        suggestion = m.Actor.objects.filter(body=body, name__iexact=application.organisation_name).first()
    return render(
        request,
        "network/funding/application_detail.html",
        {
            "body": body,
            "application": application,
            "call": application.call,
            "criteria": list(application.call.guideline.criteria.all()),
            "reviews": reviews,
            "submitted_reviews": submitted,
            "total": selectors.application_total(application) if submitted >= 2 else None,
            "may_assign": application.status in UNDECIDED_STATUSES and len(reviews) < 2,
            "undecided": application.status in UNDECIDED_STATUSES,
            "payable": application.status in services.PAYABLE_STATUSES,
            "tranches": tranches,
            "planned": sum((tranche.amount for tranche in tranches), Decimal("0")),
            "paid": sum((tranche.amount for tranche in tranches if tranche.paid_on), Decimal("0")),
            "proofs": proofs,
            "open_proof": next(
                (proof for proof in proofs if proof.checked_on is None or proof.result == "queries"), None
            ),
            "suggestion": suggestion,
            # The measures that name this project as funded (declared in strategy, the higher app).
            "measures": application.measures.select_related("concept").order_by("title"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_safe
def application_history(request, body, fundingapplication):
    body = access_body(body)
    application = _application(request, body, fundingapplication)
    records = application.history.select_related("history_user").order_by("-history_date")[:100]
    return render(
        request,
        "network/history.html",
        {
            "body": body,
            "object": application,
            "entries": history_entries(records),
            "back": application_url(application),
        },
    )


@login_required
def reviewer_assign(request, body, fundingapplication):
    body = access_body(body)
    application = _application(request, body, fundingapplication)
    form = forms.ReviewerAssignForm(request.POST or None, reviewers=selectors.possible_reviewers(body, application))
    return _edit_page(
        request,
        body=body,
        form=form,
        heading=_("Assign a reviewer to %(reference)s") % {"reference": application.reference},
        back=application_url(application, "gutachten"),
        intro=_(
            "Every application is reviewed by two people of the committee office or the integration centre. A "
            "reviewer sees the other's scores only after submitting their own."
        ),
        submit_label=_("Assign"),
        act=lambda data: services.funding_reviewer_assign(
            actor=request.user, application=application, reviewer=data["reviewer"]
        ),
        success=lambda review: _("%(name)s reviews the application.") % {"name": review.reviewer.display_name},
        next_url=lambda review: application_url(application, "gutachten"),
    )


def _review(request: HttpRequest, body: Any, pk: int) -> m.FundingReview:
    return access_network_object(
        request.user,
        body,
        m.FundingReview,
        pk,
        queryset=m.FundingReview.objects.select_related("application__call__guideline__body", "reviewer"),
    )


@login_required
@require_POST
def reviewer_remove(request, body, fundingreview):
    body = access_body(body)
    review = _review(request, body, fundingreview)
    return _post_action(
        request,
        lambda: services.funding_reviewer_remove(actor=request.user, review=review),
        _("The reviewer has been removed."),
        application_url(review.application, "gutachten"),
    )


@login_required
def review(request, body, fundingreview):
    """The reviewer's form: the application in brief, one score per criterion, a comment."""
    body = access_body(body)
    review = _review(request, body, fundingreview)
    if review.reviewer_id != request.user.pk:
        raise PermissionDenied
    application = access_network_object(
        request.user, body, m.FundingApplication, review.application_id, queryset=selectors.application_queryset()
    )
    if review.submitted_at is not None:
        messages.info(request, _("You have submitted this review."))
        return redirect(application_url(application, "gutachten"))
    criteria = list(application.call.guideline.criteria.all())
    form = forms.ReviewForm(request.POST or None, criteria=criteria)
    return form_page(
        request,
        form=form,
        template="network/funding/review.html",
        context={"body": body, "application": application, "review": review, "heading": _("Review")},
        act=lambda data: services.funding_review_submit(
            actor=request.user, review=review, scores=form.scores(), comment=data.get("comment") or ""
        ),
        success=_("Your review has been submitted."),
        next_url=lambda _review: application_url(application, "gutachten"),
    )


@login_required
def decide(request, body, fundingapplication):
    body = access_body(body)
    application = _application(request, body, fundingapplication, queryset=selectors.application_queryset())
    reviews = selectors.reviews_for(request.user, application)
    submitted = sum(1 for view in reviews if view.review.submitted_at is not None)
    form = forms.DecisionForm(request.POST or None, application=application, two_reviews=submitted >= 2)
    return form_page(
        request,
        form=form,
        template="network/funding/decide.html",
        context={
            "body": body,
            "application": application,
            "reviews": reviews,
            "submitted_reviews": submitted,
            "total": selectors.application_total(application) if submitted >= 2 else None,
            "heading": _("Decision on %(reference)s") % {"reference": application.reference},
            "back": application_url(application),
        },
        act=lambda data: services.funding_application_decide(
            actor=request.user, application=application, **form.service_data()
        ),
        success=lambda decided: (
            _("The decision has been recorded: %(status)s.") % {"status": decided.get_status_display()}
        ),
        next_url=lambda decided: application_url(decided),
    )


@login_required
def link_actor(request, body, fundingapplication):
    body = access_body(body)
    application = _application(request, body, fundingapplication)
    suggestion = m.Actor.objects.filter(body=body, name__iexact=application.organisation_name).first()
    form = forms.LinkActorForm(request.POST or None, body=body, suggestion=suggestion)
    return _edit_page(
        request,
        body=body,
        form=form,
        heading=_("Add “%(name)s” to the network") % {"name": application.organisation_name},
        back=application_url(application),
        intro=_(
            "Link the application to an actor of the network, or add the organisation as a new actor. Its contact "
            "person is not copied."
        ),
        submit_label=_("Link"),
        act=lambda data: services.funding_application_link_actor(
            actor=request.user, application=application, network_actor=data["network_actor"], kind=data["kind"]
        ),
        success=lambda network_actor: (
            _("The application is linked to the actor %(name)s.") % {"name": network_actor.name}
        ),
        next_url=lambda _actor: application_url(application),
    )


@login_required
def tranche_create(request, body, fundingapplication):
    body = access_body(body)
    application = _application(request, body, fundingapplication)
    return _edit_page(
        request,
        body=body,
        form=forms.TrancheForm(request.POST or None),
        heading=_("New tranche for %(reference)s") % {"reference": application.reference},
        back=application_url(application, "zahlungen"),
        act=lambda data: services.payment_tranche_create(actor=request.user, application=application, **data),
        success=_("The tranche has been recorded."),
        next_url=lambda _tranche: application_url(application, "zahlungen"),
    )


def _tranche(request: HttpRequest, body: Any, pk: int) -> m.PaymentTranche:
    return access_network_object(
        request.user,
        body,
        m.PaymentTranche,
        pk,
        queryset=m.PaymentTranche.objects.select_related("application__call__guideline__body"),
    )


@login_required
@require_POST
def tranche_paid(request, body, paymenttranche):
    body = access_body(body)
    tranche = _tranche(request, body, paymenttranche)
    return _post_action(
        request,
        lambda: services.payment_tranche_mark_paid(actor=request.user, tranche=tranche),
        _("The tranche has been marked as paid today."),
        application_url(tranche.application, "zahlungen"),
    )


@login_required
@require_POST
def tranche_delete(request, body, paymenttranche):
    body = access_body(body)
    tranche = _tranche(request, body, paymenttranche)
    return _post_action(
        request,
        lambda: services.payment_tranche_delete(actor=request.user, tranche=tranche),
        _("The tranche has been removed."),
        application_url(tranche.application, "zahlungen"),
    )


@login_required
def proof_create(request, body, fundingapplication):
    body = access_body(body)
    application = _application(request, body, fundingapplication)
    return _edit_page(
        request,
        body=body,
        form=forms.ProofRequestForm(request.POST or None),
        heading=_("Ask for the proof of use of %(reference)s") % {"reference": application.reference},
        back=application_url(application, "nachweis"),
        intro=_(
            "The applicant sends the proof through the link of their application. Reminders go out 14 days before "
            "the due date and when it is overdue (command funding_reminders)."
        ),
        act=lambda data: services.proof_of_use_create(actor=request.user, application=application, **data),
        success=_("The proof of use has been asked for."),
        next_url=lambda _proof: application_url(application, "nachweis"),
    )


def _proof(request: HttpRequest, body: Any, pk: int) -> m.ProofOfUse:
    return access_network_object(
        request.user,
        body,
        m.ProofOfUse,
        pk,
        queryset=m.ProofOfUse.objects.select_related("application__call__guideline__body"),
    )


@login_required
def proof_receive(request, body, proofofuse):
    """The office records a proof of use that arrived by post or e-mail."""
    body = access_body(body)
    proof = _proof(request, body, proofofuse)
    form = forms.ProofReceiveForm(request.POST or None, request.FILES or None)
    return _edit_page(
        request,
        body=body,
        form=form,
        multipart=True,
        heading=_("Record the receipt of the proof of use"),
        back=application_url(proof.application, "nachweis"),
        act=lambda data: services.proof_of_use_submit(
            actor=request.user,
            proof=proof,
            note=data.get("note") or "",
            files=data.get("uploads") or [],
            submitted_on=data["submitted_on"],
        ),
        success=_("The receipt of the proof of use has been recorded."),
        next_url=lambda _proof: application_url(proof.application, "nachweis"),
    )


@login_required
def proof_check(request, body, proofofuse):
    body = access_body(body)
    proof = _proof(request, body, proofofuse)
    return _edit_page(
        request,
        body=body,
        form=forms.ProofCheckForm(request.POST or None),
        heading=_("Check the proof of use"),
        back=application_url(proof.application, "nachweis"),
        act=lambda data: services.proof_of_use_check(actor=request.user, proof=proof, **data),
        success=lambda checked: (
            _("The check has been recorded: %(result)s.") % {"result": checked.get_result_display()}
        ),
        next_url=lambda _proof: application_url(proof.application, "nachweis"),
    )


@login_required
@require_safe
def attachment(request, body, fundingattachment):
    """A file of an application or a proof, for those who run funding only."""
    body = access_body(body)
    file = access_network_object(
        request.user,
        body,
        m.FundingAttachment,
        fundingattachment,
        queryset=m.FundingAttachment.objects.select_related("application__call__guideline__body"),
    )
    try:
        handle = file.file.open("rb")
    except (OSError, ValueError) as error:  # the content is gone from the storage
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=file.file_name, content_type=file.mime_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
