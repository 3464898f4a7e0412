"""Imports flow one way: stockagent -> web -> actors -> agent; agent imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "agent": {"actors", "web", "stockagent"},
    "actors": {"web", "stockagent"},
    "web": {"stockagent"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_the_layers_above_it(layer: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {sorted(_imported_packages(path) & FORBIDDEN[layer])}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        if _imported_packages(path) & FORBIDDEN[layer]
    ]

    assert offenders == []


SESSION_MODULES = {
    "actors.gateway.session",
    "agent.kiwoom.client",
    "agent.kiwoom.transport",
    "agent.kiwoom.auth",
    "agent.kiwoom.token_cache",
    "agent.kiwoom.realtime.feed",
}
SESSION_NAMES = {"KiwoomClient", "RealtimeFeed", "BrokerSession"}


def _session_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in SESSION_MODULES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in SESSION_MODULES:
                found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if a.name in SESSION_NAMES)
    return found


def test_only_the_gateway_holds_the_kiwoom_session() -> None:
    """Every other actor, and the web app, reads the broker through the port
    (agent.orders.broker.Broker) the gateway's session stands behind."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {sorted(_session_imports(path))}"
        for layer in ("actors", "web")
        for path in sorted((ROOT / layer).rglob("*.py"))
        if "gateway" not in path.relative_to(ROOT).parts and _session_imports(path)
    ]

    assert offenders == []
