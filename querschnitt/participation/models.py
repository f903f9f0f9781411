"""Participation: the workshop process that leads to an integration concept (seed 003) and its dot vote
(Punktabfrage, seed 004). Names follow GLOSSARY.md."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

MAX_POINTS_PER_VOTER = 100
MAX_PARTICIPANTS_LIMIT = 500


class PhaseKind(models.TextChoices):
    PREPARATION = "preparation", _("Preparation workshop")
    WORKSHOP = "workshop", _("Integration workshop")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")
    COUNCIL_DECISION = "council_decision", _("Council decision")


class WorkshopProcess(TimeStampedModel):
    """A municipality's way to its integration concept: preparation, two-day workshop, follow-up, council decision."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="workshop_processes")
    title = models.CharField(_("title"), max_length=200)
    concept = models.ForeignKey(
        "strategy.Concept",
        verbose_name=_("integration concept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_processes",
        help_text=_("The concept the workshop works on; the dot vote's ranking is adopted into it."),
    )
    notes = models.TextField(_("notes"), blank=True)
    max_participants = models.PositiveSmallIntegerField(
        _("at most participants"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS_LIMIT)],
        help_text=_("Whoever is invited beyond this number is put on the waiting list."),
    )
    travel_costs = models.DecimalField(
        _("travel costs of the trainers"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("As invoiced or estimated, in euros."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop process")
        verbose_name_plural = _("workshop processes")
        ordering = ["body", "-created", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_participants__gte=1), name="workshopprocess_max_participants"),
            models.CheckConstraint(condition=Q(travel_costs__gte=0), name="workshopprocess_travel_costs"),
        ]

    def __str__(self) -> str:
        return self.title


class WorkshopPhase(TimeStampedModel):
    """One of the four phases of a workshop process, with its dates (all editable)."""

    process = models.ForeignKey(
        WorkshopProcess, verbose_name=_("workshop process"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="workshopphase_unique_kind"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="workshopphase_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self) -> Body:
        return self.process.body

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end lies before the start.")})


class WorkshopDay(TimeStampedModel):
    """A day of a phase with its programme: the guiding questions of seed 003 (editable)."""

    phase = models.ForeignKey(WorkshopPhase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop day")
        verbose_name_plural = _("workshop days")
        ordering = ["phase", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self) -> Body:
        return self.phase.process.body


class ProgrammeItem(models.Model):
    """One point of a day's programme, usually a guiding question."""

    day = models.ForeignKey(WorkshopDay, verbose_name=_("day"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("programme item"))

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["day", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class ChecklistItem(TimeStampedModel):
    """A task to do for a phase; ticking it off records who and when."""

    phase = models.ForeignKey(
        WorkshopPhase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="checklist"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("task"), max_length=300)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["phase", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def body(self) -> Body:
        return self.phase.process.body


# --- Dot vote -------------------------------------------------------------------------------------------------------


class DotVoteStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ResultVisibility(models.TextChoices):
    LIVE = "live", _("Live, while voting")
    AFTER_OWN_VOTE = "after_own_vote", _("To each voter after their own vote")
    AFTER_CLOSE = "after_close", _("Only after closing")


class DotVote(TimeStampedModel):
    """A dot vote (Punktabfrage): voters distribute points over options; paper dots from flipcharts count too.

    A run-off (`run_off_of`) decides a tie of its parent among the tied options; it shares the parent's voters.
    """

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="dot_votes")
    process = models.ForeignKey(
        WorkshopProcess,
        verbose_name=_("workshop process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dot_votes",
    )
    concept = models.ForeignKey(
        "strategy.Concept",
        verbose_name=_("integration concept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dot_votes",
    )
    run_off_of = models.ForeignKey(
        "self",
        verbose_name=_("run-off of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="run_offs",
    )
    tied_rank = models.PositiveSmallIntegerField(_("tied rank"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), blank=True)
    points_per_voter = models.PositiveSmallIntegerField(
        _("points per voter"), default=3, validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS_PER_VOTER)]
    )
    max_points_per_option = models.PositiveSmallIntegerField(
        _("at most points per option"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty to let voters put all their points on one option."),
    )
    spend_all = models.BooleanField(_("all points must be spent"), default=False)
    anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("Nobody sees who voted what. Fixed once voting has started.")
    )
    visibility = models.CharField(
        _("result visible"), max_length=20, choices=ResultVisibility.choices, default=ResultVisibility.AFTER_CLOSE
    )
    status = models.CharField(_("status"), max_length=10, choices=DotVoteStatus.choices, default=DotVoteStatus.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_into = models.ForeignKey(
        "strategy.Concept",
        verbose_name=_("adopted into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dot vote")
        verbose_name_plural = _("dot votes")
        ordering = ["body", "-created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points_per_voter__gte=1, points_per_voter__lte=MAX_POINTS_PER_VOTER),
                name="dotvote_points_per_voter_range",
            ),
            models.CheckConstraint(
                condition=Q(max_points_per_option__isnull=True)
                | Q(max_points_per_option__gte=1, max_points_per_option__lte=F("points_per_voter")),
                name="dotvote_cap_within_points",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(opened_at__isnull=False), name="dotvote_opened_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False), name="dotvote_closed_has_time"
            ),
            models.CheckConstraint(
                condition=Q(adopted_at__isnull=True) | Q(status="closed"), name="dotvote_adopted_only_closed"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        cap = self.max_points_per_option
        if cap is not None and self.points_per_voter and cap > self.points_per_voter:
            raise ValidationError(
                {"max_points_per_option": _("The limit per option cannot be higher than the points per voter.")}
            )

    @property
    def root(self) -> "DotVote":
        """The vote whose voters take part: the vote itself, or for a run-off its parent."""
        return self.run_off_of if self.run_off_of_id else self

    @property
    def is_open(self) -> bool:
        return self.status == DotVoteStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == DotVoteStatus.CLOSED


class DotVoteOption(models.Model):
    """An option of a dot vote: free text, or one of the concept's fields of action."""

    dot_vote = models.ForeignKey(DotVote, verbose_name=_("dot vote"), on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    field = models.ForeignKey(
        "strategy.FieldOfAction",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dot_vote_options",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["dot_vote", "order", "pk"]
        constraints = [
            models.UniqueConstraint("dot_vote", Lower("label"), name="dotvoteoption_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Voter(models.Model):
    """A participant of a dot vote (and its run-offs): holds a personal code, or is a signed-in user.

    The code is the voter's capability: whoever holds it may vote in this one vote and nowhere else.
    """

    dot_vote = models.ForeignKey(DotVote, verbose_name=_("dot vote"), on_delete=models.CASCADE, related_name="voters")
    token = models.CharField(_("personal code"), max_length=16, unique=True)
    label = models.CharField(_("name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dot_voters",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["dot_vote", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dot_vote", "user"], condition=Q(user__isnull=False), name="voter_unique_user_per_vote"
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.display_code

    @property
    def body(self) -> Body:
        return self.dot_vote.body

    @property
    def display_code(self) -> str:
        return f"{self.token[:4]}-{self.token[4:]}" if len(self.token) == 8 else self.token


class Ballot(models.Model):
    """What one voter spent in one vote. `points` is the sum of the voter's allocations, kept in the same
    transaction; the database refuses more than the budget."""

    dot_vote = models.ForeignKey(DotVote, verbose_name=_("dot vote"), on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(Voter, verbose_name=_("voter"), on_delete=models.CASCADE, related_name="ballots")
    budget = models.PositiveSmallIntegerField(_("points available"))
    points = models.PositiveSmallIntegerField(_("points spent"), default=0)
    cast_at = models.DateTimeField(_("cast at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["dot_vote", "voter"], name="ballot_one_per_voter_and_vote"),
            models.CheckConstraint(condition=Q(points__lte=F("budget")), name="ballot_within_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.points}/{self.budget}"


class Allocation(models.Model):
    """Points of a ballot on one option. When an anonymous vote closes, the allocations are summed per option and
    their ballot link removed, so that not even the database keeps who voted what."""

    ballot = models.ForeignKey(Ballot, null=True, blank=True, on_delete=models.CASCADE, related_name="allocations")
    option = models.ForeignKey(DotVoteOption, on_delete=models.CASCADE, related_name="allocations")
    points = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="allocation_one_per_ballot_and_option"),
            models.CheckConstraint(condition=Q(points__gt=0), name="allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.points}"


class PaperTally(TimeStampedModel):
    """The counted paper dots of one station or flipchart. Entering the same origin again replaces its counts,
    so a flipchart is never counted twice."""

    dot_vote = models.ForeignKey(
        DotVote, verbose_name=_("dot vote"), on_delete=models.CASCADE, related_name="paper_tallies"
    )
    origin = models.CharField(_("station or flipchart"), max_length=100)
    participants = models.PositiveSmallIntegerField(
        _("number of people who put dots"),
        null=True,
        blank=True,
        help_text=_("Optional; if given, the counts are checked against their points."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paper dots")
        verbose_name_plural = _("paper dots")
        ordering = ["dot_vote", "origin", "pk"]
        constraints = [models.UniqueConstraint("dot_vote", Lower("origin"), name="papertally_unique_origin")]

    def __str__(self) -> str:
        return self.origin

    @property
    def body(self) -> Body:
        return self.dot_vote.body


class PaperCount(models.Model):
    tally = models.ForeignKey(PaperTally, on_delete=models.CASCADE, related_name="counts")
    option = models.ForeignKey(DotVoteOption, on_delete=models.CASCADE, related_name="paper_counts")
    points = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tally", "option"], name="papercount_one_per_option")]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.points}"


class TieBreakMethod(models.TextChoices):
    DECISION = "decision", _("Decision of the moderation")
    RUN_OFF = "run_off", _("Run-off vote")


class TieBreak(TimeStampedModel):
    """The order in which tied options of one rank are taken over, with how it was decided."""

    dot_vote = models.ForeignKey(DotVote, on_delete=models.CASCADE, related_name="tie_breaks")
    rank = models.PositiveSmallIntegerField(_("rank"))
    method = models.CharField(_("method"), max_length=10, choices=TieBreakMethod.choices)
    option_order = models.JSONField(_("order of the options"), default=list)
    reason = models.TextField(_("reason"), blank=True)
    run_off = models.ForeignKey(DotVote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tie-break")
        verbose_name_plural = _("tie-breaks")
        ordering = ["dot_vote", "rank"]
        constraints = [models.UniqueConstraint(fields=["dot_vote", "rank"], name="tiebreak_one_per_rank")]

    def __str__(self) -> str:
        return f"{self.dot_vote_id} #{self.rank}"


# --- Participants of a workshop process -----------------------------------------------------------------------------


class TargetGroup(models.TextChoices):
    """Who a workshop is for (seed 003: "Kommunalpolitiker mit Entscheidungskompetenz, Verwaltungsmitarbeiter der
    zuständigen Ebenen, kommunalpolitisch aktive Migranten und Vertreter von Migrantenorganisationen und Verbänden"),
    with the actors seed 004 names besides. A role in the process, never origin, nationality or religion."""

    DECISION_MAKERS = "decision_makers", _("Local politics with decision-making power")
    ADMINISTRATION = "administration", _("Administration (responsible levels)")
    MIGRANT_REPRESENTATION = "migrant_representation", _("Migrant representation and migrant organisations")
    ASSOCIATIONS = "associations", _("Associations and initiatives")
    WELFARE = "welfare", _("Welfare associations")
    EDUCATION = "education", _("Educational institutions")
    OTHER = "other", _("Other groups")


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WAITING = "waiting", _("On the waiting list")


# Statuses that take one of the process's places.
HOLDS_PLACE = (ParticipantStatus.INVITED, ParticipantStatus.CONFIRMED)


class Participant(TimeStampedModel):
    """A person invited to a workshop process. No account: the office records the person with their consent to
    the processing of their data (date and the version of the wording). Deliberately no field for origin,
    nationality or religion (domain rules § 6)."""

    process = models.ForeignKey(
        WorkshopProcess, verbose_name=_("workshop process"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.CharField(_("organisation or function"), max_length=200, blank=True)
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ParticipantStatus.choices, default=ParticipantStatus.INVITED
    )
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    consent_given_on = models.DateField(_("consent given on"))
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["process", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False), name="participant_waiting_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def body(self) -> Body:
        return self.process.body

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE


class Attendance(models.Model):
    """A participant was there on one day of the process (a workshop day, the preparation or follow-up meeting)."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.ForeignKey(WorkshopDay, verbose_name=_("day"), on_delete=models.CASCADE, related_name="attendances")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="attendance_once_per_day")]

    def __str__(self) -> str:
        return f"{self.participant_id}@{self.day_id}"


class ParticipantMoveUp(models.Model):
    """The log of the waiting list: who moved up, when, and whose declining (or a larger maximum) freed the place."""

    process = models.ForeignKey(WorkshopProcess, on_delete=models.CASCADE, related_name="move_ups")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="move_ups")
    freed_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("moved up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("move-up from the waiting list")
        verbose_name_plural = _("moves up from the waiting list")
        ordering = ["process", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant_id} ({self.at:%d.%m.%Y})"


# --- Cost estimate --------------------------------------------------------------------------------------------------

# Seed 003: "6.000 Euro inklusive MwSt. (bei maximal 40 Teilnehmern); zuzüglich Reisekosten für die Trainer sowie
# 5 Euro pro Teilnehmer für die begleitenden Trainingsunterlagen".
DEFAULT_PACKAGE_PRICE = Decimal("6000.00")
DEFAULT_PACKAGE_MAX_PARTICIPANTS = 40
DEFAULT_MATERIAL_PER_PARTICIPANT = Decimal("5.00")
DEFAULT_PACKAGE_DESCRIPTION = "Zwei Trainer; zweitägiger Workshop inklusive Vor- und Nachbereitungstreffen vor Ort"


class PriceModel(TimeStampedModel):
    """The prices a body calculates a workshop process with. A body without one uses seed 003's prices."""

    body = models.OneToOneField(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="workshop_price_model"
    )
    package_price = models.DecimalField(
        _("price per package incl. VAT"),
        max_digits=10,
        decimal_places=2,
        default=DEFAULT_PACKAGE_PRICE,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    package_description = models.CharField(
        _("what the package contains"), max_length=300, default=DEFAULT_PACKAGE_DESCRIPTION
    )
    package_max_participants = models.PositiveSmallIntegerField(
        _("at most participants per package"),
        default=DEFAULT_PACKAGE_MAX_PARTICIPANTS,
        validators=[MinValueValidator(1)],
    )
    material_per_participant = models.DecimalField(
        _("training materials per participant"),
        max_digits=8,
        decimal_places=2,
        default=DEFAULT_MATERIAL_PER_PARTICIPANT,
        validators=[MinValueValidator(Decimal("0.00"))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price model")
        verbose_name_plural = _("price models")
        constraints = [
            models.CheckConstraint(
                condition=Q(package_price__gte=0, material_per_participant__gte=0, package_max_participants__gte=1),
                name="pricemodel_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.body)


# --- Events: Integrationskonferenz, Integrationsgipfel --------------------------------------------------------------


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Integration conference")
    SUMMIT = "summit", _("Integration summit")


class Event(TimeStampedModel):
    """A yearly gathering of a body (seed 004: "einmal im Jahr eine Integrationskonferenz oder einen
    Integrationsgipfel zu einem bestimmten Thema mit einem größeren Teilnehmerkreis"). Published events and their
    documentation are public; registrations are not."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="participation_events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    topics = models.TextField(_("topics"), blank=True, help_text=_("One topic per line."))
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    registration_open = models.BooleanField(_("registration open"), default=True)
    published = models.BooleanField(_("published"), default=False)
    decision = models.ForeignKey(
        "committees.Paper",
        verbose_name=_("decision it goes back to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation_events",
        help_text=_("The paper whose decision the event goes back to, if any."),
    )
    documentation = models.TextField(_("documentation"), blank=True)
    # What is kept of the registrations once they are deleted after the event (`event_registrations_purge`): the
    # counts the event page and the documentation need, no personal data.
    registrations_purged_on = models.DateField(_("registrations deleted on"), null=True, blank=True)
    purged_registered = models.PositiveIntegerField(_("registered (kept as a number)"), default=0)
    purged_waiting = models.PositiveIntegerField(_("on the waiting list (kept as a number)"), default=0)
    purged_cancelled = models.PositiveIntegerField(_("cancelled (kept as a number)"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["body", "-date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "year"], name="event_once_a_year"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"date": _("The date must lie in the year of the event.")})

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    @property
    def free_places(self) -> int:
        """Places not taken; uses the count annotated by `selectors_events.event_queryset` where there is one."""
        registered = getattr(self, "registered", None)
        if registered is None:
            registered = self.purged_registered + self.registrations.filter(status="registered").count()
        return max(0, self.capacity - registered)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class EventRegistration(TimeStampedModel):
    """A registration for an event, made by anyone without an account. The token is the registrant's secret link
    to cancel; it is never shown to the office."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    consent_given_on = models.DateTimeField(_("consent given on"))
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                "event", Lower("email"), condition=~Q(status="cancelled"), name="eventregistration_once_per_email"
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False),
                name="eventregistration_waiting_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="eventregistration_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def body(self) -> Body:
        return self.event.body


class RegistrationMoveUp(models.Model):
    """The log of an event's waiting list: who moved up, when, and whose cancellation freed the place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="move_ups")
    registration = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="move_ups")
    freed_by = models.ForeignKey(EventRegistration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("moved up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("move-up from the waiting list")
        verbose_name_plural = _("moves up from the waiting list")
        ordering = ["event", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.registration_id} ({self.at:%d.%m.%Y})"


class EventFile(TimeStampedModel):
    """A file of an event's documentation, stored with its SHA-512 checksum as committee files are. Public only
    with the confirmation that it holds no personal data of third parties, and only once the event is published."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="participation/events/%Y/")
    file_name = models.CharField(_("file name"), max_length=300)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha512_checksum = models.CharField(max_length=128, editable=False)
    public = models.BooleanField(_("public"), default=False)
    no_third_party_personal_data = models.BooleanField(
        _("contains no personal data of third parties"),
        default=False,
        help_text=_("Must be confirmed before the file is published."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["event", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(public=False) | Q(no_third_party_personal_data=True),
                name="eventfile_public_needs_confirmation",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self) -> Body:
        return self.event.body


# Group work lives in its own module; imported here so that Django finds its models.
from .models_groups import CardKind as CardKind  # noqa: E402
from .models_groups import GroupCard as GroupCard  # noqa: E402
from .models_groups import WorkGroup as WorkGroup  # noqa: E402
from .models_groups import WorkGroupKind as WorkGroupKind  # noqa: E402
from .models_groups import WorkGroupMember as WorkGroupMember  # noqa: E402
