"""The Content-Security-Policy lets the dashboard's own code run, and nothing else."""

from __future__ import annotations

import base64
import hashlib
import re

from agent.backtest.report import render_html
from agent.backtest.span import span_of
from web.headers import CONTENT_SECURITY_POLICY


def _directive(name: str) -> list[str]:
    for part in CONTENT_SECURITY_POLICY.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in the policy")


def test_scripts_come_only_from_the_origin_and_nothing_may_frame_it() -> None:
    assert _directive("script-src") == ["'self'"]
    assert _directive("frame-ancestors") == ["'none'"]
    assert _directive("object-src") == ["'none'"]
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


def test_the_backtest_reports_inline_style_is_the_one_allowed_by_its_hash() -> None:
    # The dashboard opens the report as a Blob URL, which keeps the dashboard's policy.
    html = render_html(span_of("seeds", "1-1", [], []))
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()

    assert len(styles) == 1
    assert _directive("style-src") == ["'self'", f"'sha256-{digest}'"]
