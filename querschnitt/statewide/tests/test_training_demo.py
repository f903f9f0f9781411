"""The demo of the qualification series: the series 2025–2026 of seed 001 with its partners and modules, two accepted
expressions of interest and a late one, a held course with a certificate and an open one with a waiting list;
loading the demo twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from querschnitt.statewide import models as m
from querschnitt.statewide.demo_training import SLUG

MODELS = (m.TrainingSeries, m.TrainingModule, m.HostInterest, m.Course, m.CourseRegistration)


@pytest.mark.django_db
def test_demo_training_loads_twice_without_change():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = [model.objects.count() for model in MODELS]
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in MODELS] == counts

    series = m.TrainingSeries.objects.get(slug=SLUG)
    assert series.published
    assert "Landeszentrale für politische Bildung NRW" in series.partner_list
    assert timezone.localtime(series.interest_deadline).strftime("%d.%m.%Y %H:%M") == "30.09.2025 23:59"
    assert [module.title for module in series.modules.order_by("order")] == [
        "Lebenswelt und Handlungsfeld Kommune",
        "Entwicklung von Zielen und deren Umsetzung",
    ]
    statuses = dict(series.host_interests.values_list("host_name", "status"))
    assert statuses == {
        "VHS Neuss": m.InterestStatus.ACCEPTED,
        "VHS Dormagen": m.InterestStatus.ACCEPTED,
        "VHS Grevenbroich": m.InterestStatus.LATE,
    }
    held, upcoming = series.courses.order_by("starts_on")
    assert held.status == m.CourseStatus.HELD and held.starts_on.year == 2026
    certificate = held.registrations.get(email="mitglied@querschnitt.example")
    assert certificate.attended and certificate.certificate_number == "QR-2026-0001"
    assert upcoming.status == m.CourseStatus.OPEN and upcoming.starts_on.year == 2027
    waiting = upcoming.registrations.filter(status=m.RegistrationStatus.WAITING).count()
    assert upcoming.registrations.filter(status=m.RegistrationStatus.CONFIRMED).count() == upcoming.seats
    assert waiting == 2
