"""Shared fixtures: throwaway sites, the prsite CLI in-process, and one build of the sample office."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish import pipeline
from publish.cli import main
from plugins.pr_network.registry import COLUMN_NAMES

REPO = Path(__file__).resolve().parents[1]
HEADER = ",".join(COLUMN_NAMES)
SAMPLE_NOW = "2026-11-20 18:00"  # the sample office's "today"
# Small shards, so every search test (test_search.py) reads an index merged from several.
SAMPLE_SHARD_PAGES = 20


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    """Every test runs on the sample office's "today", whatever the calendar says: which news is
    scheduled, current or expired never changes with the date the suite runs on. A test that needs
    another day sets PRSITE_NOW (or CONTENT_MODEL_NOW) itself; subprocesses inherit it."""
    monkeypatch.setenv("PRSITE_NOW", SAMPLE_NOW)


def nonempty(found):
    """``found``, after asserting there is something in it: a loop over built output must not
    pass on an empty site."""
    assert len(found) > 0, "nothing to check: the build wrote none of these"
    return found


@dataclass
class Site:
    """A small site in a temp dir with the project's settings and theme."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def news(self, name: str, meta: str, body: str = "เนื้อข่าวสำหรับทดสอบ") -> Path:
        return self.write(f"content/news/2569/{name}.md", textwrap.dedent(meta).strip() + "\n\n" + body + "\n")

    def members(self, *rows: str) -> Path:
        return self.write("content/network/members.csv", "\n".join((HEADER, *rows)) + "\n")

    def run(self, *args: str):
        """Run ``prsite ARGS`` in this site's folder, as the officer would."""
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            return CliRunner().invoke(main, list(args), catch_exceptions=False)
        finally:
            os.chdir(cwd)

    def run_in_new_process(self, *args: str) -> subprocess.CompletedProcess:
        """``prsite ARGS`` in a fresh Python: for a site whose PLUGINS differ from the project's
        (Pelican's signals keep the receivers of every plugin a process has ever loaded)."""
        return subprocess.run([sys.executable, "-c", "from publish.cli import main; main()", *args],
                              cwd=self.root, capture_output=True, text=True, encoding="utf-8", timeout=300)

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Site:
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "pelicanconf.py", root)
    (root / "theme").symlink_to(REPO / "theme")
    built = Site(root)
    built.members(
        "anuban-tak,โรงเรียนอนุบาลตาก,school,เมืองตาก,1063010001,ครูสมศรี ทดสอบ,ครู,no,"
        "saraban@anubantak.example.ac.th,055-511-111,somsri.private@example.com,081-234-5678,"
        "https://anubantak.example.ac.th/,https://www.facebook.com/anubantak,@anubantak,,yes,2025-06-01,,,"
    )
    (root / "content/pages").mkdir(parents=True)
    (root / "content/images").mkdir(parents=True)
    for logo in ("logo.svg", "logo.png"):
        shutil.copy(REPO / "content/images" / logo, root / "content/images" / logo)
    return built


def news_pages(output: Path) -> list[Path]:
    """Every news item's page (news/<BE year>/<slug>/), not the month archives (news/2569/11/)."""
    return nonempty(sorted(p for p in output.glob("news/25*/*/index.html") if not p.parent.name.isdigit()))


def problem_lines(result) -> list[str]:
    """The officer-facing lines on stderr, without the closing verdict."""
    return [line for line in result.stderr.splitlines() if not line.startswith(("build failed", "check failed"))]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample office (content/) built once, strictly, into a temp output dir."""
    output = tmp_path_factory.mktemp("sample") / "output"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        # "Now" pinned, so which announcements are current or expired does not change with the calendar.
        outcome = pipeline.build("pelicanconf.py", output=str(output), strict=True, echo=lambda line: None,
                                 CONTENT_MODEL_NOW=SAMPLE_NOW, SEARCH_SHARD_PAGES=SAMPLE_SHARD_PAGES)
    finally:
        os.chdir(cwd)
    assert not outcome.failed(strict=True), outcome.errors + outcome.warnings
    return output
