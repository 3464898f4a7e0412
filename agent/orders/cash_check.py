"""No buy of the agent's may create 미수: its cost is checked against the broker's cash first.

The governor sizes an entry from the Account's last read of the account, less the agent's own
buys since. The user's manual buy in the meantime is not in that figure, and on an account with
미수 room the broker accepts a buy beyond the cash on credit. So just before a buy is sent, the
router reads kt00001 again: ``100stk_ord_alow_amt`` (what a 100%-margin stock may cost, i.e.
without 미수 or credit) already nets every working buy in the account, the user's included.
"""

from __future__ import annotations

from decimal import Decimal

from agent.broker.account import Deposit
from agent.market.fees import commission

__all__ = ["CASH_UNCONFIRMED", "NO_CASH_WITHOUT_CREDIT", "buy_cost_won", "cash_shortfall"]

NO_CASH_WITHOUT_CREDIT = "NO_CASH_WITHOUT_CREDIT"
"""A buy refused before sending: the 미수-free cash does not cover it."""
CASH_UNCONFIRMED = "CASH_UNCONFIRMED"
"""A buy refused before sending: the cash could not be read."""


def buy_cost_won(quantity: int, price: int, commission_bps: Decimal | int) -> int:
    """Return what a buy of ``quantity`` at ``price`` takes from the cash, commission included."""
    amount = quantity * price
    return amount + commission(amount, commission_bps)


def cash_shortfall(cost_won: int, deposit: Deposit) -> str | None:
    """Return why a buy costing ``cost_won`` must not be sent, or None when the cash covers it."""
    cash = max(min(deposit.orderable_cash_only, deposit.orderable), 0)
    if cost_won <= cash:
        return None
    return (
        f"the account's cash without 미수 ({cash:,} won) does not cover this buy "
        f"({cost_won:,} won): not sent, so no 미수 or credit is used"
    )
