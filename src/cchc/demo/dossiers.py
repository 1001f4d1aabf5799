"""Demo dossiers: ``ctx["dossiers"]`` generated dossiers of history (20.000 by default) and a
handful of open ones in the demo users' queues (motcua at the Centre, xuly at Sở Tư pháp).
Idempotent: nothing happens when dossiers already exist."""

from __future__ import annotations

import time

from django.db.models import Q

from cchc.core.text import format_decimal, format_int
from cchc.dossiers import services
from cchc.dossiers.models import Dossier
from cchc.procedures.models import Procedure

from . import generator

APPLICANTS = [
    ("Nguyễn Văn Bình", "0901234561", "Hồ sơ đang chờ chuyển Sở Tư pháp"),
    ("Trần Thị Cúc", "0912345672", ""),
    ("Lê Hoàng Dũng", "0987654323", ""),
    ("Phạm Thị Em", "0934567894", ""),
    ("Võ Minh Giang", "0978123455", ""),
]


def load(ctx) -> None:
    if Dossier.objects.exists():
        ctx.stdout.write("  hồ sơ: đã có dữ liệu, bỏ qua")
        return
    n = int(ctx.get("dossiers", 20000) or 0)
    started = time.perf_counter()
    if n > 0:
        try:
            counts = generator.run(generator.Options(n=n, seed=2026))
        except ValueError as exc:
            ctx.stdout.write(f"  hồ sơ: {exc}")
            return
        ctx.stdout.write(
            f"  {format_int(counts['dossiers'])} hồ sơ lịch sử, "
            f"{format_int(counts['events'])} dòng diễn biến "
            f"({format_decimal(time.perf_counter() - started, 1)} giây)"
        )
    _open_dossiers(ctx)
    generator.announce_bulk_load()


def _open_dossiers(ctx) -> None:
    users = ctx.get("users") or {}
    desk, officer = users.get("motcua"), users.get("xuly")
    if desk is None or officer is None or desk.agency is None or officer.agency is None:
        return
    procs = list(
        Procedure.objects.filter(is_current=True, resolving_agency=officer.agency)
        .filter(Q(time_unit="days") | Q(time_unit="same_day"))
        .order_by("code")[:5]
    )
    if not procs:
        return
    made = []
    for i, (name, phone, note) in enumerate(APPLICANTS):
        d = services.dossier_receive(
            actor=desk,
            procedure=procs[i % len(procs)],
            applicant=services.Applicant(name=name, phone=phone),
            channel="desk" if i % 2 == 0 else "online_full",
            note=note,
        )
        made.append(d)
    for d in made[1:4]:
        services.dossier_transfer(actor=desk, dossier=d, to_user=officer)
    services.dossier_result_ready(actor=officer, dossier=made[4], result="Đã có kết quả")
    ctx.stdout.write(
        f"  {len(made)} hồ sơ đang xử lý cho {desk.username} và {officer.username}: "
        + ", ".join(d.code for d in made)
    )
