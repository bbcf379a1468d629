"""Running one measured command for bench/scale.py: wall time and the command's own peak RSS
(``wait4``), under a timeout and an address-space limit, its output to /dev/null."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from _common import median, percentile


@dataclass
class Run:
    """One finished (or stopped) command: seconds, peak RSS in MB, what went wrong, and the
    CPU seconds it used (user + system: on a shared machine, the figure the load does not
    inflate)."""

    seconds: float
    rss_mb: float
    problem: str | None
    cpu: float = 0.0


def run(cmd: list[str], timeout: float, mem_gb: float, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` with its output to /dev/null; its own peak RSS from ``wait4``."""
    limit = int(mem_gb * 1024**3)

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=limits,
        env={**os.environ, **(env or {})},
    )
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            cpu = usage.ru_utime + usage.ru_stime
            return Run(timeout, usage.ru_maxrss / 1024, f"timed out > {timeout:.0f} s", cpu)
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    problem = None
    if code != 0:
        lines = [ln.strip("│╭╮╰╯─ ") for ln in err.splitlines()]
        last = ([ln for ln in lines if any(c.isalnum() for c in ln)] or ["?"])[-1][:80]
        problem = "out of memory" if "MemoryError" in err else f"exit {code}: {last}"
    return Run(elapsed, usage.ru_maxrss / 1024, problem, usage.ru_utime + usage.ru_stime)


def repeat_cmd(cmd: list[str], n: int, timeout: float, mem_gb: float) -> tuple[str, str]:
    """Median and p95 of ``n`` runs in ms (stopping at the first failure)."""
    times = []
    for _ in range(n):
        r = run(cmd, timeout, mem_gb)
        if r.problem:
            return r.problem, ""
        times.append(r.seconds * 1000)
    return f"{median(times):.0f}", f"{percentile(times, 95):.0f}"


def repeat_call(fn: Callable[[], object], n: int, warm: bool = True) -> tuple[str, str]:
    """Median and p95 in ms of ``n`` calls in this process (after one untimed call)."""
    if warm:
        fn()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return f"{median(times):.1f}", f"{percentile(times, 95):.1f}"
