from django import forms
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError
from .models import AccessibilityFeedback


def add_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's refusal on the form: at its field if the field is on the form, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class AccessibilityFeedbackForm(forms.ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["page_url", "message", "email"]
        labels = {
            "page_url": _("On which page did you meet the barrier? (optional)"),
            "message": _("Please describe the barrier"),
            "email": _("Your e-mail address, if you would like a reply (optional)"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
