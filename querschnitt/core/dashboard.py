"""What core adds to a body's start page: the way to the requests about a person (Art. 15 and 17 GDPR), for the
office only. No navigation item: the navigation is full, and these requests are rare."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .registry import Tile, register_tile


@register_tile(order=950)
def privacy_requests_tile(request, body) -> Tile | None:
    if not request.user.has_perm("core.handle_privacy_requests", body):
        return None
    return Tile(
        title=_("Data protection requests"),
        body=_("Copy or erase what this body stores about a person (Art. 15 and 17 GDPR)."),
        url=reverse("core:privacy_requests", kwargs={"body": body.slug}),
        link_text=_("Handle a request about a person"),
    )
