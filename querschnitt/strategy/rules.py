"""Permissions of the integration concept. Predicates take (user, body).

Everyone who works in a body reads its concept; the committee office and the integration centre edit it.
State staff read every body's concept but do not edit it: the concept is the municipality's own.
"""

import rules

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.rules import has_role, works_in_body

edits_concept = has_role(Role.OFFICE, Role.INTEGRATION_CENTRE)

rules.add_perm("strategy.view_concept", works_in_body)
rules.add_perm("strategy.edit_concept", edits_concept)
rules.add_perm("strategy.import_observations", edits_concept)
rules.add_perm("strategy.evaluate", edits_concept)
