"""What the exchange checks and charges, and the texts of its rejections.

Rejection codes seen on Kiwoom's mock server (kiwoom-rest-api.md §5.1, §4.2) are RC4003 (tick),
RC4057 (before the session) and RC4058 (after it). The others below are not documented
anywhere public; their codes and texts are our choice, in the same shape, kept here.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import msgspec


class ExchangeRules(msgspec.Struct, frozen=True, kw_only=True):
    """Costs and hours of the simulated exchange."""

    commission_rate: Decimal = Decimal("0.00015")
    commission_unit: int = 10
    sell_tax_rate: Decimal = Decimal("0.0020")
    order_open: time = time(8, 30)
    order_close: time = time(15, 30)
    partial_fill_per_mille: int = 0
    reject_per_mille: int = 0
    fault_seed: int = 7
    first_order_no: int = 1
    """The first order number given (numbers never repeat within the day)."""
    stop_reserves: bool = True
    """An armed stop order holds cash or shares like a resting limit order (our choice; the
    broker's practice is not documented): see krxsim/exchange/stops.py."""


class Rejection(msgspec.Struct, frozen=True):
    """Why an order was refused: Kiwoom's back-end code and message."""

    code: str
    text: str


BEFORE_OPEN = Rejection("RC4057", "모의투자 장시작전")
AFTER_CLOSE = Rejection("RC4058", "모의투자 장종료")
OFF_TICK = Rejection("RC4003", "모의투자 호가단위 오류입니다.")
# Not observed publicly; our choice of code and text.
OUT_OF_LIMITS = Rejection("RC4004", "모의투자 상하한가 범위를 벗어났습니다.")
NO_CASH = Rejection("RC4025", "모의투자 주문가능금액이 부족합니다.")
NO_SHARES = Rejection("RC4032", "모의투자 매도가능수량이 부족합니다.")
NO_ORIGINAL = Rejection("RC4033", "모의투자 원주문번호가 존재하지 않습니다.")
NOTHING_LEFT = Rejection("RC4034", "모의투자 정정/취소가능수량이 없습니다.")
BAD_QTY = Rejection("RC4010", "모의투자 주문수량 오류입니다.")
BAD_TYPE = Rejection("RC4011", "모의투자 매매구분 오류입니다.")
NOT_IN_AUCTION = Rejection("RC4012", "모의투자 단일가매매 시간에는 불가한 주문유형입니다.")
EXCHANGE_REFUSED = Rejection("RC4090", "모의투자 거래소 주문거부")
# A new order or a modify for a halted stock (매매거래정지); cancels are still taken.
HALTED = Rejection("RC4041", "매매거래정지 종목입니다.")
