"""What committee work adds to a body's navigation and start page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.registry import NavItem, Tile, register_nav_item, register_tile

# Committees, meetings and papers have public pages: the entries are there for everyone.
register_nav_item(
    NavItem(
        label=gettext_lazy("Committees"),
        url_name="committees:organizations",
        order=100,
        visible=lambda user, body: True,
    )
)
register_nav_item(
    NavItem(label=gettext_lazy("Meetings"), url_name="committees:meetings", order=110, visible=lambda user, body: True)
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Papers"),
        url_name="committees:papers",
        order=120,
        visible=lambda user, body: True,
        also_for=("oparl_import",),  # papers and meetings brought from the council information system
    )
)


@register_tile(order=100)
def next_meeting_tile(request, body) -> Tile | None:
    from .services_meetings import published_meetings

    meetings = body.meetings.filter(deleted=False, cancelled=False, start__gte=timezone.now(), external_id="")
    if not request.user.has_perm("committees.view_internal", body):
        meetings = published_meetings(meetings)
    meeting = meetings.order_by("start").first()
    if meeting is None:
        return None
    return Tile(
        title=_("Next meeting"),
        figure=timezone.localtime(meeting.start).strftime("%d.%m.%Y"),
        body=meeting.name,
        url=reverse("committees:meeting", kwargs={"body": body.slug, "meeting": meeting.pk}),
        link_text=_("Agenda and documents"),
    )
