from django.core.management.base import BaseCommand, CommandError

from cchc.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Quản lý mã truy cập API: `cchc tokens create USERNAME` in ra một mã mới."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo mã truy cập cho người dùng.")
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        revoke = sub.add_parser("revoke", help="Thu hồi mọi mã của người dùng.")
        revoke.add_argument("username")

    def handle(self, *args, **opts):
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{opts['username']}».", returncode=2)
        if opts["action"] == "create":
            _, raw = ApiToken.issue(user, name=opts["name"])
            self.stdout.write(raw)
        else:
            from django.utils import timezone

            n = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            self.stdout.write(f"Đã thu hồi {n} mã.")
