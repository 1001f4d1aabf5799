"""The shape of the dossier transition table (``services.TRANSITIONS``).

One row per action on an existing dossier: the states it leaves, the state it reaches, the
arguments it takes, the right it needs and the service that performs it. The service checks
state and right from its row; the dossier page builds its buttons and forms from the rows the
user may take now; the API accepts exactly these actions and arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cchc.accounts.models import User

    from .models import Dossier


class ArgKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    AGENCY = "agency"  # page: an agency of the dossier's province; API: its code
    USER = "user"  # page: an officer of the province; API: the username
    STEP = "step"  # a step B1…Bn of the procedure


@dataclass(frozen=True)
class Arg:
    name: str
    label: str  # Vietnamese source string; pages translate it
    kind: ArgKind = ArgKind.TEXT
    required: bool = False


Right = Callable[["User", "Dossier", bool], "str | None"]


def _always(d: Dossier) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    action: str  # the event's action name (``DossierEvent.action``)
    label: str  # the button; Vietnamese source string
    sources: tuple[str, ...]
    target: str | None  # None: the status does not change (the apology)
    args: tuple[Arg, ...]
    right: Right  # (user, dossier, importing) → None when allowed, else the refusal
    service: Callable[..., Dossier]
    offer: Callable[[Dossier], bool] = field(default=_always)  # more than state and right

    @property
    def slug(self) -> str:
        """The action's name in page and API addresses."""
        return self.action.replace("_", "-")

    def available(self, user: User, dossier: Dossier) -> bool:
        """Offer the action now: the state allows it, the user holds the right and nothing
        else rules it out. The service checks again when it is sent."""
        return (
            dossier.status in self.sources
            and self.offer(dossier)
            and self.right(user, dossier, False) is None
        )
