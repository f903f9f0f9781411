"""Access helpers of the API: the body from the URL, the objects in it, and the objects an input refers to by id.

Another body's object is a 404, exactly as on the pages (`strategy.access`). A caller who may read a body's concept
but not change it gets 403 on writes, with a German message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy.access import BODY_PATH, access_strategy_object
from querschnitt.tenancy.access import access_body
from querschnitt.tenancy.models import Body

from .errors import Forbidden
from .models import ApiToken
from .schemas import MAX_ID

M = TypeVar("M", bound=models.Model)

VIEW = "strategy.view_concept"
EDIT = "strategy.edit_concept"
IMPORT = "strategy.import_observations"


def token_reaches(request: HttpRequest, body: Body) -> bool:
    """False if the request came with a token that is limited to another body."""
    token = getattr(request, "api_token", None)
    return token is None or token.body_id is None or token.body_id == body.pk


def readable_body(request: HttpRequest, slug: str) -> Body:
    """The body of the URL if the caller may read its concept; 404 otherwise (also for a body that exists, and for a
    body outside the token's limit)."""
    if "\x00" in slug:  # PostgreSQL refuses a NUL character in a query parameter; no slug contains one
        raise Http404
    body = access_body(slug)
    if not token_reaches(request, body) or not request.user.has_perm(VIEW, body):
        raise Http404
    return body


def require_edit(request: HttpRequest, body: Body, perm: str = EDIT) -> None:
    if not request.user.has_perm(perm, body):
        if perm == IMPORT:
            raise Forbidden(_("You may read the data of this body, but not import values."))
        raise Forbidden(_("You may read the integration concept of this body, but not change it."))


def editable_body(request: HttpRequest, slug: str, perm: str = EDIT) -> Body:
    body = readable_body(request, slug)
    require_edit(request, body, perm)
    return body


def fetch(request: HttpRequest, body: Body, model: type[M], pk: int) -> M:
    if not 1 <= pk <= MAX_ID:  # no object has such an id, and the database would refuse the number
        raise Http404
    return access_strategy_object(request.user, body, model, pk)


def _in_body(model: type[M], body: Body) -> models.QuerySet[M]:
    return model._default_manager.filter(**{BODY_PATH[model]: body})


def referenced(body: Body, model: type[M], pk: int, *, field: str) -> M:
    """An object an input names by id; it must belong to the same body (else a 400 at that field)."""
    obj = _in_body(model, body).filter(pk=pk).first()
    if obj is None:
        raise ApplicationError(
            _("The id %(id)s does not belong to any “%(object)s” in this body.")
            % {"object": model._meta.verbose_name, "id": pk},
            field=field,
        )
    return obj


def referenced_many(body: Body, model: type[M], pks: Iterable[int], *, field: str) -> list[M]:
    wanted = list(dict.fromkeys(pks))
    found = {obj.pk: obj for obj in _in_body(model, body).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if len(missing) == 1:
        referenced(body, model, missing[0], field=field)  # raises, with the message for one id
    if missing:
        raise ApplicationError(
            _("The ids %(ids)s do not belong to any “%(object)s” in this body.")
            % {"object": model._meta.verbose_name, "ids": ", ".join(map(str, missing))},
            field=field,
        )
    return [found[pk] for pk in wanted]


def resolve_references(
    body: Body,
    data: dict[str, Any],
    one: dict[str, tuple[str, type[models.Model]]] | None = None,
    many: dict[str, tuple[str, type[models.Model]]] | None = None,
) -> dict[str, Any]:
    """Replace ids in the input by objects: {"field_id": 3} → {"field": <FieldOfAction 3>}. Only ids that were
    sent are touched; an explicit null clears a link."""
    for api_name, (name, model) in (one or {}).items():
        if api_name in data:
            pk = data.pop(api_name)
            data[name] = None if pk is None else referenced(body, model, pk, field=api_name)
    for api_name, (name, model) in (many or {}).items():
        if api_name in data:
            data[name] = referenced_many(body, model, data.pop(api_name) or [], field=api_name)
    return data


def access_api_token(actor: Any, pk: int) -> ApiToken:
    """One of the actor's own tokens; anyone else's is a 404."""
    return get_object_or_404(ApiToken, pk=pk, user_id=actor.pk)
