"""Committee work with the type names of OParl 1.1: Organization, LegislativeTerm, Person, Membership, Meeting,
AgendaItem, Paper, Consultation, File, Location; plus what OParl does not cover (statutes, votes, attendance,
settings of the body). Nothing here stores origin, nationality or religion (domain rules 1.3, 1.4)."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body


class OParlModel(TimeStampedModel):
    """OParl needs created and modified on everything, and deleted objects stay visible as `deleted: true`."""

    deleted = models.BooleanField(_("deleted"), default=False, db_index=True)
    # The OParl id (a URL) of an object imported from another system (the council's information system); empty for
    # what was made here. Imported objects are read-only here and are updated by the next import.
    external_id = models.URLField(_("OParl id in the source system"), max_length=500, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_imported(self) -> bool:
        return bool(self.external_id)


class CommitteeSettings(TimeStampedModel):
    """Local law of a body as settings (never hard-coded): notice periods, seat ratios, numbering, the name."""

    class NoticeMode(models.TextChoices):
        WARN = "warn", _("warn")
        BLOCK = "block", _("block")

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="committee_settings")
    notice_days = models.PositiveSmallIntegerField(_("notice period in full days"), default=7)
    urgent_notice_days = models.PositiveSmallIntegerField(_("notice period for urgent meetings"), default=3)
    notice_mode = models.CharField(
        _("when the notice period is not kept"), max_length=10, choices=NoticeMode.choices, default=NoticeMode.WARN
    )
    warn_on_ratio = models.BooleanField(
        _("warn when directly elected members do not outnumber council members"), default=True
    )
    target_ratio = models.DecimalField(
        _("aimed ratio elected : council members"), max_digits=4, decimal_places=2, default=2
    )
    paper_number_format = models.CharField(
        _("numbering of papers"),
        max_length=60,
        default="{prefix}/{year}/{number:03d}",
        help_text=_("Placeholders: {prefix}, {year}, {number}."),
    )
    paper_number_prefix = models.CharField(_("prefix of paper numbers"), max_length=20, default="ACI")
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("Where these rules come from (Hauptsatzung, Geschäftsordnung …).")
    )

    class Meta:
        verbose_name = _("committee settings")
        verbose_name_plural = _("committee settings")

    def __str__(self) -> str:
        return str(self.body)


class Location(OParlModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="locations")
    description = models.CharField(_("description"), max_length=300)
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["body", "description"]

    def __str__(self) -> str:
        return self.description


class LegislativeTerm(OParlModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="legislative_terms")
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start"), default=date(2025, 11, 1))
    end_date = models.DateField(_("end"), default=date(2030, 10, 31))

    class Meta:
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        ordering = ["body", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="legislativeterm_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    """The committee under § 27 GO NRW by its name in the legislative period (domain rules 1.1)."""

    ACI = "aci", _("Committee for equal opportunities and integration")
    INTEGRATION_COUNCIL = "integrationsrat", _("Integration council")
    INTEGRATION_COMMITTEE = "integrationsausschuss", _("Integration committee")
    COUNCIL = "rat", _("Council")
    SPECIALIST_COMMITTEE = "fachausschuss", _("Specialist committee")
    WORKING_GROUP = "arbeitskreis", _("Working group")
    STEERING_GROUP = "steuerungsgruppe", _("Steering group")
    PARLIAMENTARY_GROUP = "fraktion", _("Parliamentary group")
    OTHER = "sonstiges", _("Other")


class Organization(OParlModel):
    """A council body or group (OParl Organization). The integration committee is the one the platform runs."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices, default=OrganizationKind.ACI)
    organization_type = models.CharField(_("OParl organization type"), max_length=30, default="Gremium")
    statutory_seats = models.PositiveSmallIntegerField(_("seats under the Hauptsatzung"), null=True, blank=True)
    elected_seats = models.PositiveSmallIntegerField(_("seats of directly elected members"), null=True, blank=True)
    council_seats = models.PositiveSmallIntegerField(_("seats of council members"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    public_calendar_token = models.CharField(max_length=64, blank=True, editable=False)
    published = models.BooleanField(
        _("composition public"),
        default=False,
        help_text=_(
            "Shows the committee with its members (names, group, role) on the public pages. Contact data and "
            "profiles only with each person's consent."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return self.name


class Person(OParlModel):
    """A person in committee work. Optional profile data only with recorded, revocable consent; public only then."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="persons")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
        verbose_name=_("user account"),
    )
    family_name = models.CharField(_("family name"), max_length=150)
    given_name = models.CharField(_("given name"), max_length=150)
    title = models.CharField(_("academic title"), max_length=50, blank=True)
    form_of_address = models.CharField(_("form of address"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    profile_text = models.TextField(_("profile"), blank=True)
    consent_given_on = models.DateTimeField(_("consent to publication given on"), null=True, blank=True)
    consent_revoked_on = models.DateTimeField(_("consent revoked on"), null=True, blank=True)
    # Which wording the person agreed to (`CONSENT_TEXT_VERSION` when consent was recorded): proof of what was
    # consented to, should the text ever change.
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20, blank=True)
    calendar_token = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["calendar_token"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["body", "family_name", "given_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)

    @property
    def has_public_consent(self) -> bool:
        return bool(self.consent_given_on) and not self.consent_revoked_on


class MembershipGroup(models.TextChoices):
    DIRECTLY_ELECTED = "direkt_gewaehlt", _("directly elected")
    COUNCIL_MEMBER = "ratsmitglied", _("council member")
    EXPERT_RESIDENT = "sachkundig", _("expert resident")
    ADVISORY = "beratend", _("advisory")
    ADMINISTRATION = "verwaltung", _("administration")
    GUEST = "gast", _("guest")


class MembershipRole(models.TextChoices):
    CHAIR = "vorsitz", _("chair")
    DEPUTY_CHAIR = "stellv_vorsitz", _("deputy chair")
    MEMBER = "mitglied", _("member")
    DEPUTY = "stellvertretung", _("deputy")
    MINUTE_TAKER = "schriftfuehrung", _("minute-taker")


class Membership(OParlModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    legislative_term = models.ForeignKey(
        LegislativeTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    group = models.CharField(_("group"), max_length=20, choices=MembershipGroup.choices)
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    voting_right = models.BooleanField(_("voting right"), default=True)
    deputy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="deputies", verbose_name=_("deputy of")
    )
    list_name = models.CharField(_("list"), max_length=200, blank=True)
    list_order = models.PositiveSmallIntegerField(_("place on the list"), null=True, blank=True)
    on_behalf_of = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("on behalf of")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization", "role", "person__family_name"]

    def __str__(self) -> str:
        return f"{self.person} – {self.organization}"

    def is_active(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            not self.deleted
            and (not self.start_date or self.start_date <= on)
            and (not self.end_date or self.end_date >= on)
        )


class File(OParlModel):
    """A document (OParl File). Non-public files are served only to the entitled and every read is logged."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="committee_files")
    name = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="committees/files/%Y/")
    file_name = models.CharField(_("file name"), max_length=300)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha512_checksum = models.CharField(max_length=128, editable=False)
    date = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    public = models.BooleanField(_("public"), default=False)
    no_third_party_personal_data = models.BooleanField(
        _("contains no personal data of third parties"),
        default=False,
        help_text=_("Must be confirmed before the file is published."),
    )

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["body", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(public=False) | Q(no_third_party_personal_data=True), name="file_public_needs_confirmation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def checksum(data: bytes) -> str:
        return hashlib.sha512(data).hexdigest()


class FileAccess(models.Model):
    """A read of a non-public file: who and when (confidentiality, issue 4 point 6)."""

    file = models.ForeignKey(File, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_id} {self.at:%d.%m.%Y %H:%M}"


class MeetingState(models.TextChoices):
    PLANNED = "geplant", _("planned")
    INVITED = "eingeladen", _("invited")
    HELD = "durchgefuehrt", _("held")


class Meeting(OParlModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    organizations = models.ManyToManyField(Organization, related_name="meetings", verbose_name=_("committees"))
    name = models.CharField(_("name"), max_length=300)
    meeting_state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings", verbose_name=_("location")
    )
    urgent = models.BooleanField(_("urgent meeting"), default=False)
    urgency_reason = models.TextField(_("reason for urgency"), blank=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent on"), null=True, blank=True)
    invitation = models.ForeignKey(
        File, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invitation")
    )
    results_protocol = models.ForeignKey(
        File, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("minutes (file)")
    )
    auxiliary_files = models.ManyToManyField(File, blank=True, related_name="meetings_auxiliary")
    minutes_text = models.TextField(_("minutes"), blank=True)
    minutes_non_public_text = models.TextField(_("minutes of the non-public part"), blank=True)
    minutes_signed_by_chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes_signed_by_chair_at = models.DateTimeField(null=True, blank=True)
    minutes_signed_by_writer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes_signed_by_writer_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["body", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgent=False) | ~Q(urgency_reason=""), name="meeting_urgent_needs_reason"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="meeting_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({timezone.localtime(self.start):%d.%m.%Y})"

    def clean(self) -> None:
        if self.urgent and not self.urgency_reason.strip():
            raise ValidationError({"urgency_reason": _("An urgent meeting needs a reason.")})
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end lies before the start.")})

    @property
    def minutes_signed(self) -> bool:
        """Signed by the chair and the minute-taker: from then on the minutes cannot change."""
        return bool(self.minutes_signed_by_chair_at and self.minutes_signed_by_writer_at)


class MinutesCorrection(TimeStampedModel):
    """A correction of signed minutes, kept as a linked record: the signed text itself never changes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_corrections")
    text = models.TextField(_("correction"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "created"]


class PaperType(models.TextChoices):
    MOTION = "Antrag", _("Motion")
    QUESTION = "Anfrage", _("Question")
    SUGGESTION = "Anregung", _("Suggestion")
    STATEMENT = "Stellungnahme", _("Statement")
    RECOMMENDATION = "Empfehlung", _("Recommendation")
    DRAFT_RESOLUTION = "Beschlussvorlage", _("Draft resolution")
    NOTICE = "Mitteilung", _("Notice")


class Paper(OParlModel):
    """A paper (Drucksache): motion, question, draft resolution … with its Beratungsfolge (consultations)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="papers")
    name = models.CharField(_("title"), max_length=500)
    reference = models.CharField(_("number"), max_length=50, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    paper_type = models.CharField(_("type"), max_length=30, choices=PaperType.choices)
    originator_persons = models.ManyToManyField(
        Person, blank=True, related_name="papers", verbose_name=_("originators (persons)")
    )
    originator_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="originated_papers", verbose_name=_("originators (committees)")
    )
    addressee = models.CharField(
        _("addressee"),
        max_length=300,
        blank=True,
        help_text=_("Rat, a committee, a Bezirksvertretung or the (Ober-)Bürgermeister"),
    )
    text = models.TextField(_("text"), blank=True)
    resolution_proposal = models.TextField(_("proposed resolution"), blank=True)
    answer = models.TextField(_("answer"), blank=True, help_text=_("For questions (Anfrage)."))
    main_file = models.ForeignKey(File, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    auxiliary_files = models.ManyToManyField(File, blank=True, related_name="papers_auxiliary")
    related_papers = models.ManyToManyField("self", blank=True, verbose_name=_("related papers"))
    superordinated_paper = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subordinated_papers"
    )
    public = models.BooleanField(_("public"), default=True)

    history = HistoricalRecords(m2m_fields=[originator_persons, originator_organizations])

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["body", "-date", "-reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"], condition=~Q(reference=""), name="paper_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()


class ConsultationRole(models.TextChoices):
    PRELIMINARY = "Vorberatung", _("Preliminary deliberation")
    DECISION = "Entscheidung", _("Decision")
    NOTE = "Kenntnisnahme", _("For information")
    HEARING = "Anhörung", _("Hearing")


class Consultation(OParlModel):
    """One step of a paper's Beratungsfolge: a committee deliberates it in a (planned) meeting."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("committee")
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("meeting"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MinValueValidator(1)])
    role = models.CharField(_("role"), max_length=20, choices=ConsultationRole.choices)
    authoritative = models.BooleanField(_("authoritative"), default=False)
    result = models.CharField(_("result"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["paper", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.organization} ({self.get_role_display()})"


class AgendaItem(OParlModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("number"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("title"), max_length=500)
    public = models.BooleanField(_("public"), default=True)
    non_public_reason = models.CharField(_("reason for non-public deliberation"), max_length=300, blank=True)
    consultation = models.OneToOneField(
        Consultation, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_item"
    )
    result = models.CharField(_("result"), max_length=300, blank=True)
    resolution_text = models.TextField(_("resolution"), blank=True)
    resolution_file = models.ForeignKey(File, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    auxiliary_files = models.ManyToManyField(File, blank=True, related_name="agenda_items_auxiliary")
    votes_yes = models.PositiveSmallIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    biased_persons = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("biased (Befangenheit)")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(public=True) | ~Q(non_public_reason=""), name="agendaitem_non_public_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()

    def clean(self) -> None:
        if not self.public and not self.non_public_reason.strip():
            raise ValidationError({"non_public_reason": _("A non-public item needs a reason.")})


class Attendance(models.Model):
    """Who was there. A deputy counts for quorum only when replacing an absent member (`replaces`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"), default=True)
    replaces = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("replaces")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.membership_id} @ {self.meeting_id}"


class StatuteKind(models.TextChoices):
    MAIN_STATUTE = "hauptsatzung", _("Hauptsatzung")
    RESPONSIBILITIES = "zustaendigkeitsordnung", _("Zuständigkeitsordnung")
    RULES_OF_PROCEDURE = "geschaeftsordnung", _("Geschäftsordnung")
    COMMITTEE_STATUTE = "satzung_aci", _("Statute of the committee")


class Statute(TimeStampedModel):
    """Local law as versioned documents; a revision proposal is a version with `proposal=True`."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="statutes")
    kind = models.CharField(_("kind"), max_length=30, choices=StatuteKind.choices)
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.ForeignKey(File, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposal = models.BooleanField(_("revision proposal"), default=False)
    published = models.BooleanField(
        _("public"), default=False, help_text=_("Shows this version on the public pages (never a revision proposal).")
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions", verbose_name=_("based on")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statute")
        verbose_name_plural = _("statutes")
        ordering = ["body", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "version"], name="statute_unique_version"),
            models.CheckConstraint(
                condition=Q(proposal=False) | Q(published=False), name="statute_proposal_never_public"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def clean(self) -> None:
        if self.proposal and self.published:
            raise ValidationError({"published": _("A revision proposal is not published.")})


class CommitteeRight(models.TextChoices):
    BERATUNGSFOLGE = "beratungsfolge", _("Anchored in the Beratungsfolge of the council")
    MOTIONS = "antragsrecht", _("Right to table motions, suggestions and statements")
    QUESTIONS = "anfragen", _("Right to ask questions")
    HEARING = "anhoerung", _("Right to be heard in time")
    BUDGET = "budget", _("Own budget (funds distributed under guidelines)")
    DELEGATED_DECISIONS = "entscheidung", _("Decisions delegated by the council")
    SPEAKING = "rederecht", _("Right to speak in other committees")
    PUBLIC_RELATIONS = "oeffentlichkeit", _("Own public relations")


class RightsCheck(TimeStampedModel):
    """The checklist of the committee's rights: anchored where, or to be asked for."""

    class State(models.TextChoices):
        ANCHORED = "verankert", _("anchored")
        PARTLY = "teilweise", _("partly anchored")
        TO_ASK_FOR = "anstreben", _("to ask the council for")
        NOT_RELEVANT = "entfaellt", _("not relevant")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="committee_rights")
    right = models.CharField(_("right"), max_length=30, choices=CommitteeRight.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.TO_ASK_FOR)
    where = models.CharField(_("where it is anchored"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("right of the committee")
        verbose_name_plural = _("rights of the committee")
        constraints = [models.UniqueConstraint(fields=["body", "right"], name="rightscheck_unique")]


class MeetingDispatch(models.Model):
    """The dispatch log of invitations: when, by whom, to how many, and whether the notice period was kept."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="dispatches")
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    notice_kept = models.BooleanField(_("notice period kept"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "-sent_at"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.sent_at:%d.%m.%Y %H:%M}"


class DispatchRecipient(models.Model):
    """One invited person of a dispatch: to which address the invitation went, or that it must go another way."""

    dispatch = models.ForeignKey(MeetingDispatch, on_delete=models.CASCADE, related_name="recipient_records")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    address = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        ordering = ["dispatch", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "person"], name="dispatchrecipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id} {self.person_id}"


class AgendaTemplate(TimeStampedModel):
    """A model agenda (Muster-Tagesordnung). Without a body it is offered to every body (e.g. the constituent
    meeting of domain rules 1.5)."""

    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_templates")
    name = models.CharField(_("name"), max_length=200)
    items = models.JSONField(
        _("items"), default=list, help_text=_('A list of {"name": …, "public": true/false, "reason": …}.')
    )

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
