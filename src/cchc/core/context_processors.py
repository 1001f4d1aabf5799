from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "NATIONAL_INSTANCE": bool(settings.NATIONAL_LAKE),
    }


def csp_nonce(request):
    """``{{ csp_nonce }}`` for the rare inline script that must exist."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
