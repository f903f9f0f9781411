"""Template filters of funding: amounts of money as in German administration (6.000 €, or 1.234,56 € with cents)."""

from decimal import Decimal, InvalidOperation

from django import template

from querschnitt.core.templatetags.querschnitt import euro

register = template.Library()


@register.filter
def money(value) -> str:
    """6000 → "6.000 €", 1234.5 → "1.234,50 €"; empty for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return euro(amount, 2 if amount % 1 else 0)
