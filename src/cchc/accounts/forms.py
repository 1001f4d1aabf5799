from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import live_search_field

from . import throttle
from .models import Role, User
from .selectors import has_second_factor


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "locked": _(
            "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút hoặc đặt lại mật khẩu."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request) if self.request else ""
        if throttle.is_locked(username, ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            super().clean()
            cleaned = self.cleaned_data
        except forms.ValidationError:
            throttle.record_failure(username, ip)
            raise
        # With a second factor the count goes on until the code is right: a guessed password
        # must not reset the guesses at the code.
        user = self.get_user()
        if user is None or not has_second_factor(user):
            throttle.clear(username)
        return cleaned


class UserFilterForm(forms.Form):
    # Live filter: htmx asks for the list fragment as the officer types.
    q = live_search_field(reverse_lazy("accounts:users"), _("Tên, tên đăng nhập…"))
    role = forms.ChoiceField(label=_("Vai trò"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), ("active", _("Đang hoạt động")), ("inactive", _("Đã khóa"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", _("Tất cả"))] + list(
            Role.choices
        )


class UserForm(forms.ModelForm):
    """Create and edit an account; the agency list and roles offered follow the admin's scope."""

    password1 = forms.CharField(
        label=_("Mật khẩu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Để trống để gửi thư đặt mật khẩu cho người dùng."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = (
            "username",
            "last_name",
            "first_name",
            "email",
            "phone",
            "position",
            "agency",
            "role",
        )
        labels = {"last_name": _("Họ và tên đệm"), "first_name": _("Tên")}

    def __init__(self, *args, actor, **kwargs):
        from cchc.organizations.selectors import agencies_for

        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies_for(
            actor, include_archived=False
        ).select_related(None)
        self.fields["agency"].help_text = _("Bắt buộc, trừ quản trị hệ thống.")
        roles = list(Role.choices)
        if not (actor.is_superuser or actor.role == Role.SYSTEM_ADMIN):
            roles = [r for r in roles if r[0] != Role.SYSTEM_ADMIN]
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", "---------"), *roles]
        for name in ("last_name", "first_name"):
            self.fields[name].required = True
        if self.instance.pk:
            del self.fields["password1"]
            del self.fields["password2"]

    def clean_username(self):
        return (self.cleaned_data.get("username") or "").strip()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        role = cleaned.get("role")
        if role and role != Role.SYSTEM_ADMIN and not cleaned.get("agency"):
            self.add_error(
                "agency", _("Người dùng phải thuộc một cơ quan (trừ quản trị hệ thống).")
            )
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if "password1" in self.fields:
            if p1 != p2:
                self.add_error("password2", _("Hai mật khẩu không khớp."))
            elif p1:
                from django.contrib.auth.password_validation import validate_password

                try:
                    validate_password(p1)
                except forms.ValidationError as exc:
                    self.add_error("password1", exc)
            elif not cleaned.get("email"):
                self.add_error(
                    "email", _("Nhập mật khẩu, hoặc địa chỉ thư điện tử để gửi thư đặt mật khẩu.")
                )
        return cleaned

    def _post_clean(self):
        # The service validates the account; the model's own checks (the agency constraint)
        # would reject before we can give the Vietnamese message above.
        pass


class SetPasswordAdminForm(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        super().clean()
        cleaned = self.cleaned_data
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p1 != p2:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif p1:
            try:
                validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CodeForm(forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng."),
    )

    def __init__(self, *args, backup: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not backup:  # enrolment: the backup codes do not exist yet
            self.fields["code"].help_text = _("6 chữ số trên ứng dụng xác thực.")


class DisableSecondFactorForm(CodeForm):
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)
