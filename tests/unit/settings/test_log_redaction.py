"""A planted secret never reaches the log file or the console, however it is logged."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from agent.log_config import configure_logging, register_secret


@pytest.fixture
def restore_root_logger() -> object:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_a_planted_secret_is_redacted_from_file_and_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_root_logger: object
) -> None:
    secret = "PLANTED-appkey-9f8e7d6c5b4a"
    token = "WQJCwyqInphKnR3bSRtB9NE1lvplanted"
    log_file = configure_logging(tmp_path, level="DEBUG", secrets=[secret])
    register_secret(token)
    log = logging.getLogger("stockagent.test")

    log.info("plain %s", secret)
    log.warning("in extra", extra={"header": f"Bearer {token}"})
    log.info('body {"appkey": "%s", "secretkey": "unregistered-secret-value"}', secret)
    try:
        raise RuntimeError(f"broker said no to {secret}")
    except RuntimeError:
        log.exception("with traceback")
    for handler in logging.getLogger().handlers:
        handler.flush()

    written = log_file.read_text(encoding="utf-8")
    console = capsys.readouterr().err
    for text in (written, console):
        assert secret not in text
        assert token not in text
        assert "unregistered-secret-value" not in text
    assert written.count("***") >= 4
    assert "with traceback" in written
    assert '"level": "INFO"' in written


def test_reconfiguring_does_not_stack_handlers(tmp_path: Path, restore_root_logger: object) -> None:
    configure_logging(tmp_path)
    before = len(logging.getLogger().handlers)
    configure_logging(tmp_path)

    assert len(logging.getLogger().handlers) == before
