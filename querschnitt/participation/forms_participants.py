"""Forms for the participants of a workshop process and the prices. They parse; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import models as m
from .forms import DateInput
from .services_participants import CONSENT_TEXT, CONSENT_TEXT_VERSION


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation or function"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False, help_text=_("Optional."))
    target_group = forms.ChoiceField(label=_("Target group"), choices=m.TargetGroup.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, with_consent: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_consent:
            self.fields["consent"] = forms.BooleanField(
                label=_("The person has agreed to the following wording (version %(version)s): %(text)s")
                % {"version": CONSENT_TEXT_VERSION, "text": CONSENT_TEXT},
                required=False,
            )
            self.fields["consent_given_on"] = forms.DateField(
                label=_("Consent given on"), widget=DateInput(), initial=timezone.localdate
            )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=m.ParticipantStatus.choices)


class CapacityForm(forms.Form):
    max_participants = forms.IntegerField(
        label=_("At most participants"),
        min_value=1,
        max_value=m.MAX_PARTICIPANTS_LIMIT,
        help_text=_("Whoever is invited beyond this number is put on the waiting list."),
    )
    travel_costs = forms.DecimalField(
        label=_("Travel costs of the trainers in euros"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=_("As invoiced or estimated."),
    )


class PriceModelForm(forms.Form):
    package_price = forms.DecimalField(
        label=_("Price per package incl. VAT in euros"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        localize=True,
    )
    package_description = forms.CharField(label=_("What the package contains"), max_length=300)
    package_max_participants = forms.IntegerField(
        label=_("At most participants per package"), min_value=1, max_value=m.MAX_PARTICIPANTS_LIMIT
    )
    material_per_participant = forms.DecimalField(
        label=_("Training materials per participant in euros"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        localize=True,
    )
