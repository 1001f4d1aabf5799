"""One-stop staff in the province's periodic report (section template code ``staff``): seed
003's "4.4. Về công tác đào tạo, bồi dưỡng cán bộ, công chức", narrowed to the one-stop staff
this app keeps, from the same figure functions the indicators use. The only module of this
app that imports the periodic report (``cchc.periodic``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.core.text import format_int, format_percent
from cchc.periodic.province_report import Block, register_table

from .selectors import passed_share, staff_count, tested_count, trained_share


def staff_blocks(period: Any, day: date) -> list[Block]:
    province = period.kind.province
    total = staff_count(province, period.start, period.end)
    if not total:
        return [
            Block(
                "paragraph",
                text="Cán bộ, công chức làm việc tại Bộ phận Một cửa: chưa có số liệu.",
                italic=True,
            )
        ]
    text = (
        f"Trong kỳ, toàn tỉnh có {format_int(int(total))} cán bộ, công chức, viên chức làm việc "
        "tại Bộ phận Một cửa các cấp"
    )
    trained = trained_share(province, period.start, period.end)
    if trained is not None:
        text += f"; {format_percent(float(trained))} đã tham gia tập huấn, bồi dưỡng"
    tested = tested_count(province, period.start, period.end) or 0
    if tested:
        passed = passed_share(province, period.start, period.end)
        text += f"; {format_int(int(tested))} lượt kiểm tra kiến thức định kỳ"
        if passed is not None:
            text += f", đạt yêu cầu {format_percent(float(passed))}"
    return [Block("paragraph", text=text + ".")]


def register() -> None:
    register_table("staff", staff_blocks)
