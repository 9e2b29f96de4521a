"""publish/ is organised by command: cli.py only wires, each command group is a package, and what
the packages ship besides Python (the nginx config) is installed with them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publish.cli import main

REPO = Path(__file__).resolve().parents[1]

# prsite's commands and the package under publish/ that holds each.
COMMAND_PACKAGES = {
    "build": "site", "check": "site", "new": "site", "serve": "site", "status": "site",
    "enews": "enews", "deploy": "deploy", "rollback": "deploy",
    "network": "network", "ita": "ita", "bench": "bench",
}


def test_every_command_lives_in_its_group_package():
    """cli.py only wires: `main` and add_command lines; each command is defined in publish/<group>/."""
    assert sorted(main.commands) == sorted(COMMAND_PACKAGES)
    placed = {name: command.callback.__module__ if command.callback else type(command).__module__
              for name, command in main.commands.items()}
    assert {name: module.split(".")[1] for name, module in placed.items()} == COMMAND_PACKAGES
    assert all(module.count(".") == 2 for module in placed.values()), placed  # publish.<group>.<module>


@pytest.mark.parametrize("shipped", ["publish/deploy/nginx/prsite.conf", "publish/deploy/nginx/redirects.map"])
def test_the_nginx_config_is_installed_with_prsite(tmp_path, shipped):
    """pyproject.toml declares the nginx files package data, so an installed prsite has them (docs/deploy.md)."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "publish", tmp_path / "publish", ignore=shutil.ignore_patterns("__pycache__"))
    built = tmp_path / "installed"
    subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py",
                    "--build-lib", str(built)], cwd=tmp_path, check=True, capture_output=True)
    assert (built / "publish/cli.py").is_file()  # the build ran and installed the package
    assert (built / shipped).read_bytes() == (REPO / shipped).read_bytes()
