"""How ``prsite bench`` measures a run: wall and CPU time, and the peak memory of the whole
process tree (the build and every child it starts: Pagefind, the media pool); and the machine.

The tree's peak is sampled from /proc every ``SAMPLE_SECONDS`` (the sum of the resident sizes of
the process and all its descendants at one moment, found through ``/proc/<pid>/task/*/children``), because ``os.wait4``'s ``ru_maxrss`` is only
the largest single process. The reported peak is the larger of the two.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import click

SAMPLE_SECONDS = 0.05
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
HUGO_MISSING = "not installed (apt install hugo)"


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the whole tree: steadier than wall time on a busy machine
    peak_mib: float  # the whole process tree at its largest
    html_files: int
    news_pages: int


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started that are still running (Linux: each thread's ``children``)."""
    found = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found  # it ended while we looked
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/children", "rb") as children:
                found.extend(int(child) for child in children.read().split())
        except OSError:
            pass
    return found


def tree_rss_bytes(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, now. Walks down from ``root`` rather
    than scanning all of /proc, so sampling costs little next to the build it measures."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(_children(pid))
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE_BYTES
        except (OSError, ValueError, IndexError):
            pass
    return total


class TreePeak:
    """Samples the resident size of a process tree in a thread until ``stop()``."""

    def __init__(self, root: int) -> None:
        self.root, self.peak = root, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_rss_bytes(self.root))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def count_pages(output: Path) -> tuple[int, int]:
    """(HTML files, news item pages) in ``output``: an item page is ``.../bench-<n>/index.html``."""
    pages = list(output.rglob("*.html"))
    news = sum(1 for p in pages if p.name == "index.html" and p.parent.name.startswith("bench-"))
    return len(pages), news


def timed(command: list[str], cwd: Path, output: Path, log: Path, fresh_output: bool = True) -> Run:
    """Run one build; into an empty ``output`` unless ``fresh_output`` is False (a rebuild).
    Stops the benchmark if the build fails."""
    if fresh_output:
        shutil.rmtree(output, ignore_errors=True)
    with open(log, "wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
        sampler = TreePeak(child.pid)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        tree_peak = sampler.stop()
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    if child.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
        raise click.ClickException(f"{' '.join(command)} exited {child.returncode} (full log: {log}):\n{tail}")
    html, news = count_pages(output)
    cpu = usage.ru_utime + usage.ru_stime  # wait4 includes the children the build waited for
    peak = max(tree_peak, usage.ru_maxrss * 1024)  # Linux: ru_maxrss in KiB
    return Run(seconds, cpu, peak / 2**20, html, news)


def hugo_version() -> str | None:
    """Hugo's version (``hugo version`` says "hugo v0.111.3+extended linux/amd64 ..."), or None
    when hugo is not on PATH."""
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    done = subprocess.run([hugo, "version"], capture_output=True, text=True)
    words = done.stdout.split()
    return words[1] if done.returncode == 0 and len(words) > 1 else None


def _first_value(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as source:
            for line in source:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        pass
    return "unknown"


def machine_line(hugo: str | None) -> str:
    """CPU count and model, RAM, OS, Python, Pelican and Hugo versions, on one line."""
    import pelican

    memory = _first_value("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 2**20:.1f} GiB RAM" if memory[:1].isdigit() else "RAM unknown"
    return (f"{os.cpu_count()} CPUs ({_first_value('/proc/cpuinfo', 'model name')}), {ram}, "
            f"{platform.system()} {platform.release()}, Python {sys.version.split()[0]}, "
            f"Pelican {pelican.__version__}, Hugo {hugo or HUGO_MISSING}; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
