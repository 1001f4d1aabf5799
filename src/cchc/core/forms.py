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


class DateInput(forms.DateInput):
    """A date as officials write it, dd/mm/yyyy, in every language of the UI.

    Not ``<input type="date">``: its value is ISO (2026-01-31) and the browser shows it in the
    computer's own format. ``DATE_INPUT_FORMATS`` (cchc/formats) still accepts ISO dates typed
    or sent by scripts."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DateTimeInput(forms.DateTimeInput):
    """A moment as officials write it, dd/mm/yyyy hh:mm (see DateInput)."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y %H:%M")
