"""Forms are the input serializers of the agency pages; the services decide the rules."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import live_search_field

from .models import Agency, AgencyKind
from .selectors import agencies_for

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

EDITABLE = (
    "code",
    "kind",
    "name",
    "short_name",
    "electronic_id",
    "admin_code",
    "group",
    "parent",
    "valid_from",
    "address",
    "phone",
    "email",
    "sort_order",
)


class AgencyFilterForm(forms.Form):
    # Live filter: htmx asks for the list fragment as the officer types.
    q = live_search_field(
        reverse_lazy("organizations:tree"), _("Tên, mã, mã định danh… (gõ không dấu)")
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + list(AgencyKind.choices)
    )
    archived = forms.BooleanField(label=_("Hiện đơn vị đã giải thể/sáp nhập"), required=False)


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = EDITABLE
        widgets = {"valid_from": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = agencies_for(user, include_archived=False).select_related(None)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents
        self.fields["parent"].required = self.instance.pk is None or self.instance.parent_id
        self.fields["code"].widget.attrs["autocomplete"] = "off"


class AgencyArchiveForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Hiệu lực đến hết ngày"),
        widget=DATE_WIDGET,
        initial=lambda: timezone.localdate() - dt.timedelta(days=1),
    )
    successor = forms.ModelChoiceField(
        label=_("Đơn vị kế thừa"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Lịch sử (hồ sơ, báo cáo, điểm số) được cộng vào đơn vị kế thừa."),
    )
    reason = forms.CharField(
        label=_("Lý do (quyết định sáp nhập, giải thể…)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["successor"]).queryset = (
            agencies_for(user, include_archived=False).select_related(None).exclude(pk=agency.pk)
        )
