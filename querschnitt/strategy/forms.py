"""Forms of the integration concept. They parse and validate input; the services write."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from querschnitt.network.models import Actor, FundingApplication
from querschnitt.network.models_funding import GRANTED_STATUSES

from . import models as m


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BaseModelForm(forms.ModelForm):
    """Dates as date pickers; goals, fields and categories offered only from one concept (or one body).

    Without a concept or body, relation fields offer nothing: a form never lists another body's objects.
    """

    def __init__(self, *args, concept=None, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        if "order" in self.fields:
            self.fields["order"].required = False  # blank: at the end
        if concept is not None:
            scope = {"concept": concept}
        elif body is not None:
            scope = {"concept__body": body}
        else:
            scope = None
        for name in ("guiding_goals", "annual_goals"):
            if name in self.fields:
                self.fields[name].widget = forms.CheckboxSelectMultiple()
                self.fields[name].label_from_instance = (
                    (lambda goal: f"{goal.field}: {goal}")
                    if concept is not None
                    else (
                        lambda goal: (
                            f"{goal.field.concept.title} (v{goal.field.concept.version}) · {goal.field}: {goal}"
                        )
                    )
                )
        # The queryset comes after the widget: setting it fills the widget's choices.
        limits = {
            "field": lambda s: m.FieldOfAction.objects.filter(**s),
            "parent": lambda s: m.FieldOfAction.objects.filter(parent__isnull=True, **s),
            "guiding_goal": lambda s: m.GuidingGoal.objects.filter(**{f"field__{k}": v for k, v in s.items()}),
            "guiding_goals": lambda s: m.GuidingGoal.objects.filter(
                **{f"field__{k}": v for k, v in s.items()}
            ).select_related("field__concept"),
            "annual_goals": lambda s: m.AnnualGoal.objects.filter(
                **{f"field__{k}": v for k, v in s.items()}
            ).select_related("field__concept"),
            "category": lambda s: (
                m.FundingCategory.objects.filter(body=body) if body else m.FundingCategory.objects.none()
            ),
            # The body's own actor records (network): active ones, and whatever is linked already.
            "lead_actor": lambda s: _actors_of(s, self.instance, "lead_actor"),
            "actors": lambda s: _actors_of(s, self.instance, "actors"),
        }
        for name, queryset in limits.items():
            if name in self.fields:
                self.fields[name].queryset = queryset(scope) if scope is not None else self.fields[name].queryset.none()


def _actors_of(scope: dict, instance: Any, name: str) -> Any:
    body = scope.get("concept__body") or (scope["concept"].body if "concept" in scope else None)
    queryset = Actor.objects.filter(body=body).select_related("kind")
    if instance is not None and instance.pk:
        linked = [instance.lead_actor_id] if name == "lead_actor" else [a.pk for a in instance.actors.all()]
        return queryset.filter(Q(active=True) | Q(pk__in=[pk for pk in linked if pk])).order_by("name")
    return queryset.filter(active=True).order_by("name")


class ConceptForm(BaseModelForm):
    class Meta:
        model = m.Concept
        fields = [
            "title",
            "status",
            "cycle_phase",
            "period_start",
            "period_end",
            "mission_statement",
            "adopted_on",
            "adopted_by",
        ]
        widgets = {"mission_statement": forms.Textarea(attrs={"rows": 5})}


class FieldOfActionForm(BaseModelForm):
    class Meta:
        model = m.FieldOfAction
        fields = ["title", "parent", "description", "priority_points", "order", "actors"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "actors": forms.CheckboxSelectMultiple()}


class GuidingGoalForm(BaseModelForm):
    class Meta:
        model = m.GuidingGoal
        fields = ["text", "minimum_statement", "rationale", "order"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ("text", "minimum_statement", "rationale")}


class AnnualGoalForm(BaseModelForm):
    class Meta:
        model = m.AnnualGoal
        fields = ["text", "guiding_goal", "year_start", "year_end", "owner", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, field=None, **kwargs):
        super().__init__(*args, concept=field.concept if field is not None else None, **kwargs)
        if field is not None:
            self.fields["guiding_goal"].queryset = m.GuidingGoal.objects.filter(field=field)


class ProgressOverrideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Progress set by hand"),
        required=False,
        choices=[("", _("computed from the indicators")), *m.ProgressStatus.choices],
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(BaseModelForm):
    class Meta:
        model = m.Indicator
        fields = [
            "name",
            "catalogue_entry",
            "definition",
            "numerator",
            "denominator",
            "reference_date",
            "unit",
            "polarity",
            "kind",
            "data_source",
            "levels",
            "baseline_value",
            "baseline_comparison",
            "baseline_date",
            "baseline_note",
            "guiding_goals",
            "annual_goals",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue_entry"].required = False


class IndicatorTargetForm(BaseModelForm):
    class Meta:
        model = m.IndicatorTarget
        fields = ["kind", "value", "due_date", "due_label", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class MeasureForm(BaseModelForm):
    class Meta:
        model = m.Measure
        fields = [
            "title",
            "field",
            "description",
            "considerations",
            "lead_actor",
            "actors",
            "lead_owner",
            "involved_actors",
            "target_group",
            "staff_time",
            "status",
            "start_date",
            "end_date",
            "progress",
            "guiding_goals",
            "annual_goals",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "considerations": forms.Textarea(attrs={"rows": 4}),
            "involved_actors": forms.Textarea(attrs={"rows": 2}),
            "actors": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "lead_owner": _("As the workshop wrote it; kept when the lead is chosen from the actors above."),
            "involved_actors": _("As the workshop wrote it; names no actor record has yet stay here."),
        }


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=m.MeasureStatus.choices)


class MeasureBudgetForm(BaseModelForm):
    class Meta:
        model = m.MeasureBudget
        fields = ["year", "amount", "amount_max", "basis", "category"]


class MilestoneForm(BaseModelForm):
    class Meta:
        model = m.Milestone
        fields = ["title", "due_date"]


class EvaluationForm(BaseModelForm):
    class Meta:
        model = m.Evaluation
        fields = ["review_date", "traffic_light", "progress_status", "decision", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class MeasureFilterForm(forms.Form):
    field = forms.ModelChoiceField(
        label=_("Field of action"), required=False, queryset=m.FieldOfAction.objects.none(), empty_label=_("all fields")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all states")), *m.MeasureStatus.choices]
    )
    owner = forms.CharField(label=_("Lead"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    actor = forms.ModelChoiceField(
        label=_("Actor (lead or involved)"), required=False, queryset=Actor.objects.none(), empty_label=_("all actors")
    )
    drafts = forms.BooleanField(label=_("Drafts only"), required=False)

    def __init__(self, *args, concept=None, **kwargs):
        super().__init__(*args, **kwargs)
        if concept is not None:
            self.fields["field"].queryset = concept.fields.order_by("order")
            self.fields["actor"].queryset = Actor.objects.filter(body_id=concept.body_id).order_by("name")


class SelfAssessmentForm(forms.Form):
    """One row per recommendation: rating 0–4 and a note."""

    def __init__(self, *args, ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        ratings = ratings or {}
        for number, label in m.Recommendation.choices:
            current = ratings.get(number)
            self.fields[f"rating_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {label}",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", _("not rated")), *[(value, str(value)) for value in range(5)]],
                initial=current.rating if current else "",
            )
            self.fields[f"note_{number}"] = forms.CharField(
                label=_("Note on recommendation %(number)s") % {"number": number},
                required=False,
                initial=current.note if current else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class EvidenceFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, OpenDocument or an image; at most 20 MB."))


class FundingCategoryForm(forms.ModelForm):
    class Meta:
        model = m.FundingCategory
        fields = ["code", "name"]


class MeasureFundingForm(forms.Form):
    """Link a funded project (an approved funding application of the same body) to a measure."""

    funding_application = forms.ModelChoiceField(label=_("Funded project"), queryset=FundingApplication.objects.none())

    def __init__(self, *args, measure: m.Measure, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["funding_application"]
        field.queryset = (  # type: ignore[attr-defined]
            FundingApplication.objects.filter(
                call__guideline__body=measure.concept.body_id, status__in=GRANTED_STATUSES
            )
            .exclude(measures=measure)
            .order_by("-submitted_at", "pk")
        )
        field.empty_label = _("Please choose")  # type: ignore[attr-defined]
        field.label_from_instance = lambda application: (  # type: ignore[attr-defined]
            f"{application.reference}: {application.title} ({application.organisation_name})"
        )
