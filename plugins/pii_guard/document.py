"""What pii_guard reads from a published file, whatever its format."""

from __future__ import annotations

from dataclasses import dataclass


class Unreadable(Exception):
    """The file cannot be checked (damaged, password-protected, hostile); the message says why."""


@dataclass(frozen=True)
class Document:
    units: list[tuple[str, str]]  # (where, text): ("page 2", ...), ("sheet 1, cell B3", ...)
    skipped: str = ""             # what the size limits left unread ("first 500 of 812 pages"), or ""
    has_metadata: bool = False    # author, creator, ... that the published copy must not carry
