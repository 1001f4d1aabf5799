"""QR codes of the public lookup address printed on receipts (form 01); drawn by
``cchc.core.qr`` (SVG for the HTML page, PNG for the DOCX file)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from cchc.core.qr import qr_png, qr_svg

__all__ = ["lookup_url", "qr_png", "qr_svg"]


def lookup_url(code: str) -> str:
    """The public lookup page for a dossier code (the citizen adds the phone digits there)."""
    return f"{settings.SITE_URL.rstrip('/')}/dossiers/lookup/?{urlencode({'code': code})}"
