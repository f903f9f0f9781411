"""What the network adds to a body's navigation and start page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from querschnitt.core.registry import NavItem, Tile, register_nav_item, register_tile

# Between committee work (100–120) and the integration concept (200–230).
register_nav_item(
    NavItem(
        label=gettext_lazy("Actors"),
        url_name="network:actors",
        order=150,
        visible=lambda user, body: user.has_perm("network.view_network", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Steering group"),
        url_name="network:steering_groups",
        order=160,
        visible=lambda user, body: user.has_perm("network.view_network", body),
    )
)


@register_tile(order=150)
def steering_group_tile(request, body) -> Tile | None:
    """The open places of the body's steering group, if it has one."""
    if not request.user.has_perm("network.view_network", body):
        return None
    from .selectors import steering_group_composition

    group = body.steering_groups.order_by("pk").first()
    if group is None:
        return None
    composition = steering_group_composition(group)
    return Tile(
        title=group.name,
        figure=f"{composition.filled_total}/{composition.decided_total}",
        body=ngettext(
            "places filled; %(warnings)s note on the composition",
            "places filled; %(warnings)s notes on the composition",
            len(composition.warnings),
        )
        % {"warnings": len(composition.warnings)},
        url=reverse("network:steering_group", kwargs={"body": body.slug, "steeringgroup": group.pk}),
        link_text=_("Open the steering group"),
    )


# The integration centre: its own area for the centre and the office (state staff see its anonymous counts).
register_nav_item(
    NavItem(
        label=gettext_lazy("Integration centre"),
        url_name="centre:dashboard",
        order=170,
        visible=lambda user, body: user.has_perm("network.view_centre_statistics", body),
    )
)


@register_tile(order=170)
def centre_tile(request, body) -> Tile | None:
    """The integration centre's open counselling requests."""
    if not request.user.has_perm("network.run_centre", body):
        return None
    from .selectors_centre import OPEN, open_request_count

    count = open_request_count(body)
    return Tile(
        title=_("Integration centre"),
        figure=str(count),
        # The figure above the text is the count: „1 / offene Beratungsanfrage …“.
        body=ngettext(
            "open counselling request (new or in progress)", "open counselling requests (new or in progress)", count
        ),
        url=reverse("centre:requests", kwargs={"body": body.slug}) + f"?status={OPEN}",
        link_text=_("Open the requests"),
    )


# Funding of migrant organisations: for those who run it (office and integration centre).
register_nav_item(
    NavItem(
        label=gettext_lazy("Funding"),
        url_name="funding:home",
        order=180,
        visible=lambda user, body: user.has_perm("network.manage_funding", body),
    )
)


@register_tile(order=180)
def funding_tile(request, body) -> Tile | None:
    """The funding work waiting: reviews of the user, undecided applications, proofs of use due."""
    if not request.user.has_perm("network.manage_funding", body):
        return None
    from .selectors_funding import funding_work_counts

    counts = funding_work_counts(request.user, body)
    # Three counts, each with its own plural: the figure above the text (undecided applications), the user's open
    # reviews and the proofs of use due.
    parts = (
        ngettext("application not decided yet", "applications not decided yet", counts["undecided"]),
        ngettext("%(count)s review of yours open", "%(count)s reviews of yours open", counts["reviews"])
        % {"count": counts["reviews"]},
        ngettext("%(count)s proof of use due", "%(count)s proofs of use due", counts["proofs"])
        % {"count": counts["proofs"]},
    )
    return Tile(
        title=_("Funding"),
        figure=str(counts["undecided"]),
        body=f"{parts[0]}; {parts[1]}, {parts[2]}",
        url=reverse("funding:home", kwargs={"body": body.slug}),
        link_text=_("Open funding"),
    )


# The offers directory: public, so its link is shown to everyone (anonymous visitors of the body's page too).
register_nav_item(
    NavItem(
        label=gettext_lazy("Offers"),
        url_name="offers:directory",
        order=190,
        visible=lambda user, body: True,
    )
)


@register_tile(order=190)
def offers_tile(request, body) -> Tile:
    """The public offers of the body; for the office and the integration centre what waits for their review."""
    from .selectors_offers import offers_awaiting_review_count, public_offers

    count = public_offers(body).count()
    if request.user.has_perm("network.manage_offers", body):
        waiting = offers_awaiting_review_count(body)
        # Two counts, each with its own plural: the figure above the text (public offers) and the offers waiting.
        public = ngettext("offer in the public directory", "offers in the public directory", count)
        review = ngettext("%(count)s waiting for review", "%(count)s waiting for review", waiting) % {"count": waiting}
        return Tile(
            title=_("Offers"),
            figure=str(count),
            body=f"{public}; {review}",
            url=reverse("offers:manage", kwargs={"body": body.slug}),
            link_text=_("Manage offers"),
        )
    return Tile(
        title=_("Offers"),
        figure=str(count),
        body=_("courses, counselling and information of the actors of integration work"),
        url=reverse("offers:directory", kwargs={"body": body.slug}),
        link_text=_("Search the offers"),
    )
