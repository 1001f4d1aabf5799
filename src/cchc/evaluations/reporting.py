"""Ratings in the province's periodic report (section template code ``ratings``). The only
module of this app that imports the periodic report (``cchc.periodic``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.core.text import format_int, format_percent
from cchc.periodic.province_report import Block, register_table

from .selectors import shares


def rating_blocks(period: Any, day: date) -> list[Block]:
    s = shares(period.kind.province, period.start, period.end)
    if not s.total:
        return [
            Block(
                "paragraph",
                text="Đánh giá việc giải quyết thủ tục hành chính: chưa có đánh giá trong kỳ.",
                italic=True,
            )
        ]
    text = (
        f"Người dân, tổ chức đã đánh giá {format_int(s.total)} hồ sơ: rất hài lòng "
        f"{format_percent(s.very_satisfied_share)}, hài lòng và rất hài lòng "
        f"{format_percent(s.satisfied_share)}, chưa hài lòng {format_percent(s.unsatisfied_share)}"
    )
    if s.mean_score is not None:
        text += f"; điểm trung bình {str(s.mean_score).replace('.', ',')}/18 ({s.band})"
    return [Block("paragraph", text=text + ".")]


def register() -> None:
    register_table("ratings", rating_blocks)
