"""Forms are the pages' input serializers; the services decide."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import DateInput

from .models import ApplicantKind, Channel


class ReceiveForm(forms.Form):
    procedure_code = forms.CharField(label=_("Mã thủ tục"), max_length=32)
    applicant_kind = forms.ChoiceField(
        label=_("Loại người nộp"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    applicant_name = forms.CharField(label=_("Họ tên người nộp / tên tổ chức"), max_length=255)
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân / mã số doanh nghiệp"), max_length=32, required=False
    )
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=400, required=False)
    applicant_phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=Channel.choices)
    return_by_post = forms.BooleanField(label=_("Nhận kết quả qua bưu chính"), required=False)
    sets = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=20, initial=1)
    components = forms.MultipleChoiceField(
        label=_("Thành phần hồ sơ đã nhận"), required=False, widget=forms.CheckboxSelectMultiple
    )
    supplement_items = forms.CharField(
        label=_("Nội dung cần bổ sung (nếu hồ sơ chưa đầy đủ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["components"]).choices = [(d, d) for d in documents]


class ActionForm(forms.Form):
    """All action fields; each action uses its own subset (see ``views.ACTION_FIELDS``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    to_agency = forms.IntegerField(label=_("Chuyển đến cơ quan"), required=False)
    to_user = forms.IntegerField(label=_("Người nhận"), required=False)
    step = forms.IntegerField(label=_("Bước"), required=False, min_value=1)
    items = forms.CharField(
        label=_("Nội dung cần bổ sung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_due_date = forms.DateField(label=_("Ngày hẹn lại"), required=False, widget=DateInput())
    result = forms.CharField(label=_("Kết quả"), required=False)


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=64)
    phone = forms.CharField(label=_("4 số cuối điện thoại người nộp"), min_length=4, max_length=20)
