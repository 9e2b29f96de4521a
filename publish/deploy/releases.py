"""The release layout on the web server: what ``prsite deploy`` writes and ``prsite rollback`` switches.

On the web server, in the folder given to ``--to DIR`` (or ``--rsync USER@HOST:DIR``)::

    DIR/releases/20261120T023000Z/             one complete build per deploy (UTC time); never changed
    DIR/current -> releases/20261120T023000Z   the live site: a relative symlink, nginx's root

A release is copied in full under a hidden name (``releases/.incoming-<name>``) and then renamed,
so a release never exists half-written. ``current`` moves by renaming a new symlink over it
(rename(2) is atomic): a visitor gets the old site or the new one, never a mix. Files that did not
change are hard links to the previous release, so keeping five releases costs little more disk
than one. A failed check or build stops before anything under DIR is touched.
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import re
import shlex
import shutil
import subprocess
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path


RELEASE_NAME = re.compile(r"\d{8}T\d{6}Z")
INCOMING = ".incoming-"
LOCK_FILE = ".prsite-deploy.lock"
MAX_CLOCK_SKEW = 5  # seconds a release name may lie in the future before we blame the clock
INSTALL_RSYNC = "rsync: not found on this machine (install it: apt-get install rsync)"


class DeployError(Exception):
    """A problem the web team can fix (a missing folder, a refused login): one line, no traceback."""


def release_name(now: float | None = None) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))


def releases_to_remove(releases: list[str], live: str, keep: int) -> list[str]:
    """The releases beyond the newest ``keep``, oldest first; never the live one."""
    newest = sorted(releases)[-keep:]
    return [name for name in sorted(releases) if name not in newest and name != live]


def release_before(releases: list[str], live: str | None, wanted: str | None = None) -> str:
    """The release a rollback goes to: ``wanted``, or the newest one older than the live one.

    Raises LookupError saying why there is none.
    """
    if live is None:
        raise LookupError("nothing is live yet (there is no current link): deploy first")
    if wanted is not None:
        if wanted not in releases:
            raise LookupError(f"there is no release {wanted} (releases: {', '.join(sorted(releases)) or 'none'})")
        return wanted
    older = [name for name in sorted(releases) if name < live]
    if not older:
        raise LookupError(f"there is no release before {live} to roll back to")
    return older[-1]


# --- where releases live: a folder on this machine, or one that rsync and ssh reach ------------

class LocalTarget:
    """``--to DIR``: the web server's folder, on this machine."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.label = str(root)

    def _require_root(self) -> None:
        if not self.root.is_dir():
            raise DeployError(f"{self.label}: no such folder (create it, writable by you and readable by nginx)")

    def state(self) -> tuple[list[str], str | None]:
        """The release names, and the one ``current`` points to (None before the first deploy)."""
        self._require_root()
        current = self.root / "current"
        if current.is_symlink():
            live = Path(os.readlink(current)).name
        elif current.exists():
            raise DeployError(f"{self.label}/current: not a link to a release (move it away; "
                              "prsite deploy makes current a link)")
        else:
            live = None
        releases = self.root / "releases"
        if not releases.is_dir():
            return [], live
        return [entry.name for entry in releases.iterdir() if RELEASE_NAME.fullmatch(entry.name)], live

    @contextmanager
    def locked(self):
        """One deploy or rollback at a time: a second one would race for ``current`` and pruning."""
        self._require_root()
        with open(self.root / LOCK_FILE, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DeployError(f"{self.label}: another prsite deploy or rollback is running "
                                  "(wait for it to finish)") from None
            yield

    def upload(self, tree: Path, name: str, live: str | None) -> None:
        releases = self.root / "releases"
        releases.mkdir(exist_ok=True)
        for leftover in releases.glob(INCOMING + "*"):  # from a deploy that was interrupted
            shutil.rmtree(leftover)
        incoming = releases / (INCOMING + name)
        try:
            _copy_tree(tree, incoming, releases / live if live else None)
            os.rename(incoming, releases / name)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise

    def switch(self, name: str) -> None:
        link = self.root / f".current.tmp-{os.getpid()}"
        link.unlink(missing_ok=True)
        os.symlink(f"releases/{name}", link)
        os.replace(link, self.root / "current")

    def remove(self, names: list[str]) -> None:
        for name in names:
            shutil.rmtree(self.root / "releases" / name)


def _copy_tree(source: Path, target: Path, previous: Path | None) -> None:
    """Copy the built site; a file equal to the previous release's copy becomes a hard link to it.

    Modes are set (0755/0644) rather than copied: a build made under a strict umask must
    still be readable by nginx.
    """
    for folder, _, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        (target / relative).mkdir(parents=True)
        os.chmod(target / relative, 0o755)
        for name in files:
            built, copy = Path(folder) / name, target / relative / name
            old = previous / relative / name if previous else None
            if old and old.is_file() and filecmp.cmp(built, old, shallow=False):
                os.link(old, copy)
            else:
                shutil.copy2(built, copy)
                os.chmod(copy, 0o644)


def parse_rsync_target(spec: str) -> tuple[str | None, str]:
    """``user@host:/srv/prsite`` -> ("user@host", "/srv/prsite"); a plain path is on this machine.

    As in rsync, a colon before the first slash names a host.
    """
    head, colon, path = spec.partition(":")
    if not colon or "/" in head:
        return None, spec
    if path.startswith(":") or not head or not path:
        raise DeployError(f"{spec}: not an rsync target over ssh (write USER@HOST:/path/to/DIR)")
    return head, path


class RsyncTarget:
    """``--rsync USER@HOST:DIR``: the web server's folder on another machine, via rsync and ssh.

    The same layout and steps as LocalTarget, done by shell commands on the server (a plain local
    path runs them here, which is how the tests exercise this code). The server needs rsync and
    GNU coreutils (Debian has both). There is no lock: one deploy at a time (docs/deploy.md).
    """

    SSH = ["ssh", "-o", "BatchMode=yes"]  # never stop at a password prompt: set up a key

    def __init__(self, spec: str):
        self.host, self.path = parse_rsync_target(spec)
        self.label = spec

    def _run(self, script: str) -> str:
        command = ["sh", "-c", script] if self.host is None else [*self.SSH, self.host, "sh -c " + shlex.quote(script)]
        return self._checked(command)

    def _checked(self, command: list[str]) -> str:
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:  # the first line says why (ssh, rsync and sh name themselves)
            why = (done.stderr.strip().splitlines() or [f"{command[0]} exited with {done.returncode}"])[0]
            raise DeployError(f"{self.label}: {why}")
        return done.stdout

    def _in_dir(self, script: str) -> str:
        """Run ``script`` in DIR; a missing DIR is one line, as with --to."""
        missing = "echo 'no such folder (create it on the server)' >&2; exit 1"
        return self._run(f"cd {shlex.quote(self.path)} 2>/dev/null || {{ {missing}; }}; {script}")

    def state(self) -> tuple[list[str], str | None]:
        not_a_link = "echo 'current: not a link to a release (move it away; prsite deploy makes current a link)' >&2"
        lines = self._in_dir(f"test ! -e current -o -L current || {{ {not_a_link}; exit 1; }}; "
                             "readlink current || echo; ls -1A releases 2>/dev/null || true").splitlines()
        live = Path(lines[0]).name or None  # the first line is the link's target, empty before the first deploy
        return [name for name in lines[1:] if RELEASE_NAME.fullmatch(name)], live

    def locked(self):
        return nullcontext()

    def upload(self, tree: Path, name: str, live: str | None) -> None:
        if shutil.which("rsync") is None:
            raise DeployError(INSTALL_RSYNC)
        incoming = f"releases/{INCOMING}{name}"
        self._in_dir(f"mkdir -p releases && rm -rf releases/{INCOMING}*")
        command = ["rsync", "-a", "--no-owner", "--no-group", "--chmod=D755,F644",
                   "--delay-updates"]  # files take their names only at the end of the transfer
        if live:
            # A build rewrites every file, so times never match: link unchanged files to the live
            # release by content, with times left out of the comparison. The path is relative to
            # the incoming folder.
            command += ["--checksum", "--no-times", "--link-dest=../../current"]
        if self.host is not None:
            command += ["-e", " ".join(self.SSH)]
        destination = f"{self.path.rstrip('/')}/{incoming}/"
        self._checked([*command, f"{tree}/", f"{self.host}:{destination}" if self.host else destination])
        self._in_dir(f"mv -T {incoming} releases/{name}")

    def switch(self, name: str) -> None:
        self._in_dir(f"ln -sfn releases/{name} .current.tmp-$$ && mv -T .current.tmp-$$ current")

    def remove(self, names: list[str]) -> None:
        if names:
            self._in_dir("rm -rf " + " ".join(f"releases/{name}" for name in names))


# --- the steps ----------------------------------------------------------------------------------

@dataclass
class Published:
    name: str
    previous: str | None
    removed: list[str]


def _new_name(releases: list[str]) -> str:
    """Now, in UTC; names sort by time, so a second deploy within the same second waits for the next."""
    newest = max(releases, default="")
    name = release_name()
    if newest > release_name(time.time() + MAX_CLOCK_SKEW):
        raise DeployError(f"the newest release {newest} is later than now ({name}); check this machine's clock")
    while name <= newest:
        time.sleep(0.1)
        name = release_name()
    return name


def publish(tree: Path, target, keep: int) -> Published:
    """Copy a built and checked ``tree`` as a new release, make it live, prune old releases."""
    with target.locked():
        releases, live = target.state()
        name = _new_name(releases)
        target.upload(tree, name, live)
        target.switch(name)
        removed = releases_to_remove([*releases, name], name, keep)
        target.remove(removed)
    return Published(name, live, removed)
