"""Committee composition: the committee page, memberships and their rules, warnings, succession from the list,
consent, legislative terms, statutes and the rights checklist, permissions and query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from querschnitt.committees import models as m
from querschnitt.committees import services_composition as services
from querschnitt.committees.forms_papers import PersonForm
from querschnitt.committees.tests.factories import (
    LegislativeTermFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    StatuteFactory,
)
from querschnitt.core.exceptions import ApplicationError

ELECTED, COUNCIL = m.MembershipGroup.DIRECTLY_ELECTED, m.MembershipGroup.COUNCIL_MEMBER


def url(name, body, **kwargs):
    return reverse(f"committees:{name}", kwargs={"body": body.slug, **kwargs})


def seat(organization, group, count, **fields):
    return [MembershipFactory(organization=organization, group=group, **fields) for _ in range(count)]


@pytest.fixture
def aci(body):
    return OrganizationFactory(
        body=body,
        name="Ausschuss für Chancengerechtigkeit und Integration",
        statutory_seats=15,
        elected_seats=10,
        council_seats=5,
    )


# --- Committee page ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_committee_page_groups_members_with_role_vote_list_and_deputies(client, body, office_user, make_user, aci):
    chair = MembershipFactory(
        organization=aci,
        person=PersonFactory(body=body, given_name="Aylin", family_name="Demir", email="aylin@example.org"),
        role=m.MembershipRole.CHAIR,
        list_name="Internationale Liste",
        list_order=1,
    )
    MembershipFactory(
        organization=aci,
        person=PersonFactory(body=body, given_name="Jonas", family_name="Berg"),
        role=m.MembershipRole.DEPUTY,
        deputy_of=chair,
        list_name="Internationale Liste",
        list_order=4,
    )
    MembershipFactory(
        organization=aci, person=PersonFactory(body=body, family_name="Ratsfrau"), group=COUNCIL, list_name="SPD"
    )
    MembershipFactory(
        organization=aci,
        person=PersonFactory(body=body, family_name="Caritas"),
        group=m.MembershipGroup.ADVISORY,
        voting_right=False,
    )
    reader = make_user(body, "reader")
    client.force_login(reader)
    page = client.get(url("organization", body, organization=aci.pk)).content.decode()
    for text in ("direkt gewählt", "Ratsmitglied", "beratend", "Aylin Demir", "Vorsitz", "Internationale Liste (1)"):
        assert text in page, text
    assert "vertritt Aylin Demir" in page and "Jonas Berg" in page
    # Names are public information; contact data only with consent (or for the office).
    assert "aylin@example.org" not in page and "nicht veröffentlicht" in page
    chair.person.consent_given_on = timezone.now()
    chair.person.save()
    assert "aylin@example.org" in client.get(url("organization", body, organization=aci.pk)).content.decode()
    client.force_login(office_user)
    assert "Mitglied hinzufügen" in client.get(url("organization", body, organization=aci.pk)).content.decode()


@pytest.mark.django_db
def test_committee_page_queries_do_not_grow_with_members(client, body, office_user, aci):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("organization", body, organization=aci.pk)).status_code == 200
        return len(captured)

    client.force_login(office_user)
    members = seat(aci, ELECTED, 2) + seat(aci, COUNCIL, 1)
    MembershipFactory(organization=aci, role=m.MembershipRole.DEPUTY, deputy_of=members[0])
    few = queries()
    more = seat(aci, ELECTED, 6) + seat(aci, COUNCIL, 4)
    for member in more[:3]:
        MembershipFactory(organization=aci, role=m.MembershipRole.DEPUTY, deputy_of=member)
    # The change history lists more entries (one look-up per changed relation at most); the members table does not
    # add a query per row.
    assert queries() == few


@pytest.mark.django_db
def test_committee_list_and_persons_list_queries_are_constant(client, body, office_user, aci):
    def queries(name):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, body)).status_code == 200
        return len(captured)

    client.force_login(office_user)
    seat(aci, ELECTED, 2)
    few = {name: queries(name) for name in ("organizations", "persons")}
    seat(OrganizationFactory(body=body), COUNCIL, 5)
    assert {name: queries(name) for name in ("organizations", "persons")} == few


# --- Warnings ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_warnings_on_ratio_and_seats_follow_the_settings(client, body, office_user, aci):
    seat(aci, ELECTED, 4)
    seat(aci, COUNCIL, 4)
    warnings = services.composition_warnings(aci)
    assert any("nicht mehr direkt gewählte Mitglieder" in text for text in warnings)
    assert any("1 : 1" in text and "25 %" in text for text in warnings)

    settings = m.CommitteeSettings.objects.create(body=body, target_ratio=Decimal("1"))
    assert [text for text in services.composition_warnings(aci) if "25 %" in text] == []
    settings.warn_on_ratio = False
    settings.save()
    assert services.composition_warnings(aci) == []

    # Seats are never switched off: more council members than council seats.
    seat(aci, COUNCIL, 2)
    warnings = services.composition_warnings(aci)
    assert warnings == ["Mehr Ratsmitglieder (6) als Sitze (5)."]

    client.force_login(office_user)
    page = client.get(url("organization", body, organization=aci.pk)).content.decode()
    assert "kern-alert--warning" in page and "Mehr Ratsmitglieder (6) als Sitze (5)." in page


@pytest.mark.django_db
def test_a_balanced_committee_has_no_warning_and_warnings_never_block(body, office_user, aci):
    seat(aci, ELECTED, 10)
    seat(aci, COUNCIL, 5)
    MembershipFactory(organization=aci, group=m.MembershipGroup.GUEST, voting_right=False)
    assert services.composition_warnings(aci) == []
    # An eleventh elected member exceeds the seats: a warning, and the membership is saved all the same.
    extra = services.membership_create(
        actor=office_user, organization=aci, person=PersonFactory(body=body), group=ELECTED
    )
    assert extra.pk and extra.voting_right
    assert len(services.composition_warnings(aci)) == 2  # elected seats and all seats with a vote


@pytest.mark.django_db
def test_warning_is_shown_after_adding_a_member(client, body, office_user, aci):
    seat(aci, COUNCIL, 2)
    person = PersonFactory(body=body)
    client.force_login(office_user)
    response = client.post(
        url("membership_create", body, organization=aci.pk),
        {"person": person.pk, "group": COUNCIL, "role": "mitglied"},
        follow=True,
    )
    assert "ist jetzt Mitglied" in response.content.decode()
    assert "nicht mehr direkt gewählte Mitglieder" in response.content.decode()


# --- Memberships -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_membership_rules(body, other_body, office_user, aci):
    person = PersonFactory(body=body)
    guest = services.membership_create(
        actor=office_user, organization=aci, person=PersonFactory(body=body), group=m.MembershipGroup.GUEST
    )
    assert guest.voting_right is False
    with pytest.raises(ApplicationError, match="kein Stimmrecht"):
        services.membership_create(
            actor=office_user, organization=aci, person=person, group=m.MembershipGroup.ADVISORY, voting_right=True
        )
    with pytest.raises(ApplicationError) as error:
        services.membership_create(
            actor=office_user, organization=aci, person=PersonFactory(body=other_body), group=ELECTED
        )
    assert error.value.field == "person"

    member = services.membership_create(actor=office_user, organization=aci, person=person, group=ELECTED)
    with pytest.raises(ApplicationError, match="bereits Mitglied"):
        services.membership_create(actor=office_user, organization=aci, person=person, group=ELECTED)
    other_committee_member = MembershipFactory(organization=OrganizationFactory(body=body))
    with pytest.raises(ApplicationError) as error:
        services.membership_create(
            actor=office_user,
            organization=aci,
            person=PersonFactory(body=body),
            group=ELECTED,
            role=m.MembershipRole.DEPUTY,
            deputy_of=other_committee_member,
        )
    assert error.value.field == "deputy_of"
    with pytest.raises(ApplicationError, match="Nur eine Stellvertretung"):
        services.membership_create(
            actor=office_user, organization=aci, person=PersonFactory(body=body), group=ELECTED, deputy_of=member
        )
    deputy = services.membership_create(
        actor=office_user,
        organization=aci,
        person=PersonFactory(body=body),
        group=ELECTED,
        role=m.MembershipRole.DEPUTY,
        deputy_of=member,
    )
    assert list(member.deputies.all()) == [deputy]
    assert m.Membership.history.filter(id=deputy.pk).first().history_user == office_user


@pytest.mark.django_db
def test_succession_from_the_list(client, body, office_user, aci):
    def on_list(order, role=m.MembershipRole.MEMBER, **fields):
        return MembershipFactory(organization=aci, list_name="Liste Vielfalt", list_order=order, role=role, **fields)

    leaving = on_list(1)
    on_list(2)
    first_reserve = on_list(3, role=m.MembershipRole.DEPUTY)
    on_list(4, role=m.MembershipRole.DEPUTY)
    on_list(5, role=m.MembershipRole.DEPUTY, end_date=date(2025, 12, 31))  # has left
    assert services.next_on_list(aci, "liste vielfalt") == first_reserve
    assert services.next_on_list(aci, "Andere Liste") is None
    with pytest.raises(ApplicationError, match="Platz 2"):
        services.membership_create(
            actor=office_user,
            organization=aci,
            person=PersonFactory(body=body),
            group=ELECTED,
            list_name="Liste Vielfalt",
            list_order=2,
        )

    client.force_login(office_user)
    response = client.post(url("membership_end", body, membership=leaving.pk), {"end_date": "2026-03-31"}, follow=True)
    page = response.content.decode()
    assert "endet am 31.03.2026" in page
    assert f"Als Nächstes auf der Liste „Liste Vielfalt“: {first_reserve.person.name} (Platz 3)" in page
    leaving.refresh_from_db()
    assert leaving.end_date == date(2026, 3, 31)
    leaving.start_date = date(2025, 11, 1)
    with pytest.raises(ApplicationError, match="vor dem Beginn"):
        services.membership_end(actor=office_user, membership=leaving, end_date=date(2025, 11, 1) - timedelta(days=1))


# --- Persons and consent -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_person_form_has_no_field_for_origin_nationality_or_religion(body):
    fields = set(PersonForm(body=body).fields) | {f.name for f in m.Person._meta.get_fields()}
    for forbidden in ("origin", "nationality", "religion", "country", "herkunft", "staatsangehoerigkeit"):
        assert not any(forbidden in name for name in fields), forbidden


@pytest.mark.django_db
def test_consent_is_given_and_revoked_with_its_date(client, body, office_user, make_user):
    user = make_user(body, "member")
    person = services.person_create(
        actor=office_user, body=body, family_name="Yılmaz", given_name="Elif", email="elif@example.org", user=user
    )
    colleague = make_user(body, "member")
    client.force_login(colleague)
    page = client.get(url("person", body, person=person.pk)).content.decode()
    assert "elif@example.org" not in page and "keine Einwilligung" in page
    assert client.post(url("person_consent_give", body, person=person.pk)).status_code == 302
    person.refresh_from_db()
    assert person.consent_given_on is None  # a colleague may not consent for her

    client.force_login(user)
    client.post(url("person_consent_give", body, person=person.pk))
    person.refresh_from_db()
    assert person.has_public_consent and timezone.localtime(person.consent_given_on).date() == timezone.localdate()

    client.force_login(colleague)
    assert "elif@example.org" in client.get(url("person", body, person=person.pk)).content.decode()

    services.person_consent_revoke(actor=office_user, person=person)
    assert not person.has_public_consent and person.consent_revoked_on is not None
    with pytest.raises(ApplicationError, match="keine Einwilligung"):
        services.person_consent_revoke(actor=office_user, person=person)
    assert "elif@example.org" not in client.get(url("person", body, person=person.pk)).content.decode()
    # The history keeps when consent was given and when it was revoked.
    records = list(person.history.order_by("history_date"))
    assert any(r.consent_given_on for r in records) and records[-1].consent_revoked_on


@pytest.mark.django_db
def test_a_person_can_only_be_linked_to_an_account_of_the_body(body, other_body, office_user, make_user):
    with pytest.raises(ApplicationError) as error:
        services.person_create(
            actor=office_user, body=body, family_name="A", given_name="B", user=make_user(other_body, "member")
        )
    assert error.value.field == "user"


# --- Legislative terms, statutes, rights -------------------------------------------------------------------------


@pytest.mark.django_db
def test_legislative_term_preset_and_overlap(client, body, office_user):
    client.force_login(office_user)
    page = client.get(url("legislativeterms", body)).content.decode()
    assert "Wahlperiode 2025–2030" in page and "2025-11-01" in page and "2030-10-31" in page
    client.post(
        url("legislativeterms", body),
        {"name": "Wahlperiode 2025–2030", "start_date": "2025-11-01", "end_date": "2030-10-31"},
    )
    term = m.LegislativeTerm.objects.get(body=body)
    assert (term.start_date, term.end_date) == (date(2025, 11, 1), date(2030, 10, 31))
    response = client.post(
        url("legislativeterms", body), {"name": "Doppelt", "start_date": "2030-01-01", "end_date": "2035-10-31"}
    )
    assert "überschneidet sich" in response.content.decode()


@pytest.mark.django_db
def test_statutes_versions_and_proposals(client, body, office_user):
    main = services.statute_create(
        actor=office_user, body=body, kind="hauptsatzung", title="Hauptsatzung", text="§ 8 Der Ausschuss hat 15 Sitze."
    )
    assert main.version == 1 and services.current_statute(body, "hauptsatzung") == main
    with pytest.raises(ApplicationError):
        services.statute_create(actor=office_user, body=body, kind="hauptsatzung", title="Nochmal")

    proposal = services.statute_propose_revision(
        actor=office_user, statute=main, text="§ 8 Der Ausschuss hat 15 Sitze.\n§ 8a Er ist in der Beratungsfolge."
    )
    assert (proposal.version, proposal.proposal, proposal.based_on) == (2, True, main)
    assert services.current_statute(body, "hauptsatzung") == main  # a proposal is not in force

    client.force_login(office_user)
    page = client.get(url("statute", body, statute=proposal.pk)).content.decode()
    assert "Änderungsvorschlag" in page and "§ 8a Er ist in der Beratungsfolge." in page and "<ins>" in page
    listing = client.get(url("statutes", body)).content.decode()
    assert "Offene Änderungsvorschläge" in listing

    newer = services.statute_new_version(actor=office_user, statute=main, text="§ 8 Der Ausschuss hat 17 Sitze.")
    assert newer.version == 3 and services.current_statute(body, "hauptsatzung") == newer
    with pytest.raises(ApplicationError, match="älteren Fassung"):
        services.statute_adopt(actor=office_user, statute=proposal)

    second = services.statute_propose_revision(actor=office_user, statute=newer, text="§ 8 Der Ausschuss hat 19 Sitze.")
    client.post(url("statute_adopt", body, statute=second.pk), {"valid_from": "2026-11-21"})
    second.refresh_from_db()
    assert not second.proposal and second.valid_from == date(2026, 11, 21)
    assert services.current_statute(body, "hauptsatzung") == second


@pytest.mark.django_db
def test_rights_checklist(client, body, office_user, make_user):
    client.force_login(make_user(body, "member"))
    page = client.get(url("rightschecks", body)).content.decode()
    assert "In der Beratungsfolge des Rates verankert" in page and "beim Rat zu beantragen" in page
    assert client.post(url("rightschecks", body), {}).status_code == 403

    client.force_login(office_user)
    data = {}
    for value in m.CommitteeRight.values:
        data.update({f"{value}-state": "entfaellt", f"{value}-where": "", f"{value}-note": ""})
    data.update({"beratungsfolge-state": "verankert", "beratungsfolge-where": "§ 22 Hauptsatzung"})
    assert client.post(url("rightschecks", body), data).status_code == 302
    check = m.RightsCheck.objects.get(body=body, right="beratungsfolge")
    assert (check.state, check.where) == ("verankert", "§ 22 Hauptsatzung")
    assert m.RightsCheck.objects.filter(body=body).count() == len(m.CommitteeRight.values)
    assert "§ 22 Hauptsatzung" in client.get(url("rightschecks", body)).content.decode()


# --- Permissions -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_permission_matrix_of_composition(client, body, other_body, office_user, make_user, aci):
    membership = MembershipFactory(organization=aci)
    person = membership.person
    term = LegislativeTermFactory(body=body)
    statute = StatuteFactory(body=body)
    reads = [
        url("organizations", body),
        url("organization", body, organization=aci.pk),
        url("persons", body),
        url("person", body, person=person.pk),
        url("legislativeterms", body),
        url("statutes", body),
        url("statute", body, statute=statute.pk),
        url("rightschecks", body),
    ]
    writes = [
        url("organization_create", body),
        url("organization_edit", body, organization=aci.pk),
        url("membership_create", body, organization=aci.pk),
        url("membership_edit", body, membership=membership.pk),
        url("membership_end", body, membership=membership.pk),
        url("person_create", body),
        url("person_edit", body, person=person.pk),
        url("legislativeterm_edit", body, legislativeterm=term.pk),
        url("statute_create", body),
        url("statute_new_version", body, statute=statute.pk),
        url("statute_propose", body, statute=statute.pk),
    ]
    client.force_login(office_user)
    for address in reads + writes:
        assert client.get(address).status_code == 200, address
    for role in ("member", "reader", "integration_centre"):
        client.force_login(make_user(body, role))
        for address in reads:
            assert client.get(address).status_code == 200, (role, address)
        for address in writes:
            assert client.get(address).status_code == 403, (role, address)
            assert client.post(address, {"name": "x"}).status_code == 403, (role, address)
    # The two lists are public pages: outsiders get them, but without anything not published.
    public_lists = {url("organizations", body), url("statutes", body)}
    client.force_login(make_user(other_body, "office"))
    for address in reads:
        response = client.get(address)
        if address in public_lists:
            assert response.status_code == 200 and aci.name not in response.content.decode(), address
            assert url("statute", body, statute=statute.pk) not in response.content.decode(), address
        else:
            assert response.status_code in (403, 404), address
    # Another body's objects under the own body's address do not exist.
    assert client.get(url("organization", other_body, organization=aci.pk)).status_code == 404
    client.logout()
    unpublished_pages = {url("organization", body, organization=aci.pk), url("statute", body, statute=statute.pk)}
    for address in reads + writes:
        expected = 200 if address in public_lists else 404 if address in unpublished_pages else 302
        assert client.get(address).status_code == expected, address
    with pytest.raises(ApplicationError):
        services.organization_create(actor=make_user(body, "member"), body=body, name="X")


@pytest.mark.django_db
def test_office_builds_a_committee(client, body, office_user):
    client.force_login(office_user)
    response = client.post(
        url("organization_create", body),
        {
            "name": "Ausschuss für Chancengerechtigkeit und Integration",
            "kind": "aci",
            "statutory_seats": 15,
            "elected_seats": 12,
            "council_seats": 5,
        },
    )
    assert "übersteigen die Sitze laut Hauptsatzung" in response.content.decode()
    client.post(
        url("organization_create", body),
        {
            "name": "Ausschuss für Chancengerechtigkeit und Integration",
            "kind": "aci",
            "statutory_seats": 15,
            "elected_seats": 10,
            "council_seats": 5,
        },
    )
    organization = m.Organization.objects.get(body=body)
    client.post(url("person_create", body), {"given_name": "Elif", "family_name": "Yılmaz"})
    person = m.Person.objects.get(body=body)
    response = client.post(
        url("membership_create", body, organization=organization.pk),
        {"person": person.pk, "group": ELECTED, "role": "vorsitz", "list_name": "Liste Vielfalt", "list_order": 1},
    )
    assert response.status_code == 302
    membership = m.Membership.objects.get(organization=organization)
    assert membership.voting_right and membership.role == "vorsitz"
    page = client.get(url("organization", body, organization=organization.pk)).content.decode()
    assert "Elif Yılmaz" in page and "Liste Vielfalt (1)" in page
