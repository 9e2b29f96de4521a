"""The e-news private folder (ENEWS_PRIVATE_PATH): subscribers, the suppression list, the send log and
the secret live there, never published, readable by its owner only."""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config


def private_folder(config: Config) -> None:
    """Make the private folder, readable by its owner only (it may exist already, made by hand)."""
    os.makedirs(config.private, exist_ok=True)
    os.chmod(config.private, 0o700)


def secret(config: Config) -> bytes:
    """PRSITE_ENEWS_SECRET, or the private secret file, made (0600) on first use."""
    if os.environ.get("PRSITE_ENEWS_SECRET"):
        return os.environ["PRSITE_ENEWS_SECRET"].encode()
    private_folder(config)
    try:
        descriptor = os.open(config.secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(config.secret, encoding="ascii") as handle:
            return handle.read().strip().encode()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return secret(config)
