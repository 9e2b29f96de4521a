"""Validation: each mistake an officer can make, and the exact line prsite prints for it.

Every case runs the real ``prsite check`` (and one runs ``prsite build``) on a small site.
"""

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import nonempty, problem_lines

NEWS = "content/news/2569/item.md"

GOOD_NEWS = "Title: ประชุมผู้บริหารสถานศึกษา\nDate: 2026-11-18 09:30\nCategory: ข่าวประชาสัมพันธ์\n"


def check(site, meta: str, body: str = "เนื้อข่าว"):
    site.news("item", meta, body)
    return site.run("check")


@pytest.mark.parametrize(
    "meta, line",
    [
        ("Title: ข่าว\nDate: 31/13/2569\nCategory: ประกาศ",
         f"{NEWS}: Date: '31/13/2569' is not a date (use 2026-11-20 or 20/11/2569)"),
        ("Title: ข่าว\nDate: 2569-11-20\nCategory: ประกาศ",
         f"{NEWS}: Date: '2569-11-20' has a Buddhist-era year in ISO form (use 2026-11-20 or 20/11/2569)"),
        ("Date: 2026-11-20\nCategory: ประกาศ",
         f"{NEWS}: Title: missing (add a line 'Title: ...' at the top)"),
        ("Title: ข่าว\nCategory: ประกาศ",
         f"{NEWS}: Date: missing (add a line 'Date: 2026-11-20 09:30' at the top)"),
        ("Title: ข่าว\nDate: 2026-11-20",
         f"{NEWS}: Category: missing (add a line 'Category: ข่าวประชาสัมพันธ์' at the top)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ข่าวทั่วไป",
         f"{NEWS}: Category: 'ข่าวทั่วไป' is not a category (use one of: ข่าวประชาสัมพันธ์, "
         "ข่าวกิจกรรม, ข่าวผู้บริหาร, ข่าวจากโรงเรียน, ผลงานครู, ประกาศ)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nTgas: ประชุม",
         f"{NEWS}:4: Tgas: unknown field (did you mean 'Tags'?)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nAuthor: ครูสมศรี",
         f"{NEWS}:4: Author: unknown field (fields for news: Title, Date, Category, Tags, Slug, Summary, "
         "Image, Image_alt, Image_caption, Gallery, Attachments, Schools, Status, Expires, Enews, Modified)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nImage: images/photo.jpg",
         f"{NEWS}: Image_alt: missing for Image 'images/photo.jpg' (describe the photo for readers who cannot see it)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nImage: images/nowhere.jpg\nImage_alt: ภาพ",
         f"{NEWS}: Image: 'images/nowhere.jpg' does not exist under content/ (check the file name and folder)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nSchools: anuban-tak, ban-xyz",
         f"{NEWS}: Schools: 'ban-xyz' is not in content/network/members.csv"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nSlug: ข่าว-ประชุม",
         f"{NEWS}: Slug: 'ข่าว-ประชุม' is not a slug (use lowercase a-z, 0-9 and '-', e.g. directors-meeting)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nStatus: publish",
         f"{NEWS}: Status: 'publish' is not a status (use published or draft)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nEnews: maybe",
         f"{NEWS}: Enews: 'maybe' is not yes or no (use yes or no)"),
        ("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\nExpires: 31/12/69",
         f"{NEWS}: Expires: '31/12/69' is not a date (use 2026-11-20 or 20/11/2569)"),
    ],
    ids=["bad-date", "be-year-iso", "no-title", "no-date", "no-category", "unknown-category",
         "typo-field", "unknown-field", "image-without-alt", "missing-image", "unknown-school",
         "non-ascii-slug", "bad-status", "bad-enews", "bad-expires"],
)
def test_news_mistake_is_one_clear_line(site, meta, line):
    Image.new("RGB", (64, 48), "green").save(site.root / "content/images/photo.jpg")
    result = check(site, meta)
    assert result.exit_code == 1
    assert problem_lines(result) == [line]
    assert "Traceback" not in result.output


def test_good_news_passes(site):
    result = check(site, GOOD_NEWS)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("check passed: 1 news")


def test_every_mistake_in_one_run(site):
    site.news("one", "Title: ก\nDate: 2026-13-01\nCategory: ประกาศ")
    site.news("two", "Title: ข\nDate: 2026-11-01\nCategory: ไม่มี")
    result = site.run("check")
    assert result.exit_code == 1
    assert len(problem_lines(result)) == 2
    assert result.stderr.splitlines()[-1] == "check failed: 2 errors (fix the lines above)"


def test_page_needs_a_slug(site):
    site.write("content/pages/about.md", "Title: เกี่ยวกับเรา\n\nเนื้อหา\n")
    result = site.run("check")
    assert problem_lines(result) == [
        "content/pages/about.md: Slug: missing (add a line 'Slug: about' at the top)"
    ]


@pytest.mark.parametrize(
    "meta, line",
    [
        ("Category: 9(9)", "Category: '9(9)' is not an OIA category (use one of: 7(1), 7(2), 7(3), 7(4), 7(5), "
         "9(1), 9(2), 9(3), 9(4), 9(5), 9(6), 9(7), 9(8), 9(8) สขร.1, 9(8) จัดซื้อจัดจ้าง)"),
        ("Fiscal_year: 2026", "Fiscal_year: '2026' is not a Buddhist-era fiscal year (e.g. 2570)"),
        ("Attachments: files/oia/missing.pdf",
         "Attachments: 'files/oia/missing.pdf' does not exist under content/ (check the file name and folder)"),
        ("Attachments: files/oia/photo.jpg", "Attachments: 'files/oia/photo.jpg' is not a PDF/DOCX/XLSX file"),
        ("Oit: 12", "Oit: '12' is not an OIT item code (e.g. O12)"),
        ("Withheld: เพราะเป็นข้อมูลส่วนบุคคล",
         "Withheld: 'เพราะเป็นข้อมูลส่วนบุคคล' does not start with a legal ground (use 14 or 15(1)-15(6), then the reason)"),
    ],
    ids=["category", "fiscal-year-ce", "missing-attachment", "not-a-document", "oit-code", "withheld-ground"],
)
def test_disclosure_mistakes(site, meta, line):
    fields = {"Title": "สรุปผลการจัดซื้อจัดจ้าง", "Date": "5/11/2569", "Category": "s.9(8) สขร.1", "Fiscal_year": "2570"}
    key, value = meta.split(": ", 1)
    fields[key] = value
    site.write("content/oia/2570/sorkhor1.md", "\n".join(f"{k}: {v}" for k, v in fields.items()) + "\n\nรายละเอียด\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"content/oia/2570/sorkhor1.md: {line}"]


def test_disclosure_category_spellings(site):
    for name, spelling in [("a", "ม.7(1)"), ("b", "มาตรา 9 (3)"), ("c", "s.9(8) สขร.1"), ("d", "๗(๒)")]:
        site.write(f"content/oia/2570/{name}.md",
                   f"Title: เอกสาร {name}\nDate: 2026-11-01\nCategory: {spelling}\nFiscal_year: ๒๕๗๐\n\nก\n")
    result = site.run("check")
    assert result.exit_code == 0, result.output
    assert "4 disclosures" in result.stdout


# --- the registry CSV ---------------------------------------------------------------

MEMBERS = "content/network/members.csv"
GOOD_ROW = ("ban-nong-bua,โรงเรียนบ้านหนองบัว,school,บ้านตาก,1063010002,,,no,saraban@nongbua.example.ac.th,"
            "055-511-222,,,https://nongbua.example.ac.th/,,,,yes,1/6/2568,,,")


def with_cell(column: str, value: str) -> str:
    from plugins.pr_network.registry import COLUMN_NAMES

    cells = GOOD_ROW.split(",")
    cells[COLUMN_NAMES.index(column)] = value
    return ",".join(cells)


@pytest.mark.parametrize(
    "row, line",
    [
        (with_cell("email", "abc"), f"{MEMBERS}:3: email: 'abc' is not an e-mail address (e.g. saraban@school.ac.th)"),
        (with_cell("website", "htp:/x"), f"{MEMBERS}:3: website: 'htp:/x' is not a URL (e.g. https://www.school.ac.th/)"),
        (with_cell("district", "แม่สอด"), f"{MEMBERS}:3: district: 'แม่สอด' is not a district of this office "
         "(use one of: เมืองตาก, บ้านตาก, สามเงา, วังเจ้า)"),
        (with_cell("type", "temple"), f"{MEMBERS}:3: type: 'temple' is not a member type (use one of: school, agency, media, internal)"),
        (with_cell("id", "anuban-tak"), f"{MEMBERS}:3: id: 'anuban-tak' is already used on line 2"),
        (with_cell("school_code", "12345"), f"{MEMBERS}:3: school_code: '12345' is not a school code (10 digits, e.g. 1063010001)"),
        (with_cell("facebook", "https://example.com/x"), f"{MEMBERS}:3: facebook: 'https://example.com/x' is not a "
         "Facebook page address (e.g. https://www.facebook.com/anubantak)"),
        (with_cell("line", "anubantak"), f"{MEMBERS}:3: line: 'anubantak' is not a LINE official account (e.g. @anubantak or https://lin.ee/abc)"),
        (with_cell("phone", "12345"), f"{MEMBERS}:3: phone: '12345' is not a phone number (e.g. 055-511-234 or 081-234-5678)"),
        (with_cell("joined", "31/13/2569"), f"{MEMBERS}:3: joined: '31/13/2569' is not a date (use 2026-11-20 or 20/11/2569)"),
        (with_cell("enews", "บางที"), f"{MEMBERS}:3: enews: 'บางที' is not yes or no (use yes or no)"),
        (with_cell("district", ""), f"{MEMBERS}:3: district: missing (schools need one of: เมืองตาก, บ้านตาก, สามเงา, วังเจ้า)"),
        (GOOD_ROW + ",extra", f"{MEMBERS}:3: row: has 22 cells, expected 21 (a value containing a comma must be in \"quotes\")"),
    ],
    ids=["email", "url", "district", "type", "duplicate-id", "school-code", "facebook", "line", "phone",
         "date", "enews", "school-without-district", "cell-count"],
)
def test_registry_mistake_is_one_line_per_cell(site, row, line):
    anuban = site.read(MEMBERS).splitlines()[1]
    site.members(anuban, row)
    result = site.run("check")
    assert result.exit_code == 1
    assert problem_lines(result) == [line]


def test_files_that_are_not_utf8(site):
    """Thai Windows saves TIS-620 (cp874) unless told otherwise."""
    (site.root / NEWS).parent.mkdir(parents=True, exist_ok=True)
    (site.root / NEWS).write_bytes("Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\n\nเนื้อหา\n".encode("cp874"))
    (site.root / MEMBERS).write_bytes(site.read(MEMBERS).encode("utf-8").replace(b"\xe0\xb9\x82", "โ".encode("cp874")))
    result = site.run("check")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{NEWS}: file: is not UTF-8 text (save it again as UTF-8)",
        f"{MEMBERS}: file: is not UTF-8 text (in the spreadsheet, save it as 'CSV UTF-8')",
    ]
    assert "Traceback" not in result.output


def test_registry_missing_column(site):
    site.write(MEMBERS, "id,name,type\nx,โรงเรียน,school\n")
    lines = problem_lines(site.run("check"))
    assert f"{MEMBERS}:1: header: missing column 'district' (the first row must name every column)" in lines


def test_registry_from_a_spreadsheet(site):
    """Excel saves UTF-8 with a BOM and Windows line ends; both are fine."""
    text = site.read(MEMBERS).replace("\n", "\r\n")
    (site.root / MEMBERS).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    site.news("item", GOOD_NEWS + "Schools: anuban-tak")
    result = site.run("check")
    assert result.exit_code == 0, result.output


# --- the build --------------------------------------------------------------------------


def test_failed_build_leaves_previous_output_untouched(site):
    site.news("good", GOOD_NEWS)
    assert site.run("build").exit_code == 0
    before = nonempty({p.relative_to(site.root): p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()})

    site.news("bad", "Title: ข่าว\nDate: 31/13/2569\nCategory: ประกาศ")
    result = site.run("build")

    assert result.exit_code == 1
    assert problem_lines(result) == [
        "content/news/2569/bad.md: Date: '31/13/2569' is not a date (use 2026-11-20 or 20/11/2569)"
    ]
    assert result.stderr.splitlines()[-1] == (
        "build failed: 1 error; output was not changed (fix the lines above and build again)"
    )
    after = {p.relative_to(site.root): p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()}
    assert after == before
    assert not list(site.root.glob(".prsite-build-*")), "the half-built directory is cleaned up"


def test_build_to_another_folder(site):
    site.news("good", GOOD_NEWS)
    result = site.run("build", "--output", "public")
    assert result.exit_code == 0, result.output
    assert (site.root / "public/index.html").is_file()
    assert not (site.root / "output").exists()


def test_notes_to_self_are_never_published(site):
    site.news("good", GOOD_NEWS, "<!-- โทรหาครูสมศรี 081-234-5678 ก่อนเผยแพร่ -->\n\nเนื้อข่าวจริง")
    assert site.run("build").exit_code == 0
    page = next((site.root / "output/news/2569").rglob("index.html")).read_text(encoding="utf-8")
    assert "เนื้อข่าวจริง" in page
    assert "081-234-5678" not in page and "<!--" not in page


def test_one_items_footnotes_and_abbreviations_do_not_reach_the_next(site):
    # The reader keeps one Markdown converter for every file; each file starts from a clean one.
    site.news("a-first", GOOD_NEWS + "Slug: first\n",
              "ผลการประเมิน ITA[^1]\n\n[^1]: ที่ห้องประชุมใหญ่\n\n*[ITA]: การประเมินคุณธรรมและความโปร่งใส")
    site.news("b-second", GOOD_NEWS.replace("ประชุม", "อบรม") + "Slug: second\n", "ผลการประเมิน ITA")
    assert site.run("build").exit_code == 0
    first = (site.root / "output/news/2569/first/index.html").read_text(encoding="utf-8")
    second = (site.root / "output/news/2569/second/index.html").read_text(encoding="utf-8")
    assert "<abbr" in first and 'class="footnote' in first
    assert "<abbr" not in second and 'class="footnote' not in second


def test_footnotes_are_in_thai_and_out_of_the_excerpt(site):
    site.news("item", GOOD_NEWS + "Slug: item\n",
              "ผลการประเมิน ITA[^1] ของเขตพื้นที่ผ่านเกณฑ์\n\n[^1]: ประกาศผลเมื่อวันที่ 1 ตุลาคม 2569")
    assert site.run("build").exit_code == 0
    page = BeautifulSoup(site.read("output/news/2569/item/index.html"), "html.parser")
    assert page.find("meta", attrs={"name": "description"})["content"] == "ผลการประเมิน ITA ของเขตพื้นที่ผ่านเกณฑ์"
    assert page.select_one(".footnote li").get_text(" ", strip=True) == "ประกาศผลเมื่อวันที่ 1 ตุลาคม 2569 ↩"
    assert page.select_one(".footnote-backref")["title"] == "กลับไปยังเชิงอรรถที่ 1 ในเนื้อความ"


def test_drafts_are_not_written(site):
    site.news("draft", GOOD_NEWS + "Slug: secret-draft\nStatus: draft\n")
    assert site.run("build").exit_code == 0
    assert not list((site.root / "output").rglob("*secret-draft*"))
    assert "secret-draft" not in "".join(p.read_text(encoding="utf-8") for p in nonempty(list((site.root / "output").rglob("*.html"))))


# A kind that owns a folder, as the coming ones (Plone import, service pages) will be: its Kind,
# its content class and a KindGenerator subclass that says only what differs.
NOTICES_PLUGIN = '''
from pelican import signals
from pelican.contents import Content, Page

from plugins.content_model.generator import KindGenerator
from plugins.content_model.schema import Field, Kind, date, register_kind, slug, status, text

NOTICE = Kind(name="notice", folder_setting="NOTICES_PATH", needs_date=True, fields=(
    Field("Title", text, required=True, example="..."),
    Field("Date", date, required=True, example="2026-11-20"),
    Field("Slug", slug), Field("Status", status)))
register_kind(NOTICE)


class Notice(Page):
    default_template = "page"

    def _expand_settings(self, key):
        return Content._expand_settings(self, key, "notice")


class NoticesGenerator(KindGenerator):
    kind, content_class, context_key, item_name = NOTICE, Notice, "notices", "notice"

    def generate_output(self, writer):
        self.write_pages(writer)


def add_generator(pelican):
    return NoticesGenerator


def register():
    signals.get_generators.connect(add_generator)
'''


def notices_site(site):
    site.write("notices_plugin.py", NOTICES_PLUGIN)
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nPLUGIN_PATHS = ["."]\nPLUGINS.append("notices_plugin")\n'
                    'NOTICES_PATH = "notices"\nNOTICE_URL = "notices/{slug}/"\n'
                    'NOTICE_SAVE_AS = "notices/{slug}/index.html"\n', encoding="utf-8")
    site.write("content/notices/older.md", "Title: ประกาศเก่า\nDate: 2026-11-01\nSlug: older\n\nเนื้อหา\n")
    site.write("content/notices/newer.md", "Title: ประกาศใหม่\nDate: 2026-11-10\nSlug: newer\n\nเนื้อหา\n")
    site.write("content/notices/draft.md", "Title: ร่าง\nDate: 2026-11-10\nSlug: secret-notice\nStatus: draft\n\nร่าง\n")


def test_a_kind_that_owns_a_folder_is_read_validated_and_written_by_the_shared_generator(site):
    notices_site(site)
    site.write("content/notices/bad.md", "Title: ผิด\nDate: 31/13/2569\nWhen: today\n\nเนื้อหา\n")
    result = site.run_in_new_process("build")  # the notices plugin stays out of this process's builds
    assert result.returncode == 1
    assert problem_lines(result) == [
        "content/notices/bad.md:3: When: unknown field (fields for notice: Title, Date, Slug, Status)",
        "content/notices/bad.md: Date: '31/13/2569' is not a date (use 2026-11-20 or 20/11/2569)",
    ]
    (site.root / "content/notices/bad.md").unlink()
    result = site.run_in_new_process("build")
    assert result.returncode == 0, result.stderr
    output = site.root / "output"
    assert "ประกาศใหม่" in (output / "notices/newer/index.html").read_text(encoding="utf-8")
    assert (output / "notices/older/index.html").is_file()
    assert not list(output.rglob("*secret-notice*"))
    assert "secret-notice" not in "".join(p.read_text(encoding="utf-8") for p in nonempty(list(output.rglob("*.html"))))


def test_disclosures_and_enews_read_their_folders_with_the_shared_generator():
    from plugins.content_model.generator import KindGenerator
    from plugins.enews import EnewsGenerator
    from plugins.information_centre import DisclosuresGenerator

    assert issubclass(DisclosuresGenerator, KindGenerator) and issubclass(EnewsGenerator, KindGenerator)
    assert "generate_context" not in vars(DisclosuresGenerator) and "generate_context" not in vars(EnewsGenerator)


@pytest.mark.parametrize("html, wrapped", [
    ("<p>ไม่มีตาราง</p>", "<p>ไม่มีตาราง</p>"),
    ("<table><tr><td>1</td></tr></table>",
     '<div class="prose__table" role="region" aria-label="ตาราง" tabindex="0"><table><tr><td>1</td></tr></table></div>'),
    ('<p>ก</p><table class="x">\n<tr><td>1</td></tr>\n</table><p>ข</p><table><tr><td>2</td></tr></table>',
     '<p>ก</p><div class="prose__table" role="region" aria-label="ตาราง" tabindex="0"><table class="x">\n'
     '<tr><td>1</td></tr>\n</table></div><p>ข</p>'
     '<div class="prose__table" role="region" aria-label="ตาราง" tabindex="0"><table><tr><td>2</td></tr></table></div>'),
    ("<p>a <tablet> is not a table</p>", "<p>a <tablet> is not a table</p>"),
])
def test_wide_tables_become_a_region_keyboard_users_can_scroll(html, wrapped):
    from plugins.content_model.tables import wrap_tables

    assert wrap_tables(html) == wrapped


def test_tables_are_wrapped_in_every_kind_where_the_html_is_made(site):
    table = "| ก | ข |\n|---|---|\n| 1 | 2 |\n"
    site.news("item", GOOD_NEWS + "Slug: item", table)
    site.write("content/pages/about.md", f"Title: เกี่ยวกับ\nSlug: about\n\n{table}")
    assert site.run("build").exit_code == 0
    for page in ("news/2569/item/index.html", "about/index.html"):
        html = site.read(f"output/{page}")
        assert '<div class="prose__table" role="region" aria-label="ตาราง" tabindex="0"><table>' in html, page


def test_read_source_gives_fields_with_their_lines_and_text_without_notes(tmp_path):
    """The one parsed-source API (PII guard, e-news): fields as the reader reads them, Windows
    line ends and a BOM read like any other file, notes to self blanked without moving lines."""
    from plugins.content_model import read_source

    path = tmp_path / "item.md"
    path.write_bytes("\ufeffTitle: ข่าว\r\nสรุป: ย่อ\r\nSlug:\r\n\r\nก <!-- โทร 081\r\nนะ --> ข\r\n".encode("utf-8"))
    source = read_source(str(path))
    assert [(f.line, f.name, f.value) for f in source.fields] == [(1, "Title", "ข่าว"), (2, "สรุป", "ย่อ"), (3, "Slug", "")]
    assert [source.field_on(line) for line in (1, 2, 4, 5)] == ["Title", "สรุป", None, None]
    assert source.without_notes().split("\n")[4:7] == ["ก" + " " * 13, " " * 7 + "ข", ""]
