"""Properties of check_intent over random accounts, prices and states: the limits always hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.domain.enums import OrderPurpose, OrderType
from agent.domain.intents import Approved
from agent.market.board import Board
from agent.market.fees import commission
from agent.market.sessions import Phase
from agent.market.tick_size import is_on_tick, price_limits, round_down
from agent.risk.check import check_intent
from agent.risk.limits import OrderTerms
from agent.risk.state import GovernorState
from tests.unit.risk.builders import (
    CODE,
    NOW,
    account,
    entry,
    exit_,
    limits,
    market,
    pending_entry,
    pending_exit,
    position,
)

boards = st.sampled_from([Board.KOSPI, Board.KOSDAQ, Board.FUND])


@st.composite
def quotes(draw: st.DrawFn) -> tuple[Board, int, int]:
    """Return (board, base price, last price) with the last price inside the daily limits."""
    board = draw(boards)
    base = draw(st.integers(1_000, 2_000_000))
    lower, upper = price_limits(base, board)
    last = round_down(draw(st.integers(lower, upper)), board)
    return board, base, max(last, lower)


@st.composite
def books(draw: st.DrawFn, last: int) -> tuple[int, int, int, int, int]:
    """Return (equity, cash, weight bps, held shares, reserved won): roomy half the time."""
    roomy = draw(st.booleans())
    equity = draw(st.integers(20 * last if roomy else 0, 5 * 10**9))
    weight = draw(st.integers(1_000 if roomy else 1, 10_000))
    cap = equity * weight // 10_000
    cash = draw(st.integers(cap // 2 if roomy else 0, cap + 2 * last))
    held = draw(st.integers(0, cap // last // (4 if roomy else 1) + 1))
    reserved = draw(st.integers(0, cap // 4 if roomy else cap + last))
    return equity, cash, weight, held, reserved


@settings(max_examples=400)
@given(quote=quotes(), ref_shift=st.integers(-3, 3), offset=st.integers(0, 10), data=st.data())
def test_an_approved_entry_never_exceeds_the_weight_or_the_cash_and_is_priced_validly(
    quote: tuple[Board, int, int], ref_shift: int, offset: int, data: st.DataObject
) -> None:
    board, base, last = quote
    equity, cash, weight, held, reserved = data.draw(books(last))
    mkt = market(last=last, base=base, board=board)
    ref = max(last + ref_shift, 1)
    lim = limits(
        max_weight_bps=weight,
        allow_scale_in=True,
        max_positions=20,
        terms=OrderTerms(entry_offset_ticks=offset),
    )
    acct = account(
        capital_won=max(equity, 1),
        cash_won=cash,
        positions=(position(quantity=held, avg=last, current=last, board=board),),
        pending=(pending_entry(CODE, 1, reserved, tag="other"),),
    )

    decision = check_intent(entry(ref=ref), lim, acct, mkt, GovernorState.ACTIVE, NOW)

    if isinstance(decision, Approved):
        price = decision.limit_price
        assert price is not None
        amount = decision.quantity * price
        assert decision.quantity > 0
        assert held * last + reserved + amount <= equity * weight // 10_000
        assert amount + commission(amount, lim.commission_bps) <= cash
        assert is_on_tick(price, board)
        assert mkt.lower_limit <= price <= mkt.upper_limit
        assert price >= round_down(ref, board)  # the offset only ever adds room
        assert round_down(ref, board) < mkt.upper_limit  # never an entry at the upper limit
        assert last < mkt.upper_limit
        more = amount + price  # one share more would break the weight or the cash
        over_weight = held * last + reserved + more > equity * weight // 10_000
        assert over_weight or more + commission(more, lim.commission_bps) > cash


@settings(max_examples=300)
@given(
    held=st.integers(0, 10_000),
    in_exits=st.lists(st.integers(1, 5_000), max_size=3),
    requested=st.one_of(st.none(), st.integers(1, 20_000)),
    purpose=st.sampled_from([p for p in OrderPurpose if p is not OrderPurpose.ENTRY]),
    state=st.sampled_from(list(GovernorState)),
    phase=st.sampled_from([Phase.OPENING_AUCTION, Phase.CONTINUOUS, Phase.CLOSING_AUCTION]),
    vi=st.booleans(),
    quote=quotes(),
)
def test_an_approved_exit_never_oversells_and_its_price_is_valid(
    held: int,
    in_exits: list[int],
    requested: int | None,
    purpose: OrderPurpose,
    state: GovernorState,
    phase: Phase,
    vi: bool,
    quote: tuple[Board, int, int],
) -> None:
    board, base, last = quote
    mkt = market(last=last, base=base, board=board, phase=phase, vi_active=vi)
    acct = account(
        positions=(position(quantity=held, avg=last, current=last, board=board),),
        pending=tuple(pending_exit(CODE, q) for q in in_exits),
    )
    intent = exit_(purpose=purpose, quantity=requested, ref=last)

    decision = check_intent(intent, limits(), acct, mkt, state, NOW)

    sellable = held - sum(in_exits)
    assert isinstance(decision, Approved) == (sellable > 0)
    if isinstance(decision, Approved):
        assert 0 < decision.quantity <= sellable
        if decision.order_type is OrderType.LIMIT:
            assert decision.limit_price is not None
            assert is_on_tick(decision.limit_price, board)
            assert mkt.lower_limit <= decision.limit_price <= mkt.upper_limit
        else:
            assert decision.limit_price is None
            assert not vi
