"""Look at a running process from outside: resident memory, open descriptors, threads.

Linux: ``/proc/<pid>/status`` (VmRSS, Threads) and ``/proc/<pid>/fd``. Elsewhere (macOS, the
Mac mini the agent lives on) ``ps`` and ``lsof``, which are slower but need nothing installed;
psutil is not a dependency of the project and is not added for a benchmark.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections import Counter
from pathlib import Path

from soak_figures import ProcessSample

PROC = Path("/proc")


class ProcessGone(Exception):
    """The process ended before it could be sampled."""


def sample(pid: int) -> ProcessSample:
    """Sample process ``pid``; raise :class:`ProcessGone` if it no longer exists."""
    if (PROC / "self" / "status").exists():
        return _from_proc(pid)
    return _from_ps(pid)


def _from_proc(pid: int) -> ProcessSample:
    base = PROC / str(pid)
    try:
        status = (base / "status").read_text()
        fds = len(os.listdir(base / "fd"))
    except (FileNotFoundError, ProcessLookupError) as exc:
        raise ProcessGone(pid) from exc
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if "VmRSS" not in fields:  # a zombie: exited, not yet reaped
        raise ProcessGone(pid)
    rss_kb = int(fields["VmRSS"].split()[0])
    return ProcessSample(rss_kb=rss_kb, fds=fds, threads=int(fields["Threads"]))


def _run(argv: list[str]) -> str:
    # Fixed system tools with a numeric pid: no shell, no user input.
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
    return done.stdout


def _from_ps(pid: int) -> ProcessSample:
    rss = _run(["ps", "-o", "rss=", "-p", str(pid)]).strip()
    if not rss:
        raise ProcessGone(pid)
    # macOS: one line per thread after a header with -M; Linux procps: -L.
    threads = len(_run(["ps", "-M", "-p", str(pid)]).splitlines()) - 1
    # -F f: one "f<descriptor>" line per open file; cwd, txt and memory maps are not numbers.
    listed = _run(["lsof", "-n", "-P", "-p", str(pid), "-F", "f"]).splitlines()
    fds = sum(1 for line in listed if line.startswith("f") and line[1:].isdigit())
    return ProcessSample(rss_kb=int(rss), fds=fds, threads=max(threads, 1))


def descriptor_kinds(pid: int) -> dict[str, int]:
    """Count the open descriptors of ``pid`` by what they are (Linux; {} elsewhere): socket,
    pipe, anon_inode:[eventfd]..., or a file by its name with digits dropped (the database,
    its WAL, the journal, the log)."""
    kinds: Counter[str] = Counter()
    try:
        for fd in (PROC / str(pid) / "fd").iterdir():
            with contextlib.suppress(OSError):  # closed since it was listed
                target = os.readlink(fd)
                kinds[
                    re.sub(r":\[\d+\]$", "", target)
                    if not target.startswith("/")
                    else re.sub(r"\d", "#", Path(target).name)
                ] += 1
    except OSError:
        return {}
    return dict(kinds)
