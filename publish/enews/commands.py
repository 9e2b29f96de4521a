"""``prsite enews``: build, preview and send the e-news (จดหมายข่าว), and read its send log.

Sending is in send.py (the send log in send_log.py, who receives it in subscribers.py); this
module turns their results and errors into the lines the officer reads (one per problem, exit 1,
no traceback).
"""

from __future__ import annotations

import functools
import http.server
import os
import signal
import sys
import threading
import webbrowser
from contextlib import contextmanager

import click

from plugins.enews import issue_paths
from plugins.thai_text import thaitext

from .. import pipeline
from ..network.commands import registry_members
from ..options import require_settings, settings_option, shown, verdict
from . import send as engine
from .config import Config
from . import send_log, subscribers


@click.group()
def enews() -> None:
    """The e-news: build an issue, preview it, send it once to every subscriber."""


def _config(settings_file: str) -> Config:
    require_settings(settings_file)
    return _configured(pipeline.load_settings(settings_file))


def _configured(settings: dict) -> Config:
    try:
        return engine.configure(settings)
    except engine.SettingsError as error:
        raise _lines(error.lines, "fix the settings above") from None


def _lines(lines: list[str], verdict: str) -> click.ClickException:
    """One problem is the error itself; several are one line each, then the verdict."""
    if len(lines) == 1:
        return click.ClickException(lines[0])
    for line in lines:
        click.echo(line, err=True)
    return click.ClickException(verdict)


def _audience(settings_file: str) -> tuple[Config, subscribers.Audience]:
    require_settings(settings_file)
    settings = pipeline.load_settings(settings_file)  # once: the sender and the registry read the same
    config = _configured(settings)
    members = registry_members(settings)
    registry_path = os.path.join(settings["PATH"], settings["PR_NETWORK_MEMBERS_FILE"])
    try:
        audience = subscribers.audience(config, members, registry_path)
    except engine.SettingsError as error:
        raise _lines(error.lines, "fix the lines above") from None
    for line in audience.warnings:
        click.echo(f"warning: {line}", err=True)
    return config, audience


def _issue(config: Config, issue: str) -> engine.Issue:
    try:
        return engine.load_issue(config.mail, issue)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def _paths(config: Config, issue: str) -> dict[str, str]:
    try:
        return issue_paths(shown(config.mail), issue)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def _size(path: str) -> str:
    return f"{os.path.getsize(path) / 1024:.1f} KB"


@enews.command("build")
@settings_option
@click.argument("issue")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (use before sending).")
def build_command(settings_file: str, issue: str, strict: bool) -> None:
    """Build the site, then show the e-news ISSUE's files and the size of the e-mail.

    Example: prsite enews build 2569-11
    """

    config = _config(settings_file)
    outcome = pipeline.build(settings_file, strict=strict, echo=lambda line: click.echo(line, err=True))
    if outcome.failed(strict):
        click.echo(f"{verdict(outcome, strict, 'build failed')}; {shown(config.output)} was not changed "
                   "(fix the lines above and build again)", err=True)
        sys.exit(1)
    message = _issue(config, issue)
    paths = _paths(config, message.id)
    click.echo(f"built {shown(config.output)} in {outcome.seconds:.1f} s; e-news {message.id}: {message.subject}")
    for part in ("html", "text", "message"):
        click.echo(f"  {shown(paths[part])}  {_size(paths[part])}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@enews.command("preview")
@settings_option
@click.argument("issue")
@click.option("--port", default=0, show_default="any free port", help="Port on 127.0.0.1.")
@click.option("--no-open", is_flag=True, help="Only print the address; do not open a browser.")
def preview_command(settings_file: str, issue: str, port: int, no_open: bool) -> None:
    """Show the built e-mail of ISSUE in a browser, served on 127.0.0.1 (Ctrl-C to stop).

    Example: prsite enews preview 2569-11
    """
    config = _config(settings_file)
    paths = _paths(config, issue)
    handler = functools.partial(_QuietHandler, directory=config.mail)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise click.ClickException(f"127.0.0.1:{port}: {error.strerror} (pass another --port)") from None
    relative = os.path.relpath(paths["html"], config.mail).replace(os.sep, "/")
    url = f"http://127.0.0.1:{server.server_port}/{relative}"
    click.echo(f"e-news {issue}: {url} (Ctrl-C to stop)")
    if not no_open:
        webbrowser.open(url)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


@enews.command("send")
@settings_option
@click.argument("issue")
@click.option("--dry-run", is_flag=True, help="List who would receive it now; send nothing.")
@click.option("--resend", "resend", multiple=True, metavar="EMAIL",
              help="Send again to an unconfirmed or failed recipient (after checking it did not arrive).")
@click.option("--mark-sent", "mark_sent", multiple=True, metavar="EMAIL",
              help="Record an unconfirmed recipient as sent (the mail server's log shows it).")
def send_command(settings_file: str, issue: str, dry_run: bool, resend: tuple[str, ...],
                 mark_sent: tuple[str, ...]) -> None:
    """Send the e-news ISSUE once to every recipient: registry members with e-news yes
    and the private subscribers file, minus those who unsubscribed.

    Run the same command again after an interruption (Ctrl-C, a crash, a lost network):
    the send log sends only what is left, and no one gets the issue twice. A recipient
    whose server answers "try later" (4xx) waits 15 min, 1 h, 4 h, 12 h between tries
    while the others are sent; run the command again after the time it names. Without SMTP
    settings (PRSITE_SMTP_HOST, ...) the messages go to the private outbox (a Maildir).

    \b
    Examples:
      prsite enews send 2569-11 --dry-run
      prsite enews send 2569-11
      prsite enews send 2569-11 --resend somchai@school.ac.th
    """
    config, audience = _audience(settings_file)
    message = _issue(config, issue)
    issue = message.id  # 11/2569 or content/enews/2569-11.md name the same issue, 2569-11
    outlet = engine.transport(config)
    if dry_run:
        _dry_run(config, issue, outlet, audience)
        return
    try:
        with send_log.send_lock(config):
            log = send_log.SendLog(config.log)
            try:
                engine.resume(log, issue, outlet)  # first, so that a cut-off message can be decided on
                _officer_decisions(log, issue, outlet.channel, resend, mark_sent)
                with _stop_on_signals() as stop, _progress_bar(issue, outlet.label) as progress:
                    tally = engine.send_issue(message, audience.recipients, config, outlet, log, stop, progress)
                unconfirmed = log.rows(issue, outlet.channel, "unconfirmed")
                waiting = _waiting(log.rows(issue, outlet.channel, "pending"))
            finally:
                outlet.close()
                log.close()
    except engine.Fatal as error:
        raise click.ClickException(str(error)) from None
    _report(issue, outlet, tally, unconfirmed, waiting)


def _waiting(rows: list[send_log.Row]) -> list[send_log.Row]:
    """The rows whose server asked to be tried later, soonest first."""
    now = send_log.clock()
    return sorted((row for row in rows if row.waiting(now)), key=lambda row: row.not_before)


def _when(moment) -> str:
    """'20 พฤศจิกายน 2569 เวลา 18:15 น.': the officer's clock, in the Buddhist era."""
    return thaitext.format_date(moment, "datetime")


def _dry_run(config: Config, issue: str, outlet, audience: subscribers.Audience) -> None:
    rows = send_log.read_log(config, issue, outlet.channel)
    waiting = _waiting(rows)
    logged = {row.address for row in rows if row.status != "pending"} | {row.address for row in waiting}
    now = [r for r in audience.recipients if r.address not in logged]
    for recipient in now:
        click.echo(f"{recipient.address}\t{recipient.source}")
    later = f", {len(waiting)} of them waiting until {_when(waiting[0].not_before)}" if waiting else ""
    click.echo(f"{issue}: {len(now)} would receive it now via {outlet.label} "
               f"({len(audience.recipients)} recipients: {audience.summary()}; "
               f"{len(audience.recipients) - len(now)} already in the send log{later})")


def _officer_decisions(log: send_log.SendLog, issue: str, channel: str, resend, mark_sent) -> None:
    problems = []
    for addresses, status, before, detail in ((resend, "pending", ("unconfirmed", "failed"), "re-sent by the officer"),
                                              (mark_sent, "sent", ("unconfirmed",), "marked sent by the officer")):
        for value in addresses:
            address = subscribers.normalise(value) or value
            if not log.settle(issue, channel, address, status, detail, *before):
                problems.append(f"{value}: not {' or '.join(before)} in the send log of {issue} "
                                f"(prsite enews status {issue} lists them)")
    if problems:
        raise _lines(problems, "nothing was sent")


@contextmanager
def _stop_on_signals():
    """Ctrl-C or SIGTERM: finish the message in flight, then stop; a second Ctrl-C stops at once."""
    stop = threading.Event()

    def handle(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {number: signal.signal(number, handle) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def _progress_bar(issue: str, label: str):
    from rich.progress import BarColumn, Progress, TextColumn

    progress = Progress(TextColumn(f"{issue} → {label}"), BarColumn(),
                        TextColumn("{task.fields[counts]}"), transient=True, disable=not sys.stderr.isatty())
    task = progress.add_task("send", total=None, counts="")

    def update(tally: engine.Tally) -> None:
        done = tally.sent + len(tally.failed) + len(tally.unconfirmed)
        counts = f"{tally.sent} sent · {len(tally.failed) + len(tally.unconfirmed)} failed · {tally.left} left"
        progress.update(task, completed=done, total=done + tally.left, counts=counts)

    with progress:
        yield update


def _report(issue: str, outlet, tally: engine.Tally, unconfirmed: list[send_log.Row],
            waiting: list[send_log.Row]) -> None:
    for address, reply, later in tally.deferred:
        click.echo(f"{address}: waiting: {reply} (next try after {_when(later)})", err=True)
    for address, reply in tally.failed:
        click.echo(f"{address}: {reply}", err=True)
    for row in unconfirmed:
        click.echo(f"{row.address}: unconfirmed: {row.detail} (then: prsite enews send {issue} "
                   f"--resend {row.address}, or --mark-sent {row.address})", err=True)
    where = "written to the outbox " + outlet.label if outlet.channel == "outbox" else "sent via " + outlet.label
    summary = (f"{issue}: {tally.sent} {where}, {len(tally.failed)} failed, "
               f"{len(unconfirmed)} unconfirmed, {tally.left} left" + (f", {len(waiting)} waiting" if waiting else ""))
    if tally.stopped:
        click.echo(f"{summary}\nstopped: {tally.stopped}; run prsite enews send {issue} again to send the rest",
                   err=True)
        sys.exit(1)
    click.echo(summary)
    if waiting:
        click.echo(f"{len(waiting)} waiting: run prsite enews send {issue} again after {_when(waiting[0].not_before)}")
    if tally.failed or unconfirmed:
        sys.exit(1)


@enews.command("status")
@settings_option
@click.argument("issue")
def status_command(settings_file: str, issue: str) -> None:
    """What the send log says about ISSUE: sent, failed, unconfirmed, left, and waiting
    (the recipient's server answered 4xx: its reply and when it is tried next).

    Example: prsite enews status 2569-11
    """
    config, audience = _audience(settings_file)
    issue = _issue(config, issue).id
    outlet = engine.transport(config)
    rows = send_log.read_log(config, issue, outlet.channel)
    by_status = {status: [row for row in rows if row.status == status]
                 for status in ("sent", "failed", "unconfirmed", "sending")}
    by_status["waiting"] = _waiting(rows)
    served = {row.address for status in ("sent", "failed", "unconfirmed", "waiting") for row in by_status[status]}
    left = sum(r.address not in served for r in audience.recipients)
    via = "in the outbox " if outlet.channel == "outbox" else "via "
    waiting = f", {len(by_status['waiting'])} waiting" if by_status["waiting"] else ""
    click.echo(f"{issue} {via}{outlet.label}: {len(by_status['sent'])} sent, {len(by_status['failed'])} failed, "
               f"{len(by_status['unconfirmed'])} unconfirmed, {left} left{waiting} "
               f"({len(audience.recipients)} recipients now)")
    for status in ("failed", "unconfirmed", "waiting", "sending"):
        for row in by_status[status]:
            click.echo(f"{status}: {row.address}: {_status_detail(row)}")


def _status_detail(row: send_log.Row) -> str:
    if row.status == "sending":
        return "a send is running, or was cut off (the next send settles it)"
    if row.status == "pending":  # waiting
        tries = f"{row.deferrals} time{'s' if row.deferrals != 1 else ''}"
        return f"{row.detail} (tried {tries}; next try after {_when(row.not_before)})"
    return row.detail


@enews.command("unsubscribe")
@settings_option
@click.argument("emails", nargs=-1, required=True, metavar="EMAIL...")
def unsubscribe_command(settings_file: str, emails: tuple[str, ...]) -> None:
    """Stop sending the e-news to EMAIL (added to the private suppression list).

    It counts from the next message, also in a send that is running now.

    Example: prsite enews unsubscribe somchai@school.ac.th
    """
    config = _config(settings_file)
    addresses = [(value, subscribers.normalise(value)) for value in emails]
    bad = [f"{value}: not an e-mail address (e.g. saraban@school.ac.th)" for value, address in addresses if not address]
    if bad:
        raise _lines(bad, "nothing was changed")
    for _, address in addresses:
        added = subscribers.unsubscribe(config, address)
        click.echo(f"{address}: {'unsubscribed' if added else 'already unsubscribed'} "
                   f"({shown(config.unsubscribed)})")
