from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BodyKind


class BodyFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or AGS"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all kinds")), *BodyKind.choices])
