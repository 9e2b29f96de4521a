"""PII guard: national IDs and mobile numbers in content and PDF attachments stop check and build."""

from conftest import problem_lines
from plugins.pii_guard.tests.minipdf import minimal_pdf

NEWS = "Title: ประกาศรายชื่อผู้ผ่านการคัดเลือก\nDate: 2026-11-20\nCategory: ประกาศ\nSlug: selected"
REMEDY = "must not be published (remove it, or list it in content/pii-allowlist.yml with a reason)"
ID_121 = f"a Thai national ID number (x-xxxx-xxxxx-12-1) {REMEDY}"   # 1-2345-67890-12-1 (valid)
ID_563 = f"a Thai national ID number (x-xxxx-xxxxx-56-3) {REMEDY}"   # 3-1005-01234-56-3 (valid)
MOBILE_678 = f"a mobile phone number (08x-xxx-x678) {REMEDY}"        # 081-234-5678


def disclosure(site, body="รายละเอียดตามเอกสารแนบ", attachments=""):
    return site.write("content/oia/2570/order.md", f"""
        Title: คำสั่งแต่งตั้งคณะทำงาน
        Date: 2026-10-26
        Category: 9(8) จัดซื้อจัดจ้าง
        Fiscal_year: 2570
        Slug: order
        Attachments: {attachments}

        {body}
        """)


def test_a_national_id_in_news_is_one_line_with_file_line_and_masked_value(site):
    site.news("selected", NEWS, "ผู้ผ่านการคัดเลือก\n\n1. นายสมชาย ใจดี เลขประจำตัวประชาชน 1-2345-67890-12-1")

    result = site.run("check")

    assert result.exit_code == 1
    assert problem_lines(result) == [f"content/news/2569/selected.md:8: body: {ID_121}"]
    assert "67890" not in result.output


def test_a_mobile_number_in_a_page_fails_and_an_office_landline_passes(site):
    site.write("content/pages/contact.md", """
        Title: ติดต่อเรา
        Slug: contact

        สำนักงาน โทร 055-511-201
        ผู้ประสานงาน คุณสมศรี โทร. ๐๘๑-๒๓๔-๕๖๗๘
        """)

    result = site.run("check")

    assert problem_lines(result) == [f"content/pages/contact.md:5: body: {MOBILE_678}"]


def test_landlines_too_when_phones_is_all_and_none_when_off(site):
    site.write("content/pages/contact.md", "Title: ติดต่อเรา\nSlug: contact\n\nโทร 055-511-201 หรือ +66 81 234 5678\n")
    conf = site.root / "pelicanconf.py"
    settings = conf.read_text(encoding="utf-8")

    conf.write_text(settings + 'PII_GUARD_PHONES = "all"\n', encoding="utf-8")
    assert problem_lines(site.run("check")) == [
        f"content/pages/contact.md:4: body: a phone number (05x-xxx-201) {REMEDY}",
        f"content/pages/contact.md:4: body: {MOBILE_678}",
    ]
    conf.write_text(settings + 'PII_GUARD_PHONES = "off"\n', encoding="utf-8")
    assert site.run("check").exit_code == 0
    conf.write_text(settings + 'PII_GUARD_PHONES = "landline"\n', encoding="utf-8")
    assert problem_lines(site.run("check")) == [
        "pelicanconf.py: PII_GUARD_PHONES: 'landline' is not a phone policy (use 'mobile', 'all' or 'off')"]


def test_notes_to_self_are_not_checked_and_lines_after_them_stay_right(site):
    site.news("selected", NEWS, "<!-- โทรหาครูสมศรี 081-234-5678\nเลขบัตร 1-2345-67890-12-1 -->\n\nนายสมชาย 3100501234563")
    assert problem_lines(site.run("check")) == [f"content/news/2569/selected.md:9: body: {ID_563}"]


def test_a_number_in_the_header_names_its_field(site):
    site.news("selected", NEWS + "\nSummary: ติดต่อคุณสมชาย 0812345678", "เนื้อข่าว")
    assert problem_lines(site.run("check")) == [f"content/news/2569/selected.md:5: Summary: {MOBILE_678}"]


def test_a_national_id_in_a_disclosure(site):
    disclosure(site, body="แต่งตั้ง นางสาวสมหญิง รักดี (3100501234563) เป็นเลขานุการ")
    assert problem_lines(site.run("check")) == [f"content/oia/2570/order.md:8: body: {ID_563}"]


def test_a_pdf_attachment_is_checked_page_by_page(site):
    pdf = site.root / "content/files/oia/2570/order.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(minimal_pdf([["Order 12/2570"], ["1. Somchai 1-2345-67890-12-1", "tel 081-234-5678"]]))
    disclosure(site, attachments="files/oia/2570/order.pdf")
    site.news("order", NEWS, "คำสั่งตามไฟล์แนบ")
    (site.root / "content/news/2569/order.md").write_text(
        NEWS + "\nAttachments: files/oia/2570/order.pdf\n\nคำสั่งตามไฟล์แนบ\n", encoding="utf-8")

    result = site.run("check")

    assert problem_lines(result) == [  # once, though a news item and a disclosure both attach it
        f"content/files/oia/2570/order.pdf: page 2: {ID_121}",
        f"content/files/oia/2570/order.pdf: page 2: {MOBILE_678}",
    ]
    assert list((site.root / "cache/pii").glob("*.json"))  # the next build reads the cached text


def test_an_unreadable_pdf_is_a_warning(site):
    pdf = site.root / "content/files/oia/2570/order.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Cat")
    disclosure(site, attachments="files/oia/2570/order.pdf")

    (line,) = problem_lines(site.run("check"))

    assert line.startswith("warning: content/files/oia/2570/order.pdf: file: could not be read to check it for ID "
                           "and phone numbers (")
    assert line.endswith("); save it again as PDF")


def test_a_wrong_check_digit_and_other_long_numbers_pass(site):
    site.news("selected", NEWS, "เลข 1-2345-67890-12-3 ไม่ผ่านหลักตรวจสอบ\n\nรหัสงบประมาณ 20001350003001 "
              "วันที่ 2026-05-13 16:30 โทร 055-511-201 รหัสโรงเรียน 1063010001")
    result = site.run("check")
    assert result.exit_code == 0, result.stderr


def test_the_allowlist_passes_that_exact_value_only(site):
    site.write("content/pii-allowlist.yml", """
        # เลขที่เผยแพร่ได้
        - value: "1234567890121"
          reason: เลขตัวอย่างในคู่มือ ไม่ใช่เลขของบุคคลจริง
        - value: +66 81 234 5678
          reason: เบอร์มือถือราชการของศูนย์ข้อมูลข่าวสาร
        """)
    site.news("selected", NEWS, "1-2345-67890-12-1 และ 3-1005-01234-56-3\n\nโทร 081-234-5678 หรือ 081-234-5679")

    assert problem_lines(site.run("check")) == [
        f"content/news/2569/selected.md:6: body: {ID_563}",
        f"content/news/2569/selected.md:8: body: a mobile phone number (08x-xxx-x679) {REMEDY}",
    ]


def test_an_allowlist_entry_needs_a_valid_value_and_a_reason(site):
    site.write("content/pii-allowlist.yml", """
        - value: "1-2345-67890-12-1"
        - value: "1-2345-67890-12-3"
          reason: ตัวอย่าง
        - reason: ไม่มีเลข
        """)
    site.news("selected", NEWS, "1-2345-67890-12-1")

    assert problem_lines(site.run("check")) == [
        "content/pii-allowlist.yml:1: reason: missing for x-xxxx-xxxxx-12-1 "
        "(say why it may be published, e.g. the office's official mobile number)",
        "content/pii-allowlist.yml:2: value: '1-2345-67890-12-3' is not a Thai national ID "
        "(with a valid check digit) or a phone number",
        "content/pii-allowlist.yml:4: value: missing (the number as it is written, e.g. 081-234-5678)",
        f"content/news/2569/selected.md:6: body: {ID_121}",  # an entry without a reason allows nothing
    ]


def test_an_allowlist_that_is_not_a_list(site):
    site.write("content/pii-allowlist.yml", "value: 081-234-5678\n")
    assert problem_lines(site.run("check")) == [
        "content/pii-allowlist.yml: file: must be a list of entries ('- value: ...' then 'reason: ...'; "
        "see docs/content-guide.md)"]
    site.write("content/pii-allowlist.yml", "- value: [081\n")
    (line,) = problem_lines(site.run("check"))
    assert line.startswith("content/pii-allowlist.yml:2: file: is not valid YAML (")


def test_the_allowlist_may_not_be_under_static_paths(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'PII_GUARD_ALLOWLIST = "files/pii-allowlist.yml"\n',
                    encoding="utf-8")
    assert problem_lines(site.run("check")) == [
        "pelicanconf.py: PII_GUARD_ALLOWLIST: 'files/pii-allowlist.yml' is under STATIC_PATHS 'files' and would be "
        "published with the numbers it lists (keep it at content/pii-allowlist.yml)"]


def test_a_failed_build_leaves_output_as_it_was(site):
    site.news("selected", NEWS, "รายชื่อผู้ผ่านการคัดเลือก")
    site.write("content/pii-allowlist.yml", '- value: "055-511-201"\n  reason: เบอร์สำนักงาน\n')
    assert site.run("build").exit_code == 0
    page = site.root / "output/news/2569/selected/index.html"
    before = page.read_bytes()

    site.news("selected", NEWS, "รายชื่อผู้ผ่านการคัดเลือก\n\nนายสมชาย 1234567890121")
    result = site.run("build")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"content/news/2569/selected.md:8: body: {ID_121}",
        "build failed: 1 error; output was not changed (fix the lines above and build again)",
    ]
    assert page.read_bytes() == before
    assert not list((site.root / "output").rglob("*allowlist*"))


def test_the_sample_office_passes_and_its_allowlist_is_not_published(sample_site):
    assert not list(sample_site.rglob("*allowlist*"))
