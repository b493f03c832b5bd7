from decimal import Decimal

from django import template

register = template.Library()

QUALIFIER_MARKS = {"at_least": "≥", "about": "约", "at_most": "≤"}


@register.filter
def plain_number(value):
    """13000.0000 → "13000", 97.1000 → "97.1" (no exponent, no trailing zeros)."""
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    return text


@register.filter
def qualified(figure):
    """A figure's value with its qualifier mark: "≥700", "约13000"."""
    return f"{QUALIFIER_MARKS.get(figure.qualifier, '')}{plain_number(figure.value)}"
