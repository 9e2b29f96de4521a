"""content/ita/<fiscal year>.yml: what a valid checklist reads as, and one exact line per mistake."""

import textwrap
from pathlib import Path

import pytest

from plugins.common import report
from plugins.ita import checklist

REPO = Path(__file__).resolve().parents[3]
VALID = """\
fiscal_year: 2570
source: คู่มือการประเมิน ITA ปีงบประมาณ พ.ศ. 2570
items:
  - code: O1
    group: ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน
    title: โครงสร้าง
    evidence: แผนผังโครงสร้างการแบ่งส่วนราชการ
    satisfied_by:
      pages: [structure]
      oia_categories: ["ม.7(1)"]
  - code: o2
    title: ข้อมูลผู้บริหาร
    evidence: ชื่อ ตำแหน่ง รูปถ่าย
"""


def load(tmp_path, text, name="2570.yml"):
    """(checklist or None, the problem lines the officer reads)."""
    path = tmp_path / "content/ita" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    report.reset(str(tmp_path))
    loaded = checklist.load(str(path))
    return loaded, [str(problem) for problem in report.problems]


def test_a_valid_checklist(tmp_path):
    loaded, lines = load(tmp_path, VALID)
    assert lines == []
    first, second = loaded.items
    assert (loaded.fiscal_year, loaded.source) == (2570, "คู่มือการประเมิน ITA ปีงบประมาณ พ.ศ. 2570")
    assert (first.code, first.title, first.pages) == ("O1", "โครงสร้าง", ("structure",))
    assert first.oia_categories == ("7(1)",)  # any spelling a disclosure's Category: accepts
    assert second.code == "O2" and second.group == first.group  # no group: stays in the previous one
    assert (second.pages, second.fiscal_years, second.disclosures_oit) == ((), (), True)


FILE = "content/ita/2570.yml"
MISTAKES = [  # (text in VALID, replaced by, the lines the officer reads)
    ("code: O1", "code: O 1", [f"{FILE}: items[1].code: 'O 1' is not an OIT item code (e.g. O12)"]),
    ("code: O1", "code: 01", [f"{FILE}: items[1].code: '01' is not an OIT item code (e.g. O12)"]),  # zero, as typed
    ("code: o2", "code: O1", [f"{FILE}: items[2].code: 'O1' is also items[1].code (list each item once)"]),
    ("    title: ข้อมูลผู้บริหาร\n", "",
     [f"{FILE}: items[2].title: missing (the item's Thai name, e.g. title: โครงสร้าง)"]),
    ("    evidence: ชื่อ", "    evidense: ชื่อ",
     [f"{FILE}: items[2].evidense: unknown key (did you mean 'evidence'?)",
      f"{FILE}: items[2].evidence: missing (what counts as evidence, from the NACC handbook)"]),
    ("fiscal_year: 2570", "fiscal_year: 2569",
     [f"{FILE}: fiscal_year: 2569 does not match the file name (this file is the checklist of fiscal year 2570)"]),
    ("source: คู่มือการประเมิน ITA ปีงบประมาณ พ.ศ. 2570\n", "",
     [f"{FILE}: source: missing (the NACC document the items come from)"]),
    ("      pages: [structure]", "      page: [structure]",
     [f"{FILE}: items[1].satisfied_by.page: unknown key (did you mean 'pages'?)"]),
    ("      pages: [structure]", "      pages: [[structure]]",
     [f"{FILE}: items[1].satisfied_by.pages: is not a list of names (e.g. [structure, executives])"]),
    ("      pages: [structure]", "      fiscal_years: [2569, 70]",
     [f"{FILE}: items[1].satisfied_by.fiscal_years: '70' is not a Buddhist-era fiscal year (e.g. 2570)"]),
    ("      pages: [structure]", "      disclosures_oit: maybe",
     [f"{FILE}: items[1].satisfied_by.disclosures_oit: 'maybe' is not true or false"]),
    ("    evidence: ชื่อ ตำแหน่ง รูปถ่าย", "    evidence: ชื่อ\n    satisfied_by: contact",
     [f"{FILE}: items[2].satisfied_by: is not a set of keys (e.g. pages: [structure] on the next line, indented)"]),
    ("  - code: o2", "  - O2\n  - code: o2", [f"{FILE}: items[2]: is not an item (each starts with '- code: O1', "
                                              "then title:, evidence:)"]),
    ("    title: โครงสร้าง", "    title: โครงสร้าง: แผนผัง",
     [f"{FILE}:6: YAML: mapping values are not allowed here (check the indentation, and quote text that "
      "contains ':' or starts with a symbol)"]),
]


@pytest.mark.parametrize("old, new, expected", MISTAKES, ids=[m[2][0].split(": ", 2)[1] for m in MISTAKES])
def test_each_mistake_is_one_line(tmp_path, old, new, expected):
    assert old in VALID
    loaded, lines = load(tmp_path, VALID.replace(old, new, 1))
    assert (loaded, lines) == (None, expected)


@pytest.mark.parametrize("text, expected", [
    ("- O1\n- O2\n", f"{FILE}: file: is not a checklist (it starts with fiscal_year:, source: and items:)"),
    ("fiscal_year: 2570\nsource: x\nitems: O1\n", f"{FILE}: items: is not a list of items (each starts with '- code: O1')"),
    ("fiscal_year: 2570\nsource: x\n", f"{FILE}: items: missing (the O-items, each starting with '- code: O1')"),
])
def test_a_file_that_is_not_a_checklist(tmp_path, text, expected):
    assert load(tmp_path, text) == (None, [expected])


def test_files_are_named_after_their_fiscal_year(tmp_path):
    folder = tmp_path / "content/ita"
    folder.mkdir(parents=True)
    for name in ("2569.yml", "2570.yaml", "draft-2571.yml", "notes.txt"):
        (folder / name).write_text("", encoding="utf-8")
    report.reset(str(tmp_path))
    found = checklist.files({"PATH": str(tmp_path / "content"), "ITA_PATH": "ita"})
    assert found == {2569: str(folder / "2569.yml"), 2570: str(folder / "2570.yaml")}
    assert [str(p) for p in report.problems] == [
        "content/ita/draft-2571.yml: file: is not used: a checklist is named after its fiscal year (e.g. 2570.yml)"]


def test_the_shipped_checklist_reads_cleanly():
    """content/ita/2570.yml: the NACC's O1-O37 in order, each under its indicator, nothing unread."""
    report.reset(str(REPO))
    shipped = checklist.load(str(REPO / "content/ita/2570.yml"))
    assert report.problems == []
    assert [item.code for item in shipped.items] == [f"O{n}" for n in range(1, 38)]
    groups = list(dict.fromkeys(item.group for item in shipped.items))
    assert [group.split()[1] for group in groups] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
    assert all(item.title and item.evidence for item in shipped.items)
