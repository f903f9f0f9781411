"""Forms of the integration centre. They parse and limit choices to the body; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import models_centre as c
from .forms import DATE_WIDGET, ServiceModelForm, choice_field
from .models import Actor
from .selectors_centre import OPEN, actors_for_choice, centre_staff, services_for_choice


def _service_choices(services: Any) -> list[Any]:
    """The services grouped by task area (an <optgroup> each), for a select."""
    groups: dict[int, list[tuple[int, str]]] = {}
    for service in services:
        groups.setdefault(service.area, []).append((service.pk, service.title))
    labels = dict(c.TaskArea.choices)
    return [("", _("Please choose"))] + [(labels[area], options) for area, options in sorted(groups.items())]


class CentreServiceForm(ServiceModelForm):
    class Meta:
        model = c.CentreService
        fields = ["area", "title", "description", "target_group", "active", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"order": _("Empty: the service comes last in its task area.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if not self.instance.pk:
            self.fields["order"].initial = None


class CounsellingRequestForm(ServiceModelForm):
    """A request with everything about it. Name and contact of the person asking are stored only with the consent
    box ticked; the day of the consent defaults to today."""

    consent = forms.BooleanField(
        label=_("The person has agreed that their name and contact may be stored for handling the request."),
        required=False,
    )

    class Meta:
        model = c.CounsellingRequest
        fields = [
            "received_on",
            "channel",
            "requester_kind",
            "requester_actor",
            "service",
            "subject",
            "requester_name",
            "requester_contact",
            "consent",
            "consent_given_on",
            "status",
            "outcome",
            "referred_to",
            "handled_by",
        ]
        widgets = {
            "received_on": DATE_WIDGET,
            "consent_given_on": DATE_WIDGET,
            "subject": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "requester_name": _("Only if needed to handle the request, and only with the person's consent."),
            "consent_given_on": _("Empty: today, if the box is ticked."),
        }

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        services = services_for_choice(body, keep=instance.service_id if instance.pk else None)
        choice_field(self, "service").queryset = services
        choice_field(self, "service").choices = _service_choices(services)
        keep = (instance.requester_actor_id, instance.referred_to_id) if instance.pk else ()
        for name in ("requester_actor", "referred_to"):
            choice_field(self, name).queryset = actors_for_choice(body, keep=keep)
            choice_field(self, name).empty_label = _("none")
        for name, choices in (("channel", c.Channel.choices), ("requester_kind", c.RequesterKind.choices)):
            cast(forms.ChoiceField, self.fields[name]).choices = [("", _("Please choose")), *choices]
        choice_field(self, "handled_by").queryset = centre_staff(body)
        choice_field(self, "handled_by").empty_label = _("nobody yet")
        self.fields["consent_given_on"].required = False
        if instance.pk:
            self.fields["consent"].initial = bool(instance.consent_given_on)
            if instance.personal_data_removed_on:
                for name in ("requester_name", "requester_contact", "consent", "consent_given_on"):
                    del self.fields[name]
        else:
            self.fields["received_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "consent" not in self.fields:
            return data
        personal = data.get("requester_name") or data.get("requester_contact")
        if data.get("consent"):
            data["consent_given_on"] = data.get("consent_given_on") or timezone.localdate()
        elif personal:
            self.add_error(
                "consent", _("Name and contact may only be stored with the person's consent: please tick the box.")
            )
        else:
            data["consent_given_on"] = None
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "consent"}


class StatusForm(forms.Form):
    """Move a request on (on its page): status, outcome and whom it was referred to."""

    status = forms.ChoiceField(label=_("Status"), choices=c.RequestStatus.choices)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_to = forms.ModelChoiceField(label=_("Referred to"), queryset=Actor.objects.none(), required=False)

    def __init__(self, *args: Any, counselling_request: c.CounsellingRequest, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": counselling_request.status,
                "outcome": counselling_request.outcome,
                "referred_to": counselling_request.referred_to_id,
            },
        )
        super().__init__(*args, **kwargs)
        choice_field(self, "referred_to").queryset = actors_for_choice(
            counselling_request.body, keep=(counselling_request.referred_to_id,)
        )
        choice_field(self, "referred_to").empty_label = _("none")


class TimeEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    minutes = forms.IntegerField(
        label=pgettext_lazy("duration", "Minutes"),
        min_value=1,
        max_value=c.MAX_MINUTES_PER_ENTRY,
        widget=forms.NumberInput(attrs={"step": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class NetworkEventForm(ServiceModelForm):
    class Meta:
        model = c.NetworkEvent
        fields = ["title", "date", "kind", "organiser", "actors", "participant_count", "topics", "notes"]
        widgets = {
            "date": DATE_WIDGET,
            "actors": forms.CheckboxSelectMultiple,
            "topics": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = [actor.pk for actor in self.instance.actors.all()] if self.instance.pk else []
        cast(forms.ModelMultipleChoiceField, self.fields["actors"]).queryset = actors_for_choice(body, keep=keep)


# --- Filters -------------------------------------------------------------------------------------------------------


class RequestFilterForm(forms.Form):
    """The filters of the list of requests; the dashboard links to the list with them. Parameters in German."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    bereich = forms.TypedChoiceField(label=_("Task area"), required=False, coerce=int, empty_value=None)
    leistung = forms.ModelChoiceField(label=_("Service"), queryset=c.CentreService.objects.none(), required=False)
    kanal = forms.ChoiceField(label=_("Channel"), required=False)
    anfragende = forms.ChoiceField(label=_("Who asks"), required=False)
    akteur = forms.ModelChoiceField(label=_("Actor"), queryset=Actor.objects.none(), required=False)
    von = forms.DateField(label=_("Received from"), required=False, widget=DATE_WIDGET)
    bis = forms.DateField(label=_("Received until"), required=False, widget=DATE_WIDGET)
    zeit_von = forms.DateField(label=_("Time spent from"), required=False, widget=DATE_WIDGET)
    zeit_bis = forms.DateField(label=_("Time spent until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("all")),
            (OPEN, _("open (new or in progress)")),
            *c.RequestStatus.choices,
        ]
        cast(forms.ChoiceField, self.fields["bereich"]).choices = [("", _("all task areas")), *c.TaskArea.choices]
        choice_field(self, "leistung").queryset = c.CentreService.objects.filter(body=body).order_by(
            "area", "order", "title"
        )
        choice_field(self, "leistung").empty_label = _("all services")
        cast(forms.ChoiceField, self.fields["kanal"]).choices = [("", _("all channels")), *c.Channel.choices]
        cast(forms.ChoiceField, self.fields["anfragende"]).choices = [("", _("all")), *c.RequesterKind.choices]
        choice_field(self, "akteur").queryset = Actor.objects.filter(body=body).order_by("name", "pk")
        choice_field(self, "akteur").empty_label = _("all actors")

    def filters(self) -> dict[str, Any]:
        """The filters for `selectors_centre.counselling_request_list`; a filter that does not parse is left out."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "",
            "area": data.get("bereich"),
            "service_id": data["leistung"].pk if data.get("leistung") else None,
            "channel": data.get("kanal") or "",
            "requester_kind": data.get("anfragende") or "",
            "actor_id": data["akteur"].pk if data.get("akteur") else None,
            "received_from": data.get("von"),
            "received_until": data.get("bis"),
            "time_from": data.get("zeit_von"),
            "time_until": data.get("zeit_bis"),
        }


class EventFilterForm(forms.Form):
    art = forms.ChoiceField(label=_("Kind"), required=False)
    akteur = forms.ModelChoiceField(label=_("Actor"), queryset=Actor.objects.none(), required=False)
    von = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    bis = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["art"]).choices = [("", _("all kinds")), *c.NetworkEventKind.choices]
        choice_field(self, "akteur").queryset = Actor.objects.filter(body=body).order_by("name", "pk")
        choice_field(self, "akteur").empty_label = _("all actors")

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "kind": data.get("art") or "",
            "actor_id": data["akteur"].pk if data.get("akteur") else None,
            "date_from": data.get("von"),
            "date_until": data.get("bis"),
        }
