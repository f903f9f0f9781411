"""The qualification series in the browser's terms: who reaches which page (state staff under the state council's
body, everyone else 404/403), the public pages and the expression-of-interest form with its deadline and honeypot,
registration and cancellation, certificates, and lists whose number of queries does not grow with their rows."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from querschnitt.statewide import models as m
from querschnitt.statewide.tests.factories import (
    CourseFactory,
    CourseRegistrationFactory,
    HostInterestFactory,
    TrainingModuleFactory,
    TrainingSeriesFactory,
)
from querschnitt.tenancy.models import Role

BERLIN = ZoneInfo("Europe/Berlin")


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def staff(make_user, state_council):
    return make_user(state_council, Role.STATE_STAFF)


@pytest.fixture
def series(db):
    return TrainingSeriesFactory(
        published=True,
        slug="reihe-2027",
        title="Qualifizierungsreihe 2027",
        interest_deadline=timezone.now() + timedelta(days=10),
    )


@pytest.fixture
def module(series):
    return TrainingModuleFactory(series=series, title="Lebenswelt und Handlungsfeld Kommune", level="Basismodul")


@pytest.fixture
def course(series, module):
    return CourseFactory(
        series=series,
        module=module,
        seats=1,
        host_name="VHS Dormagen",
        starts_on=timezone.localdate() + timedelta(days=60),
        ends_on=timezone.localdate() + timedelta(days=60),
    )


def staff_url(name, state_council, **kwargs):
    return reverse(f"training:{name}", kwargs={"body": state_council.slug, **kwargs})


# --- Who reaches the management pages ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("office", 403), ("member", 403), ("anonymous", 302)],
)
def test_management_pages_are_for_state_staff(client, make_user, body, state_council, staff, course, who, status):
    users = {"staff": staff, "office": make_user(body, Role.OFFICE), "member": make_user(body, Role.MEMBER)}
    if who in users:
        client.force_login(users[who])
    registration = CourseRegistrationFactory(course=course, attended=True)
    interest = HostInterestFactory(series=course.series)
    pages = [
        staff_url("series_list", state_council),
        staff_url("series_create", state_council),
        staff_url("series", state_council, trainingseries=course.series.pk),
        staff_url("series_edit", state_council, trainingseries=course.series.pk),
        staff_url("module_create", state_council, trainingseries=course.series.pk),
        staff_url("module_edit", state_council, trainingmodule=course.module.pk),
        staff_url("interests", state_council, trainingseries=course.series.pk),
        staff_url("interest_record", state_council, trainingseries=course.series.pk),
        staff_url("interest_decide", state_council, hostinterest=interest.pk),
        staff_url("course_create", state_council, trainingseries=course.series.pk),
        staff_url("course", state_council, course=course.pk),
        staff_url("course_edit", state_council, course=course.pk),
        staff_url("certificate", state_council, courseregistration=registration.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == status, page


@pytest.mark.django_db
def test_management_pages_answer_404_under_any_other_body(client, staff, body, course):
    client.force_login(staff)
    assert client.get(reverse("training:series_list", kwargs={"body": body.slug})).status_code == 404
    assert client.get(reverse("training:course", kwargs={"body": body.slug, "course": course.pk})).status_code == 404


@pytest.mark.django_db
def test_staff_create_a_series_with_the_deadline_in_german_time(client, staff, state_council):
    client.force_login(staff)
    response = client.post(
        staff_url("series_create", state_council),
        {
            "title": "Qualifizierungsreihe 2027–2028",
            "slug": "reihe-2027-2028",
            "partners": "Landesverband der Volkshochschulen von NRW e. V.",
            "first_year": 2027,
            "last_year": 2028,
            "interest_deadline": "2027-01-31T23:59",
            "published": "on",
        },
    )
    series = m.TrainingSeries.objects.get(slug="reihe-2027-2028")
    assert response.status_code == 302 and response["Location"].endswith(f"/{series.pk}/")
    assert series.interest_deadline == datetime(2027, 1, 31, 23, 59, tzinfo=BERLIN)


@pytest.mark.django_db
def test_staff_decide_and_create_a_course_from_the_interest(client, staff, state_council, series, module):
    interest = HostInterestFactory(series=series, host_name="VHS Neuss")
    interest.modules.add(module)
    client.force_login(staff)
    client.post(staff_url("interest_decide", state_council, hostinterest=interest.pk), {"decision": "accept"})
    interest.refresh_from_db()
    assert interest.status == m.InterestStatus.ACCEPTED
    page = client.get(staff_url("course_create", state_council, trainingseries=series.pk) + f"?interesse={interest.pk}")
    assert 'value="VHS Neuss"' in page.content.decode() and "kostenfrei" in text(page)
    response = client.post(
        staff_url("course_create", state_council, trainingseries=series.pk),
        {
            "module": module.pk,
            "host_interest": interest.pk,
            "host_name": "VHS Neuss",
            "starts_on": "2027-03-06",
            "ends_on": "2027-03-06",
            "place": "Romaneum",
            "seats": 2,
            "status": "open",
        },
    )
    course = m.Course.objects.get(host_interest=interest)
    assert response["Location"] == staff_url("course", state_council, course=course.pk)


# --- Public pages and the form for expressions of interest -------------------------------------------------------


@pytest.mark.django_db
def test_public_pages_show_published_series_only(client, course):
    hidden = TrainingSeriesFactory(published=False, title="Geheime Reihe")
    listing = text(client.get(reverse("training:public_list")))
    assert "Qualifizierungsreihe 2027" in listing and "VHS Dormagen" in listing and "Geheime Reihe" not in listing
    page = client.get(reverse("training:public_series", kwargs={"trainingseries_slug": course.series.slug}))
    assert page.status_code == 200 and "Lebenswelt und Handlungsfeld Kommune" in text(page)
    assert client.get(reverse("training:public_series", kwargs={"trainingseries_slug": hidden.slug})).status_code == 404


def interest_data(module, **extra):
    return {
        "host_kind": "vhs",
        "host_name": "VHS Meerbusch",
        "contact_name": "Petra Muster",
        "contact_email": "vhs@meerbusch.example",
        "modules": [module.pk],
        "proposed_dates": "Samstage im März",
        **extra,
    }


@pytest.mark.django_db
def test_the_public_form_takes_an_expression_of_interest(client, series, module):
    url = reverse("training:interest_submit", kwargs={"trainingseries_slug": series.slug})
    response = client.post(url, interest_data(module))
    assert response.status_code == 302
    interest = m.HostInterest.objects.get()
    assert interest.host_name == "VHS Meerbusch" and interest.status == m.InterestStatus.RECEIVED
    assert mail.outbox[0].to == ["vhs@meerbusch.example"]


@pytest.mark.django_db
def test_the_public_form_refuses_after_the_deadline_and_stores_nothing(client, series, module):
    series.interest_deadline = datetime(2025, 9, 30, 23, 59, tzinfo=BERLIN)
    series.save()
    url = reverse("training:interest_submit", kwargs={"trainingseries_slug": series.slug})
    for response in (client.get(url), client.post(url, interest_data(module))):
        assert response.status_code == 200
        assert "Die Frist für Interessensbekundungen ist am 30.09.2025 um 23:59 Uhr abgelaufen" in text(response)
        assert '<form class="q-form" method="post"' not in response.content.decode()
    assert not m.HostInterest.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_the_honeypot_keeps_programs_out(client, series, module):
    url = reverse("training:interest_submit", kwargs={"trainingseries_slug": series.slug})
    response = client.post(url, interest_data(module, homepage="https://spam.example"))
    assert response.status_code == 200 and not m.HostInterest.objects.exists()


# --- Registration, cancellation, certificates ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_registers_and_the_next_goes_on_the_waiting_list(client, make_user, body, course):
    first, second = make_user(body, Role.MEMBER), make_user(body, Role.OFFICE)
    url = reverse("training:register", kwargs={"course": course.pk})
    client.force_login(first)
    page = client.get(url)
    assert page.status_code == 200 and body.name in text(page) and first.email in text(page)
    response = client.post(url, {"body": body.pk, "mandate": "elected"})
    assert response["Location"] == reverse("training:my_registrations")
    assert "Sie sind für diesen Kurs angemeldet" in text(client.get(url))
    assert client.post(url, {"body": body.pk, "mandate": "elected"}).status_code == 200
    assert course.registrations.count() == 1

    client.force_login(second)
    client.post(url, {"body": body.pk, "mandate": "office"}, follow=True)
    registration = course.registrations.get(user=second)
    assert registration.status == "waiting" and registration.mandate == "office"
    assert "Warteliste (Platz 1)" in text(client.get(url))


@pytest.mark.django_db
def test_registration_needs_a_committee_role(client, make_user, body, other_body, course):
    url = reverse("training:register", kwargs={"course": course.pk})
    assert client.get(url).status_code == 302  # anonymous: to the login
    reader = make_user(body, Role.READER)
    client.force_login(reader)
    assert "Ihr Konto hat keine solche Rolle" in text(client.get(url))
    member = make_user(body, Role.MEMBER)
    client.force_login(member)
    client.post(url, {"body": other_body.pk, "mandate": "elected"})  # not a choice for them
    assert not course.registrations.exists()


@pytest.mark.django_db
def test_registration_for_an_unpublished_series_is_404(client, make_user, body, course):
    course.series.published = False
    course.series.save()
    client.force_login(make_user(body, Role.MEMBER))
    assert client.get(reverse("training:register", kwargs={"course": course.pk})).status_code == 404


@pytest.mark.django_db
def test_cancelling_by_the_secret_link_moves_the_waiting_list_up(client, course, body):
    confirmed = CourseRegistrationFactory(course=course, body=body, status="confirmed")
    waiting = CourseRegistrationFactory(course=course, body=body, status="waiting")
    url = reverse("training:cancel_by_token", kwargs={"courseregistration_cancel_token": confirmed.cancel_token})
    assert confirmed.name in text(client.get(url))
    client.post(url)
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == "cancelled" and waiting.status == "confirmed"
    assert {message.to[0] for message in mail.outbox} == {confirmed.email, waiting.email}
    wrong = reverse("training:cancel_by_token", kwargs={"courseregistration_cancel_token": "falsch"})
    assert client.get(wrong).status_code == 404


@pytest.mark.django_db
def test_one_cancels_only_ones_own_registration(client, make_user, body, course):
    owner, other = make_user(body, Role.MEMBER), make_user(body, Role.MEMBER)
    registration = CourseRegistrationFactory(course=course, body=body, user=owner, email=owner.email)
    url = reverse("training:cancel_own", kwargs={"courseregistration": registration.pk})
    client.force_login(other)
    assert client.post(url).status_code == 404
    client.force_login(owner)
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_certificates_for_attended_ones_for_staff_and_the_participant(
    client, make_user, body, staff, state_council, course
):
    owner, other = make_user(body, Role.MEMBER), make_user(body, Role.MEMBER)
    attended = CourseRegistrationFactory(course=course, body=body, user=owner, attended=True, attended_days=1)
    absent = CourseRegistrationFactory(course=course, body=body, user=owner, attended=False)
    own_url = reverse("training:certificate_own", kwargs={"courseregistration": attended.pk})

    client.force_login(other)
    assert client.get(own_url).status_code == 404
    client.force_login(owner)
    response = client.get(own_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    attended.refresh_from_db()
    assert re.fullmatch(r"QR-\d{4}-0001", attended.certificate_number)
    refused = client.get(reverse("training:certificate_own", kwargs={"courseregistration": absent.pk}))
    assert refused.status_code == 302

    client.force_login(staff)
    response = client.get(staff_url("certificate", state_council, courseregistration=attended.pk))
    assert response.content.startswith(b"%PDF") and attended.certificate_number in response["Content-Disposition"]
    absent_response = client.get(staff_url("certificate", state_council, courseregistration=absent.pk))
    assert absent_response.status_code == 302
    absent.refresh_from_db()
    assert absent.certificate_number == ""


@pytest.mark.django_db
def test_staff_record_attendance(client, staff, state_council, course, body):
    registration = CourseRegistrationFactory(course=course, body=body)
    client.force_login(staff)
    client.post(
        staff_url("attendance", state_council, courseregistration=registration.pk),
        {"attended_days": 1, "attended": "on"},
    )
    registration.refresh_from_db()
    assert registration.attended and registration.attended_days == 1
    page = text(client.get(staff_url("course", state_council, course=course.pk)))
    assert "Teilnahmebescheinigung (PDF)" in page


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_pin_their_queries(
    client, make_user, body, staff, state_council, series, module, django_assert_max_num_queries
):
    member = make_user(body, Role.MEMBER)

    def grow():
        course = CourseFactory(series=series, module=TrainingModuleFactory(series=series), seats=1)
        course.starts_on = course.ends_on = timezone.localdate() + timedelta(days=30)
        course.save()
        for status in ("confirmed", "waiting", "cancelled"):
            CourseRegistrationFactory(
                course=course, body=body, status=status, user=member if status == "waiting" else None
            )
        interest = HostInterestFactory(series=series, body=body)
        interest.modules.add(module)
        return course

    course = grow()
    pages = {
        staff: [
            staff_url("series_list", state_council),
            staff_url("series", state_council, trainingseries=series.pk),
            staff_url("interests", state_council, trainingseries=series.pk),
            staff_url("course", state_council, course=course.pk),
        ],
        member: [
            reverse("training:public_list"),
            reverse("training:public_series", kwargs={"trainingseries_slug": series.slug}),
            reverse("training:my_registrations"),
        ],
    }
    counts = {}
    for user, urls in pages.items():
        client.force_login(user)
        for page in urls:
            with django_assert_max_num_queries(40) as queries:
                assert client.get(page).status_code == 200, page
            counts[page] = len(queries)
    for _ in range(4):
        grow()
    for status in ("confirmed", "waiting"):
        CourseRegistrationFactory.create_batch(3, course=course, body=body, status=status)
    for user, urls in pages.items():
        client.force_login(user)
        for page in urls:
            with django_assert_max_num_queries(counts[page]):
                assert client.get(page).status_code == 200, page
