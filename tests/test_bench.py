"""``prsite bench --articles``: what the reader of its report sees, on a tiny corpus.

No timing is asserted (the benchmark is the judge of speed, not the tests): only that every
measurement ran and is printed where the report says, with the Hugo note when hugo is absent.
Servers are started on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
from click.testing import CliRunner

from publish.bench.hugo import hugo_page
from publish.cli import main

NUMBER = r"\d+(?:\.\d+)?"
SECONDS = rf"{NUMBER} s"
RATIO = rf"{NUMBER}x"
MIB = r"\d+ MiB"
MISSING = re.escape("not installed (apt install hugo)")


def bench(*args: str):
    return CliRunner().invoke(main, ["bench", *args], catch_exceptions=False)


def lines_matching(output: str, pattern: str) -> list[str]:
    return [line for line in output.splitlines() if re.fullmatch(pattern, line)]


def without_hugo(tmp_path) -> str:
    """PATH with every folder that holds ``hugo`` replaced by links to everything else in it."""
    shim = tmp_path / "bin-without-hugo"
    shim.mkdir()
    folders = []
    for folder in os.environ["PATH"].split(os.pathsep):
        if folder and os.path.exists(os.path.join(folder, "hugo")):
            for entry in os.scandir(folder):
                if entry.name != "hugo" and not os.path.lexists(shim / entry.name):
                    (shim / entry.name).symlink_to(entry.path)
            folder = str(shim)
        folders.append(folder)
    return os.pathsep.join(folders)


def assert_report(output: str, hugo: str) -> None:
    """The three tables of a 20-item run: header, rows, ratios; ``hugo`` is the pattern of a Hugo cell."""
    assert "items  prsite build  prsite  Pelican  prsite/Pelican  prsite ms/item  Pelican ms/item  prsite RSS  " \
           "Pelican RSS  RSS ratio" in output
    for mode in ("cold", "warm"):
        assert len(lines_matching(output, rf"20\s+{mode}\s+{SECONDS}\s+{SECONDS}\s+{RATIO}\s+{NUMBER}\s+{NUMBER}"
                                          rf"\s+{MIB}\s+{MIB}\s+{RATIO}")) == 1, mode
    assert re.search(r"^items\s+rebuild after\s+prsite\s+Pelican\s+Hugo\s+prsite/Pelican\s+prsite/Hugo$", output, re.M)
    assert len(lines_matching(output, rf"20\s+\(full build; prsite warm\)\s+{SECONDS}\s+{SECONDS}\s+{hugo}")) == 1
    hugo_ratio = RATIO if hugo == SECONDS else "-"
    for edit in ("one body edited", "one title edited", "one item added"):
        assert len(lines_matching(output, rf"20\s+{edit}\s+{SECONDS}\s+{SECONDS}\s+{hugo}\s+{RATIO}\s+{hugo_ratio}")) == 1, edit
    assert re.search(r"^items\s+preview\s+prsite serve\s+hugo server\s+prsite/Hugo$", output, re.M)
    for row in ("edited page fresh", "rebuild finished"):
        assert len(lines_matching(output, rf"20\s+{row}\s+{SECONDS}\s+{hugo}\s+{hugo_ratio}")) == 1, row
    assert re.search(r"^machine: \d+ CPUs \(.+\), [\d.]+ GiB RAM, .*Python 3\.\d+\.\d+, Pelican \d", output, re.M)


def test_bench_reports_builds_rebuilds_and_preview_without_hugo(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", without_hugo(tmp_path))
    work = tmp_path / "work"
    result = bench("--articles", "20", "--repeat", "1", "--workdir", str(work))
    assert result.exit_code == 0, result.output
    assert "hugo: not installed (apt install hugo); the Hugo columns are skipped" in result.output
    assert f"command: prsite bench --articles 20 --repeat 1 --workdir {work}" in result.output
    assert "Hugo not installed (apt install hugo)" in result.output  # in the machine line
    assert_report(result.output, MISSING)
    # one progress line per step, as the photo benchmark prints them
    assert "[20] run 1/1 prsite cold build (cache/ emptied: a fresh server) ..." in result.output
    assert "[20] run 1/1 one title edited, prsite rebuild ..." in result.output
    assert not (work / "hugo").exists()


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (apt install hugo)")
def test_bench_compares_with_hugo_when_installed(tmp_path):
    result = bench("--articles", "20", "--repeat", "1", "--workdir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert_report(result.output, SECONDS)
    assert "[20] run 1/1 one item added, hugo rebuild ..." in result.output
    assert (tmp_path / "out-hugo" / "news" / "bench-21" / "index.html").is_file()  # the added item


@pytest.mark.parametrize("value", ["20,x", "0", "1000;5000", ""])
def test_bench_rejects_sizes_that_are_not_numbers(value):
    result = bench("--articles", value, "--repeat", "1")
    assert result.exit_code == 2
    shown = repr(value.split(",")[-1] if "," in value else value)
    assert f"Invalid value for '--articles': {shown} is not a number of news items (e.g. 1000,5000,20000)" \
           in result.output


HEADER_TO_FRONT_MATTER = [
    ("Title: ข่าว \"ทดสอบ\" ครั้งที่ 1/2569\nDate: 2026-11-20 09:15\nCategory: ประกาศ\nTags: ลูกเสือ, วันครู\n"
     "Slug: bench-1\n\nเนื้อข่าว\n",
     '+++\ntitle = "ข่าว \\"ทดสอบ\\" ครั้งที่ 1/2569"\ndate = 2026-11-20T09:15:00+07:00\nslug = "bench-1"\n'
     'categories = ["ประกาศ"]\ntags = ["ลูกเสือ", "วันครู"]\n+++\n\nเนื้อข่าว\n'),
]


@pytest.mark.parametrize("ours, hugo", HEADER_TO_FRONT_MATTER)
def test_hugo_page_carries_the_header_fields(ours, hugo):
    assert hugo_page(ours) == hugo
