"""Checking files citizens attach: the extension must be on the list *and* the first bytes
must say the same type (a renamed executable is refused), within a size and count limit.
Pure: works on names and bytes."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from cchc.core.errors import DomainError

# extension → (content type, magic prefixes). DOCX/XLSX are ZIP containers.
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
}


def max_size() -> int:
    return int(getattr(settings, "FEEDBACK_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def max_count() -> int:
    return int(getattr(settings, "FEEDBACK_ATTACHMENT_MAX_FILES", 3))


@dataclass(frozen=True)
class Checked:
    name: str
    content_type: str
    size: int


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in base if ch.isprintable())[:200] or "tep"


def check(name: str, size: int, head: bytes) -> Checked:
    """Raise a Vietnamese DomainError for a file we do not keep."""
    clean = _clean_name(name)
    ext = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    allowed = ", ".join(sorted({e.upper() for e in ALLOWED if e != "jpeg"}))
    if ext not in ALLOWED:
        raise DomainError(
            f"Tệp «{clean}» không thuộc loại được phép gửi (chỉ nhận {allowed}).",
            code="attachment_type",
        )
    if size <= 0:
        raise DomainError(f"Tệp «{clean}» rỗng.", code="attachment_empty")
    limit = max_size()
    if size > limit:
        raise DomainError(
            f"Tệp «{clean}» quá lớn: tối đa {limit // (1024 * 1024)} MB mỗi tệp.",
            code="attachment_size",
        )
    content_type, magics = ALLOWED[ext]
    if not any(head.startswith(m) for m in magics):
        raise DomainError(
            f"Nội dung tệp «{clean}» không đúng với loại tệp {ext.upper()}.",
            code="attachment_content",
        )
    return Checked(clean, content_type, size)
