"""Installing, removing and asking about the service, with every OS command recorded."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from stockagent.service.manage import Completed, Host, Platform, install, status, uninstall
from stockagent.service.units import ServiceSpec, render_plist, render_systemd

NO_BUS = Completed(1, stderr="Failed to connect to bus: No medium found\n")
UNIT = "stockagent.service"
TARGET = "gui/501/com.stockagent.agent"


class Recorder:
    """A runner that records each command and answers from ``answer`` (default: success)."""

    def __init__(self, answer: Callable[[tuple[str, ...]], Completed] | None = None) -> None:
        self.calls: list[tuple[str, ...]] = []
        self._answer = answer or (lambda argv: Completed(0))

    def __call__(self, argv: Sequence[str]) -> Completed:
        self.calls.append(tuple(argv))
        return self._answer(tuple(argv))


def _host(tmp_path: Path, platform: Platform, runner: Recorder) -> Host:
    return Host(
        platform=platform,
        home=tmp_path / "home",
        uid=501,
        user="trader",
        runner=runner,
        out=io.StringIO(),
        err=io.StringIO(),
    )


def _spec(tmp_path: Path, *options: str) -> ServiceSpec:
    data = tmp_path / "data"
    return ServiceSpec(
        program=(sys.executable, "-m", "stockagent", "run", *options),
        working_directory=data,
        log_directory=data / "logs",
        environment={"STOCKAGENT_DATA_DIR": str(data)},
    )


def _out(host: Host) -> str:
    assert isinstance(host.out, io.StringIO)
    return host.out.getvalue()


def _err(host: Host) -> str:
    assert isinstance(host.err, io.StringIO)
    return host.err.getvalue()


def _unit(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".config" / "systemd" / "user" / UNIT


def _plist(tmp_path: Path) -> Path:
    return tmp_path / "home" / "Library" / "LaunchAgents" / "com.stockagent.agent.plist"


def test_install_on_linux_writes_the_unit_and_enables_it(tmp_path: Path) -> None:
    runner = Recorder()
    host = _host(tmp_path, Platform.LINUX, runner)
    spec = _spec(tmp_path)

    assert install(spec, host) == 0

    assert _unit(tmp_path).read_text() == render_systemd(spec)
    assert runner.calls == [
        ("systemctl", "--user", "daemon-reload"),
        ("systemctl", "--user", "enable", "--now", UNIT),
    ]
    assert spec.log_directory.is_dir()
    assert "loginctl enable-linger trader" in _out(host)


def test_installing_the_same_unit_again_does_not_restart_the_agent(tmp_path: Path) -> None:
    runner = Recorder()
    host = _host(tmp_path, Platform.LINUX, runner)
    install(_spec(tmp_path), host)
    runner.calls.clear()

    assert install(_spec(tmp_path), host) == 0

    assert ("systemctl", "--user", "restart", UNIT) not in runner.calls


def test_a_different_installed_unit_is_kept_without_force_and_the_change_is_shown(
    tmp_path: Path,
) -> None:
    runner = Recorder()
    host = _host(tmp_path, Platform.LINUX, runner)
    install(_spec(tmp_path), host)
    before = _unit(tmp_path).read_text()
    runner.calls.clear()

    assert install(_spec(tmp_path, "--live"), host) == 1

    assert _unit(tmp_path).read_text() == before
    assert runner.calls == []
    assert f"+ExecStart = {sys.executable} -m stockagent run --live" in _err(host)
    assert "--force" in _err(host)


def test_force_replaces_a_different_unit_and_restarts_the_agent(tmp_path: Path) -> None:
    runner = Recorder()
    host = _host(tmp_path, Platform.LINUX, runner)
    install(_spec(tmp_path), host)
    runner.calls.clear()

    assert install(_spec(tmp_path, "--live"), host, force=True) == 0

    assert _unit(tmp_path).read_text() == render_systemd(_spec(tmp_path, "--live"))
    assert runner.calls[-1] == ("systemctl", "--user", "restart", UNIT)


def test_without_the_user_manager_the_unit_stays_written_and_the_commands_are_printed(
    tmp_path: Path,
) -> None:
    runner = Recorder(lambda argv: NO_BUS)
    host = _host(tmp_path, Platform.LINUX, runner)

    assert install(_spec(tmp_path), host) == 1

    assert _unit(tmp_path).is_file()
    assert runner.calls == [("systemctl", "--user", "daemon-reload")]
    err = _err(host)
    assert "Failed to connect to bus" in err
    assert (
        "  systemctl --user daemon-reload\n  systemctl --user enable --now stockagent.service"
        in err
    )
    assert "Traceback" not in err


def test_a_dry_run_writes_nothing_and_runs_nothing(tmp_path: Path) -> None:
    runner = Recorder()
    host = _host(tmp_path, Platform.LINUX, runner)

    assert install(_spec(tmp_path), host, dry_run=True) == 0

    assert runner.calls == []
    assert not (tmp_path / "home").exists()
    assert not (tmp_path / "data").exists()
    out = _out(host)
    assert render_systemd(_spec(tmp_path)).strip() in out
    assert "systemctl --user enable --now stockagent.service" in out


def test_uninstall_on_linux_disables_removes_and_reloads(tmp_path: Path) -> None:
    runner = Recorder()
    host = _host(tmp_path, Platform.LINUX, runner)
    install(_spec(tmp_path), host)
    runner.calls.clear()

    assert uninstall(host) == 0

    assert not _unit(tmp_path).exists()
    assert runner.calls == [
        ("systemctl", "--user", "disable", "--now", UNIT),
        ("systemctl", "--user", "daemon-reload"),
    ]


def test_uninstall_keeps_the_unit_when_the_agent_could_not_be_stopped(tmp_path: Path) -> None:
    host = _host(tmp_path, Platform.LINUX, Recorder())
    install(_spec(tmp_path), host)
    host = _host(tmp_path, Platform.LINUX, Recorder(lambda argv: NO_BUS))

    assert uninstall(host) == 1

    assert _unit(tmp_path).is_file()
    assert f"  rm {_unit(tmp_path)}\n  systemctl --user daemon-reload" in _err(host)


def _not_loaded(argv: tuple[str, ...]) -> Completed:
    """``launchctl print`` of a job launchd does not have; every other command succeeds."""
    return Completed(113, stderr="Could not find service") if argv[1] == "print" else Completed(0)


def test_install_on_macos_bootstraps_the_agent_into_the_gui_domain(tmp_path: Path) -> None:
    runner = Recorder(_not_loaded)
    host = _host(tmp_path, Platform.MACOS, runner)
    spec = _spec(tmp_path)

    assert install(spec, host) == 0

    assert _plist(tmp_path).read_bytes() == render_plist(spec)
    assert runner.calls == [
        ("launchctl", "print", TARGET),
        ("launchctl", "enable", TARGET),
        ("launchctl", "bootstrap", "gui/501", str(_plist(tmp_path))),
    ]


def test_a_loaded_unchanged_launchd_agent_is_left_running(tmp_path: Path) -> None:
    assert install(_spec(tmp_path), _host(tmp_path, Platform.MACOS, Recorder(_not_loaded))) == 0
    runner = Recorder()  # now `launchctl print` finds it
    host = _host(tmp_path, Platform.MACOS, runner)

    assert install(_spec(tmp_path), host) == 0

    assert runner.calls == [("launchctl", "print", TARGET)]


def test_a_replaced_launchd_agent_is_booted_out_before_the_new_one_loads(tmp_path: Path) -> None:
    install(_spec(tmp_path), _host(tmp_path, Platform.MACOS, Recorder()))
    runner = Recorder()
    host = _host(tmp_path, Platform.MACOS, runner)

    assert install(_spec(tmp_path, "--live"), host, force=True) == 0

    assert [call[1] for call in runner.calls] == ["print", "bootout", "enable", "bootstrap"]


def test_uninstall_on_macos_boots_out_and_removes_the_plist(tmp_path: Path) -> None:
    install(_spec(tmp_path), _host(tmp_path, Platform.MACOS, Recorder()))
    runner = Recorder()
    host = _host(tmp_path, Platform.MACOS, runner)

    assert uninstall(host) == 0

    assert runner.calls == [("launchctl", "print", TARGET), ("launchctl", "bootout", TARGET)]
    assert not _plist(tmp_path).exists()


@pytest.mark.parametrize(
    ("platform", "argv"),
    [
        (Platform.LINUX, ("systemctl", "--user", "status", "--no-pager", UNIT)),
        (Platform.MACOS, ("launchctl", "print", TARGET)),
    ],
)
def test_status_passes_on_what_the_service_manager_says(
    tmp_path: Path, platform: Platform, argv: tuple[str, ...]
) -> None:
    runner = Recorder(lambda argv: Completed(3, stdout="inactive (dead)\n"))
    host = _host(tmp_path, platform, runner)

    assert status(host) == 3

    assert runner.calls == [argv]
    assert "inactive (dead)" in _out(host)
    assert "not installed" in _out(host)
