"""Permissions of reporting. Predicates take (user, body).

Everyone who works in a body reads its reports, charts, maps and import log; the committee office and the
integration centre (who keep the concept) write reports, publish them, import statistics, upload geodata and run the
body's public page. State staff read every body's reports and compare indicators across bodies; the public compares
only what bodies have published.
"""

import rules

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.rules import has_role, is_state_staff, works_in_body

keeps_concept = has_role(Role.OFFICE, Role.INTEGRATION_CENTRE)

rules.add_perm("reporting.view_reports", works_in_body)
rules.add_perm("reporting.edit_reports", keeps_concept)
rules.add_perm("reporting.publish_reports", keeps_concept)
rules.add_perm("reporting.import_statistics", keeps_concept)
rules.add_perm("reporting.manage_geodata", keeps_concept)
rules.add_perm("reporting.manage_public_page", keeps_concept)
rules.add_perm("reporting.compare_bodies", is_state_staff)
