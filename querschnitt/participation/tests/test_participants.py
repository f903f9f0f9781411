"""Participants of a workshop process: invitation with consent, places and waiting list, balance of target groups,
attendance per day, cost estimate; personal data only for moderation, office and integration centre."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.participation import models as m
from querschnitt.participation import selectors_participants as selectors
from querschnitt.participation import services, services_participants
from querschnitt.participation.tests.factories import ParticipantFactory

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


def invite(moderator, process, name, group=m.TargetGroup.ADMINISTRATION, **kwargs):
    return services_participants.participant_invite(
        actor=moderator, process=process, name=name, target_group=group, **{**CONSENT, **kwargs}
    )


@pytest.mark.django_db
def test_no_field_for_origin_nationality_or_religion():
    names = {field.name for field in m.Participant._meta.get_fields()} | {
        field.name for field in m.EventRegistration._meta.get_fields()
    }
    for forbidden in ("origin", "nationality", "religion", "country", "herkunft", "migration_background"):
        assert not any(forbidden in name for name in names)


@pytest.mark.django_db
def test_invitation_needs_consent_and_records_date_and_version(moderator, process):
    with pytest.raises(ApplicationError, match="Einwilligung"):
        services_participants.participant_invite(
            actor=moderator,
            process=process,
            name="Ohne Einwilligung",
            target_group="administration",
            consent_given_on=date(2026, 10, 1),
            consent=False,
        )
    with pytest.raises(ApplicationError, match="Namen"):
        invite(moderator, process, "   ")
    assert not m.Participant.objects.exists()
    person = invite(moderator, process, "Erika Beispiel", email="", organisation="")
    assert person.status == m.ParticipantStatus.INVITED
    assert person.consent_given_on == date(2026, 10, 1)
    assert person.consent_text_version == services_participants.CONSENT_TEXT_VERSION
    assert person.history.first().history_user == moderator


@pytest.mark.django_db
def test_waiting_list_moves_up_on_decline_and_is_logged(moderator, process):
    services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=2, travel_costs=Decimal("0")
    )
    first, second = invite(moderator, process, "Eins"), invite(moderator, process, "Zwei")
    third, fourth = invite(moderator, process, "Drei"), invite(moderator, process, "Vier")
    assert [third.status, fourth.status] == ["waiting", "waiting"]
    with pytest.raises(ApplicationError, match="Plätze"):
        services_participants.participant_set_status(actor=moderator, participant=third, status="confirmed")

    moved = services_participants.participant_set_status(actor=moderator, participant=first, status="declined")

    assert moved == [third]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == "invited" and fourth.status == "waiting"
    log = m.ParticipantMoveUp.objects.get()
    assert (log.participant, log.freed_by, log.actor) == (third, first, moderator)
    # A larger maximum gives the next place; a smaller one than the places held is refused.
    moved = services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=3, travel_costs=Decimal("120.50")
    )
    assert moved == [fourth]
    with pytest.raises(ApplicationError, match="halten bereits einen Platz"):
        services_participants.process_set_capacity(
            actor=moderator, process=process, max_participants=2, travel_costs=Decimal("0")
        )
    assert m.Participant.objects.filter(process=process, status__in=m.HOLDS_PLACE).count() == 3
    del second


@pytest.mark.django_db
def test_balance_counts_groups_and_hints_at_missing_and_dominating_groups(moderator, process):
    for number in range(6):
        invite(moderator, process, f"Verwaltung {number}")
    invite(moderator, process, "Politik", group=m.TargetGroup.DECISION_MAKERS)
    declined = invite(moderator, process, "Absage", group=m.TargetGroup.WELFARE)
    services_participants.participant_set_status(actor=moderator, participant=declined, status="declined")

    balance = selectors.balance_of(process)

    rows = {row.group: row for row in balance.rows}
    assert rows["administration"].invited == 6 and rows["welfare"].declined == 1
    assert balance.totals.holding == 7
    text = " ".join(balance.hints)
    assert "Migrantenvertretung und Migrantenorganisationen" in text  # missing
    assert "„Verwaltung“ hält 6 von 7 Plätzen" in text  # dominating
    # The preparation workshop without a decision maker.
    preparation_day = m.WorkshopDay.objects.get(phase__process=process, phase__kind=m.PhaseKind.PREPARATION)
    clerk = m.Participant.objects.filter(target_group="administration").first()
    services_participants.attendance_set(actor=moderator, day=preparation_day, participant_ids=[clerk.pk])
    assert any("Vorbereitungsworkshop" in hint for hint in selectors.balance_of(process).hints)
    politician = m.Participant.objects.get(name="Politik")
    services_participants.attendance_set(
        actor=moderator, day=preparation_day, participant_ids=[clerk.pk, politician.pk]
    )
    balance = selectors.balance_of(process)
    assert not any("Vorbereitungsworkshop" in hint for hint in balance.hints)
    assert {row.group: row.attended for row in balance.rows}["decision_makers"] == 1


@pytest.mark.django_db
def test_attendance_per_day_replaces_and_refuses_strangers(moderator, process, body):
    day_one, day_two = m.WorkshopDay.objects.filter(phase__process=process, phase__kind="workshop").order_by("order")
    a, b = invite(moderator, process, "A"), invite(moderator, process, "B")
    stranger = ParticipantFactory(body=body)
    services_participants.attendance_set(actor=moderator, day=day_one, participant_ids=[a.pk, b.pk])
    services_participants.attendance_set(actor=moderator, day=day_two, participant_ids=[a.pk])
    services_participants.attendance_set(actor=moderator, day=day_one, participant_ids=[a.pk])
    assert set(m.Attendance.objects.values_list("participant__name", "day_id")) == {
        ("A", day_one.pk),
        ("A", day_two.pk),
    }
    with pytest.raises(ApplicationError):
        services_participants.attendance_set(actor=moderator, day=day_one, participant_ids=[stranger.pk])


@pytest.mark.django_db
def test_cost_estimate_uses_seed_prices_and_warns_over_the_package(moderator, process, body):
    estimate = selectors.cost_estimate(process)
    assert estimate.package_price == Decimal("6000.00") and isinstance(estimate.total, Decimal)
    services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=45, travel_costs=Decimal("480.00")
    )
    for number in range(41):
        invite(moderator, process, f"Person {number}")
    estimate = selectors.cost_estimate(process)
    assert estimate.materials == Decimal("205.00")
    assert estimate.packages == 2  # 41 people need a second package of trainers (see test_costs_packages.py)
    assert estimate.total == Decimal("12685.00")
    assert estimate.over_package and len(estimate.warnings) == 1 and "40" in estimate.warnings[0]
    services_participants.price_model_set(
        actor=moderator,
        body=body,
        package_price=Decimal("6500"),
        package_description="Zwei Trainer",
        package_max_participants=45,
        material_per_participant=Decimal("6"),
    )
    estimate = selectors.cost_estimate(process)
    assert estimate.total == Decimal("6500") + Decimal("480") + 41 * Decimal("6")
    assert not estimate.over_package and estimate.warnings == []


@pytest.mark.django_db
def test_process_page_shows_the_estimate_in_german(client, moderator, process):
    services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=40, travel_costs=Decimal("480")
    )
    for number in range(3):
        invite(moderator, process, f"Person {number}")
    client.force_login(moderator)
    page = client.get(url("process", process.body, workshopprocess=process.pk)).content.decode()
    assert "6.000\u00a0€" in page and "480\u00a0€" in page and "15\u00a0€" in page and "6.495\u00a0€" in page
    assert "3 Plätze von höchstens 40 sind vergeben." in page


@pytest.mark.django_db
def test_personal_data_only_for_moderation_office_and_integration_centre(client, body, make_user, moderator, process):
    person = invite(moderator, process, "Vertraulich Beispiel", email="vertraulich@example.org")
    target = url("participants", body, workshopprocess=process.pk)
    for role in ("moderator", "office", "integration_centre"):
        client.force_login(make_user(body, role))
        assert "vertraulich@example.org" in client.get(target).content.decode()
    for role in ("member", "reader"):
        client.force_login(make_user(body, role))
        assert client.get(target).status_code == 403
        page = client.get(url("process", body, workshopprocess=process.pk)).content.decode()
        assert "Vertraulich" not in page and "1 Platz von höchstens 40" in page
        assert (
            client.post(url("participant_status", body, participant=person.pk), {"status": "declined"}).status_code
            == 403
        )
    client.logout()
    assert client.get(target).status_code == 302


@pytest.mark.django_db
def test_office_invites_records_replies_and_attendance_through_the_pages(client, body, make_user, process):
    office = make_user(body, "office")
    client.force_login(office)
    response = client.post(
        url("participant_create", body, workshopprocess=process.pk),
        {
            "name": "Erika Beispiel",
            "organisation": "Integrationsrat",
            "target_group": "migrant_representation",
            "consent_given_on": "2026-11-01",
        },
    )
    assert response.status_code == 200 and "Einwilligung" in response.content.decode()
    assert not m.Participant.objects.exists()
    client.post(
        url("participant_create", body, workshopprocess=process.pk),
        {
            "name": "Erika Beispiel",
            "organisation": "Integrationsrat",
            "target_group": "migrant_representation",
            "consent": "on",
            "consent_given_on": "2026-11-01",
        },
    )
    person = m.Participant.objects.get()
    client.post(url("participant_status", body, participant=person.pk), {"status": "confirmed"})
    person.refresh_from_db()
    assert person.status == "confirmed"
    day = m.WorkshopDay.objects.filter(phase__process=process, phase__kind="workshop").first()
    assert "Erika Beispiel" in client.get(url("attendance", body, workshopday=day.pk)).content.decode()
    client.post(url("attendance", body, workshopday=day.pk), {"present": [str(person.pk)]})
    assert m.Attendance.objects.filter(participant=person, day=day).exists()
    page = client.get(url("participants", body, workshopprocess=process.pk)).content.decode()
    assert "1 Person anwesend" in page


@pytest.mark.django_db
def test_participants_page_has_a_constant_number_of_queries(client, body, moderator, process):
    client.force_login(moderator)
    target = url("participants", body, workshopprocess=process.pk)
    day = m.WorkshopDay.objects.filter(phase__process=process).first()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    for number in range(2):
        invite(moderator, process, f"Früh {number}")
    few = count()
    people = [invite(moderator, process, f"Spät {number}", group=m.TargetGroup.WELFARE) for number in range(12)]
    services_participants.attendance_set(actor=moderator, day=day, participant_ids=[p.pk for p in people])
    services_participants.participant_set_status(actor=moderator, participant=people[0], status="declined")
    assert count() == few


@pytest.mark.django_db
def test_erasing_a_participant_gives_the_place_to_the_waiting_list(client, body, moderator, process):
    services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=1, travel_costs=Decimal("0")
    )
    holder, waiting = invite(moderator, process, "Widerruf"), invite(moderator, process, "Wartend")
    client.force_login(moderator)
    client.post(url("participant_delete", body, participant=holder.pk))
    assert not m.Participant.objects.filter(pk=holder.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == "invited" and m.ParticipantMoveUp.objects.get().freed_by is None
