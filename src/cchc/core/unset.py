"""``UNSET``: the default of an update service's keyword arguments.

An update names every field it may change, typed; ``UNSET`` tells "leave as is" apart from
``None`` (a date or a link cleared on purpose).
"""

from __future__ import annotations

import enum
from typing import Any, Literal


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset.UNSET
Unset = Literal[_Unset.UNSET]


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments the caller passed, in the order of the signature."""
    return {name: value for name, value in values.items() if value is not UNSET}
