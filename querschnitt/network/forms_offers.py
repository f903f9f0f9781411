"""Forms of the offers directory. They parse and limit choices to the body; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from querschnitt.tenancy.models import Body

from . import models as m
from .forms import DATE_WIDGET, ServiceModelForm, choice_field
from .models_offers import (
    BODIES_WITH_MUNICIPALITIES,
    OfferKind,
    OfferStatus,
    TargetGroup,
    language_choices,
    place_label,
)
from .selectors_offers import AWAITING_REVIEW, DirectoryFilters, places_for_body


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return place_label(obj)


class OfferForm(ServiceModelForm):
    """The content of an offer, for the body's editors and for an actor's editor by link alike."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In which languages the offer is held or counselling is given."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        widget=forms.CheckboxSelectMultiple,
        choices=TargetGroup.choices,
    )
    municipality = PlaceChoiceField(label=_("Place"), queryset=Body.objects.none())
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = m.Offer
        fields = [
            "title",
            "kind",
            "description",
            "languages",
            "target_groups",
            "municipality",
            "address",
            "accessible",
            "childcare",
            "times",
            "free_of_charge",
            "cost",
            "contact_name",
            "contact_phone",
            "contact_email",
            "website",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "times": forms.Textarea(attrs={"rows": 2}),
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
        }

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["languages"]).choices = language_choices()
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("Please choose")), *OfferKind.choices]
        places = places_for_body(body)
        choice_field(self, "municipality").queryset = places
        choice_field(self, "municipality").empty_label = _("Please choose")
        if self.instance.pk and not self.initial.get("languages"):
            self.initial["languages"] = self.instance.language_codes
            self.initial["target_groups"] = self.instance.target_group_codes
        if not self.instance.pk and "municipality" not in self.initial and body.kind not in BODIES_WITH_MUNICIPALITIES:
            self.initial["municipality"] = body.pk


class OfferCreateForm(OfferForm):
    """An offer created by the body's editors: they choose the providing actor."""

    provider = forms.ModelChoiceField(label=_("Offered by"), queryset=m.Actor.objects.none())

    field_order = ["provider"]

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, body=body, **kwargs)
        choice_field(self, "provider").queryset = m.Actor.objects.filter(body=body, active=True).order_by("name")
        choice_field(self, "provider").empty_label = _("Please choose")


class OfferFilterForm(forms.Form):
    """The filters of the public directory (GET parameters in German: they show in the address)."""

    suche = forms.CharField(label=_("Search"), required=False, max_length=100)
    sprache = forms.ChoiceField(label=_("Language"), required=False)
    ort = forms.ChoiceField(label=_("Place"), required=False)
    zielgruppe = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("all target groups")), *[c for c in TargetGroup.choices if c[0] != TargetGroup.EVERYONE]],
    )
    art = forms.ChoiceField(
        label=_("Kind of offer"), required=False, choices=[("", _("all kinds")), *OfferKind.choices]
    )
    kostenlos = forms.BooleanField(label=_("free of charge only"), required=False)
    barrierefrei = forms.BooleanField(label=_("barrier-free only"), required=False)
    kinderbetreuung = forms.BooleanField(label=_("with childcare only"), required=False)

    def __init__(
        self, *args: Any, languages: list[tuple[str, str]], places: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sprache"]).choices = [("", _("all languages")), *languages]
        cast(forms.ChoiceField, self.fields["ort"]).choices = [
            ("", _("all places")),
            *[(str(pk), label) for pk, label in places],
        ]

    def filters(self) -> DirectoryFilters:
        """The filters for `selectors_offers.offer_directory`; a filter that does not parse is left out."""
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        place = data.get("ort") or ""
        return DirectoryFilters(
            query=(data.get("suche") or "").strip(),
            language=data.get("sprache") or "",
            municipality_id=int(place) if place.isdigit() else None,
            target_group=data.get("zielgruppe") or "",
            kind=data.get("art") or "",
            free_of_charge=bool(data.get("kostenlos")),
            accessible=bool(data.get("barrierefrei")),
            childcare=bool(data.get("kinderbetreuung")),
        )

    @property
    def active(self) -> bool:
        """Whether any filter is set (the page then offers to reset them)."""
        return self.is_bound and any(str(value).strip() for value in self.data.values())


class OfferManageFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("all")), (AWAITING_REVIEW, _("waiting for review")), *OfferStatus.choices]

    suche = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"query": (data.get("suche") or "").strip(), "status": data.get("status") or ""}


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("What should be changed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The editor receives this note by e-mail and sees it with the offer."),
    )


class OfferEditorInviteForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Actor"), queryset=m.Actor.objects.none())
    email = forms.EmailField(
        label=_("E-mail address of the editor"),
        help_text=_("Preferably a shared address of the actor, such as info@…; the link works for 90 days."),
    )

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "provider").queryset = m.Actor.objects.filter(body=body, active=True).order_by("name")
        choice_field(self, "provider").empty_label = _("Please choose")
