"""The allow-list: numbers that may be published, each with the reason it may.

content/pii-allowlist.yml is a YAML list::

    - value: "081-234-5678"
      reason: เบอร์โทรศัพท์ราชการของผู้ประสานงาน ได้รับอนุญาตให้เผยแพร่

Each entry allows that one number wherever it is written (081 234 5678, +66812345678);
an entry without a reason allows nothing and is an error.
"""

from __future__ import annotations

import os

import yaml

from plugins.common import DataFileError, load_yaml, problem

from .detect import identify


def _text(node) -> str:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) else ""


def read_allowlist(path: str) -> set[str]:
    """The allowed values (digits, as in ``Hit.value``); every mistake is reported with its line."""
    if not os.path.isfile(path):
        return set()
    try:
        # Nodes, not loaded values: they keep line numbers, and 0812345678 stays text.
        root = load_yaml(path, nodes=True)
    except DataFileError as error:
        problem(path, "file", str(error), line=error.line)
        return set()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem(path, "file", f"is not valid YAML ({getattr(error, 'problem', None) or error})",
                line=mark.line + 1 if mark else None)
        return set()
    if root is None:
        return set()
    if not isinstance(root, yaml.SequenceNode):
        problem(path, "file", "must be a list of entries ('- value: ...' then 'reason: ...'; see docs/content-guide.md)")
        return set()
    allowed = set()
    for entry in root.value:
        fields = {_text(key): node for key, node in entry.value} if isinstance(entry, yaml.MappingNode) else {}
        value_node = fields.get("value", entry)
        value, reason = _text(fields.get("value")), _text(fields.get("reason"))
        if not value:
            problem(path, "value", "missing (the number as it is written, e.g. 081-234-5678)",
                    line=entry.start_mark.line + 1)
            continue
        hit = identify(value)
        if hit is None:
            problem(path, "value", f"'{value}' is not a Thai national ID (with a valid check digit) or a phone number",
                    line=value_node.start_mark.line + 1)
        elif not reason:
            problem(path, "reason", f"missing for {hit.masked} (say why it may be published, "
                    "e.g. the office's official mobile number)", line=entry.start_mark.line + 1)
        else:
            allowed.add(hit.value)
    return allowed
