"""``stockagent replay [--date D] [--json]``: a day's journal through the core, against the day.

The journal (``<data_dir>/journal/<date>.journal``) holds every input the live core saw, the
answers to its asks and its decisions. The replay steps the same core over the inputs in
virtual time and compares what it decides (intents approved or rejected, with their terms)
and the orders those become with the live agent's decisions and its orders table. Exit status
0 when they are identical, 1 when not (the first differences are printed), 2 when there is
nothing to replay.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from agent.clock import KST
from agent.journal import (
    REPLAY_FORMAT,
    JournalError,
    Scan,
    Started,
    journal_path,
    read_entries,
)
from agent.settings import Settings, load_settings
from stockagent.commands.arguments import iso_date
from stockagent.commands.catalog import help_of


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "replay",
        help=help_of("replay"),
        description="Feed a day's journal through the trading core in virtual time and compare "
        "its decisions and orders with what the live agent did (exit 0: identical).",
    )
    parser.add_argument(
        "--date", type=iso_date, default=None, help="trade date YYYY-MM-DD (default: the newest)"
    )
    parser.add_argument(
        "--what-if",
        action="store_true",
        help="trade the recorded market with the current settings against a matching engine "
        "(not the recorded fills) and report that day",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from agent.market.calendar import default_calendar
    from agent.orders.slicing import SlicePolicy
    from agent.replay.compare import compare
    from agent.replay.engine import Replay

    settings = load_settings(args.config, keys=False)
    directory = settings.data_path / "journal"
    day: date | None = args.date
    if day is None:
        days = sorted(directory.glob("*.journal")) if directory.is_dir() else []
        if not days:
            print(f"stockagent replay: no journal in {directory} yet", file=sys.stderr)
            return 2
        day = date.fromisoformat(days[-1].stem)
    path = journal_path(directory, day)
    if not path.exists():
        print(f"stockagent replay: no journal for {day} ({path} does not exist)", file=sys.stderr)
        return 2
    scan = Scan()
    try:
        entries = list(read_entries(path, scan))
    except JournalError as exc:
        print(f"stockagent replay: {exc}", file=sys.stderr)
        return 2
    if args.what_if:
        return _what_if(args, settings, day, entries)
    formats = {e.event.format for e in entries if isinstance(e.event, Started)}
    if REPLAY_FORMAT not in formats:
        print(
            f"stockagent replay: {path} was not written for this version's replay "
            f"(format {REPLAY_FORMAT}; the journal has {sorted(formats) or 'none'})",
            file=sys.stderr,
        )
        return 2
    replay = Replay(settings, default_calendar(), entries).run()
    slicing = SlicePolicy(max_slice_qty=replay.settings.execution.max_slice_qty)
    live_orders = _live_orders(settings, day)
    result = compare(
        replay.live,
        replay.decisions,
        live_orders,
        slicing,
        signals=replay.signals,
        intents=replay.intents,
        unanswered=replay.unanswered,
        unasked=replay.unasked,
        ranks=replay.ranks.differences,
        unsent=replay.unsent,
        follow_ups=replay.follow_ups,
        backstops=replay.backstops,
        live_cancels=_live_cancels(settings, day) if live_orders is not None else None,
        cancels=replay.cancels,
    )
    report: dict[str, Any] = {
        "date": day.isoformat(),
        "events": len(entries),
        "live_orders": None if live_orders is None else len(result.live_orders),
        "replayed_orders": None if live_orders is None else len(result.replayed_orders),
        "live_cancels": result.live_cancels,
        "replayed_cancels": None if result.live_cancels is None else result.replayed_cancels,
        "unsent": len(replay.unsent - {o.client_order_id for o in result.live_orders}),
        "live_intents": len(replay.signals),
        "replayed_intents": len(replay.intents),
        "intents_in_flight": result.intents_in_flight,
        "asks_in_flight": replay.answers.asks_in_flight,
        "live_decisions": result.live_decisions,
        "replayed_decisions": result.replayed_decisions,
        "identical": result.identical,
        "differences": list(result.differences),
        "total_differences": result.total_differences,
        "torn_bytes": scan.torn_bytes,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(_render(report))
    return 0 if result.identical else 1


def _what_if(args: argparse.Namespace, settings: Settings, day: date, entries: list[Any]) -> int:
    """The counterfactual day: the recorded market, today's settings, a matching engine."""
    import msgspec

    from agent.market.calendar import default_calendar
    from agent.orders.slicing import SlicePolicy
    from agent.replay.compare import MAX_DIFFERENCES, compare_terms, replayed_orders
    from agent.replay.whatif import WhatIf

    what_if = WhatIf(settings, default_calendar(), entries).run()
    ours = replayed_orders(
        what_if.decisions, SlicePolicy(max_slice_qty=settings.execution.max_slice_qty)
    )
    ours = ours + tuple(o for o in _paper_orders(what_if) if "-m" in o.client_order_id)
    live = _live_orders(settings, day) or ()
    differences = compare_terms(live, ours)
    summary = msgspec.to_builtins(what_if.summary())
    report: dict[str, Any] = {
        "date": day.isoformat(),
        "events": len(entries),
        "what_if": True,
        "live_orders": len(live),
        "replayed_orders": len(ours),
        "identical": not differences,
        "differences": differences[:MAX_DIFFERENCES],
        "total_differences": len(differences),
        "summary": summary,
        "rejections": what_if.rejections(),
        "max_held": what_if.paper.max_held,
        "filled_after_cancel": what_if.paper.filled_after_cancel,
        "ending_cash": what_if.paper.cash,
        "open_positions": {
            c: lot.quantity for c, lot in what_if.paper.lots.items() if lot.quantity
        },
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(_render_what_if(report))
    return 0 if report["identical"] else 1


def _paper_orders(what_if: Any) -> tuple[Any, ...]:
    from agent.replay.compare import LiveOrder

    return tuple(
        LiveOrder(
            client_order_id=o.client_order_id,
            code=o.code,
            side=o.side.value,
            purpose=o.purpose.value,
            quantity=o.approved.quantity,
            order_type=o.approved.order_type.value,
            price=o.approved.limit_price,
            at=o.sent_at,
        )
        for o in what_if.paper.orders
    )


def _render_what_if(report: dict[str, Any]) -> str:
    summary = report["summary"]
    lines = [
        f"what-if of {report['date']} with the current settings: "
        f"{report['events']:,} journal entries",
        f"orders     live {report['live_orders']}, what-if {report['replayed_orders']}",
        f"trades     {summary['trades']} ({summary['wins']} won), "
        f"realised {summary['realized_pnl']:+,} won after {summary['commission']:,} commission "
        f"and {summary['tax']:,} tax",
        f"open       {', '.join(f'{c} x{q}' for c, q in report['open_positions'].items()) or '-'}",
        "rejected   " + (", ".join(f"{r} {n}" for r, n in report["rejections"].items()) or "-"),
        f"races      {report['filled_after_cancel']} orders filled by a print that came before "
        "their cancel",
        f"result     {'the same orders as live' if report['identical'] else 'a different day'}",
    ]
    for difference in report["differences"]:
        lines.append(
            f"  {difference['at'] or '-'}: "
            f"live {json.dumps(difference['live'], ensure_ascii=False)}, "
            f"what-if {json.dumps(difference['replayed'], ensure_ascii=False)}"
        )
    return "\n".join(lines)


def _live_cancels(settings: Settings, day: date) -> list[tuple[Any, str]] | None:
    """The cancels the live chase asked for, from the orders' status history (None: a day
    recorded before cancels kept their reason, or unreadable: not compared)."""
    from sqlalchemy.exc import SQLAlchemyError

    from agent.core.orders import CANCEL_BY_CHASE
    from agent.store.engine import create_db_engine, session_factory
    from agent.store.repositories import OrderRepository

    engine = create_db_engine(settings.database_url)
    try:
        rows = OrderRepository(session_factory(engine)).cancels_for_day(day)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    if any(not reason for _, _, reason in rows):
        return None
    return [(at, cid) for at, cid, reason in rows if reason == CANCEL_BY_CHASE]


def _live_orders(settings: Settings, day: date) -> tuple[Any, ...] | None:
    """The day's orders from the database, as the comparison reads them (None: unreadable)."""
    from sqlalchemy.exc import SQLAlchemyError

    from agent.replay.compare import LiveOrder
    from agent.store.engine import create_db_engine, session_factory
    from agent.store.repositories import OrderRepository

    if not settings.database.url and not (settings.data_path / "stockagent.db").exists():
        print(
            "stockagent replay: no database here; the day's orders are not compared",
            file=sys.stderr,
        )
        return None  # and none is created by looking
    engine = create_db_engine(settings.database_url)
    try:
        orders = OrderRepository(session_factory(engine)).for_day(day)
    except SQLAlchemyError as exc:
        print(
            f"stockagent replay: the orders table cannot be read ({type(exc).__name__}); "
            "the day's orders are not compared",
            file=sys.stderr,
        )
        return None
    finally:
        engine.dispose()
    return tuple(
        LiveOrder(
            client_order_id=o.client_order_id,
            code=o.code,
            side=o.side.value,
            purpose=o.purpose.value,
            quantity=o.quantity,
            order_type=o.order_type.value,
            price=o.price,
            at=(o.sent_at or o.created_at).astimezone(KST),
        )
        for o in orders
    )


def _render(report: dict[str, Any]) -> str:
    verdict = "identical" if report["identical"] else "DIFFERENT"
    lines = [
        f"replay of {report['date']}: {report['events']:,} journal entries",
        f"intents    live {report['live_intents']}, replayed {report['replayed_intents']}"
        + (
            f" ({report['intents_in_flight']} in flight when the process died)"
            if report["intents_in_flight"]
            else ""
        ),
        f"decisions  live {report['live_decisions']}, replayed {report['replayed_decisions']}",
        (
            "orders     not compared (the orders table could not be read)"
            if report["live_orders"] is None
            else f"orders     live {report['live_orders']}, replayed {report['replayed_orders']}"
            + (
                f" ({report['unsent']} approvals died with the process before the router took them)"
                if report["unsent"]
                else ""
            )
        ),
        (
            "cancels    not compared (a day recorded before cancels kept their reason)"
            if report["live_cancels"] is None
            else f"cancels    live {report['live_cancels']}, replayed {report['replayed_cancels']}"
        ),
        f"result     {verdict}",
    ]
    if report["torn_bytes"]:
        lines.append(f"torn       a last frame of {report['torn_bytes']} bytes was dropped")
    for difference in report["differences"]:
        lines.append(
            f"  {difference['at'] or '-'} {difference['kind']}: "
            f"live {json.dumps(difference['live'], ensure_ascii=False)}, "
            f"replayed {json.dumps(difference['replayed'], ensure_ascii=False)}"
        )
    more = report["total_differences"] - len(report["differences"])
    if more > 0:
        lines.append(f"  ... and {more} more")
    return "\n".join(lines)
