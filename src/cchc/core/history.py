"""Who may read an object's change history (``/history/<app>/<model>/<id>/``).

Core sits below every app and cannot know their rights, so the rule is registered from above:
a model may answer itself with a ``history_visible_to(user)`` method; otherwise the rule
registered for its class (``register``) decides, else the default rule (``set_default``), both
filled by the accounts app in its ``AppConfig.ready()``. No rule at all means no access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Rule = Callable[[Any, Any], bool]

_RULES: dict[type, Rule] = {}
_DEFAULT: dict[str, Rule] = {}


def register(model: type, rule: Rule) -> None:
    _RULES[model] = rule


def set_default(rule: Rule) -> None:
    _DEFAULT["rule"] = rule


def can_read(user: Any, obj: Any) -> bool:
    checker = getattr(obj, "history_visible_to", None)
    if checker is not None:
        return bool(checker(user))
    for cls in type(obj).__mro__:
        if cls in _RULES:
            return bool(_RULES[cls](user, obj))
    rule = _DEFAULT.get("rule")
    return bool(rule(user, obj)) if rule is not None else False
