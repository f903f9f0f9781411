"""What the accounts app adds to a body's start page and navigation."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from querschnitt.core.registry import NavItem, Tile, register_nav_item, register_tile

register_nav_item(
    NavItem(
        label=gettext_lazy("People and roles"),
        url_name="accounts:people",
        order=900,
        visible=lambda user, body: user.has_perm("tenancy.view_roles", body),
    )
)


@register_tile(order=900)
def people_tile(request, body) -> Tile | None:
    if not request.user.has_perm("tenancy.view_roles", body):
        return None
    count = body.role_assignments.values("user").distinct().count()
    return Tile(
        title=_("People and roles"),
        figure=str(count),
        # The figure above the text is the count: „1 / Person arbeitet hier …“, „3 / Personen arbeiten hier …“.
        body=ngettext("person works in this body on Querschnitt.", "people work in this body on Querschnitt.", count),
        url=reverse("accounts:people", kwargs={"body": body.slug}),
        link_text=_("Manage people and invitations"),
    )
