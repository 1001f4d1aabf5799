"""Home-page cards of the staff app: an open test for the person who must take it, and the
proposals waiting for a leader's decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.text import format_int

from . import selectors
from .models import ProposalStatus


def home_widgets(request) -> list[dict]:
    user = request.user
    out: list[dict] = []
    pending = [r for r, a in selectors.open_rounds_for_me(user) if a is None]
    if pending:
        out.append(
            {
                "title": _("Bài kiểm tra kiến thức đang mở"),
                "value": format_int(len(pending)),
                "url": reverse("staff:rounds"),
            }
        )
    if user.is_superuser or user.role == "leader":
        n = selectors.proposals_for(user).filter(status=ProposalStatus.PROPOSED).count()
        if n:
            out.append(
                {
                    "title": _("Đề nghị sau kiểm tra chờ quyết định"),
                    "value": format_int(n),
                    "url": reverse("staff:proposals"),
                }
            )
    return out
