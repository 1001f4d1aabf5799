"""``cchc orgs load-admin-units --province <code or name>``: the province and its communes from
the ``vietnam-provinces`` package (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError
from cchc.organizations.admin_units import load_admin_units


class Command(BaseCommand):
    help = "Quản lý cây cơ quan, đơn vị."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load-admin-units",
            help="Nạp tỉnh/thành phố và các xã, phường từ danh mục đơn vị hành chính (2025).",
        )
        load.add_argument(
            "--province", required=True, help="Mã (ví dụ 92) hoặc tên (ví dụ «Cần Thơ»)."
        )

    def handle(self, *args, **opts):
        if opts["action"] == "load-admin-units":
            try:
                result = load_admin_units(opts["province"])
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.province.name}: thêm mới {result.created}, "
                    f"đã có {result.existing} đơn vị."
                )
            )
