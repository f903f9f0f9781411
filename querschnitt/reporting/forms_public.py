"""Forms of the public pages: the body's settings of its public page, the search of the index and the choice of
the comparison. Parameters of GET forms are German (they show in addresses)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.strategy.models import Concept, IndicatorCatalogueEntry

from .models import PublicPage


class PublicPageForm(forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["published", "concept", "introduction", "easy_language_summary", "data_licence", "contact"]
        labels = {
            "published": _("Publish the public page"),
            "easy_language_summary": _("Summary in Leichte Sprache"),
        }
        help_texts = {
            "published": _("Only then is the page with the concept, its progress and the open data visible to all."),
            "concept": _(
                "The concept the public page shows with its goals, indicators and measures. Drafts are never shown."
            ),
            "introduction": _("A few sentences on what the page shows and why."),
            "easy_language_summary": _(
                "Short sentences, one statement per sentence, everyday words; explain difficult words. "
                "Shown in a section of its own."
            ),
            "data_licence": _("The licence under which everyone may reuse the open data."),
            "contact": _("Who answers questions on the page, e.g. an office and its e-mail address."),
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "easy_language_summary": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        concept = self.fields["concept"]
        assert isinstance(concept, forms.ModelChoiceField)
        concept.queryset = Concept.objects.filter(body=body).order_by("-version")
        concept.empty_label = _("No concept")


class PageSearchForm(forms.Form):
    suche = forms.CharField(label=_("Search for a municipality or district"), required=False, max_length=100)

    def search(self) -> str:
        return self.cleaned_data.get("suche", "") if self.is_valid() else ""


class EntryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code}. {obj.name}"


class CompareForm(forms.Form):
    """Which catalogue indicator, which year. An empty year means the latest with values."""

    indikator = EntryField(label=_("Indicator"), queryset=IndicatorCatalogueEntry.objects.none(), empty_label=None)
    jahr = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, choices=())

    def __init__(self, *args: Any, entries: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indikator"]
        assert isinstance(indicator, forms.ModelChoiceField)
        indicator.queryset = entries
        year = self.fields["jahr"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("Latest year"))] + [(str(y), str(y)) for y in years or []]
