from decimal import Decimal

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def highlighted_text(segments):
    """The report text with its figures marked, built here rather than in a template loop: a report may
    have thousands of figures and the page must stay fast."""
    parts = []
    for seg in segments:
        figure = seg.get("figure")
        if figure is None:
            parts.append(conditional_escape(seg["text"]))
            continue
        title = figure.indicator.name_zh if figure.indicator else "未归入指标"
        parts.append(
            format_html(
                '<mark tabindex="0" data-figure="{}" data-page="{}" class="fig decision-{}" '
                'style="border-color:{};background:{}22" title="{}">{}</mark>',
                figure.pk, seg["page"], figure.decision, seg["colour"], seg["colour"], title, seg["text"],
            )
        )
    return mark_safe("".join(parts))
