"""Forms of the good-practice library. Filter parameters are German (they show in addresses)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from . import models as m
from .selectors_practice import measures_for_practice

TEXTS = {"rows": 5}


class MeasureField(forms.ModelChoiceField):
    """A measure, named with its field of action (a concept repeats short titles across fields)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.field.title}: {obj.title}" if obj.field else obj.title


def _measure_field(body: Any) -> MeasureField:
    return MeasureField(
        label=_("Measure of your concept"),
        queryset=measures_for_practice(body),
        empty_label=_("Choose a measure"),
    )


class MeasureChoiceForm(forms.Form):
    """The first step: which measure becomes an example (sent by GET; the next form starts from it)."""

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["massnahme"] = _measure_field(body)


class PracticeExampleForm(forms.ModelForm):
    """The example's texts. On creation it names the measure (of the body's concept); on editing it keeps it."""

    class Meta:
        model = m.PracticeExample
        fields = [
            "title",
            "topic",
            "size",
            "what_was_done",
            "results",
            "indicators",
            "contact_name",
            "contact_email",
        ]
        labels = {"topic": _("Field of action (as named across NRW)")}
        help_texts = {
            "what_was_done": _("Describe the measure for other municipalities: what, with whom, for whom."),
            "results": _("What came of it: numbers, experience, what you would do differently."),
            "indicators": _("The indicators by which you measure it, one per line."),
        }
        widgets = {
            "what_was_done": forms.Textarea(attrs=TEXTS),
            "results": forms.Textarea(attrs=TEXTS),
            "indicators": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, body: Any, with_measure: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_measure:
            self.fields = {"measure": _measure_field(body), **self.fields}
        for name, choices in (("topic", m.PracticeTopic.choices), ("size", m.MunicipalitySize.choices)):
            cast(forms.ChoiceField, self.fields[name]).choices = [("", _("Please choose")), *choices]


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False)


class LibraryFilterForm(forms.Form):
    """The filters of the library: free text, field of action, size of the municipality."""

    suche = forms.CharField(label=_("Search term"), required=False, max_length=200)
    handlungsfeld = forms.ChoiceField(label=_("Field of action"), required=False)
    groesse = forms.ChoiceField(label=_("Size of the municipality"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["handlungsfeld"]).choices = [
            ("", _("all fields of action")),
            *m.PracticeTopic.choices,
        ]
        cast(forms.ChoiceField, self.fields["groesse"]).choices = [("", _("all sizes")), *m.MunicipalitySize.choices]

    def filters(self) -> dict[str, Any]:
        """The filters for `selectors_practice.published_practice_examples`; one that does not parse is left out."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "text": (data.get("suche") or "").strip(),
            "topic": data.get("handlungsfeld") or "",
            "size": data.get("groesse") or "",
        }


class DayExampleForm(forms.Form):
    """The example to pull into a workshop day (any published example)."""

    beispiel = forms.ModelChoiceField(queryset=m.PracticeExample.objects.filter(published=True))
