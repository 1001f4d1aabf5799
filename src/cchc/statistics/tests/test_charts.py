"""The SVG charts are pure: valid XML, an accessible title and description, Vietnamese
number labels, escaped text, links where asked, a message when there is nothing to draw."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.statistics import charts
from cchc.statistics.charts import Series

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # An image, or a named group when its marks are links (an image's children are hidden).
    links = root.findall(".//s:a", NS)
    assert root.get("role") == ("group" if links else "img")
    title = root.find("s:title", NS)
    desc = root.find("s:desc", NS)
    assert title is not None and title.text
    assert desc is not None
    assert set(root.get("aria-labelledby", "").split()) == {title.get("id"), desc.get("id")}
    return root


def desc_text(root: ET.Element) -> str:
    desc = root.find("s:desc", NS)
    assert desc is not None and desc.text is not None
    return desc.text


def attr(el: ET.Element | None, name: str) -> str:
    assert el is not None
    value = el.get(name)
    assert value is not None, name
    return value


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize(
    "value,expected",
    [(0, 1), (0.4, 0.5), (7, 10), (178_770, 200_000), (120, 200), (251, 500), (1000, 1000)],
)
def test_nice_max(value, expected):
    assert charts.nice_max(value) == expected


@pytest.mark.parametrize(
    "value,kind,text",
    [
        (178770, "int", "178.770"),
        (82.0312, "pct", "82,03%"),
        (None, "int", "–"),
        (3.45, "dec", "3,5"),
    ],
)
def test_fmt_is_vietnamese(value, kind, text):
    assert charts.fmt(value, kind) == text


def test_bar_chart_labels_links_and_escaping():
    svg = charts.bar_chart(
        [("Sở Tư pháp", 178_770), ("Sở <Xây> & dựng", 65)],
        title="Hồ sơ trễ hạn",
        links=["/dossiers/?agency=4&late=1", None],
    )
    root = parse(svg)
    labels = texts(root)
    assert "178.770" in labels and "65" in labels
    assert "Sở <Xây> & dựng" in labels  # escaped in the source, read back intact
    links = root.findall(".//s:a", NS)
    assert len(links) == 1 and links[0].get("href") == "/dossiers/?agency=4&late=1"
    assert "Sở Tư pháp: 178.770" in desc_text(root)


def test_bar_chart_percent_axis_is_a_hundred():
    root = parse(charts.bar_chart([("A", 50.0)], title="t", kind="pct", width=500))
    rect = root.find(".//s:rect", NS)
    # label column 230, right margin 70: 200 px for 100%, half of it for 50%.
    assert float(attr(rect, "width")) == pytest.approx(100.0)
    assert "50,00%" in texts(root)


def test_line_chart_breaks_on_missing_values():
    root = parse(
        charts.line_chart(
            ["01/2026", "02/2026", "03/2026", "04/2026"],
            [Series("Tỷ lệ đúng hạn", [98.5, None, 97.25, 99.0])],
            title="Tỷ lệ đúng hạn theo tháng",
            kind="pct",
            links=["/a", "/b", "/c", "/d"],
        )
    )
    lines = root.findall(".//s:polyline", NS)
    assert len(lines) == 1  # only the 03–04 segment has two points
    assert len(root.findall(".//s:circle", NS)) == 3
    assert len(root.findall(".//s:a", NS)) == 3
    assert "97,25%" in desc_text(root)
    assert "01/2026" in texts(root)


def test_stacked_bar_chart_stacks_series():
    root = parse(
        charts.stacked_bar_chart(
            ["01/2026", "02/2026"],
            [Series("Trực tiếp", [60, 30]), Series("Trực tuyến", [40, 10])],
            title="Hồ sơ mới",
            height=234,
        )
    )
    rects = [r for r in root.findall(".//s:g[@class='column']/s:rect", NS)]
    assert len(rects) == 4
    h = [float(attr(r, "height")) for r in rects]
    # Axis max 100 over 174 px (234 − 26 − 34): 60 → 104.4, 40 → 69.6, stacked to the top.
    assert h[0] == pytest.approx(104.4) and h[1] == pytest.approx(69.6)
    assert float(attr(rects[1], "y")) == pytest.approx(26.0)
    assert {"Trực tiếp", "Trực tuyến"} <= set(texts(root))


@pytest.mark.parametrize(
    "svg",
    [
        charts.bar_chart([], title="Trống"),
        charts.line_chart([], [], title="Trống"),
        charts.stacked_bar_chart(["01/2026"], [Series("A", [0])], title="Trống"),
        charts.line_chart(["01/2026"], [Series("A", [None])], title="Trống"),
    ],
)
def test_empty_charts_say_so(svg):
    root = parse(svg)
    assert texts(root) == ["Chưa có số liệu."]


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=40), st.integers(min_value=0, max_value=10**7)),
        min_size=1,
        max_size=15,
    )
)
def test_bar_chart_always_valid_and_inside_the_box(items):
    root = parse(charts.bar_chart(items, title="x", width=640))
    for rect in root.findall(".//s:rect", NS):
        assert 0 <= float(attr(rect, "width")) <= 640 - 230 - 70 + 0.1
