"""`stockagent notify test`: one message to every target, each named without its URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockagent.cli import main
from tests.support.webhook import webhook


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("STOCKAGENT_CONFIG", "STOCKAGENT_NOTIFY_URLS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(tmp_path))
    return tmp_path


def test_each_target_gets_one_message_and_a_dead_one_fails_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with webhook() as hook:
        dead = "json://127.0.0.1:9/dead-s3cr3t"
        monkeypatch.setenv("STOCKAGENT_NOTIFY_URLS", f"{hook.url},{dead}")
        monkeypatch.setenv("STOCKAGENT_NOTIFY_LANGUAGE", "ko")
        assert main(["notify", "test"]) == 1
        [posted] = hook.messages()
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "JSON #1: sent"
    assert out.splitlines()[1].startswith("JSON #2: failed: ")
    assert "s3cr3t" not in out
    assert posted["title"] == "StockAgent: 알림 테스트"


def test_without_targets_it_says_how_to_set_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notify", "test"]) == 2
    assert "STOCKAGENT_NOTIFY_URLS" in capsys.readouterr().out


def test_an_unknown_scheme_is_named_by_its_place(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_NOTIFY_URLS", "json://127.0.0.1:9/x,bogus://token-s3cr3t")
    assert main(["notify", "test"]) == 1
    out = capsys.readouterr().out
    assert "notify.urls[1]: not an apprise URL (scheme 'bogus')" in out
    assert "s3cr3t" not in out
