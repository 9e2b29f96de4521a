"""The ITA/OIT checklist in a real build: the page, the build's warnings, and ``prsite ita report``."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import problem_lines

CHECKLIST = """
fiscal_year: 2570
source: คู่มือการประเมิน ITA ปีงบประมาณ พ.ศ. 2570
items:
  - code: O1
    group: ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน
    title: โครงสร้าง
    evidence: แผนผังโครงสร้างการแบ่งส่วนราชการ
    satisfied_by:
      pages: [structure]
  - code: O30
    group: ตัวชี้วัดย่อยที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต
    title: ประกาศเจตนารมณ์นโยบาย No Gift Policy
    evidence: ประกาศของผู้บริหารสูงสุด
  - code: O31
    title: การมีส่วนร่วมของผู้บริหาร
    evidence: กิจกรรมของผู้บริหารสูงสุด
"""
MISSING_O31 = "content/ita/2570.yml: O31: no page, disclosure or tag provides it (ยังไม่มีข้อมูล)"
SITE_URL = "https://takpeo1.example.go.th"


@pytest.fixture
def ita_site(site):
    site.write("content/pages/structure.md", "Title: โครงสร้างองค์กร\nSlug: structure\n\nแผนผังโครงสร้าง\n")
    site.write("content/oia/2570/no-gift-2570.md", """
        Title: ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. 2570
        Date: 2026-10-01
        Category: 9(2)
        Fiscal_year: 2570
        Oit: O30
        Slug: no-gift-2570

        ผู้บริหารและบุคลากรจะไม่รับของขวัญจากการปฏิบัติหน้าที่
        """)
    site.write("content/ita/2570.yml", CHECKLIST)
    return site


def soup(site, relative: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(relative), "html.parser")


def test_the_page_shows_each_item_with_its_links_or_that_it_is_missing(ita_site):
    result = ita_site.run("build")
    assert result.exit_code == 0, result.stderr
    page = soup(ita_site, "output/information-centre/ita/index.html")
    assert page.h1.get_text() == "การเปิดเผยข้อมูลตามแบบตรวจ ITA ปีงบประมาณ 2570"
    assert page.select_one(".ita__summary").get_text() == "มีข้อมูล 2 จาก 3 รายการ"
    assert [h2.get_text() for h2 in page.select(".ita__group h2")] == [
        "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน", "ตัวชี้วัดย่อยที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต"]
    items = {li["id"]: li for li in page.select(".ita__item")}
    assert items["o1"].h3.get_text() == "O1 โครงสร้าง"
    assert "แผนผังโครงสร้างการแบ่งส่วนราชการ" in items["o1"].select_one(".ita__evidence").get_text()
    links = [(a.get_text(), a["href"]) for item in items.values() for a in item.select(".ita__links a")]
    assert links == [("โครงสร้างองค์กร", "../../structure/"),
                     ("ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. 2570", "../../information-centre/2570/no-gift-2570/")]
    assert items["o30"].select_one(".ita__address").get_text() == f"{SITE_URL}/information-centre/2570/no-gift-2570/"
    assert items["o31"].select_one(".ita__status").get_text() == "ยังไม่มีข้อมูล"
    assert not items["o31"].select(".ita__links")


def test_a_missing_item_is_a_warning_and_an_error_under_strict(ita_site):
    result = ita_site.run("build")
    assert problem_lines(result) == [f"warning: {MISSING_O31}"]
    result = ita_site.run("build", "--strict")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"warning: {MISSING_O31}"]


def test_names_nothing_on_the_site_has_are_warned_about(ita_site):
    ita_site.write("content/ita/2570.yml", CHECKLIST.replace("pages: [structure]", "pages: [structur]"))
    result = ita_site.run("build")
    assert problem_lines(result) == [
        "warning: content/ita/2570.yml: items[1].satisfied_by.pages: 'structur' is not a page "
        "(no published file in content/pages/ has this Slug:)",
        "warning: content/ita/2570.yml: O1: no page, disclosure or tag provides it (ยังไม่มีข้อมูล)",
        f"warning: {MISSING_O31}",
    ]


def test_a_mistake_in_the_checklist_stops_the_build(ita_site):
    ita_site.write("content/ita/2570.yml", CHECKLIST.replace("code: O30", "code: 030"))
    result = ita_site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == ["content/ita/2570.yml: items[2].code: '030' is not an OIT item code (e.g. O12)"]


def test_the_newest_checklist_is_shown_unless_a_year_is_set(ita_site):
    ita_site.write("content/ita/2569.yml", CHECKLIST.replace("2570", "2569"))
    assert ita_site.run("build").exit_code == 0
    assert "ปีงบประมาณ 2570" in soup(ita_site, "output/information-centre/ita/index.html").h1.get_text()
    with open(ita_site.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write("\nITA_FISCAL_YEAR = 2569\n")
    assert ita_site.run("build").exit_code == 0
    assert "ปีงบประมาณ 2569" in soup(ita_site, "output/information-centre/ita/index.html").h1.get_text()


def test_a_year_without_its_checklist_stops_the_build(ita_site):
    with open(ita_site.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write("\nITA_FISCAL_YEAR = 2571\n")
    result = ita_site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == ["pelicanconf.py: ITA_FISCAL_YEAR: content/ita/2571.yml does not exist "
                                     "(write it, or set ITA_FISCAL_YEAR = None to use the newest checklist)"]


def test_no_checklist_no_page(site):
    result = site.run("build")
    assert result.exit_code == 0, result.stderr
    assert not (site.root / "output/information-centre/ita").exists()


# --- prsite ita report ---------------------------------------------------------------------------

@pytest.fixture
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")  # rich folds long addresses in a narrow table


def test_report_prints_the_table_the_coverage_and_the_missing_items(ita_site, wide_terminal):
    result = ita_site.run("ita", "report", "2570")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    table = result.stdout
    for text in ("O1", "โครงสร้าง", "โครงสร้างองค์กร", f"{SITE_URL}/structure/", f"{SITE_URL}/information-centre/2570/no-gift-2570/",
                 "O31", "missing (ยังไม่มีข้อมูล)"):
        assert text in table, text
    assert result.stdout.splitlines()[-2:] == ["coverage: 2/3 items", "missing: O31 การมีส่วนร่วมของผู้บริหาร"]


def test_report_strict_exits_1_when_an_item_is_missing(ita_site, wide_terminal):
    result = ita_site.run("ita", "report", "2570", "--strict")
    assert result.exit_code == 1
    assert result.stderr == "ita report: 1 missing (--strict)\n"


def test_report_of_any_year_with_a_checklist(ita_site, wide_terminal):
    ita_site.write("content/ita/2569.yml", CHECKLIST.replace("2570", "2569"))
    result = ita_site.run("ita", "report", "2569")
    assert result.exit_code == 0, result.stderr
    # The Oit: of a 2570 disclosure names an item of the 2570 list, not of 2569's.
    assert result.stdout.splitlines()[-3:] == ["coverage: 1/3 items", "missing: O30 ประกาศเจตนารมณ์นโยบาย No Gift Policy",
                                               "missing: O31 การมีส่วนร่วมของผู้บริหาร"]


def test_report_of_a_year_without_a_checklist(ita_site):
    result = ita_site.run("ita", "report", "2571")
    assert result.exit_code == 1
    assert result.stderr == ("Error: content/ita/2571.yml: not found (write the checklist of fiscal year 2571; "
                             "see docs/content-guide.md)\n")


def test_report_shows_the_checklist_mistakes_one_per_line(ita_site):
    ita_site.write("content/ita/2570.yml", CHECKLIST.replace("    title: โครงสร้าง\n", "")
                   .replace("pages: [structure]", "pages: [structur]"))
    result = ita_site.run("ita", "report", "2570")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/ita/2570.yml: items[1].title: missing (the item's Thai name, e.g. title: โครงสร้าง)",
        "Error: the lines above must be fixed first (prsite check shows every mistake)",
    ]
