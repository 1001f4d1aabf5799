"""Template filters for Vietnamese numbers and dates: {{ n|vn_int }} → 178.770."""

from django import template

from cchc.core import text

register = template.Library()


@register.filter
def vn_int(value):
    try:
        return text.format_int(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def vn_pct(value, places=2):
    try:
        return text.format_percent(float(value), int(places))
    except (TypeError, ValueError):
        return ""


@register.filter
def vn_num(value, places=2):
    """A decimal with a comma: 71,5 points → "71,50"."""
    try:
        return text.format_decimal(float(value), int(places))
    except (TypeError, ValueError):
        return ""


@register.filter
def vn_date(value):
    return text.vn_date(value)
