"""Scratch folders of a run, and the removal of those a killed run left behind.

A build writes into ``.prsite-build-*`` next to output/ and retires the old tree into
``output.old-*``; ``prsite check`` and ``prsite deploy`` work in ``prsite-check-*`` and
``prsite-deploy-*`` in the temp folder. A run that is killed (kill -9, a power cut, a cron
timeout) never removes its folder, so the next run of the same kind removes stale ones.

"In use" is decided by a lock, not by a guess: a run holds an exclusive flock on its folder
(the kernel releases it when the process dies, however it dies). A folder is removed only when
nobody holds its lock and it is older than STALE_AFTER; the age covers the instant between a
folder's creation and its lock, and runs of older prsite versions, which took no lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

STALE_AFTER = 10 * 60  # seconds


@contextmanager
def locked_folder(prefix: str, parent: str | None = None):
    """A new folder (as tempfile.mkdtemp), locked for as long as the ``with`` lasts.

    The folder itself is not removed at the end: the caller keeps, renames or removes it.
    The lock follows the folder when it is renamed (e.g. swapped in as output/).
    """
    path = tempfile.mkdtemp(prefix=prefix, dir=parent)
    handle = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield path
    finally:
        os.close(handle)


@contextmanager
def temporary_folder(prefix: str):
    """A locked work folder in the temp folder, removed at the end; stale ones of killed runs
    with the same prefix are removed first."""
    parent = tempfile.gettempdir()
    remove_stale(parent, (prefix,))
    with locked_folder(prefix, parent) as path:
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


def remove_stale(parent: str, prefixes: tuple[str, ...], now: float | None = None) -> list[str]:
    """Remove the folders in ``parent`` named ``prefix*`` that no running prsite holds and that are
    older than STALE_AFTER; returns their paths."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.name.startswith(prefixes) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            handle = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue  # gone already, or not ours to open
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            continue  # a running build's or deploy's
        try:
            shutil.rmtree(entry.path, ignore_errors=True)
        finally:
            os.close(handle)
        if not os.path.exists(entry.path):
            removed.append(entry.path)
    return removed


def remove_in_background(path: str) -> None:
    """Remove ``path`` in a detached process that holds its lock: the run that retired it need not
    wait (a 5,000-item output is 8,000 folders, 2 s to remove), a run meanwhile leaves it alone,
    and if the remover is killed, the next run removes the folder as stale."""
    try:
        subprocess.Popen([sys.executable, "-m", "publish.scratch", path], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    except OSError:  # no process to spare (a container's limit): remove it here
        shutil.rmtree(path, ignore_errors=True)


def _remove_locked(path: str) -> None:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return  # gone already
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        shutil.rmtree(path, ignore_errors=True)
    finally:
        os.close(handle)


if __name__ == "__main__":
    _remove_locked(sys.argv[1])
