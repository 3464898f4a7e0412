"""SIGTERM and SIGINT: the first asks for the graceful stop, a second leaves at once (130)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys, threading, time
    from stockagent.signals import on_stop_signals

    asked = threading.Event()
    on_stop_signals(lambda signum: (print(f"graceful {signum}", flush=True), asked.set()))
    print("ready", flush=True)
    asked.wait(30)
    time.sleep(30)  # a graceful stop that takes its time: only a second signal cuts it short
    print("never", flush=True)
    """
)


def start() -> subprocess.Popen[str]:
    # The script is this test's own text.
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def test_the_first_signal_starts_the_graceful_stop_and_a_second_leaves_with_130() -> None:
    process = start()
    assert process.stdout is not None
    process.send_signal(signal.SIGTERM)
    assert process.stdout.readline().strip() == f"graceful {int(signal.SIGTERM)}"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 130
    assert "never" not in process.stdout.read()


def test_ctrl_c_alone_only_asks_for_the_graceful_stop() -> None:
    process = start()
    assert process.stdout is not None
    process.send_signal(signal.SIGINT)
    assert process.stdout.readline().strip() == f"graceful {int(signal.SIGINT)}"
    assert process.poll() is None  # stopping gracefully, not killed by the signal
    process.kill()
    process.wait(timeout=5)
