"""Rules that tie several settings together, each naming the field to blame."""

from __future__ import annotations

import ipaddress

from agent.settings.components import Mode, Settings
from agent.settings.units import hhmm

CLOSING_AUCTION = "15:20"


def cross_field_problems(settings: Settings, *, keys: bool = True) -> list[tuple[str, str]]:
    """Return (dotted field, what is allowed) for every rule the settings break.

    ``keys=False``: the Kiwoom keys were not looked up, so their absence is no problem.
    """
    problems: list[tuple[str, str]] = []
    strategy, risk, api = settings.strategy, settings.risk, settings.api
    if hhmm(strategy.window_end) <= hhmm(strategy.window_start):
        problems.append(
            (
                "strategy.window_end",
                f"must be later than strategy.window_start {strategy.window_start}",
            )
        )
    if strategy.max_change_pct <= strategy.min_change_pct:
        problems.append(
            (
                "strategy.max_change_pct",
                f"must be greater than strategy.min_change_pct {strategy.min_change_pct}",
            )
        )
    if hhmm(risk.eod_exit_time) >= hhmm(CLOSING_AUCTION):
        problems.append(
            ("risk.eod_exit_time", f"must be before the {CLOSING_AUCTION} closing auction")
        )
    if not api.allow_remote and not _is_loopback(api.host):
        problems.append(("api.host", "must be a loopback address unless api.allow_remote = true"))
    if keys:
        problems += _missing_keys(settings)
    if settings.mode is Mode.LIVE and settings.risk.capital_won is None:
        problems.append(
            (
                "risk.capital_won",
                "live mode needs the agent's capital budget in won (the most it may have at work)",
            )
        )
    problems.extend(_watchdog_problems(settings))
    return problems


def _missing_keys(settings: Settings) -> list[tuple[str, str]]:
    """Paper and live mode need both Kiwoom keys of their scope (agent.settings.kiwoom_keys)."""
    if settings.mode not in (Mode.PAPER, Mode.LIVE):
        return []
    kiwoom = settings.kiwoom
    missing = [
        name
        for name, value in (("appkey", kiwoom.appkey), ("secretkey", kiwoom.secretkey))
        if not value
    ]
    if not missing:
        return []
    scope = settings.mode.value
    which = "Kiwoom's real keys" if settings.mode is Mode.LIVE else "Kiwoom's mock-server keys"
    what = " and the ".join(missing)
    env = [f"STOCKAGENT_KIWOOM_{name.upper()}" for name in missing]
    places = ", ".join(["the OS keyring", *env, str(settings.data_path / "secrets.toml")])
    return [
        (
            f"kiwoom.{missing[0]}",
            f"{scope} mode needs {which}; the {what} {'is' if len(missing) == 1 else 'are'} "
            f"in none of: {places} (`stockagent secrets set {'|'.join(missing)} --mode {scope}` "
            "stores one in the keyring)",
        )
    ]


def _watchdog_problems(settings: Settings) -> list[tuple[str, str]]:
    """Each stuck threshold must give a probe time to be answered: two intervals at least."""
    watchdog = settings.watchdog
    floor = 2 * watchdog.interval_s
    return [
        (f"watchdog.{name}", f"must be at least twice watchdog.interval_s ({floor:g} s)")
        for name in ("stuck_after_s", "supervisor_stuck_after_s", "loop_stuck_after_s")
        if getattr(watchdog, name) < floor
    ]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
