"""User management pages for province administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.core.errors import DomainError, Forbidden

from . import scope, selectors, services
from .forms import ReasonForm, SetPasswordAdminForm, UserFilterForm, UserForm

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


def _require_admin(user) -> None:
    if not scope.can_administer(user):
        raise PermissionDenied(_("Chỉ quản trị cấp tỉnh mới được quản lý người dùng."))


@login_required
def users(request):
    _require_admin(request.user)
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
    _require_admin(request.user)
    initial = {"agency": request.GET.get("agency")} if request.GET.get("agency") else None
    form = UserForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in FIELDS}
        try:
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
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo tài khoản «%s».") % user.username)
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    _require_admin(request.user)
    target = selectors.get_user_for(request.user, pk)
    form = UserForm(request.POST or None, instance=target, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("username", *FIELDS)}
        fresh = selectors.get_user_for(request.user, pk)
        try:
            services.user_update(actor=request.user, user=fresh, **data)
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
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
        },
    )


@login_required
@require_POST
def user_set_password(request, pk: int):
    _require_admin(request.user)
    target = selectors.get_user_for(request.user, pk)
    form = SetPasswordAdminForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=target, password=form.cleaned_data["password1"]
            )
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        messages.success(request, _("Đã đặt mật khẩu mới."))
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    return redirect("accounts:user_edit", pk=pk)


@login_required
@require_POST
def user_send_reset(request, pk: int):
    _require_admin(request.user)
    target = selectors.get_user_for(request.user, pk)
    try:
        services.user_send_password_reset(
            actor=request.user,
            user=target,
            domain=request.get_host(),
            use_https=request.is_secure(),
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gửi thư đặt lại mật khẩu tới %s.") % target.email)
    return redirect("accounts:user_edit", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk: int):
    _require_admin(request.user)
    target = selectors.get_user_for(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.user_activate if not target.is_active else services.user_deactivate
        try:
            action(actor=request.user, user=target, reason=form.cleaned_data["reason"])
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if target.is_active:
                messages.success(request, _("Đã khóa tài khoản «%s».") % target.username)
            else:
                messages.success(request, _("Đã mở khóa tài khoản «%s».") % target.username)
        return redirect("accounts:user_edit", pk=pk)
    return render(request, "accounts/user_deactivate.html", {"form": form, "target": target})
