"""The good-practice library's services and selectors: who publishes, only the body's own measures, what a measure
suggests, publishing and withdrawing, the library's filters, and pulling examples into a workshop day once."""

from datetime import date

import pytest
from django.db import IntegrityError
from django.utils.translation import gettext

from querschnitt.core.exceptions import ApplicationError
from querschnitt.participation.tests.factories import WorkshopDayFactory
from querschnitt.statewide import models as m
from querschnitt.statewide import selectors_practice as selectors
from querschnitt.statewide import services_practice as services
from querschnitt.statewide.tests.factories import PracticeExampleFactory, WorkshopPracticeExampleFactory
from querschnitt.strategy.models import MeasureStatus
from querschnitt.strategy.tests.factories import (
    FieldOfActionFactory,
    GuidingGoalFactory,
    IndicatorFactory,
    MeasureFactory,
)
from querschnitt.tenancy.models import Role

TEXTS = {
    "title": "Sprachcafés",
    "topic": m.PracticeTopic.LANGUAGE,
    "size": m.MunicipalitySize.CITY,
    "what_was_done": "Sprachcafés in drei Stadtteilen",
}


@pytest.fixture
def measure(body):
    return MeasureFactory(body=body, title="Sprachcafés einrichten", description="In drei Stadtteilen")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICE, Role.INTEGRATION_CENTRE])
def test_office_and_integration_centre_publish_a_measure(make_user, body, measure, role):
    actor = make_user(body, role)

    example = services.practice_example_create(actor=actor, body=body, measure=measure, published=True, **TEXTS)

    example.refresh_from_db()
    assert example.published and example.published_on is not None
    assert example.measure == measure and example.body == body
    assert example.history.first().history_user == actor


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.READER, Role.MODERATOR])
def test_others_in_the_body_cannot_publish(make_user, body, measure, role):
    with pytest.raises(ApplicationError):
        services.practice_example_create(actor=make_user(body, role), body=body, measure=measure, **TEXTS)
    assert not m.PracticeExample.objects.exists()


@pytest.mark.django_db
def test_the_office_of_another_body_cannot_publish(make_user, body, other_body, measure):
    with pytest.raises(ApplicationError):
        services.practice_example_create(actor=make_user(other_body, Role.OFFICE), body=body, measure=measure, **TEXTS)
    assert not m.PracticeExample.objects.exists()


@pytest.mark.django_db
def test_a_measure_of_another_body_is_refused(make_user, body, other_body):
    foreign = MeasureFactory(body=other_body)

    with pytest.raises(ApplicationError) as refused:
        services.practice_example_create(actor=make_user(body, Role.OFFICE), body=body, measure=foreign, **TEXTS)

    assert refused.value.field == "measure"
    assert not m.PracticeExample.objects.exists()


@pytest.mark.django_db
def test_a_person_must_name_the_measure(make_user, body):
    with pytest.raises(ApplicationError):
        services.practice_example_create(actor=make_user(body, Role.OFFICE), body=body, measure=None, **TEXTS)


@pytest.mark.django_db
def test_invalid_texts_are_refused_at_their_field(make_user, body, measure):
    with pytest.raises(ApplicationError) as refused:
        services.practice_example_create(
            actor=make_user(body, Role.OFFICE), body=body, measure=measure, **{**TEXTS, "topic": "nonsense"}
        )
    assert refused.value.field == "topic"


@pytest.mark.django_db
def test_publish_and_withdraw(make_user, body):
    office = make_user(body, Role.OFFICE)
    example = PracticeExampleFactory(body=body)

    services.practice_example_set_published(actor=office, example=example, published=True)
    assert example.published and example.published_on is not None

    services.practice_example_set_published(actor=office, example=example, published=False)
    example.refresh_from_db()
    assert not example.published and example.published_on is None

    with pytest.raises(ApplicationError):
        services.practice_example_set_published(actor=make_user(body, Role.MEMBER), example=example, published=True)


@pytest.mark.django_db
def test_update_keeps_the_measure_and_refuses_unknown_fields(make_user, body, measure):
    office = make_user(body, Role.OFFICE)
    example = PracticeExampleFactory(body=body, measure=measure)

    services.practice_example_update(actor=office, example=example, title="Neuer Titel", results="Viele")
    example.refresh_from_db()
    assert (example.title, example.results, example.measure) == ("Neuer Titel", "Viele", measure)

    with pytest.raises(ApplicationError):
        services.practice_example_update(actor=office, example=example, body=measure.concept.body)


@pytest.mark.django_db
def test_what_a_measure_suggests(body):
    field = FieldOfActionFactory(body=body, title="Sprache und Bildung")
    goal = GuidingGoalFactory(field=field)
    measure = MeasureFactory(
        concept=field.concept,
        field=field,
        title="Sprachcafés",
        description="Treffen in drei Stadtteilen",
        lead_owner="Volkshochschule",
        status=MeasureStatus.RUNNING,
        progress=40,
    )
    measure.guiding_goals.add(goal)
    IndicatorFactory(body=body, name="Zahl der Teilnehmenden").guiding_goals.add(goal)
    IndicatorFactory(body=body, name="Nicht verknüpft")

    initial = selectors.practice_initial_from_measure(measure)

    assert initial["title"] == "Sprachcafés"
    assert initial["what_was_done"] == "Treffen in drei Stadtteilen"
    assert "40 %" in initial["results"]
    assert initial["indicators"] == "Zahl der Teilnehmenden"
    assert initial["contact_name"] == "Volkshochschule"
    assert initial["topic"] == m.PracticeTopic.LANGUAGE


@pytest.mark.django_db
def test_library_filters(body, other_body):
    body.name, other_body.name = "Stadt Aachen", "Kreis Borken"
    body.save()
    other_body.save()
    language = PracticeExampleFactory(
        body=body, title="Sprachcafés", published=True, published_on=date(2026, 3, 1), size=m.MunicipalitySize.CITY
    )
    work = PracticeExampleFactory(
        body=other_body,
        title="Jobpaten",
        topic=m.PracticeTopic.WORK,
        size=m.MunicipalitySize.DISTRICT,
        what_was_done="Paten begleiten in Ausbildung",
        published=True,
        published_on=date(2026, 4, 1),
    )
    PracticeExampleFactory(body=body, title="Entwurf Sprachcafé", published=False)

    assert list(selectors.published_practice_examples()) == [work, language]
    assert list(selectors.published_practice_examples(topic=m.PracticeTopic.WORK)) == [work]
    assert list(selectors.published_practice_examples(size=m.MunicipalitySize.CITY)) == [language]
    assert list(selectors.published_practice_examples(text="ausbildung")) == [work]
    assert list(selectors.published_practice_examples(text="Borken paten")) == [work]
    assert list(selectors.published_practice_examples(text="sprachcaf")) == [language]
    assert list(selectors.published_practice_examples(exclude_ids=[work.pk])) == [language]


# --- Workshop days ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MODERATOR, Role.OFFICE, Role.INTEGRATION_CENTRE])
def test_workshop_planners_pull_an_example_of_another_body_into_a_day(make_user, body, other_body, role):
    actor = make_user(body, role)
    day = WorkshopDayFactory(body=body)
    example = PracticeExampleFactory(body=other_body, published=True, published_on=date(2026, 3, 1))

    use = services.workshop_practice_add(actor=actor, day=day, example=example)

    assert list(selectors.practice_examples_of_day(day)) == [use]
    assert use.added_by == actor


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.READER])
def test_members_and_readers_cannot_pull_examples(make_user, body, role):
    day = WorkshopDayFactory(body=body)
    example = PracticeExampleFactory(published=True)
    with pytest.raises(ApplicationError):
        services.workshop_practice_add(actor=make_user(body, role), day=day, example=example)
    assert not m.WorkshopPracticeExample.objects.exists()


@pytest.mark.django_db
def test_the_moderator_of_another_body_cannot_pull_examples(make_user, body, other_body):
    day = WorkshopDayFactory(body=body)
    with pytest.raises(ApplicationError):
        services.workshop_practice_add(
            actor=make_user(other_body, Role.MODERATOR), day=day, example=PracticeExampleFactory(published=True)
        )


@pytest.mark.django_db
def test_an_example_is_pulled_once_per_day_and_only_when_published(make_user, body):
    moderator = make_user(body, Role.MODERATOR)
    day = WorkshopDayFactory(body=body)
    example = PracticeExampleFactory(published=True)
    services.workshop_practice_add(actor=moderator, day=day, example=example)

    with pytest.raises(ApplicationError) as refused:
        services.workshop_practice_add(actor=moderator, day=day, example=example)
    assert refused.value.message == gettext("This example has already been chosen for the day.")
    with pytest.raises(ApplicationError):
        services.workshop_practice_add(actor=moderator, day=day, example=PracticeExampleFactory(published=False))
    # Another day of the body may use it as well.
    services.workshop_practice_add(actor=moderator, day=WorkshopDayFactory(body=body), example=example)
    assert m.WorkshopPracticeExample.objects.filter(example=example).count() == 2


@pytest.mark.django_db
def test_the_database_keeps_an_example_once_per_day(body):
    use = WorkshopPracticeExampleFactory(body=body)
    with pytest.raises(IntegrityError):
        m.WorkshopPracticeExample.objects.create(day=use.day, example=use.example)


@pytest.mark.django_db
def test_remove_an_example_from_a_day(make_user, body):
    use = WorkshopPracticeExampleFactory(body=body)
    with pytest.raises(ApplicationError):
        services.workshop_practice_remove(actor=make_user(body, Role.READER), use=use)
    services.workshop_practice_remove(actor=make_user(body, Role.MODERATOR), use=use)
    assert not m.WorkshopPracticeExample.objects.exists()
