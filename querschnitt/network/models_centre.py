"""The services of the Kommunales Integrationszentrum (issue 6, point 5): its catalogue of services along the four
task areas of seed 002, the counselling requests it answers (with the time spent on them) and the network events it
organises or takes part in.

Counselling requests may hold personal data of the person who asks (name, contact). It is stored only with a
recorded consent, shown only to the centre and the committee office, never exported, and removed from closed
requests after `QUERSCHNITT_COUNSELLING_RETENTION_DAYS` (`services_centre.counselling_personal_data_purge`); the
anonymous record (date, channel, kind of requester, service, status, time) stays for the statistics.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

from .models import Actor

# A day has 1,440 minutes: one entry never records more.
MAX_MINUTES_PER_ENTRY = 24 * 60


class TaskArea(models.IntegerChoices):
    """The four task areas („Aufgabenschwerpunkte“) of the integration centre, in the seed's order and wording."""

    CONCEPTUAL = 1, _("Conceptual groundwork")
    COORDINATION = 2, _("Coordination services, networking")
    SUPPORT = 3, _("Support services")
    COUNSELLING = 4, _("Counselling services")


class CentreService(TimeStampedModel):
    """A service of the integration centre in one of the four task areas. The catalogue starts with the tasks of
    seed 002 (`services_centre.centre_services_ensure_defaults`) and is the body's to change. Services are not
    deleted (requests refer to them); one no longer offered is set inactive."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="centre_services")
    area = models.PositiveSmallIntegerField(_("task area"), choices=TaskArea.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    target_group = models.CharField(
        _("for whom"), max_length=300, blank=True, help_text=_("For example “Migrant organisations”.")
    )
    active = models.BooleanField(
        _("offered"), default=True, help_text=_("A service no longer offered stays on the requests that name it.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service of the integration centre")
        verbose_name_plural = _("services of the integration centre")
        ordering = ["body", "area", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                "body",
                name="centreservice_unique_title_per_body",
                violation_error_message=_("A service of this title exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    EVENT = "event", pgettext_lazy("channel of a request", "At an event")


class RequesterKind(models.TextChoices):
    PRIVATE = "private", _("Private person")
    ORGANISATION = "organisation", _("Migrant organisation / actor")
    PUBLIC = "public", _("Administration / school / day-care centre")
    COMPANY = "company", _("Company")
    OTHER = "other", pgettext_lazy("kind of requester", "Other")


class RequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("status of a request", "New")
    IN_PROGRESS = "in_progress", pgettext_lazy("status of a request", "In progress")
    REFERRED = "referred", pgettext_lazy("status of a request", "Referred")
    CLOSED = "closed", pgettext_lazy("status of a request", "Closed")


# A request is open while the centre works on it; referred and closed requests are finished (and count for the
# retention of personal data from the day they were finished).
OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.IN_PROGRESS)
FINISHED_STATUSES = (RequestStatus.REFERRED, RequestStatus.CLOSED)
# The fields that hold personal data of the person who asks; blanked by the retention rule and on request.
PERSONAL_FIELDS = ("requester_name", "requester_contact", "consent_given_on", "subject", "outcome")


class CounsellingRequest(TimeStampedModel):
    """A counselling request to the integration centre: who asks (kind, actor, and — only with consent — name and
    contact), about which service, its status and outcome, and the time spent (`time_entries`).

    The free texts (what it is about, the outcome) count as personal data too: they often name the person. All of
    `PERSONAL_FIELDS` are blanked, in the row and in its change history, when a finished request is older than the
    retention period or when the person asks for it."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="counselling_requests"
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    requester_kind = models.CharField(_("who asks"), max_length=20, choices=RequesterKind.choices)
    requester_actor = models.ForeignKey(
        Actor,
        verbose_name=_("requesting actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counselling_requests",
        help_text=_("If an actor of the network asks."),
    )
    requester_name = models.CharField(_("name of the person asking"), max_length=200, blank=True)
    requester_contact = models.CharField(
        _("contact of the person asking"), max_length=200, blank=True, help_text=_("E-mail address or phone.")
    )
    consent_given_on = models.DateField(
        _("consent given on"),
        null=True,
        blank=True,
        help_text=_("The day the person agreed that their name and contact may be stored."),
    )
    service = models.ForeignKey(
        CentreService, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="requests"
    )
    subject = models.TextField(
        _("what it is about"),
        blank=True,
        max_length=5000,
        help_text=_("Deleted with the personal data when the retention period is over."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW, db_index=True
    )
    finished_on = models.DateField(
        _("finished on"), null=True, blank=True, help_text=_("The day the request was referred or closed.")
    )
    outcome = models.TextField(_("outcome"), blank=True, max_length=5000)
    referred_to = models.ForeignKey(
        Actor,
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counselling_referrals",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_removed_on = models.DateField(_("personal data removed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counselling request")
        verbose_name_plural = _("counselling requests")
        ordering = ["body", "-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(requester_name="") & Q(requester_contact="")) | Q(consent_given_on__isnull=False),
                name="counsellingrequest_personal_data_needs_consent",
                violation_error_message=_("Name and contact may only be stored with the person's consent."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[RequestStatus.REFERRED, RequestStatus.CLOSED]) | Q(finished_on__isnull=True),
                name="counsellingrequest_finished_on_only_when_finished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%d.%m.%Y} – {self.service}" if self.service_id else f"{self.received_on}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_personal_data(self) -> bool:
        return any(getattr(self, name) for name in PERSONAL_FIELDS)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("A request cannot be received in the future.")
        if (self.requester_name or self.requester_contact) and not self.consent_given_on:
            errors["consent_given_on"] = _("Name and contact may only be stored with the person's consent.")
        if self.consent_given_on and self.consent_given_on > today:
            errors["consent_given_on"] = _("The consent cannot have been given in the future.")
        if self.finished_on:
            if self.finished_on > today:
                errors["finished_on"] = _("A request cannot be finished in the future.")
            elif self.received_on and self.finished_on < self.received_on:
                errors["finished_on"] = _("A request cannot be finished before it was received.")
        if self.body_id:
            for name in ("requester_actor", "referred_to"):
                actor_id = getattr(self, f"{name}_id")
                if actor_id and Actor.objects.filter(pk=actor_id).values_list("body_id", flat=True).first() != (
                    self.body_id
                ):
                    errors[name] = _("The actor belongs to another body.")
            if self.service_id and (
                CentreService.objects.filter(pk=self.service_id).values_list("body_id", flat=True).first()
                != self.body_id
            ):
                errors["service"] = _("The service belongs to another body.")
        if errors:
            raise ValidationError(errors)


class CounsellingTimeEntry(TimeStampedModel):
    """Time spent on a request: a day, minutes and who spent them. The request's time is the sum of its entries."""

    request = models.ForeignKey(
        CounsellingRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="time_entries"
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        pgettext_lazy("duration", "minutes"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES_PER_ENTRY)],
    )
    spent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("spent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["request", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_MINUTES_PER_ENTRY),
                name="counsellingtimeentry_minutes_in_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.minutes} min"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("Time cannot be recorded for a day in the future.")
        elif self.date and self.request_id:
            received_on = (
                CounsellingRequest.objects.filter(pk=self.request_id).values_list("received_on", flat=True).first()
            )
            if received_on and self.date < received_on:
                errors["date"] = _("Time cannot be recorded for a day before the request was received.")
        if errors:
            raise ValidationError(errors)


class NetworkEventKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    SPECIALIST_DAY = "specialist_day", _("Specialist day")
    WORKING_GROUP = "working_group", _("Working group")
    INFORMATION = "information", _("Information event")
    TRAINING = "training", _("Training")


class NetworkEvent(TimeStampedModel):
    """A network event of the integration centre: a network meeting, a specialist day, a working group session …
    with the actors that took part. The Integrationskonferenz and -gipfel are events of `participation`."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="network_events")
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkEventKind.choices)
    organiser = models.CharField(
        _("organiser"), max_length=300, blank=True, help_text=_("For example “Kommunales Integrationszentrum”.")
    )
    actors = models.ManyToManyField(
        Actor, verbose_name=_("participating actors"), blank=True, related_name="network_events"
    )
    participant_count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    topics = models.TextField(_("topics"), blank=True, max_length=2000)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("network event")
        verbose_name_plural = _("network events")
        ordering = ["body", "-date", "pk"]

    def __str__(self) -> str:
        return self.title
