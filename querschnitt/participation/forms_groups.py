"""Forms of the group work. They parse and validate input; `services_groups` writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.strategy.models import FieldOfAction, GuidingGoal

from . import models as m

DRAFT_KIND_CHOICES = [
    ("guiding_goal", _("Guiding goal (Leitziel)")),
    ("annual_goal", _("Annual goal (Jahresziel)")),
    ("indicator", _("Indicator")),
    ("measure", _("Measure")),
]


def _fields_of(process: m.WorkshopProcess) -> Any:
    if process.concept_id is None:
        return FieldOfAction.objects.none()
    return FieldOfAction.objects.filter(concept_id=process.concept_id).order_by("order", "pk")


class WorkGroupForm(forms.ModelForm):
    class Meta:
        model = m.WorkGroup
        fields = ["title", "kind", "field", "facilitator", "guiding_questions", "summary"]
        widgets = {
            "guiding_questions": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, process: m.WorkshopProcess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = _fields_of(process)
        self.fields["field"].help_text = _("Empty for the process steering group.")

    def validate_unique(self) -> None:
        """The service checks uniqueness (with a message that names the group)."""


class MemberForm(forms.Form):
    prefix = "mitglied"  # the group page holds three forms; prefixes keep their ids apart

    participant = forms.ModelChoiceField(label=_("Participant"), queryset=m.Participant.objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = candidates
        self.fields["participant"].label_from_instance = lambda person: (
            f"{person.name} ({person.organisation})" if person.organisation else person.name
        )


class CardForm(forms.Form):
    prefix = "karte"  # the group page holds three forms; prefixes keep their ids apart

    kind = forms.ChoiceField(label=_("Kind"), choices=m.CardKind.choices, initial=m.CardKind.IDEA)
    cluster = forms.CharField(
        label=_("Heading on the board"),
        max_length=200,
        required=False,
        help_text=_("Optional. Cards with the same heading are shown together."),
    )
    text = forms.CharField(label=_("Card"), widget=forms.Textarea(attrs={"rows": 2}))


class DraftForm(forms.Form):
    prefix = "entwurf"  # the group page holds three forms; prefixes keep their ids apart

    kind = forms.ChoiceField(label=_("What the group drafts"), choices=DRAFT_KIND_CHOICES)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The goal as worded by the group, the indicator's name or the measure's title."),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Rationale of a goal, definition of an indicator or description of a measure."),
    )
    field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        help_text=_("Empty: the group's own field."),
    )
    guiding_goal = forms.ModelChoiceField(
        label=_("For the guiding goal"),
        queryset=GuidingGoal.objects.none(),
        required=False,
        help_text=_("Optional: the guiding goal an annual goal, indicator or measure serves."),
    )

    def __init__(self, *args: Any, process: m.WorkshopProcess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = _fields_of(process)
        goals = (
            GuidingGoal.objects.filter(field__concept_id=process.concept_id).select_related("field")
            if process.concept_id
            else GuidingGoal.objects.none()
        )
        self.fields["guiding_goal"].queryset = goals.order_by("field__order", "order", "pk")
        self.fields["guiding_goal"].label_from_instance = lambda goal: f"{goal.field.title}: {goal.text[:90]}"
