"""What participation adds to a body's start page and navigation."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from querschnitt.core.registry import NavItem, Tile, register_nav_item, register_tile

register_nav_item(
    NavItem(
        label=gettext_lazy("Workshops"),
        url_name="participation:processes",
        order=300,
        visible=lambda user, body: user.has_perm("participation.view_workshop", body),
        also_for=("work_groups", "workshop_documentation"),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Dot votes"),
        url_name="participation:dot_votes",
        order=310,
        visible=lambda user, body: user.has_perm("participation.view_workshop", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Events"),
        url_name="participation:events",
        order=320,
        visible=lambda user, body: True,  # published events are public
    )
)


@register_tile(order=300)
def dot_vote_tile(request, body) -> Tile | None:
    if not request.user.has_perm("participation.view_workshop", body):
        return None
    from .selectors import dot_vote_tiles

    counts = dot_vote_tiles(body)
    return Tile(
        title=_("Dot votes"),
        figure=str(counts["open"]),
        body=ngettext("open now, of %(total)s dot vote", "open now, of %(total)s dot votes", counts["total"])
        % {"total": counts["total"]},
        url=reverse("participation:dot_votes", kwargs={"body": body.slug}),
        link_text=_("Open the dot votes"),
    )
