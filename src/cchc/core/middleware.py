"""Domain errors that escape a page view become the matching HTTP page with their Vietnamese
message, so views stay thin: a selector's ``Forbidden`` is a 403, ``NotFound`` a 404."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from .errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if request.path.startswith("/api/"):
            return None
        return render(
            request,
            "core/error.html",
            {"message": exception.message, "status": exception.status},
            status=exception.status,
        )


_NUL_MARKERS = (b"\x00", b"%00", b"\\u0000")
_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded", "text/")


class RejectNulMiddleware:
    """A NUL character has no business in a path, a query or a text body, and PostgreSQL refuses
    to store or even compare it (a 500 deep in the ORM). Refused at the door with a 400: JSON for
    the API, the Vietnamese error page for the web. Multipart bodies (uploaded files) are binary
    and pass; their text fields are checked by the forms."""

    message = "Yêu cầu chứa ký tự không hợp lệ (NUL)."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"message": self.message, "code": "nul_character"}, status=400)
            return render(
                request, "core/error.html", {"message": self.message, "status": 400}, status=400
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        raw_path = request.META.get("PATH_INFO", "")
        query = request.META.get("QUERY_STRING", "").lower()
        if "\x00" in raw_path or "\x00" in query or "%00" in query:
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH") and content_type.startswith(_TEXT_BODIES):
            body = request.body.lower()
            return any(marker in body for marker in _NUL_MARKERS)
        return False


class ContentSecurityPolicyMiddleware:
    """One policy for every page: scripts only from our static files (or an inline block that
    carries ``nonce="{{ csp_nonce }}"``), no plugins, no framing, forms post only here. htmx
    needs no eval here (no ``hx-on``, no ``js:`` values), so none is allowed. Inline styles stay
    allowed: htmx inserts its indicator style and templates use ``style=""``; they run no code.
    A response that set its own policy (file downloads: a sandbox) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy.replace("{nonce}", request.csp_nonce)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Vietnamese unless the user chose English with the switch (its cookie). The browser's
    Accept-Language is not asked: many of the province's computers run an English Windows and
    Chrome, and their users expect the Vietnamese system they were trained on."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
