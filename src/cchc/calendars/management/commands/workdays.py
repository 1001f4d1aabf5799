"""``cchc workdays add DATE N`` / ``cchc workdays between A B``: scripts read the output, so it
is exactly one ISO date or one integer; errors go to stderr with exit status 2."""

from __future__ import annotations

import datetime as dt
import re

from django.core.management.base import BaseCommand

from cchc.core.errors import DomainError

EXIT_USAGE = 2


def parse_date(text: str) -> dt.date:
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"Ngày không hợp lệ: «{text}» (dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy).")


def parse_count(text: str) -> int:
    if not re.fullmatch(r"\+?\d{1,5}", text.strip()):
        raise ValueError(f"Số ngày làm việc không hợp lệ: «{text}» (phải là số nguyên không âm).")
    return int(text)


class Command(BaseCommand):
    help = "Tính ngày làm việc: cộng N ngày làm việc hoặc đếm số ngày làm việc giữa hai ngày."

    def add_arguments(self, parser):
        parser.add_argument("--calendar", default=None, help="Mã lịch (mặc định: lịch mặc định).")
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Ngày làm việc thứ N sau ngày bắt đầu.")
        add.add_argument("start")
        add.add_argument("n")
        add.add_argument("--calendar", dest="calendar_sub", default=None)
        between = sub.add_parser("between", help="Số ngày làm việc sau ngày A đến hết ngày B.")
        between.add_argument("a")
        between.add_argument("b")
        between.add_argument("--calendar", dest="calendar_sub", default=None)

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(EXIT_USAGE)

    def handle(self, *args, **opts):
        from cchc.calendars.selectors import get_work_calendar

        code = opts.get("calendar_sub") or opts.get("calendar")
        try:
            # arguments first: a typo is reported without touching the database
            if opts["action"] == "add":
                start, n = parse_date(opts["start"]), parse_count(opts["n"])
                result: str = get_work_calendar(code).add_workdays(start, n).isoformat()
            else:
                a, b = parse_date(opts["a"]), parse_date(opts["b"])
                result = str(get_work_calendar(code).workdays_between(a, b))
        except DomainError as exc:
            self.fail(exc.message)
        except ValueError as exc:
            self.fail(str(exc))
        self.stdout.write(result)
