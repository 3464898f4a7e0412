"""A string that never shows itself: repr, str, logs and encoded settings print ``***``."""

from __future__ import annotations

import re
from typing import Any

MASK = "***"
_USERINFO = re.compile(r"://[^/@\s]*@")
_SECRET_NAME = re.compile(r"(key|secret|token|password)", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    """Tell whether a setting or variable called ``name`` holds a credential by its name
    (``appkey``, ``STOCKAGENT_API_TOKEN``): such values are masked, and never written out."""
    return _SECRET_NAME.search(name) is not None


def mask_url_credentials(text: str) -> str:
    """Return ``text`` with the user and password of every URL in it replaced by ``***``."""
    return _USERINFO.sub(f"://{MASK}@", text)


class Secret:
    """Wrap a credential so that only an explicit :meth:`reveal` returns the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the plain value, for the one place that must send it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")
