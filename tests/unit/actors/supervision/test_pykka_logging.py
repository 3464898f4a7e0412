"""pykka's own records reach the app's logging once configured."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pykka
import pytest

from actors.supervision import configure_pykka_logging


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Crasher(pykka.ThreadingActor):
    def on_receive(self, message: Any) -> Any:
        raise RuntimeError("boom")


@pytest.fixture
def pykka_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("pykka")
    handlers, level = list(logger.handlers), logger.level
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)


def test_a_crash_in_a_tell_is_logged_at_error_through_the_given_handler(
    harness: Any, pykka_logger: logging.Logger
) -> None:
    capture = Capture()
    configure_pykka_logging(handler=capture)
    ref = Crasher.start()

    ref.tell("anything")

    harness.wait(lambda: any(r.levelno == logging.ERROR for r in capture.records))
    assert capture.records[0].name == "pykka"
    assert capture.records[0].exc_info is not None


def test_business_errors_returned_to_askers_are_not_logged_by_default(
    pykka_logger: logging.Logger,
) -> None:
    capture = Capture()
    configure_pykka_logging(handler=capture)
    ref = Crasher.start()

    with pytest.raises(RuntimeError):
        ref.ask("anything", timeout=5)

    assert capture.records == []


def test_a_fallback_handler_is_attached_when_nothing_would_print(
    pykka_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging.getLogger(), "handlers", [])

    configure_pykka_logging()

    assert any(isinstance(h, logging.StreamHandler) for h in pykka_logger.handlers)
