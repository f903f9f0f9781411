"""Papers (Drucksachen): numbering, the Beratungsfolge and its derived status, visibility, the link to measures,
permissions and the query count of the list."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from querschnitt.committees import models as m
from querschnitt.committees import services_papers as services
from querschnitt.committees.tests.factories import (
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
)
from querschnitt.core.exceptions import ApplicationError


def url(name, body, **kwargs):
    return reverse(f"committees:{name}", kwargs={"body": body.slug, **kwargs})


def member_of(organization, make_user, role="member"):
    """A user with a role in the organization's body, linked to a person with an active membership."""
    user = make_user(organization.body, role)
    person = PersonFactory(body=organization.body, user=user)
    MembershipFactory(organization=organization, person=person)
    return user


@pytest.fixture
def aci(body):
    return OrganizationFactory(body=body, name="Ausschuss für Chancengerechtigkeit und Integration", short_name="ACI")


@pytest.fixture
def council(body):
    return OrganizationFactory(body=body, name="Rat", short_name="Rat", kind=m.OrganizationKind.COUNCIL)


# --- Numbering ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_numbers_follow_the_settings_and_count_per_year(body, office_user):
    first = services.paper_create(
        actor=office_user, body=body, name="Sprachkurse", paper_type=m.PaperType.MOTION, date=date(2026, 3, 1)
    )
    second = services.paper_create(
        actor=office_user, body=body, name="Anfrage Kitaplätze", paper_type=m.PaperType.QUESTION, date=date(2026, 5, 1)
    )
    next_year = services.paper_create(
        actor=office_user, body=body, name="Bericht", paper_type=m.PaperType.NOTICE, date=date(2027, 1, 10)
    )
    assert (first.reference, second.reference, next_year.reference) == ("ACI/2026/001", "ACI/2026/002", "ACI/2027/001")

    # A removed paper keeps its number: numbers are never given twice.
    second.deleted = True
    second.save()
    third = services.paper_create(
        actor=office_user, body=body, name="Empfehlung", paper_type=m.PaperType.RECOMMENDATION, date=date(2026, 6, 1)
    )
    assert third.reference == "ACI/2026/003"

    m.CommitteeSettings.objects.create(
        body=body, paper_number_prefix="IR", paper_number_format="{prefix}-{number}/{year}"
    )
    own = services.paper_create(
        actor=office_user, body=body, name="Stellungnahme", paper_type=m.PaperType.STATEMENT, date=date(2026, 7, 1)
    )
    assert own.reference == "IR-1/2026"


@pytest.mark.django_db
def test_numbers_are_unique_per_body_and_a_bad_format_is_refused(body, other_body, office_user, make_user):
    services.paper_create(actor=office_user, body=body, name="A", paper_type="Antrag", reference="ACI/2026/007")
    with pytest.raises(ApplicationError) as error:
        services.paper_create(actor=office_user, body=body, name="B", paper_type="Antrag", reference="ACI/2026/007")
    assert error.value.field == "reference" and "bereits vergeben" in str(error.value.message)
    # Another body may use the same number.
    other_office = make_user(other_body, "office")
    services.paper_create(actor=other_office, body=other_body, name="C", paper_type="Antrag", reference="ACI/2026/007")

    m.CommitteeSettings.objects.create(body=body, paper_number_format="{prefix}/{year}")
    with pytest.raises(ApplicationError, match="Platzhalter"):
        services.paper_create(actor=office_user, body=body, name="D", paper_type="Antrag")


@pytest.mark.django_db
def test_only_a_question_has_an_answer(body, office_user):
    with pytest.raises(ApplicationError) as error:
        services.paper_create(actor=office_user, body=body, name="A", paper_type="Antrag", answer="Ja.")
    assert error.value.field == "answer"
    question = services.paper_create(actor=office_user, body=body, name="F", paper_type="Anfrage", answer="Ja.")
    assert question.answer == "Ja."


# --- Beratungsfolge ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_beratungsfolge_order_moves_and_status_until_the_council_decides(body, office_user, aci, council):
    committee = OrganizationFactory(body=body, name="Schulausschuss", kind=m.OrganizationKind.SPECIALIST_COMMITTEE)
    paper = services.paper_create(actor=office_user, body=body, name="Sprachkurse", paper_type="Antrag")
    assert services.paper_status(paper).code == "vorbereitung"

    first = services.consultation_add(actor=office_user, paper=paper, organization=aci, role="Vorberatung")
    decision = services.consultation_add(actor=office_user, paper=paper, organization=council, role="Entscheidung")
    middle = services.consultation_add(actor=office_user, paper=paper, organization=committee, role="Vorberatung")
    assert [c.organization for c in services.consultations_of(paper)] == [aci, council, committee]
    assert services.paper_status(paper).code == "beratung"

    services.consultation_move(actor=office_user, consultation=middle, direction="up")
    assert [c.organization for c in services.consultations_of(paper)] == [aci, committee, council]
    assert [c.order for c in services.consultations_of(paper)] == [1, 2, 3]
    with pytest.raises(ApplicationError, match="letzte Schritt"):
        services.consultation_move(actor=office_user, consultation=decision, direction="down")

    services.consultation_record_result(actor=office_user, consultation=first, result="empfohlen")
    services.consultation_record_result(actor=office_user, consultation=middle, result="geändert empfohlen")
    status = services.paper_status(paper)
    assert status.code == "beratung" and status.deciding.pk == decision.pk

    services.consultation_record_result(actor=office_user, consultation=decision, result="beschlossen")
    assert services.paper_status(paper).label == "beschlossen"
    services.consultation_record_result(actor=office_user, consultation=decision, result="abgelehnt")
    assert services.paper_status(paper).label == "abgelehnt"


@pytest.mark.django_db
def test_status_of_a_paper_without_decision_follows_its_last_step(body, office_user, aci):
    paper = services.paper_create(actor=office_user, body=body, name="Bericht", paper_type="Mitteilung")
    step = services.consultation_add(actor=office_user, paper=paper, organization=aci, role="Kenntnisnahme")
    services.consultation_record_result(actor=office_user, consultation=step, result="zur Kenntnis genommen")
    assert services.paper_status(paper).label == "zur Kenntnis genommen"
    services.consultation_record_result(actor=office_user, consultation=step, result="zurückgezogen")
    assert services.paper_status(paper).code == "zurueckgezogen"


@pytest.mark.django_db
def test_a_planned_meeting_must_be_one_of_the_committee(body, office_user, aci, council):
    paper = services.paper_create(actor=office_user, body=body, name="Sprachkurse", paper_type="Antrag")
    council_meeting = MeetingFactory(body=body, organizations=[council])
    with pytest.raises(ApplicationError) as error:
        services.consultation_add(
            actor=office_user, paper=paper, organization=aci, role="Vorberatung", meeting=council_meeting
        )
    assert error.value.field == "meeting" and "keine Sitzung" in str(error.value.message)
    assert not paper.consultations.exists()

    aci_meeting = MeetingFactory(body=body, organizations=[aci])
    step = services.consultation_add(
        actor=office_user, paper=paper, organization=aci, role="Vorberatung", meeting=aci_meeting
    )
    assert step.meeting == aci_meeting
    with pytest.raises(ApplicationError):
        services.consultation_update(actor=office_user, consultation=step, meeting=council_meeting)


@pytest.mark.django_db
def test_a_step_with_a_result_stays_and_removal_renumbers(body, office_user, aci, council):
    paper = services.paper_create(actor=office_user, body=body, name="Sprachkurse", paper_type="Antrag")
    first = services.consultation_add(actor=office_user, paper=paper, organization=aci, role="Vorberatung")
    second = services.consultation_add(actor=office_user, paper=paper, organization=council, role="Entscheidung")
    services.consultation_record_result(actor=office_user, consultation=first, result="empfohlen")
    with pytest.raises(ApplicationError, match="mit Ergebnis"):
        services.consultation_delete(actor=office_user, consultation=first)
    services.consultation_record_result(actor=office_user, consultation=first, result="")
    services.consultation_delete(actor=office_user, consultation=first)
    second.refresh_from_db()
    assert second.order == 1 and [c.pk for c in services.consultations_of(paper)] == [second.pk]
    assert m.Consultation.objects.get(pk=first.pk).deleted  # kept for OParl as deleted


@pytest.mark.django_db
def test_the_editor_works_with_plain_forms(client, body, office_user, aci, council):
    client.force_login(office_user)
    response = client.post(
        url("paper_create", body),
        {"name": "Sprachkurse für alle", "paper_type": "Antrag", "date": "2026-11-21", "public": "on"},
    )
    paper = m.Paper.objects.get(body=body)
    assert response.url == url("paper_consultations", body, paper=paper.pk)
    assert paper.reference == "ACI/2026/001"

    editor = url("paper_consultations", body, paper=paper.pk)
    page = client.get(editor).content.decode()
    assert "Beratungsfolge" in page and "in Vorbereitung" in page
    client.post(editor, {"organization": aci.pk, "role": "Vorberatung"})
    client.post(editor, {"organization": council.pk, "role": "Entscheidung", "authoritative": "on"})
    steps = services.consultations_of(paper)
    assert [s.organization for s in steps] == [aci, council]

    client.post(url("consultation_move", body, consultation=steps[1].pk), {"richtung": "hoch"})
    assert [s.organization for s in services.consultations_of(paper)] == [council, aci]
    client.post(url("consultation_move", body, consultation=steps[1].pk), {"richtung": "runter"})
    client.post(url("consultation_result", body, consultation=steps[1].pk), {"result": "beschlossen"})
    page = client.get(url("paper", body, paper=paper.pk)).content.decode()
    assert "beschlossen" in page and "entscheidet die Drucksache" in page

    client.post(url("consultation_delete", body, consultation=steps[1].pk))
    assert "Eine Beratung mit Ergebnis kann nicht entfernt werden." in client.get(editor).content.decode()

    meeting = MeetingFactory(body=body, organizations=[council])
    response = client.post(editor, {"organization": aci.pk, "role": "Anhörung", "meeting": meeting.pk})
    assert response.status_code == 200 and "keine Sitzung von" in response.content.decode()


@pytest.mark.django_db
def test_hint_when_the_integration_committee_is_missing(client, body, office_user, aci, council):
    paper = PaperFactory(body=body)
    step = ConsultationFactory(paper=paper, organization=council, role="Entscheidung")
    client.force_login(office_user)
    hint = "nicht in dieser Beratungsfolge"
    assert hint in client.get(url("paper", body, paper=paper.pk)).content.decode()
    services.consultation_add(actor=office_user, paper=paper, organization=aci, role="Vorberatung")
    services.consultation_move(actor=office_user, consultation=step, direction="down")
    assert hint not in client.get(url("paper", body, paper=paper.pk)).content.decode()


# --- Visibility --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_non_public_paper_only_for_the_committee_and_the_office(client, body, other_body, make_user, aci, office_user):
    secret = PaperFactory(body=body, name="Vertrauliche Förderentscheidung", public=False)
    ConsultationFactory(paper=secret, organization=aci)
    open_paper = PaperFactory(body=body, name="Öffentlicher Antrag", public=True)
    detail = url("paper", body, paper=secret.pk)

    # Anonymous: the public paper only.
    assert client.get(detail).status_code == 404
    listing = client.get(url("papers", body)).content.decode()
    assert "Öffentlicher Antrag" in listing and "Vertrauliche" not in listing
    assert client.get(url("paper", body, paper=open_paper.pk)).status_code == 200

    other_committee = OrganizationFactory(body=body, name="Jugendhilfeausschuss")
    outsiders = [
        make_user(other_body, "office"),
        member_of(other_committee, make_user),
        make_user(body, "reader"),
        make_user(body, "integration_centre"),
    ]
    for user in outsiders:
        client.force_login(user)
        assert client.get(detail).status_code == 404, user
        assert "Vertrauliche" not in client.get(url("papers", body)).content.decode()
    # Under another body's address the paper does not exist either.
    client.force_login(make_user(other_body, "office"))
    assert client.get(url("paper", other_body, paper=secret.pk)).status_code == 404

    for user in (member_of(aci, make_user), office_user):
        client.force_login(user)
        assert client.get(detail).status_code == 200
        assert "Vertrauliche" in client.get(url("papers", body)).content.decode()


@pytest.mark.django_db
def test_list_filters_by_type_status_and_text(client, body, office_user, aci):
    motion = services.paper_create(actor=office_user, body=body, name="Sprachkurse", paper_type="Antrag")
    services.paper_create(actor=office_user, body=body, name="Kitaplätze", paper_type="Anfrage")
    step = services.consultation_add(actor=office_user, paper=motion, organization=aci, role="Entscheidung")
    services.consultation_record_result(actor=office_user, consultation=step, result="beschlossen")
    client.force_login(office_user)

    def titles(**query):
        return client.get(url("papers", body), query).content.decode()

    assert "Sprachkurse" in titles(paper_type="Antrag") and "Kitaplätze" not in titles(paper_type="Antrag")
    assert "Sprachkurse" not in titles(status="vorbereitung") and "Kitaplätze" in titles(status="vorbereitung")
    assert "Sprachkurse" in titles(status="beschlossen")
    assert "Kitaplätze" in titles(q="kita") and "Sprachkurse" not in titles(q="kita")


# --- Measures ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_measure_and_paper_link_visible_both_ways(client, body, office_user, make_user, aci):
    from querschnitt.strategy.tests.factories import GuidingGoalFactory, MeasureFactory

    goal = GuidingGoalFactory(body=body, text="Sprache öffnet Türen")
    measure = MeasureFactory(concept=goal.field.concept, title="Sprachcafé im Stadtteil")
    measure.guiding_goals.add(goal)
    paper = PaperFactory(body=body, name="Antrag Sprachcafé", public=False)
    ConsultationFactory(paper=paper, organization=aci)

    client.force_login(office_user)
    response = client.post(url("paper_concept_links", body, paper=paper.pk), {"element": f"measures-{measure.pk}"})
    assert response.status_code == 302
    assert list(measure.papers.all()) == [paper]
    assert measure.history.first().history_user == office_user

    paper_page = client.get(url("paper", body, paper=paper.pk)).content.decode()
    assert "Sprachcafé im Stadtteil" in paper_page and "Sprache öffnet Türen" in paper_page
    measure_url = reverse("strategy:measure", kwargs={"body": body.slug, "measure": measure.pk})
    assert "Antrag Sprachcafé" in client.get(measure_url).content.decode()

    # A reader of the concept does not learn the title of a non-public paper from the measure page.
    client.force_login(make_user(body, "integration_centre"))
    assert "Antrag Sprachcafé" not in client.get(measure_url).content.decode()

    client.force_login(office_user)
    client.post(
        url("paper_concept_links", body, paper=paper.pk), {"element": f"measures-{measure.pk}", "entfernen": "1"}
    )
    assert not measure.papers.exists()


@pytest.mark.django_db
def test_goals_and_paper_link_visible_both_ways_and_survive_a_new_version(client, body, office_user, aci):
    from querschnitt.strategy.services import concept_new_version
    from querschnitt.strategy.tests.factories import GuidingGoalFactory, MeasureFactory

    goal = GuidingGoalFactory(body=body, text="Teilhabe am Arbeitsmarkt")
    annual = goal.field.annual_goals.create(text="50 Praktikumsplätze 2027", guiding_goal=goal)
    measure = MeasureFactory(concept=goal.field.concept, title="Jobbörse")
    measure.annual_goals.add(annual)
    direct = PaperFactory(body=body, name="Antrag Leitziele Arbeit", public=True)
    via_measure = PaperFactory(body=body, name="Anfrage Jobbörse", public=True)
    services.concept_link_paper(actor=office_user, element=measure, paper=via_measure)

    client.force_login(office_user)
    form_page = client.get(url("paper", body, paper=direct.pk)).content.decode()
    assert f'value="guiding_goals-{goal.pk}"' in form_page and f'value="annual_goals-{annual.pk}"' in form_page
    response = client.post(url("paper_concept_links", body, paper=direct.pk), {"element": f"guiding_goals-{goal.pk}"})
    assert response.status_code == 302 and list(goal.papers.all()) == [direct]
    assert goal.history.first().history_user == office_user
    client.post(url("paper_concept_links", body, paper=direct.pk), {"element": f"annual_goals-{annual.pk}"})
    assert list(annual.papers.all()) == [direct]

    assert "Teilhabe am Arbeitsmarkt" in client.get(url("paper", body, paper=direct.pk)).content.decode()
    goal_page = client.get(reverse("strategy:guiding_goal", kwargs={"body": body.slug, "guidinggoal": goal.pk}))
    assert "Antrag Leitziele Arbeit" in goal_page.content.decode()
    annual_page = client.get(reverse("strategy:annual_goal", kwargs={"body": body.slug, "annualgoal": annual.pk}))
    assert "Antrag Leitziele Arbeit" in annual_page.content.decode()
    assert "Anfrage Jobbörse" in annual_page.content.decode()  # through the measure that works towards it

    # A made-up or foreign choice is refused with a message, nothing is linked.
    response = client.post(
        url("paper_concept_links", body, paper=via_measure.pk), {"element": "guiding_goals-999999"}, follow=True
    )
    assert "Bitte wählen Sie eine Maßnahme oder ein Ziel" in response.content.decode()
    assert not goal.papers.filter(pk=via_measure.pk).exists()

    new = concept_new_version(actor=office_user, concept=goal.field.concept)
    new_goal = new.fields.get().guiding_goals.get()
    assert list(new_goal.papers.all()) == [direct]
    assert list(new_goal.field.annual_goals.get().papers.all()) == [direct]


@pytest.mark.django_db
def test_measures_of_another_body_cannot_be_linked(body, other_body, office_user):
    from querschnitt.strategy.tests.factories import MeasureFactory

    foreign = MeasureFactory(body=other_body)
    paper = PaperFactory(body=body)
    with pytest.raises(ApplicationError):
        services.concept_link_paper(actor=office_user, element=foreign, paper=paper)


# --- Permissions and queries -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_office_writes_papers(client, body, make_user, aci, office_user):
    paper = PaperFactory(body=body, public=True)
    step = ConsultationFactory(paper=paper, organization=aci)
    writes = [
        ("get", url("paper_create", body)),
        ("post", url("paper_create", body)),
        ("get", url("paper_edit", body, paper=paper.pk)),
        ("get", url("paper_consultations", body, paper=paper.pk)),
        ("post", url("paper_consultations", body, paper=paper.pk)),
        ("get", url("consultation_edit", body, consultation=step.pk)),
        ("post", url("consultation_result", body, consultation=step.pk)),
        ("post", url("consultation_move", body, consultation=step.pk)),
        ("post", url("consultation_delete", body, consultation=step.pk)),
        ("get", url("file_create", body, paper=paper.pk)),
        ("get", url("file_accesses", body)),
    ]
    for role in ("member", "reader", "integration_centre", "moderator"):
        user = member_of(aci, make_user, role) if role == "member" else make_user(body, role)
        client.force_login(user)
        for method, address in writes:
            assert getattr(client, method)(address).status_code == 403, (role, address)
    client.logout()
    for method, address in writes:
        assert getattr(client, method)(address).status_code == 302  # to the login
    client.force_login(office_user)
    for method, address in writes:
        if method == "get":
            assert client.get(address).status_code == 200, address
    with pytest.raises(ApplicationError):
        services.paper_create(actor=make_user(body, "member"), body=body, name="X", paper_type="Antrag")


@pytest.mark.django_db
def test_paper_list_queries_do_not_grow_with_the_rows(client, body, office_user, aci, council):
    def add_papers(count):
        for _ in range(count):
            paper = PaperFactory(body=body, public=True)
            ConsultationFactory(paper=paper, organization=aci)
            ConsultationFactory(paper=paper, organization=council, role="Entscheidung", result="beschlossen")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("papers", body)).status_code == 200
        return len(captured)

    client.force_login(office_user)
    add_papers(2)
    few = queries()
    add_papers(10)
    assert queries() == few
    client.logout()
    anonymous = queries()
    add_papers(3)
    assert queries() == anonymous


@pytest.mark.django_db
def test_paper_page_queries_do_not_grow_with_steps_and_files(client, body, office_user, aci):
    from querschnitt.committees.tests.factories import FileFactory

    paper = PaperFactory(body=body)

    def add(count):
        for _ in range(count):
            ConsultationFactory(paper=paper, organization=aci, meeting=MeetingFactory(body=body, organizations=[aci]))
            paper.auxiliary_files.add(FileFactory(body=body))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("paper", body, paper=paper.pk)).status_code == 200
        return len(captured)

    client.force_login(office_user)
    add(2)
    few = queries()
    add(5)
    assert queries() <= few + 2  # the change history may list more entries


@pytest.mark.django_db
def test_office_sets_the_numbering_on_the_settings_page(client, body, office_user, make_user):
    address = url("committee_settings", body)
    data = {
        "paper_number_prefix": "IR",
        "paper_number_format": "{prefix}/{jahr}",
        "warn_on_ratio": "on",
        "target_ratio": "2",
        "notice_days": 7,
        "urgent_notice_days": 3,
        "notice_mode": "warn",
    }
    client.force_login(make_user(body, "member"))
    assert client.get(address).status_code == 403
    client.force_login(office_user)
    response = client.post(address, data)
    assert response.status_code == 200 and "ungültig" in response.content.decode()
    assert not m.CommitteeSettings.objects.filter(body=body).exists()
    client.post(address, {**data, "paper_number_format": "{prefix}/{year}/{number:03d}"})
    paper = services.paper_create(actor=office_user, body=body, name="A", paper_type="Antrag", date=date(2026, 1, 5))
    assert paper.reference == "IR/2026/001"


@pytest.mark.django_db
def test_a_new_concept_version_keeps_the_papers_of_its_measures(body, office_user):
    from querschnitt.strategy.services import concept_new_version
    from querschnitt.strategy.tests.factories import MeasureFactory

    measure = MeasureFactory(body=body)
    paper = PaperFactory(body=body, public=True)
    services.concept_link_paper(actor=office_user, element=measure, paper=paper)
    new = concept_new_version(actor=office_user, concept=measure.concept)
    assert list(new.measures.get().papers.all()) == [paper]
    assert paper.measures.count() == 2
