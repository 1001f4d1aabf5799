from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import DateInput

from .models import OverrideKind


class OverrideForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Loại"), choices=OverrideKind.choices)
    name = forms.CharField(label=_("Tên ngày"), max_length=200, required=False)
    document_number = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)
    document_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
