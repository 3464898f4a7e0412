"""Text formats that msgspec checks (``Meta(pattern=...)``) and the OpenAPI document publishes.

msgspec tests a pattern with ``re.search``, and Python's ``$`` also matches before a final
newline: ``^[0-9A-Z]{6}$`` lets ``"005930\\n"`` through. :func:`whole` anchors a pattern to the
whole value, in a form that means the same in Python and in ECMAScript (the dialect of JSON
Schema that OpenAPI clients use, which has no ``\\A`` or ``\\Z``). The classes are ASCII:
``[0-9]``, never ``\\d``, which in Python matches any Unicode digit (``"０"`` among them).
"""

from __future__ import annotations


def whole(pattern: str) -> str:
    """Return ``pattern`` anchored so that it matches whole values only."""
    return rf"^(?:{pattern})$(?!\n)"


STOCK_CODE = whole(r"[0-9A-Z]{6}")
"""A KRX stock code: six ASCII digits or capitals (``005930``, ``0000J0``)."""
HH_MM = whole(r"([01][0-9]|2[0-3]):[0-5][0-9]")
"""A time of day, ``HH:MM`` on the 24-hour clock."""
ISO_WEEK = whole(r"[0-9]{4}-W[0-9]{2}")
"""An ISO week, ``2026-W49``."""
SEED_RANGE = whole(r"[0-9]{1,6}(-[0-9]{1,6})?")
"""One seed (``7``) or a range of seeds (``1-5``)."""
