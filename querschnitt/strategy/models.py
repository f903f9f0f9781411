"""The integration concept: fields of action → guiding goals → annual goals, indicators with observations, measures,
evaluations and the self-assessment against the ten recommendations. Names follow GLOSSARY.md."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body


class ConceptStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_DELIBERATION = "in_deliberation", _("In deliberation")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class CyclePhase(models.TextChoices):
    """The strategy cycle of seed 004: mission first, evaluation last, then round again."""

    MISSION = "mission", _("Mission statement")
    GOALS = "goals", _("Goals")
    ANALYSIS = "analysis", _("Analysis and reporting")
    ACTION_PLAN = "action_plan", _("Action plan")
    MEASURES = "measures", _("Measures")
    EVALUATION = "evaluation", _("Evaluation")


class ProgressStatus(models.TextChoices):
    REACHED = "reached", _("Target reached")
    ON_TRACK = "on_track", _("On track")
    MODERATE = "moderate", _("Moderate progress")
    LIMITED = "limited", _("Limited progress")
    MOVING_AWAY = "moving_away", _("Moving away from the target")
    NO_DATA = "no_data", _("No data")


class Concept(TimeStampedModel):
    """A version of a body's integration concept. A new version copies the previous one and supersedes it."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="concepts")
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=ConceptStatus.choices, default=ConceptStatus.DRAFT)
    period_start = models.DateField(_("valid from"), null=True, blank=True)
    period_end = models.DateField(_("valid until"), null=True, blank=True)
    mission_statement = models.TextField(_("mission statement (Leitbild)"), blank=True)
    cycle_phase = models.CharField(
        _("phase of the strategy cycle"), max_length=20, choices=CyclePhase.choices, default=CyclePhase.MISSION
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=300, blank=True, help_text=_("The council decision, e.g. “Kreistag, 08.12.2010”.")
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integration concept")
        verbose_name_plural = _("integration concepts")
        ordering = ["body", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="concept_unique_version_per_body"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="concept_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({_('version')} {self.version})"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period lies before its start.")})


class FieldOfAction(TimeStampedModel):
    """A field of action (Handlungsfeld), optionally inside an area (Aufgabenbereich) that is itself a field."""

    concept = models.ForeignKey(Concept, verbose_name=_("concept"), on_delete=models.CASCADE, related_name="fields")
    parent = models.ForeignKey(
        "self", verbose_name=_("area"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    priority_points = models.PositiveIntegerField(
        _("priority points"), null=True, blank=True, help_text=_("Points from the dot vote of the workshop.")
    )
    # The actors working in the field (an actor's page reads them as `actor.fields_of_action`).
    actors = models.ManyToManyField(
        "network.Actor", blank=True, related_name="fields_of_action", verbose_name=_("actors")
    )

    history = HistoricalRecords(m2m_fields=[actors])

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["concept", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressOverrideMixin(models.Model):
    """A manual progress status that replaces the computed one, always with a reason."""

    progress_override = models.CharField(
        _("progress set by hand"), max_length=20, choices=ProgressStatus.choices, blank=True
    )
    progress_override_reason = models.TextField(_("reason for the manual progress"), blank=True)

    class Meta:
        abstract = True
        constraints = []


def check_override_reason(obj: "ProgressOverrideMixin") -> None:
    if obj.progress_override and not obj.progress_override_reason.strip():
        raise ValidationError({"progress_override_reason": _("Please give a reason for setting the progress by hand.")})


def override_needs_reason(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(progress_override="") | ~Q(progress_override_reason=""), name=f"{name}_override_has_reason"
    )


class GuidingGoal(ProgressOverrideMixin, TimeStampedModel):
    """A long-term goal (Leitziel) of a field of action."""

    field = models.ForeignKey(
        FieldOfAction, verbose_name=_("field of action"), on_delete=models.CASCADE, related_name="guiding_goals"
    )
    text = models.TextField(_("guiding goal"))
    minimum_statement = models.TextField(
        _("at least"), blank=True, help_text=_("A minimum the goal must reach, e.g. “mindestens: …”.")
    )
    rationale = models.TextField(_("rationale"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Drafted in a workshop group; the concept's editors confirm it.")
    )
    papers = models.ManyToManyField(
        "committees.Paper", blank=True, related_name="guiding_goals", verbose_name=_("papers")
    )

    history = HistoricalRecords(m2m_fields=[papers])

    class Meta:
        verbose_name = _("guiding goal")
        verbose_name_plural = _("guiding goals")
        ordering = ["field", "order", "pk"]
        constraints = [override_needs_reason("guidinggoal")]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        check_override_reason(self)


class AnnualGoal(ProgressOverrideMixin, TimeStampedModel):
    """A goal for a year or a focus period of several years (Jahresziel, Arbeitsschwerpunkt).

    Belongs to a field of action and, where the concept says so, to one of its guiding goals.
    """

    field = models.ForeignKey(
        FieldOfAction, verbose_name=_("field of action"), on_delete=models.CASCADE, related_name="annual_goals"
    )
    guiding_goal = models.ForeignKey(
        GuidingGoal,
        verbose_name=_("guiding goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="annual_goals",
    )
    text = models.TextField(_("annual goal"))
    year_start = models.PositiveIntegerField(_("from year"), null=True, blank=True)
    year_end = models.PositiveIntegerField(_("to year"), null=True, blank=True)
    owner = models.CharField(_("responsible"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Drafted in a workshop group; the concept's editors confirm it.")
    )
    papers = models.ManyToManyField(
        "committees.Paper", blank=True, related_name="annual_goals", verbose_name=_("papers")
    )

    history = HistoricalRecords(m2m_fields=[papers])

    class Meta:
        verbose_name = _("annual goal")
        verbose_name_plural = _("annual goals")
        ordering = ["field", "guiding_goal", "order", "pk"]
        constraints = [
            override_needs_reason("annualgoal"),
            models.CheckConstraint(
                condition=Q(year_end__isnull=True)
                | Q(year_start__isnull=True)
                | Q(year_end__gte=models.F("year_start")),
                name="annualgoal_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        check_override_reason(self)
        if self.year_start and self.year_end and self.year_end < self.year_start:
            raise ValidationError({"year_end": _("The last year lies before the first.")})


class Polarity(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")
    CONTEXT = "context", _("Describes the situation")


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative value")
    COUNT = "count", _("Count")
    MILESTONE = "milestone", _("Milestone (done by a date)")


class Comparison(models.TextChoices):
    EQUAL = "eq", "="
    LESS = "lt", "<"
    LESS_EQUAL = "le", "≤"
    GREATER = "gt", ">"
    GREATER_EQUAL = "ge", "≥"


class IndicatorCatalogueEntry(models.Model):
    """One of the real integration-monitoring indicators shipped in `querschnitt/data/indicator-catalogue.csv`."""

    code = models.PositiveIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    field_of_action = models.CharField(_("field of action"), max_length=100)
    source = models.TextField(_("data source"))
    levels = models.CharField(_("levels"), max_length=20)
    sets = models.CharField(_("used in"), max_length=200)
    polarity = models.CharField(_("polarity"), max_length=10, choices=Polarity.choices)

    class Meta:
        verbose_name = _("catalogue indicator")
        verbose_name_plural = _("indicator catalogue")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Indicator(ProgressOverrideMixin, TimeStampedModel):
    """What shows whether a goal is reached. Belongs to the body so its data outlives concept versions."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="indicators")
    catalogue_entry = models.ForeignKey(
        IndicatorCatalogueEntry,
        verbose_name=_("from the catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    reference_date = models.CharField(
        _("reference date"), max_length=100, blank=True, help_text=_("e.g. “31.12.” or “school year”")
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    polarity = models.CharField(_("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.UP)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.QUANTITATIVE)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    levels = models.CharField(_("levels"), max_length=20, blank=True, help_text=_("L, K, G, S"))
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_comparison = models.CharField(
        _("baseline is"), max_length=2, choices=Comparison.choices, default=Comparison.EQUAL
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_note = models.CharField(_("baseline as written"), max_length=200, blank=True)
    draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Drafted in a workshop group; the concept's editors confirm it.")
    )
    guiding_goals = models.ManyToManyField(
        GuidingGoal, verbose_name=_("guiding goals"), blank=True, related_name="indicators"
    )
    annual_goals = models.ManyToManyField(
        AnnualGoal, verbose_name=_("annual goals"), blank=True, related_name="indicators"
    )

    history = HistoricalRecords(m2m_fields=[guiding_goals, annual_goals])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["body", "name", "pk"]
        constraints = [override_needs_reason("indicator")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_override_reason(self)


class TargetKind(models.TextChoices):
    VALUE = "value", _("Reach the value")
    MINIMUM = "minimum", _("At least")
    MAXIMUM = "maximum", _("At most")
    OPEN = "open", _("Open (direction only)")
    DONE = "done", _("Done (milestone)")


class IndicatorTarget(TimeStampedModel):
    """A target of an indicator. Several may exist (e.g. a rise, then closing the gap to the total)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("kind of target"), max_length=10, choices=TargetKind.choices, default=TargetKind.VALUE)
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4, null=True, blank=True)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    due_label = models.CharField(
        _("deadline as written"), max_length=100, blank=True, help_text=_("e.g. “bis Ende 2011”")
    )
    description = models.TextField(_("target as written"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["open", "done"]) | Q(value__isnull=False), name="target_value_unless_open"
            ),
        ]

    def __str__(self) -> str:
        return self.description or f"{self.get_kind_display()} {self.value or ''}".strip()

    def clean(self) -> None:
        if self.kind not in (TargetKind.OPEN, TargetKind.DONE) and self.value is None:
            raise ValidationError({"value": _("Please enter a target value, or choose “open”.")})


class Observation(models.Model):
    """One measured value of an indicator for a period, an area (AGS) and a breakdown (blank = total).

    Not in the change history (there may be millions); every import is logged in `ObservationImport` instead.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="observations"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    period_label = models.CharField(_("period"), max_length=50, blank=True, help_text=_("e.g. “Juni 2007”"))
    area_ags = models.CharField(_("area (AGS)"), max_length=12, blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    breakdown_key = models.CharField(max_length=200, blank=True, editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    estimated = models.BooleanField(_("estimated"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    imported_by = models.ForeignKey(
        "ObservationImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="observations"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "period_start", "area_ags", "breakdown_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end", "area_ags", "breakdown_key"],
                name="observation_unique_key",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="observation_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "breakdown_key", "area_ags", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_label or self.period_end}: {self.value}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period lies before its start.")})

    @staticmethod
    def key_for(breakdown: dict) -> str:
        """The canonical text of a breakdown, so that {"a": 1, "b": 2} and {"b": 2, "a": 1} are the same key."""
        return ";".join(f"{key}={breakdown[key]}" for key in sorted(breakdown))


class ObservationImport(TimeStampedModel):
    """The log of one import of observations: who, when, which file, how many rows."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="observation_imports")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")
    file_name = models.CharField(_("file"), max_length=300)
    created_rows = models.PositiveIntegerField(_("new values"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated values"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("import of observations")
        verbose_name_plural = _("imports of observations")
        ordering = ["-created"]


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    DISCARDED = "discarded", _("Discarded")


class Measure(TimeStampedModel):
    """What is done to reach the goals: owner (Federführung), actors, resources, status."""

    concept = models.ForeignKey(Concept, verbose_name=_("concept"), on_delete=models.CASCADE, related_name="measures")
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    considerations = models.TextField(
        _("what to consider in implementation"), blank=True, help_text=_("One point per line.")
    )
    # The text as the workshop wrote it stays; the links to actor records are what lists and filters use.
    lead_owner = models.CharField(_("lead (Federführung), as written"), max_length=300, blank=True)
    involved_actors = models.TextField(_("involved actors, as written"), blank=True)
    lead_actor = models.ForeignKey(
        "network.Actor",
        verbose_name=_("lead (Federführung)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures_led",
    )
    actors = models.ManyToManyField(
        "network.Actor", blank=True, related_name="measures_involved", verbose_name=_("involved actors")
    )
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    staff_time = models.CharField(_("staff time"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress in per cent"), default=0, validators=[MaxValueValidator(100)]
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Drafted in a workshop group; the concept's editors confirm it.")
    )
    guiding_goals = models.ManyToManyField(
        GuidingGoal, verbose_name=_("guiding goals"), blank=True, related_name="measures"
    )
    annual_goals = models.ManyToManyField(
        AnnualGoal, verbose_name=_("annual goals"), blank=True, related_name="measures"
    )
    # The motions that asked for the measure or decided it (the higher app holds the link; a paper page uses
    # the reverse relation `paper.measures`).
    papers = models.ManyToManyField("committees.Paper", blank=True, related_name="measures", verbose_name=_("papers"))
    # The funded projects that carry the measure out (an application's page lists them by `application.measures`).
    funding_applications = models.ManyToManyField(
        "network.FundingApplication", blank=True, related_name="measures", verbose_name=_("funded projects")
    )

    history = HistoricalRecords(m2m_fields=[guiding_goals, annual_goals, papers, actors, funding_applications])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["concept", "field__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="measure_progress_percent"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="measure_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end lies before the start.")})

    @property
    def consideration_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.considerations.splitlines() if line.strip(" -•\t")]


class FundingCategory(TimeStampedModel):
    """A body's own categories of funding (e.g. A = own budget, B = third-party, C = in kind)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="funding_categories")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("funding category")
        verbose_name_plural = _("funding categories")
        ordering = ["body", "code"]
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="fundingcategory_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class MeasureBudget(TimeStampedModel):
    """Money for a measure in a year; a range (600 – 1.200 €) has a minimum and a maximum."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount in euro"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    amount_max = models.DecimalField(_("up to (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True, help_text=_("e.g. “pro Teilnehmer”"))
    category = models.ForeignKey(
        FundingCategory,
        verbose_name=_("funding category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["measure", "year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True) | Q(amount_max__gte=models.F("amount")),
                name="budget_range_ordered",
            ),
        ]

    def clean(self) -> None:
        if self.amount_max is not None and self.amount is not None and self.amount_max < self.amount:
            raise ValidationError({"amount_max": _("The upper amount is lower than the amount.")})


class Milestone(TimeStampedModel):
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["measure", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class EvidenceFile(TimeStampedModel):
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="evidence_files"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="strategy/evidence/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["measure", "-created"]

    def __str__(self) -> str:
        return self.title


class TrafficLight(models.TextChoices):
    GREEN = "green", _("green")
    YELLOW = "yellow", _("yellow")
    RED = "red", _("red")


class EvaluationDecision(models.TextChoices):
    KEEP = "keep", _("keep")
    IMPROVE = "improve", _("improve")
    CHANGE = "change", _("change")
    STRENGTHEN = "strengthen", _("strengthen")
    END = "end", _("discontinue")


class Evaluation(TimeStampedModel):
    """A periodic review of a goal or a measure: traffic light, progress, decision (seed 004: the last step)."""

    concept = models.ForeignKey(
        Concept, verbose_name=_("concept"), on_delete=models.CASCADE, related_name="evaluations"
    )
    review_date = models.DateField(_("review date"))
    guiding_goal = models.ForeignKey(
        GuidingGoal, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    annual_goal = models.ForeignKey(
        AnnualGoal, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations")
    traffic_light = models.CharField(_("traffic light"), max_length=10, choices=TrafficLight.choices)
    progress_status = models.CharField(_("progress"), max_length=20, choices=ProgressStatus.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=EvaluationDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["concept", "-review_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(guiding_goal__isnull=False, annual_goal__isnull=True, measure__isnull=True)
                    | Q(guiding_goal__isnull=True, annual_goal__isnull=False, measure__isnull=True)
                    | Q(guiding_goal__isnull=True, annual_goal__isnull=True, measure__isnull=False)
                ),
                name="evaluation_exactly_one_object",
            ),
        ]

    @property
    def subject(self):
        return self.guiding_goal or self.annual_goal or self.measure


class Recommendation(models.IntegerChoices):
    """The ten recommendations for municipal integration policy (seed 004)."""

    STRATEGY = 1, _("Develop a strategy and a concept")
    CROSS_CUTTING = 2, _("Anchor integration as a cross-cutting task")
    POLITICAL_COMMITMENT = 3, _("Establish political commitment")
    PARTICIPATION = 4, _("Ensure participation and activate civic engagement")
    NETWORKS = 5, _("Build networks")
    LOCAL_PLANNING = 6, _("Plan at district level")
    FIELDS = 7, _("Work on the fields of action: education and language, employment and dialogue")
    EMPLOYER = 8, _("Municipality as employer: advance the intercultural opening of the administration")
    SERVICE_PROVIDER = 9, _("Municipality as service provider: remove barriers to access")
    MEASURE_SUCCESS = 10, _("Measure success: evaluation and controlling")


class SelfAssessment(TimeStampedModel):
    """How far a body has come on one of the ten recommendations in a year: 0 (not begun) to 4 (fully)."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="self_assessments")
    year = models.PositiveIntegerField(_("year"))
    recommendation = models.PositiveSmallIntegerField(_("recommendation"), choices=Recommendation.choices)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MaxValueValidator(4)])
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["body", "-year", "recommendation"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "recommendation"], name="selfassessment_unique"),
            models.CheckConstraint(condition=Q(rating__lte=4), name="selfassessment_rating_0_to_4"),
        ]
