from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:event.action }}: the label of a code, or the code itself."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.filter
def item(mapping, key):
    """{{ forms|item:target.pk }}: the value under a key, or None (no fallback to the key)."""
    return mapping.get(key)
