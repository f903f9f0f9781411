"""What the state level adds to the navigation, the start page and the footer.

The state council's own pages (state-wide view, coaching of all bodies, qualification series) appear in the
navigation of the Landesintegrationsrat's body; a municipal body's office finds its coaching and its practice
examples in its own navigation. The public library and the courses are linked from every page's footer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.registry import NavItem, PublicLink, Tile, register_nav_item, register_public_link, register_tile
from querschnitt.tenancy.models import BodyKind


def _state_council(body) -> bool:
    return body.kind == BodyKind.STATE_COUNCIL


register_nav_item(
    NavItem(
        label=gettext_lazy("State-wide overview"),
        url_name="statewide:overview",
        order=400,
        visible=lambda user, body: _state_council(body) and user.has_perm("statewide.view_dashboard", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Coaching"),
        url_name="coaching:engagements",
        order=410,
        visible=lambda user, body: user.has_perm("statewide.view_coaching", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Qualification series"),
        url_name="training:series_list",
        order=420,
        visible=lambda user, body: _state_council(body) and user.has_perm("statewide.manage", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Practice examples"),
        url_name="practice:examples",
        order=430,
        visible=lambda user, body: not _state_council(body) and user.has_perm("statewide.publish_practice", body),
    )
)

register_public_link(PublicLink(label=gettext_lazy("Good practice in NRW"), url_name="practice:library", order=10))
register_public_link(PublicLink(label=gettext_lazy("Qualification series"), url_name="training:public_list", order=20))


@register_tile(order=420)
def training_tile(request, body) -> Tile | None:
    """Committee members and the office find the courses of the qualification series from their start page."""
    if _state_council(body) or not request.user.has_perm("statewide.register_for_course", body):
        return None
    return Tile(
        title=_("Qualification series"),
        body=_("Free seminars of the Landesintegrationsrat for members of the committee."),
        url=reverse("training:public_list"),
        link_text=_("See courses and register"),
    )
