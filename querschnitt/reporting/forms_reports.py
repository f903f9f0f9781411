"""Forms of the report builder."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.strategy.models import Concept

from .models import ReportSection, all_sections


class ConceptField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({_('version')} {obj.version})"


class ReportForm(forms.Form):
    """Title, concept, period and sections of a report (creating and editing)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    concept = ConceptField(label=_("Concept"), queryset=Concept.objects.none(), empty_label=None)
    period_start = forms.DateField(
        label=_("Reporting period from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("Reporting period to"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        choices=ReportSection.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=all_sections,
        help_text=_("The sections the report includes, in this order."),
    )

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["concept"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Concept.objects.filter(body=body).order_by("-version", "-pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the reporting period lies before its start."))
        return data


class ReportTextForm(forms.Form):
    """The office's text of one section (or of one field of action in the section of the fields)."""

    section = forms.ChoiceField(choices=ReportSection.choices, widget=forms.HiddenInput)
    field = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paragraphs are separated by an empty line; lines starting with “- ” become a list; **bold**."),
    )


class VersionForm(forms.Form):
    note = forms.CharField(
        label=_("Note on this version"),
        required=False,
        max_length=500,
        help_text=_("For example: “Draft for the committee meeting on 21.11.2026”."),
    )
