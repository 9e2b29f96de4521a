"""pr_network: the PR network registry (ทะเบียนเครือข่ายประชาสัมพันธ์).

Hooks
    initialized               defaults and checks of every plugin (plugins.manifest.configure)
    all_generators_finalized  load and validate content/network/members.csv
    get_generators            NetworkGenerator: the directory, a page per member, members.json,
                              the coverage page and the school-news page

Private columns (PR_NETWORK_PRIVATE_COLUMNS) never reach a template or a file: pages and JSON
are made from ``public_record`` only.

Functions other plugins and publish/ may call (the registry's public API)
    registry(settings) -> Registry     every member, validated; problems reported
    member_ids(settings) -> set[str]   ids that news items may name in ``Schools:``
    public_record(member, settings)    a member's values minus the private columns
"""

from __future__ import annotations

import datetime as dt
import json
import os
from itertools import groupby

from pelican import signals
from pelican.generators import Generator

from plugins import manifest

from .coverage import COLUMNS as COVERAGE_COLUMNS
from .coverage import NO_DISTRICT, coverage
from .registry import Member, Registry, load

TYPE_LABELS = {"school": "โรงเรียน", "agency": "หน่วยงาน", "media": "สื่อมวลชน", "internal": "กลุ่มงานภายใน"}


def registry(settings: dict) -> Registry:
    return load(settings)


def member_ids(settings: dict) -> set[str]:
    return registry(settings).ids()


def public_record(member: Member, settings: dict) -> dict:
    private = set(settings["PR_NETWORK_PRIVATE_COLUMNS"])
    if member.coordinator_public:
        private.discard("coordinator_name")
    return {name: value for name, value in member.values.items() if name not in private}


def cache_dir(settings: dict) -> str:
    return os.path.join(os.path.dirname(settings["PATH"]), settings["PR_NETWORK_CACHE_PATH"])


def _jsonable(value):
    return value.date().isoformat() if isinstance(value, dt.datetime) else value


class NetworkGenerator(Generator):
    """The registry's public face. Templates get public records (dicts), never Member objects."""

    def generate_context(self):
        from .aggregate import cached_items, fetch_all

        settings = self.settings
        members = registry(settings).members
        if settings["PR_NETWORK_FETCH_ON_BUILD"]:
            fetch_all([m for m in members if m.feed_url], cache_dir(settings), settings)
        self.public = [dict(public_record(m, settings), type_label=TYPE_LABELS[m.type]) for m in members
                       if m.type in TYPE_LABELS]
        self.coverage = coverage(members, settings["PR_NETWORK_DISTRICTS"])
        self.context["school_feed_items"] = cached_items(members, cache_dir(settings))
        self.context["network_members"] = {record["id"]: record for record in self.public}

    def generate_output(self, writer):
        settings, relative = self.settings, self.settings["RELATIVE_URLS"]
        order = {district: i for i, district in enumerate(settings["PR_NETWORK_DISTRICTS"])}
        by_district = sorted(self.public, key=lambda r: (order.get(r.get("district"), len(order)), r["type"], r["name"]))
        groups = [(district or NO_DISTRICT, list(records))
                  for district, records in groupby(by_district, key=lambda r: r.get("district"))]
        base = settings["PR_NETWORK_URL"]
        write = lambda path, template, **extra: writer.write_file(  # noqa: E731
            path, self.get_template(template), self.context, relative_urls=relative, **extra)
        write(f"{base}index.html", "network_directory", groups=groups, total=len(self.public))
        news = self.context.get("articles", [])
        for record in self.public:
            named = [a for a in news if record["id"] in (getattr(a, "schools", None) or [])]
            write(f"{base}{record['id']}/index.html", "network_member", member=record, articles=named)
        write(f"{base}coverage/index.html", "network_coverage", rows=self.coverage, columns=COVERAGE_COLUMNS)
        write(f"{base}school-news/index.html", "network_school_news", items=self.context["school_feed_items"])
        path = os.path.join(self.output_path, base, "members.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump([{k: _jsonable(v) for k, v in r.items() if k != "type_label"} for r in self.public],
                      handle, ensure_ascii=False, indent=1, sort_keys=True)


def validate(generators) -> None:
    registry(generators[0].settings)


def register() -> None:
    manifest.register_plugin(NetworkGenerator)
    signals.all_generators_finalized.connect(validate)
