"""The docs cannot drift: every setting and every prsite command is documented."""

import ast
import re
from pathlib import Path

import pytest

from publish.cli import main

REPO = Path(__file__).resolve().parents[1]


def plugin_settings():
    for module in sorted(REPO.glob("plugins/*/settings.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    yield module.parent.name, target.id


@pytest.mark.parametrize("plugin, name", list(plugin_settings()))
def test_setting_is_documented(plugin, name):
    headings = re.findall(r"^### (\w+)$", (REPO / "docs/settings.md").read_text(encoding="utf-8"), re.M)
    assert name in headings, f"{name} (plugins/{plugin}/settings.py) has no heading in docs/settings.md"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_command_is_in_the_readme(command):
    assert f"prsite {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```\w*\n(.*?)```", readme, re.S)[1]
    assert first_block.split() == ["make", "site", "make", "test"]
