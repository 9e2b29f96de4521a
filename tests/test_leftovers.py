"""Folders a killed build, check or deploy left behind are removed by the next run; a running
run's folder never is (it holds a lock on it), and neither is a folder made a moment ago."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SAMPLE_NOW
from plugins.thai_text import thaitext
from publish import scratch

LONG_AGO = thaitext.parse_date(SAMPLE_NOW).timestamp()  # a fixed instant, long before any run of this test


def left_over(path: Path, age: float | None = LONG_AGO) -> Path:
    """A folder as a killed run leaves it: some files, last written ``age``."""
    (path / "theme").mkdir(parents=True)
    (path / "index.html").write_text("ครึ่งเดียว", encoding="utf-8")
    if age is not None:
        os.utime(path, (age, age))
    return path


@contextmanager
def held(path: Path):
    """The lock a running prsite holds on its folder (another open file: flock sees another owner)."""
    handle = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(handle)


@pytest.fixture
def temp_folder(tmp_path, monkeypatch) -> Path:
    """The system temp folder, as check and deploy see it, private to the test (never the real /tmp)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_next_build_removes_what_a_killed_build_left(site):
    site.news("item", "Title: ข่าว\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    killed = left_over(site.root / ".prsite-build-k1ll3d")
    retired = left_over(site.root / "output.old-k1ll3d")
    running = left_over(site.root / ".prsite-build-runn1n")
    just_made = left_over(site.root / ".prsite-build-n3wn3w", age=None)
    other = left_over(site.root / "output.backup")  # not a name prsite makes

    with held(running):
        result = site.run("build")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "removed 2 folders left by interrupted builds: .prsite-build-k1ll3d, output.old-k1ll3d")
    assert not killed.exists() and not retired.exists()
    assert running.is_dir() and just_made.is_dir() and other.is_dir()
    assert (site.root / "output/news/2569/item/index.html").is_file()
    assert sorted(p.name for p in site.root.glob(".prsite-build-*")) == [".prsite-build-n3wn3w", ".prsite-build-runn1n"]


def test_the_tree_a_build_replaced_is_removed_after_it_returns(site):
    site.news("item", "Title: ข่าว\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    assert site.run("build").exit_code == 0
    site.news("item", "Title: ข่าวแก้แล้ว\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    assert site.run("build").exit_code == 0
    assert "ข่าวแก้แล้ว" in (site.root / "output/news/2569/item/index.html").read_text(encoding="utf-8")
    deadline = time.monotonic() + 60
    while list(site.root.glob("output.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # removed by a detached process, which the build did not wait for
    assert not list(site.root.glob("output.old-*"))


def test_a_build_in_progress_holds_its_folder(site):
    """The lock is held from the moment the folder exists until the build is swapped in."""
    with scratch.locked_folder(".prsite-build-", str(site.root)) as path:
        os.utime(path, (LONG_AGO, LONG_AGO))
        assert scratch.remove_stale(str(site.root), (".prsite-build-",)) == []
        assert os.path.isdir(path)
    assert scratch.remove_stale(str(site.root), (".prsite-build-",)) == [path]


def test_the_next_check_removes_what_a_killed_check_left(site, temp_folder):
    killed = left_over(temp_folder / "prsite-check-k1ll3d")
    deploying = left_over(temp_folder / "prsite-deploy-k1ll3d")  # deploy's own: the next deploy removes it
    assert site.run("check").exit_code == 0
    assert not killed.exists() and deploying.is_dir()
    assert sorted(p.name for p in temp_folder.iterdir()) == ["prsite-deploy-k1ll3d"]  # and its own is gone
