"""Views of the integration concept: parse the form, fetch through an access helper, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from querschnitt.committees.selectors import visible_papers
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.history import history_entries
from querschnitt.core.htmx import template_for
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import charts, compare, forms, selectors, services
from . import models as m
from .access import access_strategy_object


def _may_edit(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm("strategy.edit_concept", body)


def _require_edit(request: HttpRequest, body: Any) -> None:
    if not _may_edit(request, body):
        raise PermissionDenied


def _form_page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return form_page(request, next_url=_url_of, **kwargs)


def _url_of(obj: Any) -> str:
    body = services.body_of(obj).slug
    names = {
        m.Concept: ("strategy:concept", "concept"),
        m.FieldOfAction: ("strategy:field", "fieldofaction"),
        m.GuidingGoal: ("strategy:guiding_goal", "guidinggoal"),
        m.AnnualGoal: ("strategy:annual_goal", "annualgoal"),
        m.Indicator: ("strategy:indicator", "indicator"),
        m.Measure: ("strategy:measure", "measure"),
    }
    if type(obj) in names:
        name, kwarg = names[type(obj)]
        return reverse(name, kwargs={"body": body, kwarg: obj.pk})
    parent = getattr(obj, "measure", None) or getattr(obj, "indicator", None) or getattr(obj, "subject", None)
    return _url_of(parent)


def _history(obj: Any) -> list:
    return history_entries(obj.history.select_related("history_user").order_by("-history_date")[:50])


# --- Concepts ----------------------------------------------------------------------------------------------------


@login_required
def concepts(request, body):
    body = access_body(body)
    require_perm(request.user, "strategy.view_concept", body)
    form = forms.ConceptForm(
        request.POST or None, initial={"title": _("Integration concept %(body)s") % {"body": body.name}}
    )
    if request.method == "POST":
        _require_edit(request, body)
    return _form_page(
        request,
        form=form,
        template="strategy/concepts.html",
        context={"body": body, "concepts": selectors.concepts_of_body(body), "can_edit": _may_edit(request, body)},
        act=lambda data: services.concept_create(actor=request.user, body=body, **data),
        success=_("The concept has been created. Now add its fields of action."),
    )


@login_required
def concept_detail(request, body, concept):
    body = access_body(body)
    concept = access_strategy_object(request.user, body, m.Concept, concept)
    tree = selectors.concept_tree(concept)
    can_edit = _may_edit(request, body)
    return render(
        request,
        "strategy/concept_detail.html",
        {
            "body": body,
            "concept": concept,
            "tree": tree,
            "gaps": selectors.concept_gaps(concept),
            "can_edit": can_edit,
            # The editors confirm the drafts of workshop groups; only they need the count.
            "drafts_waiting": selectors.drafts_waiting(concept) if can_edit else 0,
            "versions": selectors.concepts_of_body(body).exclude(pk=concept.pk),
            "cycle_phases": m.CyclePhase.choices,
        },
    )


@login_required
def concept_edit(request, body, concept):
    body = access_body(body)
    concept = access_strategy_object(request.user, body, m.Concept, concept)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.ConceptForm(request.POST or None, instance=concept),
        template="strategy/edit.html",
        partial="strategy/includes/edit_form.html",
        context={"body": body, "object": concept, "heading": _("Edit concept"), "back": _url_of(concept)},
        act=lambda data: services.concept_update(actor=request.user, concept=concept, **data),
        success=_("The concept has been saved."),
    )


@login_required
@require_POST
def concept_new_version(request, body, concept):
    body = access_body(body)
    concept = access_strategy_object(request.user, body, m.Concept, concept)
    _require_edit(request, body)
    try:
        new = services.concept_new_version(actor=request.user, concept=concept)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_url_of(concept))
    messages.success(
        request,
        _("Version %(version)s has been created as a draft; it copies all fields, goals and measures.")
        % {"version": new.version},
    )
    return redirect(_url_of(new))


@login_required
def concept_compare(request, body, concept):
    body = access_body(body)
    concept = access_strategy_object(request.user, body, m.Concept, concept)
    other_pk = request.GET.get("mit", "")
    other = None
    if other_pk.isdigit():
        other = access_strategy_object(request.user, body, m.Concept, int(other_pk))
    elif concept.predecessor_id:
        other = concept.predecessor
    return render(
        request,
        "strategy/concept_compare.html",
        {
            "body": body,
            "concept": concept,
            "other": other,
            "versions": selectors.concepts_of_body(body).exclude(pk=concept.pk),
            "diff": compare.compare_concepts(other, concept) if other else None,
        },
    )


@login_required
def concept_history(request, body, concept):
    body = access_body(body)
    concept = access_strategy_object(request.user, body, m.Concept, concept)
    return render(
        request,
        "strategy/history.html",
        {"body": body, "object": concept, "entries": _history(concept), "back": _url_of(concept)},
    )


# --- Fields of action and goals -------------------------------------------------------------------------------------


@login_required
def field_create(request, body, concept):
    body = access_body(body)
    concept = access_strategy_object(request.user, body, m.Concept, concept)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.FieldOfActionForm(request.POST or None, concept=concept),
        template="strategy/edit.html",
        context={"body": body, "heading": _("New field of action"), "back": _url_of(concept), "concept": concept},
        act=lambda data: services.field_of_action_create(actor=request.user, concept=concept, **data),
        success=_("The field of action has been created."),
    )


@login_required
def field_detail(request, body, fieldofaction):
    body = access_body(body)
    field = access_strategy_object(
        request.user,
        body,
        m.FieldOfAction,
        fieldofaction,
        queryset=m.FieldOfAction.objects.select_related("concept", "parent"),
    )
    node = _find_node(selectors.concept_tree(field.concept), field.pk)
    return render(
        request,
        "strategy/field_detail.html",
        {
            "body": body,
            "field": field,
            "node": node,
            "concept": field.concept,
            "can_edit": _may_edit(request, body),
            "history": _history(field),
            "guiding_form": forms.GuidingGoalForm(prefix="leitziel"),
            "annual_form": forms.AnnualGoalForm(prefix="jahresziel", field=field),
        },
    )


def _find_node(nodes: list, pk: int):
    for node in nodes:
        if node.field.pk == pk:
            return node
        found = _find_node(node.children, pk)
        if found:
            return found
    return None


@login_required
def field_edit(request, body, fieldofaction):
    body = access_body(body)
    field = access_strategy_object(request.user, body, m.FieldOfAction, fieldofaction)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.FieldOfActionForm(request.POST or None, instance=field, concept=field.concept),
        template="strategy/edit.html",
        partial="strategy/includes/edit_form.html",
        context={"body": body, "object": field, "heading": _("Edit field of action"), "back": _url_of(field)},
        act=lambda data: services.field_of_action_update(actor=request.user, field=field, **data),
        success=_("The field of action has been saved."),
    )


@login_required
def guiding_goal_create(request, body, fieldofaction):
    body = access_body(body)
    field = access_strategy_object(request.user, body, m.FieldOfAction, fieldofaction)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.GuidingGoalForm(request.POST or None, prefix="leitziel"),
        template="strategy/edit.html",
        context={"body": body, "heading": _("New guiding goal"), "back": _url_of(field)},
        act=lambda data: services.guiding_goal_create(actor=request.user, field=field, **data),
        success=_("The guiding goal has been added."),
    )


@login_required
def annual_goal_create(request, body, fieldofaction):
    body = access_body(body)
    field = access_strategy_object(request.user, body, m.FieldOfAction, fieldofaction)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.AnnualGoalForm(request.POST or None, prefix="jahresziel", field=field),
        template="strategy/edit.html",
        context={"body": body, "heading": _("New annual goal"), "back": _url_of(field)},
        act=lambda data: services.annual_goal_create(actor=request.user, field=field, **data),
        success=_("The annual goal has been added."),
    )


def _goal_detail(request, body, goal, template_context: dict) -> HttpResponse:
    override = forms.ProgressOverrideForm(
        request.POST or None, initial={"status": goal.progress_override, "reason": goal.progress_override_reason}
    )
    if request.method == "POST":
        _require_edit(request, body)
        if override.is_valid():
            try:
                services.progress_override_set(
                    actor=request.user,
                    obj=goal,
                    status=override.cleaned_data["status"],
                    reason=override.cleaned_data["reason"],
                )
            except ApplicationError as error:
                add_application_error(override, error)
            else:
                messages.success(request, _("The progress has been saved."))
                return redirect(_url_of(goal))
    node = _find_goal_node(selectors.concept_tree(goal.field.concept), goal)
    return render(
        request,
        "strategy/goal_detail.html",
        {
            "body": body,
            "goal": goal,
            "node": node,
            "override_form": override,
            "history": _history(goal),
            "can_edit": _may_edit(request, body),
            "evaluations": goal.evaluations.select_related("reviewer"),
            "papers": _papers_of_goal(request.user, body, goal),
            **template_context,
        },
    )


def _papers_of_goal(user: Any, body: Any, goal: Any):
    """The papers behind a goal: linked to it directly, or to a measure that works towards it (as far as the reader
    may see them)."""
    relation = "guiding_goals" if isinstance(goal, m.GuidingGoal) else "annual_goals"
    direct = Q(**{relation: goal})
    via_measure = Q(**{f"measures__{relation}": goal})
    return visible_papers(user, body).filter(direct | via_measure).distinct().order_by("-date", "-pk")


def _find_goal_node(nodes: list, goal: Any):
    for node in nodes:
        for goal_node in node.guiding_goals + node.annual_goals:
            for candidate in [goal_node, *goal_node.annual_goals]:
                if type(candidate.goal) is type(goal) and candidate.goal.pk == goal.pk:
                    return candidate
        found = _find_goal_node(node.children, goal)
        if found:
            return found
    return None


@login_required
def guiding_goal_detail(request, body, guidinggoal):
    body = access_body(body)
    goal = access_strategy_object(
        request.user,
        body,
        m.GuidingGoal,
        guidinggoal,
        queryset=m.GuidingGoal.objects.select_related("field__concept").prefetch_related("drafting_groups__process"),
    )
    return _goal_detail(
        request,
        body,
        goal,
        {
            "kind": _("Guiding goal"),
            "edit_url": reverse("strategy:guiding_goal_edit", kwargs={"body": body.slug, "guidinggoal": goal.pk}),
            "confirm_url": reverse("strategy:guiding_goal_confirm", kwargs={"body": body.slug, "guidinggoal": goal.pk}),
            "evaluate_url": reverse(
                "strategy:guiding_goal_evaluation_create", kwargs={"body": body.slug, "guidinggoal": goal.pk}
            ),
        },
    )


@login_required
def annual_goal_detail(request, body, annualgoal):
    body = access_body(body)
    goal = access_strategy_object(
        request.user,
        body,
        m.AnnualGoal,
        annualgoal,
        queryset=m.AnnualGoal.objects.select_related("field__concept", "guiding_goal").prefetch_related(
            "drafting_groups__process"
        ),
    )
    return _goal_detail(
        request,
        body,
        goal,
        {
            "kind": _("Annual goal"),
            "edit_url": reverse("strategy:annual_goal_edit", kwargs={"body": body.slug, "annualgoal": goal.pk}),
            "confirm_url": reverse("strategy:annual_goal_confirm", kwargs={"body": body.slug, "annualgoal": goal.pk}),
            "evaluate_url": reverse(
                "strategy:annual_goal_evaluation_create", kwargs={"body": body.slug, "annualgoal": goal.pk}
            ),
        },
    )


@login_required
def guiding_goal_edit(request, body, guidinggoal):
    body = access_body(body)
    goal = access_strategy_object(request.user, body, m.GuidingGoal, guidinggoal)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.GuidingGoalForm(request.POST or None, instance=goal),
        template="strategy/edit.html",
        partial="strategy/includes/edit_form.html",
        context={"body": body, "object": goal, "heading": _("Edit guiding goal"), "back": _url_of(goal)},
        act=lambda data: services.guiding_goal_update(actor=request.user, goal=goal, **data),
        success=_("The guiding goal has been saved."),
    )


@login_required
def annual_goal_edit(request, body, annualgoal):
    body = access_body(body)
    goal = access_strategy_object(request.user, body, m.AnnualGoal, annualgoal)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.AnnualGoalForm(request.POST or None, instance=goal, field=goal.field),
        template="strategy/edit.html",
        partial="strategy/includes/edit_form.html",
        context={"body": body, "object": goal, "heading": _("Edit annual goal"), "back": _url_of(goal)},
        act=lambda data: services.annual_goal_update(actor=request.user, goal=goal, **data),
        success=_("The annual goal has been saved."),
    )


# The URL parameter of each kind of draft, and its model.
DRAFT_PARAMETERS: dict[str, type[m.GuidingGoal | m.AnnualGoal | m.Indicator | m.Measure]] = {
    "guidinggoal": m.GuidingGoal,
    "annualgoal": m.AnnualGoal,
    "indicator": m.Indicator,
    "measure": m.Measure,
}


@login_required
@require_POST
def draft_confirm(request, body, **kwargs):
    """Confirm a draft of a workshop group (serves the four URLs `*_confirm`, one per kind of draft)."""
    ((parameter, pk),) = kwargs.items()
    body = access_body(body)
    obj = access_strategy_object(request.user, body, DRAFT_PARAMETERS[parameter], pk)
    _require_edit(request, body)
    try:
        services.concept_draft_confirm(actor=request.user, obj=obj)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The draft has been confirmed; it is now part of the concept."))
    return redirect(_url_of(obj))


# --- Indicators --------------------------------------------------------------------------------------------------


@login_required
def indicators(request, body):
    body = access_body(body)
    require_perm(request.user, "strategy.view_concept", body)
    items = selectors.indicators_with_status(m.Indicator.objects.filter(body=body).select_related("body"))
    rows = [
        (indicator, selectors.latest_own_value(indicator), selectors.indicator_status(indicator)) for indicator in items
    ]
    return render(
        request,
        "strategy/indicators.html",
        {
            "body": body,
            "rows": rows,
            "can_edit": _may_edit(request, body),
            "catalogue": m.IndicatorCatalogueEntry.objects.all(),
        },
    )


@login_required
def indicator_create(request, body):
    body = access_body(body)
    require_perm(request.user, "strategy.view_concept", body)
    _require_edit(request, body)
    initial = {}
    entry = m.IndicatorCatalogueEntry.objects.filter(pk=request.GET.get("katalog") or 0).first()
    if entry is not None:
        initial = {
            "catalogue_entry": entry,
            "name": entry.name,
            "definition": entry.definition,
            "polarity": entry.polarity,
            "data_source": entry.source,
            "levels": entry.levels,
        }
    return _form_page(
        request,
        form=forms.IndicatorForm(request.POST or None, initial=initial, body=body),
        template="strategy/edit.html",
        context={
            "body": body,
            "heading": _("New indicator"),
            "back": reverse("strategy:indicators", kwargs={"body": body.slug}),
        },
        act=lambda data: services.indicator_create(actor=request.user, body=body, **data),
        success=_("The indicator has been created. Add a target and data next."),
    )


@login_required
def indicator_detail(request, body, indicator):
    body = access_body(body)
    indicator = access_strategy_object(request.user, body, m.Indicator, indicator)
    indicator = selectors.indicator_detail(indicator)
    override = forms.ProgressOverrideForm(
        request.POST or None,
        initial={"status": indicator.progress_override, "reason": indicator.progress_override_reason},
    )
    if request.method == "POST":
        _require_edit(request, body)
        if override.is_valid():
            try:
                services.progress_override_set(
                    actor=request.user,
                    obj=indicator,
                    status=override.cleaned_data["status"],
                    reason=override.cleaned_data["reason"],
                )
            except ApplicationError as error:
                add_application_error(override, error)
            else:
                messages.success(request, _("The progress has been saved."))
                return redirect(_url_of(indicator))
    series = selectors.own_series(indicator)
    targets = list(indicator.targets.all())
    breakdowns = indicator.observations.exclude(breakdown_key="").order_by("period_end", "breakdown_key")[:500]
    return render(
        request,
        "strategy/indicator_detail.html",
        {
            "body": body,
            "indicator": indicator,
            "series": series,
            "targets": targets,
            "other_areas": [obs for obs in indicator.total_observations if obs not in series],
            "breakdowns": breakdowns,
            "status": selectors.indicator_status(indicator),
            "computed_status": selectors.computed_indicator_status(indicator),
            "chart_alt": charts.text_alternative(indicator, series, targets),
            "target_form": forms.IndicatorTargetForm(),
            "override_form": override,
            "can_edit": _may_edit(request, body),
            "history": _history(indicator),
            "goals": list(indicator.guiding_goals.select_related("field"))
            + list(indicator.annual_goals.select_related("field")),
        },
    )


@login_required
def indicator_chart(request, body, indicator):
    body = access_body(body)
    indicator = access_strategy_object(request.user, body, m.Indicator, indicator)
    indicator = selectors.indicator_detail(indicator)
    spec = charts.indicator_spec(indicator, selectors.own_series(indicator), list(indicator.targets.all()))
    etag = charts.spec_etag(spec)
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304)
    return HttpResponse(
        charts.render_svg(spec),
        content_type="image/svg+xml",
        headers={"ETag": etag, "Cache-Control": "private, max-age=0"},
    )


@login_required
def indicator_edit(request, body, indicator):
    body = access_body(body)
    indicator = access_strategy_object(request.user, body, m.Indicator, indicator)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.IndicatorForm(request.POST or None, instance=indicator, body=body),
        template="strategy/edit.html",
        partial="strategy/includes/edit_form.html",
        context={"body": body, "object": indicator, "heading": _("Edit indicator"), "back": _url_of(indicator)},
        act=lambda data: services.indicator_update(actor=request.user, indicator=indicator, **data),
        success=_("The indicator has been saved."),
    )


@login_required
def target_create(request, body, indicator):
    body = access_body(body)
    indicator = access_strategy_object(request.user, body, m.Indicator, indicator)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.IndicatorTargetForm(request.POST or None),
        template="strategy/edit.html",
        context={
            "body": body,
            "heading": _("New target for “%(name)s”") % {"name": indicator.name},
            "back": _url_of(indicator),
        },
        act=lambda data: services.indicator_target_create(actor=request.user, indicator=indicator, **data),
        success=_("The target has been added."),
    )


@login_required
@require_POST
def target_delete(request, body, indicatortarget):
    body = access_body(body)
    target = access_strategy_object(
        request.user,
        body,
        m.IndicatorTarget,
        indicatortarget,
        queryset=m.IndicatorTarget.objects.select_related("indicator"),
    )
    _require_edit(request, body)
    services.indicator_target_delete(actor=request.user, target=target)
    messages.success(request, _("The target has been removed."))
    return redirect(_url_of(target.indicator))


# --- Measures ----------------------------------------------------------------------------------------------------


@login_required
def measures(request, body):
    """The measures of the current concept (or ?konzept=pk) as a filtered list or as a board by status."""
    body = access_body(body)
    require_perm(request.user, "strategy.view_concept", body)
    concept = None
    if (request.GET.get("konzept") or "").isdigit():
        concept = access_strategy_object(request.user, body, m.Concept, int(request.GET["konzept"]))
    concept = concept or selectors.current_concept(body)
    form = forms.MeasureFilterForm(request.GET or None, concept=concept)
    filters = form.cleaned_data if form.is_valid() else {}
    items = (
        selectors.measure_list(
            concept,
            field_id=filters["field"].pk if filters.get("field") else None,
            status=filters.get("status", ""),
            owner=filters.get("owner", ""),
            year=filters.get("year"),
            drafts_only=bool(filters.get("drafts")),
            actor_id=filters["actor"].pk if filters.get("actor") else None,
        )
        if concept
        else m.Measure.objects.none()
    )
    board = request.GET.get("ansicht") == "tafel"
    columns = (
        [(value, label, [item for item in items if item.status == value]) for value, label in m.MeasureStatus.choices]
        if board
        else []
    )
    template = template_for(request, "strategy/measures.html", "strategy/includes/measure_results.html")
    return render(
        request,
        template,
        {
            "body": body,
            "concept": concept,
            "form": form,
            "measures": items,
            "board": board,
            "columns": columns,
            "can_edit": _may_edit(request, body),
            "status_choices": m.MeasureStatus.choices,
        },
    )


@login_required
def measure_create(request, body, concept):
    body = access_body(body)
    concept = access_strategy_object(request.user, body, m.Concept, concept)
    _require_edit(request, body)
    initial = {"field": request.GET.get("feld")} if request.GET.get("feld") else {}
    return _form_page(
        request,
        form=forms.MeasureForm(request.POST or None, concept=concept, initial=initial),
        template="strategy/edit.html",
        context={"body": body, "heading": _("New measure"), "back": _url_of(concept)},
        act=lambda data: services.measure_create(actor=request.user, concept=concept, **data),
        success=_("The measure has been created."),
    )


@login_required
def measure_detail(request, body, measure):
    body = access_body(body)
    measure = access_strategy_object(
        request.user,
        body,
        m.Measure,
        measure,
        queryset=m.Measure.objects.select_related("concept", "field", "lead_actor").prefetch_related(
            "drafting_groups__process",
            "actors",
            "guiding_goals",
            "annual_goals",
            "budget_lines__category",
            "milestones",
            "evaluations__reviewer",
            "evidence_files",
        ),
    )
    return render(
        request,
        "strategy/measure_detail.html",
        {
            "body": body,
            "measure": measure,
            "can_edit": _may_edit(request, body),
            "history": _history(measure),
            # The motions behind the measure, as far as the reader may see them (non-public ones: members only).
            "papers": visible_papers(request.user, body).filter(measures=measure).order_by("-date", "-pk"),
            "milestone_form": forms.MilestoneForm(),
            "budget_form": forms.MeasureBudgetForm(body=body),
            "evaluation_form": forms.EvaluationForm(initial={"review_date": timezone.localdate()}),
            "status_form": forms.MeasureStatusForm(initial={"status": measure.status}),
            "today": timezone.localdate(),
            # The funded projects that carry the measure out (network's funding applications of this body).
            "funded_projects": measure.funding_applications.select_related("call").order_by("reference"),
            "funding_form": forms.MeasureFundingForm(measure=measure) if _may_edit(request, body) else None,
            "may_see_funding": request.user.has_perm("network.manage_funding", body),
        },
    )


@login_required
@require_POST
def measure_funding_link(request, body, measure):
    """Name a funded project of the body as carrying out the measure."""
    body = access_body(body)
    measure = access_strategy_object(
        request.user, body, m.Measure, measure, queryset=m.Measure.objects.select_related("concept")
    )
    _require_edit(request, body)
    form = forms.MeasureFundingForm(request.POST, measure=measure)
    if form.is_valid():
        application = form.cleaned_data["funding_application"]
        try:
            services.measure_link_funding(actor=request.user, measure=measure, application=application)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("The funded project %(reference)s is linked.") % {"reference": application.reference}
            )
    else:
        messages.error(request, _("Please choose a funded project."))
    return redirect(_url_of(measure) + "#foerderung")


@login_required
@require_POST
def measure_funding_unlink(request, body, measure, fundingapplication):
    body = access_body(body)
    measure = access_strategy_object(
        request.user, body, m.Measure, measure, queryset=m.Measure.objects.select_related("concept")
    )
    _require_edit(request, body)
    application = measure.funding_applications.filter(pk=fundingapplication).select_related("call__guideline").first()
    if application is None:
        raise Http404
    services.measure_unlink_funding(actor=request.user, measure=measure, application=application)
    messages.success(
        request, _("The funded project %(reference)s is no longer linked.") % {"reference": application.reference}
    )
    return redirect(_url_of(measure) + "#foerderung")


@login_required
def measure_edit(request, body, measure):
    body = access_body(body)
    measure = access_strategy_object(request.user, body, m.Measure, measure)
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.MeasureForm(request.POST or None, instance=measure, concept=measure.concept),
        template="strategy/edit.html",
        partial="strategy/includes/edit_form.html",
        context={"body": body, "object": measure, "heading": _("Edit measure"), "back": _url_of(measure)},
        act=lambda data: services.measure_update(actor=request.user, measure=measure, **data),
        success=_("The measure has been saved."),
    )


@login_required
@require_POST
def measure_status(request, body, measure):
    """Move a measure to another status (the board's control; works with and without HTMX)."""
    body = access_body(body)
    measure = access_strategy_object(request.user, body, m.Measure, measure)
    _require_edit(request, body)
    form = forms.MeasureStatusForm(request.POST)
    if form.is_valid():
        services.measure_update(actor=request.user, measure=measure, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("“%(title)s” is now “%(status)s”.") % {"title": measure.title, "status": measure.get_status_display()},
        )
    else:
        messages.error(request, _("Please choose a valid status."))
    return redirect(
        request.POST.get("weiter") if str(request.POST.get("weiter", "")).startswith("/k/") else _url_of(measure)
    )


def _measure_child_form(request, body, measure, form_class, create, success, heading, form_kwargs=None):
    body = access_body(body)
    measure = access_strategy_object(request.user, body, m.Measure, measure)
    _require_edit(request, body)
    return _form_page(
        request,
        form=form_class(request.POST or None, **(form_kwargs or {})),
        template="strategy/edit.html",
        context={"body": body, "heading": heading, "back": _url_of(measure)},
        act=lambda data: create(measure, data),
        success=success,
    )


@login_required
def milestone_create(request, body, measure):
    return _measure_child_form(
        request,
        body,
        measure,
        forms.MilestoneForm,
        lambda measure, data: services.milestone_create(actor=request.user, measure=measure, **data),
        _("The milestone has been added."),
        _("New milestone"),
    )


@login_required
@require_POST
def milestone_done(request, body, milestone):
    body = access_body(body)
    milestone = access_strategy_object(
        request.user, body, m.Milestone, milestone, queryset=m.Milestone.objects.select_related("measure")
    )
    _require_edit(request, body)
    services.milestone_update(actor=request.user, milestone=milestone, done_on=timezone.localdate())
    messages.success(request, _("The milestone “%(title)s” is done.") % {"title": milestone.title})
    return redirect(_url_of(milestone.measure))


@login_required
def budget_create(request, body, measure):
    body_obj = access_body(body)
    return _measure_child_form(
        request,
        body,
        measure,
        forms.MeasureBudgetForm,
        lambda measure, data: services.measure_budget_create(actor=request.user, measure=measure, **data),
        _("The budget line has been added."),
        _("New budget line"),
        form_kwargs={"body": body_obj},
    )


@login_required
def evaluation_create(request, body, measure):
    body = access_body(body)
    measure = access_strategy_object(request.user, body, m.Measure, measure)
    if not request.user.has_perm("strategy.evaluate", body):
        raise PermissionDenied
    return _form_page(
        request,
        form=forms.EvaluationForm(request.POST or None),
        template="strategy/edit.html",
        context={
            "body": body,
            "heading": _("Evaluate “%(title)s”") % {"title": measure.title},
            "back": _url_of(measure),
        },
        act=lambda data: services.evaluation_create(
            actor=request.user, concept=measure.concept, subject=measure, **data
        ),
        success=_("The evaluation has been saved."),
    )


# --- Self-assessment ---------------------------------------------------------------------------------------------


@login_required
def self_assessment(request, body):
    """The ten recommendations of the integration workshop, rated 0–4 per year."""
    body = access_body(body)
    require_perm(request.user, "strategy.view_concept", body)
    year_text = request.GET.get("jahr", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    ratings = {item.recommendation: item for item in m.SelfAssessment.objects.filter(body=body, year=year)}
    form = forms.SelfAssessmentForm(request.POST or None, ratings=ratings)
    if request.method == "POST":
        _require_edit(request, body)
        if form.is_valid():
            try:
                for number, _label in m.Recommendation.choices:
                    rating = form.cleaned_data[f"rating_{number}"]
                    if rating is not None:
                        services.self_assessment_set(
                            actor=request.user,
                            body=body,
                            year=year,
                            recommendation=number,
                            rating=rating,
                            note=form.cleaned_data[f"note_{number}"],
                        )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("The self-assessment for %(year)s has been saved.") % {"year": year})
                return redirect(f"{reverse('strategy:self_assessment', kwargs={'body': body.slug})}?jahr={year}")
    years = sorted(
        set(m.SelfAssessment.objects.filter(body=body).values_list("year", flat=True)) | {year}, reverse=True
    )
    rows = [
        (number, label, form[f"rating_{number}"], form[f"note_{number}"]) for number, label in m.Recommendation.choices
    ]
    return render(
        request,
        "strategy/self_assessment.html",
        {
            "body": body,
            "form": form,
            "rows": rows,
            "year": year,
            "years": years,
            "can_edit": _may_edit(request, body),
        },
    )


def _goal_evaluation(request, body, model, pk):
    body = access_body(body)
    goal = access_strategy_object(
        request.user, body, model, pk, queryset=model.objects.select_related("field__concept")
    )
    if not request.user.has_perm("strategy.evaluate", body):
        raise PermissionDenied
    return _form_page(
        request,
        form=forms.EvaluationForm(request.POST or None, initial={"review_date": timezone.localdate()}),
        template="strategy/edit.html",
        context={"body": body, "heading": _("Evaluate “%(title)s”") % {"title": goal.text}, "back": _url_of(goal)},
        act=lambda data: services.evaluation_create(
            actor=request.user, concept=goal.field.concept, subject=goal, **data
        ),
        success=_("The evaluation has been saved."),
    )


@login_required
def guiding_goal_evaluation_create(request, body, guidinggoal):
    return _goal_evaluation(request, body, m.GuidingGoal, guidinggoal)


@login_required
def annual_goal_evaluation_create(request, body, annualgoal):
    return _goal_evaluation(request, body, m.AnnualGoal, annualgoal)


@login_required
def evidence_create(request, body, measure):
    body = access_body(body)
    measure = access_strategy_object(
        request.user, body, m.Measure, measure, queryset=m.Measure.objects.select_related("concept__body")
    )
    _require_edit(request, body)
    return _form_page(
        request,
        form=forms.EvidenceFileForm(request.POST or None, request.FILES or None),
        template="strategy/edit.html",
        context={"body": body, "heading": _("Add evidence"), "back": _url_of(measure)},
        act=lambda data: services.evidence_file_create(
            actor=request.user, measure=measure, title=data["title"], upload=data["file"]
        ),
        success=_("The file has been attached."),
    )


@login_required
def evidence_download(request, body, evidencefile):
    """Evidence is internal: served through the access helper, never as a public media file."""
    body = access_body(body)
    evidence = access_strategy_object(request.user, body, m.EvidenceFile, evidencefile)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1])


@login_required
def funding_categories(request, body):
    """The body's own funding categories (e.g. A = own budget, B = third-party funds, C = in kind)."""
    body = access_body(body)
    require_perm(request.user, "strategy.view_concept", body)
    form = forms.FundingCategoryForm(request.POST or None)
    if request.method == "POST":
        _require_edit(request, body)
        if form.is_valid():
            try:
                services.funding_category_create(actor=request.user, body=body, **form.cleaned_data)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("The funding category has been added."))
                return redirect("strategy:funding_categories", body=body.slug)
    return render(
        request,
        "strategy/funding_categories.html",
        {
            "body": body,
            "form": form,
            "categories": m.FundingCategory.objects.filter(body=body),
            "can_edit": _may_edit(request, body),
        },
    )
