"""Template tags of the OParl import for pages of lower apps (which must not import this app): the further
deliberation of a paper in the council's information system, shown on our paper's page."""

from typing import Any

from django import template

from querschnitt.oparl import selectors

register = template.Library()


@register.inclusion_tag("oparl/includes/council_deliberation_table.html")
def council_deliberation(paper: Any) -> dict[str, Any]:
    return {"rows": selectors.council_deliberations(paper)}
