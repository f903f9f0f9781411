"""Services of the network: who may do what (a role × action matrix), validate then act, and the rules of actors,
contact persons, seats and tasks."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from querschnitt.core.exceptions import ApplicationError
from querschnitt.network import models as m
from querschnitt.network import services
from querschnitt.network.composition_text import parse_seat_lines
from querschnitt.network.tests.factories import (
    ActorFactory,
    ActorKindFactory,
    ContactPersonFactory,
    SeatHolderFactory,
    SteeringGroupFactory,
    SteeringGroupSeatFactory,
    SteeringGroupTaskFactory,
)
from querschnitt.tenancy.models import Role


def kind(name="Wohlfahrtsverband"):
    return m.ActorKind.objects.get(body=None, name=name)


# --- Permissions: role × action ---------------------------------------------------------------------------------------

MATRIX = {
    # role: (view_network, edit_network, view_contacts)
    Role.OFFICE: (True, True, True),
    Role.INTEGRATION_CENTRE: (True, True, True),
    Role.MODERATOR: (True, False, True),
    Role.MEMBER: (True, False, False),
    Role.READER: (True, False, False),
    None: (False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(MATRIX), ids=lambda role: role or "no role")
def test_permissions_per_role(role, body, other_body, make_user):
    user = make_user(body, role) if role else make_user()
    expected = MATRIX[role]
    perms = ("network.view_network", "network.edit_network", "network.view_contacts")
    assert tuple(user.has_perm(perm, body) for perm in perms) == expected
    # A role in one body gives nothing in another.
    assert not any(user.has_perm(perm, other_body) for perm in perms)


@pytest.mark.django_db
def test_state_staff_read_every_network_but_neither_edit_nor_see_contacts(body, state_council, make_user):
    staff = make_user(state_council, Role.STATE_STAFF)
    assert staff.has_perm("network.view_network", body)
    assert not staff.has_perm("network.edit_network", body)
    assert not staff.has_perm("network.view_contacts", body)


ACTIONS = {
    "create actor": lambda user, body: services.actor_create(actor=user, body=body, name="Neu", kind=kind()),
    "add contact": lambda user, body: services.contact_person_create(
        actor=user, network_actor=ActorFactory(body=body), name="Erika", consent_given_on=date(2026, 1, 1)
    ),
    "create group": lambda user, body: services.steering_group_create(actor=user, body=body, name="SG"),
    "add seat": lambda user, body: services.steering_group_seat_create(
        actor=user, group=SteeringGroupFactory(body=body), label="Landrat", decided_count=1
    ),
    "tick task": lambda user, body: services.steering_group_task_done(
        actor=user, task=SteeringGroupTaskFactory(body=body)
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", list(MATRIX), ids=lambda role: role or "no role")
def test_services_check_the_permission_first(role, action, body, make_user):
    user = make_user(body, role) if role else make_user()
    may_edit = MATRIX[role][1]
    if may_edit:
        assert ACTIONS[action](user, body) is not None
    else:
        with pytest.raises(ApplicationError, match="dürfen das Netzwerk dieser"):
            ACTIONS[action](user, body)
        # Only the fixtures of the action itself were made (factories); the service wrote nothing.
        assert not m.Actor.objects.filter(name="Neu").exists()
        assert not m.ContactPerson.objects.filter(name="Erika").exists()
        assert not m.SteeringGroup.objects.filter(name="SG").exists()
        assert not m.SteeringGroupSeat.objects.filter(label="Landrat").exists()
        assert not m.SteeringGroupTask.objects.exclude(last_done_on=None).exists()


# --- Actors and kinds -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_actor_names_are_unique_per_body_in_any_case(body, other_body):
    services.actor_create(actor=None, body=body, name="Kreissportbund", kind=kind("Sportverein/Kreissportbund"))
    with pytest.raises(ApplicationError) as error:
        services.actor_create(actor=None, body=body, name="KREISSPORTBUND", kind=kind())
    assert error.value.field == "name" and "gibt es schon" in str(error.value.message)
    services.actor_create(actor=None, body=other_body, name="Kreissportbund", kind=kind())
    assert m.Actor.objects.filter(name__iexact="kreissportbund").count() == 2


@pytest.mark.django_db
def test_kinds_of_another_body_and_hidden_kinds_are_refused(body, other_body, office_user):
    foreign = ActorKindFactory(body=other_body)
    with pytest.raises(ApplicationError) as error:
        services.actor_create(actor=office_user, body=body, name="X", kind=foreign)
    assert error.value.field == "kind"
    own = services.actor_kind_create(actor=office_user, body=body, name="Elterninitiative")
    network_actor = services.actor_create(actor=office_user, body=body, name="Eltern", kind=own)
    services.actor_kind_update(actor=office_user, kind=own, hidden=True)
    # The actor keeps its hidden kind; a new actor cannot get it.
    services.actor_update(actor=office_user, network_actor=network_actor, city="Kaarst")
    with pytest.raises(ApplicationError, match="ausgeblendet"):
        services.actor_create(actor=office_user, body=body, name="Y", kind=own)
    with pytest.raises(ApplicationError, match="Standardarten"):
        services.actor_kind_update(actor=office_user, kind=kind(), name="Umbenannt")
    with pytest.raises(ApplicationError) as error:
        services.actor_kind_create(actor=office_user, body=body, name="wohlfahrtsverband")
    assert error.value.field == "name"


@pytest.mark.django_db
def test_actor_changes_are_recorded_with_who(body, office_user):
    network_actor = services.actor_create(actor=office_user, body=body, name="VHS", kind=kind())
    services.actor_update(actor=office_user, network_actor=network_actor, city="Neuss")
    latest = network_actor.history.first()
    assert latest.history_user == office_user and latest.city == "Neuss"
    assert network_actor.history.count() == 2


# --- Contact persons --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_person_needs_consent_and_deleting_removes_their_data(body, office_user):
    network_actor = ActorFactory(body=body)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError) as error:
        services.contact_person_create(
            actor=office_user, network_actor=network_actor, name="Erika Beispiel", consent_given_on=tomorrow
        )
    assert error.value.field == "consent_given_on"
    assert not m.ContactPerson.objects.exists()
    contact = services.contact_person_create(
        actor=office_user,
        network_actor=network_actor,
        name="Erika Beispiel",
        email="erika@example.org",
        consent_given_on=date(2026, 1, 15),
        consent_text_version=services.CONSENT_TEXT_VERSION,
    )
    services.contact_person_delete(actor=office_user, contact=contact)
    assert not m.ContactPerson.objects.filter(pk=contact.pk).exists()
    # No history table keeps a copy of a contact person's data.
    assert not hasattr(m.ContactPerson, "history")


@pytest.mark.django_db
def test_moderator_sees_contacts_but_may_not_delete_them(body, make_user):
    moderator = make_user(body, Role.MODERATOR)
    contact = ContactPersonFactory(body=body)
    with pytest.raises(ApplicationError):
        services.contact_person_delete(actor=moderator, contact=contact)
    assert m.ContactPerson.objects.filter(pk=contact.pk).exists()


# --- Seats, people and tasks ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deputy_stands_in_for_a_member_of_the_same_seat(body, other_body, office_user):
    seat = SteeringGroupSeatFactory(body=body, decided_count=2)
    other_seat = SteeringGroupSeatFactory(group=seat.group, decided_count=1)
    member = services.seat_holder_create(actor=office_user, seat=seat, name="Heinrich Sommer")
    stranger = SeatHolderFactory(seat=other_seat)
    with pytest.raises(ApplicationError) as error:
        services.seat_holder_create(
            actor=office_user, seat=seat, name="Christoph Adler", role="deputy", deputy_for=stranger
        )
    assert error.value.field == "deputy_for"
    with pytest.raises(ApplicationError) as error:
        services.seat_holder_create(actor=office_user, seat=seat, name="Anna", role="holder", deputy_for=member)
    assert error.value.field == "deputy_for"
    with pytest.raises(ApplicationError) as error:
        services.seat_holder_create(
            actor=office_user, seat=seat, name="Anna", network_actor=ActorFactory(body=other_body)
        )
    assert error.value.field == "actor"
    deputy = services.seat_holder_create(
        actor=office_user, seat=seat, name="Christoph Adler", role="deputy", deputy_for=member
    )
    with pytest.raises(ApplicationError) as error:
        services.seat_holder_update(actor=office_user, holder=member, role="deputy")
    assert error.value.field == "role"
    # Removing the member keeps the deputy as a deputy of the seat.
    services.seat_holder_delete(actor=office_user, holder=member)
    deputy.refresh_from_db()
    assert deputy.deputy_for is None and deputy.role == "deputy"
    assert m.SeatHolder.history.filter(name="Heinrich Sommer", history_type="-").exists()


@pytest.mark.django_db
def test_seat_order_comes_last_unless_given_and_kind_must_be_of_the_body(body, other_body, office_user):
    group = SteeringGroupFactory(body=body)
    first = services.steering_group_seat_create(actor=office_user, group=group, label="Landrat", decided_count=1)
    second = services.steering_group_seat_create(actor=office_user, group=group, label="Verwaltung", order=None)
    assert second.order == first.order + 1
    with pytest.raises(ApplicationError) as error:
        services.steering_group_seat_create(
            actor=office_user, group=group, label="X", actor_kind=ActorKindFactory(body=other_body)
        )
    assert error.value.field == "actor_kind"
    services.steering_group_seat_update(actor=office_user, seat=second, decided_count=2, order=None)
    second.refresh_from_db()
    assert second.decided_count == 2 and second.order == first.order + 1


@pytest.mark.django_db
def test_ticking_off_a_recurring_task_records_the_day_and_keeps_it(body, office_user):
    task = SteeringGroupTaskFactory(body=body, recurrence="quarterly")
    services.steering_group_task_done(actor=office_user, task=task, on=date(2026, 1, 10))
    services.steering_group_task_done(actor=office_user, task=task, on=date(2026, 4, 12))
    task.refresh_from_db()
    assert task.last_done_on == date(2026, 4, 12)
    assert m.SteeringGroupTask.objects.filter(pk=task.pk).exists()
    days = set(task.history.exclude(last_done_on=None).values_list("last_done_on", flat=True))
    assert days == {date(2026, 1, 10), date(2026, 4, 12)}
    with pytest.raises(ApplicationError):
        services.steering_group_task_done(actor=office_user, task=task, on=timezone.localdate() + timedelta(days=2))


# --- Pasting a composition --------------------------------------------------------------------------------------------

DECIDED_TABLE = """Akteure\tPersonenanzahl
Landrat oder Allgemeiner Vertreter\t1
Bürgermeister der kreisangehörigen Kommunen oder deren Vertreter\t8
Vorsitzende der Kreistagsfraktionen bzw. deren Vertreter\t5
Vorsitzender des Sozial- und Gesundheitsausschusses bzw. dessen Vertreter\t1
Vorsitzende der Integrationsräte im Rhein-Kreis Neuss bzw. deren Vertreter\t4
Leiter der Integrationsbüros Neuss und Dormagen bzw. deren Vertreter\t2
Vorsitzender der Arbeitsgemeinschaft der Freien Wohlfahrtsverbände im RKN bzw. dessen Vertreter\t1
Sprecher des Arbeitskreises Integration bzw. dessen Vertreter\t1
Leiterin der ARGE/des Jobcenters bzw. deren Vertreter\t1
Amtsleiter 50 bzw. dessen Vertreter\t1
\tgesamt: 25
"""

PROPOSAL_LIST = """- Landrat (1)
- Verwaltung (2)
- Bürgermeister/in der kreisangehörigen Kommunen (8)
- Kreistag (5 → Fraktionen)
- Migrantenvertreter (4 → Integrationsräte)
- Sportvereine (1 → Kreissportbund)
- Migrantenselbstorganisationen (2 → es müsste erst noch eine Plattform geschaffen werden))
- Unternehmen (2 → IHK, Kreishandwerkerschaft))
- Religionsgemeinschaften (2)
- Wohlfahrtsverbände (4)
- Verbände und Initiativen (4)
- Agentur für Arbeit und Jobcenter
- (Stiftungen)
"""


def test_the_seed_tables_are_read_as_written():
    decided = parse_seat_lines(DECIDED_TABLE)
    assert len(decided) == 10 and sum(draft.count for draft in decided) == 25
    assert decided[0].label == "Landrat oder Allgemeiner Vertreter" and decided[0].count == 1
    proposal = parse_seat_lines(PROPOSAL_LIST)
    assert [draft.label for draft in proposal][:4] == [
        "Landrat",
        "Verwaltung",
        "Bürgermeister/in der kreisangehörigen Kommunen",
        "Kreistag",
    ]
    assert sum(draft.count or 0 for draft in proposal) == 35
    assert proposal[3].note == "5 → Fraktionen" and proposal[0].note == ""
    assert proposal[6].note == "2 → es müsste erst noch eine Plattform geschaffen werden"
    assert (proposal[11].label, proposal[11].count) == ("Agentur für Arbeit und Jobcenter", None)
    assert (proposal[12].label, proposal[12].count) == ("(Stiftungen)", None)


@pytest.mark.django_db
def test_pasting_adds_all_seats_or_none(body, office_user):
    group = SteeringGroupFactory(body=body)
    with pytest.raises(ApplicationError, match="Agentur für Arbeit und Jobcenter"):
        services.steering_group_seats_add(
            actor=office_user, group=group, drafts=parse_seat_lines(PROPOSAL_LIST), decided=True
        )
    assert not group.seats.exists()
    services.steering_group_seats_add(
        actor=office_user, group=group, drafts=parse_seat_lines(PROPOSAL_LIST), decided=False
    )
    services.steering_group_seats_add(
        actor=office_user, group=group, drafts=parse_seat_lines(DECIDED_TABLE), decided=True
    )
    assert group.seats.count() == 23
    assert sum(group.seats.exclude(decided_count=None).values_list("decided_count", flat=True)) == 25
    with pytest.raises(ApplicationError) as error:
        parse_seat_lines("Akteure\tPersonenanzahl\n\tgesamt: 0")
    assert error.value.field == "text"
