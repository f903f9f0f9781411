"""What the tenancy app adds to the body's start page and navigation."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.registry import NavItem, Tile, register_nav_item, register_tile

from .models import Role
from .selectors import roles_in_body

register_nav_item(
    NavItem(
        label=gettext_lazy("Start"),
        url_name="tenancy:dashboard",
        order=0,
        visible=lambda user, body: True,
    )
)


@register_tile(order=0)
def public_facts_tile(request, body) -> Tile:
    parts = [body.get_kind_display()]
    if body.ags:
        parts.append(_("AGS %(ags)s") % {"ags": body.ags})
    if body.parent_id:
        parts.append(_("part of %(parent)s") % {"parent": body.parent.name})
    return Tile(title=_("About this body"), body=" · ".join(parts))


@register_tile(order=10)
def my_roles_tile(request, body) -> Tile | None:
    roles = roles_in_body(request.user, body)
    if not roles:
        return None
    labels = sorted(str(Role(role).label) for role in roles)
    return Tile(
        title=_("Your roles here"),
        body=", ".join(labels),
        url=reverse("accounts:profile"),
        link_text=_("Your profile"),
    )
