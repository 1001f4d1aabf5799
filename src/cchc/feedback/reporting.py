"""Feedback in the province's periodic report (section template code ``feedback``): seed 003's
"đã tiếp nhận 03 phản ánh kiến nghị" with the answered-on-time figure. The only module of this
app that imports the periodic report (``cchc.periodic``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.core.text import format_int, format_percent
from cchc.periodic.province_report import Block, register_table

from .selectors import stats


def feedback_blocks(period: Any, day: date) -> list[Block]:
    s = stats(period.kind.province, period.start, period.end)
    text = (
        f"Trong kỳ, đã tiếp nhận {format_int(s.received)} phản ánh, kiến nghị; đã trả lời "
        f"{format_int(s.answered)}"
    )
    if s.on_time_rate is not None:
        text += f" (đúng hạn {format_percent(s.on_time_rate)})"
    text += (
        f"; chuyển cơ quan có thẩm quyền {format_int(s.transferred)}; từ chối "
        f"{format_int(s.rejected)}; đang xử lý {format_int(s.open)}, trong đó quá hạn "
        f"{format_int(s.overdue)}."
    )
    return [Block("paragraph", text=text)]


def register() -> None:
    register_table("feedback", feedback_blocks)
