"""The coaching's writes: who may do what (state staff, the office of the body, the office of another body, a
member, the integration centre, a reader, nobody), the four steps of seed 000, and the rules of the process."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from querschnitt.committees.models import Statute
from querschnitt.core.exceptions import ApplicationError
from querschnitt.statewide import models as m
from querschnitt.statewide import services_coaching as services
from querschnitt.tenancy.models import Role

from . import factories as f

ROLES = ["state_staff", "office", "other_office", "member", "integration_centre", "reader", "anonymous"]


@pytest.fixture
def people(make_user, body, other_body, state_council):
    from django.contrib.auth.models import AnonymousUser

    return {
        "state_staff": make_user(state_council, Role.STATE_STAFF, email="lir@example.org"),
        "office": make_user(body, Role.OFFICE),
        "other_office": make_user(other_body, Role.OFFICE),
        "member": make_user(body, Role.MEMBER),
        "integration_centre": make_user(body, Role.INTEGRATION_CENTRE),
        "reader": make_user(body, Role.READER),
        "anonymous": AnonymousUser(),
    }


def _running(body, coach=None):
    engagement = f.CoachingEngagementFactory(body=body, status=m.CoachingStatus.RUNNING, coach=coach)
    for kind in m.CoachingStepKind.values:
        m.CoachingStep.objects.create(engagement=engagement, kind=kind)
    return engagement


def _pdf(name="vorschlag.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 Vorschlag", content_type="application/pdf")


# --- The permission matrix -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_of_the_body_requests_a_coaching(people, body, role):
    actor = people[role]
    if role == "office":
        engagement = services.coaching_engagement_request(actor=actor, body=body, request_text="Hilfe", notify=False)
        assert engagement.status == m.CoachingStatus.REQUESTED
        assert engagement.requested_by == actor
    else:
        with pytest.raises(ApplicationError):
            services.coaching_engagement_request(actor=actor, body=body, request_text="Hilfe", notify=False)
        assert not m.CoachingEngagement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_state_staff_change_an_engagement(people, body, role):
    engagement = _running(body)
    step = engagement.steps.get(kind=m.CoachingStepKind.MEETING)
    actor = people[role]
    writes = [
        lambda: services.coaching_step_update(actor=actor, step=step, status=m.StepStatus.DONE),
        lambda: services.coaching_session_create(
            actor=actor, engagement=engagement, date=date(2026, 3, 1), notes="Notiz"
        ),
        lambda: services.coaching_engagement_update(actor=actor, engagement=engagement, other_topics="Neu"),
        lambda: services.coaching_engagement_close(actor=actor, engagement=engagement),
    ]
    if role == "state_staff":
        for write in writes:
            write()
        engagement.refresh_from_db()
        assert engagement.status == m.CoachingStatus.COMPLETED
        assert engagement.sessions.count() == 1
    else:
        for write in writes:
            with pytest.raises(ApplicationError):
                write()
        step.refresh_from_db()
        assert step.status == m.StepStatus.OPEN
        assert not engagement.sessions.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_documents_are_added_by_state_staff_and_the_office_of_the_body(people, body, role):
    engagement = _running(body)
    actor = people[role]
    if role in ("state_staff", "office"):
        document = services.coaching_document_create(actor=actor, engagement=engagement, title="", upload=_pdf())
        assert document.mime_type == "application/pdf"
        assert document.title == "vorschlag.pdf"
    else:
        with pytest.raises(ApplicationError):
            services.coaching_document_create(actor=actor, engagement=engagement, title="x", upload=_pdf())
        assert not engagement.documents.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_state_staff_edit_the_topic_catalogue(people, role):
    actor = people[role]
    if role == "state_staff":
        topic = services.coaching_topic_create(
            actor=actor, title="Arbeitskreise", guiding_questions="Wer?\n\n  Wie?  ", summary=""
        )
        assert topic.question_list == ["Wer?", "Wie?"]
        assert topic.order > m.CoachingTopic.objects.exclude(pk=topic.pk).order_by("-order")[0].order
        services.coaching_topic_set_active(actor=actor, topic=topic, active=False)
        topic.refresh_from_db()
        assert not topic.active
    else:
        with pytest.raises(ApplicationError):
            services.coaching_topic_create(actor=actor, title="Arbeitskreise")
        assert not m.CoachingTopic.objects.filter(title="Arbeitskreise").exists()


# --- The process ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_creates_the_four_steps_of_seed_000_open_and_tells_state_staff(
    people, body, django_capture_on_commit_callbacks
):
    topics = list(m.CoachingTopic.objects.all()[:2])
    with django_capture_on_commit_callbacks(execute=True):
        engagement = services.coaching_engagement_request(
            actor=people["office"], body=body, request_text="  Geschäftsordnung überarbeiten ", topics=topics
        )
    assert [(s.kind, s.status) for s in engagement.steps.order_by("pk")] == [
        (kind, m.StepStatus.OPEN) for kind in m.CoachingStepKind.values
    ]
    assert set(engagement.topics.all()) == set(topics)
    assert engagement.request_text == "Geschäftsordnung überarbeiten"
    assert engagement.requested_on == timezone.localdate()
    assert [message.to for message in mail.outbox] == [["lir@example.org"]]
    assert body.name in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_second_request_waits_for_the_first_answer(people, body):
    services.coaching_engagement_request(actor=people["office"], body=body, request_text="Eins", notify=False)
    with pytest.raises(ApplicationError):
        services.coaching_engagement_request(actor=people["office"], body=body, request_text="Zwei", notify=False)
    assert m.CoachingEngagement.objects.filter(body=body).count() == 1


@pytest.mark.django_db
def test_a_request_needs_a_text_and_offered_topics(people, body):
    withdrawn = f.CoachingTopicFactory(active=False)
    with pytest.raises(ApplicationError) as error:
        services.coaching_engagement_request(actor=people["office"], body=body, request_text="  ", notify=False)
    assert error.value.field == "request_text"
    with pytest.raises(ApplicationError) as error:
        services.coaching_engagement_request(
            actor=people["office"], body=body, request_text="Hilfe", topics=[withdrawn], notify=False
        )
    assert error.value.field == "topics"
    assert not m.CoachingEngagement.objects.exists()


@pytest.mark.django_db
def test_accepting_sets_the_coach_and_a_coach_must_be_state_staff(people, body):
    engagement = services.coaching_engagement_request(
        actor=people["office"], body=body, request_text="Hilfe", notify=False
    )
    with pytest.raises(ApplicationError) as error:
        services.coaching_engagement_decide(
            actor=people["state_staff"], engagement=engagement, accept=True, coach=people["office"]
        )
    assert error.value.field == "coach"
    services.coaching_engagement_decide(actor=people["state_staff"], engagement=engagement, accept=True)
    engagement.refresh_from_db()
    assert (engagement.status, engagement.coach) == (m.CoachingStatus.AGREED, people["state_staff"])
    with pytest.raises(ApplicationError):
        services.coaching_engagement_decide(actor=people["state_staff"], engagement=engagement, accept=False)


@pytest.mark.django_db
def test_a_declined_request_is_closed_and_its_steps_stay(people, body):
    engagement = services.coaching_engagement_request(
        actor=people["office"], body=body, request_text="Hilfe", notify=False
    )
    services.coaching_engagement_decide(actor=people["state_staff"], engagement=engagement, accept=False)
    engagement.refresh_from_db()
    assert engagement.status == m.CoachingStatus.DECLINED
    assert engagement.closed_on == timezone.localdate()
    with pytest.raises(ApplicationError):
        services.coaching_step_update(
            actor=people["state_staff"], step=engagement.steps.first(), status=m.StepStatus.DONE
        )


@pytest.mark.django_db
def test_steps_wait_for_the_acceptance(people, body):
    engagement = services.coaching_engagement_request(
        actor=people["office"], body=body, request_text="Hilfe", notify=False
    )
    with pytest.raises(ApplicationError):
        services.coaching_step_update(
            actor=people["state_staff"], step=engagement.steps.first(), status=m.StepStatus.RUNNING
        )


@pytest.mark.django_db
def test_a_step_done_today_moves_an_agreed_coaching_on(people, body):
    engagement = _running(body)
    engagement.status = m.CoachingStatus.AGREED
    engagement.save()
    step = engagement.steps.get(kind=m.CoachingStepKind.RESEARCH)
    services.coaching_step_update(actor=people["state_staff"], step=step, status=m.StepStatus.DONE, note=" gelesen ")
    step.refresh_from_db()
    engagement.refresh_from_db()
    assert (step.status, step.done_on, step.note) == (m.StepStatus.DONE, timezone.localdate(), "gelesen")
    assert engagement.status == m.CoachingStatus.RUNNING
    with pytest.raises(ApplicationError) as error:
        services.coaching_step_update(
            actor=people["state_staff"], step=step, status=m.StepStatus.OPEN, done_on=date(2026, 1, 1)
        )
    assert error.value.field == "done_on"


@pytest.mark.django_db
def test_the_research_step_links_only_statutes_of_the_coached_body(people, body, other_body):
    engagement = _running(body)
    step = engagement.steps.get(kind=m.CoachingStepKind.RESEARCH)
    own = Statute.objects.create(body=body, kind="hauptsatzung", title="Hauptsatzung")
    foreign = Statute.objects.create(body=other_body, kind="hauptsatzung", title="Fremde Hauptsatzung")
    with pytest.raises(ApplicationError) as error:
        services.coaching_step_update(
            actor=people["state_staff"], step=step, status=m.StepStatus.RUNNING, statutes=[own, foreign]
        )
    assert error.value.field == "statutes"
    assert not step.statutes.exists()
    services.coaching_step_update(actor=people["state_staff"], step=step, status=m.StepStatus.RUNNING, statutes=[own])
    assert list(step.statutes.all()) == [own]


@pytest.mark.django_db
def test_a_completed_coaching_is_not_changed_until_reopened(people, body):
    engagement = _running(body)
    services.coaching_engagement_close(actor=people["state_staff"], engagement=engagement)
    with pytest.raises(ApplicationError):
        services.coaching_session_create(actor=people["state_staff"], engagement=engagement, date=date(2026, 3, 1))
    services.coaching_engagement_reopen(actor=people["state_staff"], engagement=engagement)
    engagement.refresh_from_db()
    assert (engagement.status, engagement.closed_on) == (m.CoachingStatus.RUNNING, None)


@pytest.mark.django_db
def test_an_upload_passes_the_shared_check(people, body):
    engagement = _running(body)
    fake = SimpleUploadedFile("vorschlag.pdf", b"\x00\x01binary", content_type="application/pdf")
    with pytest.raises(ApplicationError) as error:
        services.coaching_document_create(actor=people["state_staff"], engagement=engagement, title="x", upload=fake)
    assert error.value.field == "file"
    with pytest.raises(ApplicationError):
        services.coaching_document_create(actor=people["state_staff"], engagement=engagement, title="x", upload=None)
    assert not engagement.documents.exists()


@pytest.mark.django_db
def test_the_office_removes_only_its_own_documents(people, body):
    engagement = _running(body)
    by_staff = services.coaching_document_create(
        actor=people["state_staff"], engagement=engagement, title="LIR", upload=_pdf()
    )
    by_office = services.coaching_document_create(
        actor=people["office"], engagement=engagement, title="Amt", upload=_pdf()
    )
    with pytest.raises(ApplicationError):
        services.coaching_document_delete(actor=people["office"], document=by_staff)
    services.coaching_document_delete(actor=people["office"], document=by_office)
    assert list(engagement.documents.all()) == [by_staff]


@pytest.mark.django_db
def test_a_topic_title_is_unique_regardless_of_case(people):
    with pytest.raises(ApplicationError) as error:
        services.coaching_topic_create(actor=people["state_staff"], title="strukturen für die integrationsratsarbeit")
    assert error.value.field == "title"
