"""CSV exports of the integration centre: the (filtered) requests and network events, without personal data.

A request row holds only the anonymous record — never the name or contact of the person asking, nor the free texts
(what it was about, the outcome), which often name them, nor who handled it. An event row leaves out the notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from querschnitt.core.csv_export import csv_bytes

from .models_centre import CounsellingRequest, NetworkEvent


def _day(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def request_headings() -> list[str]:
    return [
        _("No."),
        _("Received on"),
        _("Channel"),
        _("Who asks"),
        _("Requesting actor"),
        _("Task area"),
        _("Service"),
        _("Status"),
        _("Finished on"),
        _("Referred to"),
        _("Time spent (minutes)"),
    ]


def requests_csv(requests: Iterable[CounsellingRequest]) -> bytes:
    """The anonymous record of each request (with `minutes` annotated, see `selectors_centre`)."""
    rows = (
        [
            str(item.pk),
            _day(item.received_on),
            str(item.get_channel_display()),
            str(item.get_requester_kind_display()),
            item.requester_actor.name if item.requester_actor else "",
            str(item.service.get_area_display()),
            item.service.title,
            str(item.get_status_display()),
            _day(item.finished_on),
            item.referred_to.name if item.referred_to else "",
            str(getattr(item, "minutes", 0) or 0),
        ]
        for item in requests
    )
    return csv_bytes(request_headings(), rows)


def events_csv(events: Iterable[NetworkEvent]) -> bytes:
    """The events with their actors (prefetched), without the notes."""
    headings = [
        _("Date"),
        _("Title"),
        _("Kind"),
        _("Organiser"),
        _("Number of participants"),
        _("Participating actors"),
        _("Topics"),
    ]
    rows = (
        [
            _day(event.date),
            event.title,
            str(event.get_kind_display()),
            event.organiser,
            "" if event.participant_count is None else str(event.participant_count),
            ", ".join(actor.name for actor in event.actors.all()),
            event.topics,
        ]
        for event in events
    )
    return csv_bytes(headings, rows)
