"""Personal access tokens for the JSON API.

A token acts for its user with the user's roles — in every body, or, if it is limited to one body, only there (an
import job for one municipality needs no access to the others, least of all for state staff, who reach every body).
Only the SHA-256 hash of the secret is stored: the secret is
shown once, when the token is made, and cannot be recovered. The prefix (the first characters of the secret) lets
people tell their tokens apart on the token page and in logs.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.tenancy.models import Body

# Marks a string as a Querschnitt token, so that secret scanners can find leaked ones. Not a secret itself.
SECRET_PREFIX = "qs_"  # noqa: S105
PREFIX_LENGTH = len(SECRET_PREFIX) + 8


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(Q(expires__isnull=True) | Q(expires__gt=now), revoked__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “Statistics import”."))
    body = models.ForeignKey(
        Body,
        verbose_name=_("only for body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("Empty: every body in which the user has a role."),
    )
    prefix = models.CharField(_("beginning of the token"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked on"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.revoked is not None:
            return str(_("revoked"))
        if self.is_expired:
            return str(_("expired"))
        return str(_("active"))
