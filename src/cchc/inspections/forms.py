"""Forms of the inspection pages."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.accounts import scope
from cchc.accounts.models import Role, User
from cchc.organizations.models import Agency, AgencyKind
from cchc.plans.models import AreaKey

from .models import Checklist, InspectionKind, QualitySystem, Severity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300, required=False)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    target_share = forms.DecimalField(
        label=_("Tỷ lệ tối thiểu được kiểm tra (0–1)"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial="0.3",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


def _units(user):
    return scope.scoped(Agency.objects.all(), user, "").exclude(kind=AgencyKind.ONE_STOP_DESK)


def _inspectors(user):
    return scope.scoped(User.objects.filter(is_active=True), user).filter(
        role__in=(Role.HOME_AFFAIRS, Role.FOCAL_POINT, Role.LEADER)
    )


class ScheduleForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(label=_("Loại kiểm tra"), choices=InspectionKind.choices)
    date_from = forms.DateField(label=_("Từ ngày"), widget=DATE)
    date_to = forms.DateField(label=_("Đến ngày"), widget=DATE)
    lead = forms.ModelChoiceField(
        label=_("Trưởng đoàn"), queryset=User.objects.none(), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên đoàn"), queryset=User.objects.none(), required=False
    )
    checklists = forms.ModelMultipleChoiceField(
        label=_("Nội dung kiểm tra (bảng kiểm)"),
        queryset=Checklist.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _units(user)
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = _inspectors(user)
        cast(forms.ModelChoiceField, self.fields["members"]).queryset = _inspectors(user)


class FindingForm(forms.Form):
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=AreaKey.choices)
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Severity.choices)
    text = forms.CharField(label=_("Tồn tại, hạn chế"), widget=forms.Textarea(attrs={"rows": 2}))
    staff: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Cán bộ liên quan (nếu có)"), queryset=None, required=False
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        from cchc.staff.models import StaffMember

        cast(forms.ModelChoiceField, self.fields["staff"]).queryset = StaffMember.objects.filter(
            agency__path__startswith=inspection.agency.path
        )


class RemedyForm(forms.Form):
    text = forms.CharField(label=_("Biện pháp khắc phục"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(
        label=_("Đơn vị chịu trách nhiệm"), queryset=Agency.objects.none(), required=False
    )
    owner_person = forms.CharField(label=_("Người phụ trách"), max_length=200, required=False)
    working_days = forms.IntegerField(
        label=_("Thời hạn (ngày làm việc)"), min_value=1, required=False
    )
    due_date = forms.DateField(label=_("hoặc hạn cụ thể"), widget=DATE, required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = Agency.objects.filter(
            path__startswith=inspection.agency.path
        ).exclude(kind=AgencyKind.ONE_STOP_DESK)


class ConcludeForm(forms.Form):
    concluded_on = forms.DateField(label=_("Ngày kết luận"), widget=DATE)
    number = forms.CharField(label=_("Số thông báo"), max_length=64)
    summary = forms.CharField(
        label=_("Nhận xét chung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(label=_("Ngày hoàn thành (nếu đã xong)"), widget=DATE, required=False)


class QualitySystemForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.none())
    standard = forms.CharField(label=_("Tiêu chuẩn"), initial="TCVN ISO 9001:2015")
    announced_on = forms.DateField(label=_("Ngày công bố phù hợp"), widget=DATE, required=False)
    announcement_number = forms.CharField(label=_("Số quyết định công bố"), required=False)
    scope_text = forms.CharField(label=_("Phạm vi áp dụng"), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=QualitySystem.Status.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = _units(user)
