"""KeepAwake: caffeinate held through each trading day's session on macOS, and nothing elsewhere."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from datetime import date, datetime

import pytest

from agent.clock import KST, ManualClock
from agent.market.calendar import KrxCalendar, weekday_base_days
from stockagent.power import CAFFEINATE, KeepAwake, wants_awake

PID = 4242
TUESDAY = date(2026, 3, 10)


def _at(day: date, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=KST)


class FakeChild:
    """A caffeinate that exits when terminated, unless ``stubborn``."""

    def __init__(self, *, stubborn: bool = False) -> None:
        self.code: int | None = None
        self.stubborn = stubborn
        self.killed = False

    def poll(self) -> int | None:
        return self.code

    def terminate(self) -> None:
        if not self.stubborn:
            self.code = -15

    def kill(self) -> None:
        self.killed = True
        self.code = -9

    def wait(self, timeout: float | None = None) -> int:
        if self.code is None:
            raise subprocess.TimeoutExpired("caffeinate", timeout or 0)
        return self.code


class FakeSpawn:
    def __init__(self, *, stubborn: bool = False, missing: bool = False) -> None:
        self.argvs: list[list[str]] = []
        self.children: list[FakeChild] = []
        self._stubborn = stubborn
        self._missing = missing

    def __call__(self, argv: Sequence[str]) -> FakeChild:
        self.argvs.append(list(argv))
        if self._missing:
            raise FileNotFoundError(argv[0])
        child = FakeChild(stubborn=self._stubborn)
        self.children.append(child)
        return child


@pytest.fixture(scope="module")
def calendar() -> KrxCalendar:
    """2026 on weekdays: Jan 2 is the year's first trading day (opens at 10:00)."""
    return KrxCalendar(
        weekday_base_days(date(2026, 1, 1), date(2026, 12, 31), holidays=[date(2026, 1, 1)])
    )


def _keep_awake(
    calendar: KrxCalendar, at: datetime, spawn: FakeSpawn, platform: str = "darwin"
) -> tuple[KeepAwake, ManualClock]:
    clock = ManualClock(at)
    return KeepAwake(calendar, clock, platform=platform, spawn=spawn, pid=PID), clock


@pytest.mark.parametrize(
    ("day", "hhmm", "awake"),
    [
        (TUESDAY, "07:49", False),
        (TUESDAY, "07:50", True),  # 40 minutes before the 08:30 pre-open
        (TUESDAY, "12:00", True),
        (TUESDAY, "15:44", True),
        (TUESDAY, "15:45", False),  # 15 minutes after the 15:30 close
        (date(2026, 3, 14), "10:00", False),  # a Saturday
        (date(2026, 1, 2), "08:30", False),  # the year's first day opens an hour late
        (date(2026, 1, 2), "08:50", True),
    ],
)
def test_the_machine_is_kept_awake_around_each_session(
    calendar: KrxCalendar, day: date, hhmm: str, awake: bool
) -> None:
    assert wants_awake(calendar, _at(day, hhmm)) is awake


def test_a_day_outside_the_calendar_never_keeps_it_awake(calendar: KrxCalendar) -> None:
    assert wants_awake(calendar, _at(date(2030, 3, 12), "10:00")) is False


def test_caffeinate_runs_from_before_the_open_until_after_the_close(
    calendar: KrxCalendar,
) -> None:
    spawn = FakeSpawn()
    keep, clock = _keep_awake(calendar, _at(TUESDAY, "07:00"), spawn)

    keep.start()
    assert spawn.argvs == []
    clock.set(_at(TUESDAY, "08:00"))
    assert keep.check() is True
    assert keep.check(_at(TUESDAY, "12:00")) is True
    assert keep.check(_at(TUESDAY, "16:00")) is False

    assert spawn.argvs == [[CAFFEINATE, "-i", "-w", str(PID)]]
    assert spawn.children[0].code == -15
    assert keep.awake is False


def test_start_inside_the_session_takes_the_assertion_at_once(calendar: KrxCalendar) -> None:
    spawn = FakeSpawn()
    keep, _ = _keep_awake(calendar, _at(TUESDAY, "09:05"), spawn)

    keep.start()

    assert keep.awake is True
    assert len(spawn.children) == 1


def test_stop_ends_caffeinate_and_later_checks_do_nothing(calendar: KrxCalendar) -> None:
    spawn = FakeSpawn()
    keep, _ = _keep_awake(calendar, _at(TUESDAY, "09:05"), spawn)
    keep.start()

    keep.stop()

    assert spawn.children[0].code == -15
    assert keep.check(_at(TUESDAY, "09:06")) is False
    assert len(spawn.children) == 1


def test_a_caffeinate_that_ignores_sigterm_is_killed(calendar: KrxCalendar) -> None:
    spawn = FakeSpawn(stubborn=True)
    keep, _ = _keep_awake(calendar, _at(TUESDAY, "09:05"), spawn)
    keep.start()

    keep.stop()

    assert spawn.children[0].killed is True


def test_a_caffeinate_that_exited_during_the_session_is_started_again(
    calendar: KrxCalendar,
) -> None:
    spawn = FakeSpawn()
    keep, _ = _keep_awake(calendar, _at(TUESDAY, "09:05"), spawn)
    keep.start()
    spawn.children[0].code = 1

    assert keep.check(_at(TUESDAY, "09:06")) is True

    assert len(spawn.children) == 2


def test_without_caffeinate_it_gives_up_instead_of_retrying_every_check(
    calendar: KrxCalendar,
) -> None:
    spawn = FakeSpawn(missing=True)
    keep, _ = _keep_awake(calendar, _at(TUESDAY, "09:05"), spawn)

    keep.start()
    keep.check(_at(TUESDAY, "09:06"))

    assert len(spawn.argvs) == 1
    assert keep.awake is False


def test_on_linux_nothing_is_spawned(calendar: KrxCalendar) -> None:
    spawn = FakeSpawn()
    keep, _ = _keep_awake(calendar, _at(TUESDAY, "09:05"), spawn, platform="linux")

    keep.start()

    assert keep.check(_at(TUESDAY, "10:00")) is False
    assert spawn.argvs == []
    keep.stop()


def test_stop_ends_a_real_child_process(calendar: KrxCalendar) -> None:
    children: list[subprocess.Popen[bytes]] = []

    def spawn(argv: Sequence[str]) -> subprocess.Popen[bytes]:
        children.append(subprocess.Popen(["/bin/sleep", "60"]))
        return children[-1]

    keep = KeepAwake(calendar, ManualClock(_at(TUESDAY, "09:05")), platform="darwin", spawn=spawn)
    keep.start()
    assert children[0].poll() is None

    keep.stop()

    assert children[0].poll() is not None
