"""State level (issue 7): the Landesintegrationsrat's coaching of councils (seed 000), its qualification series with
the adult-education centres (seed 001) and a library of good practice that bodies publish from their concepts.

Coaching engagements belong to the body whose committee is coached; the coach is a member of the state council's
staff. The topic catalogue, the series, their modules and courses are the state council's and not tied to a body;
a course may take place at a body and its registrations name the body whose committee the participant sits on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

# --- Coaching (seed 000) ------------------------------------------------------------------------------------------


class CoachingTopic(TimeStampedModel):
    """A deep-dive topic of the coaching („Angebot einer Themenvertiefung“) with its guiding questions, one per line.
    The catalogue starts with the four topics of seed 000 (migration 0002) and is the state staff's to edit."""

    title = models.CharField(_("title"), max_length=300, unique=True)
    summary = models.TextField(_("what it is about"), blank=True, max_length=5000)
    guiding_questions = models.TextField(
        _("guiding questions"), blank=True, max_length=10000, help_text=_("One per line.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("coaching topic")
        verbose_name_plural = _("coaching topics")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.guiding_questions.splitlines() if line.strip()]


class CoachingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("coaching status", "Requested")
    AGREED = "agreed", pgettext_lazy("coaching status", "Agreed")
    RUNNING = "running", pgettext_lazy("coaching status", "In progress")
    COMPLETED = "completed", pgettext_lazy("coaching status", "Completed")
    DECLINED = "declined", pgettext_lazy("coaching status", "Declined")


class CoachingEngagement(TimeStampedModel):
    """A coaching of one body's committee by the state council, requested by the committee (its office)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="coaching_engagements"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CoachingStatus.choices, default=CoachingStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_on = models.DateField(_("requested on"))
    request_text = models.TextField(_("what the committee asks for"), blank=True, max_length=5000)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coaching_engagements",
    )
    topics = models.ManyToManyField(
        CoachingTopic, verbose_name=_("agreed topics"), blank=True, related_name="engagements"
    )
    other_topics = models.TextField(_("further topics"), blank=True, max_length=5000)
    follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    answer = models.TextField(
        _("answer of the Landesintegrationsrat"),
        blank=True,
        max_length=2000,
        help_text=_("Shown to the committee office with the decision, e.g. why a request is declined."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coaching engagement")
        verbose_name_plural = _("coaching engagements")
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return str(_("Coaching of %(body)s") % {"body": self.body})


class CoachingStepKind(models.TextChoices):
    """The process of seed 000, in its order."""

    RESEARCH = "research", _("Research of statutes, rules of procedure and topics")
    MEETING = "meeting", _("On-site meeting with the chair and the committee office")
    MATERIALS = "materials", _("Materials provided")
    ACCOMPANIMENT = "accompaniment", _("Collegial accompaniment")


class StepStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("coaching step status", "Open")
    RUNNING = "running", pgettext_lazy("coaching step status", "In progress")
    DONE = "done", pgettext_lazy("coaching step status", "Done")
    SKIPPED = "skipped", pgettext_lazy("coaching step status", "Not needed")


class CoachingStep(TimeStampedModel):
    """One step of an engagement's process; every engagement has the four steps of seed 000."""

    engagement = models.ForeignKey(CoachingEngagement, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=CoachingStepKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.OPEN)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=10000)
    statutes = models.ManyToManyField(
        "committees.Statute", verbose_name=_("statutes looked at"), blank=True, related_name="coaching_steps"
    )

    history = HistoricalRecords(excluded_fields=["note"])

    class Meta:
        verbose_name = _("coaching step")
        verbose_name_plural = _("coaching steps")
        ordering = ["engagement", "pk"]
        constraints = [models.UniqueConstraint(fields=["engagement", "kind"], name="coachingstep_unique_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class CoachingSession(TimeStampedModel):
    """A meeting or call of the coach with the committee. Its notes are seen by the coach (state staff) and the
    body's committee office only."""

    engagement = models.ForeignKey(CoachingEngagement, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    place = models.CharField(_("place or format"), max_length=300, blank=True)
    participants = models.CharField(_("participants"), max_length=1000, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["engagement", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"


class CoachingDocumentKind(models.TextChoices):
    STATUTE_PROPOSAL = "statute_proposal", _("Revision proposal for the statutes")
    OFFICE_MODEL = "office_model", _("Model of the committee office")
    MODEL_AGENDA = "model_agenda", _("Model agenda")
    ANSWER = "answer", _("Answer to a question")
    OTHER = "other", _("Other")


class CoachingDocument(TimeStampedModel):
    engagement = models.ForeignKey(CoachingEngagement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("kind"), max_length=20, choices=CoachingDocumentKind.choices, default=CoachingDocumentKind.OTHER
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="statewide/coaching/%Y/")
    file_name = models.CharField(_("file name"), max_length=300)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("coaching document")
        verbose_name_plural = _("coaching documents")
        ordering = ["engagement", "-created", "pk"]

    def __str__(self) -> str:
        return self.title


# --- Qualification series (seed 001) -------------------------------------------------------------------------------


class TrainingSeries(TimeStampedModel):
    """A qualification series such as „Qualifizierungsreihe … 2025-2026“, with its partners and the deadline for
    expressions of interest to host a seminar."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    partners = models.TextField(_("partners"), blank=True, max_length=2000, help_text=_("One per line."))
    first_year = models.PositiveSmallIntegerField(_("from year"), validators=[MinValueValidator(2000)])
    last_year = models.PositiveSmallIntegerField(_("to year"), validators=[MinValueValidator(2000)])
    interest_deadline = models.DateTimeField(
        _("deadline for expressions of interest"), help_text=_("Date and time (German time) of the deadline.")
    )
    published = models.BooleanField(_("public"), default=False)

    class Meta:
        verbose_name = _("qualification series")
        verbose_name_plural = _("qualification series")
        ordering = ["-first_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="trainingseries_years_in_order",
                violation_error_message=_("The last year cannot be before the first."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


class TrainingModule(TimeStampedModel):
    """A module of a series (seed 001: Basismodul, Aufbaumodul); the catalogue is edited by state staff."""

    series = models.ForeignKey(TrainingSeries, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(_("level"), max_length=100, blank=True, help_text=_("For example “Basismodul”."))
    description = models.TextField(_("description"), blank=True, max_length=10000)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["series", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.level}: {self.title}" if self.level else self.title


class HostKind(models.TextChoices):
    VHS = "vhs", _("Adult-education centre (VHS)")
    BODY = "body", _("Municipality or its committee")


class InterestStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("expression of interest status", "Received")
    ACCEPTED = "accepted", pgettext_lazy("expression of interest status", "Accepted")
    DECLINED = "declined", pgettext_lazy("expression of interest status", "Declined")
    LATE = "late", pgettext_lazy("expression of interest status", "Refused: after the deadline")


class HostInterest(TimeStampedModel):
    """An expression of interest of a VHS or a body to host a seminar of the series. One sent after the deadline is
    refused: the public form says so and stores nothing; one that arrived late on paper is recorded as `late`."""

    series = models.ForeignKey(TrainingSeries, on_delete=models.CASCADE, related_name="host_interests")
    host_kind = models.CharField(_("who wants to host"), max_length=10, choices=HostKind.choices)
    host_name = models.CharField(_("name of the host"), max_length=300)
    body = models.ForeignKey(
        Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.SET_NULL, related_name="host_interests"
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("e-mail address"))
    modules = models.ManyToManyField(TrainingModule, verbose_name=_("modules"), related_name="host_interests")
    proposed_dates = models.CharField(_("proposed dates"), max_length=500, blank=True)
    message = models.TextField(_("message"), blank=True, max_length=5000)
    received_at = models.DateTimeField(_("received at"))
    status = models.CharField(
        _("status"), max_length=10, choices=InterestStatus.choices, default=InterestStatus.RECEIVED
    )
    decision_note = models.TextField(_("note on the decision"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["series", "received_at", "pk"]

    def __str__(self) -> str:
        return self.host_name


class CourseStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("course status", "Planned")
    OPEN = "open", pgettext_lazy("course status", "Open for registration")
    HELD = "held", pgettext_lazy("course status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("course status", "Cancelled")


class Course(TimeStampedModel):
    """A seminar of a module at a host. No fee: the series is free for committee members (seed 001)."""

    series = models.ForeignKey(TrainingSeries, on_delete=models.CASCADE, related_name="courses")
    module = models.ForeignKey(
        TrainingModule, verbose_name=_("module"), on_delete=models.PROTECT, related_name="courses"
    )
    host_interest = models.ForeignKey(
        HostInterest,
        verbose_name=_("from the expression of interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    host_name = models.CharField(_("host"), max_length=300)
    body = models.ForeignKey(
        Body,
        verbose_name=_("body where it takes place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    times = models.CharField(_("times"), max_length=200, blank=True, help_text=_("For example “10:00 to 16:00”."))
    place = models.CharField(_("place"), max_length=300)
    trainers = models.CharField(_("trainers"), max_length=500, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    status = models.CharField(_("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.PLANNED)
    registration_deadline = models.DateField(_("registration until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="course_days_in_order",
                violation_error_message=_("The last day cannot be before the first."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.module.title} – {self.place}, {self.starts_on:%d.%m.%Y}"


class MandateKind(models.TextChoices):
    ELECTED = "elected", _("Directly elected member")
    COUNCIL = "council", _("Delegated council member")
    DEPUTY = "deputy", _("Deputy member")
    OFFICE = "office", _("Committee office")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("course registration status", "Confirmed")
    WAITING = "waiting", pgettext_lazy("course registration status", "Waiting list")
    CANCELLED = "cancelled", pgettext_lazy("course registration status", "Cancelled")


class CourseRegistration(TimeStampedModel):
    """A committee member's registration for a course; beyond the seats it goes on the waiting list and moves up in
    order when a confirmed participant cancels."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_registrations",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("committee of"), on_delete=models.PROTECT, related_name="course_registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    mandate = models.CharField(_("mandate"), max_length=10, choices=MandateKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("registered at"))
    attended_days = models.PositiveSmallIntegerField(_("days attended"), default=0)
    attended = models.BooleanField(_("attended"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)
    cancel_token = models.CharField(max_length=64, unique=True, editable=False)

    history = HistoricalRecords(excluded_fields=["cancel_token"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["course", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "course",
                models.functions.Lower("email"),
                condition=~Q(status="cancelled"),
                name="courseregistration_once_per_course",
                violation_error_message=_("This e-mail address is already registered for the course."),
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="courseregistration_unique_certificate_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- Good practice ------------------------------------------------------------------------------------------------


class PracticeTopic(models.TextChoices):
    """Fields of action named alike across NRW, so that examples of different concepts can be found together."""

    LANGUAGE = "language", _("Language")
    EDUCATION = "education", _("Education")
    WORK = "work", _("Work and economy")
    HOUSING = "housing", _("Housing and neighbourhood")
    HEALTH = "health", _("Health and care")
    PARTICIPATION = "participation", _("Participation and civic engagement")
    DISCRIMINATION = "discrimination", _("Anti-discrimination and anti-racism")
    CULTURE = "culture", _("Culture, sport and leisure")
    OPENING = "opening", _("Intercultural opening of the administration")
    ARRIVAL = "arrival", _("Arrival and counselling")
    OTHER = "other", _("Other")


class MunicipalitySize(models.TextChoices):
    SMALL = "small", _("under 20,000 inhabitants")
    MEDIUM = "medium", _("20,000 to 50,000 inhabitants")
    LARGE = "large", _("50,000 to 100,000 inhabitants")
    CITY = "city", _("100,000 to 500,000 inhabitants")
    METROPOLIS = "metropolis", _("over 500,000 inhabitants")
    DISTRICT = "district", _("District (Kreis)")


class PracticeExample(TimeStampedModel):
    """A measure of a body's concept published as a good-practice example for all of NRW. It keeps the measure it
    came from; its texts are the body's own words for other municipalities."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="practice_examples")
    measure = models.ForeignKey(
        "strategy.Measure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_examples",
    )
    title = models.CharField(_("title"), max_length=300)
    topic = models.CharField(_("field of action"), max_length=20, choices=PracticeTopic.choices)
    size = models.CharField(_("size of the municipality"), max_length=20, choices=MunicipalitySize.choices)
    what_was_done = models.TextField(_("what was done"), max_length=10000)
    results = models.TextField(_("results"), blank=True, max_length=10000)
    indicators = models.TextField(_("indicators"), blank=True, max_length=5000)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("practice example")
        verbose_name_plural = _("practice examples")
        ordering = ["-published_on", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class WorkshopPracticeExample(TimeStampedModel):
    """A practice example pulled into a day of a workshop („gute Praxisbeispiele aus anderen Städten“, seed 003)."""

    day = models.ForeignKey("participation.WorkshopDay", on_delete=models.CASCADE, related_name="practice_examples")
    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="workshop_uses")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("practice example in a workshop")
        verbose_name_plural = _("practice examples in workshops")
        ordering = ["day", "pk"]
        constraints = [models.UniqueConstraint(fields=["day", "example"], name="workshoppractice_once_per_day")]
