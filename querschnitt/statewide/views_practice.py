"""Views of the good-practice library: the public library of all NRW, a body's own examples (publish a measure of
its concept, edit, publish or withdraw), the example page, and the examples of a workshop day. Thin: fetch through
the access helper, call one service.

Publishing needs `statewide.publish_practice` (office, integration centre); choosing examples for a workshop day
needs `statewide.use_practice_in_workshop` (moderator, office, integration centre). The library and a published
example are public; a draft is a 404 for everyone who does not publish the body's examples."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.htmx import template_for
from querschnitt.core.pages import form_page
from querschnitt.participation.models import WorkshopDay
from querschnitt.tenancy.access import access_body, require_perm

from . import forms_practice as forms
from . import selectors_practice as selectors
from . import services_practice as services
from .access import access_practice_example
from .models import PracticeExample, WorkshopPracticeExample

PAGE_SIZE = 20
DAY_PAGE_SIZE = 10
PUBLISH = "statewide.publish_practice"
USE = "statewide.use_practice_in_workshop"


def example_url(example: PracticeExample) -> str:
    return reverse("practice:example", kwargs={"body": example.body.slug, "practiceexample": example.pk})


def _examples_url(body: Any) -> str:
    return reverse("practice:examples", kwargs={"body": body.slug})


def day_url(day: WorkshopDay) -> str:
    return reverse("practice:day_examples", kwargs={"body": day.phase.process.body.slug, "workshopday": day.pk})


# --- The public library ------------------------------------------------------------------------------------------


@require_safe
def library(request):
    """The published examples of all NRW with filters; one page of them, or (for HTMX) only the results."""
    form = forms.LibraryFilterForm(request.GET or None)
    examples = selectors.published_practice_examples(**form.filters())
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        template_for(request, "statewide/practice/library.html", "statewide/practice/library_results.html"),
        {"form": form, "page": page},
    )


@require_safe
def example_detail(request, body, practiceexample):
    body = access_body(body)
    example = access_practice_example(request.user, body, practiceexample)
    return render(
        request,
        "statewide/practice/example_detail.html",
        {
            "body": body,
            "example": example,
            "can_publish": request.user.has_perm(PUBLISH, body),
            "can_view_concept": request.user.has_perm("strategy.view_concept", body),
        },
    )


# --- A body's own examples ----------------------------------------------------------------------------------------


@login_required
@require_safe
def examples(request, body):
    body = access_body(body)
    require_perm(request.user, PUBLISH, body)
    return render(
        request,
        "statewide/practice/examples.html",
        {"body": body, "examples": selectors.practice_examples_of_body(body)},
    )


def _edit_context(body: Any, heading: str, back: str, **extra: Any) -> dict[str, Any]:
    return {"body": body, "heading": heading, "back": back, **extra}


@login_required
def example_create(request, body):
    """Two steps: choose a measure (GET), then edit what it suggests and save as draft or publish (POST)."""
    body = access_body(body)
    require_perm(request.user, PUBLISH, body)
    if request.method == "POST":
        form = forms.PracticeExampleForm(request.POST, body=body, with_measure=True)
    else:
        choice = forms.MeasureChoiceForm(request.GET or None, body=body)
        if not choice.is_valid():
            return render(request, "statewide/practice/choose_measure.html", {"body": body, "form": choice})
        measure = choice.cleaned_data["massnahme"]
        form = forms.PracticeExampleForm(
            body=body, with_measure=True, initial=selectors.practice_initial_from_measure(measure)
        )
    publish = "veroeffentlichen" in request.POST
    return form_page(
        request,
        form=form,
        template="statewide/practice/edit.html",
        context=_edit_context(
            body,
            _("Publish a measure as a practice example"),
            _examples_url(body),
            intro=_(
                "The texts come from the measure. Write them for other municipalities: what was done, what came "
                "of it and whom to ask. Nothing is public until you publish it."
            ),
            can_publish_now=True,
        ),
        act=lambda data: services.practice_example_create(actor=request.user, body=body, published=publish, **data),
        success=_("The practice example has been published.") if publish else _("The draft has been saved."),
        next_url=example_url,
    )


@login_required
def example_edit(request, body, practiceexample):
    body = access_body(body)
    example = access_practice_example(request.user, body, practiceexample)
    require_perm(request.user, PUBLISH, body)
    return form_page(
        request,
        form=forms.PracticeExampleForm(request.POST or None, instance=example, body=body),
        template="statewide/practice/edit.html",
        context=_edit_context(body, _("Edit practice example"), example_url(example)),
        act=lambda data: services.practice_example_update(actor=request.user, example=example, **data),
        success=_("The practice example has been saved."),
        next_url=example_url,
    )


@login_required
@require_POST
def example_publish(request, body, practiceexample):
    """Publish (`published=1`) or withdraw (`published=0`) an example."""
    body = access_body(body)
    example = access_practice_example(request.user, body, practiceexample)
    require_perm(request.user, PUBLISH, body)
    form = forms.PublishForm(request.POST)
    published = form.is_valid() and form.cleaned_data["published"]
    services.practice_example_set_published(actor=request.user, example=example, published=published)
    if published:
        messages.success(request, _("The practice example is now public in the library."))
    else:
        messages.success(request, _("The practice example has been withdrawn from the library."))
    return redirect(example_url(example))


@login_required
def example_delete(request, body, practiceexample):
    body = access_body(body)
    example = access_practice_example(request.user, body, practiceexample)
    require_perm(request.user, PUBLISH, body)
    if request.method == "POST":
        services.practice_example_delete(actor=request.user, example=example)
        messages.success(request, _("The practice example has been deleted."))
        return redirect(_examples_url(body))
    return render(
        request,
        "statewide/practice/confirm_delete.html",
        {
            "body": body,
            "heading": _("Delete practice example"),
            "question": _(
                "Delete the practice example “%(title)s”? It disappears from the library and from the workshop days "
                "that use it. The measure stays. This cannot be undone."
            )
            % {"title": example.title},
            "back": example_url(example),
        },
    )


# --- Practice examples in a workshop day --------------------------------------------------------------------------


def _day(request: HttpRequest, body: Any, pk: int) -> WorkshopDay:
    """A day of the body's workshops (another body's day is a 404), for those who choose its examples."""
    day = get_object_or_404(
        WorkshopDay.objects.select_related("phase__process__body"), pk=pk, phase__process__body=body
    )
    require_perm(request.user, USE, body)
    return day


@login_required
def day_examples(request, body, workshopday):
    """The examples chosen for the day, and the library's search to add more (POST `beispiel`)."""
    body = access_body(body)
    day = _day(request, body, workshopday)
    add_form = forms.DayExampleForm(request.POST or None)
    if request.method == "POST":
        if add_form.is_valid():
            try:
                services.workshop_practice_add(actor=request.user, day=day, example=add_form.cleaned_data["beispiel"])
            except ApplicationError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(
                    request,
                    _("“%(title)s” has been added to the day.") % {"title": add_form.cleaned_data["beispiel"].title},
                )
        else:
            messages.error(request, _("This practice example is not available."))
        return redirect(day_url(day) + (f"?{request.GET.urlencode()}" if request.GET else "") + "#gewaehlt")
    uses = list(selectors.practice_examples_of_day(day))
    form = forms.LibraryFilterForm(request.GET or None)
    found = selectors.published_practice_examples(**form.filters(), exclude_ids=[use.example_id for use in uses])
    return render(
        request,
        template_for(request, "statewide/practice/day_examples.html", "statewide/practice/day_results.html"),
        {
            "body": body,
            "day": day,
            "process": day.phase.process,
            "uses": uses,
            "form": form,
            "page": Paginator(found, DAY_PAGE_SIZE).get_page(request.GET.get("seite")),
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def day_example_remove(request, body, workshoppracticeexample):
    body = access_body(body)
    use = get_object_or_404(
        WorkshopPracticeExample.objects.select_related("day__phase__process__body", "example"),
        pk=workshoppracticeexample,
        day__phase__process__body=body,
    )
    require_perm(request.user, USE, body)
    services.workshop_practice_remove(actor=request.user, use=use)
    messages.success(request, _("“%(title)s” has been removed from the day.") % {"title": use.example.title})
    return redirect(day_url(use.day) + "#gewaehlt")
