"""Demo of the qualification series (seed 001): the series 2025–2026 with its partners and two modules, expressions of
interest of two VHS (accepted) and one that arrived after the deadline (refused), a course held in February 2026 with
attendance and a certificate, and a course in 2027 open for registration with a full house and a waiting list.

Idempotent: when the series exists, nothing is loaded again. Registrations of people without a demo account are
written directly (as if they had registered on paper); those of demo users go through the service."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from . import services_training as services
from .models import (
    CourseRegistration,
    CourseStatus,
    HostKind,
    MandateKind,
    RegistrationStatus,
    TrainingSeries,
)

SLUG = "qualifizierungsreihe-2025-2026"
TITLE = "Qualifizierungsreihe für Mitglieder der Ausschüsse für Chancengerechtigkeit und Integration 2025–2026"
BERLIN = ZoneInfo("Europe/Berlin")

DESCRIPTION = (
    "Ein Angebot des Landesintegrationsrates Nordrhein-Westfalen in Kooperation mit dem Landesverband der "
    "Volkshochschulen von NRW e. V. und mit Unterstützung der Landeszentrale für politische Bildung NRW.\n\n"
    "In der Kommunalpolitik lässt sich Vieles bewegen! Wichtige Entscheidungen zur Gestaltung des Zusammenlebens "
    "werden direkt vor Ort getroffen und umgesetzt. Am 14. September 2025 wurden die Integrationsräte neu gewählt: "
    "NRW-weit wurden 113 Gremien gebildet und 1.262 Mandate besetzt. Mit Beginn der neuen Amtsperiode heißen sie "
    "Ausschüsse für Chancengerechtigkeit und Integration.\n\n"
    "Vermittelt wird das nötige Rüstzeug, um sich in Strukturen, Abläufen und Mechanismen der Kommunalpolitik zu "
    "orientieren, Ziele und Themenschwerpunkte festzulegen und Strategien zur Umsetzung auszuarbeiten. Wir wünschen "
    "uns, dass viele Mitglieder – direkt Gewählte und entsandte Ratsmitglieder – dieses Angebot wahrnehmen."
)
PARTNERS = "Landesverband der Volkshochschulen von NRW e. V.\nLandeszentrale für politische Bildung NRW"

BASIC = (
    "Basismodul",
    "Lebenswelt und Handlungsfeld Kommune",
    "Die Ausschüsse für Chancengerechtigkeit und Integration sind wichtige kommunale Gremien für die politische "
    "Teilhabe der Menschen mit Einwanderungsgeschichte und bedeutsame Fachgremien zur Gestaltung der "
    "Kommunalpolitik. Politische Arbeit benötigt viel eigene Initiative, um erfolgreich zu sein.\n\n"
    "Im Mittelpunkt stehen daher eine Standortbestimmung, die eigene Lebenswelt und Gründe, sich politisch in der "
    "Kommune zu engagieren, sowie die eigene Motivationslage: Was sind meine Ziele und Überzeugungen? Welche Aufgabe "
    "hat eine Kommune und wie funktionieren Entscheidungsprozesse? Informationen über die Funktionsweise der Kommune "
    "werden anschaulich vorgestellt und diskutiert.",
)
ADVANCED = (
    "Aufbaumodul",
    "Entwicklung von Zielen und deren Umsetzung",
    "Politische Einflussnahme setzt voraus, dass nachvollziehbare politische Ziele entwickelt und verfolgt werden. In "
    "diesem Modul erhalten Sie Anregungen, wie Sie im Spannungsfeld zwischen Problem und Vision Ihre politischen "
    "Ziele entwickeln und umsetzen können.\n\n"
    "Anhand kreativer Methoden findet die Auseinandersetzung mit Ihrer eigenen Vorstellung über die Arbeit im "
    "Ausschuss für Chancengerechtigkeit und Integration statt.",
)


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def _register_directly(course: Any, body: Any, name: str, email: str, mandate: str, at: datetime) -> None:
    """A registration of someone without a demo account, in the order the service would give it."""
    active = course.registrations.exclude(status=RegistrationStatus.CANCELLED)
    confirmed = active.filter(status=RegistrationStatus.CONFIRMED).count()
    registration = CourseRegistration(
        course=course,
        body=body,
        name=name,
        email=email,
        mandate=mandate,
        status=RegistrationStatus.CONFIRMED if confirmed < course.seats else RegistrationStatus.WAITING,
        registered_at=at,
        cancel_token=secrets.token_urlsafe(32),
    )
    registration.full_clean()
    registration.save()


def load(context: dict[str, Any]) -> None:
    if TrainingSeries.objects.filter(slug=SLUG).exists():
        return
    staff = context["users"]["lir"]
    towns = context["municipalities"]
    neuss, dormagen, grevenbroich = towns["Neuss"], towns["Dormagen"], towns["Grevenbroich"]

    series = services.training_series_create(
        actor=staff,
        title=TITLE,
        slug=SLUG,
        description=DESCRIPTION,
        partners=PARTNERS,
        first_year=2025,
        last_year=2026,
        interest_deadline=_at(2025, 9, 30, 23, 59),
        published=True,
    )
    basic, advanced = (
        services.training_module_create(actor=staff, series=series, level=level, title=title, description=text)
        for level, title, text in (BASIC, ADVANCED)
    )

    # Expressions of interest: two VHS in time (accepted), one on paper after the deadline (refused as late).
    interests = {}
    for host, body, contact, email, modules, received, dates in (
        (
            "VHS Neuss",
            neuss,
            "Sabine Krüger",
            "vhs@neuss.example",
            [basic, advanced],
            _at(2025, 9, 12, 9, 30),
            "Samstage im Februar 2026",
        ),
        (
            "VHS Dormagen",
            dormagen,
            "Murat Demir",
            "vhs@dormagen.example",
            [advanced],
            _at(2025, 9, 29, 16, 5),
            "Frühjahr 2027, gern samstags",
        ),
        (
            "VHS Grevenbroich",
            grevenbroich,
            "Jens Hartmann",
            "vhs@grevenbroich.example",
            [basic],
            _at(2025, 10, 2, 11, 0),
            "Herbst 2026",
        ),
    ):
        interests[host] = services.host_interest_record(
            actor=staff,
            series=series,
            received_at=received,
            modules=modules,
            host_kind=HostKind.VHS,
            host_name=host,
            body=body,
            contact_name=contact,
            contact_email=email,
            proposed_dates=dates,
            message="Wir würden das Seminar gern in unseren Räumen anbieten.",
        )
    for host in ("VHS Neuss", "VHS Dormagen"):
        services.host_interest_decide(
            actor=staff, interest=interests[host], accept=True, note="Räume und Termin passen; Kurs wird geplant."
        )

    # A course held in February 2026: registered in January, attended, one certificate issued.
    held = services.course_create(
        actor=staff,
        series=series,
        module=basic,
        host_interest=interests["VHS Neuss"],
        host_name="VHS Neuss",
        starts_on=date(2026, 2, 7),
        ends_on=date(2026, 2, 7),
        times="10:00 bis 16:30 Uhr",
        place="VHS Neuss, Romaneum, Brückstraße 1, 41460 Neuss",
        trainers="Dr. Aylin Özdemir, Thomas Brandt",
        seats=16,
        status=CourseStatus.OPEN,
        registration_deadline=date(2026, 1, 31),
    )
    member = services.course_register(
        actor=context["users"]["mitglied"],
        course=held,
        body=neuss,
        mandate=MandateKind.ELECTED,
        now=_at(2026, 1, 12, 18, 20),
        notify=False,
    )
    _register_directly(
        held, dormagen, "Elif Aksoy", "elif.aksoy@dormagen.example", MandateKind.ELECTED, _at(2026, 1, 14, 9, 0)
    )
    _register_directly(
        held,
        grevenbroich,
        "Peter Lang",
        "peter.lang@grevenbroich.example",
        MandateKind.COUNCIL,
        _at(2026, 1, 20, 12, 45),
    )
    held = services.course_update(actor=staff, course=held, status=CourseStatus.HELD, notify=False)
    for registration in held.registrations.all():
        services.course_registration_record_attendance(
            actor=staff, registration=registration, attended_days=1, attended=registration.name != "Peter Lang"
        )
    member.refresh_from_db()
    services.course_registration_issue_certificate(actor=staff, registration=member, today=date(2026, 2, 9))

    # A course in 2027, open for registration, with few seats: full, and a waiting list.
    upcoming = services.course_create(
        actor=staff,
        series=series,
        module=advanced,
        host_interest=interests["VHS Dormagen"],
        host_name="VHS Dormagen",
        starts_on=date(2027, 3, 6),
        ends_on=date(2027, 3, 6),
        times="10:00 bis 16:00 Uhr",
        place="VHS Dormagen, Langemarkstraße 1–3, 41539 Dormagen",
        trainers="Dr. Aylin Özdemir",
        seats=3,
        status=CourseStatus.OPEN,
        registration_deadline=date(2027, 2, 20),
    )
    services.course_register(
        actor=context["users"]["neuss"],
        course=upcoming,
        body=neuss,
        mandate=MandateKind.OFFICE,
        now=_at(2026, 11, 3, 10, 0),
        notify=False,
    )
    for body, name, email, mandate, at in (
        (dormagen, "Elif Aksoy", "elif.aksoy@dormagen.example", MandateKind.ELECTED, _at(2026, 11, 4, 8, 30)),
        (grevenbroich, "Peter Lang", "peter.lang@grevenbroich.example", MandateKind.COUNCIL, _at(2026, 11, 5, 19, 0)),
        (dormagen, "Hatice Yıldız", "hatice.yildiz@dormagen.example", MandateKind.DEPUTY, _at(2026, 11, 9, 7, 50)),
        (neuss, "Jan Nowak", "jan.nowak@neuss.example", MandateKind.ELECTED, _at(2026, 11, 12, 21, 15)),
    ):
        _register_directly(upcoming, body, name, email, mandate, at)
    context["training_series"] = series
