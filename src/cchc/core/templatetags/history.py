"""``{% history_url obj as url %}``: the address of an object's audit trail, or "" when the
user may not read it, so a page never offers a link that answers 403."""

from __future__ import annotations

from django import template
from django.db import models
from django.urls import reverse

from cchc.core import history as history_rules

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context, obj: models.Model) -> str:
    request = context.get("request")
    if request is None or not history_rules.can_read(request.user, obj):
        return ""
    meta = obj._meta
    return reverse("core:history", args=[meta.app_label, meta.model_name, obj.pk])
