"""User management pages for province administrators; the login's second step and each
user's own security page (two-step verification)."""

from __future__ import annotations

import time
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from cchc.core.qr import qr_svg
from cchc.core.refusals import refusal_shown
from cchc.core.views import within_site

from . import rights, selectors, services, throttle
from .forms import (
    CodeForm,
    DisableSecondFactorForm,
    ReasonForm,
    SetPasswordAdminForm,
    ThrottledLoginForm,
    UserFilterForm,
    UserForm,
)
from .models import User

FIELDS = ("last_name", "first_name", "email", "phone", "position", "agency", "role")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Everyone changes their own password; the old one is asked first."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_set_password(
            actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def users(request):
    rights.require_manage_users(request.user)
    form = UserFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.users_for(
        request.user, query=f.get("q", ""), role=f.get("role", ""), status=f.get("status", "")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "params": params.urlencode()}
    if request.htmx and request.htmx.target == "user-list":
        return render(request, "accounts/_user_list.html", context)
    return render(request, "accounts/users.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    rights.require_manage_users(request.user)
    initial = {"agency": request.GET.get("agency")} if request.GET.get("agency") else None
    form = UserForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in FIELDS}
        with refusal_shown(form):
            user = services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data.get("password1") or None,
                **data,
            )
            if not form.cleaned_data.get("password1"):
                services.user_send_password_reset(
                    actor=request.user,
                    user=user,
                    domain=request.get_host(),
                    use_https=request.is_secure(),
                )
            messages.success(request, _("Đã tạo tài khoản «%s».") % user.username)
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    rights.require_manage_users(request.user)
    target = selectors.get_user_for(request.user, pk)
    form = UserForm(request.POST or None, instance=target, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("username", *FIELDS)}
        fresh = selectors.get_user_for(request.user, pk)
        with refusal_shown(form):
            services.user_update(actor=request.user, user=fresh, **data)
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("accounts:user_edit", pk=pk)
    target.refresh_from_db()
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "target": target,
            "password_form": SetPasswordAdminForm(),
            "reason_form": ReasonForm(),
            "second_factor": selectors.has_second_factor(target),
        },
    )


@login_required
@require_POST
def user_set_password(request, pk: int):
    rights.require_manage_users(request.user)
    target = selectors.get_user_for(request.user, pk)
    form = SetPasswordAdminForm(request.POST)
    if form.is_valid():
        with refusal_shown(request):
            services.user_set_password(
                actor=request.user, user=target, password=form.cleaned_data["password1"]
            )
            messages.success(request, _("Đã đặt mật khẩu mới."))
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    return redirect("accounts:user_edit", pk=pk)


@login_required
@require_POST
def user_send_reset(request, pk: int):
    rights.require_manage_users(request.user)
    target = selectors.get_user_for(request.user, pk)
    with refusal_shown(request):
        services.user_send_password_reset(
            actor=request.user,
            user=target,
            domain=request.get_host(),
            use_https=request.is_secure(),
        )
        messages.success(request, _("Đã gửi thư đặt lại mật khẩu tới %s.") % target.email)
    return redirect("accounts:user_edit", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk: int):
    rights.require_manage_users(request.user)
    target = selectors.get_user_for(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.user_activate if not target.is_active else services.user_deactivate
        with refusal_shown(request):
            action(actor=request.user, user=target, reason=form.cleaned_data["reason"])
            if target.is_active:
                messages.success(request, _("Đã khóa tài khoản «%s».") % target.username)
            else:
                messages.success(request, _("Đã mở khóa tài khoản «%s».") % target.username)
        return redirect("accounts:user_edit", pk=pk)
    return render(request, "accounts/user_deactivate.html", {"form": form, "target": target})


# -- login with a second factor ----------------------------------------------------------------

PENDING = "cchc_login_pending"  # the session key of a password given, its code awaited


class LoginView(auth_views.LoginView):
    """Django's login; an account with a second factor is not signed in on the password but
    sent to the code page, the password's success remembered in the session for a few
    minutes."""

    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not selectors.has_second_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("accounts:login_code")


def _pending_user(request):
    """The account whose password was given, while the code page still waits for it."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None, None
    if time.time() - pending.get("at", 0) > settings.TOTP_LOGIN_TIMEOUT:
        del request.session[PENDING]
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@require_http_methods(["GET", "POST"])
def login_code(request):
    """The login's second step: a code from the app or a backup code."""
    user, pending = _pending_user(request)
    if user is None:
        messages.error(request, _("Phiên đăng nhập đã hết hạn; vui lòng nhập lại mật khẩu."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form, field="code"):
            device = services.second_factor_login(
                user=user, token=form.cleaned_data["code"], ip=throttle.client_ip(request)
            )
            del request.session[PENDING]  # login() keeps the session's data
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("Bạn vừa dùng một mã dự phòng; còn %(n)s mã. Hãy tạo mã mới khi cần.")
                    % {"n": selectors.backup_codes_left(user)},
                )
            return redirect(
                within_site(request, pending["next"], resolve_url(settings.LOGIN_REDIRECT_URL))
            )
    return render(request, "accounts/login_code.html", {"form": form})


# -- the user's own security page ---------------------------------------------------------------


def _security_context(request, **extra):
    user = request.user
    device = selectors.second_factor(user)
    context = {
        "device": device,
        "backup_left": selectors.backup_codes_left(user) if device else 0,
        "required": rights.is_second_factor_required(user),
        "code_form": CodeForm(backup=device is not None),
        "disable_form": DisableSecondFactorForm(),
    }
    pending = None if device else selectors.pending_enrolment(user)
    if pending is not None:
        secret = b32encode(pending.bin_key).decode()
        context.update(
            pending=pending,
            qr=qr_svg(pending.config_url),
            secret=secret,
            secret_groups=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        )
    context.update(extra)
    return context


@login_required
def security(request):
    """Two-step verification: its state, enrolment, backup codes, turning it off."""
    return render(request, "accounts/security.html", _security_context(request))


@login_required
@require_POST
def security_enrol(request):
    """Start (a new secret and its QR code) or confirm with the first code; the backup codes
    are shown on the answer to this request and never again."""
    if "code" not in request.POST:
        with refusal_shown(request):
            services.second_factor_start(actor=request.user, user=request.user)
        return redirect("accounts:security")
    form = CodeForm(request.POST, backup=False)
    if form.is_valid():
        with refusal_shown(form, field="code"):
            codes = services.second_factor_confirm(
                actor=request.user, user=request.user, token=form.cleaned_data["code"]
            )
            device = selectors.second_factor(request.user)
            otp_login(request, device)  # this session gave the code
            messages.success(request, _("Đã bật xác thực hai bước."))
            return render(request, "accounts/security_codes.html", {"codes": codes})
    return render(request, "accounts/security.html", _security_context(request, code_form=form))


@login_required
@require_POST
def security_backup_codes(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        with refusal_shown(form, field="code"):
            codes = services.second_factor_new_backup_codes(
                actor=request.user,
                user=request.user,
                token=form.cleaned_data["code"],
                ip=throttle.client_ip(request),
            )
            messages.success(request, _("Đã tạo mã dự phòng mới; các mã cũ không còn dùng được."))
            return render(request, "accounts/security_codes.html", {"codes": codes})
    return render(request, "accounts/security.html", _security_context(request, code_form=form))


@login_required
@require_POST
def security_disable(request):
    form = DisableSecondFactorForm(request.POST)
    if form.is_valid():
        with refusal_shown(form, field="code"):
            services.second_factor_disable(
                actor=request.user,
                user=request.user,
                password=form.cleaned_data["password"],
                token=form.cleaned_data["code"],
                ip=throttle.client_ip(request),
            )
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("accounts:security")
    return render(request, "accounts/security.html", _security_context(request, disable_form=form))


@login_required
@require_POST
def user_second_factor_reset(request, pk: int):
    rights.require_manage_users(request.user)
    target = selectors.get_user_for(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        with refusal_shown(request):
            services.second_factor_reset(
                actor=request.user, user=target, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("Đã gỡ xác thực hai bước của tài khoản «%s».") % target.username
            )
    return redirect("accounts:user_edit", pk=pk)
