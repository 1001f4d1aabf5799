"""Server-side SVG charts for the leaders' dashboard, pure: numbers in, an SVG string out.

Intranets of the province have no CDN and leaders open the dashboard on old office machines
and phones, so the charts are drawn here as plain SVG (no JavaScript): they scale with the
page (``viewBox``), print, and carry an accessible title and description for screen readers.
Every label is Vietnamese-formatted (178.770, 82,03%) by ``cchc.core.text``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

from cchc.core.text import format_decimal, format_int, format_percent

PALETTE = ("#1f5fa8", "#b3261e", "#1e7b34", "#a86400", "#6b3fa0", "#00838f", "#5d6775")

_ids = count(1)
# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(text: str) -> str:
    """Escaped for SVG text and attributes; characters XML cannot carry are dropped (agency
    and procedure names come from imports that sometimes hold control characters)."""
    return escape(_NOT_XML.sub("", str(text)))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]
    color: str = ""


def fmt(value: float | int | None, kind: str = "int") -> str:
    """A value as an official would write it: ``int`` 178.770, ``pct`` 82,03%, ``dec`` 3,5."""
    if value is None:
        return "–"
    if kind == "pct":
        return format_percent(value)
    if kind == "dec":
        return format_decimal(value, 1)
    return format_int(round(value))


def nice_max(value: float) -> float:
    """Round an axis maximum up to 1, 2, 2.5 or 5 × 10ⁿ so grid lines fall on round numbers."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    base = 10**exp
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * base:
            return float(step * base)
    return float(10 * base)  # pragma: no cover - the loop always returns


def _open(width: int, height: int, title: str, desc: str, linked: bool = False) -> tuple[str, str]:
    """The ``<svg>`` head. A chart is one image to assistive technology, unless its parts are
    links: an image's children are hidden from it, so links inside one could not be reached
    (axe's nested-interactive); such a chart is a named group instead."""
    n = next(_ids)
    tid, did = f"chart-t{n}", f"chart-d{n}"
    role = "group" if linked else "img"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="{role}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{tid} {did}" font-family="Segoe UI, Roboto, Noto Sans, Arial, '
        f'sans-serif" font-size="12">'
        f'<title id="{tid}">{_esc(title)}</title><desc id="{did}">{_esc(desc)}</desc>'
    )
    return head, "</svg>"


def _empty(width: int, height: int, title: str, message: str) -> str:
    head, tail = _open(width, height, title, message)
    return (
        f'{head}<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
        f'fill="#5d6775">{_esc(message)}</text>{tail}'
    )


def _grid(
    x0: float, x1: float, y0: float, y1: float, vmax: float, kind: str, lines: int = 4
) -> str:
    """Horizontal grid lines with value labels on the left axis (y0 top, y1 bottom)."""
    parts = []
    for i in range(lines + 1):
        v = vmax * i / lines
        y = y1 - (y1 - y0) * i / lines
        parts.append(
            f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dde1e7"/>'
            f'<text x="{x0 - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" fill="#5d6775">'
            f"{_esc(fmt(v, kind))}</text>"
        )
    return "".join(parts)


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _wrap_link(inner: str, href: str | None, label: str, *, shows_text: bool = False) -> str:
    """A link around a mark. One that shows text (a bar's label and value) is named by that
    text, as a sighted user reads it (WCAG 2.5.3, label in name); a bare mark (a dot) by
    ``label``."""
    if not href:
        return inner
    if shows_text:
        return f'<a href="{_esc(href)}">{inner}</a>'
    return f'<a href="{_esc(href)}" aria-label="{_esc(label)}">{inner}</a>'


def bar_chart(
    items: Sequence[tuple[str, float | int | None]],
    *,
    title: str,
    kind: str = "int",
    links: Sequence[str | None] | None = None,
    color: str = PALETTE[0],
    width: int = 640,
    bar_height: int = 26,
    empty: str = "Chưa có số liệu.",
) -> str:
    """Horizontal bars (long Vietnamese agency and procedure names read best sideways)."""
    if not items:
        return _empty(width, 80, title, empty)
    label_w = 230
    top, right = 8, 70
    height = top + bar_height * len(items) + 8
    values = [v or 0 for _, v in items]
    vmax = 100.0 if kind == "pct" else nice_max(max(values))
    span = width - label_w - right
    desc = "; ".join(f"{label}: {fmt(v, kind)}" for label, v in items)
    head, tail = _open(width, height, title, desc, linked=any(links or ()))
    parts = [head]
    for i, (label, value) in enumerate(items):
        y = top + i * bar_height
        w = span * (value or 0) / vmax if vmax else 0
        text = fmt(value, kind)
        bar = (
            f'<g class="bar"><title>{_esc(label)}: {_esc(text)}</title>'
            f'<text x="{label_w - 8}" y="{y + bar_height / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#1d2430">{_esc(_short(label, 34))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 0):.1f}" '
            f'height="{bar_height - 8}" rx="2" fill="{color}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_height / 2 + 4:.1f}" '
            f'fill="#1d2430">{_esc(text)}</text></g>'
        )
        href = links[i] if links and i < len(links) else None
        parts.append(_wrap_link(bar, href, f"{label}: {text}", shows_text=True))
    parts.append(tail)
    return "".join(parts)


def _legend(series: Sequence[Series], x: float, y: float) -> str:
    parts = []
    cx = x
    for i, s in enumerate(series):
        color = s.color or PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{cx:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{color}"/>'
            f'<text x="{cx + 14:.1f}" y="{y:.1f}" fill="#1d2430">{_esc(s.name)}</text>'
        )
        cx += 24 + 7 * len(s.name)
    return '<g class="legend">' + "".join(parts) + "</g>"


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    kind: str = "int",
    links: Sequence[str | None] | None = None,
    width: int = 640,
    height: int = 260,
    vmax: float | None = None,
    empty: str = "Chưa có số liệu.",
) -> str:
    """One line per series over ``labels`` (months); ``None`` values break the line."""
    values = [v for s in series for v in s.values if v is not None]
    if not labels or not values:
        return _empty(width, height, title, empty)
    left, right, top, bottom = 64, 30, 26, 34
    top_value = vmax if vmax is not None else (100.0 if kind == "pct" else nice_max(max(values)))
    x0, x1, y0, y1 = left, width - right, top, height - bottom
    n = len(labels)
    step = (x1 - x0) / max(n - 1, 1)

    def px(i: int) -> float:
        return x0 + step * i if n > 1 else (x0 + x1) / 2

    def py(v: float) -> float:
        return y1 - (y1 - y0) * (v / top_value if top_value else 0)

    desc = "; ".join(
        f"{s.name} — "
        + ", ".join(f"{lab}: {fmt(v, kind)}" for lab, v in zip(labels, s.values, strict=False))
        for s in series
    )
    head, tail = _open(width, height, title, desc, linked=any(links or ()))
    parts = [head, _grid(x0, x1, y0, y1, top_value, kind), _legend(series, x0, 14)]
    for i, lab in enumerate(labels):
        parts.append(
            f'<text x="{px(i):.1f}" y="{height - 14}" text-anchor="middle" fill="#5d6775">'
            f"{_esc(lab)}</text>"
        )
    for si, s in enumerate(series):
        color = s.color or PALETTE[si % len(PALETTE)]
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                segments.append([])
                continue
            segments[-1].append((px(i), py(v)))
        for seg in segments:
            if len(seg) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
                parts.append(
                    f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>'
                )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            text = f"{s.name}, {labels[i]}: {fmt(v, kind)}"
            dot = (
                f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="4" fill="{color}">'
                f"<title>{_esc(text)}</title></circle>"
            )
            href = links[i] if links and i < len(links) else None
            parts.append(_wrap_link(dot, href, text))
    parts.append(tail)
    return "".join(parts)


def stacked_bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    kind: str = "int",
    links: Sequence[str | None] | None = None,
    width: int = 640,
    height: int = 260,
    empty: str = "Chưa có số liệu.",
) -> str:
    """Vertical columns, one per label, stacked by series (e.g. on time / late per month)."""
    totals = [sum((s.values[i] or 0) for s in series) for i in range(len(labels))]
    if not labels or not any(totals):
        return _empty(width, height, title, empty)
    left, right, top, bottom = 64, 16, 26, 34
    x0, x1, y0, y1 = left, width - right, top, height - bottom
    vmax = 100.0 if kind == "pct" else nice_max(max(totals))
    slot = (x1 - x0) / len(labels)
    bar_w = max(min(slot * 0.7, 48), 4)
    desc = "; ".join(
        f"{lab}: " + ", ".join(f"{s.name} {fmt(s.values[i], kind)}" for s in series)
        for i, lab in enumerate(labels)
    )
    head, tail = _open(width, height, title, desc, linked=any(links or ()))
    parts = [head, _grid(x0, x1, y0, y1, vmax, kind), _legend(series, x0, 14)]
    for i, lab in enumerate(labels):
        cx = x0 + slot * i + slot / 2
        base: float = y1
        column = []
        for si, s in enumerate(series):
            v = s.values[i] or 0
            h = (y1 - y0) * v / vmax if vmax else 0
            color = s.color or PALETTE[si % len(PALETTE)]
            column.append(
                f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{color}"><title>{_esc(lab)} – {_esc(s.name)}: '
                f"{_esc(fmt(v, kind))}</title></rect>"
            )
            base -= h
        column.append(
            f'<text x="{cx:.1f}" y="{height - 14}" text-anchor="middle" fill="#5d6775">'
            f"{_esc(lab)}</text>"
        )
        href = links[i] if links and i < len(links) else None
        label = f"{lab}: {fmt(totals[i], kind)}"
        column_g = '<g class="column">' + "".join(column) + "</g>"
        parts.append(_wrap_link(column_g, href, label, shows_text=True))
    parts.append(tail)
    return "".join(parts)
