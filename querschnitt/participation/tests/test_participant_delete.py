"""„Daten löschen“ for a workshop participant: GET asks for confirmation (what will be deleted, that it cannot be
undone), only POST deletes: the person, their attendance and the change history of their record."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from querschnitt.participation import models as m
from querschnitt.participation import services, services_participants

CONSENT = {"consent": True, "consent_given_on": date(2026, 10, 1)}


def url(name, body, **kwargs):
    return reverse(f"participation:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def moderator(make_user, body):
    return make_user(body, "moderator")


@pytest.fixture
def process(body, moderator):
    return services.workshop_process_create(
        actor=moderator, body=body, title="Integrationsworkshop 2027", start_date=date(2027, 1, 20)
    )


@pytest.fixture
def person(moderator, process):
    person = services_participants.participant_invite(
        actor=moderator,
        process=process,
        name="Erika Widerruf",
        email="erika.widerruf@example.org",
        organisation="Integrationsrat",
        target_group=m.TargetGroup.MIGRANT_REPRESENTATION,
        **CONSENT,
    )
    services_participants.participant_update(actor=moderator, participant=person, organisation="Integrationsrat NRW")
    day = m.WorkshopDay.objects.filter(phase__process=process, phase__kind="workshop").order_by("order").first()
    services_participants.attendance_set(actor=moderator, day=day, participant_ids=[person.pk])
    return person


@pytest.mark.django_db
def test_get_shows_what_will_be_deleted_and_deletes_nothing(client, body, moderator, process, person):
    client.force_login(moderator)
    day = person.attendances.select_related("day").get().day

    response = client.get(url("participant_delete", body, participant=person.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Erika Widerruf" in page and "erika.widerruf@example.org" in page
    assert f"{day.date:%d.%m.%Y} – {day.title}" in page  # the attendance that goes with it
    assert gettext("The deletion cannot be undone. The data are also removed from the change history.") in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert url("participants", body, workshopprocess=process.pk) in page  # the way back
    # Nothing has been deleted by looking.
    assert m.Participant.objects.filter(pk=person.pk).exists()
    assert m.Attendance.objects.filter(participant_id=person.pk).count() == 1


@pytest.mark.django_db
def test_participants_page_links_to_the_confirmation_instead_of_deleting(client, body, moderator, process, person):
    client.force_login(moderator)
    page = client.get(url("participants", body, workshopprocess=process.pk)).content.decode()
    target = url("participant_delete", body, participant=person.pk)
    assert f'href="{target}"' in page
    assert f'action="{target}"' not in page


@pytest.mark.django_db
def test_post_deletes_person_attendance_and_history_and_frees_the_place(client, body, moderator, process, person):
    services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=1, travel_costs=Decimal("0")
    )
    waiting = services_participants.participant_invite(
        actor=moderator, process=process, name="Wartend", target_group=m.TargetGroup.ADMINISTRATION, **CONSENT
    )
    assert waiting.status == m.ParticipantStatus.WAITING
    client.force_login(moderator)
    page = client.get(url("participant_delete", body, participant=person.pk)).content.decode()
    assert gettext("The place becomes free and goes to the first person on the waiting list.") in page
    pk = person.pk
    assert m.Participant.history.filter(id=pk).count() >= 2

    response = client.post(url("participant_delete", body, participant=pk))

    assert response.status_code == 302
    assert response["Location"] == url("participants", body, workshopprocess=process.pk)
    assert not m.Participant.objects.filter(pk=pk).exists()
    assert not m.Attendance.objects.filter(participant_id=pk).exists()
    assert not m.Participant.history.filter(id=pk).exists()  # no copy of name and e-mail stays behind
    waiting.refresh_from_db()
    assert waiting.status == m.ParticipantStatus.INVITED
    assert client.get(url("participant_delete", body, participant=pk)).status_code == 404


@pytest.mark.django_db
def test_only_the_bodys_moderation_office_and_centre_see_the_confirmation(client, body, other_body, make_user, person):
    target = url("participant_delete", body, participant=person.pk)
    for role in ("member", "reader"):
        client.force_login(make_user(body, role))
        assert client.get(target).status_code == 403
        assert client.post(target).status_code == 403
    for role in ("moderator", "office"):
        client.force_login(make_user(other_body, role))
        assert client.get(target).status_code == 404
        assert client.post(target).status_code == 404
    client.force_login(make_user(body, "office"))
    assert "Erika Widerruf" in client.get(target).content.decode()
    assert m.Participant.objects.filter(pk=person.pk).exists()
