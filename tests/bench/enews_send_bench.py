"""E-news sending benchmark: messages per second to a loopback SMTP server, and where the time goes.

    .venv/bin/python tests/bench/enews_send_bench.py                       # 1,000 recipients, 3 runs
    .venv/bin/python tests/bench/enews_send_bench.py --recipients 200 --html-kb 90 --repeat 1

One issue (a synthetic Thai email.html of --html-kb KB and its email.txt) goes to --recipients
addresses through ``enews_send.send_issue``, exactly as ``prsite enews send`` drives it: the
send log in a temp private folder (fsync'd per change of state), no rate limit. The SMTP
server is aiosmtpd's Sink handler in a child process on 127.0.0.1, so it does not share the
sender's GIL. Also timed on their own: composing the messages (CPU time), the send log's two
commits per message (wall time: they wait for the disk), and the outbox (Maildir). Each figure
is the median of --repeat runs, each with a new log; CPU time is the steadier figure on a
shared machine. Results are in docs/performance.md ("E-news sending").
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from publish.enews import send as enews_send  # noqa: E402
from publish.enews import private, send_log, subscribers  # noqa: E402

PARAGRAPH = ("<p>สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1 จัดประชุมผู้บริหารสถานศึกษาเพื่อชี้แจงแนวทางการจัดการเรียนรู้ "
             "และการประเมินคุณภาพผู้เรียน ณ ห้องประชุมสำนักงาน <a href=\"https://takpeo1.example.go.th/news/2569/x/\">"
             "อ่านต่อ</a></p>\n")


def make_issue(html_kb: int) -> enews_send.Issue:
    body = PARAGRAPH * max(1, html_kb * 1024 // len(PARAGRAPH.encode()))
    html = (f"<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\"></head><body>{body}"
            "<p><a href=\"{{UNSUBSCRIBE_URL}}\">ยกเลิกการรับจดหมายข่าว</a></p></body></html>\n")
    text = "จดหมายข่าว ฉบับที่ 11/2569\n\n" + "ข่าวกิจกรรมของโรงเรียนในเครือข่าย\n" * 60 + "ยกเลิก: {{UNSUBSCRIBE_URL}}\n"
    return enews_send.Issue("2569-11", "จดหมายข่าว สพป.ตาก เขต 1 ฉบับที่ 11/2569", html, text)


def config(work: Path, port: int | None) -> enews_send.Config:
    settings = {"PATH": str(work / "content"), "OUTPUT_PATH": str(work / "output"), "TIMEZONE": "Asia/Bangkok",
                "SITENAME": "สพป.ตาก เขต 1", "OFFICE_SHORT_NAME": "สพป.ตาก เขต 1",
                "OFFICE_EMAIL": "pr@takpeo1.example.go.th", "OFFICE_SITE_URL": "https://takpeo1.example.go.th",
                "ENEWS_RATE_PER_MINUTE": 0,
                "ENEWS_UNSUBSCRIBE_URL": "https://takpeo1.example.go.th/enews/unsubscribe?address={address}&token={token}"}
    if port:
        settings.update(ENEWS_SMTP_HOST="127.0.0.1", ENEWS_SMTP_PORT=port, ENEWS_SMTP_SECURITY="none")
    return enews_send.configure(settings)


def recipients(count: int) -> list[subscribers.Recipient]:
    return [subscribers.Recipient(f"saraban@school{n}.bench.example.ac.th", f"โรงเรียนทดสอบ {n}", f"school-{n}")
            for n in range(count)]


def sink_server() -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
                               "-l", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if time.monotonic() > deadline:
                sys.exit("the aiosmtpd sink did not start")
            time.sleep(0.05)


def one_send(issue, people, port: int | None) -> tuple[float, float]:
    """Wall and CPU seconds of a whole send into a fresh private folder (SMTP if port, else the outbox)."""
    with tempfile.TemporaryDirectory(prefix="enews-bench-") as work:
        settings = config(Path(work), port)
        outlet = enews_send.transport(settings)
        private.private_folder(settings)
        log = send_log.SendLog(settings.log)
        started, cpu = time.perf_counter(), time.process_time()
        tally = enews_send.send_issue(issue, people, settings, outlet, log, threading.Event())
        outlet.close()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        log.close()
    if tally.sent != len(people):
        sys.exit(f"only {tally.sent} of {len(people)} sent: {tally.failed[:3]} {tally.stopped}")
    return seconds, cpu


def median_send(issue, people, port: int | None, repeat: int) -> tuple[float, float]:
    runs = [one_send(issue, people, port) for _ in range(repeat)]
    return statistics.median(wall for wall, _ in runs), statistics.median(cpu for _, cpu in runs)


def compose_only(issue, people) -> tuple[float, int]:
    """CPU seconds to compose every message, and the median size of one."""
    with tempfile.TemporaryDirectory(prefix="enews-bench-") as work:
        settings = config(Path(work), None)
        key = private.secret(settings)
        started = time.process_time()
        sizes = [len(enews_send.compose(issue, person, f"<{n}@bench>", settings, key)) for n, person in enumerate(people)]
        return time.process_time() - started, statistics.median(sizes)


def log_only(people) -> float:
    """The send log's share: add every row, then claim and finish each one."""
    with tempfile.TemporaryDirectory(prefix="enews-bench-") as work:
        log = send_log.SendLog(os.path.join(work, "log.sqlite3"))
        log.add("2569-11", "smtp", [(p.address, f"<{n}@bench>") for n, p in enumerate(people)])
        started = time.perf_counter()
        for person in people:
            attempt = log.claim("2569-11", "smtp", person.address)
            log.finish("2569-11", "smtp", person.address, attempt, "sent")
        seconds = time.perf_counter() - started
        log.close()
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--html-kb", type=int, default=50, help="size of email.html (the build caps it at 100 KB)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    issue, people = make_issue(args.html_kb), recipients(args.recipients)
    server, port = sink_server()
    try:
        smtp, smtp_cpu = median_send(issue, people, port, args.repeat)
    finally:
        server.terminate()
        server.wait()
    outbox, outbox_cpu = median_send(issue, people, None, args.repeat)
    compose, size = compose_only(issue, people)
    log = statistics.median(log_only(people) for _ in range(args.repeat))
    n = len(people)
    print(f"{n} recipients, email.html {len(issue.html.encode()) / 1024:.0f} KB, message on the wire {size / 1024:.0f} KB; "
          f"median of {args.repeat}")
    print(f"  SMTP to 127.0.0.1 (aiosmtpd sink): {smtp:6.2f} s  {n / smtp:5.0f} messages/s  "
          f"{smtp / n * 1000:5.2f} ms each ({smtp_cpu / n * 1000:.2f} ms CPU)")
    print(f"  outbox (Maildir, fsync'd):         {outbox:6.2f} s  {n / outbox:5.0f} messages/s  "
          f"{outbox / n * 1000:5.2f} ms each ({outbox_cpu / n * 1000:.2f} ms CPU)")
    print(f"  of which composing a message:                                          {compose / n * 1000:.2f} ms CPU")
    print(f"  of which the send log (2 commits, fsync'd):      {log / n * 1000:5.2f} ms each")


if __name__ == "__main__":
    main()
