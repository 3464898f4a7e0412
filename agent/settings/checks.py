"""Rules that tie several settings together, each naming the field to blame."""

from __future__ import annotations

import ipaddress

from agent.settings.components import Mode, Settings

CLOSING_AUCTION = "15:20"


def cross_field_problems(settings: Settings) -> list[tuple[str, str]]:
    """Return (dotted field, what is allowed) for every rule the settings break."""
    problems: list[tuple[str, str]] = []
    strategy, risk, api = settings.strategy, settings.risk, settings.api
    if strategy.window_end <= strategy.window_start:
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
    if risk.eod_exit_time >= CLOSING_AUCTION:
        problems.append(
            ("risk.eod_exit_time", f"must be before the {CLOSING_AUCTION} closing auction")
        )
    if not api.allow_remote and not _is_loopback(api.host):
        problems.append(("api.host", "must be a loopback address unless api.allow_remote = true"))
    if settings.mode is Mode.LIVE and not (settings.kiwoom.appkey and settings.kiwoom.secretkey):
        problems.append(
            (
                "kiwoom.appkey",
                "live mode needs STOCKAGENT_KIWOOM_APPKEY and STOCKAGENT_KIWOOM_SECRETKEY",
            )
        )
    if settings.mode is Mode.LIVE and settings.risk.capital_won is None:
        problems.append(
            (
                "risk.capital_won",
                "live mode needs the agent's capital budget in won (the most it may have at work)",
            )
        )
    if settings.mode is Mode.PAPER and not (settings.kiwoom.appkey and settings.kiwoom.secretkey):
        problems.append(
            (
                "kiwoom.appkey",
                "paper mode needs Kiwoom mock-server keys in STOCKAGENT_KIWOOM_APPKEY "
                "and STOCKAGENT_KIWOOM_SECRETKEY",
            )
        )
    problems.extend(_watchdog_problems(settings))
    return problems


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
