"""Forms of the funding of migrant organisations. They parse and limit choices to the body; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import models as m
from .forms import DATE_WIDGET, ServiceModelForm, choice_field
from .models_funding import ApplicationStatus, ProofResult
from .selectors import kinds_for_body
from .services_funding import MAX_ATTACHMENTS, ApplicationData

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MONEY_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0"}
ACCEPT = ".pdf,.docx,.odt,.xlsx,.ods,.png,.jpg,.jpeg,.txt"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list (empty if none were chosen and none are required)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def files_field(label: Any, *, required: bool = False) -> MultipleFileField:
    return MultipleFileField(
        label=label,
        required=required,
        help_text=_("Up to %(count)s files: PDF, Word, Excel, OpenDocument, PNG, JPEG or text, at most 20 MB each.")
        % {"count": MAX_ATTACHMENTS},
    )


# --- Guidelines, criteria, calls -------------------------------------------------------------------------------


class GuidelineForm(ServiceModelForm):
    class Meta:
        model = m.FundingGuideline
        fields = ["title", "valid_from", "budget_line", "total_budget", "max_amount", "areas", "text"]
        widgets = {
            "valid_from": DATE_WIDGET,
            "areas": forms.Textarea(attrs={"rows": 6}),
            "text": forms.Textarea(attrs={"rows": 12}),
        }


class CriterionForm(ServiceModelForm):
    class Meta:
        model = m.FundingCriterion
        fields = ["name", "description", "weight", "max_score", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"order": _("Empty: the criterion comes last.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if not self.instance.pk:
            self.initial.pop("order", None)
            self.fields["order"].initial = None


class CallForm(ServiceModelForm):
    class Meta:
        model = m.FundingCall
        fields = ["title", "description", "opens_on", "deadline", "budget", "public", "status"]
        widgets = {
            "opens_on": DATE_WIDGET,
            "deadline": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 6}),
        }


# --- The public application form -------------------------------------------------------------------------------


class PublicApplicationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Name of your organisation"), max_length=200)
    organisation_address = forms.CharField(label=_("Address of the organisation"), max_length=300, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-mail address"), help_text=_("We send the confirmation and the link to your application here.")
    )
    contact_phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    title = forms.CharField(label=_("Title of the project"), max_length=300)
    description = forms.CharField(
        label=_("Description of the project"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What do you plan, for whom, with whom, and what should it achieve?"),
    )
    area = forms.ChoiceField(label=_("Funding area"))
    requested_amount = forms.DecimalField(
        label=_("Requested amount in euros"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    own_contribution = forms.DecimalField(
        label=_("Own contribution in euros"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text=_("Money, volunteer work or material your organisation contributes."),
    )
    period_start = forms.DateField(label=_("Project start"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Project end"), widget=DATE_WIDGET)
    uploads = files_field(_("Attachments (cost plan, statutes …)"))
    consent = forms.BooleanField(
        label=_(
            "I agree that the data of this application, including the contact data, is processed to decide on and "
            "administer the funding."
        )
    )
    # A field people never see (hidden by CSS and from assistive technology); programs that fill every field do.
    homepage = forms.CharField(label=_("Please leave this field empty"), required=False)

    def __init__(self, *args: Any, guideline: m.FundingGuideline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = guideline.area_list
        if areas:
            area_field = cast(forms.ChoiceField, self.fields["area"])
            area_field.choices = [("", _("Please choose")), *[(area, area) for area in areas]]
        else:
            del self.fields["area"]

    def clean_homepage(self) -> str:
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    def application_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            organisation_name=data["organisation_name"],
            organisation_address=data.get("organisation_address") or "",
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data.get("contact_phone") or "",
            title=data["title"],
            description=data["description"],
            area=data.get("area") or "",
            requested_amount=data["requested_amount"],
            own_contribution=data.get("own_contribution") or Decimal("0"),
            period_start=data["period_start"],
            period_end=data["period_end"],
        )


# --- Review and decision ---------------------------------------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.email})"


class ReviewerAssignForm(forms.Form):
    reviewer = PersonChoiceField(label=_("Reviewer of the application"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = choice_field(self, "reviewer")
        field.queryset = reviewers
        field.empty_label = _("Please choose")


class ReviewForm(forms.Form):
    """One number field per criterion of the guideline (`criterion_<pk>`), and a comment."""

    comment = forms.CharField(
        label=_("Comment"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, criteria: list[m.FundingCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s (0 to %(max)s points, weight %(weight)s)")
                % {"criterion": criterion.name, "max": criterion.max_score, "weight": criterion.weight},
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
            )
        self.fields["comment"] = comment
        self.criteria = criteria

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria}


class DecisionForm(forms.Form):
    DECISIONS = [("approve", _("approve (wholly or in part)")), ("reject", _("reject"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    approved_amount = forms.DecimalField(
        label=_("Approved amount in euros"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("Less than requested: the application is partly approved."),
    )
    reason = forms.CharField(
        label=_("Reason for the decision"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET)
    without_reviews_reason = forms.CharField(
        label=_("Reason to decide without two reviews"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only needed while fewer than two reviews have been submitted."),
    )

    def __init__(self, *args: Any, application: m.FundingApplication, two_reviews: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["approved_amount"].initial = application.requested_amount
        if two_reviews:
            del self.fields["without_reviews_reason"]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "approve": data["decision"] == "approve",
            "approved_amount": data.get("approved_amount"),
            "reason": data["reason"],
            "decided_on": data["decided_on"],
            "without_reviews_reason": data.get("without_reviews_reason") or "",
        }


class LinkActorForm(forms.Form):
    network_actor = forms.ModelChoiceField(
        label=_("Actor of the network"),
        queryset=m.Actor.objects.none(),
        required=False,
        help_text=_("Empty: a new actor of the organisation's name is added to the network."),
    )
    kind = forms.ModelChoiceField(label=_("Kind of the new actor"), queryset=m.ActorKind.objects.none(), required=False)

    def __init__(self, *args: Any, body: Any, suggestion: m.Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor_field = choice_field(self, "network_actor")
        actor_field.queryset = m.Actor.objects.filter(body=body, active=True).order_by("name")
        actor_field.empty_label = _("add as a new actor")
        if suggestion is not None:
            actor_field.initial = suggestion.pk
        kinds = kinds_for_body(body)
        kind_field = choice_field(self, "kind")
        kind_field.queryset = kinds
        kind_field.empty_label = None
        default = kinds.filter(name="Migrantenselbstorganisation").first()
        if default is not None:
            kind_field.initial = default.pk


# --- Payments and proofs of use --------------------------------------------------------------------------------


class TrancheForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount in euros"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    due_on = forms.DateField(label=_("Due on"), widget=DATE_WIDGET)
    paid_on = forms.DateField(
        label=_("Paid on"), widget=DATE_WIDGET, required=False, help_text=_("Empty: not paid yet.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProofRequestForm(forms.Form):
    due_on = forms.DateField(label=_("Proof of use due on"), widget=DATE_WIDGET)


class ProofReceiveForm(forms.Form):
    submitted_on = forms.DateField(label=_("Received on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    uploads = files_field(_("Files of the proof"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = timezone.localdate()


class ProofCheckForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ProofResult.choices, widget=forms.RadioSelect)
    repay_amount = forms.DecimalField(
        label=_("Amount to repay in euros"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("Only for a repayment."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For queries: what the applicant should answer or send."),
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()


class ApplicantProofForm(forms.Form):
    """What an applicant sends as proof of use through the link of their application."""

    uploads = files_field(_("Proof of use (files)"), required=True)
    note = forms.CharField(
        label=_("Message to the office"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    area = forms.ChoiceField(label=_("Funding area"), required=False)

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("all")), *ApplicationStatus.choices]
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("all")), *[(area, area) for area in areas]]

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"status": data.get("status") or "", "area": data.get("area") or ""}
