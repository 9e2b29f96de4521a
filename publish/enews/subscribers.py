"""Who gets the e-news: registry members with e-news yes and the private subscribers file, minus
the suppression list (``prsite enews unsubscribe``); every address lower-cased, each once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from typing import TYPE_CHECKING

from plugins.content_model.schema import EMAIL_PATTERN

from ..options import shown
from .errors import SettingsError
from .private import private_folder

if TYPE_CHECKING:
    from .config import Config


def normalise(value: str) -> str | None:
    """An address as the log and the suppression list key it (lower case), or None if it is not one."""
    address = value.strip().strip("<>").lower().removeprefix("mailto:").strip()
    if not (address.isascii() and EMAIL_PATTERN.match(address)):
        return None
    try:
        Address(addr_spec=address)
    except ValueError:
        return None
    return address


def read_addresses(path: str, problems: list[str]) -> list[tuple[int, str]]:
    """(line, address) for each address in a private list; a missing file is an empty list."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return []
    found = []
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if text:
            address = normalise(text)
            if address is None:
                problems.append(f"{shown(path)}:{number}: address: '{text}' is not an e-mail address "
                                "(one address per line, e.g. saraban@school.ac.th)")
            else:
                found.append((number, address))
    return found


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str | None  # the member's name for To:, None for a subscriber
    source: str       # member id, or subscribers file:line


@dataclass
class Audience:
    recipients: list[Recipient] = field(default_factory=list)
    members: int = 0
    subscribers: int = 0
    duplicates: int = 0
    unsubscribed: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.members} member{'s' if self.members != 1 else ''}",
                 f"{self.subscribers} subscriber{'s' if self.subscribers != 1 else ''}"]
        parts += [f"{n} {what} left out" for n, what in ((self.unsubscribed, "unsubscribed"),
                                                         (self.duplicates, "duplicate")) if n]
        return ", ".join(parts)


def audience(config: Config, members: list, registry_path: str) -> Audience:
    """Members with e-news yes, then subscribers, minus the suppression list; one entry per address."""
    problems: list[str] = []
    suppressed = {address for _, address in read_addresses(config.unsubscribed, problems)}
    subscribers = read_addresses(config.subscribers, problems)
    if problems:
        raise SettingsError(problems)
    result, seen = Audience(), set()
    candidates = []
    for member in members:
        if member.enews and member.email:
            candidates.append(("members", Recipient(member.email, member.name, member.id)))
        elif member.enews:
            result.warnings.append(f"{shown(registry_path)}:{member.line}: email: missing, so {member.id} "
                                   "gets no e-news (enews is yes)")
    for line, address in subscribers:
        candidates.append(("subscribers", Recipient(address, None, f"{shown(config.subscribers)}:{line}")))
    for kind, recipient in candidates:
        if recipient.address in suppressed:
            result.unsubscribed += 1
        elif recipient.address in seen:
            result.duplicates += 1
        else:
            seen.add(recipient.address)
            result.recipients.append(recipient)
            if kind == "members":
                result.members += 1
            else:
                result.subscribers += 1
    return result


def unsubscribe(config: Config, address: str) -> bool:
    """Add an address to the suppression list; False if it was there already."""
    if address in {a for _, a in read_addresses(config.unsubscribed, [])}:
        return False
    private_folder(config)
    with open(config.unsubscribed, "a", encoding="utf-8") as handle:
        handle.write(f"{address}  # {datetime.now(config.timezone):%Y-%m-%d %H:%M}\n")
    return True


class SuppressionList:
    """The suppression list, read again when it changes: an unsubscribe during a send counts."""

    def __init__(self, path: str):
        self.path, self.stamp, self.addresses = path, None, set()

    def __contains__(self, address: str) -> bool:
        try:
            stat = os.stat(self.path)
            stamp = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self.stamp:
            self.stamp, self.addresses = stamp, {a for _, a in read_addresses(self.path, [])}
        return address in self.addresses
