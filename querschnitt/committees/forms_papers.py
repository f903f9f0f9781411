"""Forms of committee composition, papers, files, statutes and rights. They parse and validate input; the services
write. Every choice of a related object is limited to the body (a form never lists another body's objects); field
names are the keyword arguments of the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import models as m
from .services_composition import users_of_body
from .services_papers import ConsultationResult, PaperStatus, concept_elements_of_body


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BodyModelForm(forms.ModelForm):
    """Fields from the model, dates as date pickers. The form only parses: it neither changes its instance nor runs
    the model's validation — the service does both, with the German messages of the domain rules (a check
    constraint's generic message never reaches the user)."""

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    def _post_clean(self):
        pass


# --- Composition -------------------------------------------------------------------------------------------------


class OrganizationForm(BodyModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = m.Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "statutory_seats",
            "elected_seats",
            "council_seats",
            "start_date",
            "end_date",
            "website",
            "published",
        ]
        help_texts = {
            "statutory_seats": _("All seats of the committee as set by the Hauptsatzung or a council decision."),
            "elected_seats": _("Of these, the seats of members elected directly by the residents."),
            "council_seats": _("Of these, the seats of council members appointed by the council."),
        }


class CommitteeSettingsForm(BodyModelForm):
    class Meta:
        model = m.CommitteeSettings
        fields = [
            "paper_number_prefix",
            "paper_number_format",
            "warn_on_ratio",
            "target_ratio",
            "notice_days",
            "urgent_notice_days",
            "notice_mode",
            "legal_basis",
        ]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "paper_number_format": _(
                "Placeholders: {prefix}, {year}, {number}; {number:03d} writes the number with three digits "
                "(ACI/2026/007)."
            ),
            "target_ratio": _("For example 2 for two directly elected members per council member."),
        }


class LegislativeTermForm(BodyModelForm):
    class Meta:
        model = m.LegislativeTerm
        fields = ["name", "start_date", "end_date"]


class PersonForm(BodyModelForm):
    """Name, contact and profile of a person. There is deliberately no field for origin, nationality or religion."""

    class Meta:
        model = m.Person
        fields = ["title", "form_of_address", "given_name", "family_name", "email", "phone", "profile_text", "user"]
        widgets = {"profile_text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "email": _("Shown to others only with the person's consent to a public profile."),
            "profile_text": _("Shown to others only with the person's consent to a public profile."),
            "user": _("The person's account on this platform: it opens the committee's non-public papers to them."),
        }

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, body=body, **kwargs)
        self.fields["user"].queryset = users_of_body(body) if body is not None else self.fields["user"].queryset.none()
        self.fields["user"].label_from_instance = lambda user: f"{user.display_name} ({user.email})"


VOTING_CHOICES = [("", _("as the group (directly elected and council members vote)")), ("1", _("yes")), ("0", _("no"))]


class MembershipForm(BodyModelForm):
    voting_right = forms.TypedChoiceField(
        label=_("voting right"),
        choices=VOTING_CHOICES,
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = m.Membership
        fields = [
            "person",
            "group",
            "role",
            "voting_right",
            "deputy_of",
            "list_name",
            "list_order",
            "legislative_term",
            "on_behalf_of",
            "start_date",
            "end_date",
        ]
        labels = {"legislative_term": _("legislative term")}
        help_texts = {
            "list_order": _("The order of succession: who moves up when a seat of the list falls vacant."),
            "deputy_of": _("For a deputy: the member they stand in for."),
        }

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, body=organization.body, **kwargs)
        body = organization.body
        if self.instance.pk:
            self.initial["voting_right"] = "1" if self.instance.voting_right else "0"
        self.fields["person"].queryset = m.Person.objects.filter(body=body, deleted=False)
        self.fields["deputy_of"].queryset = (
            organization.memberships.filter(deleted=False)
            .exclude(role=m.MembershipRole.DEPUTY)
            .exclude(pk=self.instance.pk)
            .select_related("person")
        )
        self.fields["deputy_of"].label_from_instance = lambda membership: membership.person.name
        self.fields["legislative_term"].queryset = m.LegislativeTerm.objects.filter(body=body, deleted=False)
        self.fields["on_behalf_of"].queryset = m.Organization.objects.filter(body=body, deleted=False).exclude(
            pk=organization.pk
        )


class MembershipEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day of the membership"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


# --- Papers ------------------------------------------------------------------------------------------------------


class PaperForm(BodyModelForm):
    class Meta:
        model = m.Paper
        fields = [
            "name",
            "paper_type",
            "reference",
            "date",
            "originator_persons",
            "originator_organizations",
            "addressee",
            "text",
            "resolution_proposal",
            "answer",
            "public",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 8}),
            "resolution_proposal": forms.Textarea(attrs={"rows": 4}),
            "answer": forms.Textarea(attrs={"rows": 4}),
            "originator_persons": forms.CheckboxSelectMultiple(),
            "originator_organizations": forms.CheckboxSelectMultiple(),
        }
        help_texts = {"reference": _("Leave empty: the next number is given automatically.")}

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, body=body, **kwargs)
        self.fields["reference"].required = False
        # Querysets after the widgets: setting them fills the choices.
        self.fields["originator_persons"].queryset = m.Person.objects.filter(body=body, deleted=False)
        self.fields["originator_organizations"].queryset = m.Organization.objects.filter(body=body, deleted=False)


class PaperFilterForm(forms.Form):
    paper_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("all types")), *m.PaperType.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("every status")), *PaperStatus.choices]
    )
    q = forms.CharField(label=_("Search in number, title and text"), required=False, max_length=200)


class ConsultationForm(BodyModelForm):
    class Meta:
        model = m.Consultation
        fields = ["organization", "role", "meeting", "authoritative"]
        help_texts = {
            "meeting": _("Optional: the planned meeting of this committee."),
            "authoritative": _("This committee decides the matter (federführend)."),
        }

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, body=body, **kwargs)
        self.fields["organization"].queryset = m.Organization.objects.filter(body=body, deleted=False)
        self.fields["meeting"].queryset = m.Meeting.objects.filter(body=body, deleted=False).order_by("-start")


class ConsultationResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), required=False)

    def __init__(self, *args, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("no result yet")), *ConsultationResult.choices]
        if current and current not in dict(choices):
            choices.append((current, current))  # a result written elsewhere (e.g. with the minutes) stays selectable
        self.fields["result"].choices = choices
        self.fields["result"].initial = current


class FileUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, Excel, OpenDocument, PNG, JPEG or text; at most 20 MB.")
    )
    main = forms.BooleanField(label=_("Main document of the paper"), required=False)
    public = forms.BooleanField(
        label=_("Publish"), required=False, help_text=_("Without this, only the committee's members see the file.")
    )
    no_third_party_personal_data = forms.BooleanField(
        label=_("The file contains no personal data of third parties"),
        required=False,
        help_text=_("Needed to publish: names, addresses or other data of citizens are blacked out or removed."),
    )


class FileForm(BodyModelForm):
    class Meta:
        model = m.File
        fields = ["name", "date", "public", "no_third_party_personal_data"]
        labels = {"no_third_party_personal_data": _("The file contains no personal data of third parties")}
        help_texts = {
            "no_third_party_personal_data": _(
                "Needed to publish: names, addresses or other data of citizens are blacked out or removed."
            )
        }


class ConceptLinkForm(forms.Form):
    """Choose a measure, guiding goal or annual goal of the body's concepts; the choices are grouped by kind and
    the value names the kind (`measures-12`) so that one field serves all three."""

    element = forms.ChoiceField(label=_("Measure or goal"))

    GROUPS = (
        ("measures", _("Measures")),
        ("guiding_goals", _("Guiding goals")),
        ("annual_goals", _("Annual goals")),
    )

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.querysets = concept_elements_of_body(body)
        choices: list[tuple[str, Any]] = [("", "—")]
        for relation, label in self.GROUPS:
            options = [
                (f"{relation}-{element.pk}", self._label(relation, element)) for element in self.querysets[relation]
            ]
            if options:
                choices.append((label, options))
        self.fields["element"].choices = choices

    @property
    def has_choices(self) -> bool:
        return len(self.fields["element"].choices) > 1

    @staticmethod
    def _label(relation: str, element: Any) -> str:
        if relation == "measures":
            return f"{element.title} ({element.concept.title}, v{element.concept.version})"
        concept = element.field.concept
        text = element.text if len(element.text) <= 90 else element.text[:89] + "…"
        return f"{text} ({element.field.title}, v{concept.version})"

    def clean_element(self) -> Any:
        relation, _sep, pk = self.cleaned_data["element"].rpartition("-")
        if relation not in self.querysets or not pk.isdigit():
            raise forms.ValidationError(_("Please choose a measure or goal of this body."))
        element = self.querysets[relation].filter(pk=int(pk)).first()
        if element is None:
            raise forms.ValidationError(_("Please choose a measure or goal of this body."))
        return element


# --- Statutes and rights -----------------------------------------------------------------------------------------


class StatuteForm(BodyModelForm):
    class Meta:
        model = m.Statute
        fields = ["kind", "title", "valid_from", "text", "published"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


class StatuteVersionForm(BodyModelForm):
    class Meta:
        model = m.Statute
        fields = ["title", "valid_from", "text", "published"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


class StatuteProposalForm(BodyModelForm):
    class Meta:
        model = m.Statute
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


class StatuteAdoptForm(forms.Form):
    valid_from = forms.DateField(label=_("valid from"), required=False, widget=DateInput())


class RightsForm(forms.Form):
    """The checklist of rights as one form: state, where anchored and a note per right."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"{row.right}-state"] = forms.ChoiceField(
                label=_("State"), choices=m.RightsCheck.State.choices, initial=row.check.state
            )
            self.fields[f"{row.right}-where"] = forms.CharField(
                label=_("Where it is anchored"), required=False, max_length=300, initial=row.check.where
            )
            self.fields[f"{row.right}-note"] = forms.CharField(
                label=_("Note"),
                required=False,
                initial=row.check.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def grouped(self):
        """(row, state field, where field, note field) for the template."""
        return [
            (row, self[f"{row.right}-state"], self[f"{row.right}-where"], self[f"{row.right}-note"])
            for row in self.rows
        ]

    def values(self):
        return [
            (
                row.right,
                self.cleaned_data[f"{row.right}-state"],
                self.cleaned_data[f"{row.right}-where"],
                self.cleaned_data[f"{row.right}-note"],
            )
            for row in self.rows
        ]
