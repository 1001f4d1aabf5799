from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Mã, tên thủ tục, cơ quan… (gõ không dấu)")}
        ),
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả"))] + [(v, lbl) for v, lbl in Level.choices if v != "central"],
    )
    agency = forms.ChoiceField(label=_("Cơ quan giải quyết"), required=False)

    def __init__(self, *args, fields=(), agencies=(), **kw):
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["field"]).choices = [("", _("Tất cả"))] + [
            (f.code, f.name) for f in fields
        ]
        cast(forms.ChoiceField, self.fields["agency"]).choices = [("", _("Tất cả"))] + [
            (str(a.pk), a.name) for a in agencies
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX danh mục thủ tục"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return f


class StatsForm(forms.Form):
    date_from = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data
