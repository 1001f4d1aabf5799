"""``cchc surveys sample-size --population N --margin e`` and ``cchc surveys draw``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError


class Command(BaseCommand):
    help = "Khảo sát sự hài lòng: cỡ mẫu, chọn mẫu."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        size = sub.add_parser("sample-size", help="Cỡ mẫu n = N/(1+N·e²), làm tròn lên.")
        size.add_argument("--population", type=int, required=True, help="Tổng thể N.")
        size.add_argument("--margin", default="0.05", help="Sai số e (mặc định 0.05).")
        draw = sub.add_parser("draw", help="Chọn mẫu cho một cuộc khảo sát (ghi lại hạt giống).")
        draw.add_argument("--survey", required=True, help="Mã cuộc khảo sát.")
        draw.add_argument("--seed", type=int, default=None, help="Hạt giống ngẫu nhiên.")

    def handle(self, *args, **opts):
        from cchc.surveys import sampling, services
        from cchc.surveys.models import Survey

        if opts["action"] == "sample-size":
            try:
                n = sampling.sample_size(opts["population"], Decimal(opts["margin"]))
            except (ValueError, InvalidOperation) as exc:
                raise CommandError(str(exc) or "Sai số không hợp lệ.", returncode=2) from exc
            self.stdout.write(str(n))
            return
        survey = Survey.objects.filter(code=opts["survey"]).first()
        if survey is None:
            raise CommandError(f"Không có cuộc khảo sát mã «{opts['survey']}».", returncode=2)
        try:
            sample = services.sample_draw(actor=None, survey=survey, seed=opts["seed"])
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(
            f"{survey.code}: n = {sample.size} / N = {sample.population}, seed {sample.seed}"
        )
