"""Form pieces shared by the apps' pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def live_search_field(url, placeholder) -> forms.CharField:
    """A search box that asks ``url`` for the filtered list as the officer types (htmx),
    sending the rest of its form with it; without JavaScript it is a plain GET field."""
    return forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": placeholder,
                "autocomplete": "off",
                "hx-get": url,
                "hx-trigger": "input changed delay:250ms, search",
                "hx-include": "closest form",
            }
        ),
    )
