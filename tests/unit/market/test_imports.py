"""Importing the market rules must stay cheap: XKRX is built only when asked for."""

from __future__ import annotations

import subprocess
import sys

from agent.market.calendar import default_calendar


def test_importing_the_market_package_does_not_load_exchange_calendars() -> None:
    code = (
        "import sys, agent.market, agent.market.calendar, agent.market.sessions, "
        "agent.market.fees, agent.market.vi, agent.market.tick_size\n"
        "print('exchange_calendars' in sys.modules, 'pandas' in sys.modules)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


def test_the_default_calendar_is_built_once() -> None:
    assert default_calendar() is default_calendar()
