"""The coaching pages: who sees what, a Geschäftsstelle sees only its own engagements, the coach's notes stay with
the coach and the office, the state staff's list with its filters, the topic catalogue, downloads, the demo, and
lists whose number of queries does not grow with their rows."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from querschnitt.statewide import models as m
from querschnitt.tenancy.models import Role
from querschnitt.tenancy.tests.factories import BodyFactory

from . import factories as f

NOTES = "Vertrauliche Notizen des Coachings"


def url(name, body, **kwargs):
    return reverse(f"coaching:{name}", kwargs={"body": body.slug, **kwargs})


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _engagement(body, **kwargs):
    engagement = f.CoachingEngagementFactory(body=body, **kwargs)
    for kind in m.CoachingStepKind.values:
        m.CoachingStep.objects.create(engagement=engagement, kind=kind)
    f.CoachingSessionFactory(engagement=engagement, notes=NOTES)
    return engagement


@pytest.fixture
def staff(make_user, state_council):
    return make_user(state_council, Role.STATE_STAFF, first_name="Leonie", last_name="Wagner")


# --- Who sees what -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "own_body", "list_status", "detail_status"),
    [
        (Role.STATE_STAFF, False, 200, 200),
        (Role.OFFICE, True, 200, 200),
        (Role.OFFICE, False, 403, 404),
        (Role.MEMBER, True, 403, 404),
        (Role.INTEGRATION_CENTRE, True, 403, 404),
        (Role.READER, True, 403, 404),
        (Role.MODERATOR, True, 403, 404),
    ],
)
def test_pages_by_role(client, make_user, body, other_body, state_council, role, own_body, list_status, detail_status):
    engagement = _engagement(body)
    session = engagement.sessions.get()
    document = f.CoachingDocumentFactory(engagement=engagement)
    home = state_council if role == Role.STATE_STAFF else body if own_body else other_body
    client.force_login(make_user(home, role))

    assert client.get(url("engagements", body)).status_code == list_status
    response = client.get(url("engagement", body, coachingengagement=engagement.pk))
    assert response.status_code == detail_status
    if detail_status == 200:
        assert NOTES in text(response)
    else:
        assert NOTES not in response.content.decode()
    for name, kwargs in [
        ("engagement_history", {"coachingengagement": engagement.pk}),
        ("document", {"coachingdocument": document.pk}),
    ]:
        assert client.get(url(name, body, **kwargs)).status_code == detail_status, name
    # Only state staff change: the office gets 403 on the edit pages, everyone else 404.
    edit_status = 200 if role == Role.STATE_STAFF else (403 if detail_status == 200 else 404)
    for name, kwargs in [
        ("engagement_edit", {"coachingengagement": engagement.pk}),
        ("session_create", {"coachingengagement": engagement.pk}),
        ("session_edit", {"coachingsession": session.pk}),
        ("step_edit", {"coachingstep": engagement.steps.first().pk}),
    ]:
        assert client.get(url(name, body, **kwargs)).status_code == edit_status, name


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client, body):
    engagement = _engagement(body)
    response = client.get(url("engagement", body, coachingengagement=engagement.pk))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.django_db
def test_a_geschaeftsstelle_sees_only_its_own_engagements(client, make_user, body, other_body):
    own = _engagement(body, request_text="Unsere eigene Anfrage")
    foreign = _engagement(other_body, request_text="Anfrage der Nachbarstadt")
    client.force_login(make_user(body, Role.OFFICE))

    page = text(client.get(url("engagements", body)))
    assert own.requested_on.strftime("%d.%m.%Y") in page
    content = client.get(url("engagements", body)).content.decode()
    assert f"/coaching/{own.pk}/" in content
    assert f"/coaching/{foreign.pk}/" not in content
    # The other body's engagement is not found, neither under its own body nor under ours.
    assert client.get(url("engagement", other_body, coachingengagement=foreign.pk)).status_code == 404
    assert client.get(url("engagement", body, coachingengagement=foreign.pk)).status_code == 404
    # Nor is the state staff's list of all engagements.
    state = BodyFactory(kind="state_council")
    assert client.get(url("engagements", state)).status_code == 404


@pytest.mark.django_db
def test_notes_are_invisible_to_the_bodys_other_roles_and_to_other_bodies(client, make_user, body, other_body):
    engagement = _engagement(body)
    detail = url("engagement", body, coachingengagement=engagement.pk)
    for user in [
        make_user(body, Role.MEMBER),
        make_user(body, Role.INTEGRATION_CENTRE),
        make_user(body, Role.READER),
        make_user(other_body, Role.OFFICE),
        make_user(other_body, Role.INTEGRATION_CENTRE),
    ]:
        client.force_login(user)
        response = client.get(detail)
        assert response.status_code == 404
        assert NOTES not in response.content.decode()
        assert NOTES not in client.get(url("engagements", body)).content.decode()


# --- The request in the office's terms -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_office_requests_a_coaching(client, make_user, body):
    client.force_login(make_user(body, Role.OFFICE))
    topic = m.CoachingTopic.objects.get(title="Strukturen für die Integrationsratsarbeit")
    page = client.get(url("engagements", body))
    assert topic.title in text(page)

    response = client.post(
        url("engagements", body), {"request_text": "Bitte um Beratung zur Geschäftsordnung", "topics": [topic.pk]}
    )
    engagement = m.CoachingEngagement.objects.get(body=body)
    assert response.status_code == 302
    assert response["Location"] == url("engagement", body, coachingengagement=engagement.pk)
    assert engagement.steps.count() == 4
    assert list(engagement.topics.all()) == [topic]


@pytest.mark.django_db
def test_an_empty_request_shows_the_error_and_writes_nothing(client, make_user, body):
    client.force_login(make_user(body, Role.OFFICE))
    response = client.post(url("engagements", body), {"request_text": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not m.CoachingEngagement.objects.exists()


@pytest.mark.django_db
def test_state_staff_cannot_request_but_see_the_bodys_list(client, staff, body):
    client.force_login(staff)
    response = client.get(url("engagements", body))
    assert response.status_code == 200
    assert 'name="request_text"' not in response.content.decode()
    assert client.post(url("engagements", body), {"request_text": "x"}).status_code == 403
    assert not m.CoachingEngagement.objects.exists()


# --- State staff ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_declined_request_tells_the_office_why(client, staff, body, make_user):
    engagement = _engagement(body, status=m.CoachingStatus.REQUESTED)
    client.force_login(staff)

    response = client.post(
        url("engagement_decide", body, coachingengagement=engagement.pk),
        {"coach": "", "answer": "Bitte zuerst die Geschäftsordnung beschließen.", "entscheidung": "ablehnen"},
    )

    assert response.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.status, engagement.answer) == (
        m.CoachingStatus.DECLINED,
        "Bitte zuerst die Geschäftsordnung beschließen.",
    )
    client.force_login(make_user(body, Role.OFFICE))
    page = text(client.get(url("engagement", body, coachingengagement=engagement.pk)))
    assert "Antwort des Landesintegrationsrates Bitte zuerst die Geschäftsordnung beschließen." in page


@pytest.mark.django_db
def test_state_staff_accept_set_a_step_and_add_a_session(client, staff, body):
    engagement = _engagement(body, status=m.CoachingStatus.REQUESTED)
    client.force_login(staff)

    response = client.post(
        url("engagement_decide", body, coachingengagement=engagement.pk), {"coach": "", "entscheidung": "annehmen"}
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.status, engagement.coach) == (m.CoachingStatus.AGREED, staff)

    step = engagement.steps.get(kind=m.CoachingStepKind.MEETING)
    response = client.post(url("step_edit", body, coachingstep=step.pk), {"status": "done", "note": "Vor Ort"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == m.StepStatus.DONE

    response = client.post(
        url("session_create", body, coachingengagement=engagement.pk),
        {"date": "2026-11-03", "place": "Rathaus", "notes": "Geheime Beobachtung"},
    )
    assert response.status_code == 302
    assert engagement.sessions.filter(notes="Geheime Beobachtung", date=date(2026, 11, 3)).exists()
    engagement.refresh_from_db()
    assert engagement.status == m.CoachingStatus.RUNNING


@pytest.mark.django_db
def test_the_research_step_lists_the_bodys_statutes_and_ticks_those_looked_at(client, staff, body, other_body):
    from querschnitt.committees.models import Statute

    engagement = _engagement(body, status=m.CoachingStatus.RUNNING)
    own = Statute.objects.create(body=body, kind="hauptsatzung", title="Hauptsatzung der Testgemeinde")
    Statute.objects.create(body=other_body, kind="hauptsatzung", title="Hauptsatzung der Nachbarstadt")
    step = engagement.steps.get(kind=m.CoachingStepKind.RESEARCH)
    client.force_login(staff)

    form_page = text(client.get(url("step_edit", body, coachingstep=step.pk)))
    assert "Hauptsatzung der Testgemeinde" in form_page
    assert "Hauptsatzung der Nachbarstadt" not in form_page
    client.post(url("step_edit", body, coachingstep=step.pk), {"status": "done", "statutes": [own.pk]})
    assert list(step.statutes.all()) == [own]
    detail = client.get(url("engagement", body, coachingengagement=engagement.pk)).content.decode()
    assert reverse("committees:statute", kwargs={"body": body.slug, "statute": own.pk}) in detail


@pytest.mark.django_db
def test_the_state_list_shows_all_engagements_and_filters(client, staff, state_council, body, other_body):
    mine = _engagement(body, status=m.CoachingStatus.RUNNING, coach=staff)
    waiting = _engagement(other_body, status=m.CoachingStatus.REQUESTED)
    client.force_login(staff)

    content = client.get(url("engagements", state_council)).content.decode()
    assert f"/coaching/{mine.pk}/" in content and f"/coaching/{waiting.pk}/" in content
    content = client.get(url("engagements", state_council), {"status": "requested"}).content.decode()
    assert f"/coaching/{waiting.pk}/" in content and f"/coaching/{mine.pk}/" not in content
    content = client.get(url("engagements", state_council), {"coach": staff.pk}).content.decode()
    assert f"/coaching/{mine.pk}/" in content and f"/coaching/{waiting.pk}/" not in content
    content = client.get(url("engagements", state_council), {"coach": "none"}).content.decode()
    assert f"/coaching/{waiting.pk}/" in content and f"/coaching/{mine.pk}/" not in content


@pytest.mark.django_db
def test_the_office_uploads_and_downloads_a_document(client, make_user, body):
    engagement = _engagement(body, status=m.CoachingStatus.RUNNING)
    client.force_login(make_user(body, Role.OFFICE))
    upload = SimpleUploadedFile("Geschäftsordnung.pdf", b"%PDF-1.4 GO", content_type="application/pdf")
    response = client.post(
        url("document_create", body, coachingengagement=engagement.pk),
        {"kind": "other", "title": "Unsere GO", "file": upload},
    )
    assert response.status_code == 302
    document = engagement.documents.get()
    response = client.get(url("document", body, coachingdocument=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 GO"
    assert response["Cache-Control"] == "private, no-store"


# --- The topic catalogue -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_topic_catalogue_is_for_state_staff_at_the_state_council_only(
    client, staff, make_user, body, state_council
):
    client.force_login(staff)
    assert client.get(url("topics", body)).status_code == 404
    response = client.get(url("topics", state_council))
    assert response.status_code == 200
    assert "Was sagt der Gesetzgeber zum Integrationsrat?" in text(response)

    response = client.post(
        url("topic_create", state_council),
        {"title": "Arbeitskreise einrichten", "guiding_questions": "Welche?\nWer leitet?", "active": "on"},
    )
    assert response.status_code == 302
    topic = m.CoachingTopic.objects.get(title="Arbeitskreise einrichten")
    assert topic.question_list == ["Welche?", "Wer leitet?"]
    client.post(url("topic_set_active", state_council, coachingtopic=topic.pk), {"angebot": "nein"})
    topic.refresh_from_db()
    assert not topic.active
    # A topic no longer offered is not among the choices of a request.
    office = Client()
    office.force_login(make_user(body, Role.OFFICE))
    assert "Arbeitskreise einrichten" not in text(office.get(url("engagements", body)))
    assert office.get(url("topics", state_council)).status_code == 404


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_pin_their_queries(client, staff, state_council, body, django_assert_max_num_queries):
    def grow():
        engagement = _engagement(body, coach=staff)
        engagement.topics.set(m.CoachingTopic.objects.all()[:2])
        f.CoachingDocumentFactory(engagement=engagement)

    grow()
    client.force_login(staff)
    pages = [url("engagements", state_council), url("engagements", body), url("topics", state_council)]
    counts = {}
    for page in pages:
        with django_assert_max_num_queries(40) as queries:
            assert client.get(page).status_code == 200, page
        counts[page] = len(queries)
    for _ in range(4):
        grow()
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200, page


@pytest.mark.django_db
def test_the_detail_page_pins_its_queries(client, staff, body, django_assert_max_num_queries):
    engagement = _engagement(body, coach=staff, status=m.CoachingStatus.RUNNING)
    client.force_login(staff)
    detail = url("engagement", body, coachingengagement=engagement.pk)
    with django_assert_max_num_queries(40) as queries:
        assert client.get(detail).status_code == 200
    before = len(queries)
    for _ in range(3):
        f.CoachingSessionFactory(engagement=engagement)
        f.CoachingDocumentFactory(engagement=engagement, uploaded_by=staff)
    with django_assert_max_num_queries(before):
        assert client.get(detail).status_code == 200


# --- Demo ----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_has_an_engagement_in_progress_for_neuss_and_loads_twice():
    from querschnitt.core.demo import load_demo

    load_demo()
    load_demo()
    engagement = m.CoachingEngagement.objects.get(body__slug="neuss")
    assert engagement.status == m.CoachingStatus.RUNNING
    assert engagement.coach.email == "lir@querschnitt.example"
    steps = {step.kind: step.status for step in engagement.steps.all()}
    assert steps == {
        "research": "done",
        "meeting": "done",
        "materials": "running",
        "accompaniment": "open",
    }
    assert engagement.steps.get(kind="research").statutes.exists()
    assert engagement.sessions.get().notes
    assert {t.title for t in engagement.topics.all()} == {
        "Strukturen für die Integrationsratsarbeit",
        "Idee und Selbstverständnis eines Integrationsrates",
    }
    assert engagement.follow_up_on.year == 2027
