"""Access helpers: the only way views fetch tenant objects. Another body's object answers 404, never 403,
so that a URL does not even reveal that the object exists."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Body, RoleAssignment


def access_body(slug: str) -> Body:
    """Bodies are public master data: anyone may see that a body exists."""
    return get_object_or_404(Body.objects.select_related("parent"), slug=slug)


def require_perm(actor: Any, perm: str, body: Body) -> None:
    """Anonymous users are sent to login by the view decorator; a logged-in user without the right gets 403."""
    if not actor.has_perm(perm, body):
        raise PermissionDenied


def access_role_assignment(actor: Any, body: Body, pk: int) -> RoleAssignment:
    if not actor.has_perm("tenancy.view_roles", body):
        raise Http404
    return get_object_or_404(RoleAssignment.objects.select_related("user"), body=body, pk=pk)
