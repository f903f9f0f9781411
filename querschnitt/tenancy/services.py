"""Writes of the tenancy app: validate, then act."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor

from .models import Body, BodyKind, Role, RoleAssignment
from .nrw import load_bodies
from .selectors import forget_cached_roles


def bodies_load_nrw() -> int:
    """Create or update Land NRW, the Landesintegrationsrat and the 427 Kreise, Städte and Gemeinden."""
    with transaction.atomic():
        return load_bodies(Body)


def role_assignment_create(*, actor: Any | None, user: Any, body: Body, role: str) -> RoleAssignment:
    """Give `user` a role in `body`. `actor` None means a system action (demo, command line)."""
    if actor is not None and not actor.has_perm("tenancy.manage_roles", body):
        raise ApplicationError(_("You may not assign roles in this body."))
    if role not in Role.values:
        raise ApplicationError(_("This role does not exist."), field="role")
    if role == Role.STATE_STAFF and body.kind != BodyKind.STATE_COUNCIL:
        raise ApplicationError(
            _("The role of state staff can only be held in the state integration council."), field="role"
        )
    if role != Role.STATE_STAFF and body.kind == BodyKind.STATE_COUNCIL and actor is not None:
        raise ApplicationError(_("The state integration council only has state staff."), field="role")
    with transaction.atomic():
        assignment = RoleAssignment.objects.filter(user=user, body=body, role=role).first()
        if assignment is None:
            assignment = RoleAssignment(user=user, body=body, role=role, granted_by=actor)
            record_actor(assignment, actor)
            assignment.full_clean(validate_unique=False)
            assignment.save()
    forget_cached_roles(user)
    return assignment


def role_assignment_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    body = assignment.body
    if not actor.has_perm("tenancy.manage_roles", body):
        raise ApplicationError(_("You may not revoke roles in this body."))
    if assignment.user_id == actor.pk and assignment.role in {
        Role.OFFICE,
        Role.INTEGRATION_CENTRE,
        Role.STATE_STAFF,
    }:
        others = RoleAssignment.objects.filter(body=body, role=assignment.role).exclude(pk=assignment.pk)
        if not others.exists():
            raise ApplicationError(_("You are the last person with this role here; invite a successor first."))
    record_actor(assignment, actor)
    with transaction.atomic():
        assignment.delete()
    forget_cached_roles(assignment.user)
