"""Requests about a person (Art. 15 and 17 GDPR): who may handle them, what is found and exported in every area, what
erasure removes and keeps (signed minutes), and that an erasure is all or nothing."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from querschnitt.accounts.models import Invitation
from querschnitt.accounts.tests.factories import InvitationFactory
from querschnitt.committees.models import Attendance, Meeting, Membership, Person
from querschnitt.committees.tests.factories import MeetingFactory, MembershipFactory, PersonFactory
from querschnitt.core import privacy
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.models import AccessibilityFeedback, PrivacyRequestLog
from querschnitt.core.privacy import PrivacyQuery, privacy_source, privacy_sources
from querschnitt.core.services_privacy import personal_data_erase, personal_data_export, personal_data_find
from querschnitt.network.models import ContactPerson, CounsellingRequest, FundingApplication
from querschnitt.network.tests.factories import ContactPersonFactory, SeatHolderFactory
from querschnitt.network.tests.factories_centre import CounsellingRequestFactory
from querschnitt.network.tests.factories_funding import FundingApplicationFactory
from querschnitt.network.tests.factories_offers import OfferEditorInvitationFactory, OfferFactory
from querschnitt.participation.models import Participant
from querschnitt.participation.tests.factories import EventRegistrationFactory, ParticipantFactory, VoterFactory
from querschnitt.statewide.tests.factories import (
    CoachingEngagementFactory,
    CourseRegistrationFactory,
    HostInterestFactory,
    PracticeExampleFactory,
)
from querschnitt.tenancy.models import Role

EMAIL = "jovana.petrovic@example.org"
NAME = "Jovana Petrović"


def url(name: str, body) -> str:
    return reverse(f"core:{name}", kwargs={"body": body.slug})


def seed_person(body, make_user):
    """Jovana Petrović in every area of `body` that keeps personal data."""
    user = make_user(body, Role.READER, email=EMAIL, first_name="Jovana", last_name="Petrović")
    person = PersonFactory(body=body, given_name="Jovana", family_name="Petrović", email=EMAIL, phone="0211 1")
    MembershipFactory(body=body, person=person)
    InvitationFactory(body=body, email=EMAIL)
    ContactPersonFactory(body=body, name=NAME, email=EMAIL)
    SeatHolderFactory(body=body, name=NAME)
    CounsellingRequestFactory(body=body, requester_name=NAME, requester_contact=EMAIL)
    FundingApplicationFactory(body=body, contact_name=NAME, contact_email=EMAIL)
    OfferEditorInvitationFactory(body=body, email=EMAIL)
    OfferFactory(body=body, contact_name=NAME, contact_email=EMAIL)
    ParticipantFactory(body=body, name=NAME, email=EMAIL)
    EventRegistrationFactory(body=body, name=NAME, email=EMAIL)
    VoterFactory(body=body, label=NAME, user=user)
    CourseRegistrationFactory(body=body, name=NAME, email=EMAIL, user=user)
    HostInterestFactory(body=body, contact_name=NAME, contact_email=EMAIL)
    PracticeExampleFactory(body=body, contact_name=NAME, contact_email=EMAIL)
    CoachingEngagementFactory(body=body, requested_by=user)
    AccessibilityFeedback.objects.create(page_url=f"/k/{body.slug}/sitzungen/", message="Kontrast", email=EMAIL)
    return user, person


def found_sources(actor, body, query) -> set[str]:
    return {group.source.key for group in personal_data_find(actor=actor, body=body, query=query)}


def sign_minutes(meeting: Meeting, chair: Person, writer: Person) -> None:
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_text=f"Frau {chair.family_name} eröffnet die Sitzung.",
        minutes_signed_by_chair=chair,
        minutes_signed_by_chair_at=now,
        minutes_signed_by_writer=writer,
        minutes_signed_by_writer_at=now,
    )


@pytest.mark.django_db
def test_only_the_office_of_the_body_handles_requests(client, body, other_body, make_user, state_council):
    office = make_user(body, Role.OFFICE)
    page = url("privacy_requests", body)
    client.force_login(office)
    assert client.get(page).status_code == 200
    assert client.post(page, {"query": EMAIL}).status_code == 200
    # Another body's page is not even there for this office.
    assert client.get(url("privacy_requests", other_body)).status_code == 404
    assert client.post(url("privacy_erase", other_body), {"query": EMAIL, "record": "x:1"}).status_code == 404
    for role in (Role.MEMBER, Role.READER, Role.INTEGRATION_CENTRE, Role.MODERATOR):
        client.force_login(make_user(body, role))
        assert client.get(page).status_code == 403, role
        assert client.post(url("privacy_export", body), {"query": EMAIL}).status_code == 403, role
    # State staff reach every body, but handle requests only for the state council itself.
    staff = make_user(state_council, Role.STATE_STAFF)
    client.force_login(staff)
    assert client.get(page).status_code == 403
    assert client.get(url("privacy_requests", state_council)).status_code == 200
    client.logout()
    assert client.get(page).status_code == 302
    with pytest.raises(ApplicationError):
        personal_data_find(actor=make_user(body, Role.MEMBER), body=body, query=EMAIL)


@pytest.mark.django_db
def test_every_area_is_found_and_exported_and_nothing_of_another_body(body, other_body, make_user):
    office = make_user(body, Role.OFFICE)
    seed_person(body, make_user)
    # Another body's Jovana must not show up in body's search.
    PersonFactory(body=other_body, given_name="Jovana", family_name="Petrović", email=EMAIL)
    ContactPersonFactory(body=other_body, name=NAME, email=EMAIL)

    by_email = found_sources(office, body, EMAIL.upper())
    by_name = found_sources(office, body, "PETROVIĆ,  jovana")
    assert by_email | by_name == {source.key for source in privacy_sources()}
    assert "network.seat_holder" in by_name  # a seat holder has a name only
    assert "core.accessibility_feedback" in by_email  # feedback has an address only

    data = personal_data_export(actor=office, body=body, query=EMAIL)
    areas = {area["source"]: area for area in data["areas"]}
    assert set(areas) == by_email
    assert areas["committees.person"]["records"][0]["email"] == EMAIL
    assert len(areas["committees.person"]["records"]) == 1
    assert len(areas["network.contact_person"]["records"]) == 1
    assert areas["network.counselling_request"]["records"][0]["requester_contact"] == EMAIL
    json.dumps(data)  # the copy is plain JSON
    log = PrivacyRequestLog.objects.get(body=body)
    assert log.kind == "export" and log.actor == office and log.total == sum(log.counts.values())
    assert EMAIL not in json.dumps(log.counts) and "Petrovi" not in json.dumps(log.counts)


@pytest.mark.django_db
def test_member_in_signed_minutes_keeps_minutes_and_membership_but_loses_contact_data(body, make_user):
    office = make_user(body, Role.OFFICE)
    person = PersonFactory(body=body, email=EMAIL, phone="0211 12345", profile_text="Lehrerin")
    person.save()  # a second version in the change history
    membership = MembershipFactory(body=body, person=person)
    writer = MembershipFactory(organization=membership.organization).person
    meeting = MeetingFactory(body=body, organizations=[membership.organization])
    Attendance.objects.create(meeting=meeting, membership=membership, present=True)
    sign_minutes(meeting, person, writer)
    unsigned_only = PersonFactory(body=body, email="b@example.org")
    MembershipFactory(organization=membership.organization, person=unsigned_only)

    [record] = [r for g in personal_data_find(actor=office, body=body, query=EMAIL) for r in g.records]
    assert record.retained and "§ 52 GO NRW" in record.retention
    personal_data_erase(actor=office, body=body, query=EMAIL, records=[record.key])

    person.refresh_from_db()
    meeting.refresh_from_db()
    assert (person.email, person.phone, person.profile_text) == ("", "", "")
    assert person.family_name and person.family_name != "[anonymised]" and not person.deleted
    assert Membership.objects.filter(pk=membership.pk, deleted=False).exists()
    assert Attendance.objects.filter(meeting=meeting, membership=membership).exists()
    assert meeting.minutes_text == f"Frau {person.family_name} eröffnet die Sitzung."
    assert meeting.minutes_signed
    # The change history held copies of the contact data: they are gone there too.
    assert not Person.history.filter(id=person.pk).exclude(email="").exists()
    assert not Person.history.filter(id=person.pk).exclude(phone="").exists()

    # Someone in no signed record is anonymised completely and marked deleted.
    personal_data_erase(
        actor=office, body=body, query="b@example.org", records=[f"committees.person:{unsigned_only.pk}"]
    )
    unsigned_only.refresh_from_db()
    assert unsigned_only.deleted and unsigned_only.given_name == "" and unsigned_only.email == ""
    assert not Person.history.filter(id=unsigned_only.pk, given_name__gt="").exists()
    erasure = PrivacyRequestLog.objects.filter(kind="erasure").first()
    assert erasure.counts == {"committees.person": 1}


@pytest.mark.django_db
def test_erasure_is_all_or_nothing(body, make_user, monkeypatch):
    office = make_user(body, Role.OFFICE)
    seed_person(body, make_user)
    keys = [r.key for g in personal_data_find(actor=office, body=body, query=EMAIL) for r in g.records]
    source = privacy_source("statewide.course_registration")  # erased late: earlier sources have written

    def broken(records, actor):
        raise RuntimeError("disk full")

    monkeypatch.setitem(privacy._sources, source.key, dataclasses.replace(source, erase=broken))
    with pytest.raises(ApplicationError):
        personal_data_erase(actor=office, body=body, query=EMAIL, records=keys)
    assert Person.objects.get(body=body).email == EMAIL
    assert ContactPerson.objects.filter(email=EMAIL).exists()
    assert CounsellingRequest.objects.get(body=body).requester_contact == EMAIL
    assert Participant.objects.get(process__body=body).name == NAME
    assert Invitation.objects.filter(email=EMAIL).exists()
    assert not PrivacyRequestLog.objects.filter(kind="erasure").exists()


@pytest.mark.django_db
def test_erasure_through_the_pages_with_confirmation(client, body, other_body, make_user):
    office = make_user(body, Role.OFFICE, first_name="Gabi", last_name="Amt")
    seed_person(body, make_user)
    foreign = ContactPersonFactory(body=other_body, name=NAME, email=EMAIL)
    client.force_login(office)
    keys = [r.key for g in personal_data_find(actor=office, body=body, query=EMAIL) for r in g.records]

    download = client.post(url("privacy_export", body), {"query": EMAIL, "record": keys})
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["search"] == EMAIL

    confirm = client.post(url("privacy_erase", body), {"query": EMAIL, "record": keys})
    assert confirm.status_code == 200
    assert confirm.content.decode().count('name="record"') == len(keys)
    assert ContactPerson.objects.filter(actor__body=body).exists()  # asking changes nothing

    # A record of another body cannot be smuggled in: nothing changes.
    smuggled = client.post(
        url("privacy_erase", body),
        {"query": EMAIL, "record": [*keys, f"network.contact_person:{foreign.pk}"], "confirm": "yes"},
    )
    assert smuggled.status_code == 200
    assert ContactPerson.objects.filter(actor__body=body).exists()

    done = client.post(url("privacy_erase", body), {"query": EMAIL, "record": keys, "confirm": "yes"})
    assert done.status_code == 302
    assert not ContactPerson.objects.filter(actor__body=body).exists()
    assert ContactPerson.objects.filter(pk=foreign.pk, email=EMAIL).exists()
    application = FundingApplication.objects.get(call__guideline__body=body)
    assert application.contact_email != EMAIL and application.title  # the application itself stays
    assert not found_sources(office, body, EMAIL) - {"core.accessibility_feedback"}
    assert not AccessibilityFeedback.objects.filter(email=EMAIL).exists()
    log = PrivacyRequestLog.objects.get(body=body, kind="erasure")
    assert log.total == len(keys) and EMAIL not in json.dumps(log.counts)
    page = client.get(url("privacy_requests", body)).content.decode()
    assert "Petrovi" not in page and EMAIL not in page  # the log names nobody


def test_name_and_email_matching():
    assert PrivacyQuery("Erika.Mustermann@Example.org").matches_email("erika.mustermann@example.org")
    assert not PrivacyQuery("erika@example.org").matches_email("erika@example.org.evil")
    query = PrivacyQuery("müller,  JÜRGEN")
    assert query.matches_name("Jürgen Müller", "Müller Jürgen")
    assert not query.matches_name("Jürgen Müller-Lüdenscheidt")


@pytest.mark.django_db
def test_the_search_needs_a_real_query(body, make_user):
    office = make_user(body, Role.OFFICE)
    with pytest.raises(ApplicationError):
        personal_data_find(actor=office, body=body, query=" a ")
    expired = timezone.now() - timedelta(days=1)
    InvitationFactory(body=body, email=EMAIL, expires_at=expired)
    assert found_sources(office, body, EMAIL) == {"accounts.invitation"}
