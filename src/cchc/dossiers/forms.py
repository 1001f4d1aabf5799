"""Forms are the pages' input serializers; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import Role, User
from cchc.core.forms import DateInput
from cchc.organizations.models import Agency

from .models import ApplicantKind, Channel, Dossier
from .transitions import Arg, ArgKind, Transition


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

    new_dossier = forms.BooleanField(
        label=_("Đây là hồ sơ mới (người nộp nộp thêm một hồ sơ khác)"), required=False
    )

    resolving_agency = forms.ModelChoiceField(
        Agency.objects.none(),
        label=_("Nơi giải quyết hồ sơ"),
        required=False,
        empty_label=_("— chọn theo địa chỉ người nộp —"),
        help_text=_("Thủ tục cấp xã nhận tại Trung tâm: chọn xã, phường giải quyết."),
    )

    def __init__(self, *args, documents=(), resolving_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["components"]).choices = [(d, d) for d in documents]
        if resolving_choices is None:
            del self.fields["resolving_agency"]
        else:
            field = self.fields["resolving_agency"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = resolving_choices
            field.required = True


def _agency_choices(d: Dossier) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=d.agency.province.path).active().order_by("path")


def _user_choices(d: Dossier) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            role__in=[Role.PROCESSING, Role.ONE_STOP],
            agency__path__startswith=d.agency.province.path,
        )
        .select_related("agency")
        .order_by("agency__path", "username")
    )


class _OfficerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.agency.display_short})" if obj.agency_id else str(obj)


def _field(arg: Arg, d: Dossier) -> forms.Field:
    label = _(arg.label)
    if arg.kind == ArgKind.LONG_TEXT:
        return forms.CharField(
            label=label, required=arg.required, widget=forms.Textarea(attrs={"rows": 2})
        )
    if arg.kind == ArgKind.DATE:
        return forms.DateField(label=label, required=arg.required, widget=DateInput())
    if arg.kind == ArgKind.AGENCY:
        return forms.ModelChoiceField(
            _agency_choices(d),
            label=label,
            required=arg.required,
            empty_label=_("— mặc định: cơ quan giải quyết —"),
        )
    if arg.kind == ArgKind.USER:
        return _OfficerChoice(_user_choices(d), label=label, required=arg.required)
    if arg.kind == ArgKind.STEP:
        steps = [(s.order, str(s)) for s in d.procedure.steps.order_by("order")]
        return forms.TypedChoiceField(
            label=label,
            required=arg.required,
            coerce=int,
            empty_value=None,
            choices=[("", _("— bước tiếp theo —")), *steps],
        )
    return forms.CharField(label=label, required=arg.required)


def transition_form(t: Transition, d: Dossier, data: Any = None) -> forms.Form:
    """The page form of one row of the transition table: its arguments, plus the version the
    officer read (a stale form changes nothing)."""
    fields: dict[str, forms.Field] = {
        "version": forms.IntegerField(widget=forms.HiddenInput, required=False)
    }
    for arg in t.args:
        if arg.kind == ArgKind.STEP and not d.procedure.steps.exists():
            continue
        fields[arg.name] = _field(arg, d)
    form_class = type(f"{t.action.title()}Form", (forms.Form,), fields)
    return form_class(data, initial={"version": d.version}, auto_id=f"id_{t.action}_%s")


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"size": 30, "class": "code-input", "autocapitalize": "characters"}
        ),
    )
    phone = forms.CharField(label=_("4 số cuối điện thoại người nộp"), min_length=4, max_length=20)

    @classmethod
    def query(cls, data: Any) -> tuple[str, str] | None:
        """The cleaned code and phone, by the fields' own rules, or None when either fails:
        without building a form, which copies its fields (a tenth of a kept lookup's time);
        the form is built only when a page is rendered."""
        try:
            return (
                cls.base_fields["code"].clean(data.get("code")),
                cls.base_fields["phone"].clean(data.get("phone")),
            )
        except forms.ValidationError:
            return None
