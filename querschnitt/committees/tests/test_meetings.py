"""Meetings of the committee: notice period, invitation and dispatch log, agenda and templates, attendance and
quorum, votes, minutes with signatures and corrections, who sees what, permissions, calendars, query counts."""

from datetime import date, datetime, time, timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from querschnitt.committees import models as m
from querschnitt.committees import services_meetings as services
from querschnitt.committees.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from querschnitt.core.exceptions import ApplicationError


def at(day: date, hour: int = 18, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def url(name, body, **kwargs):
    return reverse(f"committees:{name}", kwargs={"body": body.slug, **kwargs})


def today():
    return timezone.localdate()


class Committee:
    """A committee of 5 statutory seats: chair + 4 members (voting), a deputy of member 1, a minute-taker."""

    def __init__(self, body, *, seats=5):
        self.organization = OrganizationFactory(
            body=body, name="Ausschuss für Chancengerechtigkeit", statutory_seats=seats
        )
        org = self.organization

        def membership(family_name, role="mitglied", **kwargs):
            person = PersonFactory(body=body, family_name=family_name, email=f"{family_name.lower()}@example.org")
            return MembershipFactory(organization=org, person=person, role=role, **kwargs)

        self.chair = membership("Yilmaz", role="vorsitz")
        self.members = [self.chair] + [membership(name) for name in ("Nowak", "Haddad", "Schmidt", "Kaya")]
        self.deputy = membership("Okafor", role="stellvertretung", deputy_of=self.members[1])
        self.writer = membership("Becker", role="schriftfuehrung", voting_right=False, group="verwaltung")


@pytest.fixture
def committee(body):
    return Committee(body)


def make_meeting(body, committee, *, day=None, published=False, **kwargs):
    start = at(day or today() + timedelta(days=14))
    meeting = MeetingFactory(body=body, organizations=[committee.organization], start=start, **kwargs)
    if published:
        meeting.meeting_state = m.MeetingState.INVITED
        meeting.invitation_sent_at = timezone.now()
        meeting.save()
    return meeting


@pytest.fixture
def past_meeting(body, committee):
    """Held yesterday, invited: attendance, votes and minutes can be recorded."""
    return make_meeting(body, committee, day=today() - timedelta(days=1), published=True)


def mark_present(office_user, meeting, memberships, replaces=None):
    rows = [(ms, True, None) for ms in memberships]
    if replaces:
        rows += [(deputy, True, principal) for deputy, principal in replaces]
    services.attendance_save(actor=office_user, meeting=meeting, rows=rows)


# --- Notice period ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestNoticePeriod:
    @pytest.fixture
    def meeting(self, body, committee):
        return MeetingFactory(body=body, organizations=[committee.organization], start=at(date(2026, 11, 21)))

    def test_seven_full_days_lie_strictly_between_dispatch_and_meeting(self, meeting):
        kept = services.notice_check(meeting, date(2026, 11, 13))
        assert kept.kept and kept.full_days == 7 and kept.deadline == date(2026, 11, 13)
        late = services.notice_check(meeting, date(2026, 11, 14))
        assert not late.kept and late.full_days == 6
        assert late.message == (
            "Die Ladungsfrist von 7 vollen Tagen ist nicht mehr einzuhalten: "
            "Die Einladung hätte bis zum 13.11.2026 verschickt werden müssen."
        )

    def test_the_hour_of_dispatch_does_not_matter_only_the_day(self, meeting):
        assert services.notice_check(meeting, at(date(2026, 11, 13), 23, 59)).kept
        assert not services.notice_check(meeting, at(date(2026, 11, 14), 0, 1)).kept

    def test_urgent_meetings_need_three_full_days(self, meeting):
        meeting.urgent, meeting.urgency_reason = True, "Frist für Förderanträge läuft ab"
        assert services.notice_check(meeting, date(2026, 11, 17)).kept
        late = services.notice_check(meeting, date(2026, 11, 18))
        assert not late.kept and late.deadline == date(2026, 11, 17)
        assert "verkürzte Ladungsfrist für Dringlichkeitssitzungen von 3 vollen Tagen" in late.message

    def test_the_days_come_from_the_bodys_settings(self, body, meeting):
        m.CommitteeSettings.objects.create(body=body, notice_days=10)
        check = services.notice_check(meeting, date(2026, 11, 10))
        assert check.kept and check.deadline == date(2026, 11, 10)
        assert not services.notice_check(meeting, date(2026, 11, 11)).kept

    def test_on_the_day_of_the_meeting_no_day_is_left(self, meeting):
        assert services.notice_check(meeting, date(2026, 11, 21)).full_days == 0
        assert services.notice_check(meeting, date(2026, 11, 25)).full_days == 0


# --- Invitation ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestInvitation:
    @pytest.fixture
    def meeting(self, body, committee):
        meeting = make_meeting(body, committee, day=today() + timedelta(days=4))
        AgendaItemFactory(meeting=meeting, order=1, name="Eröffnung", public=True, non_public_reason="")
        AgendaItemFactory(meeting=meeting, order=2, name="Personalsache Frau X")
        return meeting

    def test_in_time_it_is_sent_logged_and_the_meeting_is_published(self, meeting, office_user, mailoutbox):
        dispatch = services.invitation_send(actor=office_user, meeting=meeting, now=meeting.start - timedelta(days=10))
        meeting.refresh_from_db()
        assert meeting.meeting_state == "eingeladen" and meeting.invitation_sent_at == dispatch.sent_at
        assert services.is_published(meeting)
        assert dispatch.recipients == 7 and dispatch.notice_kept and dispatch.sent_by == office_user
        assert len(mailoutbox) == 7
        assert all(len(mail.to) == 1 for mail in mailoutbox)  # nobody sees the others' addresses
        mail = mailoutbox[0]
        assert mail.subject.startswith("Einladung: ")
        assert "Eröffnung" in mail.body and "Personalsache Frau X (nichtöffentlicher Punkt)" in mail.body

    def test_late_with_warn_it_is_sent_and_the_log_says_so(self, meeting, office_user, mailoutbox):
        dispatch = services.invitation_send(actor=office_user, meeting=meeting)
        assert not dispatch.notice_kept
        assert "Die Ladungsfrist von 7 vollen Tagen ist nicht mehr einzuhalten" in dispatch.note
        assert len(mailoutbox) == 7

    def test_late_with_block_it_is_refused_naming_the_deadline(self, body, meeting, office_user, mailoutbox):
        m.CommitteeSettings.objects.create(body=body, notice_mode="block")
        with pytest.raises(ApplicationError) as refusal:
            services.invitation_send(actor=office_user, meeting=meeting)
        deadline = (services.meeting_day(meeting) - timedelta(days=8)).strftime("%d.%m.%Y")
        assert refusal.value.message == (
            "Die Ladungsfrist von 7 vollen Tagen ist nicht mehr einzuhalten: "
            f"Die Einladung hätte bis zum {deadline} verschickt werden müssen."
        )
        meeting.refresh_from_db()
        assert meeting.meeting_state == "geplant" and not meeting.dispatches.exists() and not mailoutbox

    def test_urgent_meeting_keeps_the_shorter_period(self, body, meeting, office_user):
        m.CommitteeSettings.objects.create(body=body, notice_mode="block")
        services.meeting_update(actor=office_user, meeting=meeting, urgent=True, urgency_reason="Haushaltsfrist")
        dispatch = services.invitation_send(actor=office_user, meeting=meeting)
        assert dispatch.notice_kept

    def test_persons_without_address_are_counted_and_noted(self, meeting, committee, office_user, mailoutbox):
        person = committee.members[4].person
        person.email = ""
        person.save()
        dispatch = services.invitation_send(actor=office_user, meeting=meeting, now=meeting.start - timedelta(days=9))
        assert dispatch.recipients == 7 and len(mailoutbox) == 6
        assert "1 Person hat keine E-Mail-Adresse" in dispatch.note

    def test_ended_memberships_are_not_invited(self, meeting, committee, office_user, mailoutbox):
        committee.members[4].end_date = today() - timedelta(days=1)
        committee.members[4].save()
        dispatch = services.invitation_send(actor=office_user, meeting=meeting, now=meeting.start - timedelta(days=9))
        assert dispatch.recipients == 6

    def test_sending_again_adds_to_the_log(self, meeting, office_user):
        services.invitation_send(actor=office_user, meeting=meeting, now=meeting.start - timedelta(days=10))
        services.invitation_send(actor=office_user, meeting=meeting)
        assert meeting.dispatches.count() == 2

    def test_the_page_shows_calculator_and_log_to_the_office_only(
        self, client, body, meeting, office_user, make_user, committee
    ):
        client.force_login(office_user)
        response = client.post(url("meeting_invite", body, meeting=meeting.pk), follow=True)
        page = response.content.decode()
        assert "Die Einladung wurde per E-Mail an 7 von 7 Mitgliedern und Stellvertretungen verschickt" in page
        assert "nicht mehr einzuhalten" in page  # the warning of warn mode
        assert "Versandprotokoll" in page and "nicht gewahrt" in page
        member = make_user(body, "member")
        committee.members[2].person.user = member
        committee.members[2].person.save()
        client.force_login(member)
        page = client.get(url("meeting", body, meeting=meeting.pk)).content.decode()
        assert "Versandprotokoll" not in page and "Ladungsfrist" not in page

    def test_a_held_or_cancelled_meeting_is_not_invited(self, meeting, office_user):
        services.meeting_update(actor=office_user, meeting=meeting, cancelled=True)
        with pytest.raises(ApplicationError, match="abgesagt"):
            services.invitation_send(actor=office_user, meeting=meeting)


# --- Planning --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_office_plans_a_meeting_in_the_browser(client, body, committee, office_user):
    client.force_login(office_user)
    day = today() + timedelta(days=30)
    response = client.post(
        url("meeting_create", body),
        {
            "organizations": [committee.organization.pk],
            "name": "3. Sitzung",
            "date": day.isoformat(),
            "start_time": "18:00",
            "end_time": "20:30",
            "new_location": "Rathaus, Sitzungssaal 2",
        },
    )
    meeting = m.Meeting.objects.get(body=body)
    assert response.url == url("meeting", body, meeting=meeting.pk)
    assert timezone.localtime(meeting.start) == at(day) and timezone.localtime(meeting.end) == at(day, 20, 30)
    assert meeting.location.description == "Rathaus, Sitzungssaal 2" and meeting.meeting_state == "geplant"
    assert meeting.history.first().history_user == office_user
    page = client.get(response.url).content.decode()
    assert "18:00 – 20:30 Uhr" in page and "Rathaus, Sitzungssaal 2" in page


@pytest.mark.django_db
def test_an_urgent_meeting_needs_a_reason(client, body, committee, office_user):
    with pytest.raises(ApplicationError) as refusal:
        services.meeting_create(
            actor=office_user,
            body=body,
            organizations=[committee.organization],
            name="Sondersitzung",
            start=at(today() + timedelta(days=5)),
            urgent=True,
        )
    assert refusal.value.field == "urgency_reason"
    client.force_login(office_user)
    response = client.post(
        url("meeting_create", body),
        {
            "organizations": [committee.organization.pk],
            "name": "X",
            "date": "2027-01-10",
            "start_time": "18:00",
            "urgent": "on",
        },
    )
    assert (
        response.status_code == 200
        and "Eine Dringlichkeitssitzung braucht eine Begründung." in response.content.decode()
    )


@pytest.mark.django_db
def test_a_meeting_cannot_take_another_bodys_committee(body, other_body, office_user):
    with pytest.raises(ApplicationError):
        services.meeting_create(
            actor=office_user,
            body=body,
            organizations=[OrganizationFactory(body=other_body)],
            name="Sitzung",
            start=at(today()),
        )


# --- Agenda ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestAgenda:
    def test_default_templates_are_created_once(self):
        services.ensure_default_templates()
        services.ensure_default_templates()
        names = list(m.AgendaTemplate.objects.filter(body__isnull=True).values_list("name", flat=True))
        assert sorted(names) == ["Konstituierende Sitzung", "Muster-Tagesordnung"]

    def test_agenda_from_the_model_template(self, body, committee, office_user):
        meeting = make_meeting(body, committee)
        services.agenda_item_create(actor=office_user, meeting=meeting, name="Begrüßung der neuen Mitglieder")
        services.ensure_default_templates()
        template = m.AgendaTemplate.objects.get(name="Muster-Tagesordnung")
        services.agenda_from_template(actor=office_user, meeting=meeting, template=template)
        items = list(meeting.agenda_items.order_by("order"))
        assert [item.order for item in items] == list(range(1, 10))
        assert items[0].name == "Begrüßung der neuen Mitglieder" and items[1].name == "Eröffnung und Begrüßung"
        assert items[2].name.startswith("Feststellung der ordnungsgemäßen Einladung")
        last = items[-1]
        assert last.name == "Nichtöffentliche Angelegenheiten" and not last.public and last.non_public_reason

    def test_constituent_meeting_template(self, body, committee, office_user, client):
        meeting = make_meeting(body, committee)
        client.force_login(office_user)
        page = client.get(url("agenda_template", body, meeting=meeting.pk)).content.decode()
        assert "Konstituierende Sitzung" in page and "Muster-Tagesordnung" in page
        template = m.AgendaTemplate.objects.get(name="Konstituierende Sitzung")
        client.post(url("agenda_template", body, meeting=meeting.pk), {"template": template.pk})
        names = list(meeting.agenda_items.order_by("order").values_list("name", flat=True))
        assert names[1] == "Wahl des/der Vorsitzenden"
        assert "Wahl der Delegierten für den Landesintegrationsrat" in names and len(names) == 7

    def test_another_bodys_template_is_refused(self, body, other_body, committee, office_user):
        meeting = make_meeting(body, committee)
        foreign = m.AgendaTemplate.objects.create(body=other_body, name="Fremd", items=[{"name": "X"}])
        with pytest.raises(ApplicationError):
            services.agenda_from_template(actor=office_user, meeting=meeting, template=foreign)

    def test_a_non_public_item_needs_a_reason(self, body, committee, office_user, client):
        meeting = make_meeting(body, committee)
        with pytest.raises(ApplicationError) as refusal:
            services.agenda_item_create(actor=office_user, meeting=meeting, name="Personalsache", public=False)
        assert refusal.value.field == "non_public_reason"
        assert refusal.value.message == "Ein nichtöffentlicher Tagesordnungspunkt braucht eine Begründung."
        client.force_login(office_user)
        response = client.post(
            url("agenda_item_create", body, meeting=meeting.pk), {"name": "Personalsache", "part": "nichtoeffentlich"}
        )
        assert "braucht eine Begründung" in response.content.decode()
        assert not meeting.agenda_items.exists()
        client.post(
            url("agenda_item_create", body, meeting=meeting.pk),
            {"name": "Personalsache", "part": "nichtoeffentlich", "non_public_reason": "Personalangelegenheit"},
        )
        item = meeting.agenda_items.get()
        assert not item.public and item.non_public_reason == "Personalangelegenheit" and item.number == "1"

    def test_a_paper_goes_on_the_agenda(self, body, committee, office_user, client):
        from querschnitt.committees.tests.factories import ConsultationFactory

        meeting = make_meeting(body, committee)
        consultation = ConsultationFactory(body=body, organization=committee.organization)
        foreign = ConsultationFactory(body=body)  # another committee's step of the Beratungsfolge
        client.force_login(office_user)
        page = client.get(url("agenda_item_create", body, meeting=meeting.pk)).content.decode()
        assert f'value="{consultation.pk}"' in page and f'value="{foreign.pk}"' not in page
        client.post(
            url("agenda_item_create", body, meeting=meeting.pk),
            {"part": "oeffentlich", "consultation": consultation.pk},
        )
        item = meeting.agenda_items.get()
        consultation.refresh_from_db()
        assert item.name == consultation.paper.name and item.consultation == consultation
        assert consultation.meeting == meeting
        with pytest.raises(ApplicationError):
            services.agenda_item_create(actor=office_user, meeting=meeting, name="X", consultation=foreign)

    def test_move_and_delete_keep_the_numbering(self, body, committee, office_user, client):
        meeting = make_meeting(body, committee)
        first, second, third = (
            services.agenda_item_create(actor=office_user, meeting=meeting, name=name) for name in ("A", "B", "C")
        )
        client.force_login(office_user)
        client.post(url("agenda_item_move", body, agendaitem=third.pk), {"richtung": "hoch"})
        assert [(i.name, i.number) for i in services._items_of(meeting)] == [("A", "1"), ("C", "2"), ("B", "3")]
        client.post(url("agenda_item_delete", body, agendaitem=first.pk))
        first.refresh_from_db()
        assert first.deleted
        assert [(i.name, i.number) for i in services._items_of(meeting)] == [("C", "1"), ("B", "2")]
        assert second.history.first().history_user == office_user

    def test_inserting_at_a_place_moves_the_rest(self, body, committee, office_user):
        meeting = make_meeting(body, committee)
        services.agenda_item_create(actor=office_user, meeting=meeting, name="A")
        services.agenda_item_create(actor=office_user, meeting=meeting, name="C")
        services.agenda_item_create(actor=office_user, meeting=meeting, name="B", order=2, number="2a")
        assert [(i.name, i.number) for i in services._items_of(meeting)] == [("A", "1"), ("B", "2a"), ("C", "3")]


# --- Attendance and quorum -------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestQuorum:
    def test_more_than_half_of_the_statutory_seats(self, committee, past_meeting, office_user):
        mark_present(office_user, past_meeting, committee.members[2:4])
        count = services.quorum(past_meeting)
        assert (count.present, count.seats, count.required, count.quorate) == (2, 5, 3, False)
        mark_present(office_user, past_meeting, committee.members[4:5])
        assert services.quorum(past_meeting).quorate

    def test_statutory_seats_count_even_when_not_all_are_filled(self, body, past_meeting, committee, office_user):
        committee.organization.statutory_seats = 9
        committee.organization.save()
        mark_present(office_user, past_meeting, committee.members)
        count = services.quorum(past_meeting)
        assert (count.present, count.required, count.quorate) == (5, 5, True)
        committee.organization.statutory_seats = None
        committee.organization.save()
        count = services.quorum(past_meeting)
        assert count.seats == 5 and not count.seats_from_statute  # the five voting memberships

    def test_a_deputy_counts_when_replacing_an_absent_principal(self, committee, past_meeting, office_user):
        mark_present(
            office_user, past_meeting, committee.members[2:4], replaces=[(committee.deputy, committee.members[1])]
        )
        count = services.quorum(past_meeting)
        assert (count.members_present, count.deputies_counted, count.quorate) == (2, 1, True)

    def test_a_present_deputy_without_replacing_does_not_count(self, committee, past_meeting, office_user):
        mark_present(office_user, past_meeting, [*committee.members[2:4], committee.deputy])
        count = services.quorum(past_meeting)
        assert (count.present, count.quorate) == (2, False)

    def test_a_deputy_cannot_replace_a_present_member(self, committee, past_meeting, office_user):
        with pytest.raises(ApplicationError) as refusal:
            mark_present(
                office_user, past_meeting, committee.members[1:3], replaces=[(committee.deputy, committee.members[1])]
            )
        assert refusal.value.message == "Nowak ist anwesend und kann daher nicht vertreten werden.".replace(
            "Nowak", committee.members[1].person.name
        )
        assert not m.Attendance.objects.filter(meeting=past_meeting).exists()

    def test_a_deputy_replaces_only_their_own_principal(self, committee, past_meeting, office_user):
        with pytest.raises(ApplicationError) as refusal:
            services.attendance_set(
                actor=office_user,
                meeting=past_meeting,
                membership=committee.deputy,
                present=True,
                replaces=committee.members[3],
            )
        assert "ist nicht als Stellvertretung von" in refusal.value.message

    def test_marking_the_principal_present_later_is_refused(self, committee, past_meeting, office_user):
        services.attendance_set(
            actor=office_user,
            meeting=past_meeting,
            membership=committee.deputy,
            present=True,
            replaces=committee.members[1],
        )
        with pytest.raises(ApplicationError, match="kann daher nicht vertreten werden"):
            services.attendance_set(
                actor=office_user, meeting=past_meeting, membership=committee.members[1], present=True
            )

    def test_attendance_only_from_the_day_of_the_meeting(self, body, committee, office_user):
        meeting = make_meeting(body, committee)
        with pytest.raises(ApplicationError, match="ab dem Sitzungstag"):
            mark_present(office_user, meeting, committee.members[:1])

    def test_the_attendance_form(self, client, body, committee, past_meeting, office_user):
        client.force_login(office_user)
        page = client.get(url("attendance", body, meeting=past_meeting.pk)).content.decode()
        assert f'name="present_{committee.deputy.pk}"' in page and f'name="replaces_{committee.deputy.pk}"' in page
        assert f'name="replaces_{committee.members[2].pk}"' not in page
        data = {f"present_{ms.pk}": "on" for ms in committee.members[2:4]}
        data |= {f"present_{committee.deputy.pk}": "on", f"replaces_{committee.deputy.pk}": committee.members[1].pk}
        response = client.post(url("attendance", body, meeting=past_meeting.pk), data, follow=True)
        page = response.content.decode()
        assert "Beschlussfähig" in page and "Stellvertretung" in page
        assert services.quorum(past_meeting).quorate
        # A refusal of the service shows above the form, and nothing changes.
        data[f"present_{committee.members[1].pk}"] = "on"
        response = client.post(url("attendance", body, meeting=past_meeting.pk), data)
        assert "kann daher nicht vertreten werden" in response.content.decode()
        assert not m.Attendance.objects.get(meeting=past_meeting, membership=committee.members[1]).present


# --- Votes -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestVotes:
    @pytest.fixture
    def item(self, past_meeting, committee, office_user):
        mark_present(office_user, past_meeting, committee.members[:4])
        return AgendaItemFactory(
            meeting=past_meeting, order=1, name="Antrag Sprachcafé", public=True, non_public_reason=""
        )

    def test_more_yes_than_no_adopts(self, item, office_user):
        services.vote_record(actor=office_user, agenda_item=item, yes=3, no=1, abstain=0)
        item.refresh_from_db()
        assert (item.result, item.votes_yes, item.votes_no, item.votes_abstain) == ("angenommen", 3, 1, 0)
        assert item.history.first().history_user == office_user

    def test_a_tie_rejects(self, item, office_user):
        services.vote_record(actor=office_user, agenda_item=item, yes=2, no=2, abstain=0)
        item.refresh_from_db()
        assert item.result == "abgelehnt"

    def test_more_votes_than_voting_members_present_are_refused(self, item, office_user):
        with pytest.raises(ApplicationError) as refusal:
            services.vote_record(actor=office_user, agenda_item=item, yes=3, no=1, abstain=1)
        assert (
            refusal.value.message
            == "Es wurden 5 Stimmen erfasst, aber nur 4 stimmberechtigte Mitglieder sind anwesend."
        )
        item.refresh_from_db()
        assert item.result == ""

    def test_biased_members_do_not_vote(self, item, committee, office_user):
        biased = committee.members[0].person
        with pytest.raises(ApplicationError, match="1 ist befangen"):
            services.vote_record(actor=office_user, agenda_item=item, yes=4, no=0, abstain=0, biased_persons=[biased])
        services.vote_record(
            actor=office_user,
            agenda_item=item,
            yes=3,
            no=0,
            abstain=0,
            biased_persons=[biased],
            resolution_text="Das Sprachcafé wird gefördert.",
        )
        item.refresh_from_db()
        assert list(item.biased_persons.all()) == [biased] and item.resolution_text == "Das Sprachcafé wird gefördert."

    def test_only_members_can_be_biased(self, item, body, office_user):
        with pytest.raises(ApplicationError):
            services.vote_record(
                actor=office_user, agenda_item=item, yes=1, no=0, abstain=0, biased_persons=[PersonFactory(body=body)]
            )

    def test_the_vote_form_and_the_results_on_the_page(self, client, body, item, committee, office_user):
        client.force_login(office_user)
        response = client.post(
            url("agenda_item_vote", body, agendaitem=item.pk),
            {"yes": 2, "no": 0, "abstain": 1, "biased_persons": [committee.members[3].person.pk]},
            follow=True,
        )
        page = response.content.decode()
        assert "Das Abstimmungsergebnis wurde erfasst: angenommen." in page
        assert "ja 2, nein 0, Enthaltungen 1" in page and "Befangen, nicht beteiligt" in page
        response = client.post(url("agenda_item_vote", body, agendaitem=item.pk), {"yes": 9, "no": 0, "abstain": 0})
        assert "Es wurden 9 Stimmen erfasst" in response.content.decode()


# --- Minutes ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestMinutes:
    @pytest.fixture
    def item(self, past_meeting, committee, office_user):
        mark_present(office_user, past_meeting, committee.members)
        item = AgendaItemFactory(meeting=past_meeting, order=1, name="Antrag", public=True, non_public_reason="")
        services.vote_record(actor=office_user, agenda_item=item, yes=5, no=0, abstain=0)
        services.minutes_update(actor=office_user, meeting=past_meeting, minutes_text="Die Sitzung begann um 18 Uhr.")
        return item

    def sign_both(self, meeting, committee, actor):
        services.minutes_sign(actor=actor, meeting=meeting, person=committee.chair.person)
        services.minutes_sign(actor=actor, meeting=meeting, person=committee.writer.person)

    def test_chair_and_minute_taker_sign_then_everything_is_immutable(self, item, past_meeting, committee, office_user):
        services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.chair.person)
        assert not past_meeting.minutes_signed and past_meeting.meeting_state == "eingeladen"
        services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.writer.person)
        past_meeting.refresh_from_db()
        assert past_meeting.minutes_signed and past_meeting.meeting_state == "durchgefuehrt"
        assert past_meeting.minutes_signed_by_chair == committee.chair.person

        expected = "Die Niederschrift dieser Sitzung ist unterzeichnet"
        with pytest.raises(ApplicationError, match=expected):
            services.minutes_update(actor=office_user, meeting=past_meeting, minutes_text="Anders")
        with pytest.raises(ApplicationError, match=expected):
            services.vote_record(actor=office_user, agenda_item=item, yes=0, no=5, abstain=0)
        with pytest.raises(ApplicationError, match=expected):
            services.agenda_item_update(actor=office_user, agenda_item=item, name="Anders")
        with pytest.raises(ApplicationError, match=expected):
            mark_present(office_user, past_meeting, committee.members[:1])
        past_meeting.refresh_from_db()
        item.refresh_from_db()
        assert past_meeting.minutes_text == "Die Sitzung begann um 18 Uhr." and item.result == "angenommen"

    def test_corrections_are_linked_records(self, item, past_meeting, committee, office_user, client, body):
        with pytest.raises(ApplicationError, match="direkt"):
            services.minutes_correction_add(actor=office_user, meeting=past_meeting, text="Zu früh")
        self.sign_both(past_meeting, committee, office_user)
        client.force_login(office_user)
        response = client.post(
            url("minutes_correction", body, meeting=past_meeting.pk),
            {"text": "Die Sitzung begann um 18:15 Uhr.", "decided_on": "2026-12-10"},
            follow=True,
        )
        correction = past_meeting.minutes_corrections.get()
        assert correction.created_by == office_user and correction.decided_on == date(2026, 12, 10)
        page = response.content.decode()
        assert "Die Sitzung begann um 18 Uhr." in page and "Die Sitzung begann um 18:15 Uhr." in page
        past_meeting.refresh_from_db()
        assert past_meeting.minutes_text == "Die Sitzung begann um 18 Uhr."

    def test_only_chair_and_minute_taker_sign_each_once(self, item, past_meeting, committee, office_user):
        with pytest.raises(ApplicationError, match="weder Vorsitz noch Schriftführung"):
            services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.members[2].person)
        services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.chair.person)
        with pytest.raises(ApplicationError, match="bereits unterzeichnet"):
            services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.chair.person)
        deputy_chair = MembershipFactory(organization=committee.organization, role="stellv_vorsitz")
        with pytest.raises(ApplicationError, match="In der Rolle"):
            services.minutes_sign(actor=office_user, meeting=past_meeting, person=deputy_chair.person)

    def test_a_change_after_one_signature_withdraws_it(self, item, past_meeting, committee, office_user):
        services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.chair.person)
        services.minutes_update(actor=office_user, meeting=past_meeting, minutes_text="Ergänzt.")
        past_meeting.refresh_from_db()
        assert past_meeting.minutes_signed_by_chair is None and past_meeting.minutes_signed_by_chair_at is None

    def test_saving_unchanged_minutes_keeps_the_signature(self, item, past_meeting, committee, office_user):
        services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.chair.person)
        services.minutes_update(actor=office_user, meeting=past_meeting, minutes_text="Die Sitzung begann um 18 Uhr.")
        mark_present(office_user, past_meeting, committee.members)
        past_meeting.refresh_from_db()
        assert past_meeting.minutes_signed_by_chair == committee.chair.person

    def test_the_page_says_when_a_signature_was_withdrawn(
        self, client, body, item, past_meeting, committee, office_user
    ):
        services.minutes_sign(actor=office_user, meeting=past_meeting, person=committee.chair.person)
        client.force_login(office_user)
        response = client.post(url("minutes", body, meeting=past_meeting.pk), {"minutes_text": "Neu."}, follow=True)
        assert "die bisherige Unterschrift zurückgenommen" in response.content.decode()

    def test_a_chair_signs_for_themselves_in_the_browser(self, client, body, item, past_meeting, committee, make_user):
        chair_user = make_user(body, "member")
        committee.chair.person.user = chair_user
        committee.chair.person.save()
        client.force_login(chair_user)
        page = client.get(url("meeting", body, meeting=past_meeting.pk)).content.decode()
        assert "Niederschrift unterzeichnen" in page
        assert f'value="{committee.writer.person.pk}"' not in page  # only for themselves
        client.post(url("minutes_sign", body, meeting=past_meeting.pk), {"person": committee.writer.person.pk})
        past_meeting.refresh_from_db()
        assert past_meeting.minutes_signed_by_writer is None
        client.post(url("minutes_sign", body, meeting=past_meeting.pk), {"person": committee.chair.person.pk})
        past_meeting.refresh_from_db()
        assert past_meeting.minutes_signed_by_chair == committee.chair.person

    def test_someone_else_cannot_sign(self, client, body, item, past_meeting, committee, make_user):
        client.force_login(make_user(body, "member"))
        response = client.post(
            url("minutes_sign", body, meeting=past_meeting.pk), {"person": committee.chair.person.pk}
        )
        assert response.status_code == 403
        with pytest.raises(ApplicationError, match="nur für sich selbst"):
            services.minutes_sign(actor=make_user(body, "member"), meeting=past_meeting, person=committee.chair.person)

    def test_the_public_part_is_published_after_signing(self, client, body, item, past_meeting, committee, office_user):
        secret = AgendaItemFactory(meeting=past_meeting, order=2, name="Personalsache Geheim")
        services.vote_record(
            actor=office_user, agenda_item=secret, yes=5, no=0, abstain=0, resolution_text="Geheim-Beschluss"
        )
        page = client.get(url("meeting", body, meeting=past_meeting.pk)).content.decode()
        assert "Die Sitzung begann um 18 Uhr." not in page and "Angenommen" not in page
        self.sign_both(past_meeting, committee, office_user)
        page = client.get(url("meeting", body, meeting=past_meeting.pk)).content.decode()
        assert "Die Sitzung begann um 18 Uhr." in page and "Angenommen" in page and "durchgeführt" in page
        assert "Personalsache Geheim" not in page and "Geheim-Beschluss" not in page


# --- Who sees what ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestVisibility:
    @pytest.fixture
    def meeting(self, body, committee):
        meeting = make_meeting(body, committee, published=True)
        AgendaItemFactory(
            meeting=meeting, order=1, name="Bericht zum Integrationskonzept", public=True, non_public_reason=""
        )
        AgendaItemFactory(meeting=meeting, order=2, name="Vergabe an Verein Vertraulich")
        return meeting

    def page(self, client, body, meeting, user=None):
        if user is not None:
            client.force_login(user)
        response = client.get(url("meeting", body, meeting=meeting.pk))
        assert response.status_code == 200
        return response.content.decode()

    def test_anonymous_sees_the_public_part_only(self, client, body, meeting):
        page = self.page(client, body, meeting)
        assert "Bericht zum Integrationskonzept" in page and "Vergabe an Verein Vertraulich" not in page
        assert "Nichtöffentlicher Teil" not in page and "Anwesenheit" not in page

    def test_another_bodys_office_sees_the_public_part_only(self, client, body, other_body, meeting, make_user):
        page = self.page(client, body, meeting, make_user(other_body, "office"))
        assert "Vergabe an Verein Vertraulich" not in page

    def test_a_member_of_another_committee_does_not_see_it(self, client, body, meeting, make_user):
        user = make_user(body, "member")
        MembershipFactory(organization=OrganizationFactory(body=body), person=PersonFactory(body=body, user=user))
        assert "Vergabe an Verein Vertraulich" not in self.page(client, body, meeting, user)

    def test_a_member_of_the_committee_and_the_office_see_it(
        self, client, body, meeting, committee, make_user, office_user
    ):
        user = make_user(body, "member")
        committee.members[3].person.user = user
        committee.members[3].person.save()
        page = self.page(client, body, meeting, user)
        assert "Vergabe an Verein Vertraulich" in page and "Nichtöffentlicher Teil" in page
        client.logout()
        assert "Vergabe an Verein Vertraulich" in self.page(client, body, meeting, office_user)

    def test_a_non_public_item_url_is_a_404_for_others(self, client, body, meeting, make_user):
        secret = meeting.agenda_items.get(public=False)
        client.force_login(make_user(body, "office"))
        assert client.get(url("agenda_item_edit", body, agendaitem=secret.pk)).status_code == 200
        client.force_login(make_user(body, "reader"))
        assert client.get(url("agenda_item_edit", body, agendaitem=secret.pk)).status_code == 403

    def test_a_planned_meeting_is_internal(self, client, body, committee, make_user):
        planned = make_meeting(body, committee, name="Geplante Klausur")
        assert client.get(url("meeting", body, meeting=planned.pk)).status_code == 404
        assert "Geplante Klausur" not in client.get(url("meetings", body)).content.decode()
        client.force_login(make_user(body, "reader"))
        assert client.get(url("meeting", body, meeting=planned.pk)).status_code == 200
        assert "Geplante Klausur" in client.get(url("meetings", body)).content.decode()

    def test_another_bodys_meeting_is_a_404(self, client, body, other_body, meeting, make_user):
        client.force_login(make_user(other_body, "office"))
        assert client.get(url("meeting", other_body, meeting=meeting.pk)).status_code == 404
        assert client.get(url("meeting_edit", other_body, meeting=meeting.pk)).status_code == 404

    def test_the_list_separates_upcoming_and_past(self, client, body, committee, meeting):
        make_meeting(body, committee, day=today() - timedelta(days=30), published=True, name="Alte Sitzung")
        page = client.get(url("meetings", body)).content.decode()
        upcoming, past = page.split("Vergangene Sitzungen", 1)
        assert meeting.name in upcoming and "Alte Sitzung" in past


# --- Permissions -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [("office", True), ("member", False), ("reader", False), ("integration_centre", False)]
)
def test_permission_matrix(client, body, committee, make_user, role, allowed):
    meeting = make_meeting(body, committee, published=True)
    item = AgendaItemFactory(meeting=meeting, order=1, public=True, non_public_reason="")
    client.force_login(make_user(body, role))
    gets = [
        url("meeting_create", body),
        url("meeting_edit", body, meeting=meeting.pk),
        url("agenda_item_create", body, meeting=meeting.pk),
        url("agenda_template", body, meeting=meeting.pk),
        url("attendance", body, meeting=meeting.pk),
        url("minutes", body, meeting=meeting.pk),
        url("minutes_correction", body, meeting=meeting.pk),
        url("agenda_item_edit", body, agendaitem=item.pk),
        url("agenda_item_vote", body, agendaitem=item.pk),
        url("agenda_item_delete", body, agendaitem=item.pk),
    ]
    for address in gets:
        assert client.get(address).status_code == (200 if allowed else 403), address
    response = client.post(url("meeting_invite", body, meeting=meeting.pk))
    assert response.status_code == (302 if allowed else 403)
    response = client.post(url("agenda_item_move", body, agendaitem=item.pk), {"richtung": "runter"})
    assert response.status_code == (302 if allowed else 403)
    assert client.get(url("meeting", body, meeting=meeting.pk)).status_code == 200
    assert client.get(url("meetings", body)).status_code == 200


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in(client, body, committee):
    meeting = make_meeting(body, committee, published=True)
    for address in (
        url("meeting_create", body),
        url("meeting_edit", body, meeting=meeting.pk),
        url("attendance", body, meeting=meeting.pk),
        url("minutes", body, meeting=meeting.pk),
    ):
        response = client.get(address)
        assert response.status_code == 302 and "/konto/login/" in response.url
    response = client.post(url("meeting_invite", body, meeting=meeting.pk))
    assert response.status_code == 302 and "/konto/login/" in response.url


@pytest.mark.django_db
def test_services_refuse_without_the_right(body, committee, make_user):
    meeting = make_meeting(body, committee)
    member = make_user(body, "member")
    with pytest.raises(ApplicationError, match="nicht verwalten"):
        services.agenda_item_create(actor=member, meeting=meeting, name="X")
    with pytest.raises(ApplicationError):
        services.invitation_send(actor=member, meeting=meeting)
    with pytest.raises(ApplicationError):
        services.meeting_update(actor=member, meeting=meeting, name="Y")


# --- Calendars -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestCalendars:
    @pytest.fixture
    def meetings(self, body, committee):
        published = make_meeting(body, committee, published=True, name="Öffentliche Sitzung")
        AgendaItemFactory(meeting=published, order=1, name="Sprachkurse", public=True, non_public_reason="")
        AgendaItemFactory(meeting=published, order=2, name="Vertrauliche Vergabe")
        planned = make_meeting(body, committee, name="Geplante Sitzung")
        return published, planned

    def test_committee_feed_is_valid_and_public_only(self, client, body, committee, meetings):
        response = client.get(url("organization_calendar", body, organization=committee.organization.pk))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert [str(event["summary"]) for event in events] == ["Öffentliche Sitzung"]
        description = str(events[0]["description"])
        assert "Sprachkurse" in description and "Vertrauliche" not in response.content.decode()
        assert events[0]["dtstart"].dt == meetings[0].start
        assert calendar.walk("VTIMEZONE")

    def test_committee_without_published_meetings_has_no_feed(self, client, body, other_body):
        organization = OrganizationFactory(body=body)
        assert client.get(url("organization_calendar", body, organization=organization.pk)).status_code == 404
        assert client.get(url("organization_calendar", other_body, organization=organization.pk)).status_code == 404

    def test_personal_feed_by_secret_token(self, client, body, committee, meetings, make_user):
        person = committee.members[2].person
        user = make_user(body, "member")
        person.user = user
        person.save()
        token = services.person_calendar_token(actor=user, person=person)
        assert token == services.person_calendar_token(actor=user, person=person)
        response = client.get(reverse("committees:person_calendar", kwargs={"person_calendar_token": token}))
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        calendar = icalendar.Calendar.from_ical(response.content)
        assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == ["Geplante Sitzung", "Öffentliche Sitzung"]
        assert "Vertrauliche" not in response.content.decode()
        published = next(e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Öffentliche Sitzung")
        assert "sowie 1 nichtöffentlicher Tagesordnungspunkt" in str(published["description"])
        wrong = reverse("committees:person_calendar", kwargs={"person_calendar_token": "falsch-" + token[::-1]})
        assert client.get(wrong).status_code == 404
        renewed = services.person_calendar_token(actor=user, person=person, renew=True)
        assert renewed != token
        assert (
            client.get(reverse("committees:person_calendar", kwargs={"person_calendar_token": token})).status_code
            == 404
        )

    def test_only_the_person_or_the_office_creates_the_token(self, body, committee, make_user, office_user):
        person = committee.members[2].person
        with pytest.raises(ApplicationError):
            services.person_calendar_token(actor=make_user(body, "member"), person=person)
        assert services.person_calendar_token(actor=office_user, person=person)

    def test_the_calendar_page(self, client, body, committee, meetings, make_user):
        page = client.get(url("calendars", body)).content.decode()
        assert committee.organization.name in page and "Persönlicher Kalender" not in page
        user = make_user(body, "member")
        person = committee.members[2].person
        person.user = user
        person.save()
        client.force_login(user)
        response = client.post(url("calendars", body), {"person": person.pk}, follow=True)
        person.refresh_from_db()
        assert person.calendar_token and person.calendar_token in response.content.decode()
        response = client.post(url("calendars", body), {"person": committee.members[3].person.pk})
        person_other = committee.members[3].person
        person_other.refresh_from_db()
        assert not person_other.calendar_token


# --- Query counts ----------------------------------------------------------------------------------------------


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_meetings_list_does_not_grow_with_the_meetings(client, body, committee, office_user):
    client.force_login(office_user)
    for offset in (-20, 20):
        make_meeting(body, committee, day=today() + timedelta(days=offset), published=True)
    few = count_queries(client, url("meetings", body))
    for offset in (-40, -30, 30, 40, 50):
        meeting = make_meeting(body, committee, day=today() + timedelta(days=offset), published=True)
        meeting.organizations.add(OrganizationFactory(body=body))
    assert count_queries(client, url("meetings", body)) == few
    client.logout()
    assert count_queries(client, url("meetings", body)) <= few


@pytest.mark.django_db
def test_the_meeting_page_does_not_grow_with_the_items(client, body, committee, office_user, past_meeting):
    mark_present(office_user, past_meeting, committee.members)

    def add_items(count, start):
        for order in range(start, start + count):
            item = AgendaItemFactory(meeting=past_meeting, order=order, public=order % 2 == 0)
            services.vote_record(
                actor=office_user, agenda_item=item, yes=4, no=0, abstain=0, biased_persons=[committee.chair.person]
            )

    add_items(2, 1)
    services.minutes_update(actor=office_user, meeting=past_meeting, minutes_text="Text")
    client.force_login(office_user)
    few = count_queries(client, url("meeting", body, meeting=past_meeting.pk))
    add_items(6, 3)
    assert count_queries(client, url("meeting", body, meeting=past_meeting.pk)) == few


@pytest.mark.django_db
def test_a_vote_on_a_paper_writes_the_result_into_its_consultation(body, office_user):
    from datetime import timedelta

    from django.utils import timezone

    from querschnitt.committees.services_papers import paper_status
    from querschnitt.committees.tests.factories import ConsultationFactory, MeetingFactory, MembershipFactory

    consultation = ConsultationFactory(body=body, role="Entscheidung")
    organization = consultation.organization
    members = [MembershipFactory(organization=organization) for _ in range(3)]
    meeting = MeetingFactory(body=body, organizations=[organization], start=timezone.now() - timedelta(hours=1))
    item = services.agenda_item_create(actor=office_user, meeting=meeting, name="Antrag", consultation=consultation)
    services.attendance_save(actor=office_user, meeting=meeting, rows=[(ms, True, None) for ms in members])

    services.vote_record(actor=office_user, agenda_item=item, yes=1, no=2, abstain=0)
    consultation.refresh_from_db()
    assert consultation.result == "abgelehnt" and paper_status(consultation.paper).label == "abgelehnt"
    services.vote_record(actor=office_user, agenda_item=item, yes=3, no=0, abstain=0)
    consultation.refresh_from_db()
    assert consultation.result == "beschlossen" and paper_status(consultation.paper).label == "beschlossen"
