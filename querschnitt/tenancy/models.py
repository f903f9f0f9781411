from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.core.models import TimeStampedModel


class BodyKind(models.TextChoices):
    LAND = "land", _("Federal state")
    STATE_COUNCIL = "state_council", _("State integration council")
    KREIS = "kreis", _("District (Kreis)")
    KREISFREIE_STADT = "kreisfreie_stadt", _("District-free city")
    STAEDTEREGION = "staedteregion", _("City region")
    GEMEINDE = "gemeinde", _("Municipality")


class Body(TimeStampedModel):
    """A public body and the tenant of all its data: Land, Kreis, kreisfreie Stadt, Städteregion or Gemeinde.

    The Landesintegrationsrat NRW is a body of its own (kind `state_council`) so that state-level work has a home.
    """

    name = models.CharField(_("name"), max_length=200)
    designation = models.CharField(
        _("designation"), max_length=100, blank=True, help_text=_("For example “Stadt” or “Hansestadt”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    ags = models.CharField(_("official municipality key (AGS)"), max_length=8, unique=True, null=True, blank=True)
    nuts3 = models.CharField(_("NUTS-3 code"), max_length=5, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name", "ags"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ags__regex=r"^(\d{2}|\d{5}|\d{8})$") | Q(ags__isnull=True), name="body_ags_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def official_name(self) -> str:
        return f"{self.name}, {self.designation}" if self.designation else self.name


class Role(models.TextChoices):
    OFFICE = "office", _("Committee office")
    INTEGRATION_CENTRE = "integration_centre", _("Municipal integration centre")
    MEMBER = "member", _("Committee member")
    MODERATOR = "moderator", _("Workshop moderator")
    READER = "reader", _("Reader")
    STATE_STAFF = "state_staff", _("State integration council staff")


class RoleAssignment(TimeStampedModel):
    """A user's role in one body. `state_staff` is held in the state council's body and reaches every body."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["body", "role", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="roleassignment_unique_user_body_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.body}"
