"""The role × permission matrix of tenancy and accounts, and the services' own checks."""

import pytest

from querschnitt.core.exceptions import ApplicationError
from querschnitt.tenancy.models import Role, RoleAssignment
from querschnitt.tenancy.services import role_assignment_create, role_assignment_revoke

PERMISSIONS = [
    "tenancy.view_body_internal",
    "tenancy.view_roles",
    "tenancy.manage_roles",
    "accounts.invite_to_body",
]
MATRIX = {
    # role: (view internal, view roles, manage roles, invite)
    Role.OFFICE: (True, True, True, True),
    Role.INTEGRATION_CENTRE: (True, True, True, True),
    Role.MEMBER: (True, False, False, False),
    Role.MODERATOR: (True, False, False, False),
    Role.READER: (True, False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(MATRIX))
def test_role_permission_matrix_in_own_and_other_body(role, body, other_body, make_user):
    user = make_user(body, role)
    assert tuple(user.has_perm(perm, body) for perm in PERMISSIONS) == MATRIX[role]
    assert not any(user.has_perm(perm, other_body) for perm in PERMISSIONS)


@pytest.mark.django_db
def test_state_staff_reach_every_body(state_council, body, other_body, make_user):
    staff = make_user(state_council, Role.STATE_STAFF)
    for target in (body, other_body):
        assert all(staff.has_perm(perm, target) for perm in PERMISSIONS)


@pytest.mark.django_db
def test_anonymous_and_roleless_users_have_no_permission(body, make_user):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), make_user()):
        assert not any(user.has_perm(perm, body) for perm in PERMISSIONS)


@pytest.mark.django_db
def test_state_staff_role_only_in_state_council(body, make_user):
    with pytest.raises(ApplicationError):
        role_assignment_create(actor=None, user=make_user(), body=body, role=Role.STATE_STAFF)


@pytest.mark.django_db
def test_member_cannot_assign_roles_and_nothing_is_written(body, make_user):
    member = make_user(body, Role.MEMBER)
    with pytest.raises(ApplicationError):
        role_assignment_create(actor=member, user=make_user(), body=body, role=Role.OFFICE)
    assert RoleAssignment.objects.filter(body=body).count() == 1


@pytest.mark.django_db
def test_last_office_cannot_revoke_own_role_but_another_role_can_be_revoked(body, make_user):
    office = make_user(body, Role.OFFICE)
    own = RoleAssignment.objects.get(user=office)
    with pytest.raises(ApplicationError, match=r"letzte Person|last person"):
        role_assignment_revoke(actor=office, assignment=own)
    reader = make_user(body, Role.READER)
    role_assignment_revoke(actor=office, assignment=RoleAssignment.objects.get(user=reader))
    assert not RoleAssignment.objects.filter(user=reader).exists()
    # The revocation is in the history with who did it.
    record = RoleAssignment.history.filter(user_id=reader.pk, history_type="-").get()
    assert record.history_user == office
