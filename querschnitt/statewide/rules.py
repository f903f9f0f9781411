"""Permissions of the state level. Predicates take (user, body).

State staff (held in the Landesintegrationsrat's body, reaching every body) run the coaching, the topic catalogue,
the qualification series with its courses and registrations, and see the state-wide view. A body's committee office
requests coaching for its committee and is the only one in the body who sees the engagement, its sessions and the
coach's notes. Committee members (and the office) register for courses. The office and the integration centre
publish measures of their concept as practice examples; whoever plans a workshop pulls examples into its days.
"""

import rules

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.rules import has_role, is_state_staff

is_office = has_role(Role.OFFICE)

rules.add_perm("statewide.manage", is_state_staff)
rules.add_perm("statewide.view_dashboard", is_state_staff)
rules.add_perm("statewide.view_coaching", is_office | is_state_staff)
rules.add_perm("statewide.request_coaching", is_office)
rules.add_perm("statewide.register_for_course", has_role(Role.MEMBER, Role.OFFICE))
rules.add_perm("statewide.publish_practice", has_role(Role.OFFICE, Role.INTEGRATION_CENTRE))
rules.add_perm("statewide.use_practice_in_workshop", has_role(Role.MODERATOR, Role.OFFICE, Role.INTEGRATION_CENTRE))
