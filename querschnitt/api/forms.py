from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.tenancy.selectors import bodies_for_user

VALIDITY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("one year")),
    ("never", _("no expiry")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Statistics import” – so that you know it again later."),
    )
    body = forms.ModelChoiceField(
        label=_("Only for this body"),
        queryset=None,
        required=False,
        empty_label=_("every body in which I have a role"),
        help_text=_("A token for one body cannot reach the data of your other bodies."),
    )
    validity = forms.ChoiceField(label=_("Valid for"), choices=VALIDITY_CHOICES, initial="90")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies_for_user(user).order_by("name")

    def expires(self):
        """The expiry chosen in the form, or None for no expiry."""
        validity = self.cleaned_data["validity"]
        if validity == "never":
            return None
        return timezone.now() + timedelta(days=int(validity))
