from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.procedures import timeparse as tp
from cchc.procedures.models import Level, OnlineLevel, TimeUnit


@pytest.mark.parametrize(
    "text, amount, unit, ok, warned",
    [
        ("05 ngày làm việc", "5", "days", True, False),
        ("Trong ngày", "0", "same_day", True, False),
        ("03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "3", "days", True, False),
        ("04 giờ làm việc", "4", "hours", True, False),
        ("15 ngày", "15", "days", True, True),
        ("Không quá 10 ngày làm việc", "10", "days", True, False),
        ("Ngay trong ngày làm việc", "0", "same_day", True, False),
        ("Trong ngày làm việc", "0", "same_day", True, False),
        ("Trong thời hạn 02 (hai) ngày làm việc", "2", "days", True, False),
        ("1/2 ngày làm việc", "0.5", "days", True, False),
        ("0,5 ngày làm việc", "0.5", "days", True, False),
        ("01 buổi làm việc", "0.5", "days", True, False),
        ("24 giờ", "24", "hours", True, True),
        ("30 ngày làm việc; trường hợp phức tạp 45 ngày làm việc", "30", "days", True, True),
        ("TRONG NGÀY", "0", "same_day", True, False),
        ("05 ngay lam viec", "5", "days", True, False),
        ("Không quy định", None, "none", True, False),
        ("", None, "none", False, True),
        ("Theo quy định của pháp luật", None, "none", False, True),
        ("Ngay sau khi nhận đủ hồ sơ", "0", "same_day", True, False),
    ],
)
def test_parse_time(text, amount, unit, ok, warned):
    r = tp.parse_time(text)
    assert r.amount == (None if amount is None else Decimal(amount))
    assert (r.unit, r.ok, bool(r.warning)) == (unit, ok, warned)


@pytest.mark.parametrize(
    "text, amount, free, ok, warned",
    [
        ("50.000 đồng/hồ sơ", 50000, False, True, False),
        ("Không", 0, True, True, False),
        ("Không thu", 0, True, True, False),
        ("Miễn phí", 0, True, True, False),
        ("Miễn lệ phí", 0, True, True, False),
        ("Lệ phí: 100.000 đồng/lần", 100000, False, True, False),
        ("8.000đ/bản", 8000, False, True, False),
        ("100000 VNĐ", 100000, False, True, False),
        ("1.500.000 đồng", 1500000, False, True, False),
        ("1,5 triệu đồng", 1500000, False, True, False),
        ("200 nghìn đồng", 200000, False, True, False),
        ("2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang", 2000, False, True, True),
        ("Theo Thông tư 85/2019/TT-BTC", None, False, False, True),
        ("", None, False, True, False),
    ],
)
def test_parse_fee(text, amount, free, ok, warned):
    r = tp.parse_fee(text)
    assert r.amount == (None if amount is None else Decimal(amount))
    assert (r.free, r.ok, bool(r.warning)) == (free, ok, warned)


@pytest.mark.parametrize(
    "text, level, legacy, ok",
    [
        ("Toàn trình", "full", None, True),
        ("DVC trực tuyến toàn trình", "full", None, True),
        ("Một phần", "partial", None, True),
        ("Mức độ 3", "partial", 3, True),
        ("Mức độ 4", "full", 4, True),
        ("Mức độ 2", "none", 2, True),
        ("mức 1", "none", 1, True),
        ("Không", "none", None, True),
        ("", "none", None, True),
        ("Dịch vụ cung cấp thông tin trực tuyến", "none", None, True),
        ("Cao", "none", None, False),
    ],
)
def test_parse_online_level(text, level, legacy, ok):
    r = tp.parse_online_level(text)
    assert (r.level, r.legacy, r.ok) == (level, legacy, ok)


@pytest.mark.parametrize(
    "text, levels",
    [
        ("Cấp Tỉnh", ["province"]),
        ("Cấp Tỉnh, Cấp Xã", ["province", "commune"]),
        ("cap xa", ["commune"]),
        ("UBND cấp xã, phường, đặc khu", ["commune"]),
        ("Cấp Huyện", ["district"]),
        ("Cơ quan trung ương", ["central"]),
        ("Không rõ", []),
    ],
)
def test_parse_levels(text, levels):
    assert tp.parse_levels(text) == levels


def test_constants_match_the_models():
    assert {tp.DAYS, tp.HOURS, tp.SAME_DAY, tp.NONE} == set(TimeUnit.values)
    assert {tp.FULL, tp.PARTIAL, tp.NO_ONLINE} == set(OnlineLevel.values)
    assert {tp.CENTRAL, tp.PROVINCE, tp.DISTRICT, tp.COMMUNE} == set(Level.values)
