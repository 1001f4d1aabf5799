from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc.core.forms import DateInput
from cchc.organizations.models import Agency

from .models import Comparison, Plan, PlanArea, ProgressStatus

DATE = DateInput()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp phụ lục (DOCX hoặc XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx"}),
    )
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=500, required=False)
    number = forms.CharField(label=_("Số kế hoạch"), max_length=64, required=False)
    decided_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)
    parent = forms.ModelChoiceField(
        label=_("Thực hiện kế hoạch cấp trên"), queryset=Plan.objects.none(), required=False
    )

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if parents is not None:
            cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".docx", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .docx hoặc .xlsx."))
        return f


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    area = forms.TypedChoiceField(
        label=pgettext_lazy("reform area", "Lĩnh vực"), required=False, coerce=int, empty_value=None
    )
    lead = forms.TypedChoiceField(
        label=_("Cơ quan chủ trì"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Tất cả"))] + list(ProgressStatus.choices),
    )
    overdue = forms.BooleanField(label=_("Chỉ nhiệm vụ quá hạn"), required=False)
    due_from = forms.DateField(label=_("Hạn từ"), required=False, widget=DATE)
    due_to = forms.DateField(label=_("Hạn đến"), required=False, widget=DATE)

    def __init__(self, *args, areas=(), leads=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("Tất cả"))] + [
            (a.pk, a.name) for a in areas
        ]
        cast(forms.ChoiceField, self.fields["lead"]).choices = [("", _("Tất cả"))] + [
            (a.pk, a.name) for a in leads
        ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    milestone = forms.TypedChoiceField(label=_("Mốc"), coerce=int, required=False, empty_value=None)
    agency = forms.TypedChoiceField(label=_("Cơ quan báo cáo"), coerce=int)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100)
    done_at = forms.DateField(label=_("Ngày hoàn thành"), required=False, widget=DATE)
    note = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea, required=False)
    reason = forms.CharField(
        label=_("Lý do (nếu không thể thực hiện)"), widget=forms.Textarea, required=False
    )
    evidence_number = forms.CharField(label=_("Số văn bản minh chứng"), required=False)
    evidence_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE)
    # The form metaclass moves declared fields to base_fields: ``self.files`` stays the uploads.
    files = MultipleFileField(label=_("Tệp minh chứng"), required=False)  # type: ignore[assignment]

    def __init__(self, *args, milestones=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["milestone"]).choices = [
            (m.pk, m.label or m.task.deadline_text or _("Mốc chính")) for m in milestones
        ]
        cast(forms.ChoiceField, self.fields["agency"]).choices = [(a.pk, a.name) for a in agencies]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (
            data.get("status") == ProgressStatus.CANNOT_DO
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Cần nêu lý do không thể thực hiện."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}))


class EventForm(forms.Form):
    event_date = forms.DateField(label=_("Ngày xảy ra sự kiện"), widget=DATE)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class DueForm(forms.Form):
    due = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến thẩm định"), widget=forms.Textarea, required=False)


class AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanArea) -> str:
        return obj.name


class AssignForm(forms.Form):
    """One select per name kept as written on a task: a person assigns it to an agency."""

    def __init__(self, *args, mentions=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— giữ nguyên văn —"))] + [
            (a.pk, "· " * a.depth + a.name) for a in agencies
        ]
        for i, m in enumerate(mentions):
            if m.get("kind") == "unresolved":
                self.fields[f"m{i}"] = forms.TypedChoiceField(
                    label=m["text"], choices=choices, coerce=int, required=False, empty_value=None
                )


def indicator_choices() -> list[tuple[str, str]]:
    """The indicators a target may be measured by: the statistics registry, filled by every
    installed app (so the list follows what this installation can measure)."""
    from cchc.statistics import indicators

    return [(key, f"{label} ({key})") for key, label in indicators.choices()]


class TargetForm(forms.Form):
    sentence = forms.CharField(label=_("Chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    comparison = forms.ChoiceField(label=_("So sánh"), choices=Comparison.choices)
    value = forms.DecimalField(label=_("Giá trị"), required=False, min_value=0, max_digits=12)
    unit = forms.CharField(label=_("Đơn vị"), required=False, initial="%")
    indicator = forms.CharField(
        label=_("Chỉ số đo"),
        required=False,
        widget=forms.TextInput(attrs={"list": "indicator-keys"}),
        help_text=_("Để trống nếu không đo được từ dữ liệu của hệ thống."),
    )
    responsible = forms.ModelMultipleChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = agencies

    def clean_indicator(self) -> str:
        key = (self.cleaned_data.get("indicator") or "").strip()
        if key and key not in dict(indicator_choices()):
            raise forms.ValidationError(
                _("Không có chỉ số «%(key)s» trong sổ chỉ số; chọn trong danh sách hoặc để trống.")
                % {"key": key}
            )
        return key


class TargetActualForm(forms.Form):
    """A hand-entered actual of a target, with its evidence (one form per target on the page:
    the prefix keeps their fields apart)."""

    value = forms.DecimalField(
        label=_("Số liệu thực tế"), min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    as_of = forms.DateField(label=_("Tính đến ngày"), widget=DATE)
    document_ref = forms.CharField(
        label=_("Số, ngày văn bản minh chứng"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Báo cáo số 125/BC-SNV ngày 10/6/2026."),
    )
    note = forms.CharField(
        label=_("Ghi chú (lý do nếu sửa số liệu)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # The form metaclass moves declared fields to base_fields: ``self.files`` stays the uploads.
    files = MultipleFileField(label=_("Tệp minh chứng"), required=False)  # type: ignore[assignment]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not (data.get("document_ref") or "").strip() and not data.get("files"):
            self.add_error(
                "document_ref", _("Cần minh chứng: ghi số, ngày văn bản hoặc đính kèm tệp.")
            )
        return data
