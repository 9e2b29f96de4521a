"""A build with the caches of the builds before equals a clean build, byte for byte.

Each kind of change the officer makes (a body, a title, a tag, a section, a date, an item deleted
or added, a setting, a template or one it imports, a page every footer lists, an attachment or
photo an item uses) is made in turn to one
small site; after each, the site is built again with its caches (cache/) and compared with a
build of the same content whose caches were emptied. Unchanged output files keep their time, so
rsync moves only what changed, and a cached file's warnings are printed on every build.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO, problem_lines

# Pagefind writes its filter lists in hash-map order, which changes from one run to the next (two
# clean builds differ too); the file names that carry their hash follow. Only their number is
# compared, shard by shard (the first shard's are in pagefind/, the others' in pagefind/<shard>/).
PAGEFIND_ORDERED = re.compile(r"^pagefind/(?:([^/]+)/)?(?:pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|filter/[^/]+)$")
PHOTOS = ("images/2569/02/blood-donation.jpg", "images/2569/10/piyamaharaj-day.jpg")
DOCUMENTS = ("files/oia/2569/powers-duties-2569.pdf", "files/oia/2569/structure-2569.pdf")
CE_DATE_WARNING = ("warning: content/news/2569/ce-date.md: Date: '20/11/2026' was read with 2026 as a "
                   "Christian-era year (B.E. 2569); write 20/11/2569 or 2026-11-20")
LONG_AGO = 1_000_000_000  # 2001: the time given to every output file before a rebuild


def news(slug: str, title: str, date: str, category: str, tags: str, extra: str = "", body: str = "") -> str:
    header = (f"Title: {title}\nDate: {date}\nCategory: {category}\nTags: {tags}\nSlug: {slug}\n{extra}")
    return header.rstrip("\n") + "\n\n" + (body or f"เนื้อข่าว{title} การประชุมผู้บริหารสถานศึกษา ครั้งที่ 1") + "\n"


@pytest.fixture
def archive(site):
    """A site of a few news items that use a photo and a document, with its own copy of the theme."""
    (site.root / "theme").unlink()
    shutil.copytree(REPO / "theme", site.root / "theme")
    shutil.copy(REPO / "content" / PHOTOS[0], site.root / "content/images/photo.jpg")
    (site.root / "content/files").mkdir()
    shutil.copy(REPO / "content" / DOCUMENTS[0], site.root / "content/files/report.pdf")
    site.write("content/news/2569/meeting.md", news(
        "meeting", "ประชุมผู้บริหารสถานศึกษา", "2026-11-18 09:00", "ข่าวผู้บริหาร", "ประชุมผู้บริหาร, การบริหารจัดการ",
        "Image: images/photo.jpg\nImage_alt: ผู้บริหารสถานศึกษาร่วมประชุม\nAttachments: files/report.pdf\n"))
    site.write("content/news/2569/blood.md", news(
        "blood", "บริจาคโลหิต", "2026-11-10 10:00", "ข่าวกิจกรรม", "จิตอาสา"))
    site.write("content/news/2569/sports.md", news(
        "sports", "กีฬาสีโรงเรียน", "2026-11-05 08:30", "ข่าวจากโรงเรียน", "กีฬา, จิตอาสา"))
    site.write("content/news/2569/ce-date.md", news(
        "ce-date", "ประกาศรับสมัครครูอัตราจ้าง", "20/11/2026", "ประกาศ", "รับสมัคร"))
    site.write("pelicanconf.py", site.read("pelicanconf.py") + "\nSEARCH_SHARD_PAGES = 2\n")  # a search index of shards
    return site


def edit(site, relative: str, old: str, new: str) -> None:
    path = site.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# (what changes, how) in the order they are made; each builds on the ones before.
CHANGES = (
    ("a body", lambda s: edit(s, "content/news/2569/blood.md", "เนื้อข่าว", "ข่าวแก้ไขแล้ว เนื้อข่าว")),
    ("a title", lambda s: edit(s, "content/news/2569/sports.md", "Title: กีฬาสีโรงเรียน", "Title: กีฬาสีประจำปี")),
    ("a tag", lambda s: edit(s, "content/news/2569/blood.md", "Tags: จิตอาสา", "Tags: จิตอาสา, สุขภาพ")),
    ("a category", lambda s: edit(s, "content/news/2569/sports.md", "Category: ข่าวจากโรงเรียน",
                                  "Category: ข่าวกิจกรรม")),
    ("a date", lambda s: edit(s, "content/news/2569/blood.md", "2026-11-10 10:00", "2026-11-19 10:00")),
    ("an item deleted", lambda s: (s.root / "content/news/2569/sports.md").unlink()),
    ("an item added", lambda s: s.write("content/news/2569/added.md", news(  # at the time of meeting.md
        "added", "อบรมครูภาษาอังกฤษ", "2026-11-18 09:00", "ผลงานครู", "การอบรม"))),
    ("a setting", lambda s: s.write("pelicanconf.py", s.read("pelicanconf.py") + "\nTHAI_TEXT_SUMMARY_LENGTH = 40\n")),
    ("a template", lambda s: edit(s, "theme/templates/article.html", "{% block content %}",
                                  "{% block content %}<!-- edited -->")),
    ("a template a page imports", lambda s: edit(s, "theme/templates/components/prev_next.html",
                                                 "ข่าวก่อนหน้า</span>", "ข่าวเก่ากว่า</span>")),
    ("a page in every footer", lambda s: s.write("content/pages/about.md",
                                                 "Title: เกี่ยวกับสำนักงาน\nSlug: about\n\nเนื้อหา\n")),
    ("an attachment", lambda s: shutil.copy(REPO / "content" / DOCUMENTS[1], s.root / "content/files/report.pdf")),
    ("a photo", lambda s: shutil.copy(REPO / "content" / PHOTOS[1], s.root / "content/images/photo.jpg")),
)


def build(site, *options: str):
    result = site.run("build", *options)
    assert result.exit_code == 0, result.stderr
    return result


def clean_build(site) -> Path:
    """The same content built with every cache emptied, into clean/ (caches of the site kept aside)."""
    kept, clean = site.root / "cache-kept", site.root / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    (site.root / "cache").rename(kept)
    try:
        build(site, "--output", "clean")
    finally:
        shutil.rmtree(site.root / "cache", ignore_errors=True)
        kept.rename(site.root / "cache")
    return clean


def files(folder: Path) -> dict[str, Path]:
    return {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()}


def differences(built: Path, clean: Path) -> list[str]:
    """The files that are not the same in both trees (Pagefind's hash-map ordered ones: only their
    number in each shard)."""
    ours, theirs = files(built), files(clean)
    compared = lambda names: {name for name in names if not PAGEFIND_ORDERED.match(name)}  # noqa: E731
    ordered = lambda names: Counter(m[1] for m in map(PAGEFIND_ORDERED.match, names) if m)  # noqa: E731
    different = sorted(name for name in compared(ours) | compared(theirs)
                       if name not in ours or name not in theirs or ours[name].read_bytes() != theirs[name].read_bytes())
    different += ["pagefind/" + (f"{shard}/" if shard else "") + "filter/*" for shard in ordered(ours) | ordered(theirs)
                  if ordered(ours)[shard] != ordered(theirs)[shard]]
    return different


def age_output(output: Path) -> dict[str, bytes]:
    """Give every output file the same old time; returns their bytes."""
    found = files(output)
    for path in found.values():
        os.utime(path, (LONG_AGO, LONG_AGO))
    return {name: path.read_bytes() for name, path in found.items()}


def test_each_kind_of_change_builds_what_a_clean_build_builds(archive):
    first = build(archive)
    assert "content: 4 files read, 0 from the cache" in first.stdout
    output = archive.root / "output"
    for change, make in CHANGES:
        before = age_output(output)
        make(archive)
        result = build(archive)
        assert CE_DATE_WARNING in problem_lines(result), change  # read from the cache or not
        assert differences(output, clean_build(archive)) == [], change
        now = files(output)
        kept = {name for name, data in before.items() if name in now and now[name].read_bytes() == data}
        assert kept, change
        assert all(now[name].stat().st_mtime == LONG_AGO for name in kept), change
        assert any(now[name].stat().st_mtime != LONG_AGO for name in now if name not in kept), change


def test_an_edited_body_is_the_only_file_read_again(archive):
    build(archive)
    edit(archive, "content/news/2569/blood.md", "เนื้อข่าว", "ข่าวแก้ไขแล้ว เนื้อข่าว")
    result = build(archive)
    assert "content: 1 file read, 3 from the cache" in result.stdout
    assert "ข่าวแก้ไขแล้ว" in archive.read("output/news/2569/blood/index.html")


def test_a_cached_files_warning_is_printed_again_and_fails_a_strict_build(archive):
    build(archive)
    again = build(archive)
    assert "content: 0 files read, 4 from the cache" in again.stdout
    assert CE_DATE_WARNING in problem_lines(again)
    strict = archive.run("build", "--strict")
    assert strict.exit_code == 1
    assert CE_DATE_WARNING in problem_lines(strict)


def test_a_photo_removed_from_under_an_unchanged_item_is_still_an_error(archive):
    build(archive)
    (archive.root / "content/images/photo.jpg").unlink()
    result = archive.run("build")
    assert result.exit_code == 1
    assert ("content/news/2569/meeting.md: Image: 'images/photo.jpg' does not exist under content/ "
            "(check the file name and folder)") in problem_lines(result)


@pytest.mark.parametrize("damage", [b"", b"not a cache\n", b"\x80\x04garbage"])
def test_a_damaged_reading_cache_is_read_again_without_a_traceback(archive, damage):
    build(archive)
    store = archive.root / "cache/content/reading.pickle"
    fingerprint = store.read_bytes().split(b"\n", 1)[0]
    for written in (damage, fingerprint + b"\n" + damage):
        store.write_bytes(written)
        result = build(archive)
        assert "content: 4 files read, 0 from the cache" in result.stdout
    assert differences(archive.root / "output", clean_build(archive)) == []


def test_templates_compiled_by_another_jinja_environment_are_compiled_again(archive):
    build(archive)
    assert list((archive.root / "cache/templates").rglob("*.cache"))  # kept between builds
    archive.write("pelicanconf.py", archive.read("pelicanconf.py") + '\nJINJA_ENVIRONMENT["trim_blocks"] = False\n')
    build(archive)
    assert differences(archive.root / "output", clean_build(archive)) == []


def test_files_read_ahead_by_a_second_process_build_what_one_process_builds(archive):
    """A build whose cache lacks many files has a second process read half of them: the same output,
    each warning and error once, in the order of the files (here from 1 file, in a fresh Python:
    the test process may run threads, and then nothing is read ahead)."""
    archive.write("pelicanconf.py", archive.read("pelicanconf.py") + "\nCONTENT_MODEL_READ_AHEAD_FROM = 1\n")
    for number in range(6):
        archive.write(f"content/news/2569/more-{number}.md", news(
            f"more-{number}", f"ข่าวเพิ่มเติม {number}", f"2026-10-0{number + 1} 09:00", "ข่าวกิจกรรม", "จิตอาสา"))
    archive.write("content/news/2569/zz-bad.md", news("zz-bad", "ข่าวผิด", "2026-13-40", "ข่าวกิจกรรม", "จิตอาสา"))
    failed = archive.run_in_new_process("build")
    assert failed.returncode == 1
    bad_date = [line for line in problem_lines(failed) if "zz-bad.md: Date:" in line]
    assert len(bad_date) == 1, failed.stderr
    assert problem_lines(failed).count(CE_DATE_WARNING) == 1
    (archive.root / "content/news/2569/zz-bad.md").unlink()
    shutil.rmtree(archive.root / "cache", ignore_errors=True)

    result = archive.run_in_new_process("build")
    assert result.returncode == 0, result.stderr
    assert "content: 10 files read (5 by a second process), 0 from the cache" in result.stdout
    assert problem_lines(result).count(CE_DATE_WARNING) == 1
    archive.write("pelicanconf.py", archive.read("pelicanconf.py") + "\nCONTENT_MODEL_READ_AHEAD_FROM = 0\n")
    assert differences(archive.root / "output", clean_build(archive)) == []  # read by one process
    again = archive.run_in_new_process("build")
    assert "content: 0 files read, 10 from the cache" in again.stdout
    assert problem_lines(again).count(CE_DATE_WARNING) == 1
