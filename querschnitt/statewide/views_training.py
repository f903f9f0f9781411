"""Views of the qualification series (seed 001). Thin: fetch through the access helpers, call one service, render.

State staff run the series under the state council's body (`/k/<body>/qualifizierung/…`, 404 for any other body):
series and modules, expressions of interest, courses with their registrations, attendance and certificates.
Public (`/qualifizierung/…`): the published series with their modules and upcoming courses, and the form for
expressions of interest. Committee members and offices register for a course, see and cancel their registrations
and download their own certificates; the secret link of the confirmation e-mail cancels without signing in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm
from querschnitt.tenancy.models import Body, BodyKind

from . import forms_training as forms
from . import models as m
from . import selectors_training as selectors
from . import services_training as services
from .access import access_public_course, access_state_object
from .certificates import certificate_pdf

MANAGE = services.MANAGE
EDIT_TEMPLATE = "statewide/training/edit.html"


def _state_council(request: HttpRequest, slug: str) -> Body:
    """The state council's body for its staff; every other body is a 404 here."""
    body = access_body(slug)
    if body.kind != BodyKind.STATE_COUNCIL:
        raise Http404
    require_perm(request.user, MANAGE, body)
    return body


def _cancel_url(request: HttpRequest) -> services.CancelUrl:
    return lambda token: request.build_absolute_uri(
        reverse("training:cancel_by_token", kwargs={"courseregistration_cancel_token": token})
    )


def series_url(body: Body, series: m.TrainingSeries) -> str:
    return reverse("training:series", kwargs={"body": body.slug, "trainingseries": series.pk})


def course_url(body: Body, course: m.Course) -> str:
    return reverse("training:course", kwargs={"body": body.slug, "course": course.pk})


def _edit_page(request: HttpRequest, *, body: Body, form: Any, heading: str, back: str, **kwargs: Any) -> HttpResponse:
    extra = {key: kwargs.pop(key) for key in ("intro", "series", "submit_label") if key in kwargs}
    return form_page(
        request,
        form=form,
        template=EDIT_TEMPLATE,
        context={"body": body, "heading": heading, "back": back, **extra},
        **kwargs,
    )


def _post_action(request: HttpRequest, act: Any, success: str, back: str) -> HttpResponse:
    try:
        act()
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect(back)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# --- State staff: series and modules -------------------------------------------------------------------------------


@login_required
@require_safe
def series_list(request, body):
    body = _state_council(request, body)
    return render(
        request, "statewide/training/series_list.html", {"body": body, "series_list": selectors.series_for_staff()}
    )


@login_required
def series_create(request, body):
    body = _state_council(request, body)
    return _edit_page(
        request,
        body=body,
        form=forms.TrainingSeriesForm(request.POST or None),
        heading=_("New qualification series"),
        back=reverse("training:series_list", kwargs={"body": body.slug}),
        act=lambda data: services.training_series_create(actor=request.user, **data),
        success=_("The qualification series has been created."),
        next_url=lambda series: series_url(body, series),
    )


@login_required
@require_safe
def series_detail(request, body, trainingseries):
    body = _state_council(request, body)
    series = access_state_object(request.user, m.TrainingSeries, trainingseries)
    return render(
        request,
        "statewide/training/series_detail.html",
        {
            "body": body,
            "series": series,
            "modules": selectors.modules_of_series(series),
            "courses": selectors.courses_of_series(series),
            "interest_counts": selectors.interest_counts(series),
            "deadline": services.deadline_text(series),
            "deadline_passed": services.interest_refusal(series) is not None,
        },
    )


@login_required
def series_edit(request, body, trainingseries):
    body = _state_council(request, body)
    series = access_state_object(request.user, m.TrainingSeries, trainingseries)
    return _edit_page(
        request,
        body=body,
        form=forms.TrainingSeriesForm(request.POST or None, instance=series),
        heading=_("Edit qualification series"),
        back=series_url(body, series),
        series=series,
        act=lambda data: services.training_series_update(actor=request.user, series=series, **data),
        success=_("The qualification series has been saved."),
        next_url=lambda saved: series_url(body, saved),
    )


@login_required
def module_create(request, body, trainingseries):
    body = _state_council(request, body)
    series = access_state_object(request.user, m.TrainingSeries, trainingseries)
    return _edit_page(
        request,
        body=body,
        form=forms.TrainingModuleForm(request.POST or None),
        heading=_("New module"),
        back=series_url(body, series) + "#module",
        series=series,
        act=lambda data: services.training_module_create(actor=request.user, series=series, **data),
        success=_("The module has been added."),
        next_url=lambda module: series_url(body, series) + "#module",
    )


@login_required
def module_edit(request, body, trainingmodule):
    body = _state_council(request, body)
    module = access_state_object(request.user, m.TrainingModule, trainingmodule)
    series = module.series
    return _edit_page(
        request,
        body=body,
        form=forms.TrainingModuleForm(request.POST or None, instance=module),
        heading=_("Edit module"),
        back=series_url(body, series) + "#module",
        series=series,
        act=lambda data: services.training_module_update(actor=request.user, module=module, **data),
        success=_("The module has been saved."),
        next_url=lambda saved: series_url(body, series) + "#module",
    )


# --- State staff: expressions of interest --------------------------------------------------------------------------


def interests_url(body: Body, series: m.TrainingSeries) -> str:
    return reverse("training:interests", kwargs={"body": body.slug, "trainingseries": series.pk})


@login_required
@require_safe
def interests(request, body, trainingseries):
    body = _state_council(request, body)
    series = access_state_object(request.user, m.TrainingSeries, trainingseries)
    status = request.GET.get("status", "")
    if status not in m.InterestStatus.values:
        status = ""
    return render(
        request,
        "statewide/training/interests.html",
        {
            "body": body,
            "series": series,
            "interests": selectors.interests_of_series(series, status=status),
            "status": status,
            "statuses": m.InterestStatus.choices,
            "deadline": services.deadline_text(series),
        },
    )


@login_required
def interest_record(request, body, trainingseries):
    body = _state_council(request, body)
    series = access_state_object(request.user, m.TrainingSeries, trainingseries)
    return _edit_page(
        request,
        body=body,
        form=forms.RecordInterestForm(request.POST or None, series=series),
        heading=_("Record an expression of interest received by post or e-mail"),
        intro=_("Deadline: %(deadline)s. One received later is recorded as refused.")
        % {"deadline": services.deadline_text(series)},
        back=interests_url(body, series),
        series=series,
        act=lambda data: services.host_interest_record(actor=request.user, series=series, **data),
        success=_("The expression of interest has been recorded."),
        next_url=lambda interest: interests_url(body, series) + f"#interesse-{interest.pk}",
    )


@login_required
def interest_decide(request, body, hostinterest):
    body = _state_council(request, body)
    interest = access_state_object(request.user, m.HostInterest, hostinterest)
    series = interest.series
    form = forms.InterestDecisionForm(
        request.POST or None,
        initial={
            "decision": "decline" if interest.status == m.InterestStatus.DECLINED else "accept",
            "note": interest.decision_note,
        },
    )
    return _edit_page(
        request,
        body=body,
        form=form,
        heading=_("Decision on the expression of interest of %(host)s") % {"host": interest.host_name},
        back=interests_url(body, series),
        series=series,
        act=lambda data: services.host_interest_decide(
            actor=request.user, interest=interest, accept=data["decision"], note=data["note"]
        ),
        success=_("The decision has been saved."),
        next_url=lambda saved: interests_url(body, series) + f"#interesse-{saved.pk}",
    )


# --- State staff: courses, registrations, attendance ---------------------------------------------------------------

NO_FEE = _("The courses are free of charge („kostenfrei“) for the participants.")


@login_required
def course_create(request, body, trainingseries):
    body = _state_council(request, body)
    series = access_state_object(request.user, m.TrainingSeries, trainingseries)
    initial: dict[str, Any] = {"status": m.CourseStatus.PLANNED}
    interest = selectors.accepted_interests(series).filter(pk=request.GET.get("interesse") or 0).first()
    if interest is not None:
        initial.update(host_interest=interest, host_name=interest.host_name, body=interest.body)
        first_module = interest.modules.order_by("order", "pk").first()
        if first_module is not None:
            initial["module"] = first_module
    return _edit_page(
        request,
        body=body,
        form=forms.CourseForm(request.POST or None, series=series, initial=initial),
        heading=_("New course"),
        intro=str(NO_FEE),
        back=series_url(body, series) + "#kurse",
        series=series,
        act=lambda data: services.course_create(actor=request.user, series=series, **data),
        success=_("The course has been created."),
        next_url=lambda course: course_url(body, course),
    )


@login_required
def course_edit(request, body, course):
    body = _state_council(request, body)
    course = access_state_object(request.user, m.Course, course)
    return _edit_page(
        request,
        body=body,
        form=forms.CourseForm(request.POST or None, series=course.series, instance=course),
        heading=_("Edit course"),
        intro=str(NO_FEE),
        back=course_url(body, course),
        series=course.series,
        act=lambda data: services.course_update(
            actor=request.user, course=course, cancel_url=_cancel_url(request), **data
        ),
        success=_("The course has been saved."),
        next_url=lambda saved: course_url(body, saved),
    )


@login_required
@require_safe
def course_detail(request, body, course):
    body = _state_council(request, body)
    course = get_object_or_404(selectors.course_queryset(), pk=access_state_object(request.user, m.Course, course).pk)
    return render(
        request,
        "statewide/training/course_detail.html",
        {
            "body": body,
            "course": course,
            "series": course.series,
            "rows": selectors.registrations_of_course(course),
            "days": services.course_days(course),
            "refusal": services.registration_refusal(course),
        },
    )


def _registration(request: HttpRequest, pk: int) -> m.CourseRegistration:
    registration = access_state_object(request.user, m.CourseRegistration, pk)
    return get_object_or_404(
        m.CourseRegistration.objects.select_related("course__series", "course__module", "course__body", "body"),
        pk=registration.pk,
    )


@login_required
@require_POST
def attendance(request, body, courseregistration):
    body = _state_council(request, body)
    registration = _registration(request, courseregistration)
    form = forms.AttendanceForm(request.POST)
    back = course_url(body, registration.course) + f"#anmeldung-{registration.pk}"
    if not form.is_valid():
        messages.error(request, _("Please enter the number of days attended."))
        return redirect(back)
    return _post_action(
        request,
        lambda: services.course_registration_record_attendance(
            actor=request.user, registration=registration, **form.cleaned_data
        ),
        _("The attendance of %(name)s has been saved.") % {"name": registration.name},
        back,
    )


@login_required
@require_POST
def registration_cancel(request, body, courseregistration):
    body = _state_council(request, body)
    registration = _registration(request, courseregistration)
    return _post_action(
        request,
        lambda: services.course_registration_cancel(
            actor=request.user, registration=registration, cancel_url=_cancel_url(request)
        ),
        _("The registration of %(name)s has been cancelled.") % {"name": registration.name},
        course_url(body, registration.course) + "#anmeldungen",
    )


def _certificate_response(request: HttpRequest, registration: m.CourseRegistration, back: str) -> HttpResponse:
    try:
        issued = services.course_registration_issue_certificate(actor=request.user, registration=registration)
        content = certificate_pdf(issued)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    return _pdf(content, f"teilnahmebescheinigung-{issued.certificate_number}")


@login_required
@require_safe
def certificate(request, body, courseregistration):
    body = _state_council(request, body)
    registration = _registration(request, courseregistration)
    return _certificate_response(request, registration, course_url(body, registration.course))


# --- Public -------------------------------------------------------------------------------------------------------


def _public_series(slug: str) -> m.TrainingSeries:
    series = selectors.public_series(slug)
    if series is None:
        raise Http404
    return series


@require_safe
def public_list(request):
    return render(request, "statewide/training/public_list.html", {"series_list": selectors.published_series()})


@require_safe
def public_series(request, trainingseries_slug):
    series = _public_series(trainingseries_slug)
    return render(
        request,
        "statewide/training/public_series.html",
        {
            "series": series,
            "modules": series.modules.order_by("order", "pk"),
            "courses": selectors.public_courses_of_series(series),
            "deadline": services.deadline_text(series),
            "interest_open": services.interest_refusal(series) is None,
            "today": timezone.localdate(),
        },
    )


def interest_submit(request, trainingseries_slug):
    """The public form for expressions of interest: no account. After the deadline it says so and stores nothing."""
    series = _public_series(trainingseries_slug)
    refusal = services.interest_refusal(series)
    form = forms.PublicInterestForm(request.POST or None, series=series)
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "homepage"}
        try:
            services.host_interest_submit(series=series, **data)
        except ApplicationError as error:
            refusal = services.interest_refusal(series)
            if not refusal:
                add_application_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your expression of interest has been received. We have sent a confirmation to "
                    "%(email)s and will contact you."
                )
                % {"email": data["contact_email"]},
            )
            return redirect("training:public_series", trainingseries_slug=series.slug)
    return render(
        request,
        "statewide/training/interest_form.html",
        {"series": series, "form": form, "refusal": refusal, "deadline": services.deadline_text(series)},
    )


@login_required
def register(request, course):
    course = access_public_course(course)
    course = get_object_or_404(selectors.course_queryset(), pk=course.pk)
    bodies = services.bodies_for_registration(request.user).order_by("name", "pk")
    existing = selectors.registration_of_user_for_course(request.user, course)
    refusal = services.registration_refusal(course)
    form = forms.RegistrationForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and not existing and form.is_valid():
        try:
            registration = services.course_register(
                actor=request.user,
                course=course,
                body=form.cleaned_data["body"],
                mandate=form.cleaned_data["mandate"],
                cancel_url=_cancel_url(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if registration.status == m.RegistrationStatus.CONFIRMED:
                messages.success(request, _("You are registered. We have sent you a confirmation by e-mail."))
            else:
                messages.warning(
                    request,
                    _(
                        "All seats are taken: you are on the waiting list. We will write to you as soon as a seat is "
                        "free for you."
                    ),
                )
            return redirect("training:my_registrations")
    return render(
        request,
        "statewide/training/register.html",
        {
            "course": course,
            "series": course.series,
            "form": form,
            "bodies": bodies,
            "existing": existing,
            "waiting_position": selectors.waiting_position(existing) if existing else None,
            "refusal": refusal,
        },
    )


@login_required
@require_safe
def my_registrations(request):
    registrations = list(selectors.registrations_of_user(request.user))
    return render(request, "statewide/training/my_registrations.html", {"registrations": registrations})


def _own_registration(request: HttpRequest, pk: int) -> m.CourseRegistration:
    """The signed-in user's own registration; anyone else's is a 404."""
    return get_object_or_404(
        m.CourseRegistration.objects.select_related("course__series", "course__module", "course__body", "body"),
        pk=pk,
        user=request.user,
    )


@login_required
@require_POST
def cancel_own(request, courseregistration):
    registration = _own_registration(request, courseregistration)
    return _post_action(
        request,
        lambda: services.course_registration_cancel(
            actor=request.user, registration=registration, cancel_url=_cancel_url(request)
        ),
        _("Your registration has been cancelled."),
        reverse("training:my_registrations"),
    )


@login_required
@require_safe
def certificate_own(request, courseregistration):
    registration = _own_registration(request, courseregistration)
    return _certificate_response(request, registration, reverse("training:my_registrations"))


def cancel_by_token(request, courseregistration_cancel_token):
    """The secret link of the confirmation e-mail: shows the registration and cancels it on a POST."""
    if not courseregistration_cancel_token or len(courseregistration_cancel_token) > 64:
        raise Http404
    registration = get_object_or_404(
        m.CourseRegistration.objects.select_related("course__series", "course__module", "course__body", "body"),
        cancel_token=courseregistration_cancel_token,
    )
    error = None
    if request.method == "POST":
        try:
            services.course_registration_cancel(
                actor=request.user, registration=registration, by_token=True, cancel_url=_cancel_url(request)
            )
        except ApplicationError as refusal:
            error = str(refusal.message)
        else:
            messages.success(request, _("Your registration has been cancelled."))
            return redirect("training:cancel_by_token", courseregistration_cancel_token=courseregistration_cancel_token)
        registration.refresh_from_db()
    return render(
        request,
        "statewide/training/cancel.html",
        {"registration": registration, "course": registration.course, "error": error},
    )
