"""iCalendar feeds of meetings (issue 4, point 7): one public feed per committee and one private feed per person.

Both feeds carry only public agenda items: a calendar is synchronised to servers we do not control, so a
non-public item's title never goes into it, not even in the private feed (it only says that there are some).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from .models import AgendaItem, Meeting, MeetingState, Organization, Person
from .services_meetings import published_meetings

# Meetings without an end get this length in calendars, so that they show as a block and not as a point.
DEFAULT_LENGTH = timedelta(hours=2)
# How far back a feed reaches; calendars keep what they have already seen.
FEED_PAST = timedelta(days=400)
FEED_LIMIT = 500


def _meetings(queryset: QuerySet[Meeting], *, count_non_public: bool = False) -> list[Meeting]:
    """The feed's meetings with their public items (and, for members, the number of non-public ones)."""
    public_items = AgendaItem.objects.filter(deleted=False, public=True).order_by("order", "pk")
    meetings = (
        queryset.filter(deleted=False, start__gte=timezone.now() - FEED_PAST)
        .select_related("location")
        .prefetch_related("organizations", Prefetch("agenda_items", queryset=public_items, to_attr="public_items"))
        .order_by("start")
    )
    if count_non_public:
        non_public = (
            AgendaItem.objects.filter(meeting=OuterRef("pk"), deleted=False, public=False)
            .order_by()
            .values("meeting")
            .annotate(count=Count("pk"))
            .values("count")
        )
        meetings = meetings.annotate(non_public_count=Coalesce(Subquery(non_public), 0))
    return list(meetings[:FEED_LIMIT])


def organization_meetings(organization: Organization) -> list[Meeting]:
    """The published meetings of a committee, for its public feed."""
    return _meetings(published_meetings(organization.meetings.all()))


def person_meetings(person: Person) -> list[Meeting]:
    """All meetings (planned ones too) of every committee in which the person holds a membership that has not
    ended: the person is entitled to them."""
    today = timezone.localdate()
    organization_ids = (
        person.memberships.filter(deleted=False).exclude(end_date__lt=today).values_list("organization_id", flat=True)
    )
    meeting_ids = Meeting.objects.filter(body=person.body, organizations__in=organization_ids).values("pk")
    return _meetings(Meeting.objects.filter(pk__in=meeting_ids), count_non_public=True)


def _location_text(meeting: Meeting) -> str:
    location = meeting.location
    if location is None or location.deleted:
        return ""
    parts = [location.description, location.room, location.street_address]
    place = " ".join(part for part in (location.postal_code, location.locality) if part)
    return ", ".join(part for part in [*parts, place] if part)


def _event(meeting: Meeting, *, url_for: Any, host: str) -> Event:
    event = Event()
    event.add("uid", f"sitzung-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.modified or timezone.now())
    event.add("last-modified", meeting.modified or timezone.now())
    start = timezone.localtime(meeting.start)
    event.add("dtstart", start)
    event.add("dtend", timezone.localtime(meeting.end) if meeting.end else start + DEFAULT_LENGTH)
    summary = meeting.name
    if meeting.cancelled:
        summary = _("Cancelled: %(meeting)s") % {"meeting": meeting.name}
    event.add("summary", summary)
    if meeting.cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "TENTATIVE" if meeting.meeting_state == MeetingState.PLANNED else "CONFIRMED")
    location = _location_text(meeting)
    if location:
        event.add("location", location)
    url = url_for(meeting)
    event.add("url", url)
    lines = [", ".join(org.name for org in meeting.organizations.all())]
    items = getattr(meeting, "public_items", [])
    if items:
        lines += ["", _("Agenda (public part):")]
        lines += [f"{item.number} {item.name}".strip() for item in items]
    hidden = getattr(meeting, "non_public_count", None)
    if hidden:
        lines += [
            "",
            ngettext(
                "and %(count)s non-public item",
                "and %(count)s non-public items",
                hidden,
            )
            % {"count": hidden},
        ]
    lines += ["", url]
    event.add("description", "\n".join(lines))
    return event


def feed(*, name: str, meetings: Iterable[Meeting], url_for: Any, host: str) -> bytes:
    """An iCalendar (RFC 5545) document of `meetings`; `url_for(meeting)` gives each meeting's page."""
    with translation.override("de"):
        calendar = Calendar()
        calendar.add("prodid", "-//Querschnitt//Sitzungskalender//DE")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
        for meeting in meetings:
            calendar.add_component(_event(meeting, url_for=url_for, host=host))
        calendar.add_missing_timezones()
        return calendar.to_ical()
