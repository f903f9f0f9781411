import pytest

from querschnitt.core.history import history_entries
from querschnitt.tenancy.models import Body, RoleAssignment
from querschnitt.tenancy.services import role_assignment_create


@pytest.mark.django_db
def test_history_lists_who_changed_what_from_old_to_new(body, make_user, django_assert_max_num_queries):
    office = make_user(body, "office")
    body._history_user = office
    body.name = "Neuer Name"
    body.save()
    records = Body.history.filter(id=body.pk).select_related("history_user").order_by("-history_date")
    with django_assert_max_num_queries(3):
        entries = history_entries(records)
    changed = entries[0]
    assert changed.action == "geändert" and changed.who == office.display_name
    assert [(c.label, c.new) for c in changed.changes] == [("Name", "Neuer Name")]
    assert changed.changes[0].old.startswith("Testgemeinde")
    assert entries[-1].action == "angelegt"


@pytest.mark.django_db
def test_history_page_of_roles_shows_grants_and_revocations(client, body, make_user):
    office = make_user(body, "office")
    reader = make_user(body, "reader")
    client.force_login(office)
    assignment = RoleAssignment.objects.get(user=reader)
    client.post(f"/k/{body.slug}/personen/{assignment.pk}/entziehen/")
    role_assignment_create(actor=office, user=reader, body=body, role="member")
    page = client.get(f"/k/{body.slug}/personen/verlauf/").content.decode()
    assert "gelöscht" in page and "angelegt" in page
    assert f"{reader.display_name} als Lesezugriff" in page
    assert f"{office.display_name}: {reader.display_name} als Ausschussmitglied" in page
