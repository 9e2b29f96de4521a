"""prsite deploy and prsite rollback: releases on the web server, switched in one step.

    www/releases/20261120T023000Z/             one complete build per deploy
    www/current -> releases/20261120T023000Z   what nginx serves

Deploys here build a small site with publishconf.py into a temp folder standing in for the web
server's; the rsync ones copy with rsync to a local path (no network). nginx in front of a deploy,
under load, is in tests/test_nginx.py.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, SAMPLE_NOW, nonempty, problem_lines
from plugins.thai_text import thaitext
from publish.deploy import commands as deploy_commands
from publish.deploy import releases as layout
from publish.cli import main
from publish.site.checks import Finding

RELEASE = r"\d{8}T\d{6}Z"
INSTALL_RSYNC = "rsync is needed for these tests and was not found: install it with `apt-get install rsync` (.ci/run does this)"


@pytest.fixture
def production(site, monkeypatch):
    """The small test site with the project's publishconf.py, which deploy builds with by default."""
    shutil.copy(REPO / "publishconf.py", site.root)
    # What the theme's quick links lead to: the office's pages and an ITA checklist (one item, provided).
    shutil.copytree(REPO / "content/pages", site.root / "content/pages", dirs_exist_ok=True)
    site.write("content/ita/2570.yml", """
        fiscal_year: 2570
        source: "แบบตรวจ OIT"
        items:
          - code: O1
            group: "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"
            title: โครงสร้าง
            evidence: แผนผังโครงสร้างของหน่วยงาน
            satisfied_by:
              pages: [structure]
        """)
    # publishconf.py puts its folder on sys.path and does `from pelicanconf import *`: make that this
    # site's file, not one an earlier test left in sys.modules, and leave sys.path as it was.
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    site.news("meeting", "Title: ประชุมผู้บริหารสถานศึกษา\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: meeting",
              "การประชุมผู้บริหารสถานศึกษา ครั้งที่ 11/2569")
    return site


@pytest.fixture
def www(tmp_path) -> Path:
    """The web server's folder (nginx's root is www/current)."""
    folder = tmp_path / "www"
    folder.mkdir()
    return folder


def releases(www: Path) -> list[str]:
    return sorted(entry.name for entry in (www / "releases").iterdir())


def live(www: Path) -> str:
    return os.readlink(www / "current")


def tree(tmp_path: Path, text: str) -> Path:
    """A stand-in for a built site: enough for the release steps, which never look inside."""
    built = tmp_path / "build"
    for name, content in {"index.html": text, "404.html": "ไม่พบหน้าที่ต้องการ", "theme/css/site.css": "body{}"}.items():
        (built / name).parent.mkdir(parents=True, exist_ok=True)
        (built / name).write_text(content, encoding="utf-8")
    return built


def prsite(*args: str):
    """prsite ARGS, for commands that need no site folder (rollback)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def require_rsync() -> None:
    if shutil.which("rsync") is None:
        pytest.fail(INSTALL_RSYNC, pytrace=False)


# --- deploy and rollback, as the web team runs them ------------------------------------------------

def test_deploy_builds_with_publishconf_and_makes_the_release_live(production, www):
    result = production.run("deploy", "--to", str(www))

    assert result.exit_code == 0, result.output
    (name,) = releases(www)
    assert re.fullmatch(RELEASE, name)
    assert result.stdout == f"deployed releases/{name} to {www} (the first release)\n"
    assert live(www) == f"releases/{name}"  # relative: the folder can be moved or mounted elsewhere
    page = (www / "current/news/2569/meeting/index.html").read_text(encoding="utf-8")
    assert "ประชุมผู้บริหารสถานศึกษา" in page
    assert 'href="https://takpeo1.example.go.th/news/2569/meeting/"' in page  # publishconf's SITEURL


def test_every_file_of_a_release_is_readable_by_the_web_server(production, www):
    assert production.run("deploy", "--to", str(www)).exit_code == 0
    for path in nonempty(list((www / "current/").rglob("*"))):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path


def test_a_second_deploy_shares_unchanged_files_and_rollback_goes_back(production, www):
    assert production.run("deploy", "--to", str(www)).exit_code == 0
    production.news("second", "Title: ข่าวที่สอง\nDate: 2026-11-19\nCategory: ประกาศ\nSlug: second")
    assert production.run("deploy", "--to", str(www)).exit_code == 0
    first, second = releases(www)
    assert live(www) == f"releases/{second}"

    # Unchanged files are hard links to the previous release's copies: five releases cost little disk.
    css = "theme/css/site.css"
    assert (www / "releases" / first / css).stat().st_ino == (www / "releases" / second / css).stat().st_ino
    assert not (www / "releases" / first / "news/2569/second").exists()

    result = production.run("rollback", "--to", str(www))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"rolled back {www} to releases/{first} (was releases/{second})\n"
    assert live(www) == f"releases/{first}"
    assert releases(www) == [first, second]  # the newer release stays; the next deploy is newer still

    result = production.run("rollback", "--to", str(www))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {www}: there is no release before {first} to roll back to\n"


def test_a_failed_check_leaves_the_live_site_as_it_was(production, www):
    assert production.run("deploy", "--to", str(www)).exit_code == 0
    before = (releases(www), live(www))
    production.news("broken", "Title: ข่าวเสีย\nDate: 31/13/2569\nCategory: ประกาศ")

    result = production.run("deploy", "--to", str(www))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/news/2569/broken.md: Date: '31/13/2569' is not a date (use 2026-11-20 or 20/11/2569)",
        f"deploy failed: 1 error; {www}/current was not changed (fix the lines above and deploy again)",
    ]
    assert "Traceback" not in result.output
    assert (releases(www), live(www)) == before


def test_a_warning_stops_a_deploy_unless_no_strict(production, www):
    production.news("first", "Title: ข่าว\nDate: 2026-11-01\nCategory: ประกาศ")
    production.news("second", "Title: ขาว\nDate: 2026-11-02\nCategory: ประกาศ")

    result = production.run("deploy", "--to", str(www))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"deploy failed: 1 warning (--strict); {www}/current was not changed (fix the lines above and deploy again)")
    assert not (www / "current").exists()

    result = production.run("deploy", "--to", str(www), "--no-strict")
    assert result.exit_code == 0, result.output
    assert len(problem_lines(result)) == 1  # the warning once, not again from the build after the check


def test_a_link_that_leads_nowhere_stops_a_deploy(production, www):
    """The built site is checked as prsite check checks it (publish/site/checks.py), before any copy."""
    production.news("rules", "Title: ระเบียบ\nDate: 2026-11-19\nCategory: ประกาศ\nSlug: rules",
                    "อ่าน[ระเบียบ](https://takpeo1.example.go.th/no-such-page/)")

    result = production.run("deploy", "--to", str(www))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "news/2569/rules/index.html: link: 'https://takpeo1.example.go.th/no-such-page/' leads nowhere "
        "(no-such-page/index.html is not in the site)",
        f"deploy failed: 1 error; {www}/current was not changed (fix the lines above and deploy again)",
    ]
    assert not (www / "releases").exists()


def test_more_checks_of_the_built_site_can_be_added(production, www, monkeypatch):
    """SITE_CHECKS (publish/deploy/commands.py): each check takes the built tree and the settings and returns Findings."""
    too_big = Finding("files/report.pdf", "size", "is 25.0 MB; large downloads are slow on phones", warning=True)
    monkeypatch.setattr(deploy_commands, "SITE_CHECKS", [*deploy_commands.SITE_CHECKS, lambda tree, settings: [too_big]])

    result = production.run("deploy", "--to", str(www))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "warning: files/report.pdf: size: is 25.0 MB; large downloads are slow on phones",
        f"deploy failed: 1 warning (--strict); {www}/current was not changed (fix the lines above and deploy again)",
    ]


def test_rollback_to_a_named_release(www, tmp_path):
    target = layout.LocalTarget(www)
    names = [layout.publish(tree(tmp_path, f"release {n}"), target, keep=5).name for n in range(3)]

    result = prsite("rollback", "--to", str(www), "--to-release", names[0])
    assert result.exit_code == 0, result.output
    assert live(www) == f"releases/{names[0]}"
    assert (www / "current/index.html").read_text(encoding="utf-8") == "release 0"

    result = prsite("rollback", "--to", str(www), "--to-release", "20200101T000000Z")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {www}: there is no release 20200101T000000Z "
                             f"(releases: {', '.join(names)})\n")


# --- mistakes that are one line, before any build ----------------------------------------------------

@pytest.mark.parametrize("args", [[], ["--to", "a", "--rsync", "b:/c"]])
def test_exactly_one_of_to_and_rsync(production, args):
    result = production.run("deploy", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: give either --to DIR (this server) or --rsync USER@HOST:DIR (another server)")


def test_a_missing_folder_is_reported_before_the_build(production, tmp_path, monkeypatch):
    monkeypatch.setattr(deploy_commands.pipeline, "check", lambda *args, **kwargs: pytest.fail("checked before the folder"))
    result = production.run("deploy", "--to", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nowhere'}: no such folder (create it, writable by you and readable by nginx)\n"


def test_a_current_that_is_a_folder_is_left_alone(production, www):
    (www / "current").mkdir()
    result = production.run("deploy", "--to", str(www))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {www}/current: not a link to a release "
                             "(move it away; prsite deploy makes current a link)\n")


def test_one_deploy_at_a_time(www, tmp_path):
    with open(www / layout.LOCK_FILE, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(layout.DeployError) as refused:
            layout.publish(tree(tmp_path, "x"), layout.LocalTarget(www), keep=5)
    assert str(refused.value) == f"{www}: another prsite deploy or rollback is running (wait for it to finish)"


def test_a_release_from_the_future_means_a_wrong_clock(www, tmp_path):
    (www / "releases/20991231T000000Z").mkdir(parents=True)
    with pytest.raises(layout.DeployError, match=r"^the newest release 20991231T000000Z is later than now "
                                                 rf"\({RELEASE}\); check this machine's clock$"):
        layout.publish(tree(tmp_path, "x"), layout.LocalTarget(www), keep=5)


# --- keeping releases -------------------------------------------------------------------------------

@pytest.mark.parametrize("existing, live_one, keep, removed", [
    (["a1", "a2", "a3"], "a3", 5, []),
    (["a1", "a2", "a3", "a4"], "a4", 2, ["a1", "a2"]),
    (["a1", "a2", "a3", "a4"], "a1", 2, ["a2"]),  # rolled back to a1: the live release is never removed
])
def test_which_releases_are_removed(existing, live_one, keep, removed):
    assert layout.releases_to_remove(existing, live_one, keep) == removed


def test_deploys_keep_the_newest_releases(www, tmp_path):
    target = layout.LocalTarget(www)
    names = [layout.publish(tree(tmp_path, f"release {n}"), target, keep=2).name for n in range(4)]
    assert releases(www) == names[-2:]
    assert names == sorted(names) and len(set(names)) == 4  # one second apart at least: names sort by time


def test_an_interrupted_upload_never_becomes_a_release(www, tmp_path):
    leftover = www / "releases" / (layout.INCOMING + "20261120T000000Z")
    leftover.mkdir(parents=True)
    layout.publish(tree(tmp_path, "x"), layout.LocalTarget(www), keep=5)
    assert not leftover.exists() and len(releases(www)) == 1


# --- the same over rsync ---------------------------------------------------------------------------

@pytest.mark.parametrize("spec, host, path", [
    ("deploy@takpeo1.example.go.th:/var/www/prsite", "deploy@takpeo1.example.go.th", "/var/www/prsite"),
    ("web1:/var/www/prsite", "web1", "/var/www/prsite"),
    ("web1:prsite", "web1", "prsite"),  # relative to the user's home, as in rsync and ssh
    ("/var/www/prsite", None, "/var/www/prsite"),
    ("./www:old", None, "./www:old"),  # a slash before the colon: a local path, as in rsync
])
def test_rsync_targets(spec, host, path):
    assert layout.parse_rsync_target(spec) == (host, path)


@pytest.mark.parametrize("spec", ["web1::prsite", "web1:", ":/var/www"])
def test_rsync_targets_that_are_not_over_ssh(spec):
    with pytest.raises(layout.DeployError, match=r"not an rsync target over ssh \(write USER@HOST:/path/to/DIR\)$"):
        layout.parse_rsync_target(spec)


def test_rsync_deploys_give_the_same_layout_and_roll_back(www, tmp_path):
    """A local path takes the code path of USER@HOST:DIR, with sh in place of ssh."""
    require_rsync()
    target = layout.RsyncTarget(str(www))
    names = [layout.publish(tree(tmp_path, f"release {n}"), target, keep=2).name for n in range(3)]

    assert releases(www) == names[1:]
    assert live(www) == f"releases/{names[2]}"
    assert (www / "current/index.html").read_text(encoding="utf-8") == "release 2"
    css = "theme/css/site.css"  # unchanged: a hard link to the previous release (rsync --link-dest)
    assert (www / "releases" / names[1] / css).stat().st_ino == (www / "releases" / names[2] / css).stat().st_ino
    assert stat.S_IMODE((www / "current/index.html").stat().st_mode) == 0o644

    result = prsite("rollback", "--rsync", str(www))
    assert result.exit_code == 0, result.output
    assert live(www) == f"releases/{names[1]}"


def test_rsync_to_a_missing_folder_is_one_line(tmp_path):
    require_rsync()
    result = prsite("rollback", "--rsync", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nowhere'}: no such folder (create it on the server)\n"


def test_the_next_deploy_removes_what_a_killed_deploy_left(production, www, tmp_path, monkeypatch):
    import tempfile

    temp = tmp_path / "tmp"  # the system temp folder, private to the test
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    long_ago = thaitext.parse_date(SAMPLE_NOW).timestamp()  # a fixed instant, long before any run of this test
    for name in ("prsite-deploy-k1ll3d", "prsite-deploy-runn1n"):
        (temp / name / "site").mkdir(parents=True)
        (temp / name / "site/index.html").write_text("ครึ่งเดียว", encoding="utf-8")
        os.utime(temp / name, (long_ago, long_ago))
    running = os.open(temp / "prsite-deploy-runn1n", os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(running, fcntl.LOCK_EX)  # a deploy still running (another terminal, a cron job)
    try:
        result = production.run("deploy", "--to", str(www))
    finally:
        os.close(running)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in temp.iterdir()) == ["prsite-deploy-runn1n"]  # its own is gone too
