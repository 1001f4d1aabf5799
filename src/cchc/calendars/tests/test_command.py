from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[3]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_add_prints_exactly_the_date():
    assert run("add", "2024-02-07", "5") == ("2024-02-21\n", "")


@pytest.mark.django_db
def test_between_prints_exactly_the_count():
    assert run("between", "2024-02-07", "2024-02-21") == ("5\n", "")


@pytest.mark.django_db
def test_calendar_option_and_swapped_saturday():
    assert run("--calendar", "vn", "add", "2024-05-03", "1")[0] == "2024-05-04\n"
    assert run("add", "2026-01-09", "1", "--calendar", "vn")[0] == "2026-01-10\n"
    assert run("add", "2026-01-01", "0")[0] == "2026-01-05\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (("add", "2024-02-30", "5"), "Ngày không hợp lệ"),
        (("add", "07-02-2024", "5"), "Ngày không hợp lệ"),
        (("add", "2024-02-07", "năm"), "Số ngày làm việc không hợp lệ"),
        (("add", "2024-02-07", "-1"), "Số ngày làm việc không hợp lệ"),
        (("between", "2024-02-07", "hôm nay"), "Ngày không hợp lệ"),
        (("add", "1990-01-01", "1"), "ngoài phạm vi"),
        (("--calendar", "khong-co", "add", "2024-02-07", "5"), "Không có lịch làm việc"),
    ],
)
def test_bad_input_exits_2_with_a_vietnamese_message(args, message):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("workdays", *args, stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2
    assert message in err.getvalue()


def test_console_command_in_a_subprocess(tmp_path):
    """The real console entry point: exit status 2 and the message on stderr, stdout empty.
    (The exact stdout of the good cases is asserted through call_command above; a subprocess
    cannot see the test database.)"""
    env = {**os.environ, "PYTHONPATH": str(SRC), "CCHC_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, "-m", "cchc.manage"]
    bad = subprocess.run(
        [*manage, "workdays", "add", "2024-13-01", "5"], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert "Ngày không hợp lệ" in bad.stderr
    bad = subprocess.run(
        [*manage, "workdays", "between", "2024-01-01"], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2  # argparse: missing argument
