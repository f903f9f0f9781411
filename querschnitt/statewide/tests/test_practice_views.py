"""The good-practice library in the browser's terms: who sees and does what, a measure published in two steps, the
public library with its filters, drafts hidden, a workshop day's examples, and pages whose number of queries does not
grow with their rows."""

import re
from datetime import date

import pytest
from django.urls import reverse

from querschnitt.participation.tests.factories import WorkshopDayFactory
from querschnitt.statewide import models as m
from querschnitt.statewide.tests.factories import PracticeExampleFactory, WorkshopPracticeExampleFactory
from querschnitt.strategy.tests.factories import MeasureFactory
from querschnitt.tenancy.models import Role


def text(response):
    """The visible text of a page, without tags and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def url(name, body=None, **kwargs):
    return reverse(f"practice:{name}", kwargs={**({"body": body.slug} if body else {}), **kwargs})


def published(**kwargs):
    return PracticeExampleFactory(published=True, published_on=date(2026, 3, 1), **kwargs)


@pytest.fixture
def measure(body):
    return MeasureFactory(body=body, title="Sprachcafés einrichten", description="Treffen in drei Stadtteilen")


# --- Who sees what -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OFFICE, 200),
        (Role.INTEGRATION_CENTRE, 200),
        (Role.MEMBER, 403),
        (Role.MODERATOR, 403),
        (Role.READER, 403),
    ],
)
def test_who_manages_the_bodys_examples(client, make_user, body, role, status):
    draft = PracticeExampleFactory(body=body, title="Entwurf Sprachcafé")
    client.force_login(make_user(body, role))

    assert client.get(url("examples", body)).status_code == status
    assert client.get(url("example_create", body)).status_code == status
    assert client.get(url("example_edit", body, practiceexample=draft.pk)).status_code == (
        200 if status == 200 else 404
    )
    # A draft is a 404 for everyone who does not publish the body's examples.
    assert client.get(url("example", body, practiceexample=draft.pk)).status_code == (200 if status == 200 else 404)


@pytest.mark.django_db
def test_the_office_of_another_body_reaches_nothing_of_the_body(client, make_user, body, other_body):
    draft = PracticeExampleFactory(body=body)
    client.force_login(make_user(other_body, Role.OFFICE))

    assert client.get(url("examples", body)).status_code == 403
    assert client.get(url("example", body, practiceexample=draft.pk)).status_code == 404
    # The body's example under the other body's address is a 404 too.
    assert client.get(url("example", other_body, practiceexample=draft.pk)).status_code == 404
    response = client.post(url("example_publish", other_body, practiceexample=draft.pk), {"published": "1"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert not draft.published


@pytest.mark.django_db
def test_anonymous_visitors_see_published_examples_only(client, body):
    body.name = "Stadt Aachen"
    body.save()
    example = published(
        body=body,
        title="Sprachcafés in drei Stadtteilen",
        indicators="Zahl der Teilnehmenden",
        contact_name="Integrationsbüro",
        contact_email="integration@aachen.example",
    )
    draft = PracticeExampleFactory(body=body, title="Geheimer Entwurf")

    library = client.get(url("library"))
    page = client.get(url("example", body, practiceexample=example.pk))

    assert library.status_code == 200
    assert "Sprachcafés in drei Stadtteilen" in text(library)
    assert "Geheimer Entwurf" not in text(library)
    assert page.status_code == 200
    for expected in ("Stadt Aachen", "Sprachcafés in drei Stadtteilen", "Zahl der Teilnehmenden", "Integrationsbüro"):
        assert expected in text(page)
    assert "mailto:integration@aachen.example" in page.content.decode()
    assert client.get(url("example", body, practiceexample=draft.pk)).status_code == 404
    assert client.get(url("examples", body)).status_code == 302  # to the login


@pytest.mark.django_db
def test_the_concept_link_shows_to_those_who_read_the_concept(client, make_user, body, measure):
    example = published(body=body, measure=measure)
    page_url = url("example", body, practiceexample=example.pk)
    concept_url = reverse("strategy:concepts", kwargs={"body": body.slug})

    assert concept_url not in client.get(page_url).content.decode()
    client.force_login(make_user(body, Role.READER))
    response = client.get(page_url)
    assert concept_url in response.content.decode()
    assert reverse("strategy:measure", kwargs={"body": body.slug, "measure": measure.pk}) in response.content.decode()
    # A reader does not publish.
    assert url("example_publish", body, practiceexample=example.pk) not in response.content.decode()


# --- Publishing a measure ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_publish_a_measure_in_two_steps(client, make_user, body, other_body, measure):
    MeasureFactory(body=other_body, title="Fremde Maßnahme")
    client.force_login(make_user(body, Role.INTEGRATION_CENTRE))

    choose = client.get(url("example_create", body))
    assert "Sprachcafés einrichten" in text(choose)
    assert "Fremde Maßnahme" not in text(choose)

    prefilled = client.get(url("example_create", body), {"massnahme": measure.pk})
    assert prefilled.context["form"].initial["what_was_done"] == "Treffen in drei Stadtteilen"
    assert prefilled.context["form"].initial["measure"] == measure.pk

    response = client.post(
        url("example_create", body),
        {
            "measure": measure.pk,
            "title": "Sprachcafés",
            "topic": m.PracticeTopic.LANGUAGE,
            "size": m.MunicipalitySize.CITY,
            "what_was_done": "Treffen in drei Stadtteilen",
            "veroeffentlichen": "1",
        },
    )

    example = m.PracticeExample.objects.get()
    assert response.status_code == 302 and response.url == url("example", body, practiceexample=example.pk)
    assert example.published and example.measure == measure


@pytest.mark.django_db
def test_a_measure_of_another_body_cannot_be_chosen(client, make_user, body, other_body):
    foreign = MeasureFactory(body=other_body)
    client.force_login(make_user(body, Role.OFFICE))

    response = client.post(
        url("example_create", body),
        {
            "measure": foreign.pk,
            "title": "Fremd",
            "topic": m.PracticeTopic.LANGUAGE,
            "size": m.MunicipalitySize.CITY,
            "what_was_done": "x",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["measure"]
    assert not m.PracticeExample.objects.exists()
    assert client.get(url("example_create", body), {"massnahme": foreign.pk}).context["form"].errors


@pytest.mark.django_db
def test_save_as_draft_then_publish_and_withdraw(client, make_user, body, measure):
    client.force_login(make_user(body, Role.OFFICE))
    data = {
        "measure": measure.pk,
        "title": "Sprachcafés",
        "topic": m.PracticeTopic.LANGUAGE,
        "size": m.MunicipalitySize.CITY,
        "what_was_done": "Treffen",
    }
    client.post(url("example_create", body), data)
    example = m.PracticeExample.objects.get()
    assert not example.published

    client.post(url("example_publish", body, practiceexample=example.pk), {"published": "1"})
    example.refresh_from_db()
    assert example.published and example.published_on is not None

    client.post(url("example_publish", body, practiceexample=example.pk), {})
    example.refresh_from_db()
    assert not example.published


@pytest.mark.django_db
def test_edit_and_delete(client, make_user, body):
    example = PracticeExampleFactory(body=body, title="Alt")
    client.force_login(make_user(body, Role.OFFICE))
    data = {
        "title": "Neu",
        "topic": m.PracticeTopic.WORK,
        "size": m.MunicipalitySize.SMALL,
        "what_was_done": "Anders",
    }

    client.post(url("example_edit", body, practiceexample=example.pk), data)
    example.refresh_from_db()
    assert (example.title, example.topic) == ("Neu", m.PracticeTopic.WORK)

    client.post(url("example_delete", body, practiceexample=example.pk))
    assert not m.PracticeExample.objects.exists()


@pytest.mark.django_db
def test_a_member_cannot_publish_by_post(client, make_user, body):
    example = PracticeExampleFactory(body=body, published=True, published_on=date(2026, 3, 1))
    client.force_login(make_user(body, Role.MEMBER))

    assert client.post(url("example_publish", body, practiceexample=example.pk), {}).status_code == 403
    assert client.post(url("example_delete", body, practiceexample=example.pk)).status_code == 403
    example.refresh_from_db()
    assert example.published


# --- The library -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_library_filters_by_text_topic_and_size(client, body, other_body):
    published(body=body, title="Sprachcafés", size=m.MunicipalitySize.CITY)
    published(
        body=other_body,
        title="Jobpaten",
        topic=m.PracticeTopic.WORK,
        size=m.MunicipalitySize.SMALL,
        what_was_done="Paten begleiten in Ausbildung",
    )

    by_topic = text(client.get(url("library"), {"handlungsfeld": m.PracticeTopic.WORK}))
    by_size = text(client.get(url("library"), {"groesse": m.MunicipalitySize.CITY}))
    by_text = text(client.get(url("library"), {"suche": "jobpaten"}))
    nonsense = client.get(url("library"), {"handlungsfeld": "gibtsnicht"})

    assert "Jobpaten" in by_topic and "Sprachcafés" not in by_topic
    assert "Sprachcafés" in by_size and "Jobpaten" not in by_size
    assert "Jobpaten" in by_text and "Sprachcafés" not in by_text
    assert nonsense.status_code == 200 and "Jobpaten" in text(nonsense)  # a filter that does not parse is left out


@pytest.mark.django_db
def test_library_htmx_gets_only_the_results(client, body):
    published(body=body, title="Sprachcafés")
    response = client.get(url("library"), HTTP_HX_REQUEST="true")
    assert "Sprachcafés" in text(response)
    assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_library_paginates(client, body):
    for number in range(25):
        published(body=body, title=f"Beispiel {number:02d}")
    first, second = client.get(url("library")), client.get(url("library"), {"seite": 2})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5


@pytest.mark.django_db
def test_library_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, body, other_body):
    for number in range(3):
        published(body=body if number % 2 else other_body, title=f"Beispiel {number}")
    with django_assert_max_num_queries(4):
        client.get(url("library"))
    for number in range(15):
        published(body=body if number % 2 else other_body, title=f"Mehr {number}")
    with django_assert_max_num_queries(4) as captured:
        response = client.get(url("library"))
    assert response.context["page"].paginator.count == 18
    assert len(captured.captured_queries) <= 4


@pytest.mark.django_db
def test_body_list_queries_do_not_grow_with_rows(client, make_user, body, django_assert_max_num_queries):
    client.force_login(make_user(body, Role.OFFICE))
    for _number in range(12):
        PracticeExampleFactory(body=body, measure=MeasureFactory(body=body))
    with django_assert_max_num_queries(10):
        response = client.get(url("examples", body))
    assert len(response.context["examples"]) == 12


# --- Workshop days ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MODERATOR, 200),
        (Role.OFFICE, 200),
        (Role.INTEGRATION_CENTRE, 200),
        (Role.MEMBER, 403),
        (Role.READER, 403),
    ],
)
def test_who_chooses_examples_for_a_workshop_day(client, make_user, body, role, status):
    day = WorkshopDayFactory(body=body)
    example = published(title="Sprachcafés")
    client.force_login(make_user(body, role))

    assert client.get(url("day_examples", body, workshopday=day.pk)).status_code == status
    response = client.post(url("day_examples", body, workshopday=day.pk), {"beispiel": example.pk})

    assert response.status_code == (302 if status == 200 else 403)
    assert m.WorkshopPracticeExample.objects.filter(day=day).exists() == (status == 200)


@pytest.mark.django_db
def test_another_bodys_day_is_a_404(client, make_user, body, other_body):
    day = WorkshopDayFactory(body=other_body)
    client.force_login(make_user(body, Role.MODERATOR))

    assert client.get(url("day_examples", body, workshopday=day.pk)).status_code == 404
    response = client.post(url("day_examples", body, workshopday=day.pk), {"beispiel": published().pk})
    assert response.status_code == 404
    assert client.get(url("day_examples", other_body, workshopday=day.pk)).status_code == 403
    assert not m.WorkshopPracticeExample.objects.exists()


@pytest.mark.django_db
def test_add_search_and_remove_on_a_day(client, make_user, body, other_body):
    day = WorkshopDayFactory(body=body)
    chosen = published(body=other_body, title="Sprachcafés")
    published(body=other_body, title="Jobpaten", topic=m.PracticeTopic.WORK)
    PracticeExampleFactory(body=other_body, title="Entwurf")
    client.force_login(make_user(body, Role.MODERATOR))
    day_url = url("day_examples", body, workshopday=day.pk)

    client.post(day_url, {"beispiel": chosen.pk})
    again = client.post(day_url, {"beispiel": chosen.pk}, follow=True)
    page = client.get(day_url, {"handlungsfeld": m.PracticeTopic.LANGUAGE})

    assert m.WorkshopPracticeExample.objects.filter(day=day).count() == 1
    assert [message.level_tag for message in again.context["messages"]][-1] == "error"
    assert [use.example for use in page.context["uses"]] == [chosen]
    # The search offers what is not yet chosen and published, filtered.
    assert list(page.context["page"].object_list) == []
    found = client.get(day_url).context["page"].object_list
    assert [example.title for example in found] == ["Jobpaten"]
    # A draft cannot be pulled in by a forged POST.
    client.post(day_url, {"beispiel": m.PracticeExample.objects.get(title="Entwurf").pk})
    assert m.WorkshopPracticeExample.objects.filter(day=day).count() == 1

    use = m.WorkshopPracticeExample.objects.get()
    response = client.post(url("day_example_remove", body, workshoppracticeexample=use.pk))
    assert response.status_code == 302
    assert not m.WorkshopPracticeExample.objects.exists()


@pytest.mark.django_db
def test_removing_needs_the_permission_and_the_body(client, make_user, body, other_body):
    use = WorkshopPracticeExampleFactory(body=body)
    client.force_login(make_user(body, Role.READER))
    assert client.post(url("day_example_remove", body, workshoppracticeexample=use.pk)).status_code == 403
    client.force_login(make_user(other_body, Role.MODERATOR))
    assert client.post(url("day_example_remove", other_body, workshoppracticeexample=use.pk)).status_code == 404
    assert m.WorkshopPracticeExample.objects.exists()


@pytest.mark.django_db
def test_day_page_queries_do_not_grow_with_rows(client, make_user, body, django_assert_max_num_queries):
    day = WorkshopDayFactory(body=body)
    client.force_login(make_user(body, Role.MODERATOR))
    for number in range(8):
        m.WorkshopPracticeExample.objects.create(day=day, example=published(title=f"Gewählt {number}"))
        published(title=f"Frei {number}")
    with django_assert_max_num_queries(12):
        response = client.get(url("day_examples", body, workshopday=day.pk))
    assert len(response.context["uses"]) == 8
    assert response.context["page"].paginator.count == 8
