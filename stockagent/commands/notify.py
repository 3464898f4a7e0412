"""``stockagent notify test``: send one message to every ``[notify] urls`` target now.

Each target is named by its service and place (``Telegram #1``), never by its URL, which
carries the service's token.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from agent.notify import AppriseSender, Batcher, Notice, NoticeKind
from agent.notify.sender import InvalidTarget
from agent.settings import load_settings
from stockagent.commands.catalog import help_of

EXIT_FAILED = 1
EXIT_NOTHING = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    notify = subparsers.add_parser("notify", help=help_of("notify"))
    actions = notify.add_subparsers(dest="notify_command", required=True)
    test = actions.add_parser("test", help="send a test message to every configured target")
    test.set_defaults(func=_test)


def _test(args: argparse.Namespace) -> int:
    config_file: Path | None = args.config
    settings = load_settings(config_file).notify
    if not settings.urls:
        print(
            'no notification targets: set [notify] urls = ["tgram://..."] in config.toml or '
            "STOCKAGENT_NOTIFY_URLS (comma-separated apprise URLs)"
        )
        return EXIT_NOTHING
    try:
        sender = AppriseSender([url.reveal() for url in settings.urls], attempts=1)
    except InvalidTarget as exc:
        print(f"invalid setting {exc}")
        return EXIT_FAILED
    batcher = Batcher(settings.language, window_s=0)
    batcher.add(Notice(kind=NoticeKind.TEST, at=datetime.now(UTC)), 0.0)
    message = batcher.flush(0.0)
    assert message is not None
    failed = 0
    for delivery in sender.send(message):
        if delivery.ok:
            print(f"{delivery.target}: sent")
        else:
            failed += 1
            print(f"{delivery.target}: failed: {delivery.error}")
    return EXIT_FAILED if failed else 0
