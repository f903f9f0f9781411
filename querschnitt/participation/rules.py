"""Permissions of participation. Predicates take (user, body).

Everyone who works in a body sees its workshops and dot votes (results only as the vote's visibility allows) and may
vote as a signed-in user. The workshop moderators, the committee office and the integration centre plan workshops
and run dot votes; they also carry a closed vote's ranking into the concept (the workshop's result is theirs to hand
over; the concept's editors keep changing it afterwards).

Participants of a workshop and registrations for an event are personal data: only the moderators, the office and
the integration centre of the body see and change them. Published events are public; nothing of their registrants.
"""

import rules

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.rules import has_role, works_in_body

runs_workshops = has_role(Role.MODERATOR, Role.OFFICE, Role.INTEGRATION_CENTRE)

rules.add_perm("participation.view_workshop", works_in_body)
rules.add_perm("participation.manage_workshop", runs_workshops)
rules.add_perm("participation.run_dot_vote", runs_workshops)
rules.add_perm("participation.adopt_dot_vote", runs_workshops)
rules.add_perm("participation.vote", works_in_body)
# Personal data of participants and registrants: only those who run the workshops and events of the body.
rules.add_perm("participation.view_participants", runs_workshops)
rules.add_perm("participation.manage_participants", runs_workshops)
rules.add_perm("participation.manage_events", runs_workshops)
rules.add_perm("participation.view_registrations", runs_workshops)
rules.add_perm("participation.manage_prices", runs_workshops)
