"""``cchc demo``: load the demo province (idempotent) and serve it.

The loaders are the modules named in ``cchc.demo.LOADERS``, run in that order; each is
idempotent (a second run neither fails nor duplicates)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from cchc.demo import DemoContext
from cchc.demo.guard import refuse_in_production
from cchc.demo.loaders import LOADERS


class Command(BaseCommand):
    help = "Nạp dữ liệu tỉnh mẫu (chạy lại không nhân đôi dữ liệu) và khởi động máy chủ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Chỉ nạp dữ liệu, không chạy máy chủ."
        )
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT", "8000"),
            help="Cổng (mặc định $PORT hoặc 8000).",
        )
        parser.add_argument(
            "--dossiers", type=int, default=20000, help="Số hồ sơ mẫu (mặc định 20.000)."
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Không chạy tiến trình db_worker."
        )

    def handle(self, *args, **opts):
        refuse_in_production("demo")
        ctx = DemoContext(stdout=self.stdout, style=self.style, dossiers=opts["dossiers"])
        for loader in LOADERS:
            self.stdout.write(f"· {loader.__name__.rsplit('.', 1)[-1]} …")
            loader.load(ctx)
        self.print_accounts(ctx)
        if opts["no_serve"]:
            return
        worker = None
        if not opts["no_worker"] and "db_worker" in get_commands():
            # Background tasks (deadline recomputation, digests) run in django-tasks-db's worker.
            worker = subprocess.Popen([sys.executable, "-m", "cchc.manage", "db_worker"])
        self.stdout.write(
            self.style.SUCCESS(f"Mở / open http://127.0.0.1:{opts['port']}/ (Ctrl+C để dừng)")
        )
        # Stopping the demo (Ctrl+C or SIGTERM) must also stop the worker it started.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            # Static files come from the app's own folders (vendored htmx, CSS): no CDN.
            call_command("runserver", f"127.0.0.1:{opts['port']}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def print_accounts(self, ctx) -> None:
        from cchc.accounts.models import User

        password = ctx.get("password", "")
        self.stdout.write(self.style.SUCCESS("\nTài khoản mẫu / demo accounts:"))
        for username in ("admin", "noivu", "lanhdao", "daumoi", "motcua", "xuly"):
            u = User.objects.filter(username=username).select_related("agency").first()
            if u:
                self.stdout.write(
                    f"  {username:<8} {u.get_role_display()} — {u.agency or 'toàn hệ thống'}"
                )
        if password:
            self.stdout.write(f"  Mật khẩu / password: {password}\n")
