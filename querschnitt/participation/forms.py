"""Forms of participation. They parse and validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.strategy.models import Concept

from . import models as m


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class ConceptChoiceMixin:
    """Offers only the body's own concepts."""

    def _limit_concepts(self, body: Any) -> None:
        field = self.fields.get("concept")  # type: ignore[attr-defined]
        if field is not None:
            field.queryset = Concept.objects.filter(body=body).order_by("-version") if body else Concept.objects.none()
            field.label_from_instance = lambda concept: f"{concept.title} (Version {concept.version})"


class ProcessCreateForm(ConceptChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(
        label=_("Date of the preparation workshop"),
        widget=DateInput(),
        help_text=_("The other phases follow at their usual distance; every date can be changed afterwards."),
    )
    workshop_date = forms.DateField(
        label=_("First day of the two-day workshop"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: about one month after the preparation workshop."),
    )
    concept = forms.ModelChoiceField(label=_("Integration concept"), queryset=Concept.objects.none(), required=False)

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_concepts(body)


class ProcessForm(ConceptChoiceMixin, forms.ModelForm):
    class Meta:
        model = m.WorkshopProcess
        fields = ["title", "concept", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_concepts(body)


class PhaseForm(forms.ModelForm):
    class Meta:
        model = m.WorkshopPhase
        fields = ["title", "start_date", "end_date", "location", "notes"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class DayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    subtitle = forms.CharField(label=_("Subtitle"), max_length=300, required=False)
    programme = forms.CharField(
        label=_("Programme and guiding questions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("One item per line."),
    )

    def clean_programme(self) -> list[str]:
        return lines(self.cleaned_data["programme"])


class ChecklistItemForm(forms.Form):
    text = forms.CharField(label=_("New task"), max_length=300)


# --- Dot vote -------------------------------------------------------------------------------------------------------


class DotVoteForm(ConceptChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question to the participants"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    concept = forms.ModelChoiceField(label=_("Integration concept"), queryset=Concept.objects.none(), required=False)
    options_from_concept = forms.BooleanField(
        label=_("The options are the fields of action of the concept"), required=False
    )
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One option per line. An option named like a field of action of the concept is linked to it."),
    )
    points_per_voter = forms.IntegerField(label=_("Points per voter"), min_value=1, max_value=m.MAX_POINTS_PER_VOTER)
    max_points_per_option = forms.IntegerField(
        label=_("At most points per option"),
        min_value=1,
        max_value=m.MAX_POINTS_PER_VOTER,
        required=False,
        help_text=_("Leave empty to let voters put all their points on one option."),
    )
    spend_all = forms.BooleanField(label=_("All points must be spent"), required=False)
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        help_text=_("Nobody sees who voted what. Fixed once voting has started."),
    )
    visibility = forms.ChoiceField(
        label=_("Result visible"),
        choices=m.ResultVisibility.choices,
        widget=forms.RadioSelect,
        help_text=_("“Only after closing” cannot be revealed early once voting has started."),
    )

    def __init__(self, *args: Any, body: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_concepts(body)
        if editing:
            del self.fields["concept"]
            del self.fields["options_from_concept"]

    def clean_options(self) -> list[str]:
        return lines(self.cleaned_data["options"])


class VotersForm(forms.Form):
    count = forms.IntegerField(label=_("Number of new codes"), min_value=1, max_value=500, required=False)
    names = forms.CharField(
        label=_("Or one code per person"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One name per line; only for votes that are not anonymous."),
    )

    def __init__(self, *args: Any, anonymous: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if anonymous:
            del self.fields["names"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["names"] = lines(data.get("names", ""))
        if not data.get("count") and not data["names"]:
            raise forms.ValidationError(_("Please give a number of codes."))
        return data


class PaperTallyForm(forms.Form):
    """The counted dots of one flipchart: one number field per option."""

    origin = forms.CharField(
        label=_("Station or flipchart"),
        max_length=100,
        help_text=_("Counting the same flipchart again replaces its numbers."),
    )
    participants = forms.IntegerField(
        label=_("Number of people who put dots"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Optional; if given, the counts are checked against their points."),
    )

    def __init__(self, *args: Any, options: list[m.DotVoteOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        for option in options:
            self.fields[f"option_{option.pk}"] = forms.IntegerField(
                label=option.label, min_value=0, max_value=100000, required=False, initial=0
            )

    def counts(self) -> dict[int, int]:
        return {option.pk: self.cleaned_data.get(f"option_{option.pk}") or 0 for option in self.options}


class TieBreakForm(forms.Form):
    """Places 1…n for the options tied at one rank, and the reason."""

    reason = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, entries: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = entries
        size = len(entries)
        for position, entry in enumerate(entries, start=1):
            self.fields[f"place_{entry.option.pk}"] = forms.TypedChoiceField(
                label=_("Place of “%(option)s”") % {"option": entry.option.label},
                choices=[(number, str(number)) for number in range(1, size + 1)],
                coerce=int,
                initial=position,
            )
        self.order_fields([*[f"place_{entry.option.pk}" for entry in entries], "reason"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        places = {entry.option.pk: data.get(f"place_{entry.option.pk}") for entry in self.entries}
        if sorted(p for p in places.values() if p) != list(range(1, len(self.entries) + 1)):
            raise forms.ValidationError(_("Please give each tied option its own place."))
        data["option_order"] = [pk for pk, _place in sorted(places.items(), key=lambda item: item[1] or 0)]
        return data


class AdoptForm(ConceptChoiceMixin, forms.Form):
    concept = forms.ModelChoiceField(label=_("Integration concept"), queryset=Concept.objects.none())

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_concepts(body)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
