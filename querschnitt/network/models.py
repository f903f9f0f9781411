"""The network of a body: its actors of integration work (with contact persons and the history of cooperation) and
its steering group (seats per actor category, proposed and decided, the people named for them, and its tasks).

Names follow GLOSSARY.md: Akteur → `Actor`, Steuerungsgruppe Integration → `SteeringGroup` with seats.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.committees.models import Organization
from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

# The default kinds of actors (issue 6, point 1). The data migration 0002 writes the same list (a migration keeps
# its own copy: it must not change when this one does); the demo calls `services.actor_kinds_ensure_defaults`.
DEFAULT_ACTOR_KINDS = [
    "Migrantenselbstorganisation",
    "Wohlfahrtsverband",
    "Religionsgemeinschaft",
    "Sportverein/Kreissportbund",
    "Unternehmen/IHK/Handwerkskammer",
    "Agentur für Arbeit/Jobcenter",
    "Schule/Bildungsträger/VHS",
    "Verwaltung/Amt",
    "Politik/Fraktion",
    "Integrationsagentur",
    "Stiftung",
    "Initiative",
    "Sonstige",
]


class ActorKind(TimeStampedModel):
    """A kind of actor. Without a body it belongs to the default list every body sees; a body adds its own kinds,
    renames them and hides those it no longer needs (a hidden kind stays on the actors that have it)."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actor_kinds",
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    hidden = models.BooleanField(
        _("hide"), default=False, help_text=_("A hidden kind is no longer offered; actors that have it keep it.")
    )

    class Meta:
        verbose_name = _("kind of actor")
        verbose_name_plural = _("kinds of actors")
        ordering = ["order", "name", "pk"]
        constraints = [
            # A NULL body is never equal to another in SQL, so the default list needs a constraint of its own.
            models.UniqueConstraint(
                Lower("name"),
                "body",
                name="actorkind_unique_name_per_body",
                violation_error_message=_("A kind of this name exists already."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(body__isnull=True),
                name="actorkind_unique_default_name",
                violation_error_message=_("A kind of this name exists already."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.body_id is None


class Actor(TimeStampedModel):
    """An actor of integration work in a body: an association, a company, an office, a parliamentary group …

    The fields of action an actor works in and the measures it leads or takes part in are declared in `strategy`
    (a higher app, which network never imports): `FieldOfAction`/`Measure` link to Actor with the related names
    `fields_of_action`, `measures_led` and `measures_involved`.
    """

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.ForeignKey(ActorKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="actors")
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive actors are kept for the record."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "body",
                name="actor_unique_name_per_body",
                violation_error_message=_("An actor of this name exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind_id and self.body_id:
            kind_body_id = ActorKind.objects.filter(pk=self.kind_id).values_list("body_id", flat=True).first()
            if kind_body_id not in (None, self.body_id):
                raise ValidationError({"kind": _("This kind belongs to another body.")})

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


class ContactPerson(TimeStampedModel):
    """A contact person of an actor, stored only with their recorded consent.

    No change history on purpose: deleting a contact person must remove their data (Art. 17 GDPR); a history table
    would keep a copy.
    """

    actor = models.ForeignKey(Actor, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_given_on = models.DateField(
        _("consent given on"), help_text=_("The day the person agreed that their contact data may be stored.")
    )
    consent_text_version = models.CharField(
        _("version of the consent text"),
        max_length=20,
        blank=True,
        help_text=_("Which wording the person agreed to."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["actor", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.consent_given_on and self.consent_given_on > timezone.localdate():
            raise ValidationError({"consent_given_on": _("The consent cannot have been given in the future.")})


class CooperationEntry(TimeStampedModel):
    """One entry in the history of cooperation with an actor: a meeting, a joint project, an agreement."""

    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="cooperation_entries"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cooperation entry")
        verbose_name_plural = _("cooperation entries")
        ordering = ["actor", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.text[:40]}"


class SteeringGroup(TimeStampedModel):
    """A steering group (Steuerungsgruppe Integration) with a composition of seats per actor category.

    Its meetings are committee meetings: with `organization` set, the group is a committee in `committees` and its
    meetings, invitations and minutes are those of that committee.
    """

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="steering_groups")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(
        _("decided by"), max_length=300, blank=True, help_text=_("The decision, e.g. “Kreistag, 08.12.2010”.")
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("committee for its meetings"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steering_groups",
        help_text=_("The committee whose meetings are the meetings of the steering group."),
    )
    proposal_note = models.TextField(
        _("about the proposal"),
        blank=True,
        max_length=5000,
        help_text=_("Where the proposed composition comes from, e.g. a working group of the workshop."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")
        ordering = ["body", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organization_id and self.body_id:
            organization_body_id = (
                Organization.objects.filter(pk=self.organization_id).values_list("body_id", flat=True).first()
            )
            if organization_body_id != self.body_id:
                raise ValidationError({"organization": _("The committee belongs to another body.")})


class SteeringGroupSeat(TimeStampedModel):
    """A line of the composition: seats for an actor category, with the proposed and the decided number.

    A line only of the proposal has no decided number; a line only of the decision has no proposed number.
    """

    group = models.ForeignKey(
        SteeringGroup, verbose_name=_("steering group"), on_delete=models.CASCADE, related_name="seats"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(
        _("seat"), max_length=300, help_text=_("For example “Bürgermeister der kreisangehörigen Kommunen”.")
    )
    actor_kind = models.ForeignKey(
        ActorKind,
        verbose_name=_("kind of actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steering_group_seats",
    )
    proposed_count = models.PositiveSmallIntegerField(
        _("proposed number"), null=True, blank=True, help_text=_("Empty if the proposal names no number.")
    )
    decided_count = models.PositiveSmallIntegerField(
        _("decided number"), null=True, blank=True, help_text=_("Empty if the decision does not contain this line.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("For example “5 → Fraktionen”."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat in the steering group")
        verbose_name_plural = _("seats in the steering group")
        ordering = ["group", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.actor_kind_id and self.group_id:
            kind_body_id = ActorKind.objects.filter(pk=self.actor_kind_id).values_list("body_id", flat=True).first()
            group_body_id = SteeringGroup.objects.filter(pk=self.group_id).values_list("body_id", flat=True).first()
            if kind_body_id not in (None, group_body_id):
                raise ValidationError({"actor_kind": _("This kind belongs to another body.")})

    @property
    def in_proposal(self) -> bool:
        """A line of the proposal: it has a proposed number, or it is no line of the decision."""
        return self.proposed_count is not None or self.decided_count is None

    @property
    def in_decision(self) -> bool:
        return self.decided_count is not None


class HolderRole(models.TextChoices):
    HOLDER = "holder", _("Member")
    DEPUTY = "deputy", _("Deputy")


class SeatHolder(TimeStampedModel):
    """A person named for a seat, as member or as deputy („bzw. deren Vertreter“), for a period."""

    seat = models.ForeignKey(
        SteeringGroupSeat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="holders"
    )
    name = models.CharField(_("name"), max_length=200)
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steering_seats_held",
    )
    role = models.CharField(_("role"), max_length=10, choices=HolderRole.choices, default=HolderRole.HOLDER)
    deputy_for = models.ForeignKey(
        "self",
        verbose_name=_("deputy for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputies",
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person on a seat")
        verbose_name_plural = _("persons on seats")
        ordering = ["seat", "role", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deputy_for__isnull=True) | Q(role=HolderRole.DEPUTY), name="seatholder_deputy_for_deputy"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="seatholder_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end lies before the start.")
        if self.deputy_for_id:
            if self.role != HolderRole.DEPUTY:
                errors["deputy_for"] = _("Only a deputy stands in for someone.")
            elif self.pk and self.deputy_for_id == self.pk:
                errors["deputy_for"] = _("A person cannot stand in for themself.")
            else:
                stood_in = SeatHolder.objects.filter(pk=self.deputy_for_id).values("seat_id", "role").first()
                if stood_in is None or stood_in["seat_id"] != self.seat_id or stood_in["role"] != HolderRole.HOLDER:
                    errors["deputy_for"] = _("A deputy stands in for a member of the same seat.")
        if self.actor_id and self.seat_id:
            actor_body_id = Actor.objects.filter(pk=self.actor_id).values_list("body_id", flat=True).first()
            group_body_id = (
                SteeringGroupSeat.objects.filter(pk=self.seat_id).values_list("group__body_id", flat=True).first()
            )
            if actor_body_id != group_body_id:
                errors["actor"] = _("The actor belongs to another body.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once")
    PER_MEETING = "per_meeting", _("At every meeting")
    QUARTERLY = "quarterly", _("Every quarter")
    YEARLY = "yearly", _("Every year")


class SteeringGroupTask(TimeStampedModel):
    """A task of the steering group on its checklist. Ticking off a recurring task records the day and keeps it on
    the list; the change history keeps every day it was done."""

    group = models.ForeignKey(
        SteeringGroup, verbose_name=_("steering group"), on_delete=models.CASCADE, related_name="tasks"
    )
    text = models.CharField(_("task"), max_length=500)
    recurrence = models.CharField(
        _("recurs"), max_length=20, choices=Recurrence.choices, default=Recurrence.PER_MEETING
    )
    last_done_on = models.DateField(_("last done on"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task of the steering group")
        verbose_name_plural = _("tasks of the steering group")
        ordering = ["group", "order", "pk"]

    def __str__(self) -> str:
        return self.text


# The integration centre's services, counselling requests and network events live in their own module.
from .models_centre import CentreService as CentreService  # noqa: E402
from .models_centre import CounsellingRequest as CounsellingRequest  # noqa: E402
from .models_centre import CounsellingTimeEntry as CounsellingTimeEntry  # noqa: E402
from .models_centre import NetworkEvent as NetworkEvent  # noqa: E402

# Funding of migrant organisations (guidelines, calls, applications, reviews, payments, proofs of use).
from .models_funding import FundingApplication as FundingApplication  # noqa: E402
from .models_funding import FundingAttachment as FundingAttachment  # noqa: E402
from .models_funding import FundingCall as FundingCall  # noqa: E402
from .models_funding import FundingCriterion as FundingCriterion  # noqa: E402
from .models_funding import FundingGuideline as FundingGuideline  # noqa: E402
from .models_funding import FundingReminder as FundingReminder  # noqa: E402
from .models_funding import FundingReview as FundingReview  # noqa: E402
from .models_funding import FundingScore as FundingScore  # noqa: E402
from .models_funding import PaymentTranche as PaymentTranche  # noqa: E402
from .models_funding import ProofOfUse as ProofOfUse  # noqa: E402

# The offers directory (courses, counselling, information of the actors; reviewed, then public).
from .models_offers import Offer as Offer  # noqa: E402
from .models_offers import OfferEditorInvitation as OfferEditorInvitation  # noqa: E402
from .models_offers import OfferLanguage as OfferLanguage  # noqa: E402
from .models_offers import OfferTargetGroup as OfferTargetGroup  # noqa: E402
