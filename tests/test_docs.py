"""The docs cannot drift: every setting and every prsite command is documented."""

import ast
import re
from pathlib import Path

import pytest

from publish.cli import main

REPO = Path(__file__).resolve().parents[1]


def plugin_settings():
    """Every plugin setting (defaults in plugins/<name>/settings.py, the only place they live)."""
    for module in sorted(REPO.glob("plugins/*/settings.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
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


def guide_examples():
    """(target path, text) for every copy-ready example in the officer's Thai guide."""
    guide = (REPO / "docs/content-guide.md").read_text(encoding="utf-8")
    examples = []
    for match in re.finditer(r"```(markdown|csv)\n(.*?)```", guide, re.S):
        kind, text = match[1], match[2]
        named = re.findall(r"`(content/[^`]+\.(?:md|csv))`", guide[max(0, match.start() - 300):match.start()])
        if kind == "csv":
            examples.append(("content/network/members.csv", text))
        elif text.startswith("Title:"):
            examples.append((named[-1] if named else None, text if "\n\n" in text else text + "\nเนื้อหา\n"))
    return examples


def test_guide_examples_pass_prsite_check(site):
    """Every example the officer is told to copy is valid as it stands."""
    import shutil

    shutil.rmtree(site.root / "content")
    shutil.copytree(REPO / "content", site.root / "content")
    examples = guide_examples()
    assert len(examples) >= 5
    registry_example = None
    for number, (target, text) in enumerate(examples):
        if target is None:  # a header-only news example: its folder is its BE year
            year = int(re.search(r"^Date: \d+/\d+/(\d{4})|^Date: (\d{4})", text, re.M).group(1) or 0) or 2569
            target = f"content/news/{year}/guide-example-{number}.md"
        if target.endswith(".csv"):
            registry_example = text
        else:
            site.write(target.replace(".md", f"-guide-{number}.md"), text)
    result = site.run("check")
    assert result.exit_code == 0, result.stderr

    # The registry example stands alone: its rows reuse ids the sample registry already has.
    for folder in ("news", "oia", "pages"):
        shutil.rmtree(site.root / "content" / folder)
    site.write("content/network/members.csv", registry_example)
    result = site.run("check")
    assert result.exit_code == 0, result.stderr


def test_every_test_the_security_page_names_exists():
    """docs/security.md says which test holds each promise: a renamed or deleted test must show."""
    page = (REPO / "docs/security.md").read_text(encoding="utf-8")
    files = set(re.findall(r"`((?:tests|plugins)/[\w/]+\.py)", page))
    names = set(re.findall(r"\b(test_\w+)", page)) - {Path(f).stem for f in files}
    assert files and names
    sources = "".join(p.read_text(encoding="utf-8") for p in [*REPO.glob("tests/test_*.py"), *REPO.glob("plugins/*/tests/test_*.py")])
    assert [f for f in files if not (REPO / f).exists()] == []
    assert [n for n in sorted(names) if f"def {n}(" not in sources] == []


def test_no_module_imports_another_modules_private_name():
    """Plugins and commands share through documented public functions, never a `_private` name
    (``from m import _x``, or ``m._x`` for another plugin's module). A plugin's own tests may test
    its private names; tests/ is where the whole site is tested and is not checked."""
    found = []
    sources = [*REPO.glob("plugins/**/*.py"), *REPO.glob("publish/**/*.py")]
    assert sources
    for path in sources:
        shown, parts = path.relative_to(REPO), path.relative_to(REPO).parts
        own = f"plugins.{parts[1]}." if parts[0] == "plugins" and len(parts) > 2 else "."
        tests = "tests" in parts
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module != "__future__"]
        elsewhere = [node for node in imports if not (node.level or f"{node.module}.".startswith(own))]
        found += [f"{shown}:{node.lineno}: {alias.name}" for node in (elsewhere if tests else imports)
                  for alias in node.names if alias.name.startswith("_")]
        modules = {alias.asname or alias.name for node in elsewhere if node.module.split(".")[0] in ("plugins", "publish")
                   for alias in node.names}
        found += [f"{shown}:{node.lineno}: {node.value.id}.{node.attr}" for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                  and isinstance(node.value, ast.Name) and node.value.id in modules]
    assert found == []


def pelican_private_attributes() -> set[str]:
    """The private attributes Pelican's content objects keep (``self._content = ...`` in pelican/contents.py)."""
    import pelican.contents

    tree = ast.parse(Path(pelican.contents.__file__).read_text(encoding="utf-8"))
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr.startswith("_")
            and not node.attr.startswith("__") and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name) and node.value.id == "self"}


# Where a plugin may touch one, and why there is no public way.
PELICAN_PRIVATE_ALLOWED = {
    # The body as the reader made it, with {static} links as written: Pelican keeps it only in
    # _content. get_content() resolves links (and attaches {attach} files) and memoizes the result,
    # so calling it while items are still being read would publish links to what is not read yet.
    ("plugins/common.py", "_content"),
}


def test_no_module_reads_or_writes_pelicans_private_content_attributes():
    """Plugins and commands use a content object's public API (metadata, summary, get_content, signals),
    never ``item._content``, ``item._summary``, ``item._context``..., which change between Pelican versions."""
    private = pelican_private_attributes()
    assert {"_content", "_summary", "_context"} <= private
    sources = [p for p in [*REPO.glob("plugins/**/*.py"), *REPO.glob("publish/**/*.py")] if "tests" not in p.parts]
    assert sources
    found = []
    for path in sources:
        shown = str(path.relative_to(REPO))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in private and (shown, node.attr) not in PELICAN_PRIVATE_ALLOWED
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                found.append(f"{shown}:{node.lineno}: {node.attr}")
    assert found == []


def test_the_architecture_page_shows_the_plugin_manifest():
    from plugins import manifest

    page = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    assert manifest.markdown_table() in page, (
        "docs/architecture.md differs from plugins/manifest.py: run .venv/bin/python -m plugins.manifest")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_the_architecture_page_names_each_command_and_its_module(command):
    page = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    module = main.commands[command].callback.__module__.replace(".", "/") + ".py"
    row = next((line for line in page.splitlines() if line.startswith("|") and f"`prsite {command}`" in line), "")
    assert f"`{module}`" in row, f"docs/architecture.md: no row for prsite {command} naming {module}"
