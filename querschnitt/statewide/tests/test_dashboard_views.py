"""The state-wide view in the terms of its users: only state staff see it, and only under the state council; the
figures per body (platform use, members against the 1,262 mandates, coaching, training, concept), the filters, the
totals, the CSV of the filtered list, and a number of queries that does not grow with the data."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from querschnitt.committees.models import MembershipGroup, MembershipRole, OrganizationKind
from querschnitt.committees.tests.factories import (
    LegislativeTermFactory,
    MembershipFactory,
    OrganizationFactory,
)
from querschnitt.statewide import selectors_dashboard as selectors
from querschnitt.statewide.models import CoachingStatus, RegistrationStatus
from querschnitt.statewide.tests.factories import CoachingEngagementFactory, CourseRegistrationFactory
from querschnitt.strategy.models import ConceptStatus
from querschnitt.strategy.tests.factories import ConceptFactory
from querschnitt.tenancy.models import Body, BodyKind, Role
from querschnitt.tenancy.tests.factories import RoleAssignmentFactory


def overview_url(body, **query):
    url = reverse("statewide:overview", kwargs={"body": body.slug})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def csv_url(body, **query):
    url = reverse("statewide:overview_export_csv", kwargs={"body": body.slug})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def text(response):
    """The visible text of a page, without tags and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def by_ags(ags):
    return Body.objects.get(ags=ags)


@pytest.fixture
def staff(make_user, state_council):
    return make_user(state_council, Role.STATE_STAFF)


@pytest.fixture
def kreis_neuss(db):
    return by_ags("05162")


@pytest.fixture
def neuss(db):
    return by_ags("05162024")


@pytest.fixture
def dormagen(db):
    return by_ags("05162004")


def committee_with_members(body, *, elected=0, council=0):
    term = LegislativeTermFactory(body=body, start_date=date(2025, 11, 1), end_date=date(2030, 10, 31))
    organization = OrganizationFactory(body=body, kind=OrganizationKind.ACI)
    for _ in range(elected):
        MembershipFactory(organization=organization, legislative_term=term, group=MembershipGroup.DIRECTLY_ELECTED)
    for _ in range(council):
        MembershipFactory(organization=organization, legislative_term=term, group=MembershipGroup.COUNCIL_MEMBER)
    return organization, term


# --- Who sees it ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_state_staff_see_the_view_under_the_state_council_only(client, staff, state_council, neuss):
    client.force_login(staff)
    response = client.get(overview_url(state_council))
    assert response.status_code == 200
    assert "Landesweite Übersicht" in text(response)
    # Under any other body the view does not exist, not even for state staff.
    assert client.get(overview_url(neuss)).status_code == 404
    assert client.get(csv_url(neuss)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICE, Role.INTEGRATION_CENTRE, Role.MEMBER, Role.MODERATOR, Role.READER])
def test_nobody_but_state_staff_sees_it(client, make_user, state_council, neuss, role):
    client.force_login(make_user(neuss, role))
    assert client.get(overview_url(state_council)).status_code == 403
    assert client.get(csv_url(state_council)).status_code == 403
    assert client.get(overview_url(neuss)).status_code == 404
    assert client.get(csv_url(neuss)).status_code == 404


@pytest.mark.django_db
def test_an_office_of_the_state_council_itself_is_not_state_staff(client, make_user, state_council):
    client.force_login(make_user(state_council, Role.OFFICE))
    assert client.get(overview_url(state_council)).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, state_council):
    response = client.get(overview_url(state_council))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(csv_url(state_council)).status_code == 302


# --- The figures ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_count_the_current_ordinary_seats_of_the_integration_committee(neuss):
    organization, term = committee_with_members(neuss, elected=3, council=2)
    today = timezone.localdate()
    # None of these counts: a deputy, a deleted membership, one that ended, one not yet begun, one of an earlier
    # term, and a seat in another committee.
    MembershipFactory(organization=organization, legislative_term=term, role=MembershipRole.DEPUTY)
    MembershipFactory(organization=organization, legislative_term=term, deleted=True)
    MembershipFactory(organization=organization, legislative_term=term, end_date=today - timedelta(days=1))
    MembershipFactory(organization=organization, legislative_term=term, start_date=today + timedelta(days=1))
    old_term = LegislativeTermFactory(body=neuss, start_date=date(2020, 11, 1), end_date=date(2025, 10, 31))
    MembershipFactory(organization=organization, legislative_term=old_term)
    MembershipFactory(organization=OrganizationFactory(body=neuss, kind=OrganizationKind.SPECIALIST_COMMITTEE))
    # A membership without a term counts while it is active.
    MembershipFactory(organization=organization, legislative_term=None)

    row = selectors.statewide_bodies(selectors.Filters(query="05162024")).get()

    assert (row.members, row.elected) == (6, 4)


@pytest.mark.django_db
def test_members_are_counted_against_the_1262_mandates(client, staff, state_council, neuss, dormagen):
    committee_with_members(neuss, elected=9, council=4)
    committee_with_members(dormagen, elected=3)
    client.force_login(staff)

    page = text(client.get(overview_url(state_council)))

    assert "12 von 1.262 Mandaten erfasst" in page
    filtered = text(client.get(overview_url(state_council, q="Dormagen")))
    assert "3 von 1.262 Mandaten erfasst" in filtered.split("Summe")[1]


@pytest.mark.django_db
def test_coaching_training_and_concept_columns(neuss, dormagen):
    CoachingEngagementFactory(body=neuss, status=CoachingStatus.COMPLETED, requested_on=date(2025, 1, 10))
    CoachingEngagementFactory(body=neuss, status=CoachingStatus.RUNNING, requested_on=date(2026, 1, 10))
    CourseRegistrationFactory(body=neuss, status=RegistrationStatus.CONFIRMED)
    CourseRegistrationFactory(body=neuss, status=RegistrationStatus.CONFIRMED, attended=True)
    CourseRegistrationFactory(body=neuss, status=RegistrationStatus.WAITING)
    CourseRegistrationFactory(body=neuss, status=RegistrationStatus.CANCELLED)
    CourseRegistrationFactory(body=dormagen, status=RegistrationStatus.CONFIRMED)
    ConceptFactory(body=neuss, version=1, status=ConceptStatus.SUPERSEDED)
    ConceptFactory(body=neuss, version=2, status=ConceptStatus.ADOPTED)

    rows = {row.pk: row for row in selectors.statewide_bodies(selectors.Filters(query="05162"))}

    assert rows[neuss.pk].coaching_status == CoachingStatus.RUNNING
    assert rows[neuss.pk].trained == 2
    assert rows[neuss.pk].concept_status == ConceptStatus.ADOPTED
    assert (rows[dormagen.pk].coaching_status, rows[dormagen.pk].trained, rows[dormagen.pk].concept_status) == (
        None,
        1,
        None,
    )


@pytest.mark.django_db
def test_a_body_uses_the_platform_when_someone_holds_a_role_there(make_user, neuss, dormagen):
    make_user(neuss, Role.MEMBER)

    rows = {row.pk: row for row in selectors.statewide_bodies(selectors.Filters(query="05162"))}

    assert rows[neuss.pk].uses_platform is True
    assert rows[dormagen.pk].uses_platform is False


@pytest.mark.django_db
def test_the_list_holds_the_427_municipal_bodies_and_the_totals_add_up(make_user, neuss, dormagen):
    make_user(neuss, Role.OFFICE)
    committee_with_members(neuss, elected=2, council=1)
    CoachingEngagementFactory(body=dormagen)
    CourseRegistrationFactory(body=dormagen)
    ConceptFactory(body=neuss)

    bodies = selectors.statewide_bodies()
    totals = selectors.totals_of(bodies)

    assert bodies.count() == 427
    assert not bodies.filter(kind__in=["land", "state_council"]).exists()
    assert totals == selectors.Totals(
        bodies=427, using=1, members=3, elected=2, coached=1, trained=1, with_concept=1, mandates=1262
    )


# --- Filters -------------------------------------------------------------------------------------------------------


@pytest.fixture
def scene(make_user, neuss, dormagen):
    make_user(neuss, Role.OFFICE)
    CoachingEngagementFactory(body=dormagen, status=CoachingStatus.AGREED)
    return neuss, dormagen


def names(client, url):
    response = client.get(url)
    assert response.status_code == 200
    row_header = r'<th scope="row" class="kern-table__cell"><a class="kern-link" href="/k/[^/]+/">([^<]+)</a>'
    return re.findall(row_header, response.content.decode())


@pytest.mark.django_db
def test_filters(client, staff, state_council, scene, kreis_neuss):
    client.force_login(staff)
    in_kreis = names(client, overview_url(state_council, kreis="rhein-kreis-neuss"))
    assert in_kreis[0] == "Dormagen" and "Neuss" in in_kreis and "Rhein-Kreis Neuss" in in_kreis
    assert len(in_kreis) == Body.objects.filter(parent=kreis_neuss).count() + 1

    assert names(client, overview_url(state_council, kreis="rhein-kreis-neuss", nutzung="ja")) == ["Neuss"]
    assert "Neuss" not in names(client, overview_url(state_council, kreis="rhein-kreis-neuss", nutzung="nein"))
    assert names(client, overview_url(state_council, coaching="agreed")) == ["Dormagen"]
    assert names(client, overview_url(state_council, coaching="running")) == []
    without = names(client, overview_url(state_council, kreis="rhein-kreis-neuss", coaching="none"))
    assert "Dormagen" not in without and "Neuss" in without
    assert names(client, overview_url(state_council, art="kreisfreie_stadt", q="Köln")) == ["Köln"]
    assert names(client, overview_url(state_council, art="gemeinde", q="Köln")) == []
    assert names(client, overview_url(state_council, q="05162004")) == ["Dormagen"]
    # A filter that does not parse filters nothing rather than failing.
    assert len(names(client, overview_url(state_council, kreis="gibt-es-nicht", seite="1"))) == 100


@pytest.mark.django_db
def test_kind_filter_and_paging(client, staff, state_council):
    client.force_login(staff)
    assert len(names(client, overview_url(state_council, art="kreis"))) == 30
    assert len(names(client, overview_url(state_council, art="kreisfreie_stadt"))) == 22
    assert names(client, overview_url(state_council, art="staedteregion")) == ["Städteregion Aachen"]
    last = client.get(overview_url(state_council, seite="5"))
    assert "Seite 5 von 5" in text(last)
    assert len(names(client, overview_url(state_council, seite="5"))) == 27


@pytest.mark.django_db
def test_htmx_gets_the_table_alone(client, staff, state_council):
    client.force_login(staff)
    response = client.get(overview_url(state_council, art="kreis"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "30 Kommunen" in text(response)
    assert "<html" not in body and 'data-testid="karte"' not in body


# --- CSV -----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_holds_the_filtered_list(client, staff, state_council, scene):
    committee_with_members(scene[0], elected=2, council=1)
    CourseRegistrationFactory(body=scene[0])
    ConceptFactory(body=scene[0], status=ConceptStatus.IN_DELIBERATION)
    client.force_login(staff)

    response = client.get(csv_url(state_council, kreis="rhein-kreis-neuss"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["AGS", "Name", "Art der Kommune"]
    by_name = {row[1]: row for row in rows[1:]}
    assert len(by_name) == Body.objects.filter(parent__ags="05162").count() + 1
    assert by_name["Neuss"] == [
        "05162024",
        "Neuss",
        str(BodyKind.GEMEINDE.label),
        "Rhein-Kreis Neuss",
        "ja",
        "3",
        "2",
        "",
        "1",
        str(ConceptStatus.IN_DELIBERATION.label),
    ]
    assert by_name["Dormagen"][4] == "nein" and by_name["Dormagen"][7] == str(CoachingStatus.AGREED.label)
    # All pages: the CSV is not cut at the page size.
    everything = client.get(csv_url(state_council)).content.decode("utf-8-sig").strip().split("\r\n")
    assert len(everything) == 428


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_data(client, staff, state_council, django_assert_max_num_queries):
    def grow(ags):
        body = by_ags(ags)
        RoleAssignmentFactory(body=body, role=Role.MEMBER)
        committee_with_members(body, elected=2, council=2)
        CoachingEngagementFactory(body=body, status=CoachingStatus.RUNNING)
        CourseRegistrationFactory(body=body)
        ConceptFactory(body=body)

    grow("05162024")  # every list below has a row from the start
    client.force_login(staff)
    pages = [
        overview_url(state_council),
        overview_url(state_council, kreis="rhein-kreis-neuss", nutzung="ja", coaching="running", q="n"),
        csv_url(state_council),
    ]
    counts = {}
    for url in pages:
        with django_assert_max_num_queries(30) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)

    for ags in ("05162004", "05162008", "05162016", "05162020"):
        grow(ags)

    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
            assert response.status_code == 200
    assert "10 von 1.262 Mandaten erfasst" in text(client.get(pages[0]))
    assert len(names(client, pages[1])) == 5
