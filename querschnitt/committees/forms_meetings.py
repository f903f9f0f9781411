"""Forms of meetings. They parse and validate input and offer only the body's own objects; the services write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import models as m
from .services_meetings import agenda_templates_for


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Committees"),
        queryset=m.Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose several committees for a joint meeting."),
    )
    name = forms.CharField(
        label=_("Title of the meeting"),
        max_length=300,
        help_text=_("For example “3rd meeting of the Committee for Equal Opportunities and Integration”."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Expected end"), widget=TimeInput(), required=False)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=m.Location.objects.none(), required=False, empty_label="–"
    )
    new_location = forms.CharField(
        label=_("Or a new location"),
        max_length=300,
        required=False,
        help_text=_("For example “Town hall, meeting room 2”. It is kept for later meetings."),
    )
    urgent = forms.BooleanField(
        label=_("Urgent meeting (shortened notice period)"),
        required=False,
    )
    urgency_reason = forms.CharField(
        label=_("Reason for urgency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for an urgent meeting."),
    )

    def __init__(self, *args: Any, body: m.Body | Any, instance: m.Meeting | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            start = timezone.localtime(instance.start)
            kwargs["initial"] = {
                "organizations": list(instance.organizations.all()),
                "name": instance.name,
                "date": start.date(),
                "start_time": start.time(),
                "end_time": timezone.localtime(instance.end).time() if instance.end else None,
                "location": instance.location,
                "urgent": instance.urgent,
                "urgency_reason": instance.urgency_reason,
                "cancelled": instance.cancelled,
            }
        super().__init__(*args, **kwargs)
        organizations = m.Organization.objects.filter(body=body, deleted=False).order_by("name")
        self.fields["organizations"].queryset = organizations
        self.fields["location"].queryset = m.Location.objects.filter(body=body, deleted=False)
        if instance is None and not self.is_bound and len(organizations) == 1:
            self.initial.setdefault("organizations", list(organizations))
        if instance is not None:
            self.fields["cancelled"] = forms.BooleanField(
                label=_("The meeting is cancelled"),
                required=False,
                help_text=_("It stays in the list, marked as cancelled."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, start_time, end_time = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start_time:
            data["start"] = timezone.make_aware(datetime.combine(day, start_time))
            data["end"] = timezone.make_aware(datetime.combine(day, end_time)) if end_time else None
            if end_time and end_time < start_time:
                self.add_error("end_time", _("The end lies before the start."))
        if data.get("urgent") and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", _("An urgent meeting needs a reason."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {
            "organizations": list(data["organizations"]),
            "name": data["name"],
            "start": data["start"],
            "end": data["end"],
            "location": data["location"],
            "new_location": data["new_location"],
            "urgent": data["urgent"],
            "urgency_reason": data["urgency_reason"],
        }
        if "cancelled" in self.fields:
            kwargs["cancelled"] = data["cancelled"]
        return kwargs


PUBLIC, NON_PUBLIC = "oeffentlich", "nichtoeffentlich"


class AgendaItemForm(forms.Form):
    number = forms.CharField(
        label=_("Number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to number the item by its place on the agenda."),
    )
    name = forms.CharField(label=_("Subject"), max_length=500)
    part = forms.ChoiceField(
        label=_("Part of the meeting"),
        choices=[(PUBLIC, _("in the public part")), (NON_PUBLIC, _("in the non-public part"))],
        widget=forms.RadioSelect,
        initial=PUBLIC,
    )
    non_public_reason = forms.CharField(
        label=_("Reason for non-public deliberation"),
        max_length=300,
        required=False,
        help_text=_("Required for a non-public item, e.g. personnel matter, personal data of third parties, contract."),
    )
    consultation = forms.ModelChoiceField(
        label=_("Paper (from its Beratungsfolge)"),
        queryset=m.Consultation.objects.none(),
        required=False,
        empty_label="–",
        help_text=_("Without a subject, the item takes the paper's title."),
    )

    def __init__(self, *args: Any, meeting: m.Meeting, instance: m.AgendaItem | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "number": instance.number,
                "name": instance.name,
                "part": PUBLIC if instance.public else NON_PUBLIC,
                "non_public_reason": instance.non_public_reason,
                "consultation": instance.consultation,
            }
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get(self.add_prefix("consultation")):
            self.fields["name"].required = False  # the paper's title is taken
        taken = m.AgendaItem.objects.filter(deleted=False, consultation__isnull=False)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        self.fields["consultation"].queryset = (
            m.Consultation.objects.filter(
                deleted=False,
                paper__deleted=False,
                paper__body=meeting.body,
                organization__in=meeting.organizations.all(),
            )
            .filter(Q(meeting__isnull=True) | Q(meeting=meeting))
            .exclude(pk__in=taken.values("consultation_id"))
            .select_related("paper", "organization")
            .order_by("-paper__date", "paper__reference")
        )
        self.fields["consultation"].label_from_instance = lambda consultation: (
            f"{consultation.paper} – {consultation.organization.short_name or consultation.organization.name} "
            f"({consultation.get_role_display()})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["public"] = data.get("part", PUBLIC) == PUBLIC
        if not (data.get("name") or "").strip():
            if data.get("consultation"):
                data["name"] = data["consultation"].paper.name[:500]
            else:
                self.add_error("name", _("Please enter the subject of the item."))
        if not data["public"] and not (data.get("non_public_reason") or "").strip():
            self.add_error("non_public_reason", _("A non-public agenda item needs a reason."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "name": data["name"],
            "public": data["public"],
            "non_public_reason": data["non_public_reason"],
            "consultation": data["consultation"],
        }


class AgendaTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=m.AgendaTemplate.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args: Any, body: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = agenda_templates_for(body)
        self.fields["template"].label_from_instance = lambda template: "{name} ({items})".format(
            name=template.name,
            items=", ".join(str(entry.get("name", "")) for entry in template.items if isinstance(entry, dict)),
        )


class VoteForm(forms.Form):
    yes = forms.IntegerField(label=_("Yes"), min_value=0, initial=0)
    no = forms.IntegerField(label=_("No"), min_value=0, initial=0)
    abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
    biased_persons = forms.ModelMultipleChoiceField(
        label=_("Biased members (Befangenheit)"),
        queryset=m.Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("They did not take part in the deliberation and the vote; this is noted in the minutes."),
    )
    resolution_text = forms.CharField(label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, agenda_item: m.AgendaItem, persons: list[m.Person], **kwargs: Any) -> None:
        if "initial" not in kwargs and agenda_item.result:
            kwargs["initial"] = {
                "yes": agenda_item.votes_yes or 0,
                "no": agenda_item.votes_no or 0,
                "abstain": agenda_item.votes_abstain or 0,
                "biased_persons": [person.pk for person in agenda_item.biased_persons.all()],
                "resolution_text": agenda_item.resolution_text,
            }
        super().__init__(*args, **kwargs)
        self.fields["biased_persons"].queryset = m.Person.objects.filter(pk__in=[person.pk for person in persons])
        self.fields["biased_persons"].label_from_instance = lambda person: person.name


class AttendanceForm(forms.Form):
    """One "present" checkbox per membership and, for deputies, whom they replace."""

    def __init__(
        self,
        *args: Any,
        memberships: list[m.Membership],
        attendances: dict[int, m.Attendance],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        by_pk = {ms.pk: ms for ms in memberships}
        for ms in memberships:
            attendance = attendances.get(ms.pk)
            self.fields[f"present_{ms.pk}"] = forms.BooleanField(
                label=_("%(person)s present") % {"person": ms.person.name},
                required=False,
                initial=bool(attendance and attendance.present),
            )
            if ms.deputy_of_id in by_pk:
                principal = by_pk[ms.deputy_of_id]
                self.fields[f"replaces_{ms.pk}"] = forms.TypedChoiceField(
                    label=_("%(person)s replaces") % {"person": ms.person.name},
                    choices=[("", _("nobody")), (principal.pk, principal.person.name)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=attendance.replaces_id if attendance else None,
                )

    def rows(self) -> list[tuple[m.Membership, Any, Any]]:
        """For the template: (membership, present field, replaces field or None)."""
        return [
            (ms, self[f"present_{ms.pk}"], self[f"replaces_{ms.pk}"] if f"replaces_{ms.pk}" in self.fields else None)
            for ms in self.memberships
        ]

    def service_rows(self) -> list[tuple[m.Membership, bool, m.Membership | None]]:
        by_pk = {ms.pk: ms for ms in self.memberships}
        rows = []
        for ms in self.memberships:
            replaces_pk = self.cleaned_data.get(f"replaces_{ms.pk}")
            rows.append((ms, bool(self.cleaned_data.get(f"present_{ms.pk}")), by_pk.get(replaces_pk)))
        return rows


class MinutesForm(forms.Form):
    minutes_text = forms.CharField(
        label=_("Minutes of the public part"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Published on the meeting page once chair and minute-taker have signed. Nothing said on non-public "
            "items belongs here."
        ),
    )
    minutes_non_public_text = forms.CharField(
        label=_("Minutes of the non-public part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Never published: only the members and deputies of the committee and the office see it, also after signing."
        ),
    )


class SignForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Who signs?"), queryset=m.Person.objects.none(), empty_label=None)

    def __init__(self, *args: Any, signers: list[m.Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles: dict[int, list[str]] = {}
        for ms in signers:
            roles.setdefault(ms.person_id, [])
            if ms.get_role_display() not in roles[ms.person_id]:
                roles[ms.person_id].append(str(ms.get_role_display()))
        self.fields["person"].queryset = m.Person.objects.filter(pk__in=roles).order_by("family_name", "given_name")
        self.fields["person"].label_from_instance = lambda person: f"{person.name} ({', '.join(roles[person.pk])})"


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 5}))
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=DateInput(),
        help_text=_("Usually in the following meeting, whose minutes record the correction."),
    )


class CalendarTokenForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=m.Person.objects.none(), empty_label=None)

    def __init__(self, *args: Any, persons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["person"].label_from_instance = lambda person: person.name
