"""Forms of the coaching. They parse and limit the choices; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from querschnitt.committees.models import Statute

from .models import CoachingDocumentKind, CoachingEngagement, CoachingStep, CoachingStepKind
from .selectors_coaching import (
    ENGAGEMENT_STATUS_LABELS,
    STEP_STATUS_LABELS,
    coaches,
    statutes_of_body,
    topics_for_choice,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class _CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class _StatuteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.title} ({_('version %(version)s') % {'version': obj.version}})"
        return f"{label} – {_('revision proposal')}" if obj.proposal else label


class CoachingRequestForm(forms.Form):
    """The committee office's request: what the committee asks for and the topics it is interested in."""

    request_text = forms.CharField(
        label=_("What does your committee ask for?"),
        help_text=_(
            "For example: a revision of the statute, the role of the committee office, a new start after the election."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics of interest"),
        help_text=_("The deep-dive topics of the Landesintegrationsrat; they are agreed at the first meeting."),
        queryset=topics_for_choice(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_topics = forms.CharField(
        label=_("Further topics"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "topics").queryset = topics_for_choice()


class EngagementFilterForm(forms.Form):
    """The filters of the state staff's list of all engagements (in German query parameters)."""

    STATUS_CHOICES = [("", _("all")), ("open", _("all open")), *ENGAGEMENT_STATUS_LABELS.items()]

    suche = forms.CharField(label=_("Body"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    coach = forms.ChoiceField(label=_("Coach"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._coaches = {str(user.pk): user for user in coaches()}
        cast(forms.ChoiceField, self.fields["coach"]).choices = [
            ("", _("all coaches")),
            ("none", _("no coach yet")),
            *[(pk, user.display_name) for pk, user in self._coaches.items()],
        ]

    def filters(self) -> dict[str, Any]:
        """The filters for `selectors_coaching.engagement_list`; one that does not parse is left out."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        coach = data.get("coach") or ""
        return {
            "status": data.get("status") or "",
            "coach": "none" if coach == "none" else self._coaches.get(coach),
            "query": (data.get("suche") or "").strip(),
        }


class DecisionForm(forms.Form):
    """Accept a request (with its coach) or decline it; the button pressed says which."""

    coach = _CoachChoiceField(label=_("Coach"), queryset=coaches(), required=False)
    answer = forms.CharField(
        label=_("Answer to the committee office"),
        help_text=_("Optional when accepting; when declining, say why and what the committee can do instead."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "coach").queryset = coaches()
        _choice(self, "coach").empty_label = _("me")


class EngagementForm(forms.Form):
    """State staff set the coach, the agreed topics, further topics and the next follow-up."""

    coach = _CoachChoiceField(label=_("Coach"), queryset=coaches(), required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Agreed topics"),
        queryset=topics_for_choice(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_topics = forms.CharField(
        label=_("Further topics"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_on = forms.DateField(label=_("Next follow-up"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, engagement: CoachingEngagement, **kwargs: Any) -> None:
        kept = [topic.pk for topic in engagement.topics.all()]
        kwargs.setdefault(
            "initial",
            {
                "coach": engagement.coach_id,
                "topics": kept,
                "other_topics": engagement.other_topics,
                "follow_up_on": engagement.follow_up_on,
            },
        )
        super().__init__(*args, **kwargs)
        _choice(self, "coach").queryset = coaches()
        _choice(self, "coach").empty_label = _("nobody yet")
        _choice(self, "topics").queryset = topics_for_choice(keep=kept)


class StepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=list(STEP_STATUS_LABELS.items()))
    planned_on = forms.DateField(label=_("Planned for"), required=False, widget=DATE_WIDGET)
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=DATE_WIDGET, help_text=_("Empty: today, when the step is done.")
    )
    note = forms.CharField(
        label=pgettext_lazy("coaching", "Note"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    statutes = _StatuteChoiceField(
        label=_("Statutes looked at"),
        queryset=Statute.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The statutes of the body as kept in the platform."),
    )

    def __init__(self, *args: Any, step: CoachingStep, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": step.status,
                "planned_on": step.planned_on,
                "done_on": step.done_on,
                "note": step.note,
                "statutes": [statute.pk for statute in step.statutes.all()],
            },
        )
        super().__init__(*args, **kwargs)
        if step.kind == CoachingStepKind.RESEARCH:
            cast(forms.ModelMultipleChoiceField, self.fields["statutes"]).queryset = statutes_of_body(
                step.engagement.body
            )
        else:
            del self.fields["statutes"]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "statutes" in data:
            data["statutes"] = list(data["statutes"])
        return data


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place or format"), max_length=300, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=1000, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Seen only by the coach, the staff of the Landesintegrationsrat and the committee office."),
    )
    follow_up_on = forms.DateField(label=_("Follow-up on"), required=False, widget=DATE_WIDGET)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CoachingDocumentKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Empty: the name of the file.")
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, OpenDocument, PNG, JPEG or text; at most 20 MB."),
    )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("What it is about"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    guiding_questions = forms.CharField(
        label=_("Guiding questions"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One question per line."),
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, required=False, help_text=_("Empty: the topic comes last.")
    )
    active = forms.BooleanField(label=_("Offered"), required=False, initial=True)

    def __init__(self, *args: Any, topic: Any = None, **kwargs: Any) -> None:
        if topic is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": topic.title,
                    "summary": topic.summary,
                    "guiding_questions": topic.guiding_questions,
                    "order": topic.order,
                    "active": topic.active,
                },
            )
        super().__init__(*args, **kwargs)
