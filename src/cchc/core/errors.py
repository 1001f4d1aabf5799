"""Domain errors carry a Vietnamese message the pages and the API show as they are."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request; nothing was written."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Forbidden(DomainError):
    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", **kw) -> None:
        super().__init__(message, code=kw.get("code", "forbidden"))


class Conflict(DomainError):
    """The object is not in a state that allows the action (HTTP 409)."""

    status = 409

    def __init__(self, message: str, **kw) -> None:
        super().__init__(message, code=kw.get("code", "conflict"))


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Không tìm thấy.", **kw) -> None:
        super().__init__(message, code=kw.get("code", "not_found"))
