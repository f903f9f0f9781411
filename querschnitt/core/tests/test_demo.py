import pytest
from django.core.management import call_command

from querschnitt.accounts.models import User
from querschnitt.tenancy.models import Role, RoleAssignment


@pytest.mark.django_db
def test_demo_has_one_login_per_role_and_can_run_twice(capsys):
    call_command("demo")
    call_command("demo")
    out = capsys.readouterr().out
    assert "Demodaten geladen." in out
    assert "geschaeftsstelle@querschnitt.example" in out and "Demo-Querschnitt-2026" in out
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.filter(email__endswith="@querschnitt.example").count() == 7
    kreis_roles = RoleAssignment.objects.filter(body__ags="05162").count()
    assert kreis_roles == 5
    user = User.objects.get(email="ki@querschnitt.example")
    assert user.check_password("Demo-Querschnitt-2026")
    assert set(user.role_assignments.values_list("body__name", flat=True)) == {"Rhein-Kreis Neuss", "Neuss"}
