"""The network in the browser's terms: actors with search and filters, contact persons by role, the steering group
built seat by seat, and pages whose number of queries does not grow with their rows."""

from datetime import date

import pytest
from django.urls import reverse

from querschnitt.network import models as m
from querschnitt.network.tests.factories import (
    ActorFactory,
    ContactPersonFactory,
    CooperationEntryFactory,
    SeatHolderFactory,
    SteeringGroupFactory,
    SteeringGroupSeatFactory,
    SteeringGroupTaskFactory,
)
from querschnitt.tenancy.models import Role


def url(name, body, **kwargs):
    return reverse(f"network:{name}", kwargs={"body": body.slug, **kwargs})


def kind(name):
    return m.ActorKind.objects.get(body=None, name=name)


@pytest.fixture
def ki(make_user, body):
    return make_user(body, Role.INTEGRATION_CENTRE)


@pytest.mark.django_db
def test_ki_adds_an_actor_with_a_contact_and_a_cooperation_entry(client, body, ki):
    client.force_login(ki)
    response = client.post(
        url("actor_create", body),
        {
            "name": "Kreissportbund Rhein-Kreis Neuss",
            "short_name": "KSB",
            "kind": kind("Sportverein/Kreissportbund").pk,
            "city": "Neuss",
            "website": "www.example.org",
            "active": "on",
        },
    )
    network_actor = m.Actor.objects.get(body=body)
    assert response.url == url("actor", body, actor=network_actor.pk)
    assert network_actor.website == "https://www.example.org" and network_actor.history.first().history_user == ki

    # Without the consent box ticked, nothing is stored.
    data = {"name": "Erika Beispiel", "email": "erika@example.org", "consent_given_on": "2026-01-15"}
    page = client.post(url("contact_create", body, actor=network_actor.pk), data).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page and not m.ContactPerson.objects.exists()
    client.post(url("contact_create", body, actor=network_actor.pk), {**data, "consent": "on"})
    contact = m.ContactPerson.objects.get()
    assert contact.consent_given_on == date(2026, 1, 15)

    client.post(url("cooperation_create", body, actor=network_actor.pk), {"date": "2026-02-01", "text": "Sportfest"})
    entry = m.CooperationEntry.objects.get()
    assert entry.recorded_by == ki

    page = client.get(url("actor", body, actor=network_actor.pk)).content.decode()
    assert "erika@example.org" in page and "Sportfest" in page and "erteilt am 15.01.2026" in page

    # Deleting asks first, then removes the person for good.
    assert "endgültig löschen" in client.get(url("contact_delete", body, contactperson=contact.pk)).content.decode()
    client.post(url("contact_delete", body, contactperson=contact.pk))
    assert not m.ContactPerson.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_contact", "may_edit"),
    [
        (Role.OFFICE, True, True),
        (Role.INTEGRATION_CENTRE, True, True),
        (Role.MODERATOR, True, False),
        (Role.MEMBER, False, False),
        (Role.READER, False, False),
    ],
)
def test_contact_data_and_edit_links_by_role(client, body, make_user, role, sees_contact, may_edit):
    contact = ContactPersonFactory(body=body, name="Erika Beispiel", email="erika@example.org")
    client.force_login(make_user(body, role))
    page = client.get(url("actor", body, actor=contact.actor_id)).content.decode()
    assert ("erika@example.org" in page) is sees_contact
    assert ("Erika Beispiel" in page) is sees_contact
    assert ("Akteur bearbeiten" in page) is may_edit
    expected = 200 if may_edit else 403
    assert client.get(url("actor_create", body)).status_code == expected
    assert client.get(url("contact_edit", body, contactperson=contact.pk)).status_code in (
        (200,) if may_edit else (403, 404)
    )
    if not sees_contact:
        assert "1 Ansprechperson ist erfasst." in page


@pytest.mark.django_db
def test_list_searches_and_filters(client, body, make_user):
    ActorFactory(body=body, name="Kreissportbund", kind=kind("Sportverein/Kreissportbund"), city="Neuss")
    ActorFactory(body=body, name="Caritasverband", kind=kind("Wohlfahrtsverband"), city="Dormagen")
    ActorFactory(body=body, name="Alter Verein", kind=kind("Initiative"), active=False)
    client.force_login(make_user(body, Role.READER))

    def names(**query):
        return [actor.name for actor in client.get(url("actors", body), query).context["page"].object_list]

    assert names() == ["Caritasverband", "Kreissportbund"]
    assert names(suche="sport") == ["Kreissportbund"]
    assert names(art=kind("Wohlfahrtsverband").pk) == ["Caritasverband"]
    assert names(ort="Dormagen") == ["Caritasverband"]
    assert names(status="nein") == ["Alter Verein"]
    assert names(status="alle") == ["Alter Verein", "Caritasverband", "Kreissportbund"]
    partial = client.get(url("actors", body), {"suche": "caritas"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "Caritasverband" in partial


@pytest.mark.django_db
def test_nav_shows_actors_and_steering_group_to_those_who_work_in_the_body(client, body, make_user):
    client.force_login(make_user(body, Role.READER))
    page = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert f'href="{url("actors", body)}">Netzwerk</a>' in page  # the area, leading to its first page
    page = client.get(url("actors", body)).content.decode()  # the area's pages in the second row
    assert f'href="{url("steering_groups", body)}">Steuerungsgruppe</a>' in page
    client.force_login(make_user())
    page = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert url("actors", body) not in page and ">Netzwerk</a>" not in page


@pytest.mark.django_db
def test_ki_builds_a_steering_group_seat_by_seat(client, body, ki):
    client.force_login(ki)
    client.post(
        url("steering_group_create", body),
        {"name": "Steuerungsgruppe Integration", "decided_by": "Kreistag, 08.12.2010", "decided_on": "2010-12-08"},
    )
    group = m.SteeringGroup.objects.get(body=body)
    seat_url = url("seat_create", body, steeringgroup=group.pk)
    response = client.post(
        seat_url, {"label": "Landrat oder Allgemeiner Vertreter", "decided_count": 1, "weiter": "neu"}
    )
    assert response.url == seat_url  # „Speichern und weiteren Sitz hinzufügen“
    client.post(
        seat_url,
        {
            "label": "Bürgermeister der kreisangehörigen Kommunen",
            "decided_count": 8,
            "proposed_count": 8,
            "actor_kind": kind("Verwaltung/Amt").pk,
        },
    )
    landrat, mayors = group.seats.order_by("order")
    assert (landrat.order, mayors.order) == (1, 2)

    client.post(url("holder_create", body, steeringgroupseat=landrat.pk), {"name": "Heinrich Sommer", "role": "holder"})
    member = landrat.holders.get()
    form_page = client.get(
        url("holder_create", body, steeringgroupseat=landrat.pk), {"rolle": "vertretung", "fuer": member.pk}
    )
    assert form_page.context["form"].initial["deputy_for"] == member.pk
    client.post(
        url("holder_create", body, steeringgroupseat=landrat.pk),
        {"name": "Christoph Adler", "role": "deputy", "deputy_for": member.pk},
    )
    assert landrat.holders.get(role="deputy").deputy_for == member

    response = client.get(url("steering_group", body, steeringgroup=group.pk))
    composition = response.context["composition"]
    assert composition.decided_total == 9 and composition.proposed_total == 8
    page = response.content.decode()
    assert "Bürgermeister der kreisangehörigen Kommunen: 0 von 8 Plätzen besetzt." in page
    assert "Christoph Adler" in page and "Kreistag, 08.12.2010" in page

    history = client.get(url("steering_group_history", body, steeringgroup=group.pk)).content.decode()
    assert "Heinrich Sommer" in history and "Sitz „Landrat oder Allgemeiner Vertreter“" in history


@pytest.mark.django_db
def test_seats_pasted_from_the_decided_table(client, body, ki):
    group = SteeringGroupFactory(body=body)
    client.force_login(ki)
    text = (
        "Akteure\tPersonenanzahl\nLandrat oder Allgemeiner Vertreter\t1\n"
        "Amtsleiter 50 bzw. dessen Vertreter\t1\n\tgesamt: 2"
    )
    response = client.post(
        url("seats_paste", body, steeringgroup=group.pk), {"text": text, "column": "beschluss"}, follow=True
    )
    assert "2 Sitze mit insgesamt 2 Plätzen wurden hinzugefügt." in response.content.decode()
    assert list(group.seats.values_list("label", "decided_count")) == [
        ("Landrat oder Allgemeiner Vertreter", 1),
        ("Amtsleiter 50 bzw. dessen Vertreter", 1),
    ]
    page = client.post(
        url("seats_paste", body, steeringgroup=group.pk), {"text": "(Stiftungen)", "column": "beschluss"}
    )
    assert "keine Anzahl an Plätzen" in page.content.decode() and group.seats.count() == 2


@pytest.mark.django_db
def test_tasks_are_ticked_off_and_stay(client, body, ki):
    task = SteeringGroupTaskFactory(body=body, text="Informationsfluss sicher stellen", recurrence="per_meeting")
    client.force_login(ki)
    response = client.post(url("task_done", body, steeringgrouptask=task.pk), follow=True)
    task.refresh_from_db()
    assert task.last_done_on is not None
    assert "„Informationsfluss sicher stellen“ ist erledigt." in response.content.decode()
    assert client.get(url("task_done", body, steeringgrouptask=task.pk)).status_code == 405


@pytest.mark.django_db
def test_actor_list_pins_its_queries(client, body, ki, django_assert_max_num_queries):
    def grow():
        network_actor = ActorFactory(body=body, kind=kind("Initiative"))
        ContactPersonFactory(actor=network_actor)
        ContactPersonFactory(actor=network_actor)

    grow()
    client.force_login(ki)
    pages = [url("actors", body), url("actors", body) + "?suche=Akteur&status=alle"]
    counts = {}
    for page in pages:
        with django_assert_max_num_queries(30) as queries:
            assert client.get(page).status_code == 200
        counts[page] = len(queries)
    for _ in range(5):
        grow()
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_actor_page_pins_its_queries(client, body, ki, django_assert_max_num_queries):
    network_actor = ActorFactory(body=body)

    def grow():
        ContactPersonFactory(actor=network_actor)
        CooperationEntryFactory(actor=network_actor, recorded_by=ki)
        SeatHolderFactory(seat=SteeringGroupSeatFactory(body=body), actor=network_actor)

    grow()
    client.force_login(ki)
    with django_assert_max_num_queries(30) as queries:
        client.get(url("actor", body, actor=network_actor.pk))
    for _ in range(4):
        grow()
    with django_assert_max_num_queries(len(queries)):
        assert client.get(url("actor", body, actor=network_actor.pk)).status_code == 200


@pytest.mark.django_db
def test_steering_group_page_pins_its_queries(client, body, ki, django_assert_max_num_queries):
    group = SteeringGroupFactory(body=body)

    def grow():
        seat = SteeringGroupSeatFactory(group=group, decided_count=2, proposed_count=3)
        member = SeatHolderFactory(seat=seat, actor=ActorFactory(body=body))
        SeatHolderFactory(seat=seat, role="deputy", deputy_for=member)
        SteeringGroupTaskFactory(group=group)

    grow()
    client.force_login(ki)
    pages = [url("steering_group", body, steeringgroup=group.pk), url("steering_groups", body)]
    counts = {}
    for page in pages:
        with django_assert_max_num_queries(30) as queries:
            assert client.get(page).status_code == 200
        counts[page] = len(queries)
    for _ in range(5):
        grow()
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_editors_add_rename_and_hide_their_own_kinds(client, body, ki):
    client.force_login(ki)
    client.post(url("actor_kinds", body), {"name": "Elterninitiative"})
    own = m.ActorKind.objects.get(body=body)
    client.post(url("actor_kind_edit", body, actorkind=own.pk), {"name": "Elternverein", "order": 5, "hidden": "on"})
    own.refresh_from_db()
    assert (own.name, own.hidden) == ("Elternverein", True)
    form = client.get(url("actor_create", body)).context["form"]
    offered = {kind.name for kind in form.fields["kind"].queryset}
    assert "Elternverein" not in offered and "Wohlfahrtsverband" in offered
    # The default kinds are not the body's: editing one is a 404.
    assert client.get(url("actor_kind_edit", body, actorkind=kind("Sonstige").pk)).status_code == 404


@pytest.mark.django_db
def test_start_page_tile_counts_filled_places(client, body, make_user):
    group = SteeringGroupFactory(body=body, name="Steuerungsgruppe Integration")
    seat = SteeringGroupSeatFactory(group=group, decided_count=3)
    SeatHolderFactory(seat=seat)
    client.force_login(make_user(body, Role.READER))
    page = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert "Steuerungsgruppe Integration" in page and "1/3" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.READER, Role.MEMBER, Role.MODERATOR])
def test_readers_see_the_steering_group_without_edit_controls(client, body, make_user, role):
    seat = SteeringGroupSeatFactory(body=body, label="Landrat", decided_count=1)
    member = SeatHolderFactory(seat=seat, name="Heinrich Sommer")
    SeatHolderFactory(seat=seat, name="Christoph Adler", role="deputy", deputy_for=member)
    SteeringGroupTaskFactory(group=seat.group, text="Informationsfluss sicher stellen")
    client.force_login(make_user(body, role))
    response = client.get(url("steering_group", body, steeringgroup=seat.group_id))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Heinrich Sommer" in page and "Christoph Adler" in page and "Informationsfluss sicher stellen" in page
    assert "Sitz hinzufügen" not in page and "Person benennen" not in page
    assert client.post(url("task_done", body, steeringgrouptask=seat.group.tasks.get().pk)).status_code == 403
    assert client.post(url("holder_delete", body, seatholder=member.pk)).status_code == 403
    assert m.SeatHolder.objects.filter(pk=member.pk).exists()
