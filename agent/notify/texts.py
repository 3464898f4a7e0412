"""A notice in the user's language (``notify.language``: ko or en), one line each.

Korean follows the dashboard's words (체결, 손절, 킬 스위치); money is whole won.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Literal
from zoneinfo import ZoneInfo

from agent.notify.notices import Notice, NoticeKind

Lang = Literal["ko", "en"]
KST = ZoneInfo("Asia/Seoul")

_NAMES: dict[NoticeKind, tuple[str, str]] = {
    NoticeKind.FILL: ("체결", "fill"),
    NoticeKind.REJECTION: ("주문 거부", "order rejected"),
    NoticeKind.STOP: ("손절", "stop-loss"),
    NoticeKind.BACKSTOP: ("보호 스톱 체결", "backstop sold"),
    NoticeKind.BACKSTOP_REFUSED: ("보호 스톱 거부", "backstop refused"),
    NoticeKind.KILL_SWITCH: ("킬 스위치", "kill switch"),
    NoticeKind.KILL_SWITCH_RELEASED: ("킬 스위치 해제", "kill switch released"),
    NoticeKind.FREEZE: ("신규 진입 중지", "entries frozen"),
    NoticeKind.FREEZE_RELEASED: ("신규 진입 재개", "entries resumed"),
    NoticeKind.LIQUIDATION: ("긴급 청산", "emergency liquidation"),
    NoticeKind.DAILY_LOSS_LIMIT: ("일일 손실 한도", "daily loss limit"),
    NoticeKind.RESTART: ("재시작", "restart"),
    NoticeKind.ESCALATION: ("감독자 중단", "supervisor gave up"),
    NoticeKind.STUCK: ("응답 없음", "stuck"),
    NoticeKind.BROKER_LOST: ("증권사 연결 끊김", "broker lost"),
    NoticeKind.BROKER_BACK: ("증권사 연결 복구", "broker back"),
    NoticeKind.TOKEN_FAILED: ("토큰 발급 실패", "token failed"),
    NoticeKind.CLOCK_JUMP: ("시계 점프", "clock jump"),
    NoticeKind.EXIT_REFUSED: ("매도 거부", "sell refused"),
    NoticeKind.RECONCILIATION: ("잔고 불일치", "reconciliation mismatch"),
    NoticeKind.AGENT_STARTED: ("시작", "started"),
    NoticeKind.AGENT_STOPPED: ("종료", "stopped"),
    NoticeKind.DAY_SUMMARY: ("일일 요약", "daily summary"),
    NoticeKind.TEST: ("알림 테스트", "test notification"),
}

MAX_LINES = 30


def name_of(kind: NoticeKind, lang: Lang) -> str:
    ko, en = _NAMES[kind]
    return ko if lang == "ko" else en


def won(value: int, lang: Lang, signed: bool = False) -> str:
    sign = (
        ("+" if value > 0 else "-" if value < 0 else "") if signed else ("-" if value < 0 else "")
    )
    digits = f"{abs(value):,}"
    return f"{sign}{digits}원" if lang == "ko" else f"{sign}₩{digits}"


def title_of(notices: Sequence[Notice], lang: Lang) -> str:
    """``StockAgent: 체결 3, 손절 1`` (kinds in order of first appearance, urgent first)."""
    ordered = sorted(notices, key=lambda n: not n.urgent)
    counts = Counter(n.kind for n in ordered)
    parts = [
        name_of(kind, lang) if count == 1 else f"{name_of(kind, lang)} {count}"
        for kind, count in counts.items()
    ]
    return "StockAgent: " + ", ".join(parts)


def body_of(notices: Sequence[Notice], lang: Lang) -> str:
    """One line per notice, oldest first, urgent ones on top; at most ``MAX_LINES``."""
    ordered = sorted(notices, key=lambda n: (not n.urgent, n.at))
    lines = [line_of(n, lang) for n in ordered[:MAX_LINES]]
    rest = len(ordered) - MAX_LINES
    if rest > 0:
        lines.append(f"… 외 {rest}건" if lang == "ko" else f"… and {rest} more")
    return "\n".join(lines)


def line_of(notice: Notice, lang: Lang) -> str:
    when = notice.at.astimezone(KST).strftime("%H:%M:%S")
    detail = _DETAILS.get(notice.kind, _plain)(notice.facts, lang)
    code = f" {notice.code}" if notice.code else ""
    text = f"{when} {name_of(notice.kind, lang)}{code}"
    return f"{text}: {detail}" if detail else text


def _plain(facts: dict[str, Any], lang: Lang) -> str:
    return str(facts.get("reason") or "")


def _side(facts: dict[str, Any], lang: Lang) -> str:
    sell = facts.get("side") == "sell"
    if lang == "ko":
        return "매도" if sell else "매수"
    return "sell" if sell else "buy"


def _fill(facts: dict[str, Any], lang: Lang) -> str:
    qty, price = int(facts.get("quantity", 0)), int(facts.get("price", 0))
    purpose = facts.get("purpose")
    why = f" ({purpose})" if purpose and purpose != "entry" else ""
    unit = "주" if lang == "ko" else " sh"
    return f"{_side(facts, lang)} {qty:,}{unit} @ {won(price, lang)}{why}"


def _rejection(facts: dict[str, Any], lang: Lang) -> str:
    qty = int(facts.get("quantity", 0))
    unit = "주" if lang == "ko" else " sh"
    reason = facts.get("reason") or "?"
    return f"{_side(facts, lang)} {qty:,}{unit}: {reason}"


def _stop(facts: dict[str, Any], lang: Lang) -> str:
    qty = int(facts.get("quantity", 0))
    unit = "주 매도" if lang == "ko" else " sh sold"
    return f"{qty:,}{unit}"


def _restart(facts: dict[str, Any], lang: Lang) -> str:
    actor, reason = facts.get("actor", "?"), facts.get("reason") or ""
    count = facts.get("count")
    times = (f" ({count}회)" if lang == "ko" else f" (#{count})") if count else ""
    return f"{actor}{times} {reason}".strip()


def _broker_back(facts: dict[str, Any], lang: Lang) -> str:
    down = facts.get("down_s")
    if down is None:
        return ""
    return f"{float(down):.0f}초 만에" if lang == "ko" else f"after {float(down):.0f} s"


def _clock_jump(facts: dict[str, Any], lang: Lang) -> str:
    jump = float(facts.get("seconds", 0))
    base = f"{jump:+.0f}초" if lang == "ko" else f"{jump:+.0f} s"
    tail = " (잠자기?), 증권사와 다시 대조" if lang == "ko" else " (sleep?), reconciling"
    return base + tail


def _summary(facts: dict[str, Any], lang: Lang) -> str:
    trades, wins = int(facts.get("trades", 0)), int(facts.get("wins", 0))
    pnl = won(int(facts.get("realized_pnl", 0)), lang, signed=True)
    costs = won(int(facts.get("commission", 0)) + int(facts.get("tax", 0)), lang)
    drawdown = won(int(facts.get("max_drawdown", 0)), lang)
    day = facts.get("date", "")
    if lang == "ko":
        text = (
            f"{day} 거래 {trades}건, 수익 {wins}건, 실현손익 {pnl}, 비용 {costs}, "
            f"최대낙폭 {drawdown}"
        )
    else:
        text = (
            f"{day} {trades} trades, {wins} winning, realised P&L {pnl}, costs {costs}, "
            f"max drawdown {drawdown}"
        )
    if facts.get("week"):
        week_pnl = won(int(facts.get("week_pnl", 0)), lang, signed=True)
        week_trades = int(facts.get("week_trades", 0))
        if lang == "ko":
            text += f"\n  주간 {facts['week']}: 거래 {week_trades}건, 실현손익 {week_pnl}"
        else:
            text += f"\n  week {facts['week']}: {week_trades} trades, realised P&L {week_pnl}"
    return text


def _started(facts: dict[str, Any], lang: Lang) -> str:
    return str(facts.get("mode", ""))


def _stopped(facts: dict[str, Any], lang: Lang) -> str:
    """What a graceful stop left: entries still working, positions kept or unsold."""
    parts = []
    entries, positions = facts.get("working_entries") or [], facts.get("positions") or []
    if entries:
        lead = "미체결 진입 주문 남음" if lang == "ko" else "entry orders still working"
        parts.append(f"{lead}: {', '.join(entries)}")
    if positions:
        if facts.get("flatten"):
            lead = "미처분 보유" if lang == "ko" else "not sold"
        else:
            lead = "보유 유지" if lang == "ko" else "positions kept"
        parts.append(f"{lead}: {', '.join(positions)}")
    return "; ".join(parts)


def _test(facts: dict[str, Any], lang: Lang) -> str:
    return "알림이 이 주소로 옵니다" if lang == "ko" else "notifications reach this target"


_DETAILS: dict[NoticeKind, Callable[[dict[str, Any], Lang], str]] = {
    NoticeKind.FILL: _fill,
    NoticeKind.REJECTION: _rejection,
    NoticeKind.STOP: _stop,
    NoticeKind.BACKSTOP: _stop,
    NoticeKind.RESTART: _restart,
    NoticeKind.ESCALATION: _restart,
    NoticeKind.STUCK: _restart,
    NoticeKind.BROKER_BACK: _broker_back,
    NoticeKind.CLOCK_JUMP: _clock_jump,
    NoticeKind.DAY_SUMMARY: _summary,
    NoticeKind.AGENT_STARTED: _started,
    NoticeKind.AGENT_STOPPED: _stopped,
    NoticeKind.TEST: _test,
}
