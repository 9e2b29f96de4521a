"""The e-news sender's configuration: what ``send.configure`` makes of the ENEWS_* settings and
PRSITE_SMTP_*, shared by sending, the send log, the subscriber lists and the private folder."""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    user: str | None
    password: str | None
    security: str
    timeout: float

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Config:
    private: str  # absolute, like the five paths below
    subscribers: str
    unsubscribed: str
    log: str
    secret: str
    outbox: str
    sender: Address
    list_id: str  # the whole header value, ASCII
    mailto: str
    url: str | None
    rate: float
    retries: int
    retry_delay: float
    retry_later: tuple[float, ...]  # minutes
    smtp: SmtpServer | None
    timezone: ZoneInfo
    output: str
    mail: str  # the build's e-mail files, one folder per issue (ENEWS_MAIL_PATH)
