"""The rules of the qualification series in the services: the deadline for expressions of interest (German time),
seats and the waiting list, duplicate registrations, who may do what, attendance and certificate numbers."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from querschnitt.core.exceptions import ApplicationError
from querschnitt.statewide import models as m
from querschnitt.statewide import services_training as services
from querschnitt.statewide.tests.factories import (
    CourseFactory,
    CourseRegistrationFactory,
    HostInterestFactory,
    TrainingModuleFactory,
    TrainingSeriesFactory,
)
from querschnitt.tenancy.models import Role

BERLIN = ZoneInfo("Europe/Berlin")
DEADLINE = datetime(2025, 9, 30, 23, 59, tzinfo=BERLIN)


@pytest.fixture
def staff(make_user, state_council):
    return make_user(state_council, Role.STATE_STAFF)


@pytest.fixture
def series(db):
    return TrainingSeriesFactory(published=True, interest_deadline=DEADLINE)


@pytest.fixture
def module(series):
    return TrainingModuleFactory(series=series, title="Lebenswelt und Handlungsfeld Kommune")


def submit(series, module, now, **kwargs):
    return services.host_interest_submit(
        series=series,
        host_kind=m.HostKind.VHS,
        host_name="VHS  Neuss",
        contact_name="Sabine Krüger",
        contact_email="vhs@neuss.example",
        modules=[module],
        now=now,
        **kwargs,
    )


# --- Deadline ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime(2025, 9, 30, 12, 0, tzinfo=BERLIN), True),  # before
        (datetime(2025, 9, 30, 23, 59, tzinfo=BERLIN), True),  # at the deadline minute
        (datetime(2025, 9, 30, 23, 59, 30, tzinfo=BERLIN), False),  # half a minute after
        (datetime(2025, 10, 1, 0, 0, tzinfo=BERLIN), False),  # after
        # 22:30 UTC is 00:30 German summer time: after the deadline although still 30.09. in UTC.
        (datetime(2025, 9, 30, 22, 30, tzinfo=ZoneInfo("UTC")), False),
        (datetime(2025, 9, 30, 21, 30, tzinfo=ZoneInfo("UTC")), True),
    ],
)
def test_expressions_of_interest_are_taken_until_the_deadline_in_german_time(series, module, moment, accepted):
    if accepted:
        interest = submit(series, module, moment)
        assert interest.status == m.InterestStatus.RECEIVED and interest.host_name == "VHS Neuss"
        assert list(interest.modules.all()) == [module]
        assert mail.outbox[-1].to == ["vhs@neuss.example"]
    else:
        with pytest.raises(ApplicationError) as error:
            submit(series, module, moment)
        assert "30.09.2025" in str(error.value.message) and "23:59" in str(error.value.message)
        assert m.HostInterest.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_the_refusal_after_the_deadline_reads_in_german(series, module, settings):
    from django.utils import translation

    with translation.override("de"), pytest.raises(ApplicationError) as error:
        submit(series, module, datetime(2025, 10, 2, 9, 0, tzinfo=BERLIN))
    assert str(error.value.message).startswith(
        "Die Frist für Interessensbekundungen ist am 30.09.2025 um 23:59 Uhr abgelaufen"
    )


@pytest.mark.django_db
def test_unpublished_series_takes_no_expression_of_interest(module):
    module.series.published = False
    module.series.save()
    with pytest.raises(ApplicationError):
        submit(module.series, module, datetime(2025, 9, 1, tzinfo=BERLIN))
    assert not m.HostInterest.objects.exists()


@pytest.mark.django_db
def test_a_late_one_on_paper_is_recorded_as_late_and_cannot_be_accepted(staff, series, module):
    late = services.host_interest_record(
        actor=staff,
        series=series,
        received_at=datetime(2025, 10, 2, 11, 0, tzinfo=BERLIN),
        modules=[module],
        host_kind=m.HostKind.VHS,
        host_name="VHS Grevenbroich",
        contact_name="Jens Hartmann",
        contact_email="vhs@grevenbroich.example",
    )
    in_time = services.host_interest_record(
        actor=staff,
        series=series,
        received_at=datetime(2025, 9, 30, 23, 59, tzinfo=BERLIN),
        modules=[module],
        host_kind=m.HostKind.BODY,
        host_name="Stadt Dormagen",
        contact_name="Murat Demir",
        contact_email="integration@dormagen.example",
    )
    assert late.status == m.InterestStatus.LATE and in_time.status == m.InterestStatus.RECEIVED
    with pytest.raises(ApplicationError):
        services.host_interest_decide(actor=staff, interest=late, accept=True)
    accepted = services.host_interest_decide(actor=staff, interest=in_time, accept=True, note=" passt ")
    assert accepted.status == m.InterestStatus.ACCEPTED and accepted.decision_note == "passt"


@pytest.mark.django_db
def test_only_state_staff_manage(make_user, body, series, module):
    office = make_user(body, Role.OFFICE)
    with pytest.raises(ApplicationError):
        services.training_series_create(
            actor=office, title="X", slug="x", first_year=2025, last_year=2026, interest_deadline=DEADLINE
        )
    interest = HostInterestFactory(series=series)
    with pytest.raises(ApplicationError):
        services.host_interest_decide(actor=office, interest=interest, accept=True)
    with pytest.raises(ApplicationError):
        services.course_create(
            actor=office,
            series=series,
            module=module,
            host_name="VHS",
            starts_on=date(2027, 3, 6),
            ends_on=date(2027, 3, 6),
            place="VHS",
            seats=3,
        )
    interest.refresh_from_db()
    assert interest.status == m.InterestStatus.RECEIVED and not m.Course.objects.exists()


@pytest.mark.django_db
def test_a_course_comes_only_from_an_accepted_interest_of_the_series(staff, series, module):
    interest = HostInterestFactory(series=series, host_name="VHS Neuss")
    fields = {"module": module, "starts_on": date(2027, 3, 6), "ends_on": date(2027, 3, 6), "place": "VHS", "seats": 3}
    with pytest.raises(ApplicationError) as error:
        services.course_create(actor=staff, series=series, host_interest=interest, **fields)
    assert error.value.field == "host_interest"
    services.host_interest_decide(actor=staff, interest=interest, accept=True)
    course = services.course_create(actor=staff, series=series, host_interest=interest, host_name="", **fields)
    assert course.host_name == "VHS Neuss"
    with pytest.raises(ApplicationError) as error:
        services.course_create(
            actor=staff, series=series, host_name="X", **{**fields, "module": TrainingModuleFactory()}
        )
    assert error.value.field == "module"


@pytest.mark.django_db
def test_a_series_slug_cannot_shadow_a_public_path(staff):
    with pytest.raises(ApplicationError) as error:
        services.training_series_create(
            actor=staff, title="X", slug="kurs", first_year=2025, last_year=2026, interest_deadline=DEADLINE
        )
    assert error.value.field == "slug"


# --- Registration, seats and waiting list ----------------------------------------------------------------------------


@pytest.fixture
def course(series, module):
    return CourseFactory(series=series, module=module, seats=2, starts_on=date(2027, 3, 6), ends_on=date(2027, 3, 7))


@pytest.fixture
def members(make_user, body):
    return [make_user(body, Role.MEMBER, email=f"mitglied{n}@example.org") for n in range(4)]


def register(user, course, body, **kwargs):
    return services.course_register(
        actor=user,
        course=course,
        body=body,
        mandate=m.MandateKind.ELECTED,
        now=datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN),
        cancel_url=lambda token: f"https://example.org/abmelden/{token}/",
        **kwargs,
    )


@pytest.mark.django_db
def test_seats_then_waiting_list_then_moving_up_in_order(course, members, body):
    first, second, third, fourth = (register(user, course, body) for user in members)
    assert [r.status for r in (first, second, third, fourth)] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert first.name == members[0].get_full_name() and first.email == "mitglied0@example.org"
    assert "https://example.org/abmelden/" in mail.outbox[0].body
    assert "Warteliste" in mail.outbox[2].subject or "waiting list" in mail.outbox[2].subject.lower()
    mail.outbox.clear()

    services.course_registration_cancel(actor=members[1], registration=second)

    statuses = dict(course.registrations.values_list("email", "status"))
    assert statuses == {
        "mitglied0@example.org": "confirmed",
        "mitglied1@example.org": "cancelled",
        "mitglied2@example.org": "confirmed",  # the first on the waiting list moved up
        "mitglied3@example.org": "waiting",
    }
    assert sorted(message.to[0] for message in mail.outbox) == ["mitglied1@example.org", "mitglied2@example.org"]


@pytest.mark.django_db
def test_cancelling_a_waiting_one_moves_nobody_and_cancelling_twice_is_refused(course, members, body):
    registrations = [register(user, course, body, notify=False) for user in members[:3]]
    services.course_registration_cancel(actor=None, registration=registrations[2], by_token=True, notify=False)
    assert course.registrations.filter(status="confirmed").count() == 2
    with pytest.raises(ApplicationError):
        services.course_registration_cancel(actor=None, registration=registrations[2], by_token=True)


@pytest.mark.django_db
def test_more_seats_move_the_waiting_list_up(staff, course, members, body):
    for user in members:
        register(user, course, body, notify=False)
    services.course_update(actor=staff, course=course, seats=3, notify=False)
    assert course.registrations.filter(status="confirmed").count() == 3
    services.course_update(actor=staff, course=course, seats=1, notify=False)
    assert course.registrations.filter(status="confirmed").count() == 3  # nobody loses a seat


@pytest.mark.django_db
def test_cancelling_a_course_tells_everyone_registered_or_waiting_once(
    staff, course, members, body, django_capture_on_commit_callbacks
):
    for user in members:
        register(user, course, body, notify=False)
    registrations = list(course.registrations.order_by("registered_at", "pk"))
    services.course_registration_cancel(actor=None, registration=registrations[0], by_token=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.course_update(actor=staff, course=course, status=m.CourseStatus.CANCELLED)
        services.course_update(actor=staff, course=course, place="Anderswo")  # cancelled already: nobody told again

    told = sorted(message.to[0] for message in mail.outbox)
    assert told == sorted(r.email for r in registrations[1:])
    assert all("Seminar abgesagt" in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_a_second_registration_with_the_same_address_is_refused(course, members, body):
    register(members[0], course, body)
    with pytest.raises(ApplicationError) as error:
        register(members[0], course, body)
    assert "already" in str(error.value.message) or "bereits" in str(error.value.message)
    assert course.registrations.count() == 1


@pytest.mark.django_db
def test_after_cancelling_one_may_register_again(course, members, body):
    registration = register(members[0], course, body, notify=False)
    services.course_registration_cancel(actor=members[0], registration=registration, notify=False)
    again = register(members[0], course, body, notify=False)
    assert again.status == "confirmed" and course.registrations.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "now"),
    [
        ({"status": m.CourseStatus.PLANNED}, datetime(2026, 12, 1, tzinfo=BERLIN)),
        ({"status": m.CourseStatus.CANCELLED}, datetime(2026, 12, 1, tzinfo=BERLIN)),
        ({"registration_deadline": date(2027, 2, 20)}, datetime(2027, 2, 21, 0, 5, tzinfo=BERLIN)),
    ],
)
def test_registration_closes(course, members, body, change, now):
    for field, value in change.items():
        setattr(course, field, value)
    course.save()
    with pytest.raises(ApplicationError):
        services.course_register(actor=members[0], course=course, body=body, mandate="elected", now=now)
    assert not course.registrations.exists()


@pytest.mark.django_db
def test_registration_is_open_on_the_last_day(course, members, body):
    course.registration_deadline = date(2027, 2, 20)
    course.save()
    registration = services.course_register(
        actor=members[0], course=course, body=body, mandate="elected", now=datetime(2027, 2, 20, 23, 50, tzinfo=BERLIN)
    )
    assert registration.status == "confirmed"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICE])
def test_members_and_offices_register_for_their_own_body_only(make_user, body, other_body, course, role):
    user = make_user(body, role)
    with pytest.raises(ApplicationError) as error:
        register(user, course, other_body)
    assert error.value.field == "body"
    assert register(user, course, body).body == body


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.READER, Role.MODERATOR, Role.INTEGRATION_CENTRE])
def test_other_roles_cannot_register(make_user, body, course, role):
    with pytest.raises(ApplicationError):
        register(make_user(body, role), course, body)


@pytest.mark.django_db
def test_only_the_participant_or_staff_cancel(make_user, body, course, members, staff):
    registration = register(members[0], course, body, notify=False)
    with pytest.raises(ApplicationError):
        services.course_registration_cancel(actor=members[1], registration=registration)
    services.course_registration_cancel(actor=staff, registration=registration, notify=False)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_the_course_row_is_locked_of_self_only(course, members, body):
    """select_for_update(of=("self",)) must not try to lock the nullable joined rows (PostgreSQL refuses that)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        registration = register(members[0], course, body, notify=False)
    assert registration.status == "confirmed"
    if connection.features.has_select_for_update_of:
        locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
        assert locks and all('FOR UPDATE OF "statewide_course"' in sql for sql in locks)


# --- Attendance and certificates -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attendance_and_certificate_numbers(staff, course, members, body):
    first, second, third = (register(user, course, body, notify=False) for user in members[:3])
    with pytest.raises(ApplicationError):
        services.course_registration_record_attendance(actor=staff, registration=third, attended_days=1, attended=True)
    with pytest.raises(ApplicationError) as error:
        services.course_registration_record_attendance(actor=staff, registration=first, attended_days=3, attended=True)
    assert error.value.field == "attended_days"
    with pytest.raises(ApplicationError):
        services.course_registration_record_attendance(
            actor=members[0], registration=first, attended_days=2, attended=True
        )
    services.course_registration_record_attendance(actor=staff, registration=first, attended_days=2, attended=True)
    services.course_registration_record_attendance(actor=staff, registration=second, attended_days=0, attended=False)
    first.refresh_from_db()
    second.refresh_from_db()

    with pytest.raises(ApplicationError):
        services.course_registration_issue_certificate(actor=staff, registration=second)
    with pytest.raises(ApplicationError):
        services.course_registration_issue_certificate(actor=members[1], registration=first)
    issued = services.course_registration_issue_certificate(
        actor=members[0], registration=first, today=date(2027, 3, 8)
    )
    assert issued.certificate_number == "QR-2027-0001" and issued.certificate_issued_on == date(2027, 3, 8)
    again = services.course_registration_issue_certificate(actor=staff, registration=first, today=date(2027, 4, 1))
    assert again.certificate_number == "QR-2027-0001" and again.certificate_issued_on == date(2027, 3, 8)

    other = CourseRegistrationFactory(attended=True, attended_days=1)
    assert (
        services.course_registration_issue_certificate(
            actor=staff, registration=other, today=date(2027, 5, 1)
        ).certificate_number
        == "QR-2027-0002"
    )


@pytest.mark.django_db
def test_the_certificate_is_a_pdf(staff, course, members, body):
    from querschnitt.statewide.certificates import certificate_data, certificate_pdf

    registration = register(members[0], course, body, notify=False)
    services.course_registration_record_attendance(
        actor=staff, registration=registration, attended_days=2, attended=True
    )
    registration.refresh_from_db()
    issued = services.course_registration_issue_certificate(actor=staff, registration=registration)
    data = certificate_data(issued)
    assert data["module"] == "Lebenswelt und Handlungsfeld Kommune" and data["number"].startswith("QR-")
    assert "Landeszentrale für politische Bildung NRW" in data["partners"]
    assert certificate_pdf(issued).startswith(b"%PDF")
