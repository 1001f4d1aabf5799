from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from cchc.organizations.models import Agency, AgencyKind
from cchc.procedures.models import ProcedureField

from .models import Channel, Kind

TS_SALT = "cchc.feedback.form-started"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


def agency_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Cơ quan tiếp nhận"),
        required=False,
        empty_label=_("— để cơ quan đầu mối phân loại —"),
        queryset=Agency.objects.filter(valid_to__isnull=True)
        .exclude(kind__in=[AgencyKind.ONE_STOP_DESK, AgencyKind.DEPARTMENT_UNIT])
        .order_by("path"),
    )


def field_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        required=False,
        empty_label="—",
        queryset=ProcedureField.objects.order_by("name"),
    )


def started_token() -> str:
    return signing.dumps(time.time(), salt=TS_SALT)


def min_fill_seconds() -> float:
    return float(getattr(settings, "FEEDBACK_MIN_FILL_SECONDS", 4))


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.PHAN_ANH
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    content = forms.CharField(
        label=_("Nội dung"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    sender_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    sender_address = forms.CharField(label=_("Địa chỉ"), max_length=400)
    sender_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    sender_email = forms.EmailField(label=_("Thư điện tử"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = agency_choices()
        self.fields["field"] = field_choices()


class PublicFeedbackForm(FeedbackForm):
    """The citizen's form: no account. Abuse is held off without a third-party captcha: a
    honeypot field people never see, a signed start time (bots post faster than anyone types),
    and a per-address limit in the cache (the view)."""

    attachments = MultipleFileField(
        label=_("Tệp đính kèm (PDF, Word, Excel, OpenDocument, JPG, PNG)"), required=False
    )
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("Không gửi được phản ánh, kiến nghị."), code="bot")
        try:
            started = float(
                signing.loads(data.get("started") or "", salt=TS_SALT, max_age=6 * 3600)
            )
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError(
                _("Biểu mẫu đã hết hạn; vui lòng tải lại trang và gửi lại."), code="stale"
            ) from exc
        if time.time() - started < min_fill_seconds():
            raise forms.ValidationError(
                _("Biểu mẫu được gửi quá nhanh; vui lòng kiểm tra lại nội dung và gửi lại."),
                code="too_fast",
            )
        return data


class StaffFeedbackForm(FeedbackForm):
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[(c.value, c.label) for c in (Channel.HOTLINE, Channel.BOX, Channel.LETTER)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A hotline caller may leave no address; the service asks for it on letters.
        self.fields["sender_address"].required = False
        self.fields["sender_phone"].required = False
        self.order_fields(["channel"])


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã phản ánh, kiến nghị"), max_length=32)
    phone = forms.CharField(label=_("4 số cuối điện thoại"), max_length=20)


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm (gõ có dấu hoặc không dấu)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agency = agency_choices()
        agency.label = _("Cơ quan")
        agency.empty_label = _("— tất cả —")
        self.fields["agency"] = agency
        self.fields["field"] = field_choices()
