"""prsite enews send against a real SMTP server on 127.0.0.1 (aiosmtpd), and into the outbox.

The server records every message it takes, per recipient, so each test can assert that every
recipient got the issue exactly once, whatever went wrong in between: a dropped connection, a
4xx, a 550, a process killed with SIGKILL at the worst moment. The issue's files are written
here as the build writes them (cache/enews/<issue>/: email.html, email.txt, message.json; never output/).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller

from publish.enews import send as enews_send
from publish.enews import send_log

ISSUE = "2569-11"
SUBJECT = "จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569 ประจำเดือนพฤศจิกายน 2569"
HTML = """<!doctype html><html lang="th"><head><meta charset="utf-8"><title>จดหมายข่าว</title></head>
<body><h1>จดหมายข่าว ฉบับที่ 11/2569</h1><p>ข่าวกิจกรรมของโรงเรียนในเครือข่าย</p>
<p><a href="{{UNSUBSCRIBE_URL}}">ยกเลิกการรับจดหมายข่าว</a></p></body></html>
"""
# The line starting with "." must arrive as it is (SMTP doubles it on the wire).
TEXT = "จดหมายข่าว ฉบับที่ 11/2569\n\n.ข่าวที่ขึ้นต้นด้วยจุด\n\nยกเลิกการรับ: {{UNSUBSCRIBE_URL}}\n"
UNSUBSCRIBE_URL = "https://takpeo1.example.go.th/enews/unsubscribe?address={address}&token={token}"
MEMBERS = 12          # school-1 ... school-12; every fourth has enews no
SUBSCRIBERS = ["  Parent.One@Example.com ", "parent.two@example.com", "SARABAN@SCHOOL1.EXAMPLE.AC.TH",
               "# the line below is a comment", "parent.three@example.com  # asked at the open day"]


def member_row(number: int) -> str:
    cells = [""] * 21
    cells[0:4] = f"school-{number}", f"โรงเรียนทดสอบ {number}", "school", "เมืองตาก"
    cells[8] = f"saraban@school{number}.example.ac.th"
    cells[16] = "no" if number % 4 == 0 else "yes"
    return ",".join(cells)


EXPECTED = ([f"saraban@school{n}.example.ac.th" for n in range(1, MEMBERS + 1) if n % 4]
            + ["parent.one@example.com", "parent.two@example.com", "parent.three@example.com"])


@pytest.fixture
def enews_site(site):
    site.members(*(member_row(n) for n in range(1, MEMBERS + 1)))
    site.write("private/enews-subscribers.txt", "\n".join(SUBSCRIBERS) + "\n")
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write(f"\nENEWS_RATE_PER_MINUTE = 0\nENEWS_RETRY_DELAY = 0.01\nENEWS_UNSUBSCRIBE_URL = {UNSUBSCRIBE_URL!r}\n")
    folder = site.root / "cache/enews" / ISSUE
    folder.mkdir(parents=True)
    (folder / "email.html").write_text(HTML, encoding="utf-8")
    (folder / "email.txt").write_text(TEXT, encoding="utf-8")
    (folder / "message.json").write_text(json.dumps({
        "issue": ISSUE, "number": "11/2569", "subject": SUBJECT, "preheader": "ข่าวเดือนพฤศจิกายน",
        "url": f"https://takpeo1.example.go.th/enews/{ISSUE}/", "html": "email.html", "text": "email.txt",
        "bytes": len(HTML.encode())}, ensure_ascii=False), encoding="utf-8")
    return site


class Recorder:
    """aiosmtpd handler: takes and records messages, and misbehaves when told to."""

    def __init__(self):
        self.received: list[tuple[str, bytes]] = []
        self.reject: dict[str, str] = {}           # address -> 5xx at RCPT, every time
        self.defer: dict[str, str] = {}            # address -> 4xx at RCPT, every time (until removed)
        self.rcpts: Counter = Counter()            # RCPT TO commands per address
        self.drop_at_mail: int | None = None       # close the connection at this MAIL FROM (1-based), once
        self.drop_after_data: set[str] = set()     # take the message, then close without replying, once
        self.hold_rcpt: dict[str, threading.Event] = {}  # wait at RCPT until set (the client may die)
        self.hold_reply: dict[str, threading.Event] = {}  # take the message, wait before replying
        self.holding: set[str] = set()                    # addresses the server has held
        self.mails = 0

    def counts(self) -> Counter:
        return Counter(recipient for recipient, _ in self.received)

    def has(self, message_id: str) -> bool:
        return any(f"Message-ID: {message_id}".encode() in data for _, data in self.received)

    async def handle_MAIL(self, server, session, envelope, address, options):
        self.mails += 1
        if self.mails == self.drop_at_mail:
            self.drop_at_mail = None
            server.transport.close()
        envelope.mail_from = address
        return "250 OK"

    async def hold(self, events: dict[str, threading.Event], address: str) -> None:
        if address in events and address not in self.holding:
            self.holding.add(address)
            await asyncio.get_running_loop().run_in_executor(None, events[address].wait, 20)

    async def handle_RCPT(self, server, session, envelope, address, options):
        await self.hold(self.hold_rcpt, address)
        self.rcpts[address] += 1
        if address in self.reject:
            return self.reject[address]
        if address in self.defer:
            return self.defer[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            self.received.append((recipient, envelope.original_content))
            if recipient in self.drop_after_data:
                self.drop_after_data.discard(recipient)
                server.transport.close()
            await self.hold(self.hold_reply, recipient)
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    recorder.env = {"PRSITE_SMTP_HOST": "127.0.0.1", "PRSITE_SMTP_PORT": str(port), "PRSITE_SMTP_SECURITY": "none"}
    for name, value in recorder.env.items():
        monkeypatch.setenv(name, value)
    yield recorder
    for event in (*recorder.hold_rcpt.values(), *recorder.hold_reply.values()):
        event.set()
    controller.stop()


def log_rows(site) -> dict[str, str]:
    with sqlite3.connect(site.root / "private/enews-send-log.sqlite3") as db:
        return dict(db.execute("SELECT address, status FROM deliveries WHERE issue = ?", (ISSUE,)))


def test_every_recipient_gets_one_message_with_both_parts_and_unfolded_list_headers(enews_site, smtp):
    result = enews_site.run("enews", "send", ISSUE)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{ISSUE}: {len(EXPECTED)} sent via 127.0.0.1:{smtp.env['PRSITE_SMTP_PORT']}, " \
                            "0 failed, 0 unconfirmed, 0 left\n"
    assert smtp.counts() == Counter(EXPECTED)  # normalised, de-duplicated, enews=no left out
    key = (enews_site.root / "private/enews-secret").read_text().strip().encode()
    for address, data in smtp.received:
        assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
        header = re.search(rb"^List-Unsubscribe: (.*?)\r\n(?![ \t])", data, re.M | re.S)[1].decode()
        token = enews_send.unsubscribe_token(key, address)
        https = f"https://takpeo1.example.go.th/enews/unsubscribe?address={address.replace('@', '%40')}&token={token}"
        assert header == f"<mailto:pr@takpeo1.example.go.th?subject=unsubscribe>, <{https}>"  # one line, no =?utf-8?
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert message["Subject"] == SUBJECT
        assert message["To"].addresses[0].addr_spec == address
        assert message["From"] == '"สพป.ตาก เขต 1" <pr@takpeo1.example.go.th>'
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Id"] == "จดหมายข่าว สพป.ตาก เขต 1 <enews.takpeo1.example.go.th>"
        assert f"\r\nMessage-ID: {enews_send.message_id(key, ISSUE, address, 'takpeo1.example.go.th')}\r\n".encode() in data
        assert message["Date"].datetime.utcoffset().total_seconds() == 7 * 3600
        assert message.get_content_type() == "multipart/alternative"
        text, page = (part.get_content() for part in message.iter_parts())
        assert text == TEXT.replace("{{UNSUBSCRIBE_URL}}", https).replace("\n", "\r\n")
        assert page == HTML.replace("{{UNSUBSCRIBE_URL}}", https.replace("&", "&amp;")).replace("\n", "\r\n")
    assert set(log_rows(enews_site).values()) == {"sent"}
    assert (enews_site.root / "private").stat().st_mode & 0o777 == 0o700  # it was made 0755 by hand

    again = enews_site.run("enews", "send", ISSUE)
    assert again.exit_code == 0 and again.stdout.startswith(f"{ISSUE}: 0 sent")
    assert smtp.counts() == Counter(EXPECTED)


def test_dropped_connections_are_retried_and_nobody_gets_two(enews_site, smtp):
    smtp.drop_at_mail = 4                                               # before the 4th message
    smtp.drop_after_data = {EXPECTED[9]}                               # took it, never said so

    result = enews_site.run("enews", "send", ISSUE)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{EXPECTED[9]}: unconfirmed: 127.0.0.1:")
    assert "connection lost after the message was handed over" in result.stderr
    assert smtp.counts() == Counter(EXPECTED)
    assert log_rows(enews_site)[EXPECTED[9]] == "unconfirmed"

    again = enews_site.run("enews", "send", ISSUE)                    # not re-sent by itself
    assert smtp.counts() == Counter(EXPECTED) and again.exit_code == 1
    marked = enews_site.run("enews", "send", ISSUE, "--mark-sent", EXPECTED[9])
    assert marked.exit_code == 0, marked.stderr
    assert set(log_rows(enews_site).values()) == {"sent"}


def test_a_550_is_recorded_and_skipped(enews_site, smtp):
    bounced = EXPECTED[2]
    smtp.reject = {bounced: "550 5.1.1 <%s>: Recipient address rejected: User unknown" % bounced}

    result = enews_site.run("enews", "send", ISSUE)

    assert result.exit_code == 1
    assert result.stderr == f"{bounced}: 550 5.1.1 <{bounced}>: Recipient address rejected: User unknown\n"
    assert smtp.counts() == Counter(a for a in EXPECTED if a != bounced)
    assert log_rows(enews_site)[bounced] == "failed"
    status = enews_site.run("enews", "status", ISSUE)
    assert status.stdout.splitlines() == [
        f"{ISSUE} via 127.0.0.1:{smtp.env['PRSITE_SMTP_PORT']}: {len(EXPECTED) - 1} sent, 1 failed, 0 unconfirmed, "
        f"0 left ({len(EXPECTED)} recipients now)",
        f"failed: {bounced}: 550 5.1.1 <{bounced}>: Recipient address rejected: User unknown"]

    smtp.reject = {}
    again = enews_site.run("enews", "send", ISSUE)                    # permanent: not tried again
    assert again.exit_code == 0 and smtp.counts()[bounced] == 0


# 18:00 in Thailand; the send log and the back-off read the time from send_log.clock.
T0 = datetime(2026, 11, 20, 11, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """The sender's clock, pinned: ``clock.now`` is what it reads; move it to pass a back-off."""
    class Pinned:
        now = T0

    monkeypatch.setattr(send_log, "clock", lambda: Pinned.now)
    return Pinned


def test_a_451_waits_with_back_off_and_a_550_fails_while_everyone_else_gets_it(enews_site, smtp, clock):
    greylisted, full, bounced = EXPECTED[1], EXPECTED[4], EXPECTED[7]
    smtp.defer = {greylisted: "451 4.7.1 Greylisted, please try again later",
                  full: "452 4.2.2 Mailbox full"}
    smtp.reject = {bounced: "550 5.1.1 User unknown"}
    others = Counter(a for a in EXPECTED if a not in (greylisted, full, bounced))
    port = smtp.env["PRSITE_SMTP_PORT"]

    result = enews_site.run("enews", "send", ISSUE)

    assert smtp.counts() == others                                      # the send went on for everyone else
    assert result.exit_code == 1                                        # the 550 is a failure to look at
    assert result.stderr.splitlines() == [
        f"{greylisted}: waiting: 451 4.7.1 Greylisted, please try again later "
        "(next try after 20 พฤศจิกายน 2569 เวลา 18:15 น.)",
        f"{full}: waiting: 452 4.2.2 Mailbox full (next try after 20 พฤศจิกายน 2569 เวลา 18:15 น.)",
        f"{bounced}: 550 5.1.1 User unknown"]
    assert result.stdout.splitlines() == [
        f"{ISSUE}: {len(others)} sent via 127.0.0.1:{port}, 1 failed, 0 unconfirmed, 0 left, 2 waiting",
        f"2 waiting: run prsite enews send {ISSUE} again after 20 พฤศจิกายน 2569 เวลา 18:15 น."]
    status = enews_site.run("enews", "status", ISSUE)
    assert status.stdout.splitlines() == [
        f"{ISSUE} via 127.0.0.1:{port}: {len(others)} sent, 1 failed, 0 unconfirmed, 0 left, 2 waiting "
        f"({len(EXPECTED)} recipients now)",
        f"failed: {bounced}: 550 5.1.1 User unknown",
        f"waiting: {greylisted}: 451 4.7.1 Greylisted, please try again later "
        "(tried 1 time; next try after 20 พฤศจิกายน 2569 เวลา 18:15 น.)",
        f"waiting: {full}: 452 4.2.2 Mailbox full (tried 1 time; next try after 20 พฤศจิกายน 2569 เวลา 18:15 น.)"]
    dry = enews_site.run("enews", "send", ISSUE, "--dry-run")
    assert dry.stdout.splitlines() == [
        f"{ISSUE}: 0 would receive it now via 127.0.0.1:{port} ({len(EXPECTED)} recipients: 9 members, "
        f"3 subscribers, 1 duplicate left out; {len(EXPECTED)} already in the send log, 2 of them waiting until "
        "20 พฤศจิกายน 2569 เวลา 18:15 น.)"]

    # Too early: nobody is tried, and the run says until when.
    clock.now = T0 + timedelta(minutes=14)
    early = enews_site.run("enews", "send", ISSUE)
    assert (early.exit_code, early.stderr) == (0, "")
    assert early.stdout.splitlines() == [
        f"{ISSUE}: 0 sent via 127.0.0.1:{port}, 0 failed, 0 unconfirmed, 0 left, 2 waiting",
        f"2 waiting: run prsite enews send {ISSUE} again after 20 พฤศจิกายน 2569 เวลา 18:15 น."]
    assert smtp.rcpts[greylisted] == smtp.rcpts[full] == 1 and smtp.rcpts[bounced] == 1

    # The back-off has passed: only the two waiting are tried; the greylisting has ended.
    clock.now = T0 + timedelta(minutes=15)
    del smtp.defer[greylisted]
    second = enews_site.run("enews", "send", ISSUE)
    assert second.stdout.splitlines() == [
        f"{ISSUE}: 1 sent via 127.0.0.1:{port}, 0 failed, 0 unconfirmed, 0 left, 1 waiting",
        f"1 waiting: run prsite enews send {ISSUE} again after 20 พฤศจิกายน 2569 เวลา 19:15 น."]
    assert second.stderr == f"{full}: waiting: 452 4.2.2 Mailbox full (next try after 20 พฤศจิกายน 2569 เวลา 19:15 น.)\n"
    assert smtp.counts() == others + Counter([greylisted]) and smtp.rcpts[bounced] == 1

    # 15 min, 1 h, 4 h, 12 h later, then it is failed with the server's last reply.
    for minutes, next_try in ((15 + 60, "20 พฤศจิกายน 2569 เวลา 23:15 น."), (15 + 60 + 240, "21 พฤศจิกายน 2569 เวลา 11:15 น.")):
        clock.now = T0 + timedelta(minutes=minutes)
        again = enews_site.run("enews", "send", ISSUE)
        assert again.stderr == f"{full}: waiting: 452 4.2.2 Mailbox full (next try after {next_try})\n"
    clock.now = T0 + timedelta(minutes=15 + 60 + 240 + 720)
    last = enews_site.run("enews", "send", ISSUE)
    assert last.exit_code == 1
    assert last.stderr == f"{full}: 452 4.2.2 Mailbox full (gave up after 5 tries)\n"
    assert last.stdout == f"{ISSUE}: 0 sent via 127.0.0.1:{port}, 1 failed, 0 unconfirmed, 0 left\n"
    assert smtp.rcpts[full] == 5
    assert log_rows(enews_site) == {**{a: "sent" for a in EXPECTED}, full: "failed", bounced: "failed"}
    assert enews_site.run("enews", "status", ISSUE).stdout.splitlines()[1:] == [
        f"failed: {full}: 452 4.2.2 Mailbox full (gave up after 5 tries)", f"failed: {bounced}: 550 5.1.1 User unknown"]

    # The officer may try a failed one again, with a fresh back-off.
    del smtp.defer[full]
    resent = enews_site.run("enews", "send", ISSUE, "--resend", full)
    assert resent.exit_code == 0, resent.stderr
    assert smtp.counts() == Counter(a for a in EXPECTED if a != bounced)


def test_a_send_log_written_before_the_back_off_is_read_and_kept(enews_site, smtp):
    """A log from an older prsite (no deferrals / not_before columns) goes on where it was."""
    (enews_site.root / "private").mkdir(exist_ok=True)
    old_schema = send_log.SCHEMA.split("    deferrals")[0] + "    PRIMARY KEY (issue, channel, address)\n);"
    with sqlite3.connect(enews_site.root / "private/enews-send-log.sqlite3") as db:
        db.executescript(old_schema)
        db.execute("INSERT INTO deliveries (issue, channel, address, message_id, status, updated) "
                   "VALUES (?, 'smtp', ?, '<old@x>', 'sent', '2026-11-20T10:00:00+00:00')", (ISSUE, EXPECTED[0]))
    result = enews_site.run("enews", "send", ISSUE)
    assert result.exit_code == 0, result.stderr
    assert smtp.counts() == Counter(EXPECTED[1:])


def test_a_server_that_is_down_stops_the_run_with_one_line_and_it_resumes(enews_site, smtp, clock, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]                                 # nothing listens here
    monkeypatch.setenv("PRSITE_SMTP_PORT", str(closed))
    down = enews_site.run("enews", "send", ISSUE)
    assert down.exit_code == 1 and "Traceback" not in down.stderr
    assert down.stderr.splitlines() == [
        f"{ISSUE}: 0 sent via 127.0.0.1:{closed}, 0 failed, 0 unconfirmed, {len(EXPECTED)} left",
        f"stopped: 127.0.0.1:{closed}: cannot connect ([Errno 111] Connection refused) (gave up after 6 tries in a "
        f"row); run prsite enews send {ISSUE} again to send the rest"]
    assert set(log_rows(enews_site).values()) == {"pending"}

    monkeypatch.setenv("PRSITE_SMTP_PORT", smtp.env["PRSITE_SMTP_PORT"])
    up = enews_site.run("enews", "send", ISSUE)
    assert up.exit_code == 0, up.stderr
    assert smtp.counts() == Counter(EXPECTED)


def test_unsubscribed_addresses_get_nothing(enews_site, smtp):
    result = enews_site.run("enews", "unsubscribe", "Parent.Two@example.com", EXPECTED[0])
    assert result.stdout.splitlines() == [
        "parent.two@example.com: unsubscribed (private/enews-unsubscribed.txt)",
        f"{EXPECTED[0]}: unsubscribed (private/enews-unsubscribed.txt)"]
    assert enews_site.run("enews", "unsubscribe", "parent.two@example.com").stdout.endswith("already unsubscribed "
                                                                                          "(private/enews-unsubscribed.txt)\n")
    bad = enews_site.run("enews", "unsubscribe", "not-an-address")
    assert (bad.exit_code, bad.stderr) == (1, "Error: not-an-address: not an e-mail address (e.g. saraban@school.ac.th)\n")

    dry = enews_site.run("enews", "send", ISSUE, "--dry-run")
    kept = [a for a in EXPECTED if a not in ("parent.two@example.com", EXPECTED[0])]
    assert [line.split("\t")[0] for line in dry.stdout.splitlines()[:-1]] == kept
    assert dry.stdout.splitlines()[-1] == (
        f"{ISSUE}: {len(kept)} would receive it now via 127.0.0.1:{smtp.env['PRSITE_SMTP_PORT']} ({len(kept)} "
        "recipients: 8 members, 2 subscribers, 3 unsubscribed left out; 0 already in the send log)")
    assert smtp.received == [] and not (enews_site.root / "private/enews-send-log.sqlite3").exists()

    enews_site.run("enews", "send", ISSUE)
    assert smtp.counts() == Counter(kept)


def test_the_outbox_without_smtp_is_exact_after_a_cut_off(enews_site, monkeypatch):
    outbox = enews_site.root / "private/outbox"
    result = enews_site.run("enews", "send", ISSUE)
    assert result.stdout == f"{ISSUE}: {len(EXPECTED)} written to the outbox private/outbox, 0 failed, " \
                            "0 unconfirmed, 0 left\n"
    files = sorted(outbox.glob("new/*"))
    assert len(files) == len(EXPECTED)

    # A run cut off twice: once before the file was written, once after; neither is ambiguous here.
    first, second = EXPECTED[0], EXPECTED[1]
    key = (enews_site.root / "private/enews-secret").read_text().strip().encode()
    written = outbox / "new" / enews_send.Outbox._name(enews_send.message_id(key, ISSUE, first, "takpeo1.example.go.th"))
    written.unlink()
    with sqlite3.connect(enews_site.root / "private/enews-send-log.sqlite3") as db:
        db.execute("UPDATE deliveries SET status = 'sending' WHERE address IN (?, ?)", (first, second))
    kept = (outbox / "new").stat().st_mtime_ns
    again = enews_site.run("enews", "send", ISSUE)
    assert again.stdout.startswith(f"{ISSUE}: 1 written")
    assert written.exists() and len(list(outbox.glob("new/*"))) == len(EXPECTED)
    assert set(log_rows(enews_site).values()) == {"sent"}
    assert kept != (outbox / "new").stat().st_mtime_ns


@pytest.mark.parametrize("damage", [b"\x80\x04garbage", b'{"issue": 5}', b"[]"])
def test_a_damaged_message_file_is_one_line_and_does_not_stop_a_build(enews_site, damage):
    message = enews_site.root / "cache/enews/2569-11/message.json"
    message.write_bytes(damage)
    result = enews_site.run("enews", "send", ISSUE, "--dry-run")
    assert (result.exit_code, result.stderr) == (
        1, "Error: cache/enews/2569-11/message.json: is damaged (run prsite build again)\n")
    built = enews_site.run("build")
    assert built.exit_code == 0, built.output
    assert not message.exists()  # written by hand, for no issue in content/: not sendable after a build

def test_settings_and_issue_mistakes_are_one_line(enews_site, monkeypatch):
    monkeypatch.setenv("PRSITE_SMTP_HOST", "smtp.example.go.th")
    monkeypatch.setenv("PRSITE_SMTP_SECURITY", "tls")
    result = enews_site.run("enews", "send", ISSUE)
    assert (result.exit_code, result.stderr) == (1, "Error: PRSITE_SMTP_SECURITY: 'tls' is not one of none, "
                                                    "starttls, ssl\n")
    monkeypatch.delenv("PRSITE_SMTP_HOST")

    missing = enews_site.run("enews", "send", "2569-12")
    assert missing.stderr == "Error: 2569-12: no such e-news issue in cache/enews (built: 2569-11 (11/2569))\n"
    by_number = enews_site.run("enews", "send", "11/2569", "--dry-run")             # the same issue as 2569-11
    assert by_number.stdout.splitlines()[-1].startswith(f"{ISSUE}: {len(EXPECTED)} would receive it")

    enews_site.write("private/enews-subscribers.txt", "ok@example.com\nsomchai(at)example.com\n")
    bad = enews_site.run("enews", "send", ISSUE, "--dry-run")
    assert bad.stderr == ("Error: private/enews-subscribers.txt:2: address: 'somchai(at)example.com' is not an "
                          "e-mail address (one address per line, e.g. saraban@school.ac.th)\n")

    conf = enews_site.root / "pelicanconf.py"
    kept = conf.read_text(encoding="utf-8")
    conf.write_text(kept + "\nENEWS_RETRY_LATER_MINUTES = '15 min'\n", encoding="utf-8")
    later = enews_site.run("enews", "send", ISSUE)
    assert later.stderr == ("Error: ENEWS_RETRY_LATER_MINUTES: '15 min' is not a list of minutes "
                            "(e.g. (15, 60, 240, 720))\n")
    conf.write_text(kept, encoding="utf-8")

    with open(enews_site.root / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write("\nENEWS_PRIVATE_PATH = 'output/private'\n")
    inside = enews_site.run("enews", "status", ISSUE)
    assert inside.stderr == ("Error: ENEWS_PRIVATE_PATH: 'output/private' is inside OUTPUT_PATH (private files must "
                             "never be published; the default is 'private')\n")

    with open(enews_site.root / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write("\nENEWS_PRIVATE_PATH = 'private'\nENEWS_MAIL_PATH = 'output/mail'\n")
    published = enews_site.run("enews", "send", ISSUE)
    assert published.stderr == ("Error: ENEWS_MAIL_PATH: 'output/mail' is inside OUTPUT_PATH (the e-mail files are "
                                "send-only; the default is 'cache/enews')\n")


def test_a_second_send_waits_for_the_first(enews_site, smtp, monkeypatch):
    from publish import pipeline

    monkeypatch.chdir(enews_site.root)
    config = enews_send.configure(pipeline.load_settings("pelicanconf.py"))
    with send_log.send_lock(config):
        result = enews_site.run("enews", "send", ISSUE)
    assert result.stderr == f"Error: another prsite enews send is running (pid {os.getpid()}); wait for it to finish\n"
    assert smtp.received == []


def _start(site, env, *extra):
    return subprocess.Popen([sys.executable, "-c", "from publish.cli import main; main()", "enews", "send", ISSUE, *extra],
                            cwd=site.root, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_ctrl_c_and_kill_9_midway_then_resume_serve_everyone_exactly_once(enews_site, smtp):
    with open(enews_site.root / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write("\nENEWS_RATE_PER_MINUTE = 600\n")  # 0.1 s apart: slow enough to stop midway
    env = smtp.env

    # Ctrl-C: the message in flight is finished, then the run stops with one line.
    process = _start(enews_site, env)
    _wait_for(lambda: len(smtp.received) >= 2)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 1 and "Traceback" not in err
    assert err.splitlines()[-1] == f"stopped: interrupted; run prsite enews send {ISSUE} again to send the rest"

    # kill -9 between two messages.
    process = _start(enews_site, env)
    already = len(smtp.received)
    _wait_for(lambda: len(smtp.received) >= already + 2)
    time.sleep(0.03)
    process.kill()
    process.wait()

    # kill -9 at the worst moment: the server has taken the message but not yet said so.
    held = EXPECTED[len(smtp.received) + 1]
    smtp.hold_reply[held] = threading.Event()
    process = _start(enews_site, env)
    _wait_for(lambda: held in smtp.holding)
    process.kill()
    process.wait()
    smtp.hold_reply[held].set()

    # kill -9 while the server has not yet got the message (held at RCPT TO).
    stalled = EXPECTED[EXPECTED.index(held) + 2]
    smtp.hold_rcpt[stalled] = threading.Event()
    process = _start(enews_site, env)
    _wait_for(lambda: stalled in smtp.holding)
    process.kill()
    process.wait()
    smtp.hold_rcpt[stalled].set()
    assert max(smtp.counts().values()) == 1

    # Resume: everything left is sent; the cut-off ones are unconfirmed, never re-sent by themselves.
    process = _start(enews_site, env)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 1, err
    assert smtp.counts()[held] == 1 and smtp.counts()[stalled] == 0
    status = enews_site.run("enews", "status", ISSUE).stdout
    unconfirmed = dict(re.findall(r"^unconfirmed: (\S+): .*?Message-ID (<[^>]+>)", status, re.M))
    assert held in unconfirmed and stalled in unconfirmed and len(unconfirmed) <= 3

    # The officer looks each Message-ID up in the mail server's log and decides.
    decisions = [arg for address, message_id in unconfirmed.items()
                 for arg in ("--mark-sent" if smtp.has(message_id) else "--resend", address)]
    result = enews_site.run("enews", "send", ISSUE, *decisions)
    assert result.exit_code == 0, result.stderr
    assert smtp.counts() == Counter(EXPECTED)
    assert set(log_rows(enews_site).values()) == {"sent"}


def test_preview_serves_the_email(enews_site):
    process = subprocess.Popen([sys.executable, "-c", "from publish.cli import main; main()", "enews", "preview",
                                ISSUE, "--no-open"], cwd=enews_site.root, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/2569-11/email\.html", line)[0]
        assert line == f"e-news {ISSUE}: {url} (Ctrl-C to stop)\n"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.read().decode() == HTML
    finally:
        process.terminate()
        process.wait()


def test_a_real_build_then_send(site, smtp):
    """The build plugin's files, end to end: prsite enews build, then send."""
    site.news("meeting", """
        Title: ประชุมผู้บริหารสถานศึกษา ครั้งที่ 11/2569
        Date: 2026-11-10
        Category: ข่าวประชาสัมพันธ์
        Summary: สพป.ตาก เขต 1 ประชุมผู้บริหารสถานศึกษาเพื่อชี้แจงนโยบาย
        Slug: directors-meeting-11-2569
        Status: published
    """)
    site.write("content/enews/2569-11.md", """
        Title: จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569
        Number: 11/2569
        Date: 2026-11-20
        Status: published

        เรียน ผู้บริหารสถานศึกษา ครู และผู้อ่านทุกท่าน
    """)
    result = site.run("enews", "build", "2569-11")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"built output in \d+\.\d s; e-news 2569-11: จดหมายข่าว สพป\.ตาก เขต 1 ฉบับที่ 11/2569 .+", lines[0])
    assert [line.split()[0] for line in lines[1:]] == [f"cache/enews/2569-11/{name}"
                                                      for name in ("email.html", "email.txt", "message.json")]
    assert not list((site.root / "output").rglob("email.*"))  # send-only: never published

    sent = site.run("enews", "send", "2569-11")
    assert sent.exit_code == 0, sent.stderr
    assert smtp.counts() == Counter(["saraban@anubantak.example.ac.th"])
    message = email.message_from_bytes(smtp.received[0][1], policy=email.policy.default)
    assert message["Subject"].startswith("จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569")
    html_part = message.get_body(("html",)).get_content()
    assert "{{UNSUBSCRIBE_URL}}" not in html_part and "mailto:pr@takpeo1.example.go.th?subject=unsubscribe" in html_part
