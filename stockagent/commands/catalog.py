"""Every ``stockagent`` command: its name, its one-line help and the module that implements it.

The command line imports only the module of the command it runs (``stockagent --help`` imports
none), so a quick ``stockagent ctl status`` does not pay for the simulator, the actors and the
backtest. Each module's ``register`` takes its help from here.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "demo": (
        "stockagent.commands.demo",
        "trade a synthetic day against the built-in simulator, with the API",
    ),
    "run": ("stockagent.commands.run", "run the agent against the broker the settings name"),
    "backtest": (
        "stockagent.commands.backtest",
        "trade a seeded synthetic day deterministically (no threads, clock or network)",
    ),
    "data": (
        "stockagent.commands.data",
        "fetch market history (daily and minute bars) from the broker into the database",
    ),
    "tune": (
        "stockagent.commands.tune",
        "search strategy and risk parameters with optuna over backtested days",
    ),
    "journal": ("stockagent.commands.journal", "what a day's journal of inputs holds"),
    "replay": (
        "stockagent.commands.replay",
        "replay a day's journal through the core and compare it with what the agent did",
    ),
    "ctl": ("stockagent.commands.ctl", "steer the running agent over its API"),
    "service": (
        "stockagent.commands.service",
        "run the agent as a launchd (macOS) or systemd (Linux) service",
    ),
    "config": (
        "stockagent.commands.config",
        "show the settings and where each comes from; drop stored overrides",
    ),
    "db": ("stockagent.commands.db", "migrate the database"),
    "notify": ("stockagent.commands.notify", "test the notification targets ([notify] urls)"),
    "token": ("stockagent.commands.token", "the API token (for the dashboard and ctl)"),
    "secrets": (
        "stockagent.commands.secrets",
        "the Kiwoom keys in the OS keyring or a 0600 file: set, delete, status",
    ),
    "broker": ("stockagent.commands.broker", "query Kiwoom or send orders by hand"),
    "simulator": (
        "stockagent.commands.simulator",
        "run the Kiwoom-compatible simulator (a synthetic trading day)",
    ),
}


def help_of(name: str) -> str:
    """Return the one-line help of command ``name``."""
    return COMMANDS[name][1]
