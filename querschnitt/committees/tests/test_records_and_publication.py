"""What committee work keeps as records and what it shows the public: the non-public part of the minutes, the
recipients of each invitation, the wording a person consented to, published committees and statutes, and objects
imported from the council's information system (read-only here)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from querschnitt.committees import models as m
from querschnitt.committees import services_composition as composition
from querschnitt.committees import services_meetings as meetings
from querschnitt.committees import services_papers as papers
from querschnitt.committees.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PaperFactory,
    PersonFactory,
    StatuteFactory,
)
from querschnitt.committees.tests.test_meetings import Committee, make_meeting, today, url
from querschnitt.core.exceptions import ApplicationError


@pytest.fixture
def committee(body):
    return Committee(body)


# --- Minutes: the non-public part -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_non_public_minutes_stay_with_the_entitled_after_signing(client, body, committee, office_user, make_user):
    meeting = make_meeting(body, committee, day=today() - timedelta(days=1), published=True)
    AgendaItemFactory(meeting=meeting, order=1, public=True, non_public_reason="", name="Bericht")
    meetings.minutes_update(
        actor=office_user,
        meeting=meeting,
        minutes_text="Öffentlicher Teil: Bericht zur Kenntnis genommen.",
        minutes_non_public_text="Nichtöffentlich: Personalsache vertagt.",
    )
    meetings.minutes_sign(actor=office_user, meeting=meeting, person=committee.chair.person)
    meetings.minutes_sign(actor=office_user, meeting=meeting, person=committee.writer.person)
    address = url("meeting", body, meeting=meeting.pk)

    public_page = client.get(address).content.decode()
    assert "Öffentlicher Teil: Bericht" in public_page and "Personalsache vertagt" not in public_page

    reader = make_user(body, "reader")  # works in the body, but not in this committee
    client.force_login(reader)
    assert "Personalsache vertagt" not in client.get(address).content.decode()

    member = make_user(body, "member")
    committee.members[2].person.user = member
    committee.members[2].person.save()
    client.force_login(member)
    page = client.get(address).content.decode()
    assert "Nichtöffentlicher Teil" in page and "Personalsache vertagt" in page

    with pytest.raises(ApplicationError):
        meetings.minutes_update(actor=office_user, meeting=meeting, minutes_text="x", minutes_non_public_text="y")
    meeting.refresh_from_db()
    assert meeting.minutes_non_public_text == "Nichtöffentlich: Personalsache vertagt."


@pytest.mark.django_db
def test_changing_the_non_public_part_withdraws_a_first_signature(body, committee, office_user):
    meeting = make_meeting(body, committee, day=today() - timedelta(days=1), published=True)
    meetings.minutes_update(actor=office_user, meeting=meeting, minutes_text="Text", minutes_non_public_text="A")
    meetings.minutes_sign(actor=office_user, meeting=meeting, person=committee.chair.person)
    meetings.minutes_update(actor=office_user, meeting=meeting, minutes_text="Text", minutes_non_public_text="B")
    meeting.refresh_from_db()
    assert meeting.minutes_signed_by_chair_at is None and meeting.minutes_non_public_text == "B"


# --- Invitation: one record per recipient ---------------------------------------------------------------------


@pytest.mark.django_db
def test_each_dispatch_records_every_invited_person_and_their_address(client, body, committee, office_user):
    committee.members[3].person.email = ""
    committee.members[3].person.save()
    meeting = make_meeting(body, committee, day=today() + timedelta(days=14))
    dispatch = meetings.invitation_send(actor=office_user, meeting=meeting)
    records = {record.person_id: record.address for record in dispatch.recipient_records.all()}
    invited = {ms.person_id for ms in [*committee.members, committee.deputy, committee.writer]}
    assert set(records) == invited and dispatch.recipients == len(invited)
    assert records[committee.members[3].person_id] == ""
    assert records[committee.chair.person_id] == "yilmaz@example.org"

    client.force_login(office_user)
    page = client.get(url("meeting", body, meeting=meeting.pk)).content.decode()
    assert "yilmaz@example.org" in page and "keine E-Mail-Adresse – auf anderem Weg einladen" in page


# --- Consent: which wording ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_consent_records_the_version_of_its_wording(client, body, office_user):
    person = PersonFactory(body=body)
    client.force_login(office_user)
    page = client.get(url("person", body, person=person.pk)).content.decode()
    assert "Ich bin damit einverstanden" in page and composition.CONSENT_TEXT_VERSION in page
    composition.person_consent_give(actor=office_user, person=person)
    person.refresh_from_db()
    assert person.consent_text_version == composition.CONSENT_TEXT_VERSION
    assert person.history.first().consent_text_version == composition.CONSENT_TEXT_VERSION


# --- Published committees and statutes -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_committee_shows_its_members_to_everyone_but_contact_data_only_with_consent(
    client, body, committee, office_user
):
    organization = committee.organization
    organization.elected_seats = organization.council_seats = None
    organization.save()
    hidden = m.Organization.objects.create(body=body, name="Arbeitskreis intern", kind="arbeitskreis")
    consenting = committee.members[1].person
    composition.person_consent_give(actor=office_user, person=consenting)

    assert client.get(url("organization", body, organization=organization.pk)).status_code == 404
    assert organization.name not in client.get(url("organizations", body)).content.decode()

    composition.organization_update(actor=office_user, organization=organization, published=True)
    listing = client.get(url("organizations", body)).content.decode()
    assert organization.name in listing and hidden.name not in listing
    page = client.get(url("organization", body, organization=organization.pk)).content.decode()
    assert committee.chair.person.family_name in page and committee.writer.person.family_name in page
    assert consenting.email in page  # consent given
    assert committee.chair.person.email not in page  # no consent
    assert url("person", body, person=consenting.pk) not in page  # the person pages stay internal
    assert "Zusammensetzung prüfen" not in page
    assert client.get(url("organization", body, organization=hidden.pk)).status_code == 404


@pytest.mark.django_db
def test_only_published_statutes_in_force_are_public_and_proposals_never(client, body, office_user):
    statute = composition.statute_create(
        actor=office_user, body=body, kind="hauptsatzung", title="Hauptsatzung der Stadt", text="§ 1", published=True
    )
    internal = StatuteFactory(body=body, kind="geschaeftsordnung", title="Geschäftsordnung intern")
    proposal = composition.statute_propose_revision(actor=office_user, statute=statute, text="§ 1 neu")
    assert proposal.published is False

    listing = client.get(url("statutes", body)).content.decode()
    assert url("statute", body, statute=statute.pk) in listing
    assert url("statute", body, statute=internal.pk) not in listing
    assert url("statute", body, statute=proposal.pk) not in listing
    assert client.get(url("statute", body, statute=statute.pk)).status_code == 200
    assert client.get(url("statute", body, statute=internal.pk)).status_code == 404
    assert client.get(url("statute", body, statute=proposal.pk)).status_code == 404

    adopted = composition.statute_adopt(actor=office_user, statute=proposal)
    assert adopted.published, "an adopted revision of a public statute is public as well"
    assert client.get(url("statute", body, statute=adopted.pk)).status_code == 200

    proposal.refresh_from_db()
    proposal.proposal, proposal.published = True, True
    with pytest.raises(Exception):  # noqa: B017 (the database refuses, whatever the driver calls it)
        proposal.save()


# --- Imported objects are read-only here ------------------------------------------------------------------------


@pytest.mark.django_db
def test_what_came_from_the_council_system_cannot_be_changed_here(body, committee, office_user):
    council = m.Organization.objects.create(
        body=body, name="Rat der Stadt", kind="rat", external_id="https://ris.example/oparl/organization/1"
    )
    council_meeting = MeetingFactory(
        body=body,
        organizations=[council],
        start=timezone.now() + timedelta(days=30),
        external_id="https://ris.example/oparl/meeting/7",
    )
    imported_paper = PaperFactory(body=body, external_id="https://ris.example/oparl/paper/3")

    with pytest.raises(ApplicationError, match="Ratsinformationssystem"):
        composition.organization_update(actor=office_user, organization=council, name="Rat")
    with pytest.raises(ApplicationError, match="Ratsinformationssystem"):
        papers.paper_update(actor=office_user, paper=imported_paper, name="Anders")
    with pytest.raises(ApplicationError, match="Ratsinformationssystem"):
        meetings.agenda_item_create(actor=office_user, meeting=council_meeting, name="Zusätzlicher Punkt")

    # One of our own papers may well be planned in the council's meeting.
    own = PaperFactory(body=body, public=True)
    step = papers.consultation_add(
        actor=office_user, paper=own, organization=council, role="Entscheidung", meeting=council_meeting
    )
    assert step.meeting == council_meeting and not step.is_imported
    council.refresh_from_db()
    assert council.name == "Rat der Stadt"


# --- A vote's result reaches the public paper only as the meeting's results do ----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("public_item", [True, False])
def test_a_votes_result_on_the_paper_is_public_only_once_the_minutes_are_signed(
    client, body, committee, office_user, make_user, public_item
):
    from querschnitt.committees.tests.factories import ConsultationFactory

    paper = PaperFactory(body=body, public=True, name="Antrag Sprachkurse")
    step = ConsultationFactory(paper=paper, organization=committee.organization, role="Vorberatung")
    meeting = make_meeting(body, committee, day=today() - timedelta(days=1), published=True)
    item = meetings.agenda_item_create(
        actor=office_user,
        meeting=meeting,
        name="Antrag Sprachkurse",
        consultation=step,
        public=public_item,
        non_public_reason="" if public_item else "Vertrauliche Verhandlung",
    )
    meetings.attendance_save(actor=office_user, meeting=meeting, rows=[(ms, True, None) for ms in committee.members])
    meetings.vote_record(actor=office_user, agenda_item=item, yes=4, no=1, abstain=0)
    step.refresh_from_db()
    assert step.result == "empfohlen"
    paper_url, list_url = url("paper", body, paper=paper.pk), url("papers", body)

    def shows_result() -> tuple[bool, bool]:
        return (
            "empfohlen" in client.get(paper_url).content.decode(),
            "empfohlen" in client.get(list_url).content.decode(),
        )

    assert shows_result() == (False, False)  # anonymous, minutes not signed
    client.force_login(make_user(body, "reader"))
    assert shows_result() == ((True, True) if public_item else (False, False))
    client.logout()

    meetings.minutes_update(actor=office_user, meeting=meeting, minutes_text="Empfehlung beschlossen.")
    meetings.minutes_sign(actor=office_user, meeting=meeting, person=committee.chair.person)
    meetings.minutes_sign(actor=office_user, meeting=meeting, person=committee.writer.person)
    assert shows_result() == ((True, True) if public_item else (False, False))
    client.force_login(office_user)
    assert shows_result() == (True, True)


@pytest.mark.django_db
def test_signed_minutes_send_the_office_to_the_meeting_and_the_bias_list_holds_only_voters(
    client, body, committee, office_user
):
    meeting = make_meeting(body, committee, day=today() - timedelta(days=1), published=True)
    item = AgendaItemFactory(meeting=meeting, order=1, public=True, non_public_reason="", name="Antrag")
    absent = committee.members[4]
    meetings.attendance_save(
        actor=office_user,
        meeting=meeting,
        rows=[(ms, ms != absent, None) for ms in [*committee.members, committee.writer]],
    )
    client.force_login(office_user)
    vote_page = client.get(url("agenda_item_vote", body, agendaitem=item.pk)).content.decode()
    assert committee.members[1].person.name in vote_page
    assert absent.person.name not in vote_page  # absent
    assert committee.writer.person.name not in vote_page  # no vote

    meetings.minutes_update(actor=office_user, meeting=meeting, minutes_text="Text")
    meetings.minutes_sign(actor=office_user, meeting=meeting, person=committee.chair.person)
    meetings.minutes_sign(actor=office_user, meeting=meeting, person=committee.writer.person)
    response = client.get(url("minutes", body, meeting=meeting.pk), follow=True)
    assert response.redirect_chain and "Berichtigung" in response.content.decode()
    assert 'name="minutes_text"' not in response.content.decode()


@pytest.mark.django_db
def test_the_invitation_message_says_how_many_got_an_e_mail(client, body, committee, office_user):
    for membership in committee.members[1:]:
        membership.person.email = ""
        membership.person.save()
    meeting = make_meeting(body, committee, day=today() + timedelta(days=14))
    client.force_login(office_user)
    response = client.post(url("meeting_invite", body, meeting=meeting.pk), follow=True)
    assert "per E-Mail an 3 von 7 Mitgliedern und Stellvertretungen" in response.content.decode()
