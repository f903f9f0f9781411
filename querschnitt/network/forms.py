"""Forms of the network. They parse and limit choices to the body; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.committees.models import Organization

from . import models as m
from .selectors import holders_of_seat, kinds_for_body

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's model choice field, typed (to set its queryset and empty label)."""
    return cast(forms.ModelChoiceField, form.fields[name])


class ServiceModelForm(forms.ModelForm):
    """A model form that only parses: the service validates the model (and refuses with a message at its field),
    so the instance is not touched before the service has checked the permission."""

    def _post_clean(self) -> None:
        pass


class ActorForm(ServiceModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = m.Actor
        fields = [
            "name",
            "short_name",
            "kind",
            "street",
            "postcode",
            "city",
            "website",
            "email",
            "phone",
            "description",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = kinds_for_body(body)
        if self.instance.pk and self.instance.kind_id:
            kinds = m.ActorKind.objects.filter(Q(pk__in=kinds.values("pk")) | Q(pk=self.instance.kind_id))
        choice_field(self, "kind").queryset = kinds.order_by("order", "name", "pk")
        choice_field(self, "kind").empty_label = _("Please choose")


class ActorFilterForm(forms.Form):
    ACTIVE_CHOICES = [("ja", _("active")), ("nein", _("inactive")), ("alle", _("all"))]

    suche = forms.CharField(label=_("Search"), required=False, max_length=100)
    art = forms.ModelChoiceField(label=_("Kind"), queryset=m.ActorKind.objects.none(), required=False)
    ort = forms.ChoiceField(label=_("City"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args: Any, body: Any, cities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "art").queryset = kinds_for_body(body, include_hidden=True)
        choice_field(self, "art").empty_label = _("all kinds")
        cast(forms.ChoiceField, self.fields["ort"]).choices = [
            ("", _("all places")),
            *[(city, city) for city in cities],
        ]

    def filters(self) -> dict[str, Any]:
        """The filters for `selectors.actor_list`; a filter that does not parse is left out."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or "ja"
        return {
            "query": (data.get("suche") or "").strip(),
            "kind_id": data["art"].pk if data.get("art") else None,
            "city": data.get("ort") or "",
            "active": {"ja": True, "nein": False}.get(status),
        }


class ActorKindForm(ServiceModelForm):
    class Meta:
        model = m.ActorKind
        fields = ["name", "order", "hidden"]
        labels = {"name": _("Name of the kind")}


class ActorKindCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the kind"), max_length=100)


class ContactPersonForm(ServiceModelForm):
    consent = forms.BooleanField(
        label=_("The person has agreed that their contact data may be stored for the network."),
        required=True,
    )

    class Meta:
        model = m.ContactPerson
        fields = ["name", "function", "email", "phone", "consent_given_on", "consent_text_version", "note"]
        widgets = {"consent_given_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["consent"].initial = True
        else:
            self.fields["consent_given_on"].initial = timezone.localdate()

    def service_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "consent"}


class CooperationEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    text = forms.CharField(label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ActorImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_(
            "A CSV file (UTF-8, separated by semicolons or commas) or an Excel workbook (.xlsx), at most 5 MB."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class SteeringGroupForm(ServiceModelForm):
    class Meta:
        model = m.SteeringGroup
        fields = ["name", "description", "decided_on", "decided_by", "organization", "proposal_note"]
        widgets = {
            "decided_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "proposal_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "organization").queryset = Organization.objects.filter(body=body, deleted=False).order_by(
            "name"
        )
        choice_field(self, "organization").empty_label = _("none")


class SeatForm(ServiceModelForm):
    class Meta:
        model = m.SteeringGroupSeat
        fields = ["label", "decided_count", "proposed_count", "actor_kind", "note", "order"]
        help_texts = {"order": _("Empty: the seat comes last.")}

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = kinds_for_body(body)
        if self.instance.pk and self.instance.actor_kind_id:
            kinds = m.ActorKind.objects.filter(Q(pk__in=kinds.values("pk")) | Q(pk=self.instance.actor_kind_id))
        choice_field(self, "actor_kind").queryset = kinds.order_by("order", "name", "pk")
        choice_field(self, "actor_kind").empty_label = _("none")
        self.fields["order"].required = False
        if not self.instance.pk:
            self.initial.pop("order", None)
            self.fields["order"].initial = None


class SeatHolderForm(ServiceModelForm):
    class Meta:
        model = m.SeatHolder
        fields = ["name", "role", "deputy_for", "actor", "start_date", "end_date"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "role": forms.RadioSelect}
        help_texts = {
            "deputy_for": _("Only for a deputy: the member they stand in for. Empty: a deputy for the whole seat."),
        }

    def __init__(self, *args: Any, seat: m.SteeringGroupSeat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = holders_of_seat(seat)
        if self.instance.pk:
            members = members.exclude(pk=self.instance.pk)
        choice_field(self, "deputy_for").queryset = members
        choice_field(self, "deputy_for").empty_label = _("the seat as a whole")
        choice_field(self, "actor").queryset = m.Actor.objects.filter(body=seat.group.body, active=True).order_by(
            "name"
        )
        choice_field(self, "actor").empty_label = _("none")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == m.HolderRole.HOLDER:
            data["deputy_for"] = None  # a member stands in for no one; the field only counts for deputies
        return data

    def service_data(self) -> dict[str, Any]:
        """The cleaned data for the services, which take the holder's actor as `network_actor`."""
        data = dict(self.cleaned_data)
        data["network_actor"] = data.pop("actor", None)
        return data


class TaskForm(ServiceModelForm):
    class Meta:
        model = m.SteeringGroupTask
        fields = ["text", "recurrence", "order"]
        help_texts = {"order": _("Empty: the task comes last.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if not self.instance.pk:
            self.fields["order"].initial = None


class SeatsPasteForm(forms.Form):
    COLUMN_CHOICES = [("beschluss", _("as the decided composition")), ("vorschlag", _("as the proposal"))]

    text = forms.CharField(
        label=_("Seats, one per line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        help_text=_(
            "Copy the table from the decision or the proposal: “Landrat oder Allgemeiner Vertreter⇥1” (a table), "
            "“Kreistag (5 → Fraktionen)” or a line without a number. Header and sum lines are left out."
        ),
    )
    column = forms.ChoiceField(
        label=_("Add the seats"), choices=COLUMN_CHOICES, widget=forms.RadioSelect, initial="beschluss"
    )
