"""Permissions of the integration concept. Predicates take (user, body).

Everyone who works in a body reads its concept; the committee office and the integration centre edit it.
State staff read every body's concept but do not edit it: the concept is the municipality's own.

Workshop moderators bring the results of a workshop into the concept without editing it:
- `strategy.draft_concept`: create guiding goals, annual goals, indicators and measures as drafts, and change or
  delete them while they are still drafts (the services read the stored row to tell). A confirmed object stays
  with the editors, and only the editors confirm a draft (`strategy.edit_concept`).
- `strategy.set_priorities`: set the priority points of the fields of action (the result of a dot vote), creating
  fields that are missing; no other change to a field.
"""

import rules

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.rules import has_role, works_in_body

edits_concept = has_role(Role.OFFICE, Role.INTEGRATION_CENTRE)
brings_in_workshop_results = edits_concept | has_role(Role.MODERATOR)

rules.add_perm("strategy.view_concept", works_in_body)
rules.add_perm("strategy.edit_concept", edits_concept)
rules.add_perm("strategy.draft_concept", brings_in_workshop_results)
rules.add_perm("strategy.set_priorities", brings_in_workshop_results)
rules.add_perm("strategy.import_observations", edits_concept)
rules.add_perm("strategy.evaluate", edits_concept)
