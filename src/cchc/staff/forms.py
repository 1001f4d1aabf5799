"""Forms of the staff pages: the input serializers of the views."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.accounts import scope
from cchc.accounts.models import User
from cchc.organizations.models import Agency, AgencyKind

from .models import QuestionTopic, StaffMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _agencies(user):
    return scope.scoped(Agency.objects.all(), user, "").exclude(kind=AgencyKind.ONE_STOP_DESK)


def _desks(user):
    return scope.scoped(Agency.objects.all(), user, "").filter(
        kind__in=(AgencyKind.ONE_STOP_DESK, AgencyKind.SERVICE_CENTRE)
    )


class StaffForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.none())
    desk = forms.ModelChoiceField(
        label=_("Bộ phận Một cửa"), queryset=Agency.objects.none(), required=False
    )
    position = forms.CharField(label=_("Vị trí, chức vụ"), max_length=200)
    date_from = forms.DateField(label=_("Từ ngày"), widget=DATE)
    user = forms.ModelChoiceField(
        label=_("Tài khoản trên hệ thống (nếu có)"), queryset=User.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=32, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _agencies(user)
        if user.agency_id and not user.is_province_wide:
            self.fields["agency"].initial = user.agency_id
        cast(forms.ModelChoiceField, self.fields["desk"]).queryset = _desks(user)
        taken = StaffMember.objects.filter(user__isnull=False).values("user_id")
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = scope.scoped(
            User.objects.filter(is_active=True).exclude(pk__in=taken), user
        ).order_by("last_name", "first_name")
        self.fields["date_from"].initial = timezone.localdate()


class MoveForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.none())
    desk = forms.ModelChoiceField(
        label=_("Bộ phận Một cửa"), queryset=Agency.objects.none(), required=False
    )
    position = forms.CharField(label=_("Vị trí, chức vụ mới"), max_length=200)
    date_from = forms.DateField(label=_("Từ ngày"), widget=DATE)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, user, member, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _agencies(user)
        self.fields["agency"].initial = member.agency_id
        cast(forms.ModelChoiceField, self.fields["desk"]).queryset = _desks(user)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Tên khóa bồi dưỡng"), max_length=300)
    topic = forms.CharField(label=_("Nội dung"), max_length=300, required=False)
    hours = forms.IntegerField(label=_("Số giờ"), min_value=0, initial=8)


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    trainer = forms.CharField(label=_("Giảng viên"), max_length=200)


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp ngân hàng câu hỏi (XLSX hoặc DOCX)"))


class RoundForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan được kiểm tra"), queryset=Agency.objects.none()
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Đợt"),
        coerce=int,
        choices=[(1, _("6 tháng đầu năm")), (2, _("6 tháng cuối năm"))],
    )
    opens_at = forms.DateTimeField(label=_("Mở từ"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Đóng lúc"), widget=DATETIME)
    duration_minutes = forms.IntegerField(
        label=_("Thời gian làm bài (phút)"), min_value=1, initial=30
    )
    question_count = forms.IntegerField(label=_("Số câu hỏi mỗi đề"), min_value=1, initial=10)
    pass_mark = forms.DecimalField(
        label=_("Điểm đạt (%)"), min_value=0, max_value=100, initial=50, decimal_places=2
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Chủ đề (để trống: tất cả)"), queryset=QuestionTopic.objects.all(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _agencies(user)
        now = timezone.localtime()
        self.fields["year"].initial = now.year
        self.fields["half"].initial = 1 if now.month <= 6 else 2
        self.fields["opens_at"].initial = now.replace(second=0, microsecond=0)
        self.fields["closes_at"].initial = (now + dt.timedelta(days=7)).replace(
            second=0, microsecond=0
        )


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Đồng ý")), ("0", _("Không đồng ý"))],
    )
    reason = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
