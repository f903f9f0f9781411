"""The certificate of attendance (Teilnahmebescheinigung) of a course of the qualification series, as a PDF: Typst
(PDF/UA-1, German, embedded fonts) through `core.documents.render_pdf`. `certificate_data` collects plain strings;
`templates/statewide/training/certificate.typ` reads them as JSON, so no text of ours is parsed as markup.
Rendering takes a fraction of a second, so the view renders in the request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from querschnitt.core.documents import render_pdf, typographic

from . import models as m

TEMPLATE = Path(__file__).resolve().parent / "templates" / "statewide" / "training" / "certificate.typ"


def _day(value: Any) -> str:
    return date_format(value, "d.m.Y")


def course_dates(course: m.Course) -> str:
    """„07.03.2026“ or „06.03.2026 bis 07.03.2026“."""
    if course.starts_on == course.ends_on:
        return _day(course.starts_on)
    return _("%(start)s to %(end)s") % {"start": _day(course.starts_on), "end": _day(course.ends_on)}


def certificate_data(registration: m.CourseRegistration) -> dict[str, Any]:
    course = registration.course
    series = course.series
    module = course.module
    days = (course.ends_on - course.starts_on).days + 1
    data = {
        "title": _("Certificate of attendance"),
        "number": registration.certificate_number,
        "issued_on": _day(registration.certificate_issued_on) if registration.certificate_issued_on else "",
        "name": registration.name,
        "committee": _("Committee for equal opportunities and integration, %(body)s")
        % {"body": registration.body.name},
        "statement": _("has taken part in the following seminar of the qualification series:"),
        "module": module.title,
        "level": module.level,
        "module_description": module.description,
        "series": series.title,
        "dates": course_dates(course),
        "times": course.times,
        "place": course.place,
        "host": course.host_name,
        "trainers": course.trainers,
        "attended_days": (
            _("%(attended)s of %(days)s days") % {"attended": registration.attended_days, "days": days}
            if days > 1
            else ""
        ),
        "partners": series.partner_list,
        "issuer": _("Landesintegrationsrat NRW"),
        "labels": {
            "module": _("Module"),
            "series": _("Qualification series"),
            "dates": _("Date"),
            "times": _("Time of day"),
            "place": _("Place"),
            "host": _("Host"),
            "trainers": _("Trainers"),
            "attended_days": _("Attendance"),
            "partners": _("In cooperation with"),
            "number": _("Certificate number"),
            "issued_on": _("Issued on"),
            "free": _("The seminar was free of charge for the participants."),
        },
    }
    return typographic(data)


def certificate_pdf(registration: m.CourseRegistration) -> bytes:
    """The PDF of an issued certificate (the service has given it its number). Raises ApplicationError (German)
    if Typst refuses."""
    return render_pdf(TEMPLATE.read_text(encoding="utf-8"), data=certificate_data(registration))
