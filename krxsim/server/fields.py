"""Kiwoom's value formats (kiwoom-rest-api.md §3.4): everything a string.

Quote prices carry a direction sign against the base price; account amounts are zero-padded
to a fixed width with a leading ``-`` when negative; rates have two decimals and a sign.
"""

from __future__ import annotations

from datetime import datetime


def signed(price: int, base: int) -> str:
    """Return ``price`` with ``+`` above ``base``, ``-`` below, unsigned when equal or zero."""
    if price == 0 or price == base:
        return str(price)
    return f"+{price}" if price > base else f"-{price}"


def diff(amount: int) -> str:
    """Return a signed difference: ``+600``, ``-600``, ``0``."""
    return f"+{amount}" if amount > 0 else str(amount)


def rate(numerator: int, denominator: int) -> str:
    """Return numerator/denominator as a percentage with two decimals and a sign."""
    if denominator == 0 or numerator == 0:
        return "0.00"
    hundredths = abs(numerator) * 10_000 // denominator
    text = f"{hundredths // 100}.{hundredths % 100:02d}"
    return f"+{text}" if numerator > 0 else f"-{text}"


def plain_rate(numerator: int, denominator: int) -> str:
    """Return a percentage with two decimals, ``-`` only when negative (account rates)."""
    text = rate(numerator, denominator)
    return text[1:] if text.startswith("+") else text


def sign_code(price: int, base: int, upper: int, lower: int) -> str:
    """Return 전일대비기호: 1 상한가, 2 상승, 3 보합, 4 하한가, 5 하락."""
    if price == 0 or price == base:
        return "3"
    if price >= upper:
        return "1"
    if price <= lower:
        return "4"
    return "2" if price > base else "5"


def padded(amount: int, width: int) -> str:
    """Return ``amount`` zero-padded to ``width`` characters, ``-`` counted in the width."""
    if amount < 0:
        return "-" + str(-amount).zfill(width - 1)
    return str(amount).zfill(width)


def hhmmss(when: datetime) -> str:
    return when.strftime("%H%M%S")


def millions(won: int) -> str:
    """Return an amount in millions of won (turnover fields marked 백만원)."""
    return str(won // 1_000_000)
