"""The live preview: how long after an edit is saved the edited page is served fresh.

A preview server (``prsite serve`` or ``hugo server``) is started on a free port of 127.0.0.1
with its console going to a log. When the item's page answers and the log shows the first build
finished, the item's file is edited (a marker appended to its body) and the page is fetched every
``POLL_SECONDS`` until it contains the marker. The rebuild is finished when the log shows the
server's end-of-build line once more (``READY_LINES``). The server is then stopped with SIGTERM
(prsite serve stops its builder and web server children on it), and killed if it lingers.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import click

from ..site.preview import READY, REBUILT

POLL_SECONDS = 0.02
STOP_GRACE_SECONDS = 15
# The line each server prints when a build (the first one or a rebuild) has finished.
BUILD_DONE = {"prsite": REBUILT, "hugo": "Total in "}
FIRST_BUILD_DONE = {"prsite": READY, "hugo": "Web Server is available"}


@dataclass
class Preview:
    page_seconds: float | None  # save -> the page served over HTTP contains the new text (None: not in time)
    done_seconds: float | None  # save -> the server says the rebuild finished (None: not seen in time)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while it is not served (not built yet, server starting)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _count(log: Path, line: str) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(line)


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM, as systemd or kill would; the whole group is killed only if it lingers."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def measure_preview(tool: str, command: Callable[[int], list[str]], cwd: Path, page: str,
                    edit: Callable[[], str], log: Path, timeout: float) -> Preview:
    """Start the server (``command(port)``), wait for ``page`` (a path like /news/bench-1/), call
    ``edit()`` (saves the item, returns the new text to look for) and time until it is served."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{page}"
    with open(log, "wb") as sink:
        server = subprocess.Popen(command(port), cwd=cwd, stdout=sink, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        deadline = time.perf_counter() + timeout
        while fetch(url) is None or _count(log, FIRST_BUILD_DONE[tool]) == 0:
            if server.poll() is not None or time.perf_counter() > deadline:
                raise click.ClickException(f"{tool} preview did not serve {url} within {timeout:.0f} s; see {log}")
            time.sleep(0.2)
        builds_before = _count(log, BUILD_DONE[tool])
        marker = edit()
        saved = time.perf_counter()
        page_seconds = done_seconds = None
        while page_seconds is None or done_seconds is None:
            now = time.perf_counter()
            if now - saved > timeout:
                break
            if page_seconds is None and marker in (fetch(url) or ""):
                page_seconds = time.perf_counter() - saved
            if done_seconds is None and _count(log, BUILD_DONE[tool]) > builds_before:
                done_seconds = time.perf_counter() - saved
            time.sleep(POLL_SECONDS)
        return Preview(page_seconds, done_seconds)  # a server that never showed the edit is reported, not fatal
    finally:
        _stop(server)
