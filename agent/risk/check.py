"""The risk governor's decision: ``check_intent(...) -> Approved | Rejected``.

Every order passes here, exits included (ARCHITECTURE.md §4). Entries must clear every gate and
are then sized; all failing gates are reported together, so the audit trail says everything that
was wrong. Exits reduce risk: they pass the kill switch, the loss limit, the window and the
strategy switches, and are refused only when they cannot be carried out (nothing to sell, the
stock halted, no session that takes the order). An exit never sells more than is held minus what
pending exits already sell; a larger request is clipped, not refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from agent.clock import KST
from agent.domain.enums import OrderPurpose, Side
from agent.domain.intents import Approved, Decision, Intent, Rejected
from agent.market.sessions import Phase
from agent.risk.account import AccountView
from agent.risk.exits import daily_loss_hit
from agent.risk.limits import REGULAR_CLOSING_AUCTION, RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.order_terms import entry_terms, exit_terms
from agent.risk.reasons import ApprovalNote, RejectReason
from agent.risk.sizing import size_entry
from agent.risk.state import GovernorState, kill_switch_engaged, loss_limit_hit_today

__all__ = ["check_intent", "entry_gates", "exit_quantity"]

R = RejectReason
_NOT_YET_OPEN = (Phase.CLOSED, Phase.PRE_OPEN)
_EXIT_PHASES = (Phase.OPENING_AUCTION, Phase.CONTINUOUS, Phase.CLOSING_AUCTION)


def _reject(intent: Intent, reasons: Sequence[str], detail: str = "") -> Rejected:
    return Rejected(intent=intent, reasons=tuple(str(r) for r in reasons), detail=detail)


def _since_midnight(clock: time) -> timedelta:
    return timedelta(hours=clock.hour, minutes=clock.minute, seconds=clock.second)


def _after_eod_start(limits: RiskLimits, market: MarketView, now: datetime) -> bool:
    """Tell whether today's EOD exit has started: an entry now would only be sold.

    The lead counts back from today's closing auction (16:20 on CSAT day), else the regular 15:20.
    """
    if limits.eod_exit != "flatten":
        return False
    auction = market.closing_auction_start
    anchor = REGULAR_CLOSING_AUCTION if auction is None else auction.astimezone(KST).time()
    eod_start = _since_midnight(anchor) - limits.eod_exit_lead
    return _since_midnight(now.astimezone(KST).time()) >= eod_start


def _timing(market: MarketView, limits: RiskLimits, now: datetime) -> RejectReason | None:
    if market.phase in _NOT_YET_OPEN:
        return R.MARKET_CLOSED
    # The window is written against the 09:00 open and moves with a late one, as the strategy's.
    clock = (now - market.window_shift).astimezone(KST).time()
    start, end = limits.entry_window
    late = _after_eod_start(limits, market, now)
    if market.phase is not Phase.CONTINUOUS or not start <= clock < end or late:
        return R.OUT_OF_WINDOW
    return None


def entry_gates(
    intent: Intent,
    limits: RiskLimits,
    account: AccountView,
    market: MarketView,
    state: GovernorState,
    now: datetime,
) -> list[str]:
    """Return every rule an entry breaks before sizing (empty: it may be sized)."""
    reasons: list[str] = []
    if kill_switch_engaged(state):
        reasons.append(R.KILL_SWITCH)
    if loss_limit_hit_today(state) or daily_loss_hit(account, limits):
        reasons.append(R.DAILY_LOSS_LIMIT)
    if not limits.entries_enabled or intent.strategy_tag in limits.disabled_strategies:
        reasons.append(R.STRATEGY_DISABLED)
    if market.halted:
        reasons.append(R.HALTED)
    reasons += [r for r in market.entry_blocks if not (r == R.HALTED and market.halted)]
    timing = _timing(market, limits, now)
    if timing is not None:
        reasons.append(timing)
    if market.vi_active:
        reasons.append(R.VI_ACTIVE)
    if now - intent.at > limits.max_entry_age:
        reasons.append(R.STALE_INTENT)
    # The upper limit is on the grid, so a reference at or above it rounds to it or beyond.
    at_limit = intent.reference_price >= market.upper_limit
    if at_limit or market.last_price >= market.upper_limit:
        reasons.append(R.PRICE_LIMIT)
    pending_entries = [o for o in account.pending_in(intent.code) if o.is_entry]
    same_strategy = any(o.strategy_tag == intent.strategy_tag for o in pending_entries)
    held = account.position(intent.code) is not None
    if same_strategy or (not limits.allow_scale_in and (held or pending_entries)):
        reasons.append(R.DUPLICATE_ENTRY)
    occupied = account.occupied_codes()
    if intent.code not in occupied and len(occupied) >= limits.max_positions:
        reasons.append(R.MAX_POSITIONS)
    return reasons


def _check_entry(
    intent: Intent,
    limits: RiskLimits,
    account: AccountView,
    market: MarketView,
    state: GovernorState,
    now: datetime,
) -> Decision:
    if intent.side is not Side.BUY:
        return _reject(intent, [R.INVALID_INTENT], "an entry buys (no short selling)")
    gates = entry_gates(intent, limits, account, market, state, now)
    if gates:
        return _reject(intent, gates)
    terms = entry_terms(intent, market, limits.terms, now.astimezone(KST).date())
    assert terms.limit_price is not None  # entries are always limit orders
    size = size_entry(
        intent.code,
        terms.limit_price,
        market.last_price,
        account,
        limits.max_weight_bps,
        limits.commission_bps,
        intent.quantity,
    )
    if size.quantity <= 0:
        reasons = [R.MAX_WEIGHT] if size.by_weight <= 0 else []
        reasons += [R.INSUFFICIENT_CASH] if size.by_cash <= 0 else []
        detail = f"limit {terms.limit_price}: {size.by_weight} by weight, {size.by_cash} by cash"
        return _reject(intent, reasons, detail)
    return Approved(
        intent=intent,
        quantity=size.quantity,
        order_type=terms.order_type,
        limit_price=terms.limit_price,
        reasons=tuple(str(n) for n in (size.binding, *terms.notes)),
    )


def exit_quantity(intent: Intent, account: AccountView) -> tuple[int, int]:
    """Return (held, sellable): the agent's shares, and those an exit may still sell.

    Sellable is the lot less what pending exits already sell, capped by the broker's
    주문가능수량 (the user's own pending sell lowers that); an operator's liquidation of
    everything (``include_user_shares``) adds the user's sellable shares.
    """
    position = account.position(intent.code)
    held = position.quantity if position else 0
    in_exits = sum(o.quantity for o in account.pending_in(intent.code) if o.is_exit)
    sellable = max(held - in_exits, 0)
    if position is not None:
        sellable = min(sellable, position.sellable_now)
    if intent.include_user_shares:
        theirs = next((p for p in account.external if p.code == intent.code), None)
        if theirs is not None:
            held += theirs.quantity
            sellable += theirs.sellable_now
    return held, sellable


def _check_exit(
    intent: Intent, limits: RiskLimits, account: AccountView, market: MarketView, now: datetime
) -> Decision:
    if intent.side is not Side.SELL:
        return _reject(intent, [R.INVALID_INTENT], f"a {intent.purpose} exit sells")
    reasons: list[RejectReason] = []
    if market.halted:
        reasons.append(R.HALTED)
    if market.phase not in _EXIT_PHASES:
        reasons.append(R.MARKET_CLOSED)
    held, sellable = exit_quantity(intent, account)
    in_exits = any(o.is_exit for o in account.pending_in(intent.code))
    if held == 0:
        reasons.append(R.NO_POSITION)
    elif sellable == 0:
        reasons.append(R.EXIT_ALREADY_PENDING if in_exits else R.NOT_SELLABLE)
    if reasons:
        return _reject(intent, reasons, f"held {held}, sellable {sellable}")
    requested = sellable if intent.quantity is None else intent.quantity
    quantity = min(requested, sellable)
    terms = exit_terms(intent, market, limits.terms, now.astimezone(KST).date())
    clipped = (ApprovalNote.CLIPPED_TO_AVAILABLE,) if requested > sellable else ()
    return Approved(
        intent=intent,
        quantity=quantity,
        order_type=terms.order_type,
        limit_price=terms.limit_price,
        reasons=tuple(str(n) for n in (*clipped, *terms.notes)),
    )


def check_intent(
    intent: Intent,
    limits: RiskLimits,
    account: AccountView,
    market: MarketView,
    governor_state: GovernorState,
    now: datetime,
) -> Decision:
    """Approve ``intent`` with a size, order type and price, or reject it with reason codes.

    ``market`` describes ``intent.code``; ``now`` is the decision time (timezone-aware).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    problems = []
    if intent.code != market.code:
        problems.append(f"intent for {intent.code}, market view for {market.code}")
    if intent.reference_price <= 0:
        problems.append(f"reference price {intent.reference_price}")
    if intent.quantity is not None and intent.quantity <= 0:
        problems.append(f"quantity {intent.quantity}")
    if problems:
        return _reject(intent, [R.INVALID_INTENT], "; ".join(problems))
    # Without a price, held shares would weigh nothing and no limit price could be bounded.
    limits_ok = 0 < market.lower_limit <= market.upper_limit
    if market.last_price <= 0 or not limits_ok:
        detail = f"last {market.last_price}, limits [{market.lower_limit}, {market.upper_limit}]"
        return _reject(intent, [R.NO_MARKET_DATA], detail)
    if intent.purpose is OrderPurpose.ENTRY:
        return _check_entry(intent, limits, account, market, governor_state, now)
    return _check_exit(intent, limits, account, market, now)
