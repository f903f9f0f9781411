"""Group work of a workshop (seed 004: "In Gruppenarbeit wurden die nachfolgenden Leitziele, Jahresziele und
Maßnahmen … entwickelt"): one work group per field of action and one for the process steering, their members,
their cards (ideas, reasons, guiding questions, results) and the drafts they put into the concept.

The drafts are objects of the concept itself (`strategy`, with `draft=True`); the link to the group that drafted
them lives here, in the higher app, and the concept's pages read it through the reverse relation
`drafting_groups`. Imported at the end of `models.py`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

from .models import Participant, WorkshopProcess


class WorkGroupKind(models.TextChoices):
    FIELD = "field", _("Field of action")
    PROCESS_STEERING = "process_steering", _("Process steering")


class WorkGroup(TimeStampedModel):
    """A work group of a workshop process: for one field of action, or the one group for the process steering."""

    process = models.ForeignKey(
        WorkshopProcess, verbose_name=_("workshop process"), on_delete=models.CASCADE, related_name="work_groups"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WorkGroupKind.choices, default=WorkGroupKind.FIELD)
    field = models.ForeignKey(
        "strategy.FieldOfAction",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_groups",
    )
    title = models.CharField(_("title"), max_length=200)
    facilitator = models.CharField(
        _("facilitated by"), max_length=200, blank=True, help_text=_("e.g. “Herr Dr. Kösters”")
    )
    guiding_questions = models.TextField(_("guiding questions"), blank=True, help_text=_("One question per line."))
    summary = models.TextField(_("result in brief"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    guiding_goals = models.ManyToManyField(
        "strategy.GuidingGoal", blank=True, related_name="drafting_groups", verbose_name=_("drafted guiding goals")
    )
    annual_goals = models.ManyToManyField(
        "strategy.AnnualGoal", blank=True, related_name="drafting_groups", verbose_name=_("drafted annual goals")
    )
    indicators = models.ManyToManyField(
        "strategy.Indicator", blank=True, related_name="drafting_groups", verbose_name=_("drafted indicators")
    )
    measures = models.ManyToManyField(
        "strategy.Measure", blank=True, related_name="drafting_groups", verbose_name=_("drafted measures")
    )

    history = HistoricalRecords(m2m_fields=[guiding_goals, annual_goals, indicators, measures])

    class Meta:
        verbose_name = _("work group")
        verbose_name_plural = _("work groups")
        ordering = ["process", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "title"], name="workgroup_unique_title"),
            models.UniqueConstraint(
                fields=["process"],
                condition=Q(kind="process_steering"),
                name="workgroup_one_process_steering",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind == WorkGroupKind.PROCESS_STEERING and self.field_id is not None:
            raise ValidationError({"field": _("The process steering group does not work on one field of action.")})

    @property
    def body(self) -> Body:
        return self.process.body

    @property
    def question_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.guiding_questions.splitlines() if line.strip(" -•\t")]


class WorkGroupMember(models.Model):
    """A participant of the workshop who works in the group."""

    group = models.ForeignKey(WorkGroup, verbose_name=_("work group"), on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="work_groups"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member of a work group")
        verbose_name_plural = _("members of work groups")
        ordering = ["group", "participant__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "participant"], name="workgroupmember_once")]

    def __str__(self) -> str:
        return f"{self.participant} ({self.group})"

    @property
    def body(self) -> Body:
        return self.group.process.body


class CardKind(models.TextChoices):
    QUESTION = "question", _("Guiding question")
    IDEA = "idea", _("Idea")
    REASON = "reason", _("Reason")
    RESULT = "result", _("Result")


class GroupCard(TimeStampedModel):
    """A card on the group's pin board. Cards with the same heading (`cluster`) stand together, as on the wall."""

    group = models.ForeignKey(WorkGroup, verbose_name=_("work group"), on_delete=models.CASCADE, related_name="cards")
    kind = models.CharField(_("kind"), max_length=10, choices=CardKind.choices, default=CardKind.IDEA)
    cluster = models.CharField(
        _("heading on the board"),
        max_length=200,
        blank=True,
        help_text=_("Cards with the same heading are shown together."),
    )
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["group", "kind", "cluster", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def body(self) -> Body:
        return self.group.process.body
