"""Writes of the API app: personal access tokens. Validate, then act."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.tenancy.models import Body
from querschnitt.tenancy.selectors import roles_in_body

from .models import PREFIX_LENGTH, SECRET_PREFIX, ApiToken, hash_secret

MAX_ACTIVE_TOKENS = 20
# `last_used` is written at most this often per token, so that a busy integration does not write on every request.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def api_token_create(
    *, actor: Any, name: str, expires: datetime | None = None, body: Body | None = None, user: Any = None
) -> tuple[ApiToken, str]:
    """Make a token for `user` (default: the actor) and return it with its secret. With `body`, the token works only
    for that body, in which the user must have a role.

    The secret is returned only here; the database keeps its SHA-256 hash. Only the user may make their own tokens.
    """
    user = user if user is not None else actor
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise ApplicationError(_("You can only create tokens for yourself."))
    if not user.is_active:
        raise ApplicationError(_("A deactivated account cannot have tokens."))
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Please give the token a name."), field="name")
    if len(name) > 100:
        raise ApplicationError(_("The name may be at most 100 characters long."), field="name")
    if expires is not None and expires <= timezone.now():
        raise ApplicationError(_("The expiry date must lie in the future."), field="expires")
    if body is not None and not roles_in_body(user, body):
        raise ApplicationError(_("You have no role in this body."), field="body")
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(
            _("You already have %(count)s active tokens. Please revoke one you no longer need.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    secret = new_secret()
    token = ApiToken(
        user=user, body=body, name=name, prefix=secret[:PREFIX_LENGTH], key_hash=hash_secret(secret), expires=expires
    )
    token.full_clean(exclude=["key_hash", "prefix"])
    with transaction.atomic():
        token.save()
    return token, secret


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token for good. Only its owner may; revoking twice changes nothing."""
    if actor is None or getattr(actor, "pk", None) != token.user_id:
        raise ApplicationError(_("You can only revoke your own tokens."))
    if token.revoked is not None:
        return token
    token.revoked = timezone.now()
    with transaction.atomic():
        token.save(update_fields=["revoked"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Note when the token was last used (at most once a minute, without touching anything else)."""
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
