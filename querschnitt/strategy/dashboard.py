"""What the integration concept adds to a body's start page and navigation."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from querschnitt.core.registry import NavItem, Tile, register_nav_item, register_tile

register_nav_item(
    NavItem(
        label=gettext_lazy("Integration concept"),
        url_name="strategy:concepts",
        order=200,
        visible=lambda user, body: user.has_perm("strategy.view_concept", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Measures"),
        url_name="strategy:measures",
        order=210,
        visible=lambda user, body: user.has_perm("strategy.view_concept", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Indicators"),
        url_name="strategy:indicators",
        order=220,
        visible=lambda user, body: user.has_perm("strategy.view_concept", body),
    )
)
register_nav_item(
    NavItem(
        label=gettext_lazy("Self-assessment"),
        url_name="strategy:self_assessment",
        order=230,
        visible=lambda user, body: user.has_perm("strategy.view_concept", body),
    )
)


@register_tile(order=200)
def concept_tile(request, body) -> Tile | None:
    if not request.user.has_perm("strategy.view_concept", body):
        return None
    from .selectors import current_concept

    concept = current_concept(body)
    if concept is None:
        return Tile(
            title=_("Integration concept"),
            body=_("There is no integration concept yet."),
            url=reverse("strategy:concepts", kwargs={"body": body.slug}),
            link_text=_("Start a concept"),
        )
    measures = concept.measures.count()
    return Tile(
        title=_("Integration concept"),
        figure=str(measures),
        # The figure above the text is the count of measures: „1 / Maßnahme in …“.
        body=ngettext(
            "measure in “%(title)s” (version %(version)s, %(status)s)",
            "measures in “%(title)s” (version %(version)s, %(status)s)",
            measures,
        )
        % {"title": concept.title, "version": concept.version, "status": concept.get_status_display()},
        url=reverse("strategy:concept", kwargs={"body": body.slug, "concept": concept.pk}),
        link_text=_("Open the concept"),
    )
