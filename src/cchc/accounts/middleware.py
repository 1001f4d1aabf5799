"""The second factor at the door of every page (after django-otp's ``OTPMiddleware``).

- A session signed in without the code of an account that has a second factor is closed: it
  was opened before the factor was enrolled, or through a door that does not ask for it (the
  Django admin's own login). The login then asks for the code.
- An account whose role must have a second factor (``settings.TOTP_REQUIRED_ROLES``) and has
  none is sent to the enrolment page until it has one.

The API's bearer tokens are a separate credential for scripts and are not concerned: their
requests carry no session.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import rights, selectors

# Pages an account without its required second factor may still open: to enrol, or to leave.
OPEN_TO_UNENROLLED = {
    "accounts:security",
    "accounts:security_enrol",
    "accounts:logout",
    "core:language",
}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if selectors.has_second_factor(user):
            logout(request)
            messages.info(request, _("Vui lòng đăng nhập lại và nhập mã xác thực."))
            return redirect_to_login(request.get_full_path())
        if rights.is_second_factor_required(user):
            match = request.resolver_match
            if match is None or match.view_name not in OPEN_TO_UNENROLLED:
                messages.warning(
                    request, _("Vai trò của bạn bắt buộc bật xác thực hai bước trước khi làm việc.")
                )
                return redirect("accounts:security")
        return None
