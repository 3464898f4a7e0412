"""Realtime values keyed by FID (kiwoom-rest-api.md §6.5), every value a string."""

from __future__ import annotations

from datetime import datetime

from krxsim.exchange.account import Holding
from krxsim.exchange.orders import OrderEvent, Side
from krxsim.market.book import Book
from krxsim.market.market import Quote
from krxsim.market.path import Print, ViEvent
from krxsim.server.fields import diff, hhmmss, millions, plain_rate, rate, sign_code, signed


def trade(
    p: Print, q: Quote, book: Book, at: datetime, listed_shares: int, session: str
) -> dict[str, str]:
    """Return 0B 주식체결 values for print ``p``; ``q`` is the quote as of that print."""
    base = q.base
    return {
        "20": hhmmss(at),
        "10": signed(p.price, base),
        "11": diff(p.price - base),
        "12": rate(p.price - base, base),
        "27": signed(book.best_ask, base),
        "28": signed(book.best_bid, base),
        "15": diff(p.qty) if p.qty < 0 else f"+{p.qty}",
        "13": str(q.volume),
        "14": millions(q.value),
        "16": signed(q.open, base),
        "17": signed(q.high, base),
        "18": signed(q.low, base),
        "25": sign_code(p.price, base, q.upper, q.lower),
        "26": "0",
        "29": "0",
        "30": "0.00",
        "31": plain_rate(q.volume, max(listed_shares, 1)),
        "32": "0",
        "228": plain_rate(q.buy_volume, max(q.sell_volume, 1)),
        "311": str(listed_shares * p.price // 100_000_000),
        "290": session,
        "691": "0",
        "567": "000000",
        "568": "000000",
        "1030": str(q.sell_volume),
        "1031": str(q.buy_volume),
        "1032": plain_rate(q.buy_volume, max(q.volume, 1)),
        "1313": str(abs(p.qty) * p.price),
        "9081": "1",
    }


def quote_book(book: Book, q: Quote, at: datetime) -> dict[str, str]:
    """Return 0D 주식호가잔량 values."""
    base = q.base
    values = {"21": hhmmss(at)}
    for i in range(10):
        ask_price, ask_qty = book.asks[i] if i < len(book.asks) else (0, 0)
        bid_price, bid_qty = book.bids[i] if i < len(book.bids) else (0, 0)
        values[str(41 + i)] = signed(ask_price, base)
        values[str(61 + i)] = str(ask_qty)
        values[str(81 + i)] = "0"
        values[str(51 + i)] = signed(bid_price, base)
        values[str(71 + i)] = str(bid_qty)
        values[str(91 + i)] = "0"
    total_ask = sum(s for _, s in book.asks)
    total_bid = sum(s for _, s in book.bids)
    values.update(
        {
            "121": str(total_ask),
            "122": "0",
            "125": str(total_bid),
            "126": "0",
            "23": signed(q.expected_price, base),
            "24": str(q.expected_qty),
            "128": diff(total_bid - total_ask),
            "138": diff(total_ask - total_bid),
            "129": plain_rate(total_bid, max(total_ask + total_bid, 1)),
            "139": plain_rate(total_ask, max(total_ask + total_bid, 1)),
            "13": str(q.volume),
            "215": "0",
        }
    )
    return values


def vi(event: ViEvent, name: str, q: Quote, at: datetime, released: bool) -> dict[str, str]:
    """Return 1h VI발동/해제 values."""
    up = event.trigger_price >= event.dynamic_ref
    return {
        "9001": event.code,
        "302": name,
        "13": str(q.volume),
        "14": millions(q.value),
        "9068": "2" if released else "1",
        "9008": "101",
        "9075": "1",
        "1221": str(event.trigger_price),
        "1223": hhmmss(at),
        "1224": hhmmss(at) if released else "",
        "1225": "동적" if event.dynamic else "정적",
        "1236": str(event.static_ref),
        "1237": str(event.dynamic_ref),
        "1238": rate(event.trigger_price - event.static_ref, event.static_ref),
        "1239": rate(event.trigger_price - event.dynamic_ref, event.dynamic_ref),
        "1489": rate(event.trigger_price - q.base, q.base),
        "1490": str(event.count),
        "9069": "1" if up else "2",
        "1279": ("+" if up else "-") + ("동적" if event.dynamic else "정적"),
    }


def operation(code: str, at: datetime, remaining: str) -> dict[str, str]:
    """Return 0s 장시작시간 values."""
    return {"215": code, "20": hhmmss(at), "214": remaining}


def order(event: OrderEvent, account_no: str, name: str, q: Quote, book: Book) -> dict[str, str]:
    """Return 00 주문체결 values."""
    o = event.order
    fill = event.fill
    base = q.base
    return {
        "9201": account_no,
        "9203": o.ord_no,
        "9205": "",
        "9001": o.code,
        "912": "JJ",
        "913": o.status.value,
        "302": name,
        "900": str(o.qty),
        "901": str(o.price),
        "902": str(o.remaining),
        "903": str(o.filled_value),
        "904": o.orig_ord_no,
        "905": o.io_label,
        "906": o.trade_label,
        "907": o.side.value,
        "908": hhmmss(fill.at if fill else o.at),
        "909": fill.fill_no if fill else "",
        "910": str(fill.price) if fill else "",
        # 911 체결량 is the order's cumulative executed quantity (900 - 902, beside 903
        # 체결누계금액); this execution alone is 915 단위체결량 (kiwoom-rest-api.md §6.5).
        "911": str(o.filled) if fill else "",
        "10": signed(q.price, base),
        "27": signed(book.best_ask, base),
        "28": signed(book.best_bid, base),
        "914": str(fill.price) if fill else "",
        "915": str(fill.qty) if fill else "",
        "938": str(o.commission),
        "939": str(o.tax),
        "919": "0",
        "920": "",
        "921": "0701002",
        "922": "00",
        "923": "00000000",
        "2134": "1",
        "2135": "KRX",
        "2136": "N",
    }


def balance(
    held: Holding, account_no: str, name: str, q: Quote, book: Book, sellable: int, side: Side
) -> dict[str, str]:
    """Return 04 잔고 values after a fill."""
    base = q.base
    return {
        "9201": account_no,
        "9001": held.code,
        "917": "00",
        "916": "00000000",
        "302": name,
        "10": signed(q.price, base),
        "930": str(held.qty),
        "931": str(held.avg_price),
        "932": str(held.cost),
        "933": str(sellable),
        "945": str(held.today_bought - held.today_sold),
        "946": side.value,
        "950": str(held.realized),
        "27": signed(book.best_ask, base),
        "28": signed(book.best_bid, base),
        "307": str(base),
        "8019": plain_rate(q.price * held.qty - held.cost, max(held.cost, 1)),
        "990": str(held.realized),
        "991": plain_rate(held.realized, max(held.cost, 1)),
        "992": "0",
        "993": "0.00",
    }


def expected(q: Quote, at: datetime) -> dict[str, str]:
    """Return 0H 주식예상체결 values while an auction collects orders."""
    base = q.base
    return {
        "20": hhmmss(at),
        "10": signed(q.expected_price, base),
        "11": diff(q.expected_price - base),
        "12": rate(q.expected_price - base, base),
        "15": str(q.expected_qty),
        "13": str(q.expected_qty),
        "25": sign_code(q.expected_price, base, q.upper, q.lower),
    }
