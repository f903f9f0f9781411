"""Forms for events: the event, the public registration, the documentation and its files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.committees.models import Paper

from . import models as m
from .forms import DateInput
from .services_events import CONSENT_TEXT, CONSENT_TEXT_VERSION


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class EventForm(forms.ModelForm):
    class Meta:
        model = m.Event
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "place",
            "capacity",
            "topics",
            "description",
            "registration_open",
            "published",
            "decision",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "date": DateInput(),
            "start_time": TimeInput(),
            "topics": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"published": _("Published events are shown to everyone and open for registration.")}

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = m.EventKind.choices
        self.fields["decision"].queryset = Paper.objects.filter(body=body, deleted=False).order_by("-date", "-pk")

    def _post_clean(self) -> None:
        # The service validates and saves; the form only parses (no model validation here: the year is derived).
        pass


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("For the confirmation and the link to cancel."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Optional."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my data as described here (version %(version)s): %(text)s")
        % {"version": CONSENT_TEXT_VERSION, "text": CONSENT_TEXT},
        required=False,
    )


class DocumentationForm(forms.Form):
    documentation = forms.CharField(
        label=_("Documentation"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Plain text; an empty line starts a new paragraph. Shown publicly once the event is published."),
    )


class EventFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, Excel, OpenDocument, PNG, JPEG or text; at most 20 MB.")
    )
    public = forms.BooleanField(label=_("Public"), required=False)
    no_third_party_personal_data = forms.BooleanField(
        label=_("Contains no personal data of third parties"),
        required=False,
        help_text=_("Must be confirmed before the file is published."),
    )
