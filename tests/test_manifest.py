"""The plugin manifest is the truth: what each plugin adds to content items, the context and the
settings is listed in plugins/manifest.py; the settings are loaded once, in one place."""

from __future__ import annotations

import ast
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from plugins import manifest
from plugins.content_model import schema
from publish import pipeline

from conftest import REPO, SAMPLE_NOW, nonempty, problem_lines

# Where each kind's items are in the context (Pelican's keys for news and pages, the plugins' for theirs).
ITEMS = {
    manifest.NEWS: ("articles", "drafts", "hidden_articles"),
    manifest.PAGES: ("pages", "hidden_pages", "draft_pages"),
    manifest.DISCLOSURES: ("disclosures",),
    manifest.ENEWS_ISSUES: ("enews_issues",),
}


def read(settings_file: Path, **overrides):
    cwd = os.getcwd()
    os.chdir(settings_file.parent)
    try:
        outcome, generators = pipeline.read_site(str(settings_file), echo=lambda line: None,
                                                 CONTENT_MODEL_NOW=SAMPLE_NOW, **overrides)
    finally:
        os.chdir(cwd)
    assert not outcome.errors, outcome.errors
    return generators[0].context


@pytest.fixture(scope="module")
def sample():
    """The sample office read with every plugin."""
    return read(REPO / "pelicanconf.py")


PLAIN_READ = """
import json, sys
from publish import pipeline
outcome, generators = pipeline.read_site("pelicanconf.py", echo=lambda line: None, PLUGINS=[],
                                         ARTICLE_URL="{slug}/", ARTICLE_SAVE_AS="{slug}/index.html")  # no be_year
assert not outcome.errors, outcome.errors
context = generators[0].context
items = context["articles"] + context["pages"]
print(json.dumps({"attributes": sorted({name for item in items for name in vars(item)}), "keys": sorted(context)}))
"""


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """A news item and a page read by Pelican alone (no prsite plugin), in a fresh process:
    Pelican's signals keep the receivers of plugins registered earlier in this one."""
    root = tmp_path_factory.mktemp("plain")
    (root / "pelicanconf.py").write_text((REPO / "pelicanconf.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "content/news/2569").mkdir(parents=True)
    (root / "content/pages").mkdir(parents=True)
    (root / "theme").symlink_to(REPO / "theme")
    (root / "content/news/2569/item.md").write_text(
        "Title: ข่าว\nDate: 2026-11-20 09:30\nCategory: ประกาศ\nTags: ประชุม\nSummary: สรุป\nModified: 2026-11-21\n\n"
        "เนื้อข่าว\n", encoding="utf-8")
    (root / "content/pages/about.md").write_text("Title: เกี่ยวกับเรา\nSlug: about\n\nเนื้อหา\n", encoding="utf-8")
    found = subprocess.run([sys.executable, "-c", PLAIN_READ], cwd=root, capture_output=True, text=True, check=True)
    return json.loads(found.stdout.splitlines()[-1])


def listed_attributes(kind: str) -> set[str]:
    return {added.name for plugin in manifest.MANIFEST for added in plugin.attributes if kind in added.kinds}


def header_fields(kind: str) -> set[str]:
    return {field.key for found in schema.KINDS if found.name == kind for field in found.fields}


@pytest.mark.parametrize("kind", list(ITEMS))
def test_every_attribute_a_plugin_adds_to_an_item_is_in_the_manifest(kind, sample, plain):
    pelican_gives = set(plain["attributes"])
    items = nonempty([item for key in ITEMS[kind] for item in sample.get(key, [])])
    added = {name for item in items for name in vars(item)} - pelican_gives
    unlisted = added - listed_attributes(kind) - header_fields(kind)
    assert unlisted == set(), f"add these {kind} attributes to plugins/manifest.py: {sorted(unlisted)}"


def test_every_context_key_a_plugin_adds_is_in_the_manifest(sample, plain):
    listed = {added.name for plugin in manifest.MANIFEST for added in plugin.context}
    added = {key for key in sample if not key.isupper()} - set(plain["keys"])
    assert nonempty(added) == listed


def test_every_setting_a_plugin_adds_is_a_default_in_the_manifest(sample, plain):
    defaults = {name for plugin in manifest.MANIFEST for name in manifest.defaults(plugin)}
    added = {key for key in sample if key.isupper()} - set(plain["keys"])
    assert nonempty(added) - defaults == set()


def test_pelicanconf_holds_only_the_office_values_and_plugins_come_from_the_manifest():
    office = runpy.run_path(str(REPO / "pelicanconf.py"))
    assert office["PLUGINS"] == manifest.plugin_names() == [plugin.name for plugin in manifest.MANIFEST]
    defaults = {name: value for plugin in manifest.MANIFEST for name, value in manifest.defaults(plugin).items()}
    repeated = sorted(name for name in office if name in defaults and office[name] == defaults[name])
    assert repeated == []


def test_an_office_can_go_without_a_plugin(site):
    """In a fresh process, as the officer runs it (in this one, every plugin's receivers are connected)."""
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write('\nPLUGINS.remove("plugins.search")\n')
    result = subprocess.run([sys.executable, "-c", "from publish.cli import main; main()", "build"], cwd=site.root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (site.root / "output/index.html").is_file()
    assert not (site.root / "output/search").exists()


def test_a_bad_setting_stops_every_command_with_one_line(site):
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write('\nTHAI_TEXT_DIGITS = "roman"\n')
    line = "pelicanconf.py: THAI_TEXT_DIGITS: 'roman' is not a digit style (use 'arabic' or 'thai')"
    for command in (["check"], ["build"]):
        result = site.run(*command)
        assert result.exit_code == 1
        assert problem_lines(result) == [line]
    assert not (site.root / "output").exists()
    for command in (["network", "report"], ["enews", "status", "2569-11"], ["ita", "report", "2570"]):
        result = site.run(*command)
        assert result.exit_code == 1, command
        assert result.stderr.splitlines() == [line, "Error: 1 setting to fix first (the lines above; docs/settings.md)"]
    result = site.run("status")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == line


def test_a_misspelt_or_renamed_setting_is_one_line_not_a_silent_default(site):
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write('\nOFFICE_EMIAL = "pr@example.go.th"\nOFFICE_RELATED_ITEMS = 5\n')
    result = site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "pelicanconf.py: OFFICE_EMIAL: is not a setting of plugins.office_site "
        "(check the spelling against docs/settings.md)",
        "pelicanconf.py: OFFICE_RELATED_ITEMS: is now called NEWS_NAVIGATION_RELATED_ITEMS (rename it in pelicanconf.py)",
    ]
    assert not (site.root / "output").exists()


def test_every_default_is_laid_by_the_loader(site):
    settings = pipeline.load_settings(str(site.root / "pelicanconf.py"))
    for plugin in manifest.MANIFEST:
        for name, value in manifest.defaults(plugin).items():
            assert name in settings
    assert settings["ENEWS_PRIVATE_PATH"] == "private"  # the sender's, once in publish/enews/send.py


def python_sources():
    return nonempty([p for p in [*REPO.glob("plugins/**/*.py"), *REPO.glob("publish/**/*.py")]
                     if "tests" not in p.parts])


def test_settings_are_merged_only_by_the_loader():
    """One place lays defaults (plugins/manifest.py, called by pipeline.load_settings and, for a
    plain pelican run, at initialized), and defaults live only in plugins/<name>/settings.py."""
    prefixes = tuple(prefix for plugin in manifest.MANIFEST for prefix in plugin.prefixes)
    loaders = {REPO / "plugins/manifest.py", REPO / "publish/pipeline.py"}
    found = []
    for path in python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = getattr(node, "id", None) or getattr(node, "attr", None)
            if name == "apply_defaults" or (name == "complete_settings" and path not in loaders):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
        if path.name != "settings.py":
            found += [f"{path.relative_to(REPO)}:{node.lineno}: {target.id} (a default outside settings.py)"
                      for node in tree.body if isinstance(node, ast.Assign)
                      for target in node.targets if isinstance(target, ast.Name) and target.id.startswith(prefixes)]
    assert found == []


def test_a_plain_pelican_run_lays_the_same_defaults_and_checks(site):
    """Pelican reads pelicanconf.py itself there; every plugin connects manifest.configure to initialized."""
    site.news("item", "Title: ข่าว\nDate: 20/11/2569 09:30\nCategory: ประกาศ\nSlug: item")
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write('\nPII_GUARD_PHONES = "landline"\n')
    result = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
                            cwd=site.root, capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    assert "20 พฤศจิกายน 2569" in site.read("output/news/2569/item/index.html")  # THAI_TEXT_* defaults laid
    logged = result.stdout + result.stderr
    assert "pelicanconf.py: PII_GUARD_PHONES: 'landline' is not a phone policy (use 'mobile', 'all' or 'off')" in logged
