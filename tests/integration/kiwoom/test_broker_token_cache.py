"""`stockagent broker` commands and the BrokerSession share one cached token with the simulator.

On Kiwoom every newly issued token may invalidate the one a running agent holds, so successive
commands must reuse one token (kept 0600 in the data directory) instead of issuing their own.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from actors.gateway.session import BrokerSession
from agent.broker.link import BrokerLink, LinkChange, LinkState
from agent.broker.market import SecurityKind
from agent.clock import ManualClock
from agent.kiwoom.errors import TransientError
from agent.kiwoom.token_cache import TokenCache
from krxsim import Fault, FaultKind, RunningSimulator
from krxsim.server.tokens import Issued
from stockagent.commands import broker
from tests.integration.kiwoom.conftest import APP_KEY, SECRET_KEY, at, client_config, sim_config


class IssueCounter:
    """Wraps the simulator's token book: every token it issues, in order."""

    def __init__(self, sim: RunningSimulator, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tokens: list[str] = []
        book = sim.runtime.venue.tokens
        issue = book.issue

        def counting(app_key: str, now: datetime) -> Issued:
            issued = issue(app_key, now)
            self.tokens.append(issued.token)
            return issued

        monkeypatch.setattr(book, "issue", counting)


@pytest.fixture
def sim() -> Iterator[RunningSimulator]:
    with RunningSimulator(sim_config(), clock=ManualClock(at(9, 30))) as running:
        yield running


@pytest.fixture
def issued(sim: RunningSimulator, monkeypatch: pytest.MonkeyPatch) -> IssueCounter:
    return IssueCounter(sim, monkeypatch)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(broker.APPKEY_ENV, APP_KEY)
    monkeypatch.setenv(broker.SECRETKEY_ENV, SECRET_KEY)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(tmp_path))
    return tmp_path


def command(sim: RunningSimulator, *argv: str, base_url: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stockagent")
    broker.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["broker", *argv, "--base-url", base_url or sim.base_url])
    code: int = args.func(args)
    return code


def cache_file(data_dir: Path) -> Path:
    (path,) = data_dir.glob("kiwoom-token-*.json")
    return path


def test_two_broker_commands_issue_exactly_one_token(
    sim: RunningSimulator,
    issued: IssueCounter,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert command(sim, "quote", "005930") == 0
    assert command(sim, "balance", "--json") == 0

    assert len(issued.tokens) == 1
    path = cache_file(data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["token"] == issued.tokens[0]
    # Not revoked on exit: still good for the next command (and for the agent sharing it).
    assert sim.runtime.venue.tokens.check(issued.tokens[0], sim.clock.now()) is not None
    out = capsys.readouterr()
    assert issued.tokens[0] not in out.out + out.err


def test_a_cached_token_the_broker_no_longer_accepts_is_replaced_once(
    sim: RunningSimulator, issued: IssueCounter, data_dir: Path
) -> None:
    assert command(sim, "quote", "005930") == 0
    sim.runtime.venue.tokens.revoke_all()

    assert command(sim, "quote", "005930") == 0
    assert command(sim, "orders") == 0

    assert len(issued.tokens) == 2
    assert json.loads(cache_file(data_dir).read_text())["token"] == issued.tokens[1]


def test_a_session_with_the_cache_reuses_the_commands_token_and_keeps_it_at_close(
    sim: RunningSimulator, issued: IssueCounter, data_dir: Path
) -> None:
    assert command(sim, "quote", "005930") == 0
    config = client_config(sim)
    session = BrokerSession(
        config, sim.clock, realtime=False, token_cache=TokenCache(data_dir, config, sim.clock)
    )

    session.open()
    try:
        listing = session.listing_info("005930")
        vi = session.vi_stocks()
    finally:
        session.close()

    assert len(issued.tokens) == 1
    assert sim.runtime.venue.tokens.check(issued.tokens[0], sim.clock.now()) is not None
    assert (listing.code, listing.kind) == ("005930", SecurityKind.STOCK)
    assert isinstance(vi, list)
    assert command(sim, "quote", "005930") == 0
    assert len(issued.tokens) == 1


def test_a_session_without_a_cache_still_revokes_its_token_at_close(
    sim: RunningSimulator, issued: IssueCounter
) -> None:
    session = BrokerSession(client_config(sim), sim.clock, realtime=False)

    session.open()
    session.close()

    assert len(issued.tokens) == 1
    assert sim.runtime.venue.tokens.check(issued.tokens[0], sim.clock.now()) is None


def agent_session(sim: RunningSimulator, data_dir: Path) -> BrokerSession:
    """A BrokerSession sharing the cache, as the running agent holds one."""
    config = client_config(sim)
    return BrokerSession(
        config, sim.clock, realtime=False, token_cache=TokenCache(data_dir, config, sim.clock)
    )


def sim_clock(sim: RunningSimulator) -> ManualClock:
    clock = sim.clock
    assert isinstance(clock, ManualClock)
    return clock


def test_commands_against_two_aliases_of_one_simulator_share_one_token(
    sim: RunningSimulator, issued: IssueCounter, data_dir: Path
) -> None:
    port = sim.base_url.rsplit(":", 1)[1]

    assert command(sim, "quote", "005930", base_url=f"http://127.0.0.1:{port}") == 0
    assert command(sim, "quote", "005930", base_url=f"http://localhost:{port}/") == 0

    assert len(issued.tokens) == 1
    assert sim.runtime.venue.tokens.check(issued.tokens[0], sim.clock.now()) is not None
    assert cache_file(data_dir).exists()


def test_a_command_in_the_agents_last_minutes_reuses_the_agents_token(
    sim: RunningSimulator, issued: IssueCounter, data_dir: Path
) -> None:
    session = agent_session(sim, data_dir)
    session.open()
    try:
        session.listing_info("005930")
        (agents,) = issued.tokens
        expiry = sim.runtime.venue.tokens.check(agents, sim.clock.now())
        assert expiry is not None
        # Seven minutes left: the agent (renew_margin 300 s) still uses its token.
        sim_clock(sim).set(expiry.expires - timedelta(minutes=7))

        assert command(sim, "quote", "005930") == 0
        session.listing_info("005930")
    finally:
        session.close()

    assert issued.tokens == [agents]
    assert sim.runtime.venue.tokens.check(agents, sim.clock.now()) is not None


def test_an_agent_logged_out_by_a_command_adopts_the_commands_token(
    sim: RunningSimulator, issued: IssueCounter, data_dir: Path
) -> None:
    session = agent_session(sim, data_dir)
    session.open()
    try:
        session.listing_info("005930")
        # A command that could not see the agent's token (here: the file is gone) issues one,
        # which logs the agent out.
        cache_file(data_dir).unlink()
        assert command(sim, "quote", "005930") == 0
        agents, commands = issued.tokens

        session.listing_info("005930")  # refused (8005), then replayed with the command's token
        assert command(sim, "orders") == 0
    finally:
        session.close()

    assert issued.tokens == [agents, commands]
    assert sim.runtime.venue.tokens.check(commands, sim.clock.now()) is not None
    assert json.loads(cache_file(data_dir).read_text())["token"] == commands


def test_the_agents_final_shutdown_revokes_the_cached_token_and_deletes_its_file(
    sim: RunningSimulator, issued: IssueCounter, data_dir: Path
) -> None:
    session = agent_session(sim, data_dir)
    session.open()
    session.deposit()
    kept = cache_file(data_dir)

    session.close(revoke=True)  # what the gateway does once the agent is closing

    assert len(issued.tokens) == 1
    assert sim.runtime.venue.tokens.check(issued.tokens[0], sim.clock.now()) is None
    assert not kept.exists()


def test_every_call_tells_the_link_whether_the_broker_answered(
    sim: RunningSimulator, data_dir: Path
) -> None:
    now = [0.0]
    link = BrokerLink(lost_after_s=10, min_failures=3, monotonic=lambda: now[0])
    told: list[LinkChange] = []
    link.listeners.append(told.append)
    session = BrokerSession(
        client_config(sim, max_attempts=1), sim.clock, realtime=False, link=link
    )
    session.open()
    try:
        assert link.status().state is LinkState.UP  # the login answered
        for second in (1.0, 6.0, 12.0):
            now[0] = second
            sim.runtime.faults.next("*", Fault(FaultKind.FAIL_5XX))
            with pytest.raises(TransientError):
                session.deposit()
        assert [c.kind for c in told] == ["lost"]
        now[0] = 13.0
        sim.runtime.faults.next("*", Fault(FaultKind.RATE_LIMIT))  # an answer, if a refusal
        with contextlib.suppress(TransientError):
            session.deposit()
        assert told[-1] == LinkChange(kind="back", down_s=12.0)
        assert session.deposit().cash >= 0
        assert link.status().failures == 0
    finally:
        session.close()
