"""Permissions of core's own pages. Every predicate takes (user, body)."""

import rules

from querschnitt.tenancy.models import BodyKind, Role
from querschnitt.tenancy.selectors import roles_in_body


@rules.predicate
def handles_privacy_requests(user, body) -> bool:
    """Requests under Art. 15 and 17 GDPR are handled by the office of the body; the state council's staff handle
    them for the state council's own body only (state staff reach every body, but a body's personal data is the
    business of that body)."""
    if body is None:
        return False
    roles = roles_in_body(user, body)
    if Role.OFFICE in roles:
        return True
    return Role.STATE_STAFF in roles and body.kind == BodyKind.STATE_COUNCIL


rules.add_perm("core.handle_privacy_requests", handles_privacy_requests)
