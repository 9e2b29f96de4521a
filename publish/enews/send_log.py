"""The send log (SQLite, in the private folder): one row per (issue, channel, recipient), every change
of state on disk before the next step; send.py's docstring has the states and why."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from .errors import Fatal
from .private import private_folder

if TYPE_CHECKING:
    from .config import Config


SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    issue      TEXT NOT NULL,
    channel    TEXT NOT NULL,   -- 'smtp', or 'outbox' for a trial: a trial never counts as sent
    address    TEXT NOT NULL,
    message_id TEXT NOT NULL,   -- the same on every attempt
    status     TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unconfirmed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    attempt    TEXT,            -- id of the attempt that last set 'sending'
    detail     TEXT NOT NULL DEFAULT '',  -- the server's reply or what went wrong
    updated    TEXT NOT NULL,
    deferrals  INTEGER NOT NULL DEFAULT 0,  -- 4xx replies so far (ENEWS_RETRY_LATER_MINUTES)
    not_before TEXT,            -- a pending row is not tried before this time (UTC)
    PRIMARY KEY (issue, channel, address)
);
"""
# Columns added since the first send logs were written: (name, definition).
ADDED_COLUMNS = (("deferrals", "INTEGER NOT NULL DEFAULT 0"), ("not_before", "TEXT"))


@dataclass(frozen=True)
class Row:
    address: str
    message_id: str
    status: str
    attempts: int
    detail: str
    deferrals: int
    not_before: datetime | None

    def waiting(self, now: datetime) -> bool:
        """Pending, but its server asked to be tried later, and later is not yet."""
        return self.status == "pending" and self.not_before is not None and self.not_before > now


class SendLog:
    """Each recipient's state per issue and channel; every change is on disk when the call returns."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)  # autocommit: one statement, one commit
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")  # a committed 'sending' or 'sent' survives a power cut
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(deliveries)")}
        for name, definition in ADDED_COLUMNS:
            if name not in columns:
                self.db.execute(f"ALTER TABLE deliveries ADD COLUMN {name} {definition}")

    def close(self) -> None:
        self.db.close()

    def rows(self, issue: str, channel: str, *statuses: str) -> list[Row]:
        query = ("SELECT address, message_id, status, attempts, detail, deferrals, not_before FROM deliveries "
                 "WHERE issue = ? AND channel = ?")
        if statuses:
            query += f" AND status IN ({', '.join('?' * len(statuses))})"
        return [Row(*row[:-1], datetime.fromisoformat(row[-1]) if row[-1] else None)
                for row in self.db.execute(query + " ORDER BY rowid", (issue, channel, *statuses))]

    def add(self, issue: str, channel: str, entries: list[tuple[str, str]]) -> None:
        """New recipients as pending; rows already there keep their state."""
        now = _now()
        with self._transaction():
            self.db.executemany("INSERT OR IGNORE INTO deliveries (issue, channel, address, message_id, status, updated) "
                                "VALUES (?, ?, ?, ?, 'pending', ?)",
                                [(issue, channel, address, msgid, now) for address, msgid in entries])

    def forget(self, issue: str, channel: str, address: str) -> None:
        """Drop a pending row (the address is no longer a recipient); nothing was sent to it."""
        self.db.execute("DELETE FROM deliveries WHERE issue = ? AND channel = ? AND address = ? AND status = 'pending'",
                        (issue, channel, address))

    def claim(self, issue: str, channel: str, address: str) -> str:
        attempt = uuid.uuid4().hex
        cursor = self.db.execute("UPDATE deliveries SET status = 'sending', attempt = ?, attempts = attempts + 1, "
                                 "updated = ? WHERE issue = ? AND channel = ? AND address = ? AND status = 'pending'",
                                 (attempt, _now(), issue, channel, address))
        if cursor.rowcount != 1:
            raise Fatal(f"{address}: no longer pending for {issue}; is another send running?")
        return attempt

    def finish(self, issue: str, channel: str, address: str, attempt: str, status: str, detail: str = "") -> None:
        self.db.execute("UPDATE deliveries SET status = ?, detail = ?, updated = ? "
                        "WHERE issue = ? AND channel = ? AND address = ? AND attempt = ?",
                        (status, detail, _now(), issue, channel, address, attempt))

    def defer(self, issue: str, channel: str, address: str, attempt: str, reply: str, deferrals: int,
              not_before: datetime) -> None:
        """Back to pending after a 4xx, not to be tried before ``not_before``."""
        self.db.execute("UPDATE deliveries SET status = 'pending', detail = ?, deferrals = ?, not_before = ?, "
                        "updated = ? WHERE issue = ? AND channel = ? AND address = ? AND attempt = ?",
                        (reply, deferrals, _utc(not_before), _now(), issue, channel, address, attempt))

    def settle(self, issue: str, channel: str, address: str, status: str, detail: str, *before: str) -> bool:
        """Move a row from one of the states ``before`` to ``status`` (resuming, or the officer's decision).

        The back-off is kept when a cut-off row goes back to pending; an officer's --resend starts it afresh.
        """
        fresh = ", deferrals = 0, not_before = NULL" if "sending" not in before else ""
        cursor = self.db.execute(
            f"UPDATE deliveries SET status = ?, detail = ?, updated = ?{fresh} WHERE issue = ? AND channel = ? "
            f"AND address = ? AND status IN ({', '.join('?' * len(before))})",
            (status, detail, _now(), issue, channel, address, *before))
        return cursor.rowcount == 1

    @contextmanager
    def _transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


def clock() -> datetime:
    """Now, for the send log and the back-off (the tests pin it)."""
    return datetime.now(timezone.utc)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _now() -> str:
    return _utc(clock())


def read_log(config: Config, issue: str, channel: str) -> list[Row]:
    """The log's rows of an issue without creating anything (dry run, status)."""
    if not os.path.isfile(config.log):
        return []
    log = SendLog(config.log)
    try:
        return log.rows(issue, channel)
    finally:
        log.close()


@contextmanager
def send_lock(config: Config):
    """One send at a time: a second one would take the first one's 'sending' rows for cut-off ones."""
    private_folder(config)
    with open(config.log + ".lock", "a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released by the kernel even on kill -9
        except BlockingIOError:
            handle.seek(0)
            raise Fatal(f"another prsite enews send is running (pid {handle.read().strip() or '?'}); "
                        "wait for it to finish") from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield
