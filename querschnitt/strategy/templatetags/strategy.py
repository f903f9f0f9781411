from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import ProgressStatus

register = template.Library()

BADGE = {
    "reached": "success",
    "on_track": "success",
    "moderate": "info",
    "limited": "warning",
    "moving_away": "danger",
    "no_data": "",
}


@register.inclusion_tag("strategy/includes/status_badge.html")
def progress_badge(status: str, manual: bool = False) -> dict:
    """The progress as a badge: always with its words, the colour only repeats them."""
    return {
        "label": ProgressStatus(status).label if status in ProgressStatus.values else status,
        "variant": BADGE.get(status, ""),
        "manual": manual,
    }


@register.filter
def period(observation) -> str:
    """An observation's period as written ("Juni 2007"), else its end date (31.12.2024)."""
    return observation.period_label or observation.period_end.strftime("%d.%m.%Y")


@register.simple_tag
def draft_badge(obj) -> str:
    """„Entwurf“ beside a goal, indicator or measure that a workshop group drafted and the editors have not confirmed
    yet; nothing for a confirmed one. Written here, not in a template of its own: lists show it in every row."""
    if not getattr(obj, "draft", False):
        return ""
    return format_html(
        '<span class="kern-badge kern-badge--info"><span class="kern-label kern-label--small">{}</span></span>',
        _("Draft"),
    )
