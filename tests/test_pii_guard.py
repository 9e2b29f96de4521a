"""PII guard: national IDs and mobile numbers in content and PDF attachments stop check and build."""

import hashlib
import io
import json
import zipfile

import pypdf

from conftest import problem_lines
from plugins.pii_guard.tests import minioffice
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
    assert line.endswith("); it was not published (save it again as PDF)")


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


def test_an_unchanged_files_findings_are_kept_and_an_edit_or_the_allowlist_is_seen_at_once(site):
    allow = '- value: "{}"\n  reason: เลขตัวอย่างในคู่มือ ไม่ใช่เลขของบุคคลจริง\n'
    site.write("content/pii-allowlist.yml", allow.format("1234567890121"))
    site.news("selected", NEWS, "ตัวอย่าง 1-2345-67890-12-1")
    assert site.run("check").exit_code == 0

    again = site.run("build")  # a build prints the notes
    assert again.exit_code == 0, again.stderr
    assert notes(again) == ["pii guard: 1 Markdown file (1 unchanged: from the cache), 0 PDFs "
                            "and the network registry checked"]

    def content_problems():  # not the built site's links, which check looks at too now
        return [line for line in problem_lines(site.run("check")) if line.startswith("content/")]

    site.write("content/pii-allowlist.yml", allow.format("3100501234563"))  # the kept finding meets the new list
    assert content_problems() == [f"content/news/2569/selected.md:6: body: {ID_121}"]

    site.news("selected", NEWS, "ตัวอย่าง 1-2345-67890-12-1\n\nโทร 081-234-5678")  # the file's new bytes are read
    assert content_problems() == [f"content/news/2569/selected.md:6: body: {ID_121}",
                                  f"content/news/2569/selected.md:8: body: {MOBILE_678}"]


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


# --- every file that will be published (issue 12) ------------------------------------------

def put(site, relative: str, data: bytes):
    path = site.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def notes(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("pii guard:")]


def test_a_pdf_linked_only_from_a_body_or_not_at_all_is_checked(site):
    put(site, "content/files/linked.pdf", minimal_pdf([["Somchai 1-2345-67890-12-1"]]))
    put(site, "content/files/forgotten/list.pdf", minimal_pdf([["ok"], ["tel 081-234-5678"]]))
    site.news("selected", NEWS, "ดู[ประกาศ]({static}/files/linked.pdf)")

    assert problem_lines(site.run("check")) == [
        f"content/files/forgotten/list.pdf: page 2: {MOBILE_678}",
        f"content/files/linked.pdf: page 1: {ID_121}",
    ]


def test_text_files_that_are_published_are_checked_line_by_line(site):
    site.write("content/files/list.csv", "ชื่อ,โทร\nสมชาย,055-511-201\nสมศรี,081-234-5678\n")
    assert problem_lines(site.run("check")) == [f"content/files/list.csv: line 3: {MOBILE_678}"]


def test_office_documents_are_checked_where_the_number_is(site):
    put(site, "content/files/list.docx", minioffice.docx(["รายชื่อ", "นายสมชาย 1-2345-67890-12-1 โทร 081-234-5678"]))
    put(site, "content/files/budget.xlsx", minioffice.xlsx(["ชื่อ", "081-234-5678"],
                                                           [{"A1": "s:0"}, {"A1": "s:0", "B3": "s:1", "C3": "3100501234563"}]))
    put(site, "content/files/talk.pptx", minioffice.pptx([["หัวข้อ"], ["ติดต่อ 081-234-5678"]]))
    put(site, "content/files/letter.odt", minioffice.odt(["เรียน ผู้อำนวยการ", "เลขประจำตัว 3-1005-01234-56-3"]))

    result = site.run("check")

    assert problem_lines(result) == [
        f"content/files/budget.xlsx: sheet 2, cell B3: {MOBILE_678}",
        f"content/files/budget.xlsx: sheet 2, cell C3: {ID_563}",
        f"content/files/letter.odt: paragraph 2: {ID_563}",
        f"content/files/list.docx: paragraph 2: {ID_121}",
        f"content/files/list.docx: paragraph 2: {MOBILE_678}",
        f"content/files/talk.pptx: slide 2: {MOBILE_678}",
    ]
    assert "67890" not in result.output


def test_the_allowlist_works_for_documents(site):
    site.write("content/pii-allowlist.yml", '- value: "081-234-5678"\n  reason: เบอร์มือถือราชการของศูนย์ข้อมูลข่าวสาร\n')
    put(site, "content/files/list.docx", minioffice.docx(["โทร 081-234-5678", "นายสมชาย 1-2345-67890-12-1"]))
    assert problem_lines(site.run("check")) == [f"content/files/list.docx: paragraph 2: {ID_121}"]


def test_a_corrupt_or_encrypted_document_is_one_warning_and_is_not_published(site):
    put(site, "content/files/cut.docx", minioffice.docx(["ข้อความ"])[:60])
    put(site, "content/files/locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # how Office saves with a password
    put(site, "content/files/fine.docx", minioffice.docx(["ข้อความ"]))

    result = site.run("build")

    assert result.exit_code == 0, result.stderr
    assert problem_lines(result) == [
        "warning: content/files/cut.docx: file: could not be read to check it for ID and phone numbers "
        "(not a complete Word, Excel, PowerPoint or OpenDocument file); it was not published "
        "(check it by hand, then save it again or publish a PDF)",
        "warning: content/files/locked.xlsx: file: could not be read to check it for ID and phone numbers "
        "(not a complete Word, Excel, PowerPoint or OpenDocument file); it was not published "
        "(check it by hand, then save it again or publish a PDF)",
    ]
    assert sorted(p.name for p in (site.root / "output/files").iterdir()) == ["fine.docx"]


def test_a_document_with_a_dtd_is_not_parsed(site):
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            '<w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    put(site, "content/files/laughs.docx", minioffice._zip({"word/document.xml": bomb}))
    assert problem_lines(site.run("check")) == [
        "warning: content/files/laughs.docx: file: could not be read to check it for ID and phone numbers "
        "(word/document.xml declares a DTD, which office files never need); it was not published "
        "(check it by hand, then save it again or publish a PDF)"]


def test_size_limits_stop_reading_and_the_summary_says_what_was_skipped(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "PII_GUARD_MAX_PDF_PAGES = 2\n"
                    "PII_GUARD_MAX_UNZIPPED_BYTES = 2000\n", encoding="utf-8")
    put(site, "content/files/report.pdf", minimal_pdf([["one"], ["two"], ["Somchai 1-2345-67890-12-1"], ["four"]]))
    put(site, "content/files/bomb.docx", minioffice.docx(["ข้อความยาว" * 20] * 20))
    put(site, "content/files/small.docx", minioffice.docx(["ข้อความ"]))
    put(site, "content/files/old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))

    result = site.run("build")

    assert result.exit_code == 0, result.stderr
    assert problem_lines(result) == [
        "warning: content/files/bomb.docx: file: could not be read to check it for ID and phone numbers "
        "(it unpacks to 13753 bytes, more than PII_GUARD_MAX_UNZIPPED_BYTES (2000)); it was not published "
        "(check it by hand, then save it again or publish a PDF)"]
    assert notes(result) == [
        "pii guard: 0 Markdown files, 1 PDF, 1 office document and the network registry checked; "
        "not checked: content/files/old.doc (Word, Excel and PowerPoint 97-2003 files cannot be "
        "read: check them by hand or publish a PDF); only partly checked (over the size limits): "
        "content/files/report.pdf (first 2 of 4 pages)"]
    assert sorted(p.name for p in (site.root / "output/files").iterdir()) == ["old.doc", "report.pdf", "small.docx"]


def test_a_mobile_number_in_a_public_registry_column_is_reported(site):
    site.members(
        "anuban-tak,โรงเรียนอนุบาลตาก,school,เมืองตาก,1063010001,ครูสมศรี ทดสอบ,ครู,no,"
        "saraban@anubantak.example.ac.th,081-234-5678,somsri.private@example.com,089-999-0001,"
        "https://anubantak.example.ac.th/,https://www.facebook.com/anubantak,@anubantak,,yes,2025-06-01,,,")

    assert problem_lines(site.run("check")) == [  # personal_phone is private, never published
        f"content/network/members.csv:2: phone: {MOBILE_678}"]

    site.write("content/pii-allowlist.yml", '- value: "081-234-5678"\n  reason: เบอร์มือถือราชการของโรงเรียน\n')
    assert site.run("check").exit_code == 0


XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>somchai.j</dc:creator>'
       '</rdf:Description></rdf:RDF></x:xmpmeta>')
WORD_TITLE = "Microsoft Word - C:\\Users\\somchai.j\\Desktop\\ลับ\\draft.docx"


def test_published_pdfs_carry_no_author_and_the_page_shows_the_published_hash(site):
    original = minimal_pdf([["Order 12/2570"]], {"Title": WORD_TITLE, "Author": "somchai.j",
                                                  "Creator": WORD_TITLE, "Producer": "Microsoft Word"}, XMP)
    put(site, "content/files/oia/2570/order.pdf", original)
    disclosure(site, attachments="files/oia/2570/order.pdf")

    result = site.run("build")

    assert result.exit_code == 0, result.stderr
    published = (site.root / "output/files/oia/2570/order.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(published))
    assert (reader.metadata, reader.xmp_metadata) == (None, None)
    assert b"somchai" not in published and "order 12/2570" in reader.pages[0].extract_text().lower()
    digest = hashlib.sha256(published).hexdigest()
    assert digest != hashlib.sha256(original).hexdigest()
    page = site.read("output/information-centre/2570/order/index.html")
    assert digest in page and hashlib.sha256(original).hexdigest() not in page
    (record,) = json.loads(site.read("output/information-centre/disclosures.json"))
    assert (record["attachments"][0]["sha256"], record["attachments"][0]["bytes"]) == (digest, len(published))
    assert list((site.root / "cache/pii").glob("clean/*.pdf"))  # the next build copies, it does not clean again

    assert site.run("build").exit_code == 0
    assert (site.root / "output/files/oia/2570/order.pdf").read_bytes() == published


def test_office_documents_are_published_without_their_author(site):
    original = put(site, "content/files/manual.docx", minioffice.docx(["คู่มือ"], creator="somchai.j"))
    assert site.run("build").exit_code == 0
    with zipfile.ZipFile(site.root / "output/files/manual.docx") as published:
        assert "somchai" not in published.read("docProps/core.xml").decode()
        assert published.read("word/document.xml") == zipfile.ZipFile(original).read("word/document.xml")
