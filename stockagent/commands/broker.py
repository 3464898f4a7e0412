"""``stockagent broker ...``: talk to Kiwoom (or the simulator) directly from the shell.

The simulator on 127.0.0.1:8101 is the default; ``--base-url https://mockapi.kiwoom.com`` uses
Kiwoom's mock server; the real host (https://api.kiwoom.com) is refused unless ``--live`` is
given. On Kiwoom's hosts the keys are the mode's (paper on the mock host, live on the real one),
looked up as the agent does (:mod:`agent.settings.kiwoom_keys`: the OS keyring, then
STOCKAGENT_KIWOOM_APPKEY and STOCKAGENT_KIWOOM_SECRETKEY, then the 0600 secrets file). A simulator
(any other host) takes the two variables, or without them the demo's own key pair, so the account
of a running ``stockagent demo`` can be traded by hand; keys kept for Kiwoom are never sent to it.
Output is a table, or JSON with ``--json``; any broker error exits non-zero with Kiwoom's code and
message.

Commands share one access token through ``<data dir>/kiwoom-token-<hash>.json`` (0600, see
:mod:`agent.kiwoom.token_cache`) and never revoke it: on Kiwoom a newly issued token may
invalidate the running agent's, so a command issues one only when the cached one is missing,
about to expire or refused (8005: dropped, reissued once, the call replayed once).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

import anyio
import httpx
import msgspec

from agent.clock import Clock, RealClock
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import MOCK_BASE_URL, REAL_BASE_URL, SIM_BASE_URL, SIM_WS_URL, ClientConfig
from agent.kiwoom.errors import KiwoomError, OrderOutcomeUnknown
from agent.kiwoom.models import CancelRequest, OrderRequest, Side, TradeType
from agent.kiwoom.token_cache import TokenCache
from agent.secret import Secret
from agent.settings import key_store
from agent.settings.kiwoom_keys import KEYS, Key, KeyStore, Scope
from stockagent.clock_follower import SimClock
from stockagent.commands.broker_tables import render
from stockagent.commands.catalog import help_of
from stockagent.wiring import DEMO_APPKEY, DEMO_SECRETKEY

APPKEY_ENV = "STOCKAGENT_KIWOOM_APPKEY"
SECRETKEY_ENV = "STOCKAGENT_KIWOOM_SECRETKEY"

EXIT_BROKER_ERROR = 1
EXIT_USAGE = 2
EXIT_OUTCOME_UNKNOWN = 3

Action = Callable[[KiwoomClient, argparse.Namespace], Awaitable[Any]]
ClientFactory = Callable[[ClientConfig], KiwoomClient]


def broker_clock(config: ClientConfig) -> Clock:
    """The server's time: real time on Kiwoom's hosts, the simulator's market time elsewhere.

    A token's ``expires_dt`` is in the server's time, and a simulator replays a past day, so
    against one the token's age is judged on its ``GET /sim/clock``. A host without that clock
    gets real time.
    """
    if config.base_url.rstrip("/").lower() in (REAL_BASE_URL, MOCK_BASE_URL):
        return RealClock()
    try:
        follower = SimClock(config.base_url)
    except (httpx.HTTPError, KeyError, ValueError, TypeError):
        return RealClock()
    follower.close()
    return follower.clock


def _default_factory(config: ClientConfig) -> KiwoomClient:
    return KiwoomClient(config, clock=broker_clock(config))


# Tests swap this for a client on a mock transport.
client_factory: ClientFactory = _default_factory


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``broker`` and its subcommands.

    The connection options go before the action or after it (``broker --base-url URL buy ...``
    and ``broker buy ... --base-url URL`` are the same command).
    """
    broker = subparsers.add_parser("broker", parents=[_common_options()], help=help_of("broker"))
    actions = broker.add_subparsers(dest="broker_command", required=True, metavar="ACTION")
    # Given after the action they win; not given there, they leave the broker-level value.
    common = _common_options(default=argparse.SUPPRESS)

    def add(name: str, action: Action, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(func=lambda args: run(args, action))
        return parser

    add("login", _login, "get a token (cached or new) and show its expiry")
    add("quote", _quote, "basic quote of one stock (ka10001)").add_argument("code")
    add("orderbook", _orderbook, "ten-level order book (ka10004)").add_argument("code")
    bars = add("bars", _bars, "minute (ka10080) or daily (ka10081) bars")
    bars.add_argument("code")
    bars.add_argument("--minute", type=int, default=1, metavar="N", help="bar length in minutes")
    bars.add_argument("--daily", action="store_true", help="daily bars instead")
    add("rank", _rank, "ranking TRs").add_argument(
        "kind", choices=["turnover", "volume", "surge", "gainers"]
    )
    add("balance", _balance, "deposit and account totals (kt00001, kt00018)")
    add("positions", _positions, "holdings (kt00018)")
    add("orders", _orders, "open orders (ka10075)")
    add("fills", _fills, "today's executions (ka10076)")
    for side in ("buy", "sell"):
        order = add(side, _buy if side == "buy" else _sell, f"{side} (market unless --price)")
        order.add_argument("code")
        order.add_argument("qty", type=int)
        order.add_argument("--price", type=int, default=None, help="limit price in won")
    cancel = add("cancel", _cancel, "cancel everything remaining of an order (kt10003)")
    cancel.add_argument("order_no")
    cancel.add_argument("code")


def _common_options(default: object = None) -> argparse.ArgumentParser:
    """The connection and output options, with ``default`` for every one of them (the
    broker-level parser keeps its own defaults: None and False)."""
    flag_default = False if default is None else default
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base-url", default=default, help=f"REST host (default {SIM_BASE_URL})")
    common.add_argument("--ws-url", default=default, help="realtime WebSocket URL")
    common.add_argument(
        "--live",
        action="store_true",
        default=flag_default,
        help=f"allow the real host {REAL_BASE_URL}",
    )
    common.add_argument(
        "--rate",
        choices=["real", "mock"],
        default=default,
        help="rate profile (default: real for the real host, else mock)",
    )
    common.add_argument(
        "--json", action="store_true", default=flag_default, help="print JSON instead of a table"
    )
    return common


def config_from(
    args: argparse.Namespace, env: Mapping[str, str] | None = None, keys: KeyStore | None = None
) -> ClientConfig:
    """Build the client config from the command line, the environment and, on Kiwoom's hosts,
    the places of the keys (``keys``; None: the environment alone); _UsageError on misuse."""
    environ = os.environ if env is None else env
    base_url = (args.base_url or SIM_BASE_URL).rstrip("/")
    if base_url.lower() == REAL_BASE_URL and not args.live:
        raise _usage(f"{REAL_BASE_URL} trades real money: add --live to use it")
    kiwoom = base_url.lower() in (REAL_BASE_URL, MOCK_BASE_URL)
    appkey, secretkey = environ.get(APPKEY_ENV, ""), environ.get(SECRETKEY_ENV, "")
    scope: Scope = "live" if base_url.lower() == REAL_BASE_URL else "paper"
    if kiwoom and keys is not None:
        appkey, secretkey = (_key(keys, key, scope) for key in KEYS)
    if not appkey and not secretkey and not kiwoom:
        appkey, secretkey = DEMO_APPKEY, DEMO_SECRETKEY  # what `stockagent demo` gives its sim
    if (not appkey or not secretkey) and not kiwoom:
        raise _usage(f"set both {APPKEY_ENV} and {SECRETKEY_ENV}, or neither (the demo's pair)")
    if not appkey or not secretkey:
        places = f"{APPKEY_ENV} and {SECRETKEY_ENV}"
        if keys is not None:
            places = f"the OS keyring (`stockagent secrets set`), {places}, or {keys.file}"
        raise _usage(f"no Kiwoom {scope} keys: put them in {places}")
    if args.ws_url:
        ws_url = args.ws_url
    elif base_url.lower() == REAL_BASE_URL:
        ws_url = "wss://api.kiwoom.com:10000/api/dostk/websocket"
    elif base_url.lower() == MOCK_BASE_URL:
        ws_url = "wss://mockapi.kiwoom.com:10000/api/dostk/websocket"
    else:
        ws_url = SIM_WS_URL if base_url == SIM_BASE_URL else _ws_beside(base_url)
    real = args.rate == "real" or (args.rate is None and base_url.lower() == REAL_BASE_URL)
    rate: Literal["real", "mock"] = "real" if real else "mock"
    return ClientConfig(
        appkey=Secret(appkey),
        secretkey=Secret(secretkey),
        base_url=base_url,
        ws_url=ws_url,
        rate=rate,
    )


def _key(keys: KeyStore, key: Key, scope: Scope) -> str:
    found = keys.lookup(key, scope)
    return found.value.reveal() if found is not None else ""


def run(args: argparse.Namespace, action: Action) -> int:
    """Run one broker action; print the result; map broker errors to exit codes."""
    settings, keys = key_store(getattr(args, "config", None))
    try:
        config = config_from(args, keys=keys)
    except _UsageError as exc:
        print(f"stockagent broker: {exc}", file=sys.stderr)
        return EXIT_USAGE

    data_dir = settings.data_path

    async def call() -> Any:
        client = client_factory(config)
        TokenCache(data_dir, config, client.clock).attach(client.auth)
        try:
            return await action(client, args)
        finally:
            # The cached token stays valid for the next command (and for nobody else to issue).
            await client.aclose(revoke=False)

    try:
        result = anyio.run(call)
    except OrderOutcomeUnknown as exc:
        print(
            f"order outcome UNKNOWN ({exc}); check `broker orders` and `broker fills` "
            "before sending it again",
            file=sys.stderr,
        )
        return EXIT_OUTCOME_UNKNOWN
    except KiwoomError as exc:
        print(
            f"kiwoom error {exc.code if exc.code is not None else '-'}"
            f" [{exc.fine_code or '-'}]: {exc.message}",
            file=sys.stderr,
        )
        return EXIT_BROKER_ERROR
    print(render(result, as_json=args.json))
    return 0


async def _login(client: KiwoomClient, args: argparse.Namespace) -> dict[str, str]:
    token = await client.login()
    return {"base_url": client.config.base_url, "expires_at": token.expires_at.isoformat()}


async def _quote(client: KiwoomClient, args: argparse.Namespace) -> Any:
    return await client.stock_info(args.code)


async def _orderbook(client: KiwoomClient, args: argparse.Namespace) -> Any:
    book = await client.order_book(args.code)
    if args.json:
        return book
    depth = max(len(book.asks), len(book.bids))
    return [
        {
            "level": i + 1,
            "ask_qty": book.asks[i].qty if i < len(book.asks) else "",
            "ask": book.asks[i].price if i < len(book.asks) else "",
            "bid": book.bids[i].price if i < len(book.bids) else "",
            "bid_qty": book.bids[i].qty if i < len(book.bids) else "",
        }
        for i in range(depth)
    ]


async def _bars(client: KiwoomClient, args: argparse.Namespace) -> Any:
    if args.daily:
        return await client.daily_bars(args.code)
    return await client.minute_bars(args.code, args.minute)


async def _rank(client: KiwoomClient, args: argparse.Namespace) -> Any:
    if args.kind == "turnover":
        return await client.turnover_leaders()
    if args.kind == "volume":
        return await client.volume_leaders()
    if args.kind == "surge":
        return await client.volume_surges()
    return await client.top_gainers()


async def _balance(client: KiwoomClient, args: argparse.Namespace) -> Any:
    deposit = await client.deposit()
    balance = await client.balance()
    totals = msgspec.structs.asdict(balance)
    totals.pop("holdings")
    return {**msgspec.structs.asdict(deposit), **totals, "positions": len(balance.holdings)}


async def _positions(client: KiwoomClient, args: argparse.Namespace) -> Any:
    return list((await client.balance()).holdings)


async def _orders(client: KiwoomClient, args: argparse.Namespace) -> Any:
    return await client.open_orders()


async def _fills(client: KiwoomClient, args: argparse.Namespace) -> Any:
    return await client.fills()


def _order(side: Side, args: argparse.Namespace) -> OrderRequest:
    trade_type = TradeType.LIMIT if args.price is not None else TradeType.MARKET
    return OrderRequest(
        side=side, code=args.code, qty=args.qty, price=args.price, trade_type=trade_type
    )


async def _buy(client: KiwoomClient, args: argparse.Namespace) -> Any:
    return _ack_row(await client.place_order(_order(Side.BUY, args)))


async def _sell(client: KiwoomClient, args: argparse.Namespace) -> Any:
    return _ack_row(await client.place_order(_order(Side.SELL, args)))


async def _cancel(client: KiwoomClient, args: argparse.Namespace) -> Any:
    return await client.cancel_order(CancelRequest(orig_order_no=args.order_no, code=args.code))


def _ack_row(ack: Any) -> dict[str, Any]:
    request = ack.request
    return {
        "order_no": ack.order_no,
        "side": request.side.value,
        "code": request.code,
        "qty": request.qty,
        "price": request.price or "market",
        "exchange": ack.exchange,
        "message": ack.message,
    }


class _UsageError(Exception):
    pass


def _usage(message: str) -> _UsageError:
    return _UsageError(message)


def _ws_beside(base_url: str) -> str:
    scheme, _, rest = base_url.partition("://")
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/api/dostk/websocket"
