"""Data files the officer (or a spreadsheet, or an attacker) writes: YAML and CSV read safely.

Each bad file is one line naming the file (and row and column), never a traceback, never gigabytes
of memory: a size cap, UTF-8 only (a Thai Windows file is recognised and the fix named), no YAML
anchors or aliases (the "billion laughs"), and no spreadsheet formula in what is re-exported.
"""

import csv

import pytest
from PIL import Image

from conftest import REPO, problem_lines
from plugins.common import report, spreadsheet_cell
from plugins.ita import checklist

ALIASES = "uses a YAML anchor or alias (& or *), which prsite does not read (write each value out in full)"
MEMBERS = "content/network/members.csv"
SAVE_CSV = "in the spreadsheet, save it as 'CSV UTF-8'"


def billion_laughs() -> str:
    """Nine levels of ten aliases each: 10^9 strings once expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


# --- captions.yml -------------------------------------------------------------------------------

def gallery(site, captions: bytes) -> None:
    folder = site.root / "content/images/gallery"
    folder.mkdir()
    Image.new("RGB", (800, 600), "teal").save(folder / "a.jpg")
    (folder / "captions.yml").write_bytes(captions)
    site.news("gallery", "Title: แกลเลอรี\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: gallery\nGallery: images/gallery/")


@pytest.mark.parametrize("captions, message", [
    (billion_laughs().encode(), f"content/images/gallery/captions.yml:1: file: {ALIASES}"),
    ("a.jpg: นักเรียนรับรางวัล\n".encode("cp874"), "content/images/gallery/captions.yml: file: is in the old Thai "
     "Windows encoding (TIS-620/cp874), not UTF-8 (save it again as UTF-8)"),
    (b"a.jpg: x\n" + b"#" * 1_000_000, "content/images/gallery/captions.yml: file: is over the 1,000,000 byte limit "
     "for this file (is it the right file?)"),
    (b"a.jpg: \x00\x00\n", "content/images/gallery/captions.yml: file: contains NUL bytes, so it is not a text file "
     "(save it again as UTF-8)"),
], ids=["billion-laughs", "thai-windows", "oversize", "nul"])
def test_a_hostile_captions_file_is_one_warning_and_the_gallery_is_published(site, captions, message):
    gallery(site, captions)
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [f"warning: {message}"]
    assert (site.root / "output/news/2569/gallery/index.html").read_text(encoding="utf-8").count("gallery__item") >= 1


# --- the ITA checklist and the PII allow-list ------------------------------------------------------

def test_an_ita_checklist_with_aliases_is_refused(tmp_path):
    path = tmp_path / "content/ita/2570.yml"
    path.parent.mkdir(parents=True)
    path.write_text("fiscal_year: 2570\nsource: x\nitems:\n" + billion_laughs().replace("a0:", "x0:"), encoding="utf-8")
    report.reset(str(tmp_path))
    assert checklist.load(str(path)) is None
    assert [str(p) for p in report.problems] == [f"content/ita/2570.yml:4: file: {ALIASES}"]


def test_a_pii_allowlist_with_aliases_is_an_error(site):
    site.write("content/pii-allowlist.yml", '- &entry\n  value: "081-234-5678"\n  reason: เบอร์ราชการ\n- *entry\n')
    result = site.run("check")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"content/pii-allowlist.yml:1: file: {ALIASES}"]


# --- the registry CSV -------------------------------------------------------------------------------

def anuban(site) -> str:
    return site.read(MEMBERS).splitlines()[1]


@pytest.mark.parametrize("content, line", [
    (lambda site: site.read(MEMBERS).encode("utf-8").replace(b",", b",\x00", 1),
     f"{MEMBERS}: file: contains NUL bytes, so it is not a text file ({SAVE_CSV})"),
    (lambda site: site.read(MEMBERS).encode("cp874"),
     f"{MEMBERS}: file: is in the old Thai Windows encoding (TIS-620/cp874), not UTF-8 ({SAVE_CSV})"),
    (lambda site: site.read(MEMBERS).encode("utf-8") + b"#" * 5_000_000,
     f"{MEMBERS}: file: is over the 5,000,000 byte limit for this file (is it the right file?)"),
    (lambda site: (site.read(MEMBERS) + 'x,"' + "ก" * 200_000 + '"\n').encode("utf-8"),
     f"{MEMBERS}: file: is not a readable CSV file (field larger than field limit (131072); {SAVE_CSV})"),
    (lambda site: (site.read(MEMBERS) + "x,y,school\n").encode("utf-8"),
     f"{MEMBERS}:3: row: has 3 cells, expected 21 (a value containing a comma must be in \"quotes\")"),
    (lambda site: (site.read(MEMBERS) + anuban(site).replace("anuban-tak,โรงเรียนอนุบาลตาก", "x,\"" + "ก" * 2000 + "\"")
                   + "\n").encode("utf-8"),
     f"{MEMBERS}:3: name: is over 1,000 characters (is a quote left open on this row?)"),
], ids=["nul", "thai-windows", "oversize", "huge-field", "too-few-cells", "long-cell"])
def test_a_hostile_registry_file_is_one_line(site, content, line):
    (site.root / MEMBERS).write_bytes(content(site))
    result = site.run("check")
    assert result.exit_code == 1
    assert problem_lines(result) == [line]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("column, value", [
    ("name", '=HYPERLINK("http://evil.example/","คลิก")'),
    ("coordinator_name", "+66812345678"),
    ("coordinator_role", "-2+3"),
    ("name", "@SUM(1)"),
])
def test_a_formula_in_a_registry_text_cell_is_refused(site, column, value):
    """name and the coordinator go to members.json and the member pages, which people paste into spreadsheets."""
    from plugins.pr_network.registry import COLUMN_NAMES

    cells = next(csv.reader([anuban(site)]))
    cells[0], cells[COLUMN_NAMES.index(column)] = "other", value
    row = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
    site.members(anuban(site), row)
    result = site.run("check")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{MEMBERS}:3: {column}: '{value}' starts with '{value[0]}', which a spreadsheet runs as a formula "
        "(remove that first character)"]


# --- CSV files prsite writes -----------------------------------------------------------------------

@pytest.mark.parametrize("value, written", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("รายงาน", "รายงาน"), ("", ""), (2569, 2569),
])
def test_spreadsheet_cells_never_run_as_formulas(value, written):
    assert spreadsheet_cell(value) == written


def test_the_disclosure_log_csv_neutralises_a_formula_title(site):
    source = (REPO / "content/oia/2569/anti-corruption-report-2569.md").read_text(encoding="utf-8")
    site.write("content/oia/2569/report.md", source.replace("Title: ", "Title: =HYPERLINK(\"http://evil\")", 1))
    result = site.run("build")
    assert result.exit_code == 0, result.output
    with open(site.root / "output/information-centre/disclosures.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and rows[0]["title"].startswith("'=HYPERLINK(")
