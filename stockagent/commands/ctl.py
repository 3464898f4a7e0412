"""``stockagent ctl``: steer a running agent over its API (token from the data directory).

Exit codes a script can trust: 0 done, 1 the agent refused or failed, 2 usage, 3 no agent
reachable.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import httpx

from actors import ids
from agent.settings import load_settings
from stockagent.commands.catalog import help_of
from web.confirmation import CONFIRM_SALE
from web.token import load_or_create_token

EXIT_REFUSED = 1
EXIT_UNREACHABLE = 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ctl = subparsers.add_parser("ctl", help=help_of("ctl"))
    ctl.add_argument("--url", default=None, help="API base URL (default: from the settings)")
    ctl.add_argument("--json", action="store_true", default=False, help="print JSON for scripts")
    actions = ctl.add_subparsers(dest="ctl_command", required=True, metavar="ACTION")
    for name, help_text in (
        ("status", "mode, market phase, broker and risk state"),
        ("positions", "the agent's positions and the user's own holdings (managed yes/no)"),
        ("balance", "cash, equity and the day's P&L"),
        ("orders", "today's orders"),
        ("events", "recent system events"),
        ("tree", "the actors with state and restart counts"),
        ("pause", "stop taking new entries (exits keep running)"),
        ("resume", "take new entries again"),
        ("release", "release the kill switch"),
        ("freeze", "stop every automatic order, stop-losses and end-of-day exits included"),
        ("thaw", "resume automatic orders after a freeze"),
        ("start", "start the trading agent (reconciles with the broker first)"),
        ("stop", "stop the trading agent; positions stay at the broker"),
    ):
        _json_flag(actions.add_parser(name, help=help_text)).set_defaults(func=_run, action=name)
    kill = _json_flag(
        actions.add_parser(
            "kill", help="engage the kill switch (halt new entries; stops keep working)"
        )
    )
    kill.add_argument("--reason", default="ctl")
    kill.set_defaults(func=_run, action="kill")
    for name, help_text in (
        ("restart", "stop an actor so its supervisor starts a fresh one"),
        ("watch", "watch a code whatever the ranking"),
        ("unwatch", "stop watching a code (unless held)"),
    ):
        target = _json_flag(actions.add_parser(name, help=help_text))
        target.add_argument("target", metavar="ACTOR" if name == "restart" else "CODE")
        target.set_defaults(func=_run, action=name)
    config = _json_flag(actions.add_parser("config", help="get or set a strategy/risk parameter"))
    config.add_argument("verb", choices=["get", "set"])
    config.add_argument("key", help="e.g. risk.stop_loss_pct or strategy.top_n")
    config.add_argument("value", nargs="?", help="the new value (for set), as JSON or text")
    config.add_argument(
        "--yes",
        action="store_true",
        help="make a risk change that sells the agent's positions at once (they are listed)",
    )
    config.set_defaults(func=_config)
    liquidate = _json_flag(
        actions.add_parser("liquidate", help="sell the agent's positions at market")
    )
    liquidate.add_argument("--yes", action="store_true", help="confirm the sale")
    liquidate.add_argument(
        "--all",
        dest="everything",
        action="store_true",
        help="also sell your own holdings in the account (never without this flag)",
    )
    liquidate.add_argument("--reason", default="ctl")
    liquidate.set_defaults(func=_run, action="liquidate")


def _json_flag(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    # SUPPRESS keeps a flag given before the action from being reset by the subparser.
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    return parser


REQUESTS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "status": ("GET", "/system/status", None),
    "positions": ("GET", "/account/positions", None),
    "balance": ("GET", "/account/balance", None),
    "orders": ("GET", "/orders", None),
    "events": ("GET", "/system/events", None),
    "tree": ("GET", "/system/actors", None),
    "pause": ("POST", "/strategy/toggle", {"enabled": False}),
    "resume": ("POST", "/strategy/toggle", {"enabled": True}),
    "release": ("POST", "/risk/kill-switch", {"engaged": False}),
    "freeze": ("POST", "/risk/freeze", {"frozen": True}),
    "thaw": ("POST", "/risk/freeze", {"frozen": False}),
    "start": ("POST", "/system/start", None),
    "stop": ("POST", "/system/stop", None),
}


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, keys=False)
    base = args.url or f"http://{settings.api.host}:{settings.api.port}"
    token = load_or_create_token(settings.data_path)
    action: str = args.action
    body: dict[str, Any] | None
    if action == "liquidate":
        whose = (
            "the agent's positions and your own holdings"
            if args.everything
            else ("the agent's positions (your own holdings stay)")
        )
        if not args.yes:
            print(f"stockagent ctl: liquidate sells {whose}; add --yes to confirm", file=sys.stderr)
            return 2
        method, path, body = (
            "POST",
            "/risk/emergency-sell",
            {
                "confirm": "LIQUIDATE",
                "scope": "all" if args.everything else "agent",
                "reason": args.reason,
            },
        )
    elif action == "restart":
        if args.target.startswith(ids.STOCK + "/"):
            print(
                f"stockagent ctl: {args.target} is started and stopped by the scanner: "
                f"use unwatch and watch {args.target.split('/', 1)[1]}",
                file=sys.stderr,
            )
            return 2
        method, path, body = "POST", f"/system/actors/{args.target}/restart", None
    elif action == "watch":
        method, path, body = "POST", "/scanner/watch", {"code": args.target}
    elif action == "unwatch":
        method, path, body = "DELETE", f"/scanner/watch/{args.target}", None
    elif action == "kill":
        method, path, body = "POST", "/risk/kill-switch", {"engaged": True, "reason": args.reason}
    else:
        method, path, body = REQUESTS[action]
    code, payload = _call(base, token.reveal(), method, path, body)
    if code:
        return code
    _print(args, payload)
    return 0


def _config(args: argparse.Namespace) -> int:
    """``config get|set component.key [value]`` through GET/PUT /{component}/config."""
    settings = load_settings(args.config, keys=False)
    base = args.url or f"http://{settings.api.host}:{settings.api.port}"
    token = load_or_create_token(settings.data_path).reveal()
    component, _, key = args.key.partition(".")
    if component not in ("strategy", "risk") or not key:
        print("stockagent ctl: KEY is strategy.<name> or risk.<name>", file=sys.stderr)
        return 2
    code, current = _call(base, token, "GET", f"/{component}/config", None)
    if code:
        return code
    if not isinstance(current, dict) or key not in current:
        print(f"stockagent ctl: no setting {args.key}", file=sys.stderr)
        return 2
    if args.verb == "get":
        _print(args, {args.key: current[key]})
        return 0
    if args.value is None:
        print("stockagent ctl: config set needs a VALUE", file=sys.stderr)
        return 2
    try:
        value = json.loads(args.value)
    except json.JSONDecodeError:
        value = args.value
    path, body = f"/{component}/config", {**current, key: value}
    code, updated = _call(base, token, "PUT", path, body, changed_by="cli", report=False)
    sales = _sales(updated) if code == EXIT_REFUSED else []
    if sales:
        # The change would sell at once (the API's 409): show what, and make it only on --yes.
        print(
            f"stockagent ctl: {args.key} = {value} sells the agent's positions now:",
            file=sys.stderr,
        )
        print(_table(sales), file=sys.stderr)
        if not args.yes:
            print(
                "stockagent ctl: nothing changed; add --yes to change it and sell", file=sys.stderr
            )
            return EXIT_REFUSED
        code, updated = _call(
            base, token, "PUT", path, body, changed_by="cli", params={"confirm": CONFIRM_SALE}
        )
    elif code == EXIT_REFUSED:
        _report(updated)
    if code:
        return code
    _print(args, {args.key: updated[key] if isinstance(updated, dict) else updated})
    return 0


def _sales(payload: Any) -> list[dict[str, Any]]:
    """The positions a refused change would sell (the 409's ``extra.sells``), else none."""
    extra = payload.get("extra") if isinstance(payload, dict) else None
    sells = extra.get("sells") if isinstance(extra, dict) else None
    return [s for s in sells if isinstance(s, dict)] if isinstance(sells, list) else []


def _call(
    base: str,
    token: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    changed_by: str | None = None,
    *,
    params: dict[str, str] | None = None,
    report: bool = True,
) -> tuple[int, Any]:
    """Send one request; a refusal is printed (unless not ``report``) and returned with its
    body."""
    headers = {"Authorization": f"Bearer {token}"}
    if changed_by:
        headers["X-Changed-By"] = changed_by
    try:
        response = httpx.request(
            method,
            f"{base}/api/v1{path}",
            json=body,
            headers=headers,
            params=params,
            timeout=10,
        )
    except httpx.HTTPError as exc:
        print(f"stockagent ctl: no agent at {base}: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE, None
    payload = response.json() if response.content else None
    if response.status_code >= 400:
        if not isinstance(payload, dict):
            payload = {"status_code": response.status_code, "detail": response.text}
        if report:
            _report(payload)
        return EXIT_REFUSED, payload
    return 0, payload


def _report(payload: dict[str, Any]) -> None:
    """Print a refusal: its status, the API's ``detail`` and any ``extra``."""
    print(f"stockagent ctl: {payload.get('status_code')} {payload.get('detail')}", file=sys.stderr)
    extra = payload.get("extra")
    if extra:
        print(f"stockagent ctl: {json.dumps(extra, ensure_ascii=False)}", file=sys.stderr)


def _print(args: argparse.Namespace, payload: Any) -> None:
    as_json = getattr(args, "json", False)
    print(json.dumps(payload, ensure_ascii=False, indent=2) if as_json else _table(payload))


def _table(payload: Any) -> str:
    if isinstance(payload, dict):
        width = max((len(k) for k in payload), default=0)
        return "\n".join(f"{k:<{width}}  {_cell(v)}" for k, v in payload.items())
    if isinstance(payload, list):
        if not payload:
            return "(none)"
        keys = list(payload[0])
        rows = [[_cell(item.get(k)) for k in keys] for item in payload]
        widths = [max(len(k), *(len(r[i]) for r in rows)) for i, k in enumerate(keys)]
        lines = ["  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
        return "\n".join(lines)
    return str(payload)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)
