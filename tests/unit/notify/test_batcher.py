"""Which notices go out together and when: a burst is one message, the rate holds, urgent
ones do not wait."""

from __future__ import annotations

from datetime import UTC, datetime

from agent.notify import Batcher, Notice, NoticeKind

AT = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)  # 09:30 KST


def fill(code: str, qty: int = 10, price: int = 10_000, side: str = "buy") -> Notice:
    return Notice(
        kind=NoticeKind.FILL,
        at=AT,
        code=code,
        facts={"side": side, "quantity": qty, "price": price, "purpose": "entry"},
    )


def test_a_burst_of_fills_waits_for_the_window_and_leaves_as_one_message() -> None:
    batcher = Batcher("en", window_s=10, per_minute=6)
    for second, code in enumerate(["005930", "000660", "035420"]):
        batcher.add(fill(code), float(second))
    assert batcher.take(9.9) is None
    message = batcher.take(10.0)
    assert message is not None
    assert message.notices == 3
    assert message.title == "StockAgent: fill 3"
    assert message.body.splitlines() == [
        "09:30:00 fill 005930: buy 10 sh @ ₩10,000",
        "09:30:00 fill 000660: buy 10 sh @ ₩10,000",
        "09:30:00 fill 035420: buy 10 sh @ ₩10,000",
    ]
    assert not message.severe
    assert batcher.pending == 0
    assert batcher.take(100.0) is None


def test_an_urgent_notice_goes_at_once_and_takes_the_waiting_ones_with_it() -> None:
    batcher = Batcher("ko", window_s=10)
    batcher.add(fill("005930"), 0.0)
    batcher.add(Notice(kind=NoticeKind.KILL_SWITCH, at=AT, facts={"reason": "operator"}), 1.0)
    assert batcher.wait_s(1.0) == 0.0
    message = batcher.take(1.0)
    assert message is not None
    assert message.severe
    assert message.title == "StockAgent: 킬 스위치, 체결"
    assert message.body.splitlines()[0] == "09:30:00 킬 스위치: operator"
    assert "매수 10주 @ 10,000원" in message.body


def test_past_the_rate_notices_gather_into_the_next_message_instead_of_queueing() -> None:
    batcher = Batcher("en", window_s=0, per_minute=2)
    sent = []
    for second in range(10):
        batcher.add(fill("005930"), float(second))
        message = batcher.take(float(second))
        if message is not None:
            sent.append((second, message.notices))
    assert sent == [(0, 1), (1, 1)]  # then the rate: the rest wait for the minute
    assert batcher.wait_s(9.0) == 51.0
    message = batcher.take(60.0)
    assert message is not None
    assert message.notices == 8


def test_urgent_notices_are_not_held_by_the_rate() -> None:
    batcher = Batcher("en", window_s=0, per_minute=1)
    batcher.add(fill("005930"), 0.0)
    assert batcher.take(0.0) is not None
    batcher.add(Notice(kind=NoticeKind.BROKER_LOST, at=AT, facts={"reason": "refused"}), 1.0)
    message = batcher.take(1.0)
    assert message is not None
    assert message.title == "StockAgent: broker lost"


def test_a_long_burst_is_cut_to_thirty_lines_and_says_how_many_more() -> None:
    batcher = Batcher("ko", window_s=0)
    for _ in range(45):
        batcher.add(fill("005930"), 0.0)
    message = batcher.flush(0.0)
    assert message is not None
    lines = message.body.splitlines()
    assert len(lines) == 31
    assert lines[-1] == "… 외 15건"


def test_the_day_summary_reads_in_both_languages_with_the_week_after_its_last_session() -> None:
    facts = {
        "date": "2026-12-11",
        "trades": 3,
        "wins": 2,
        "realized_pnl": 120_500,
        "commission": 1_000,
        "tax": 2_000,
        "max_drawdown": -40_000,
        "week": "2026-W50",
        "week_trades": 9,
        "week_pnl": -15_000,
    }
    summary = Notice(kind=NoticeKind.DAY_SUMMARY, at=AT, facts=facts)
    for lang, expected in (
        (
            "ko",
            "2026-12-11 거래 3건, 수익 2건, 실현손익 +120,500원, 비용 3,000원, "
            "최대낙폭 -40,000원\n  주간 2026-W50: 거래 9건, 실현손익 -15,000원",
        ),
        (
            "en",
            "2026-12-11 3 trades, 2 winning, realised P&L +₩120,500, costs ₩3,000, "
            "max drawdown -₩40,000\n  week 2026-W50: 9 trades, realised P&L -₩15,000",
        ),
    ):
        batcher = Batcher(lang, window_s=60)  # type: ignore[arg-type]
        batcher.add(summary, 0.0)
        message = batcher.take(0.0)
        assert message is not None
        assert message.body.split(": ", 1)[1] == expected
