"""Kiwoom's string values -> ints, Decimals and KST datetimes: the one place that converts.

Kiwoom sends every value as a string: prices with a direction sign against the previous close
(``"+74800"``, ``"-0"``), account amounts zero-padded and signed (``"-00000000000084"``), rates with
two decimals (``"+29.86"``), turnover in millions of won, codes with an ``A`` prefix or an exchange
suffix. Nothing outside this module parses those strings.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from agent.broker.orders import OrderAction
from agent.clock import KST

MILLION = 1_000_000


def _clean(raw: str) -> str:
    return raw.strip().replace(",", "")


def signed_int(raw: str) -> int:
    """Parse a signed, possibly zero-padded integer: ``"-00000000000084"`` -> -84; ``""`` -> 0."""
    text = _clean(raw)
    if not text or text in {"+", "-"}:
        return 0
    return int(text)


def magnitude(raw: str) -> int:
    """Parse a price whose sign is a direction marker, not a sign: ``"-152000"`` -> 152000."""
    return abs(signed_int(raw))


def won_from_millions(raw: str) -> int:
    """Turnover given in millions of won -> won."""
    return signed_int(raw) * MILLION


def basis_points(raw: str) -> int:
    """A percentage with decimals -> basis points: ``"+29.86"`` -> 2986, ``"-0.07"`` -> -7."""
    return int(percent(raw) * 100)


def percent(raw: str) -> Decimal:
    """A percentage string -> Decimal rounded to two places: ``"46.25"`` -> Decimal("46.25")."""
    text = _clean(raw)
    if not text or text in {"+", "-"}:
        return Decimal("0.00")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a percentage: {raw!r}") from exc
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def plain_code(raw: str) -> str:
    """Strip the ``A``/``J``/``Q`` kind prefix and the ``_NX``/``_AL`` exchange suffix."""
    code = raw.strip()
    code = code.split("_", 1)[0]
    if len(code) == 7 and code[0].isalpha() and code[1:].isalnum():
        code = code[1:]
    return code


def kst_datetime(raw: str) -> datetime:
    """``YYYYMMDDHHMMSS`` in Korea time -> aware datetime."""
    text = raw.strip()
    if len(text) != 14 or not text.isdigit():
        raise ValueError(f"not a YYYYMMDDHHMMSS timestamp: {raw!r}")
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=KST)


def kst_date(raw: str) -> date:
    """``YYYYMMDD`` -> date."""
    text = raw.strip()
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"not a YYYYMMDD date: {raw!r}")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def hhmmss(raw: str) -> time | None:
    """``HHMMSS`` -> time, or None for an empty or all-zero field that means "never"."""
    text = raw.strip()
    if len(text) != 6 or not text.isdigit():
        return None
    hour, minute, second = int(text[:2]), int(text[2:4]), int(text[4:])
    if (hour, minute, second) == (0, 0, 0) or hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def on_day(day: date, raw: str) -> datetime | None:
    """Combine a KST trading day with an ``HHMMSS`` field into an aware datetime."""
    clock_time = hhmmss(raw)
    if clock_time is None:
        return None
    return datetime.combine(day, clock_time, tzinfo=KST)


def format_date(day: date) -> str:
    """date -> ``YYYYMMDD`` for request bodies."""
    return day.strftime("%Y%m%d")


def format_int(value: int) -> str:
    """int -> the plain decimal string Kiwoom expects in requests."""
    return str(int(value))


def order_no(raw: str) -> str:
    """Order numbers stay strings (7-digit, zero-padded); only whitespace is trimmed."""
    return raw.strip()


def no_order(raw: str) -> bool:
    """True for an empty or all-zero order number (``orig_ord_no`` "0000000" means none)."""
    text = raw.strip()
    return not text or set(text) == {"0"}


def action_of(kind: str) -> OrderAction:
    """``io_tp_nm`` / 905 (+매수, +매수정정, -매도취소...) -> what the row is."""
    if "취소" in kind:
        return OrderAction.CANCEL
    if "정정" in kind:
        return OrderAction.MODIFY
    return OrderAction.NEW
