"""Imports flow one way: stockagent -> web -> actors -> agent; agent imports none of them.

The simulator (krxsim) stands apart: it imports nothing of the agent, so that it judges the
agent's orders by its own reading of the KRX rules, and the agent's domain knows nothing of it
(only the backtest and the tuning, which replay synthetic days, drive it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "agent": {"actors", "web", "stockagent"},
    "actors": {"web", "stockagent"},
    "web": {"stockagent"},
    "krxsim": {"agent", "actors", "web", "stockagent"},
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
    (agent.broker.port.Broker) the gateway's session stands behind."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {sorted(_session_imports(path))}"
        for layer in ("actors", "web")
        for path in sorted((ROOT / layer).rglob("*.py"))
        if "gateway" not in path.relative_to(ROOT).parts and _session_imports(path)
    ]

    assert offenders == []


ADAPTERS = {
    ("agent", "kiwoom"),  # the client: Kiwoom's wire decoded into agent.broker types
    ("actors", "gateway"),  # the session: the one implementation of the port
}
"""Where Kiwoom may be named; the rest of the trading code speaks the domain's broker types."""
ADAPTER_USES = {
    "actors/runtime/services.py": {"agent.kiwoom.config"},  # the gateway's settings, carried
    # A synthetic day's listings come from the simulator's ka10100 rows, read as the client
    # reads them.
    "agent/backtest/day.py": {"agent.kiwoom.trs.listing"},
}


def _kiwoom_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("agent.kiwoom"))
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            if module == "agent.kiwoom" or module.startswith("agent.kiwoom."):
                found.add(module)
    return found


def test_kiwoom_is_adapted_in_one_place() -> None:
    """The actors, the cores, the order service, the journal and the web app know the broker
    only by agent.broker's port and types (order request, ack, fill, quote, holding)."""
    offenders = []
    for layer in ("agent", "actors", "web"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative.parts[:2] in ADAPTERS:
                continue
            used = _kiwoom_imports(path) - ADAPTER_USES.get(relative.as_posix(), set())
            if used:
                offenders.append(f"{relative} imports {sorted(used)}")

    assert offenders == []


def test_the_broker_port_names_no_kiwoom_type() -> None:
    """The port's own modules import nothing of the adapter."""
    offenders = {
        path.name: _kiwoom_imports(path)
        for path in sorted((ROOT / "agent" / "broker").glob("*.py"))
        if _kiwoom_imports(path)
    }

    assert offenders == {}


DOMAIN_PACKAGES = (
    "agent.domain",
    "agent.core",
    "agent.risk",
    "agent.orders",
    "agent.strategy",
    "agent.market",
    "agent.marketdata",
    "agent.portfolio",
    "agent.store",
    "agent.broker",
    "agent.kiwoom",
    "agent.journal",
)
"""The agent's own trading knowledge: what the simulator must never leak into."""

ORDER_LOGIC = ("agent.orders", "agent.core")
STORE_KNOWN_ORDER_LOGIC = {
    # The repository checks and applies the lifecycle's transitions itself (STYLE 18 wants the
    # order to own its lifecycle and the repository only to persist).
    "agent/store/repositories/orders.py": {"agent.orders.lifecycle"},
    # The trades repository prices each round trip as it stores it.
    "agent/store/repositories/trades.py": {"agent.orders.pnl", "agent.orders.slippage"},
}
"""The store's imports of order logic found when the rule was written (issue #16): allowed
until they move, and no new one."""


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").is_file()


def _imported_modules(path: Path) -> set[str]:
    """Every absolute module ``path`` imports; ``from a import b`` counts ``a.b`` if b is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            submodules = (f"{node.module}.{a.name}" for a in node.names)
            found.update(name for name in submodules if _is_module(name))
    return found


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _imports_of(package: str, packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Each file of ``package`` that imports from ``packages``, with what it imports."""
    found = {}
    for path in sorted(ROOT.joinpath(*package.split(".")).rglob("*.py")):
        used = {m for m in _imported_modules(path) if _within(m, packages)}
        if used:
            found[path.relative_to(ROOT).as_posix()] = used
    return found


@pytest.mark.parametrize("package", DOMAIN_PACKAGES)
def test_the_agents_domain_never_imports_the_simulator(package: str) -> None:
    assert _is_module(package)  # a renamed package must not leave the rule checking nothing

    assert _imports_of(package, ("krxsim",)) == {}


def test_the_store_imports_no_order_logic_beyond_the_known_debt() -> None:
    found = _imports_of("agent.store", ORDER_LOGIC)
    new = {
        file: used - STORE_KNOWN_ORDER_LOGIC.get(file, set())
        for file, used in found.items()
        if used - STORE_KNOWN_ORDER_LOGIC.get(file, set())
    }

    assert new == {}


def test_the_stores_known_order_logic_imports_are_still_there() -> None:
    """A debt paid off leaves the list, so the allowance cannot outlive the import."""
    found = _imports_of("agent.store", ORDER_LOGIC)

    assert {f: found.get(f, set()) & known for f, known in STORE_KNOWN_ORDER_LOGIC.items()} == (
        STORE_KNOWN_ORDER_LOGIC
    )


BOARD_READERS = {"actors/runtime/change_sales.py"}
"""Modules of actors/ that read the board for the API (a proposed limit change's dry run),
not for an actor."""


def _board_reads(path: Path) -> list[int]:
    """Return the lines of ``path`` that read a snapshot: ``<...>board.snapshot(s)(...)``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("snapshot", "snapshots")
            and "board" in ast.unparse(node.func.value)
        ):
            lines.append(node.lineno)
    return lines


def test_actors_never_read_one_anothers_snapshots() -> None:
    """Snapshots are what the API and the dashboard show; an actor learns what a peer knows
    from the peer's messages (:mod:`actors.messages`)."""
    offenders = {
        rel: lines
        for path in sorted((ROOT / "actors").rglob("*.py"))
        if not (rel := path.relative_to(ROOT).as_posix()).startswith("actors/board/")
        and rel not in BOARD_READERS
        and (lines := _board_reads(path))
    }

    assert offenders == {}
    assert all((ROOT / rel).exists() and _board_reads(ROOT / rel) for rel in BOARD_READERS)
