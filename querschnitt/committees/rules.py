"""Permissions of committee work. Predicates take (user, body) or, for confidential matters, (user, organization).

- The Geschäftsstelle (office) runs the committees of its body; state staff read them.
- Everyone may read what is public.
- Non-public items, papers and files: the committee's members and deputies (a person linked to the user with an
  active membership) and the Geschäftsstelle (issue 4, point 6).
"""

import rules
from django.utils import timezone

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.rules import has_role

runs_committees = has_role(Role.OFFICE)
reads_committees = has_role(*Role.values)


@rules.predicate
def is_member_of_organization(user, organization) -> bool:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    today = timezone.localdate()
    return (
        organization.memberships.filter(
            person__user=user,
            deleted=False,
        )
        .exclude(start_date__gt=today)
        .exclude(end_date__lt=today)
        .exists()
    )


@rules.predicate
def is_office_of_organization(user, organization) -> bool:
    return organization is not None and runs_committees(user, organization.body)


rules.add_perm("committees.manage", runs_committees)
rules.add_perm("committees.view_internal", reads_committees)
rules.add_perm("committees.view_confidential", is_office_of_organization | is_member_of_organization)
