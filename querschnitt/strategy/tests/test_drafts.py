"""Drafts in the concept: workshop moderators add goals, indicators and measures as drafts and set the priorities
of the fields of action; the concept's editors confirm the drafts."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy import models as m
from querschnitt.strategy import selectors, services
from querschnitt.strategy.tests.factories import (
    AnnualGoalFactory,
    ConceptFactory,
    EvaluationFactory,
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MeasureFactory,
    ObservationFactory,
)
from querschnitt.tenancy.models import Role

pytestmark = pytest.mark.django_db


def url(name, body, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def moderator(make_user, body):
    return make_user(body, Role.MODERATOR)


@pytest.fixture
def field(body):
    return FieldOfActionFactory(concept=ConceptFactory(body=body, status="adopted"), title="Bildung")


# --- Permissions -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, drafts",
    [
        (Role.OFFICE, True),
        (Role.INTEGRATION_CENTRE, True),
        (Role.MODERATOR, True),
        (Role.MEMBER, False),
        (Role.READER, False),
    ],
)
def test_who_may_draft_and_set_priorities(make_user, body, role, drafts):
    user = make_user(body, role)
    assert user.has_perm("strategy.draft_concept", body) == drafts
    assert user.has_perm("strategy.set_priorities", body) == drafts
    assert user.has_perm("strategy.edit_concept", body) == (role in (Role.OFFICE, Role.INTEGRATION_CENTRE))


def test_a_moderator_of_another_body_may_not_draft_here(make_user, body, other_body):
    assert not make_user(other_body, Role.MODERATOR).has_perm("strategy.draft_concept", body)


# --- Services: creating and changing drafts --------------------------------------------------------------------------


def test_moderator_creates_drafts_of_every_kind(body, field, moderator):
    goal = services.guiding_goal_create(actor=moderator, field=field, text="Alle Kinder sprechen Deutsch", draft=True)
    annual = services.annual_goal_create(
        actor=moderator, field=field, guiding_goal=goal, text="Sprachkurse in allen Kitas", draft=True
    )
    indicator = services.indicator_create(
        actor=moderator, body=body, name="Kinder mit Sprachförderbedarf", guiding_goals=[goal], draft=True
    )
    target = services.indicator_target_create(actor=moderator, indicator=indicator, kind="value", value=Decimal(20))
    measure = services.measure_create(
        actor=moderator, concept=field.concept, field=field, title="Sprachcafé", annual_goals=[annual], draft=True
    )
    services.measure_budget_create(actor=moderator, measure=measure, amount=Decimal(600))
    services.milestone_create(actor=moderator, measure=measure, title="Start")

    for obj in (goal, annual, indicator, measure):
        obj.refresh_from_db()
        assert obj.draft is True
        assert obj.history.latest().history_user == moderator
    assert list(indicator.guiding_goals.all()) == [goal] and list(measure.annual_goals.all()) == [annual]
    assert target.indicator_id == indicator.pk and measure.budget_lines.get().amount == Decimal(600)
    assert selectors.drafts_waiting(field.concept) == 4


def test_moderator_changes_and_deletes_a_stored_draft(field, moderator):
    goal = services.guiding_goal_create(actor=moderator, field=field, text="Entwurf", draft=True)

    services.guiding_goal_update(actor=moderator, goal=goal, text="Überarbeiteter Entwurf")
    assert m.GuidingGoal.objects.get(pk=goal.pk).text == "Überarbeiteter Entwurf"

    services.guiding_goal_delete(actor=moderator, goal=goal)
    assert not m.GuidingGoal.objects.filter(pk=goal.pk).exists()


def test_moderator_may_not_add_a_confirmed_object(field, moderator):
    with pytest.raises(ApplicationError) as error:
        services.guiding_goal_create(actor=moderator, field=field, text="Gleich bestätigt")
    assert "nur Entwürfe" in str(error.value.message)
    assert not field.guiding_goals.exists()


def test_moderator_may_not_change_or_delete_a_confirmed_object(field, moderator):
    goal = GuidingGoalFactory(field=field, text="Bestätigt")
    measure = MeasureFactory(concept=field.concept, title="Bestätigte Maßnahme")

    with pytest.raises(ApplicationError) as error:
        services.guiding_goal_update(actor=moderator, goal=goal, text="Geändert")
    assert "bereits bestätigt" in str(error.value.message)
    with pytest.raises(ApplicationError):
        services.measure_update(actor=moderator, measure=measure, status="running")
    with pytest.raises(ApplicationError):
        services.measure_delete(actor=moderator, measure=measure)

    assert m.GuidingGoal.objects.get(pk=goal.pk).text == "Bestätigt"
    assert m.Measure.objects.get(pk=measure.pk).status == "planned"


def test_moderator_may_not_turn_a_confirmed_object_into_a_draft(body, field, moderator):
    goal = GuidingGoalFactory(field=field, text="Bestätigt")
    indicator = IndicatorFactory(body=body)

    with pytest.raises(ApplicationError):
        services.guiding_goal_update(actor=moderator, goal=goal, draft=True, text="Doch nur ein Entwurf")
    with pytest.raises(ApplicationError):
        services.indicator_update(actor=moderator, indicator=indicator, draft=True)

    assert m.GuidingGoal.objects.get(pk=goal.pk).draft is False
    assert m.Indicator.objects.get(pk=indicator.pk).draft is False


def test_the_stored_row_decides_not_the_object_in_memory(field, moderator, office_user):
    """An editor confirmed the draft meanwhile: the moderator's stale copy still says draft, the database does not."""
    goal = services.guiding_goal_create(actor=moderator, field=field, text="Entwurf", draft=True)
    stale = m.GuidingGoal.objects.get(pk=goal.pk)
    services.concept_draft_confirm(actor=office_user, obj=goal)

    with pytest.raises(ApplicationError):
        services.guiding_goal_update(actor=moderator, goal=stale, text="Überschrieben")
    assert m.GuidingGoal.objects.get(pk=goal.pk).text == "Entwurf"


def test_moderator_may_not_confirm_a_draft_by_saving_it(field, moderator):
    goal = services.guiding_goal_create(actor=moderator, field=field, text="Entwurf", draft=True)

    with pytest.raises(ApplicationError):
        services.guiding_goal_update(actor=moderator, goal=goal, draft=False)
    with pytest.raises(ApplicationError):
        services.concept_draft_confirm(actor=moderator, obj=goal)
    assert m.GuidingGoal.objects.get(pk=goal.pk).draft is True


def test_parts_of_a_confirmed_object_stay_with_the_editors(body, moderator):
    indicator = IndicatorFactory(body=body)
    target = IndicatorTargetFactory(indicator=indicator)
    draft_indicator = IndicatorFactory(body=body, draft=True)

    with pytest.raises(ApplicationError):
        services.indicator_target_create(actor=moderator, indicator=indicator, kind="value", value=Decimal(1))
    with pytest.raises(ApplicationError):
        services.indicator_target_delete(actor=moderator, target=target)
    # Nor can a part be moved from a confirmed object into a draft.
    with pytest.raises(ApplicationError):
        services.indicator_target_update(actor=moderator, target=target, indicator=draft_indicator)

    assert list(indicator.targets.all()) == [target]


def test_moderator_may_not_delete_a_draft_that_holds_the_editors_work(body, field, moderator):
    goal = GuidingGoalFactory(field=field, draft=True)
    AnnualGoalFactory(field=field, guiding_goal=goal)  # confirmed, would go with the guiding goal
    indicator = IndicatorFactory(body=body, draft=True)
    ObservationFactory(indicator=indicator)
    measure = MeasureFactory(concept=field.concept, draft=True)
    EvaluationFactory(measure=measure, concept=field.concept)

    for delete in (
        lambda: services.guiding_goal_delete(actor=moderator, goal=goal),
        lambda: services.indicator_delete(actor=moderator, indicator=indicator),
        lambda: services.measure_delete(actor=moderator, measure=measure),
    ):
        with pytest.raises(ApplicationError):
            delete()
    assert m.GuidingGoal.objects.filter(pk=goal.pk).exists() and m.Indicator.objects.filter(pk=indicator.pk).exists()
    assert m.Measure.objects.filter(pk=measure.pk).exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.READER])
def test_members_and_readers_may_not_draft(make_user, body, field, role):
    user = make_user(body, role)
    with pytest.raises(ApplicationError) as error:
        services.guiding_goal_create(actor=user, field=field, text="Entwurf", draft=True)
    assert str(error.value.message) == "Sie dürfen das Integrationskonzept dieser Kommune nicht ändern."
    with pytest.raises(ApplicationError):
        services.fields_set_priorities(actor=user, concept=field.concept, points={"Bildung": 5})
    assert not field.guiding_goals.exists()
    assert m.FieldOfAction.objects.get(pk=field.pk).priority_points is None


def test_moderator_of_another_body_may_not_draft(make_user, other_body, field):
    with pytest.raises(ApplicationError):
        services.guiding_goal_create(actor=make_user(other_body, Role.MODERATOR), field=field, text="Fremd", draft=True)
    assert not field.guiding_goals.exists()


# --- Priorities from a dot vote ------------------------------------------------------------------------------------


def test_moderator_sets_priorities_and_creates_missing_fields(field, moderator):
    fields = services.fields_set_priorities(actor=moderator, concept=field.concept, points={"Bildung": 12, "Arbeit": 7})

    assert [(f.title, f.priority_points) for f in fields] == [("Bildung", 12), ("Arbeit", 7)]
    assert dict(field.concept.fields.values_list("title", "priority_points")) == {"Bildung": 12, "Arbeit": 7}
    created = field.concept.fields.get(title="Arbeit")
    assert created.history.latest().history_user == moderator


def test_priorities_open_no_other_change_of_a_field(field, moderator):
    with pytest.raises(ApplicationError):
        services.field_of_action_update(actor=moderator, field=field, priority_points=3)
    with pytest.raises(ApplicationError):
        services.field_of_action_update(actor=moderator, field=field, title="Umbenannt")
    with pytest.raises(ApplicationError):
        services.field_of_action_create(actor=moderator, concept=field.concept, title="Neu")
    with pytest.raises(ApplicationError):
        services.field_of_action_delete(actor=moderator, field=field)
    assert list(field.concept.fields.values_list("title", "priority_points")) == [("Bildung", None)]


# --- Confirming ------------------------------------------------------------------------------------------------------


def test_office_confirms_a_draft_and_the_history_says_who(field, moderator, office_user):
    measure = services.measure_create(actor=moderator, concept=field.concept, title="Sprachcafé", draft=True)

    services.concept_draft_confirm(actor=office_user, obj=measure)

    measure.refresh_from_db()
    assert measure.draft is False
    latest = measure.history.latest()
    assert latest.history_user == office_user and latest.draft is False
    # From now on the measure is the editors'.
    with pytest.raises(ApplicationError):
        services.measure_update(actor=moderator, measure=measure, title="Noch geändert")


def test_confirming_what_is_not_a_draft_is_refused(field, office_user):
    goal = GuidingGoalFactory(field=field)
    with pytest.raises(ApplicationError) as error:
        services.concept_draft_confirm(actor=office_user, obj=goal)
    assert "kein Entwurf" in str(error.value.message)


def test_a_field_of_action_cannot_be_confirmed(field, office_user):
    with pytest.raises(ApplicationError):
        services.concept_draft_confirm(actor=office_user, obj=field)


# --- New version ---------------------------------------------------------------------------------------------------


def test_new_version_keeps_drafts_as_drafts(field, office_user):
    confirmed = GuidingGoalFactory(field=field, text="Bestätigt")
    draft = GuidingGoalFactory(field=field, text="Entwurf", draft=True)
    AnnualGoalFactory(field=field, guiding_goal=draft, text="Jahresentwurf", draft=True)
    MeasureFactory(concept=field.concept, field=field, title="Maßnahmenentwurf", draft=True)
    MeasureFactory(concept=field.concept, field=field, title="Maßnahme")

    new = services.concept_new_version(actor=office_user, concept=field.concept)

    goals = dict(m.GuidingGoal.objects.filter(field__concept=new).values_list("text", "draft"))
    assert goals == {confirmed.text: False, draft.text: True}
    assert m.AnnualGoal.objects.get(field__concept=new).draft is True
    assert dict(new.measures.values_list("title", "draft")) == {"Maßnahmenentwurf": True, "Maßnahme": False}
    assert selectors.drafts_waiting(new) == 3


# --- Pages ---------------------------------------------------------------------------------------------------------


def test_draft_pages_show_the_badge_and_the_confirm_button_to_editors_only(client, body, field, moderator, office_user):
    goal = GuidingGoalFactory(field=field, text="Leitziel im Entwurf", draft=True)
    annual = AnnualGoalFactory(field=field, text="Jahresziel im Entwurf", draft=True)
    indicator = IndicatorFactory(body=body, name="Indikator im Entwurf", draft=True)
    measure = MeasureFactory(concept=field.concept, field=field, title="Maßnahme im Entwurf", draft=True)
    pages = {
        url("guiding_goal", body, guidinggoal=goal.pk): url("guiding_goal_confirm", body, guidinggoal=goal.pk),
        url("annual_goal", body, annualgoal=annual.pk): url("annual_goal_confirm", body, annualgoal=annual.pk),
        url("indicator", body, indicator=indicator.pk): url("indicator_confirm", body, indicator=indicator.pk),
        url("measure", body, measure=measure.pk): url("measure_confirm", body, measure=measure.pk),
    }
    for user, sees_button in ((office_user, True), (moderator, False)):
        client.force_login(user)
        for page, confirm_url in pages.items():
            html = client.get(page).content.decode()
            assert ">Entwurf</span>" in html, page
            assert (confirm_url in html and "Entwurf bestätigen" in html) == sees_button, (page, user)


def test_confirmed_pages_have_no_badge_and_no_button(client, body, field, office_user):
    goal = GuidingGoalFactory(field=field)
    client.force_login(office_user)
    html = client.get(url("guiding_goal", body, guidinggoal=goal.pk)).content.decode()
    assert ">Entwurf</span>" not in html and "Entwurf bestätigen" not in html


def test_lists_and_tree_mark_drafts(client, body, field, office_user):
    goal = GuidingGoalFactory(field=field, text="Leitziel im Entwurf", draft=True)
    indicator = IndicatorFactory(body=body, name="Indikator im Entwurf", draft=True)
    indicator.guiding_goals.add(goal)
    MeasureFactory(concept=field.concept, field=field, title="Maßnahme im Entwurf", draft=True)
    client.force_login(office_user)

    tree = client.get(url("concept", body, concept=field.concept_id)).content.decode()
    # The goal and its indicator carry the badge in the tree (and in the gaps panel, which lists the goal too).
    assert tree.count(">Entwurf</span>") >= 2
    assert "3 Entwürfe warten auf Ihre Bestätigung" in tree
    assert ">Entwurf</span>" in client.get(url("field", body, fieldofaction=field.pk)).content.decode()
    assert ">Entwurf</span>" in client.get(url("indicators", body)).content.decode()
    assert ">Entwurf</span>" in client.get(url("measures", body)).content.decode()
    assert ">Entwurf</span>" in client.get(url("measures", body), {"ansicht": "tafel"}).content.decode()


def test_only_editors_see_how_many_drafts_wait(client, body, field, moderator):
    GuidingGoalFactory(field=field, draft=True)
    client.force_login(moderator)
    response = client.get(url("concept", body, concept=field.concept_id))
    assert response.context["drafts_waiting"] == 0
    assert "warten auf Ihre Bestätigung" not in response.content.decode()
    assert "wartet auf Ihre Bestätigung" not in response.content.decode()


def test_measure_list_filters_drafts(client, body, field, office_user):
    draft = MeasureFactory(concept=field.concept, title="Entwurf", draft=True)
    MeasureFactory(concept=field.concept, title="Bestätigt")
    client.force_login(office_user)
    response = client.get(url("measures", body), {"drafts": "on"})
    assert list(response.context["measures"]) == [draft]
    assert "nur Entwürfe" in response.content.decode()
    assert len(client.get(url("measures", body)).context["measures"]) == 2


def test_the_concept_page_counts_drafts_in_one_query(client, body, field, office_user, django_assert_num_queries):
    def grow(draft):
        goal = GuidingGoalFactory(field=field, draft=draft)
        AnnualGoalFactory(field=field, guiding_goal=goal, draft=draft)
        IndicatorFactory(body=body, draft=draft).guiding_goals.add(goal)
        MeasureFactory(concept=field.concept, field=field, draft=draft).guiding_goals.add(goal)

    grow(draft=False)
    client.force_login(office_user)
    page = url("concept", body, concept=field.concept_id)
    with CaptureQueriesContext(connection) as without_drafts:
        client.get(page)
    grow(draft=True)
    grow(draft=True)
    # The count is one query for editors, with or without drafts: the page costs the same with any number of them.
    with django_assert_num_queries(len(without_drafts)):
        response = client.get(page)
    assert response.context["drafts_waiting"] == 8
    counts = [query["sql"] for query in without_drafts.captured_queries if "UNION ALL" in query["sql"]]
    assert len(counts) == 1


def test_office_confirms_through_the_page(client, body, field, office_user):
    measure = MeasureFactory(concept=field.concept, title="Sprachcafé", draft=True)
    client.force_login(office_user)

    response = client.post(url("measure_confirm", body, measure=measure.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("measure", body, measure=measure.pk)
    assert "Der Entwurf ist bestätigt" in response.content.decode()
    measure.refresh_from_db()
    assert measure.draft is False and measure.history.latest().history_user == office_user


def test_confirming_a_confirmed_object_through_the_page_says_why_not(client, body, field, office_user):
    goal = GuidingGoalFactory(field=field)
    client.force_login(office_user)
    response = client.post(url("guiding_goal_confirm", body, guidinggoal=goal.pk), follow=True)
    assert "kein Entwurf" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.MEMBER, Role.READER])
def test_only_editors_confirm_through_the_page(client, make_user, body, field, role):
    goal = AnnualGoalFactory(field=field, draft=True)
    client.force_login(make_user(body, role))
    assert client.post(url("annual_goal_confirm", body, annualgoal=goal.pk)).status_code == 403
    assert m.AnnualGoal.objects.get(pk=goal.pk).draft is True


def test_editor_of_another_body_gets_404(client, make_user, body, other_body):
    indicator = IndicatorFactory(body=other_body, draft=True)
    client.force_login(make_user(body, Role.OFFICE))
    assert client.post(url("indicator_confirm", body, indicator=indicator.pk)).status_code == 404
    assert client.post(url("indicator_confirm", other_body, indicator=indicator.pk)).status_code == 404
    assert m.Indicator.objects.get(pk=indicator.pk).draft is True


def test_confirm_answers_post_only(client, body, field, office_user):
    goal = GuidingGoalFactory(field=field, draft=True)
    client.force_login(office_user)
    assert client.get(url("guiding_goal_confirm", body, guidinggoal=goal.pk)).status_code == 405
    assert m.GuidingGoal.objects.get(pk=goal.pk).draft is True


# --- Data that leaves the pages ------------------------------------------------------------------------------------


def test_export_and_api_mark_drafts(client, body, field, office_user):
    goal = GuidingGoalFactory(field=field, draft=True)
    measure = MeasureFactory(concept=field.concept, field=field, draft=True)
    indicator = IndicatorFactory(body=body, draft=True)
    indicator.guiding_goals.add(goal)
    client.force_login(office_user)

    data = json.loads(client.get(url("concept_export_json", body, concept=field.concept_id)).content)
    assert [g["draft"] for g in data["guiding_goals"]] == [True]
    assert [i["draft"] for i in data["indicators"]] == [True] and [x["draft"] for x in data["measures"]] == [True]

    api = f"/api/bodies/{body.slug}"
    assert client.get(f"{api}/measures/{measure.pk}").json()["draft"] is True
    assert client.get(f"{api}/indicators/{indicator.pk}").json()["draft"] is True
    concept = client.get(f"{api}/concepts/{field.concept_id}").json()
    assert concept["fields"][0]["guiding_goals"][0]["draft"] is True
