from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OParlSource


class OParlSourceForm(forms.Form):
    """Where the body's council information system is. A plain form (not a ModelForm): the service validates the
    source and decides what a changed address means."""

    url = forms.URLField(
        label=OParlSource._meta.get_field("url").verbose_name,
        help_text=OParlSource._meta.get_field("url").help_text,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=_("Name"),
        help_text=OParlSource._meta.get_field("name").help_text,
        max_length=200,
        required=False,
    )
    # No help text: a checkbox shows its label only (the hint would be squeezed beside the box).
    active = forms.BooleanField(
        label=_("Import regularly (with the scheduled command “oparl_import”)"),
        required=False,
        initial=True,
    )
