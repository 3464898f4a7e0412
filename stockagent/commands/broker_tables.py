"""How ``stockagent broker`` prints what the broker answered: JSON, or a plain table whose
columns line up with Hangul in them (a wide character takes two columns)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec


def render(result: Any, *, as_json: bool) -> str:
    """JSON, or a plain table (one row per Struct, one column per field)."""
    if as_json:
        return msgspec.json.encode(result).decode()
    rows = list(result) if isinstance(result, (list, tuple)) else [result]
    if not rows:
        return "(none)"
    table = [msgspec.to_builtins(row) for row in rows]
    if not all(isinstance(row, dict) for row in table):
        return "\n".join(str(row) for row in table)
    headers = list(table[0])
    cells = [[_cell(row.get(h)) for h in headers] for row in table]
    widths = [max(_width(x) for x in [h, *(c[i] for c in cells)]) for i, h in enumerate(headers)]
    lines = [_line(headers, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _width(text: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = []
    for cell, width in zip(cells, widths, strict=True):
        padded.append(cell + " " * (width - _width(cell)))
    return "  ".join(padded).rstrip()
