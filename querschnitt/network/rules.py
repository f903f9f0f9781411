"""Permissions of the network. Predicates take (user, body).

Everyone who works in a body sees its actors and its steering group (nothing of the network is public yet). The
committee office and the integration centre keep them. The personal data of contact persons (name, function,
e-mail, phone) is seen only by those who work with them: the office, the integration centre and workshop moderators,
who invite actors to workshops. State staff read the network of every body but do not see its contact persons.
"""

import rules

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.rules import has_role, works_in_body

edits_network = has_role(Role.OFFICE, Role.INTEGRATION_CENTRE)
sees_contacts = has_role(Role.OFFICE, Role.INTEGRATION_CENTRE, Role.MODERATOR)

rules.add_perm("network.view_network", works_in_body)
rules.add_perm("network.edit_network", edits_network)
rules.add_perm("network.view_contacts", sees_contacts)

# The integration centre's work (services, counselling requests, network events): the centre and the office only.
# State staff see the anonymous counts of the centre's dashboard, never a request or a name (docs/centre.md).
runs_centre = has_role(Role.OFFICE, Role.INTEGRATION_CENTRE)
rules.add_perm("network.run_centre", runs_centre)
rules.add_perm("network.view_centre_statistics", runs_centre | has_role(Role.STATE_STAFF))

# Funding of migrant organisations: the office and the integration centre run it and review applications. Nobody
# else sees an application (state staff neither); the public sees public calls and applicants their own by link.
rules.add_perm("network.manage_funding", has_role(Role.OFFICE, Role.INTEGRATION_CENTRE))

# The offers directory: the office and the integration centre keep the offers, invite the actors' editors and review
# their changes. The public reads published offers without any permission (docs/offers.md).
rules.add_perm("network.manage_offers", has_role(Role.OFFICE, Role.INTEGRATION_CENTRE))
