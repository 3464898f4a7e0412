"""Twenty entry signals in the same instant stay within every limit, judged by the broker.

The agent runs against the simulator over real HTTP on an account with 미수 room. Its own
strategy is made unable to signal; at 09:20 twenty entry intents for twenty tradable stocks are
told to the risk governor back to back, before it has decided the first. Whatever the order of
decisions, persistence and fills, the broker's own order list and account must show at most
``max_positions`` entries, none above ``max_weight_pct`` of the capital, all of them together
within the 미수-free cash: the account's cash never went below zero.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from actors import ids
from actors.risk.messages import EvaluateIntent, GovernorSnapshot, PriceObserved
from agent.domain import Intent, OrderPurpose, Side
from agent.store.models import Order
from tests.support.simulated import simulated_agent
from tests.support.waiting import wait_until

SIGNALS = 20
CASH = 100_000_000
MARGIN_ROOM = 50_000_000


def test_twenty_simultaneous_entry_signals_stay_within_every_limit_at_the_broker(
    tmp_path: Path,
) -> None:
    quiet = {"STOCKAGENT_STRATEGY_MIN_VOLUME_RATIO": "100"}  # the strategy never signals
    with simulated_agent(
        tmp_path,
        speed=5.0,
        start=time(9, 20),
        environ=quiet,
        simulator={"margin_room_won": MARGIN_ROOM, "initial_cash": CASH},
    ) as run:
        run.agent.start()
        services = run.agent.services
        venue = run.simulator.runtime.venue
        specials = venue.market.specials
        special = {h.code for h in specials.halts}
        special |= {d.code for d in specials.designated} | {s.code for s in specials.limit_down}
        codes = [c for c in sorted(venue.market.listings) if c not in special][:SIGNALS]
        broker = services.broker.current()
        now = services.clock.now()
        burst = []
        for code in codes:
            info = broker.stock_info(code)
            intent = Intent(
                code=code,
                side=Side.BUY,
                purpose=OrderPurpose.ENTRY,
                reference_price=info.price,
                at=now,
                strategy_tag="opening_leader",
            )
            seen = PriceObserved(
                code=code,
                price=info.price,
                at=now,
                base_price=info.base_price,
                upper_limit=info.upper_limit,
                lower_limit=info.lower_limit,
            )
            burst.append(EvaluateIntent(intent=intent, market=seen))
        for message in burst:  # all in the governor's mailbox before it decides the first
            services.tell(ids.RISK, message)

        def decided() -> GovernorSnapshot | None:
            snapshot = run.agent.board.snapshot(ids.RISK)
            data = snapshot.data if snapshot is not None else None
            if not isinstance(data, GovernorSnapshot):
                return None
            return data if data.approved_today + data.rejected_today >= SIGNALS else None

        approved = wait_until(
            decided, timeout=60, interval=0.1, message="every signal"
        ).approved_today
        sim = run.simulator.base_url

        def buys() -> list[dict[str, Any]]:
            rows = httpx.get(f"{sim}/sim/orders").json()["orders"]
            return [r for r in rows if r["action"] == "" and r["side"] == "buy"]

        # Every approval sent (the router persists, then sends): the broker's list is complete.
        sent = wait_until(
            lambda: len(got := buys()) >= approved and got, timeout=60, message="the entries sent"
        )
        with services.sessions() as session:
            entries = list(session.scalars(select(Order).where(Order.side == Side.BUY)))
        account = httpx.get(f"{sim}/sim/account").json()
        limits = services.limits()

    assert run.failures == []
    assert len(sent) == approved == len(entries), "each approval sent once"
    assert 1 <= len(sent) <= limits.max_positions
    assert len({r["code"] for r in sent}) == len(sent), "one entry a code"
    capital = CASH  # demo: the 미수-free cash at the day's first start
    for row in sent:
        assert row["qty"] * row["price"] <= capital * limits.max_weight_bps // 10_000
    assert account["min_cash"] >= 0, "the 미수 room was never used"
