"""Forms of the qualification series. They parse and limit choices to the series; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.tenancy.models import Body, BodyKind

from . import models as m
from .selectors_training import accepted_interests

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class ParseOnlyModelForm(forms.ModelForm):
    """Parses only: the service checks the permission and validates the model before anything changes."""

    def _post_clean(self) -> None:
        pass


class TrainingSeriesForm(ParseOnlyModelForm):
    class Meta:
        model = m.TrainingSeries
        fields = [
            "title",
            "slug",
            "description",
            "partners",
            "first_year",
            "last_year",
            "interest_deadline",
            "published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "interest_deadline": DATETIME_WIDGET,
        }


class TrainingModuleForm(ParseOnlyModelForm):
    class Meta:
        model = m.TrainingModule
        fields = ["level", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"order": _("Empty: the module comes last.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False


class _InterestFields(forms.Form):
    host_kind = forms.ChoiceField(label=_("Who wants to host the seminar?"), choices=m.HostKind.choices)
    host_name = forms.CharField(
        label=_("Name of the adult-education centre or body"),
        max_length=300,
        help_text=_("For example “VHS Neuss” or “Stadt Dormagen”."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("E-mail address of the contact person"))
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules you would like to host"),
        queryset=m.TrainingModule.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    proposed_dates = forms.CharField(
        label=_("Proposed dates"),
        max_length=500,
        required=False,
        help_text=_("For example “Saturdays in March 2026” or concrete dates."),
    )
    message = forms.CharField(
        label=_("Message"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, series: m.TrainingSeries, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = cast(forms.ModelMultipleChoiceField, self.fields["modules"])
        modules.queryset = series.modules.order_by("order", "pk")


class PublicInterestForm(_InterestFields):
    # A field people never see (hidden by CSS and from assistive technology); programs that fill every field do.
    homepage = forms.CharField(label=_("Please leave this field empty"), required=False)

    def clean_homepage(self) -> str:
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


def _bodies_for_choice() -> Any:
    return Body.objects.exclude(kind__in=[BodyKind.STATE_COUNCIL, BodyKind.LAND]).order_by("name", "pk")


class RecordInterestForm(_InterestFields):
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=DATETIME_WIDGET,
        help_text=_("When it reached us (German time). After the deadline it is recorded as refused."),
    )
    body = forms.ModelChoiceField(
        label=_("Body (if a municipality or district offers to host)"), queryset=Body.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "body").queryset = _bodies_for_choice()


class InterestDecisionForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        coerce=lambda value: value == "accept",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note on the decision"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CourseForm(ParseOnlyModelForm):
    class Meta:
        model = m.Course
        fields = [
            "module",
            "host_interest",
            "host_name",
            "body",
            "starts_on",
            "ends_on",
            "times",
            "place",
            "trainers",
            "seats",
            "status",
            "registration_deadline",
        ]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET, "registration_deadline": DATE_WIDGET}
        help_texts = {
            "host_name": _("Empty: the name from the expression of interest."),
            "registration_deadline": _("Last day on which one can register (German time). Empty: until the course."),
        }

    def __init__(self, *args: Any, series: m.TrainingSeries, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "module").queryset = series.modules.order_by("order", "pk")
        _choice(self, "module").empty_label = _("Please choose")
        _choice(self, "host_interest").queryset = accepted_interests(series)
        _choice(self, "body").queryset = _bodies_for_choice()
        self.fields["host_name"].required = False


class RegistrationForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Committee of"), queryset=Body.objects.none(), empty_label=None)
    mandate = forms.ChoiceField(label=_("Your mandate"), choices=m.MandateKind.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "body").queryset = bodies


class AttendanceForm(forms.Form):
    attended_days = forms.IntegerField(label=_("Days attended"), min_value=0, max_value=500)
    attended = forms.BooleanField(label=_("Attended"), required=False)
