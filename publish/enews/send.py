"""Sending an e-news issue exactly once to every recipient (``prsite enews send``).

Recipients are the registry members with ``enews`` yes, plus the private subscribers file,
minus the suppression list (``prsite enews unsubscribe``); addresses are lower-cased and each
is sent one message. Each message is multipart/alternative (text, then HTML) with the
``{{UNSUBSCRIBE_URL}}`` of the built issue replaced by the recipient's own link.

Exactly once. The send log (SQLite, in the private folder) has one row per (issue, channel,
recipient) and every change of state is committed to disk before the next step::

    pending --claim--> sending --250--> sent
       ^                  |--5xx------> failed         recorded, never retried
       |--lost before ----|--4xx------> pending, waiting until its next try (then failed)
       |  the "."         '--lost after the "."--> unconfirmed   never re-sent by itself

``sending`` is committed before the SMTP transaction starts. A connection lost before the final
"." of DATA means the server has not taken the message: the row goes back to pending and is tried
again after a pause in the same run; when the server stays out of reach the run stops (the
next run resumes). A 4xx reply to RCPT, DATA or the message is about this recipient (greylisting,
a full mailbox): the row goes back to pending with a time before which it is not tried
(``ENEWS_RETRY_LATER_MINUTES``: 15 min, 1 h, 4 h, 12 h), and the run goes on with the others;
after the last of those tries it is failed with the server's reply. A row still ``sending`` when a run starts was cut off
(Ctrl-C twice, a crash, kill -9, power loss). The outbox can be looked at, so such a row becomes
sent or pending exactly. An SMTP server cannot be asked whether it took a message, so the row
becomes ``unconfirmed`` and is not sent again until the officer decides (``--resend`` after
finding no trace of its Message-ID in the mail server's log, ``--mark-sent`` otherwise). The
choice is at most once: a missed message can still be sent, a duplicate cannot be taken back.

Residual risk: at most one recipient per interrupted run (one connection, one message in flight)
ends unconfirmed. If the officer re-sends one that had in fact arrived, that recipient has two
copies; both carry the same Message-ID (HMAC of issue and address), which lets Gmail and other
mailboxes that merge by Message-ID show one. A 250 means the relay took the message, not that
the mailbox did: later bounces go to the From address, not into the log. Deleting the log
forgets what was sent.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import re
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, parseaddr
from typing import Callable
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from plugins.enews import UNSUBSCRIBE_TOKEN, issue_paths, mail_folder

from ..options import shown
from . import send_log
from .config import Config, SmtpServer
from .errors import Deferred, Fatal, Permanent, SettingsError, Temporary, Unconfirmed
from .private import secret
from .send_log import SendLog
from .subscribers import Recipient, SuppressionList, normalise

# The ENEWS_* sending settings and their defaults: plugins/enews/settings.py.
SECURITY_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
ENVIRONMENT = {name: "PRSITE_SMTP_" + name.removeprefix("ENEWS_SMTP_")
               for name in ("ENEWS_SMTP_HOST", "ENEWS_SMTP_PORT", "ENEWS_SMTP_USER",
                            "ENEWS_SMTP_PASSWORD", "ENEWS_SMTP_SECURITY")}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


# --- settings ---------------------------------------------------------------------------------

def configure(settings: dict) -> Config:
    """The sending configuration from loaded settings (publish.pipeline.load_settings, so with the
    ENEWS_* and OFFICE_* defaults) and PRSITE_SMTP_*; SettingsError lists mistakes."""
    problems: list[str] = []
    root = os.path.dirname(settings["PATH"])
    private = os.path.abspath(os.path.join(root, settings["ENEWS_PRIVATE_PATH"]))
    kept_out = (("ENEWS_PRIVATE_PATH", private, "private files must never be published; the default is 'private'"),
                ("ENEWS_MAIL_PATH", os.path.abspath(mail_folder(settings)),
                 "the e-mail files are send-only; the default is 'cache/enews'"))
    for name, folder, why in kept_out:
        for key in ("PATH", "OUTPUT_PATH"):
            published = os.path.abspath(os.path.join(root, settings[key]))
            if os.path.commonpath([folder, published]) == published:
                problems.append(f"{name}: '{settings[name]}' is inside {key} ({why})")

    name, address = parseaddr(settings["ENEWS_FROM"] or "")
    if not settings["ENEWS_FROM"]:
        name = settings["OFFICE_SHORT_NAME"] or settings["OFFICE_NAME"] or settings["SITENAME"]
        address = settings["OFFICE_EMAIL"]
    sender = normalise(address)
    if sender is None:
        problems.append(f"ENEWS_FROM: '{settings['ENEWS_FROM'] or address}' is not an e-mail address "
                        "(set ENEWS_FROM = \"สพป.ตาก เขต 1 <pr@office.go.th>\" or OFFICE_EMAIL)")
    list_id = settings["ENEWS_LIST_ID"] or f"enews.{urlsplit(settings['OFFICE_SITE_URL']).hostname}"
    if not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", list_id):
        problems.append(f"ENEWS_LIST_ID: '{list_id}' is not a list id (e.g. enews.takpeo1.go.th)")
    mailto = normalise(settings["ENEWS_UNSUBSCRIBE_MAILTO"]) if settings["ENEWS_UNSUBSCRIBE_MAILTO"] else sender
    if settings["ENEWS_UNSUBSCRIBE_MAILTO"] and mailto is None:
        problems.append(f"ENEWS_UNSUBSCRIBE_MAILTO: '{settings['ENEWS_UNSUBSCRIBE_MAILTO']}' is not an e-mail address")
    url = settings["ENEWS_UNSUBSCRIBE_URL"]
    if url is not None:
        try:
            sample = url.format(address="a%40b.th", token="0" * 32)
        except (KeyError, IndexError, ValueError):
            sample = ""
        if not (sample.startswith("https://") and "{token}" in url):
            problems.append(f"ENEWS_UNSUBSCRIBE_URL: '{url}' is not an https:// URL with {{token}} "
                            "(e.g. https://office.go.th/enews/unsubscribe?address={address}&token={token})")
    for key in ("ENEWS_RATE_PER_MINUTE", "ENEWS_RETRIES", "ENEWS_RETRY_DELAY", "ENEWS_SMTP_TIMEOUT"):
        if not isinstance(settings[key], (int, float)) or settings[key] < 0:
            problems.append(f"{key}: '{settings[key]}' is not a number of at least 0")
    later = settings["ENEWS_RETRY_LATER_MINUTES"]
    if not (isinstance(later, (list, tuple)) and all(isinstance(m, (int, float)) and m > 0 for m in later)):
        problems.append(f"ENEWS_RETRY_LATER_MINUTES: '{later}' is not a list of minutes (e.g. (15, 60, 240, 720))")

    smtp = _smtp_server(settings, problems)
    if problems:
        raise SettingsError(problems)
    files = {key: os.path.join(private, settings[name]) for key, name in (
        ("subscribers", "ENEWS_SUBSCRIBERS_FILE"), ("unsubscribed", "ENEWS_UNSUBSCRIBED_FILE"),
        ("log", "ENEWS_SEND_LOG"), ("secret", "ENEWS_SECRET_FILE"), ("outbox", "ENEWS_OUTBOX"))}
    return Config(
        private=private, **files,
        sender=Address(display_name=name or "", addr_spec=sender),
        list_id=f"{_encoded_phrase(f'จดหมายข่าว {name}' if name else 'e-news')} <{list_id}>",
        mailto=f"mailto:{mailto}?subject=unsubscribe",
        url=url, rate=settings["ENEWS_RATE_PER_MINUTE"], retries=settings["ENEWS_RETRIES"],
        retry_delay=settings["ENEWS_RETRY_DELAY"], retry_later=tuple(later), smtp=smtp, timezone=ZoneInfo(settings["TIMEZONE"]),
        output=os.path.abspath(os.path.join(root, settings["OUTPUT_PATH"])),
        mail=os.path.abspath(mail_folder(settings)),
    )


def _smtp_server(settings: dict, problems: list[str]) -> SmtpServer | None:
    values, origin = {}, {}
    for key, variable in ENVIRONMENT.items():
        from_environment = os.environ.get(variable)
        values[key] = from_environment if from_environment not in (None, "") else settings[key]
        origin[key] = variable if from_environment not in (None, "") else key
    if not values["ENEWS_SMTP_HOST"]:
        return None
    security = str(values["ENEWS_SMTP_SECURITY"]).lower()
    if security not in SECURITY_PORTS:
        problems.append(f"{origin['ENEWS_SMTP_SECURITY']}: '{values['ENEWS_SMTP_SECURITY']}' is not one of "
                        f"{', '.join(SECURITY_PORTS)}")
        return None
    port = values["ENEWS_SMTP_PORT"] or SECURITY_PORTS[security]
    if not str(port).isdigit() or not 0 < int(port) < 65536:
        problems.append(f"{origin['ENEWS_SMTP_PORT']}: '{port}' is not a port number (e.g. 587)")
        return None
    host = str(values["ENEWS_SMTP_HOST"])
    if values["ENEWS_SMTP_USER"] and security == "none" and host not in LOCAL_HOSTS:
        problems.append(f"{origin['ENEWS_SMTP_SECURITY']}: none would send the password unencrypted to {host} "
                        "(use starttls or ssl)")
    return SmtpServer(host, int(port), values["ENEWS_SMTP_USER"] or None, values["ENEWS_SMTP_PASSWORD"] or None,
                      security, float(settings["ENEWS_SMTP_TIMEOUT"]))


def _encoded_phrase(text: str) -> str:
    """An RFC 2047 phrase on one line: List-Id is written verbatim (see POLICY)."""
    return Header(text, "utf-8").encode(maxlinelen=76).replace("\n ", " ") if not text.isascii() else f'"{text}"'


# --- the issue and its messages ---------------------------------------------------------------

@dataclass(frozen=True)
class Issue:
    id: str
    subject: str
    html: str
    text: str


def load_issue(mail_dir: str, issue: str) -> Issue:
    """The built issue named by its slug, file or number; ValueError (one line) if it cannot be sent."""
    paths = issue_paths(shown(mail_dir), issue)
    with open(paths["message"], encoding="utf-8") as handle:
        message = json.load(handle)
    for key in ("issue", "subject"):
        if not message.get(key):
            raise ValueError(f"{shown(paths['message'])}: {key}: missing (build the issue again)")
    bodies = {}
    for part in ("html", "text"):
        with open(paths[part], encoding="utf-8") as handle:
            bodies[part] = handle.read()
        if UNSUBSCRIBE_TOKEN not in bodies[part]:
            raise ValueError(f"{shown(paths[part])}: has no {UNSUBSCRIBE_TOKEN} "
                             "(every e-news must carry its unsubscribe link; build the issue again)")
    return Issue(message["issue"], message["subject"], bodies["html"], bodies["text"])  # the slug keys the log


def _digest(key: bytes, *parts: str) -> str:
    return hmac.new(key, "\0".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def message_id(key: bytes, issue: str, address: str, domain: str) -> str:
    """The same for every attempt of (issue, address): a second copy is recognisable as one."""
    return f"<enews-{_ascii(issue)}.{_digest(key, 'message-id', issue, address)}@{domain}>"


def _ascii(issue: str) -> str:
    """The issue's name where only ASCII may go (its slug may be set by hand)."""
    return re.sub(r"[^A-Za-z0-9-]", "", issue) or "issue"


def unsubscribe_token(key: bytes, address: str) -> str:
    """What the one-click endpoint recomputes to trust a request: HMAC-SHA256, 32 hex digits."""
    return _digest(key, "unsubscribe", address)


class _MailPolicy(EmailPolicy):
    """policy.SMTP, except that Message-ID and the List-* headers are written verbatim on one line.

    The default refolds a long List-Unsubscribe (or a List-Id with a Thai name) into RFC 2047
    encoded-words, and mail programs then cannot read the URLs; a folded Message-ID is missed
    by a search of the mail server's log. We build these values ourselves, in ASCII and well
    under 998 characters.
    """

    verbatim = frozenset({"message-id", "list-id", "list-unsubscribe", "list-unsubscribe-post"})

    def header_store_parse(self, name, value):
        return (name, value) if name.lower() in self.verbatim else super().header_store_parse(name, value)

    def fold(self, name, value):
        return f"{name}: {value}{self.linesep}" if name.lower() in self.verbatim else super().fold(name, value)

    def fold_binary(self, name, value):
        if name.lower() in self.verbatim:
            return self.fold(name, value).encode("ascii")
        # Folding Thai into encoded-words is most of the time spent composing a message, and
        # Subject, From and the MIME headers are the same in every message of an issue.
        key = (name, str(value))
        if key not in _folded:
            if len(_folded) > 64:
                _folded.clear()
            _folded[key] = super().fold_binary(name, value)
        return _folded[key]


_folded: dict[tuple[str, str], bytes] = {}
POLICY = _MailPolicy(linesep="\r\n")


def compose(issue: Issue, recipient: Recipient, msgid: str, config: Config, key: bytes) -> bytes:
    """One recipient's message as it goes on the wire (CRLF)."""
    token = unsubscribe_token(key, recipient.address)
    https = config.url.format(address=quote(recipient.address, safe=""), token=token) if config.url else None
    message = EmailMessage(policy=POLICY)
    message["From"] = config.sender
    message["To"] = Address(display_name=recipient.name or "", addr_spec=recipient.address)
    message["Subject"] = issue.subject
    message["Date"] = format_datetime(send_log.clock().astimezone(config.timezone))
    message["Message-ID"] = msgid
    message["List-Id"] = config.list_id
    message["List-Unsubscribe"] = f"<{config.mailto}>" + (f", <{https}>" if https else "")
    if https:
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    link = https or config.mailto
    message.set_content(issue.text.replace(UNSUBSCRIBE_TOKEN, link), cte="base64")
    message.add_alternative(issue.html.replace(UNSUBSCRIBE_TOKEN, html.escape(link)), subtype="html", cte="base64")
    # A fixed boundary spares a scan of both parts for a collision ("=_" never occurs in base64)
    # and keeps Content-Type the same in every message, so it is folded once.
    message.set_boundary(f"=_enews_{_ascii(issue.id)}")
    return message.as_bytes()


# --- transports -------------------------------------------------------------------------------

class Outbox:
    """A Maildir the officer can open in a mail program; one file per (issue, recipient).

    The file name comes from the Message-ID and appears in new/ in one rename, so after a crash
    the outbox itself says whether a message was written.
    """

    channel = "outbox"

    def __init__(self, path: str):
        self.path = path
        self.label = shown(path)
        self.ready = False

    def _folders(self) -> None:
        """Made when first needed, so that a dry run writes nothing."""
        if not self.ready:
            for folder in ("tmp", "new", "cur"):
                os.makedirs(os.path.join(self.path, folder), exist_ok=True)
            self.ready = True

    @staticmethod
    def _name(msgid: str) -> str:
        return re.sub(r"[^A-Za-z0-9.@_-]", "_", msgid.strip("<>"))

    def deliver(self, sender: str, recipient: str, msgid: str, data: bytes) -> None:
        self._folders()
        name = self._name(msgid)
        temporary = os.path.join(self.path, "tmp", name)
        with open(temporary, "wb") as handle:
            handle.write(data.replace(b"\r\n", b"\n"))  # Maildir files have Unix line ends
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(temporary, os.path.join(self.path, "new", name))

    def delivered(self, msgid: str) -> bool | None:
        self._folders()
        name = self._name(msgid)
        return os.path.exists(os.path.join(self.path, "new", name)) or any(
            entry.startswith(name + ":") or entry == name for entry in os.listdir(os.path.join(self.path, "cur")))

    def close(self) -> None:
        pass


class Smtp:
    """One SMTP connection, opened when needed and again after it is lost.

    The DATA command is driven by hand (not smtplib's sendmail) so that a lost connection is
    known to be before or after the final ".", the one point after which the server may have
    taken the message.
    """

    channel = "smtp"

    def __init__(self, server: SmtpServer):
        self.server = server
        self.label = server.label
        self.connection: smtplib.SMTP | None = None

    def delivered(self, msgid: str) -> bool | None:
        return None  # SMTP cannot be asked whether a message arrived

    def deliver(self, sender: str, recipient: str, msgid: str, data: bytes) -> None:
        smtp = self.connection or self._connect()
        try:
            self._expect(smtp.mail(sender), "MAIL FROM", sender_step=True)
            self._expect(smtp.rcpt(recipient), "RCPT TO")
            self._expect(smtp.docmd("DATA"), "DATA", accepted=354)
            smtp.send(_wire(data))
        except OSError as error:  # smtplib's errors are OSErrors too
            self._drop()
            raise Temporary(f"{self.label}: connection lost ({error or 'closed by the server'})") from None
        try:
            reply = smtp.getreply()
        except OSError as error:
            self._drop()
            raise Unconfirmed(f"{self.label}: connection lost after the message was handed over, before the "
                              f"server confirmed it ({error or 'closed by the server'})") from None
        if reply[0] == 250:
            return
        if 400 <= reply[0] < 600:
            self._expect(reply, "the message")
        self._drop()
        raise Unconfirmed(f"{self.label}: unexpected reply to the message: {reply[0]} {reply[1]!r}")

    def _expect(self, reply: tuple[int, bytes], step: str, accepted: int = 250, sender_step: bool = False) -> None:
        """Nothing if the reply is ``accepted``; else the exception that says what happens next.

        A reply at MAIL FROM is about the sender, so about the whole run; after it (RCPT, DATA,
        the message) a 4xx or 5xx is about this recipient's message, except 421 (closing).
        """
        code, text = reply
        if code == accepted or (accepted == 250 and code == 251):
            return
        line = f"{code} {text.decode('utf-8', 'replace')}".replace("\n", " ")
        if 500 <= code < 600:
            self._reset()
            if sender_step:
                raise Fatal(f"{self.label}: the server refused the sender at {step}: {line} (check ENEWS_FROM "
                            "and the account in PRSITE_SMTP_USER)")
            raise Permanent(line)
        if 400 <= code < 500 and code != 421:
            self._reset()
            if not sender_step:
                raise Deferred(line)
        else:
            self._drop()  # 421 closes the connection; any other code means a confused server
        raise Temporary(f"{self.label}: {step}: {line}")

    def _connect(self) -> smtplib.SMTP:
        server, smtp = self.server, None
        context = ssl.create_default_context()
        try:
            if server.security == "ssl":
                smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
            else:
                smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
            smtp.ehlo()
            if server.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if server.user:
                smtp.login(server.user, server.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise Fatal(f"{self.label}: login as {server.user} refused: {error.smtp_code} "
                        f"{error.smtp_error.decode('utf-8', 'replace')} (check PRSITE_SMTP_USER and "
                        "PRSITE_SMTP_PASSWORD)") from None
        except smtplib.SMTPNotSupportedError:
            raise Fatal(f"{self.label}: the server offers no STARTTLS (set PRSITE_SMTP_SECURITY to ssl or none)") from None
        except ssl.SSLCertVerificationError as error:
            raise Fatal(f"{self.label}: certificate not trusted ({error.verify_message})") from None
        except OSError as error:
            if smtp is not None:
                smtp.close()
            raise Temporary(f"{self.label}: cannot connect ({error})") from None
        self.connection = smtp
        return smtp

    def _reset(self) -> None:
        try:
            self.connection.rset()
        except OSError:
            self._drop()

    def _drop(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except OSError:
                pass
        self._drop()


def _wire(data: bytes) -> bytes:
    """DATA as sent: a line starting with "." gets a second one, then CRLF . CRLF ends it."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data + (b"" if data.endswith(b"\r\n") else b"\r\n") + b".\r\n"


def transport(config: Config) -> Outbox | Smtp:
    return Smtp(config.smtp) if config.smtp else Outbox(config.outbox)


# --- sending ----------------------------------------------------------------------------------

@dataclass
class Tally:
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)       # this run's (address, reply)
    unconfirmed: list[tuple[str, str]] = field(default_factory=list)  # this run's (address, what happened)
    deferred: list[tuple[str, str, datetime]] = field(default_factory=list)  # this run's (address, reply, next try)
    left: int = 0
    stopped: str | None = None  # why the run ended before everyone was served


def resume(log: SendLog, issue: str, outlet) -> None:
    """Settle rows left 'sending' by a run that was cut off (see the module docstring)."""
    for row in log.rows(issue, outlet.channel, "sending"):
        found = outlet.delivered(row.message_id)
        if found is None:
            log.settle(issue, outlet.channel, row.address, "unconfirmed",
                       f"the send was cut off while the server had the message; it may or may not have arrived "
                       f"(look for Message-ID {row.message_id} in the mail server's log)", "sending")
        else:
            log.settle(issue, outlet.channel, row.address, "sent" if found else "pending",
                       "found in the outbox after a cut-off send" if found else "", "sending")


def next_try(config: Config, deferrals: int, now: datetime) -> datetime | None:
    """When a recipient refused (4xx) ``deferrals`` times is tried again; None: give up."""
    if deferrals > len(config.retry_later):
        return None
    return now + timedelta(minutes=config.retry_later[deferrals - 1])


def send_issue(issue: Issue, recipients: list[Recipient], config: Config, outlet, log: SendLog,
               stop: threading.Event, progress: Callable[[Tally], None] = lambda tally: None) -> Tally:
    """Send to every recipient whose row is pending and not waiting (new recipients are added as pending).

    Call resume() first, or rows a cut-off run left 'sending' stay so (never re-sent). ``stop``
    ends the run between two messages (Ctrl-C); a message in flight is finished first.
    """
    key = secret(config)
    domain = config.sender.domain
    by_address = {r.address: r for r in recipients}
    log.add(issue.id, outlet.channel, [(r.address, message_id(key, issue.id, r.address, domain)) for r in recipients])
    queue = [row for row in log.rows(issue.id, outlet.channel, "pending") if not row.waiting(send_log.clock())]
    tally = Tally(left=len(queue))
    progress(tally)
    suppressed, pace = SuppressionList(config.unsubscribed), _Pace(config.rate)
    failures = 0  # temporary failures in a row, for the back-off
    for row in queue:
        recipient = by_address.get(row.address)
        if recipient is None or row.address in suppressed:
            log.forget(issue.id, outlet.channel, row.address)
            tally.left -= 1
            continue
        while True:
            pace.wait(stop)
            if stop.is_set():
                tally.stopped = "interrupted"
                return tally
            data = compose(issue, recipient, row.message_id, config, key)
            attempt = log.claim(issue.id, outlet.channel, row.address)
            try:
                outlet.deliver(config.sender.addr_spec, row.address, row.message_id, data)
            except Temporary as error:
                log.finish(issue.id, outlet.channel, row.address, attempt, "pending", str(error))
                failures += 1
                if failures > config.retries:
                    tally.stopped = f"{error} (gave up after {failures} tries in a row)"
                    return tally
                stop.wait(config.retry_delay * 2 ** (failures - 1))
                continue
            except Deferred as error:
                deferrals = row.deferrals + 1
                later = next_try(config, deferrals, send_log.clock())
                if later is None:
                    reply = f"{error} (gave up after {deferrals} tries)"
                    log.finish(issue.id, outlet.channel, row.address, attempt, "failed", reply)
                    tally.failed.append((row.address, reply))
                else:
                    log.defer(issue.id, outlet.channel, row.address, attempt, str(error), deferrals, later)
                    tally.deferred.append((row.address, str(error), later))
            except Permanent as error:
                log.finish(issue.id, outlet.channel, row.address, attempt, "failed", str(error))
                tally.failed.append((row.address, str(error)))
            except Unconfirmed as error:
                log.finish(issue.id, outlet.channel, row.address, attempt, "unconfirmed",
                           f"{error}; look for Message-ID {row.message_id} in the mail server's log")
                tally.unconfirmed.append((row.address, str(error)))
            except Fatal:
                log.finish(issue.id, outlet.channel, row.address, attempt, "pending")
                raise
            else:
                log.finish(issue.id, outlet.channel, row.address, attempt, "sent")
                tally.sent += 1
            failures = 0
            tally.left -= 1
            progress(tally)
            break
    return tally


class _Pace:
    """Starts at most ``per_minute`` messages a minute, evenly spaced; 0 means no limit."""

    def __init__(self, per_minute: float):
        self.interval = 60 / per_minute if per_minute else 0.0
        self.next = 0.0

    def wait(self, stop: threading.Event) -> None:
        delay = self.next - time.monotonic()
        if delay > 0:
            stop.wait(delay)
        self.next = time.monotonic() + self.interval
