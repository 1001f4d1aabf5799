from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.accounts.models import Role
from cchc.core.errors import DomainError
from cchc.dossiers.models import Dossier
from cchc.organizations.models import Agency, AgencyKind

from . import selectors, services
from .models import EvaluationIndicator, Kiosk, Level, RatingChannel

COMPILATION_ROLES = {Role.SYSTEM_ADMIN, Role.HOME_AFFAIRS, Role.LEADER, Role.FOCAL_POINT}
SCORE_CHOICES = [("2", "2"), ("1", "1"), ("0", "0")]


class RatingForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Mức độ hài lòng"), choices=Level.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Ông/Bà chưa hài lòng vì điều gì?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for ind in self.indicators:
            self.fields[f"score_{ind.code}"] = forms.ChoiceField(
                label=ind.name, choices=SCORE_CHOICES, required=False, widget=forms.RadioSelect
            )

    def score_fields(self):
        return [self[f"score_{ind.code}"] for ind in self.indicators]

    def scores(self) -> dict[str, str]:
        given = {
            ind.code: self.cleaned_data.get(f"score_{ind.code}") or "" for ind in self.indicators
        }
        return given if any(given.values()) else {}


def _rate(request, dossier: Dossier, channel: str, template: str, ctx: dict, kiosk=None):
    indicators = list(EvaluationIndicator.objects.filter(active=True))
    form = RatingForm(request.POST or None, indicators=indicators)
    ctx.update(dossier=dossier, form=form)
    if hasattr(dossier, "rating"):
        ctx["error"] = services.ALREADY
        return render(request, template, ctx, status=409)
    if request.method == "POST":
        if form.is_valid():
            try:
                rating = services.rating_submit(
                    dossier=dossier,
                    level=form.cleaned_data["level"],
                    channel=channel,
                    reason=form.cleaned_data.get("reason") or "",
                    scores=form.scores(),
                    kiosk=kiosk,
                )
            except DomainError as exc:
                ctx["error"] = exc.message
                return render(request, template, ctx, status=exc.status)
            ctx["rating"] = rating
            return render(request, "evaluations/thanks.html", ctx)
        ctx["error"] = _("Hãy chọn một mức: Rất hài lòng, Hài lòng hoặc Chưa hài lòng.")
        return render(request, template, ctx, status=400)
    return render(request, template, ctx)


def rate_online(request, token: str):
    """Public: the receipt's QR (through the lookup) or the SMS link; a signed token."""
    try:
        dossier = services.dossier_for_token(token)
    except DomainError as exc:
        return render(request, "evaluations/invalid.html", {"error": exc.message}, status=400)
    return _rate(request, dossier, RatingChannel.ONLINE, "evaluations/rate.html", {"full": False})


def kiosk(request, token: str):
    """The desk's tablet: no login, bound to the desk by its device token."""
    k = services.kiosk_for_token(token)
    return render(
        request,
        "evaluations/kiosk.html",
        {"kiosk": k, "token": token, "dossiers": selectors.kiosk_queue(k)},
    )


# The thank-you page on a kiosk returns to the list after this long, with a visible countdown
# the citizen can stop (kiosk.js): long enough to read, short enough for the next in line.
KIOSK_RETURN_SECONDS = 20


def kiosk_rate(request, token: str, code: str):
    k = services.kiosk_for_token(token)
    dossier = get_object_or_404(
        Dossier.objects.select_related("procedure", "agency", "desk"),
        code=code,
        desk__path__startswith=k.desk.path,
    )
    return _rate(
        request,
        dossier,
        RatingChannel.KIOSK,
        "evaluations/kiosk_rate.html",
        {"kiosk": k, "token": token, "full": True, "kiosk_return_seconds": KIOSK_RETURN_SECONDS},
        kiosk=k,
    )


@login_required
def index(request):
    user = request.user
    if not (user.is_superuser or user.role in COMPILATION_ROLES):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        quarter = int(request.GET.get("quarter") or (today.month - 1) // 3 + 1)
        rows, total = selectors.compilation(user, year, quarter)
    except (ValueError, DomainError):
        year, quarter = today.year, (today.month - 1) // 3 + 1
        rows, total = selectors.compilation(user, year, quarter)
    from .models import Band

    return render(
        request,
        "evaluations/index.html",
        {
            "rows": rows,
            "total": total,
            "year": year,
            "quarter": quarter,
            "bands": Band.objects.all(),
            "years": range(today.year - 4, today.year + 1),
        },
    )


@login_required
def mine(request):
    ratings = selectors.my_ratings(request.user)[:200]
    today = timezone.localdate()
    summary = selectors.my_summary(request.user)
    return render(
        request, "evaluations/mine.html", {"ratings": ratings, "summary": summary, "today": today}
    )


def _desks(user):
    return scope.scoped(
        Agency.objects.filter(
            kind__in=[AgencyKind.ONE_STOP_DESK, AgencyKind.SERVICE_CENTRE, AgencyKind.COMMUNE],
            valid_to__isnull=True,
        ),
        user,
        "",
    ).order_by("path")


@login_required
def kiosks(request):
    if not scope.can_administer(request.user):
        raise PermissionDenied
    issued = None
    error: str = ""
    if request.method == "POST":
        desk = _desks(request.user).filter(pk=request.POST.get("desk") or 0).first()
        if desk is None:
            error = str(_("Hãy chọn Bộ phận Một cửa."))
        else:
            try:
                k, raw = services.kiosk_issue(
                    actor=request.user, desk=desk, name=request.POST.get("name", "")
                )
            except DomainError as exc:
                error = exc.message
            else:
                issued = {"kiosk": k, "url": request.build_absolute_uri(f"/danh-gia/kiosk/{raw}/")}
    rows = Kiosk.objects.filter(desk__in=_desks(request.user)).select_related("desk")
    return render(
        request,
        "evaluations/kiosks.html",
        {"kiosks": rows, "desks": _desks(request.user), "issued": issued, "error": error},
    )


@login_required
@require_POST
def kiosk_revoke(request, pk: int):
    k = get_object_or_404(Kiosk.objects.select_related("desk"), pk=pk)
    services.kiosk_revoke(actor=request.user, kiosk=k)
    return redirect("evaluations:kiosks")
