"""Group work: groups per field and for process steering, members, cards, and drafts that go straight into the
concept as draft objects remembering their group and workshop."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.participation import models as m
from querschnitt.participation import selectors_groups, services, services_groups
from querschnitt.participation.tests.factories import ParticipantFactory
from querschnitt.strategy import services as concept_services
from querschnitt.strategy.models import GuidingGoal, Indicator, Measure
from querschnitt.strategy.tests.factories import ConceptFactory, FieldOfActionFactory


def url(name, body, **kwargs):
    return reverse(f"work_groups:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def moderator(make_user, body):
    return make_user(body, "moderator")


@pytest.fixture
def concept(body):
    concept = ConceptFactory(body=body)
    FieldOfActionFactory(concept=concept, title="Bildung", order=1)
    FieldOfActionFactory(concept=concept, title="Sprache", order=2)
    return concept


@pytest.fixture
def process(body, moderator, concept):
    return services.workshop_process_create(
        actor=moderator, body=body, title="Integrationsworkshop 2027", start_date=date(2027, 1, 20), concept=concept
    )


@pytest.fixture
def group(process, moderator, concept):
    return services_groups.work_group_create(
        actor=moderator, process=process, title="AG Bildung", field=concept.fields.get(title="Bildung")
    )


# --- Groups ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_group_per_field_and_one_for_process_steering(moderator, process):
    created = services_groups.work_groups_create_for_fields(actor=moderator, process=process)

    assert [group.title for group in created] == ["Bildung", "Sprache", "Prozesssteuerung"]
    assert created[-1].kind == m.WorkGroupKind.PROCESS_STEERING
    # A second call adds nothing: every field has its group and the steering group exists.
    assert services_groups.work_groups_create_for_fields(actor=moderator, process=process) == []
    with pytest.raises(ApplicationError, match="bereits eine Gruppe zur Prozesssteuerung"):
        services_groups.work_group_create(
            actor=moderator, process=process, title="Noch eine", kind=m.WorkGroupKind.PROCESS_STEERING
        )
    assert process.work_groups.count() == 3


@pytest.mark.django_db
def test_a_field_group_needs_a_field_of_the_workshops_concept(moderator, process, body):
    with pytest.raises(ApplicationError, match="Handlungsfeld"):
        services_groups.work_group_create(actor=moderator, process=process, title="Ohne Feld")
    foreign_field = FieldOfActionFactory(concept=ConceptFactory(body=body), title="Anderes Konzept")
    with pytest.raises(ApplicationError, match="Konzept des Workshops"):
        services_groups.work_group_create(actor=moderator, process=process, title="Falsch", field=foreign_field)
    assert not process.work_groups.exists()


@pytest.mark.django_db
def test_group_titles_are_unique_per_workshop(moderator, process, group, concept):
    with pytest.raises(ApplicationError, match="„AG Bildung“"):
        services_groups.work_group_create(
            actor=moderator, process=process, title="AG Bildung", field=concept.fields.get(title="Sprache")
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "reader"])
def test_only_those_who_run_workshops_manage_groups(make_user, body, process, group, role):
    user = make_user(body, role)
    with pytest.raises(ApplicationError):
        services_groups.work_group_create(actor=user, process=process, title="AG X", kind="process_steering")
    with pytest.raises(ApplicationError):
        services_groups.group_card_create(actor=user, group=group, text="Idee")
    with pytest.raises(ApplicationError):
        services_groups.group_draft_create(actor=user, group=group, kind="measure", text="Maßnahme")
    assert not group.cards.exists()
    assert not Measure.objects.exists()


# --- Members and cards ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_are_participants_of_the_same_workshop(moderator, group, process):
    person = ParticipantFactory(process=process, name="Ada Beispiel")
    stranger = ParticipantFactory(name="Aus anderem Workshop")

    services_groups.work_group_member_add(actor=moderator, group=group, participant=person)

    with pytest.raises(ApplicationError, match="bereits Mitglied"):
        services_groups.work_group_member_add(actor=moderator, group=group, participant=person)
    with pytest.raises(ApplicationError, match="Nur Teilnehmende dieses Workshops"):
        services_groups.work_group_member_add(actor=moderator, group=group, participant=stranger)
    assert [member.participant for member in group.members.all()] == [person]
    assert list(selectors_groups.candidates_for(group)) == []


@pytest.mark.django_db
def test_cards_are_shown_by_kind_and_heading(moderator, group):
    services_groups.group_card_create(actor=moderator, group=group, kind="reason", cluster="Warum", text="Netzwerk")
    services_groups.group_card_create(actor=moderator, group=group, kind="idea", text="Elterncafé")
    services_groups.group_card_create(actor=moderator, group=group, kind="reason", cluster="Warum", text="Koordination")
    with pytest.raises(ApplicationError, match="Karte"):
        services_groups.group_card_create(actor=moderator, group=group, text="   ")

    sections = selectors_groups.card_sections(group)

    assert [section.kind for section in sections] == ["idea", "reason"]
    reasons = sections[1].clusters
    assert [(cluster.heading, [card.text for card in cluster.cards]) for cluster in reasons] == [
        ("Warum", ["Netzwerk", "Koordination"])
    ]


# --- Drafts ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_drafts_go_into_the_concept_as_drafts_and_remember_their_group(moderator, group, concept):
    goal = services_groups.group_draft_create(
        actor=moderator, group=group, kind="guiding_goal", text="Alle Kinder erreichen einen Schulabschluss."
    )
    annual = services_groups.group_draft_create(
        actor=moderator, group=group, kind="annual_goal", text="Zehn Elterncafés", guiding_goal=goal
    )
    indicator = services_groups.group_draft_create(
        actor=moderator, group=group, kind="indicator", text="Schulabschlussquote", guiding_goal=goal
    )
    measure = services_groups.group_draft_create(
        actor=moderator, group=group, kind="measure", text="Elterncafés an Grundschulen", details="Mit Dolmetschung"
    )

    bildung = concept.fields.get(title="Bildung")
    assert goal.field == bildung and goal.draft
    assert annual.guiding_goal == goal and annual.field == bildung and annual.draft
    assert indicator.body == concept.body and indicator.draft and list(indicator.guiding_goals.all()) == [goal]
    assert measure.concept == concept and measure.field == bildung and measure.description == "Mit Dolmetschung"
    # Each draft knows its group and, through it, the workshop.
    for draft in (goal, annual, indicator, measure):
        assert [g.process for g in draft.drafting_groups.all()] == [group.process]
    assert selectors_groups.drafts_of(group).total == 4
    # The concept's history records the moderator as the author, not "System".
    assert goal.history.first().history_user == moderator


@pytest.mark.django_db
def test_a_draft_needs_the_workshops_concept(moderator, body):
    process = services.workshop_process_create(
        actor=moderator, body=body, title="Ohne Konzept", start_date=date(2027, 1, 20)
    )
    steering = services_groups.work_group_create(
        actor=moderator, process=process, title="Steuerung", kind="process_steering"
    )
    with pytest.raises(ApplicationError, match="Integrationskonzept"):
        services_groups.group_draft_create(actor=moderator, group=steering, kind="measure", text="Integrationsbüro")
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_a_goal_drafted_by_the_steering_group_needs_a_field(moderator, process, concept):
    steering = services_groups.work_group_create(
        actor=moderator, process=process, title="Steuerung", kind="process_steering"
    )
    with pytest.raises(ApplicationError, match="Handlungsfeld"):
        services_groups.group_draft_create(actor=moderator, group=steering, kind="guiding_goal", text="Ziel")
    measure = services_groups.group_draft_create(
        actor=moderator, group=steering, kind="measure", text="Integrationsbüro einrichten"
    )
    assert measure.field is None and measure.draft
    assert not GuidingGoal.objects.exists()


@pytest.mark.django_db
def test_a_draft_is_removed_only_while_it_is_a_draft(moderator, office_user, group):
    draft = services_groups.group_draft_create(actor=moderator, group=group, kind="indicator", text="Quote")
    confirmed = services_groups.group_draft_create(actor=moderator, group=group, kind="measure", text="Bleibt")
    concept_services.concept_draft_confirm(actor=office_user, obj=confirmed)

    with pytest.raises(ApplicationError, match="bestätigt"):
        services_groups.group_draft_remove(actor=moderator, group=group, draft=Measure.objects.get(pk=confirmed.pk))
    with pytest.raises(ApplicationError, match="Entwürfe im Konzept"):
        services_groups.work_group_delete(actor=moderator, group=group)
    services_groups.group_draft_remove(actor=moderator, group=group, draft=draft)

    assert not Indicator.objects.filter(pk=draft.pk).exists()
    assert Measure.objects.filter(pk=confirmed.pk, draft=False).exists()


# --- Pages ----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_group_page_shows_drafts_cards_and_member_names_only_to_the_entitled(
    client, make_user, body, moderator, group, process
):
    person = ParticipantFactory(process=process, name="Ada Beispiel")
    services_groups.work_group_member_add(actor=moderator, group=group, participant=person)
    services_groups.group_card_create(actor=moderator, group=group, text="Elterncafé")
    services_groups.group_draft_create(actor=moderator, group=group, kind="measure", text="Lesepaten")

    client.force_login(make_user(body, "member"))
    page = client.get(url("group", body, workgroup=group.pk)).content.decode()
    assert "Lesepaten" in page and "Elterncafé" in page and "Entwurf" in page
    assert "Ada Beispiel" not in page and "1 Mitglied" in page
    assert 'name="karte-text"' not in page

    client.force_login(moderator)
    page = client.get(url("group", body, workgroup=group.pk)).content.decode()
    assert "Ada Beispiel" in page and 'name="karte-text"' in page and 'name="entwurf-text"' in page


@pytest.mark.django_db
def test_a_refused_draft_keeps_what_was_typed(client, body, moderator, process):
    steering = services_groups.work_group_create(
        actor=moderator, process=process, title="Steuerung", kind="process_steering"
    )
    client.force_login(moderator)

    response = client.post(
        url("draft_add", body, workgroup=steering.pk),
        {"entwurf-kind": "guiding_goal", "entwurf-text": "Ein langer Leitziel-Text, der nicht verloren geht"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte wählen Sie das Handlungsfeld des Entwurfs." in page
    assert "Ein langer Leitziel-Text, der nicht verloren geht" in page
    assert not GuidingGoal.objects.exists()


@pytest.mark.django_db
def test_moderator_adds_card_member_and_draft_through_the_page(client, body, moderator, group, process):
    person = ParticipantFactory(process=process, name="Bea Beispiel")
    client.force_login(moderator)

    client.post(url("card_add", body, workgroup=group.pk), {"karte-kind": "idea", "karte-text": "Lesepaten"})
    client.post(url("member_add", body, workgroup=group.pk), {"mitglied-participant": person.pk})
    client.post(url("draft_add", body, workgroup=group.pk), {"entwurf-kind": "measure", "entwurf-text": "Lesepaten"})

    assert list(group.cards.values_list("text", flat=True)) == ["Lesepaten"]
    assert list(group.members.values_list("participant__name", flat=True)) == ["Bea Beispiel"]
    assert list(group.measures.values_list("title", "draft")) == [("Lesepaten", True)]


@pytest.mark.django_db
def test_pages_need_a_constant_number_of_queries(client, body, moderator, process, concept):
    def add_group(number):
        group = services_groups.work_group_create(
            actor=moderator, process=process, title=f"AG {number}", field=concept.fields.first()
        )
        services_groups.group_card_create(actor=moderator, group=group, text=f"Karte {number}")
        services_groups.group_draft_create(actor=moderator, group=group, kind="measure", text=f"Maßnahme {number}")
        services_groups.group_draft_create(actor=moderator, group=group, kind="guiding_goal", text=f"Ziel {number}")
        services_groups.work_group_member_add(
            actor=moderator, group=group, participant=ParticipantFactory(process=process)
        )
        return group

    first = add_group(1)
    client.force_login(moderator)
    counts = []
    for number in (2, 3):
        with CaptureQueriesContext(connection) as list_queries:
            assert client.get(url("groups", body, workshopprocess=process.pk)).status_code == 200
        with CaptureQueriesContext(connection) as detail_queries:
            assert client.get(url("group", body, workgroup=first.pk)).status_code == 200
        counts.append((len(list_queries), len(detail_queries)))
        add_group(number)
        services_groups.group_card_create(actor=moderator, group=first, text=f"Noch eine Karte {number}")
        services_groups.group_draft_create(actor=moderator, group=first, kind="measure", text=f"Noch eine {number}")
    assert counts[0] == counts[1]
