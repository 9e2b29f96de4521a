"""The header of a content file, read to its real end, and files a loader must refuse in one line.

The header is the `Field: value` lines at the top, up to the first blank line (docs/formats.md).
Every case runs the real ``prsite check`` or ``prsite build`` and asserts what the officer reads.
"""

from __future__ import annotations

import pytest

from conftest import news_pages, problem_lines

NEWS = "content/news/2569/item.md"
TOP = "Title: ประชุมผู้บริหารสถานศึกษา\nDate: 2026-11-18 09:30\nCategory: ข่าวประชาสัมพันธ์\n"
NEWS_FIELDS = ("Title, Date, Category, Tags, Slug, Summary, Image, Image_alt, Image_caption, Gallery, "
               "Attachments, Schools, Status, Expires, Enews, Modified")
AFTER_BLANK = ("is below the header, which ends at the first blank line "
               "(move it up, or if it is body text write the name in bold: **{name}:**)")


def write_news(site, text: str | bytes):
    path = site.root / NEWS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def published_text(site) -> str:
    """Everything the build wrote that a reader could open: pages, feeds, search data."""
    output = site.root / "output"
    files = [p for p in output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt")]
    assert files, "the build wrote something"
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


# --- the header's end, and lines in it that are not fields ---------------------------------------

@pytest.mark.parametrize(
    "text, lines",
    [
        (TOP + "หมายเหตุ: โทรยืนยันก่อน\nStatus: draft\n\nเนื้อข่าว\n",
         [f"{NEWS}:4: หมายเหตุ: unknown field (fields for news: {NEWS_FIELDS})"]),
        (TOP + "Stàtus: draft\n\nเนื้อข่าว\n",
         [f"{NEWS}:4: Stàtus: unknown field (did you mean 'Status'?)"]),
        (TOP + "Tgas: ประชุม\n\nเนื้อข่าว\n",
         [f"{NEWS}:4: Tgas: unknown field (did you mean 'Tags'?)"]),
        (TOP + "\nStatus: draft\n\nเนื้อข่าว\n",
         [f"{NEWS}:5: Status: " + AFTER_BLANK.format(name="Status")]),
        (TOP + "\nImage_alt: ภาพ\nสถานะ: ฉบับร่าง\n\nเนื้อข่าว\n",
         [f"{NEWS}:5: Image_alt: " + AFTER_BLANK.format(name="Image_alt"),
          f"{NEWS}:6: สถานะ: " + AFTER_BLANK.format(name="สถานะ")]),
        (TOP + "\nหมายเหตุ: ข้อความ\n\nStatus: draft\n\nเนื้อข่าว\n",
         [f"{NEWS}:7: Status: " + AFTER_BLANK.format(name="Status")]),
        (TOP + "เนื้อข่าวติดกับส่วนหัวโดยไม่เว้นบรรทัด\n",
         [f"{NEWS}:4: header: 'เนื้อข่าวติดกับส่วนหัวโดยไม่เว้นบรรทัด' is not a 'Field: value' line "
          "(leave one blank line between the header and the body)"]),
        (TOP + "Status: published\nStatus: draft\n\nเนื้อข่าว\n",
         [f"{NEWS}:5: Status: is also on line 4 (keep one)"]),
        (TOP + "หัวข้อ: ชื่อซ้ำ\n\nเนื้อข่าว\n",
         [f"{NEWS}:4: หัวข้อ: is also on line 1 (keep one)"]),
        (TOP + "Status: ฉบับเต็ม\n\nเนื้อข่าว\n",
         [f"{NEWS}: Status: 'ฉบับเต็ม' is not a status (use published or draft)"]),
    ],
    ids=["unknown-thai-name", "partly-ascii-name", "typo", "blank-line-above-status",
         "blank-line-inside-header", "fields-after-a-body-like-line", "body-without-blank-line",
         "status-twice", "alias-and-field-twice", "unknown-status"],
)
def test_a_header_mistake_is_one_line_each(site, text, lines):
    write_news(site, text)
    result = site.run("check")
    assert result.exit_code == 1
    assert problem_lines(result) == lines
    assert "Traceback" not in result.output


def test_a_draft_below_a_thai_summary_stays_a_draft(site):
    """The issue's case: the header ended at `สรุป:` and "Image: ... Status: draft" was published."""
    site.news("public", TOP.replace("ประชุม", "ข่าวที่เผยแพร่ได้"))
    write_news(site, TOP + "Slug: secret-draft\nสรุป: สรุปข่าว\nImage: images/logo.png\nImage_alt: ตราสำนักงาน\n"
                     "Status: draft\n\nเนื้อข่าวลับ\n")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert not list((site.root / "output").rglob("*secret-draft*"))
    published = published_text(site)
    assert "Status: draft" not in published and "เนื้อข่าวลับ" not in published


def test_a_status_below_an_unknown_line_stops_the_build(site):
    write_news(site, TOP + "ภาพประกอบ: images/x.jpg\nStatus: draft\n\nเนื้อข่าวลับ\n")
    result = site.run("build")
    assert result.exit_code == 1
    assert not (site.root / "output").exists()


@pytest.mark.parametrize(
    "header",
    [TOP + "Status: publish", TOP + "Stauts: draft", TOP + "\nStatus: draft", TOP + "Status: draft\nStatus: draft",
     b"\x00".decode() + TOP],
    ids=["bad-value", "misspelt-name", "after-blank-line", "twice", "nul"],
)
def test_an_unreadable_status_is_read_as_draft(site, header):
    """Fail closed even where a build goes on after errors (serve, plain pelican)."""
    from plugins.content_model.reader import PrsiteMarkdownReader
    from publish import pipeline

    write_news(site, header + "\n\nเนื้อข่าว\n")
    settings = pipeline.load_settings(str(site.root / "pelicanconf.py"), PATH=str(site.root / "content"))
    content, metadata = PrsiteMarkdownReader(settings).read(str(site.root / NEWS))
    assert metadata["status"] == "draft"
    assert "Status" not in content


def test_a_body_may_start_with_a_name_and_colon(site):
    site.news("item", TOP, "หมายเหตุ: การประชุมครั้งต่อไปจะแจ้งให้ทราบ\n\nเนื้อข่าว")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert "หมายเหตุ: การประชุมครั้งต่อไปจะแจ้งให้ทราบ" in news_pages(site.root / "output")[0].read_text(encoding="utf-8")


def test_thai_field_names(site):
    write_news(site, "หัวข้อ: ประชุมผู้บริหาร\nวันที่: 18/11/2569 09:30\nหมวด: ข่าวกิจกรรม\n"
                     "แท็ก: ประชุม, ผู้บริหาร\nสรุป: สรุปการประชุมหนึ่งประโยค\nสถานะ: เผยแพร่\n\nเนื้อข่าว\n")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    page = news_pages(site.root / "output")[0].read_text(encoding="utf-8")
    assert "<h1" in page and "ประชุมผู้บริหาร" in page
    assert "สรุปการประชุมหนึ่งประโยค" in page and "/tag/" in page and "activities" in page
    assert "หัวข้อ:" not in published_text(site)


def test_a_draft_in_thai_is_not_written(site):
    site.news("public", TOP)
    write_news(site, TOP.replace("ประชุม", "ร่าง") + "Slug: thai-draft\nสถานะ: ฉบับร่าง\n\nเนื้อข่าวลับ\n")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert not list((site.root / "output").rglob("*thai-draft*"))
    assert "เนื้อข่าวลับ" not in published_text(site)


def test_every_thai_name_is_documented_and_names_one_field():
    from pathlib import Path

    from plugins.content_model.schema import THAI_FIELD_NAMES

    guide = (Path(__file__).parents[1] / "docs/content-guide.md").read_text(encoding="utf-8")
    formats = (Path(__file__).parents[1] / "docs/formats.md").read_text(encoding="utf-8")
    aliases = [alias for names in THAI_FIELD_NAMES.values() for alias in names]
    assert aliases and len(aliases) == len(set(aliases))
    for alias in aliases:
        assert f"`{alias}`" in guide and alias in formats, alias


# --- files the reader must refuse, or read the same whatever the editor --------------------------

@pytest.mark.parametrize(
    "data, lines",
    [
        (TOP.encode() + b"\n" + b"x" * 2_000_000, [f"{NEWS}: file: is 2.0 MB, over the 2 MB limit "
                                                   "(put long documents in files/ and link them)"]),
        (TOP.encode() + b"\n\x00\x01\x02PK\x03\x04", [f"{NEWS}: file: is not text (it has NUL bytes; "
                                                      "save it again as plain text, UTF-8)"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [f"{NEWS}: file: is not text (it has NUL bytes; "
                                                 "save it again as plain text, UTF-8)"]),
    ],
    ids=["too-big", "nul-bytes", "image-saved-as-md"],
)
def test_a_file_that_cannot_be_content_is_one_line(site, data, lines):
    site.news("public", TOP.replace("ประชุม", "ข่าวอื่น"))
    assert site.run("build").exit_code == 0
    before = {p: p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()}
    write_news(site, data)
    result = site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == lines
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["bom", "crlf", "bom-and-crlf"],
)
def test_windows_editors_files_read_like_plain_ones(site, encode):
    write_news(site, encode(TOP + "Slug: windows-item\nSummary: สรุปข่าว\n\nย่อหน้าแรก\n\nย่อหน้าที่สอง\n"))
    result = site.run("build")
    assert result.exit_code == 0, result.output
    page = (site.root / "output/news/2569/windows-item/index.html").read_text(encoding="utf-8")
    assert "ประชุมผู้บริหารสถานศึกษา" in page and "<p>ย่อหน้าแรก</p>" in page
    assert "\r" not in page and "\ufeff" not in page


@pytest.mark.parametrize("encode", [lambda t: t.encode(), lambda t: t.replace("\n", "\r\n").encode()], ids=["lf", "crlf"])
def test_a_blank_line_in_a_windows_header_is_caught_too(site, encode):
    write_news(site, encode(TOP + "\nStatus: draft\n\nเนื้อข่าว\n"))
    assert problem_lines(site.run("check")) == [f"{NEWS}:5: Status: " + AFTER_BLANK.format(name="Status")]


# --- dates in the Thai form with a Christian-era year ------------------------------------------

def test_a_ce_year_in_thai_form_is_read_as_ce_with_a_warning(site):
    site.news("item", "Title: ข่าว\nDate: 20/11/2026 09:30\nCategory: ประกาศ\nSlug: ce-date\nExpires: 31/12/2026")
    result = site.run("check")
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [
        f"warning: {NEWS}: Date: '20/11/2026 09:30' was read with 2026 as a Christian-era year (B.E. 2569); "
        "write 20/11/2569 09:30 or 2026-11-20 09:30",
        f"warning: {NEWS}: Expires: '31/12/2026' was read with 2026 as a Christian-era year (B.E. 2569); "
        "write 31/12/2569 or 2026-12-31",
    ]
    assert site.run("check", "--strict").exit_code == 1
    assert site.run("build").exit_code == 0
    assert (site.root / "output/news/2569/ce-date/index.html").is_file()


# --- disclosures ----------------------------------------------------------------------------------

# One item is enough: the ITA check is what used to crash on a disclosure without a category.
CHECKLIST = ("fiscal_year: 2570\nsource: คู่มือ ITA 2570\nitems:\n"
             "  - {code: O1, title: โครงสร้าง, evidence: แผนผังโครงสร้าง, satisfied_by: {pages: [structure]}}\n")


def test_a_disclosure_with_an_unknown_category_is_one_line(site):
    site.write("content/pages/structure.md", "Title: โครงสร้างองค์กร\nSlug: structure\n\nแผนผังโครงสร้าง\n")
    site.write("content/ita/2570.yml", CHECKLIST)
    site.write("content/oia/2570/plan.md", "Title: แผนปฏิบัติการ\nDate: 2026-10-05\nCategory: 9(9)\n"
                                           "Fiscal_year: 2570\nOit: O1\n\nรายละเอียด\n")
    for command in ("check", "build"):
        result = site.run(command)
        assert result.exit_code == 1
        assert problem_lines(result) == [
            "content/oia/2570/plan.md: Category: '9(9)' is not an OIA category (use one of: 7(1), 7(2), 7(3), 7(4), "
            "7(5), 9(1), 9(2), 9(3), 9(4), 9(5), 9(6), 9(7), 9(8), 9(8) สขร.1, 9(8) จัดซื้อจัดจ้าง)"]
        assert "Traceback" not in result.output
    assert not (site.root / "output").exists()


# --- the rule itself, as a table (plugins/content_model/header.py) -------------------------------

@pytest.mark.parametrize(
    "text, fields, stray, after_blank",
    [
        ("Title: ก\nDate: 2026-11-20\n\nเนื้อหา", ["Title", "Date"], [], []),
        ("\n\nTitle: ก\n\nเนื้อหา", ["Title"], [], []),
        ("Title ก\nStatus: draft\n\nเนื้อหา", ["Status"], [1], []),
        ("Title: ก\nเนื้อหาติดส่วนหัว", ["Title"], [2], []),
        ("Title: ก\n\nStatus: draft\nImage: x.jpg\n\nหมายเหตุ: ข\n\nเนื้อหา\nDate: ค", ["Title"], [],
         [["Status", "Image"], ["หมายเหตุ"]]),
        ("Title: ก\n\nเนื้อหา\n\nStatus: draft", ["Title"], [], []),
        ("Title: ก\n\n09:30 ลงทะเบียน\n10:00 เปิดประชุม", ["Title"], [], []),
        ("สรุป : ก\n  Tags:x\nStàtus:\n\nเนื้อหา", ["สรุป", "Tags", "Stàtus"], [], []),
        ("    Title: ก\n\nเนื้อหา", [], [], []),
        ("# หัวข้อ\n\nเนื้อหา", [], [], []),
        ("", [], [], []),
    ],
    ids=["plain", "leading-blank-lines", "colon-forgotten", "no-blank-before-body", "cut-off-by-blank-lines",
         "field-names-deep-in-the-body", "times-are-not-names", "spacing-and-empty-values", "indented-line",
         "no-header", "empty-file"],
)
def test_where_the_header_ends(text, fields, stray, after_blank):
    from plugins.content_model.header import split

    header = split(text)
    assert [f.name for f in header.fields] == fields
    assert [s.line for s in header.stray] == stray
    assert [[f.name for f in block] for block in header.after_blank] == after_blank
    assert header.body.count("\n") == text.count("\n"), "the body keeps the file's line numbers"
