"""pr_network: the PR network registry (ทะเบียนเครือข่ายประชาสัมพันธ์).

Hooks
    initialized               merge PR_NETWORK_* defaults
    all_generators_finalized  load and validate content/network/members.csv

Functions other plugins and publish/ may call (the registry's public API)
    registry(settings) -> Registry     every member, validated; problems reported
    member_ids(settings) -> set[str]   ids that news items may name in ``Schools:``
    public_record(member, settings)    a member's values minus the private columns
"""

from __future__ import annotations

from pelican import signals

from plugins.common import apply_defaults

from . import settings as defaults
from .registry import Member, Registry, load


def registry(settings: dict) -> Registry:
    apply_defaults(settings, defaults, "PR_NETWORK_")
    return load(settings)


def member_ids(settings: dict) -> set[str]:
    return registry(settings).ids()


def public_record(member: Member, settings: dict) -> dict:
    private = set(settings["PR_NETWORK_PRIVATE_COLUMNS"])
    if member.coordinator_public:
        private.discard("coordinator_name")
    return {name: value for name, value in member.values.items() if name not in private}


def configure(pelican) -> None:
    apply_defaults(pelican.settings, defaults, "PR_NETWORK_")


def validate(generators) -> None:
    registry(generators[0].settings)


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(validate)
