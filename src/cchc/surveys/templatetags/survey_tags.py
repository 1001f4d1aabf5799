from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ indices|get_item:code }}``: a dict value by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)
