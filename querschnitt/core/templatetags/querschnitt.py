"""Template helpers for German number and money formatting, independent of the active language."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def _group(number: str) -> str:
    sign = "-" if number.startswith("-") else ""
    digits = number.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + ".".join(groups)


@register.filter
def number_de(value, decimals: int = 0) -> str:
    """12345.6 → "12.346" (or with `decimals` places: "12.345,60")."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    text = f"{amount:.{int(decimals)}f}"
    whole, _, fraction = text.partition(".")
    return _group(whole) + ("," + fraction if fraction else "")


@register.filter
def euro(value, decimals: int = 0) -> str:
    """6000 → "6.000 €" (with a narrow no-break space before the sign)."""
    formatted = number_de(value, decimals)
    return f"{formatted}\u00a0€" if formatted else ""


_WIDGET_CLASSES = {
    "checkbox": "kern-form-check__checkbox",
    "select": "kern-form-input__select",
}


@register.simple_tag
def kern_widget(field) -> str:
    """Render a bound field's widget with KERN classes and the ARIA links to its hint and error."""
    base = _WIDGET_CLASSES.get(field.widget_type, "kern-form-input__input")
    classes = [base] + ([f"{base}--error"] if field.errors else [])
    described_by = [f"{field.auto_id}-hint"] if field.help_text else []
    attrs = {"class": " ".join(classes)}
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.inclusion_tag("core/includes/breadcrumbs.html")
def breadcrumbs(*parts) -> dict:
    """`{% breadcrumbs "Rhein-Kreis Neuss" url "Personen" %}`: label, url pairs, then the current page's label.

    The start page comes first by itself.
    """
    from django.urls import reverse
    from django.utils.translation import gettext

    crumbs = [(gettext("Start"), reverse("core:home"))]
    *pairs, current = parts
    crumbs += list(zip(pairs[0::2], pairs[1::2], strict=True))
    crumbs.append((current, ""))
    return {"crumbs": crumbs}


@register.filter
def num(value) -> str:
    """A number with as many decimals as it needs, German style: 42.5000 → "42,5", 1200 → "1.200"."""
    try:
        amount = Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return ""
    exponent = amount.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_de(amount, decimals)
