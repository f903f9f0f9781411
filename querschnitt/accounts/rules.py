"""Permissions of the accounts app. Inviting people follows the right to manage roles in the body."""

import rules

from querschnitt.tenancy.rules import manages_people

rules.add_perm("accounts.invite_to_body", manages_people)
rules.add_perm("accounts.view_invitations", manages_people)
