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


@register.filter
def vn_count(value):
    """A list's ``keyset.Count``: exact as 1.234, estimated as "khoảng 1,2 triệu", a lower
    bound as "hơn 10.000" (the database gave no estimate)."""
    from django.utils.translation import gettext as _

    if value.exact:
        return text.format_int(value.n)
    if value.at_least:
        return _("hơn %(n)s") % {"n": text.format_int(value.n)}
    n = value.n
    if n >= 1_000_000:
        millions = text.format_decimal(round(n / 1e6, 1), 1).removesuffix(",0")
        return _("khoảng %(n)s triệu") % {"n": millions}
    if n >= 1_000:
        return _("khoảng %(n)s nghìn") % {"n": text.format_int(round(n / 1e3))}
    return _("khoảng %(n)s") % {"n": text.format_int(n)}
