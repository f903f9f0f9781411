"""Permissions of the tenancy app. Every predicate takes (user, body)."""

import rules

from .models import Role
from .selectors import roles_in_body


def has_role(*roles: str) -> rules.Predicate:
    wanted = set(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def predicate(user, body) -> bool:
        return bool(wanted & roles_in_body(user, body))

    return predicate


is_state_staff = has_role(Role.STATE_STAFF)
works_in_body = has_role(*Role.values)
manages_people = has_role(Role.OFFICE, Role.INTEGRATION_CENTRE, Role.STATE_STAFF)

rules.add_perm("tenancy.view_body_internal", works_in_body)
rules.add_perm("tenancy.view_roles", manages_people)
rules.add_perm("tenancy.manage_roles", manages_people)
