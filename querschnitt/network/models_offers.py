"""The offers directory (issue 6, point 6): the integration offers of a body's actors — courses, counselling,
information for employers … — kept current by the actors themselves and public once the body has reviewed them.

Seed 004 asks for it as „Informationsplattform“, „Übersicht über die Beratungsmöglichkeiten“ and „Erfassung der
Maßnahmen … Öffentlichkeitsarbeit/Bekanntmachung der Maßnahmen“.

How review works (the simplest honest design, see docs/offers.md): the fields of an `Offer` always hold its reviewed
content. An invited editor's new offer waits as `in_review` and is not public. An invited editor's change to a
published offer is kept beside it in `pending_change` (the whole proposed content) while the published content stays
public; the offer is in the review queue as long as `review_requested_at` is set. Publishing writes the proposed
content into the fields; sending back keeps the proposal for the editor to rework, with the centre's note.

Languages and target groups are rows of their own (`OfferLanguage`, `OfferTargetGroup`) so that the public filters
run on indexes on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body, BodyKind

# How long the secret link of an actor's editor works.
OFFER_EDITOR_INVITATION_DAYS = 90

# Bodies whose directory also lists the offers of their municipalities' actors.
BODIES_WITH_MUNICIPALITIES = (BodyKind.KREIS, BodyKind.STAEDTEREGION)


class OfferKind(models.TextChoices):
    INTEGRATION_COURSE = "integration_course", _("Integration course")
    LANGUAGE_COURSE = "language_course", _("Language course")
    LOW_THRESHOLD_COURSE = "low_threshold_course", _("Low-threshold course")
    FIRST_LANGUAGE = "first_language", _("First-language support / heritage language teaching")
    COUNSELLING = "counselling", _("Counselling")
    EMPLOYER_INFORMATION = "employer_information", _("Information for employers")
    LEISURE = "leisure", _("Leisure and encounter")
    OTHER = "other", _("Other offer")


class TargetGroup(models.TextChoices):
    NEWCOMERS = "newcomers", _("Newly arrived immigrants")
    WOMEN = "women", _("Women")
    PARENTS = "parents", _("Parents")
    CHILDREN = "children", _("Children and young people")
    REFUGEES = "refugees", _("Refugees")
    JOB_SEEKERS = "job_seekers", _("Job seekers")
    EMPLOYERS = "employers", _("Employers")
    SENIORS = "seniors", _("Older people")
    EVERYONE = "everyone", _("Everyone")


# The languages an offer can be held in: ISO 639-1 codes, shown with their German names. The languages of the larger
# immigrant communities in Germany and of the countries refugees come from; more can be added here (a code is at
# most three letters, so that ISO 639-3 codes fit should they ever be needed).
OFFER_LANGUAGES: dict[str, Any] = {
    "de": _("German"),
    "en": _("English"),
    "ar": _("Arabic"),
    "tr": _("Turkish"),
    "ru": _("Russian"),
    "uk": _("Ukrainian"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "fa": _("Persian (Farsi, Dari)"),
    "ps": _("Pashto"),
    "ku": _("Kurdish"),
    "sq": _("Albanian"),
    "bs": _("Bosnian"),
    "hr": _("Croatian"),
    "sr": _("Serbian"),
    "mk": _("Macedonian"),
    "el": _("Greek"),
    "it": _("Italian"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "fr": _("French"),
    "nl": _("Dutch"),
    "hu": _("Hungarian"),
    "cs": _("Czech"),
    "sk": _("Slovak"),
    "lt": _("Lithuanian"),
    "lv": _("Latvian"),
    "ka": _("Georgian"),
    "hy": _("Armenian"),
    "az": _("Azerbaijani"),
    "he": _("Hebrew"),
    "ur": _("Urdu"),
    "hi": _("Hindi"),
    "bn": _("Bengali"),
    "ta": _("Tamil"),
    "zh": _("Chinese"),
    "vi": _("Vietnamese"),
    "th": _("Thai"),
    "tl": _("Tagalog"),
    "ti": _("Tigrinya"),
    "am": _("Amharic"),
    "so": _("Somali"),
    "sw": _("Swahili"),
    "ha": _("Hausa"),
    "yo": _("Yoruba"),
    "ig": _("Igbo"),
    "ln": _("Lingala"),
}


def language_name(code: str) -> str:
    return str(OFFER_LANGUAGES.get(code, code))


def language_choices() -> list[tuple[str, str]]:
    """All languages by their names in the current language (German first: most offers are held in German)."""
    names = sorted(((code, str(name)) for code, name in OFFER_LANGUAGES.items()), key=lambda pair: _sort_key(pair[1]))
    return sorted(names, key=lambda pair: pair[0] != "de")


def _sort_key(text: str) -> str:
    """Sort German names as a reader expects: Ä with A, Ü with U."""
    return text.casefold().translate(str.maketrans("äöü", "aou"))  # casefold() writes ß as ss


def new_offer_editor_token() -> str:
    return secrets.token_urlsafe(32)


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class OfferEditorInvitationQuerySet(models.QuerySet):
    def usable(self) -> OfferEditorInvitationQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class OfferEditorInvitation(TimeStampedModel):
    """The secret link with which an actor's editor keeps the actor's offers, without an account. Every change
    made through it waits for the review of the body (office or integration centre)."""

    actor = models.ForeignKey(
        "network.Actor", verbose_name=_("actor"), on_delete=models.CASCADE, related_name="offer_editor_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_offer_editor_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last change through the link"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token"])
    objects = OfferEditorInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation of an offer editor")
        verbose_name_plural = _("invitations of offer editors")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Offer(TimeStampedModel):
    """An integration offer of an actor: a course, counselling, information … with target groups, languages, place,
    times, cost and a public contact. Its fields hold the reviewed content (see the module's docstring)."""

    actor = models.ForeignKey(
        "network.Actor", verbose_name=_("provider"), on_delete=models.CASCADE, related_name="offers"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of offer"), max_length=30, choices=OfferKind.choices)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    municipality = models.ForeignKey(
        Body,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="located_offers",
        help_text=_("Where the offer takes place."),
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("For example “Hauptstraße 1, 41460 Neuss, Raum 2”.")
    )
    accessible = models.BooleanField(_("accessible (barrier-free)"), default=False)
    childcare = models.BooleanField(_("childcare during the offer"), default=False)
    times = models.TextField(
        _("times"), max_length=1000, blank=True, help_text=_("For example “Tuesdays and Thursdays, 9–11:30”.")
    )
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    cost = models.CharField(
        _("cost"),
        max_length=300,
        blank=True,
        help_text=_("For example “2.20 € per lesson; free with a certificate of eligibility”."),
    )
    contact_name = models.CharField(
        _("contact point"),
        max_length=200,
        blank=True,
        help_text=_(
            "A service point such as “Beratungsstelle am Markt”. Name a person only if they have published their "
            "contact data for this offer themselves."
        ),
    )
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    valid_from = models.DateField(_("offered from"), null=True, blank=True)
    valid_until = models.DateField(_("offered until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    # Review: an editor's new offer (status in_review) or change of a published offer (pending_change) waits while
    # review_requested_at is set.
    review_requested_at = models.DateTimeField(_("review requested on"), null=True, blank=True)
    pending_change = models.JSONField(_("proposed change"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        OfferEditorInvitation,
        verbose_name=_("last proposed through"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers_submitted",
    )
    review_note = models.TextField(_("note of the review"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)

    # The proposed change is a copy of the content; its history would repeat every field as one blob.
    history = HistoricalRecords(excluded_fields=["pending_change"])

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title", "pk"]
        indexes = [
            # The public directory: published offers valid today.
            models.Index(fields=["status", "valid_until", "valid_from"], name="offer_public_idx"),
            models.Index(fields=["kind", "status"], name="offer_kind_idx"),
            models.Index(
                fields=["review_requested_at"], condition=Q(review_requested_at__isnull=False), name="offer_review_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="offer_period_ordered",
                violation_error_message=_("The offer cannot end before it starts."),
            ),
            # A new offer waits for review; only a published offer has a proposed change beside it.
            models.CheckConstraint(
                condition=~Q(status="in_review") | Q(review_requested_at__isnull=False),
                name="offer_in_review_requested",
            ),
            models.CheckConstraint(
                condition=Q(pending_change__isnull=True) | Q(status="published"),
                name="offer_pending_change_only_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The offer cannot end before it starts.")
        if self.municipality_id and self.actor_id:
            from .models import Actor  # models.py imports this module at its end

            body_id = Actor.objects.filter(pk=self.actor_id).values_list("body_id", flat=True).first()
            if body_id is not None and self.municipality_id not in places_of_body_ids(body_id):
                errors["municipality"] = _("Please choose a place of this body.")
        if errors:
            raise ValidationError(errors)

    @property
    def awaiting_review(self) -> bool:
        return self.review_requested_at is not None

    def is_current_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    @property
    def is_public(self) -> bool:
        """Shown in the public directory today (the selector `public_offers` says the same in one query)."""
        return self.status == OfferStatus.PUBLISHED and self.is_current_on(timezone.localdate())

    @property
    def language_codes(self) -> list[str]:
        """The codes, from prefetched rows if there are any."""
        return [row.code for row in self.languages.all()]

    @property
    def language_names(self) -> list[str]:
        """By name, German first."""
        names = sorted(self.language_codes, key=lambda code: (code != "de", _sort_key(language_name(code))))
        return [language_name(code) for code in names]

    @property
    def place(self) -> str:
        return place_label(self.municipality)

    @property
    def target_group_codes(self) -> list[str]:
        return [row.code for row in self.target_groups.all()]

    @property
    def target_group_names(self) -> list[str]:
        """In the order of the list of target groups („Alle“ last)."""
        codes = [code for code in TargetGroup.values if code in set(self.target_group_codes)]
        return [str(TargetGroup(code).label) for code in codes]


def place_label(municipality: Body) -> str:
    """A municipality by its name; a Kreis (an offer for its whole area) as „Rhein-Kreis Neuss (kreisweit)“."""
    if municipality.kind in BODIES_WITH_MUNICIPALITIES:
        return str(_("%(name)s (whole district)") % {"name": municipality.name})
    return municipality.name


def places_of_body_ids(body_id: int) -> set[int]:
    """The places an offer of the body's actors can be in: the body itself (for a Kreis: „kreisweit“) and, for a
    Kreis or Städteregion, its municipalities."""
    return {body_id, *Body.objects.filter(parent_id=body_id).values_list("pk", flat=True)}


class OfferLanguage(TimeStampedModel):
    """A language an offer is held in (ISO 639-1 code): a row of its own, so that filtering uses an index."""

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=3, choices=list(OFFER_LANGUAGES.items()))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language of an offer")
        verbose_name_plural = _("languages of offers")
        ordering = ["offer", "code"]
        constraints = [models.UniqueConstraint(fields=["offer", "code"], name="offerlanguage_unique")]
        indexes = [models.Index(fields=["code", "offer"], name="offerlanguage_code_idx")]

    def __str__(self) -> str:
        return language_name(self.code)


class OfferTargetGroup(TimeStampedModel):
    """A target group of an offer: a row of its own, so that filtering uses an index."""

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="target_groups")
    code = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target group of an offer")
        verbose_name_plural = _("target groups of offers")
        ordering = ["offer", "code"]
        constraints = [models.UniqueConstraint(fields=["offer", "code"], name="offertargetgroup_unique")]
        indexes = [models.Index(fields=["code", "offer"], name="offertargetgroup_code_idx")]

    def __str__(self) -> str:
        return str(self.get_code_display())


# The content of an offer that its editors write; languages and target groups come as lists of codes beside them.
OFFER_CONTENT_FIELDS = (
    "title",
    "kind",
    "description",
    "municipality",
    "address",
    "accessible",
    "childcare",
    "times",
    "free_of_charge",
    "cost",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "valid_from",
    "valid_until",
)


def _field(name: str) -> models.Field:
    return cast(models.Field, Offer._meta.get_field(name))


def offer_content(offer: Offer) -> dict[str, Any]:
    """The content of an offer as JSON data (the form of a proposed change): its fields — a date as ISO text, the
    place by its key — and its languages and target groups as lists of codes."""
    data: dict[str, Any] = {}
    for name in OFFER_CONTENT_FIELDS:
        value = getattr(offer, _field(name).attname)
        data[name] = value.isoformat() if isinstance(value, date) else value
    data["languages"] = offer.language_codes if offer.pk else []
    data["target_groups"] = offer.target_group_codes if offer.pk else []
    return data


def apply_content(offer: Offer, data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Write content data into the offer's fields (not saved); returns its languages and target groups."""
    for name in OFFER_CONTENT_FIELDS:
        if name in data:
            field = _field(name)
            setattr(offer, field.attname, field.to_python(data[name]))
    return list(data.get("languages") or []), list(data.get("target_groups") or [])
