"""Measures and fields of action linked to actor records (network): the body's own actors only, the text as the
workshop wrote it kept, lists filtered by actor, and the links carried into a new concept version."""

import pytest
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.network.tests.factories import ActorFactory
from querschnitt.strategy import selectors, services
from querschnitt.strategy.actor_links import actor_names_in, match_actors
from querschnitt.strategy.tests.factories import ConceptFactory, FieldOfActionFactory


@pytest.fixture
def concept(body):
    return ConceptFactory(body=body)


@pytest.fixture
def jobcenter(body):
    return ActorFactory(body=body, name="Jobcenter Rhein-Kreis Neuss", short_name="Jobcenter")


@pytest.fixture
def agentur(body):
    return ActorFactory(body=body, name="Agentur für Arbeit")


def test_names_are_read_from_the_workshops_text():
    assert actor_names_in("Agentur, Jobcenter; Schulen\nBBZ und Verbände sowie IHK …") == [
        "Agentur",
        "Jobcenter",
        "Schulen",
        "BBZ",
        "Verbände",
        "IHK",
    ]
    assert actor_names_in("") == []


@pytest.mark.django_db
def test_text_matches_names_and_short_names_once(jobcenter, agentur):
    matched, rest = match_actors("agentur für arbeit, Jobcenter, Arbeitgeber, JOBCENTER", [jobcenter, agentur])
    assert matched == [agentur, jobcenter]
    assert rest == ["Arbeitgeber"]


@pytest.mark.django_db
def test_measure_links_lead_and_involved_actors_of_its_body(office_user, concept, jobcenter, agentur, other_body):
    measure = services.measure_create(
        actor=office_user, concept=concept, title="Abstimmungsgespräche", lead_actor=agentur, actors=[jobcenter]
    )
    assert measure.lead_actor == agentur and list(measure.actors.all()) == [jobcenter]
    assert list(agentur.measures_led.all()) == [measure] and list(jobcenter.measures_involved.all()) == [measure]

    stranger = ActorFactory(body=other_body, name="Fremder Akteur")
    with pytest.raises(ApplicationError, match="Akteure derselben Kommune"):
        services.measure_update(actor=office_user, measure=measure, actors=[stranger])
    with pytest.raises(ApplicationError, match="Akteur derselben Kommune"):
        services.measure_update(actor=office_user, measure=measure, lead_actor=stranger)
    measure.refresh_from_db()
    assert measure.lead_actor == agentur and list(measure.actors.all()) == [jobcenter]


@pytest.mark.django_db
def test_linking_from_text_keeps_the_text_and_reports_the_rest(office_user, concept, jobcenter, agentur):
    measure = services.measure_create(
        actor=office_user,
        concept=concept,
        title="Abstimmungsgespräche",
        lead_owner="Agentur für Arbeit",
        involved_actors="Jobcenter, Organisatoren der Altenpflegeseminare",
    )

    rest = services.measure_link_actors_from_text(actor=office_user, measure=measure)

    measure.refresh_from_db()
    assert measure.lead_actor == agentur and list(measure.actors.all()) == [jobcenter]
    assert rest == ["Organisatoren der Altenpflegeseminare"]
    assert measure.involved_actors == "Jobcenter, Organisatoren der Altenpflegeseminare"


@pytest.mark.django_db
def test_measure_list_filters_by_actor_lead_or_involved(office_user, concept, jobcenter, agentur):
    led = services.measure_create(actor=office_user, concept=concept, title="Geführt", lead_actor=jobcenter)
    involved = services.measure_create(actor=office_user, concept=concept, title="Beteiligt", actors=[jobcenter])
    services.measure_create(actor=office_user, concept=concept, title="Ohne", actors=[agentur])

    assert list(selectors.measure_list(concept, actor_id=jobcenter.pk)) == [led, involved]


@pytest.mark.django_db
def test_new_version_keeps_the_actors(office_user, concept, jobcenter, agentur):
    field = services.field_of_action_create(actor=office_user, concept=concept, title="Arbeit", actors=[agentur])
    services.measure_create(
        actor=office_user, concept=concept, title="M", field=field, lead_actor=agentur, actors=[jobcenter]
    )

    new = services.concept_new_version(actor=office_user, concept=concept)

    copy = new.measures.get()
    assert copy.lead_actor == agentur and list(copy.actors.all()) == [jobcenter]
    assert list(new.fields.get().actors.all()) == [agentur]
    assert set(agentur.fields_of_action.all()) == {field, new.fields.get()}


@pytest.mark.django_db
def test_measure_page_links_its_actors_and_the_form_offers_only_the_bodys(
    client, office_user, body, concept, jobcenter, agentur, other_body
):
    FieldOfActionFactory(concept=concept, title="Arbeit")
    ActorFactory(body=other_body, name="Fremder Akteur")
    measure = services.measure_create(
        actor=office_user,
        concept=concept,
        title="Abstimmung",
        lead_actor=agentur,
        actors=[jobcenter],
        involved_actors="Jobcenter, Arbeitgeber",
    )
    client.force_login(office_user)

    page = client.get(reverse("strategy:measure", kwargs={"body": body.slug, "measure": measure.pk})).content.decode()
    actor_url = reverse("network:actor", kwargs={"body": body.slug, "actor": jobcenter.pk})
    assert f'href="{actor_url}"' in page and "Agentur für Arbeit" in page
    assert "Im Wortlaut des Workshops: Jobcenter, Arbeitgeber" in page

    form = client.get(reverse("strategy:measure_edit", kwargs={"body": body.slug, "measure": measure.pk}))
    assert "Jobcenter Rhein-Kreis Neuss" in form.content.decode()
    assert "Fremder Akteur" not in form.content.decode()


@pytest.mark.django_db
def test_actor_page_lists_the_measures_and_fields_that_name_it(client, office_user, body, concept, jobcenter, agentur):
    field = services.field_of_action_create(actor=office_user, concept=concept, title="Arbeit", actors=[jobcenter])
    services.measure_create(actor=office_user, concept=concept, title="Geführt von", lead_actor=jobcenter)
    services.measure_create(actor=office_user, concept=concept, title="Mit dabei", actors=[jobcenter, agentur])
    client.force_login(office_user)

    page = client.get(reverse("network:actor", kwargs={"body": body.slug, "actor": jobcenter.pk})).content.decode()

    assert "Geführt von" in page and "Mit dabei" in page
    assert reverse("strategy:field", kwargs={"body": body.slug, "fieldofaction": field.pk}) in page
