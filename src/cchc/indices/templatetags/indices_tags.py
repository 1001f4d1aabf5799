from decimal import Decimal

from django import template

from cchc.indices import scoring

register = template.Library()


@register.filter
def pts(value):
    """12.50 → "12,5"; None → "—"."""
    if value is None or value == "":
        return "—"
    return scoring.fmt(Decimal(str(value)))


@register.filter
def indent(depth):
    return f"padding-left:{0.4 + 1.2 * int(depth or 0):.1f}em"
