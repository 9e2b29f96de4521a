"""What must never reach output/: hidden files, links leading out of content/, and paths that leave it.

The officer's folder may hold a .git/ (someone versioned content/files/), macOS's .DS_Store, a
.htpasswd or .env copied by mistake, or a symlink to private/ where the e-news send log and the
subscriber list live. None of it is published, whichever way it is reached: STATIC_PATHS, a
{static} link, Image:, Gallery:, Attachments:, an image in the body, MEDIA_SITE_IMAGES.
"""

import os
from pathlib import Path

import pytest
from PIL import Image

from conftest import problem_lines

HIDDEN = "hidden files and folders are never published"
OUTSIDE = "it leads outside content/, and only what is inside content/ is published"
ITEM = "Title: ข่าว\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item\n"


def published(output: Path) -> list[str]:
    files = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    assert files, "the build wrote nothing"
    return files


def private_folder(site) -> Path:
    """private/ next to content/, as prsite keeps the e-news send log and subscribers."""
    private = site.root / "private"
    private.mkdir()
    (private / "send-log.sqlite3").write_bytes(b"SQLite format 3\0 secret")
    (private / "subscribers.csv").write_text("email\nparent@example.com\n", encoding="utf-8")
    Image.new("RGB", (800, 600), "purple").save(private / "photo.jpg")
    return private


def test_hidden_files_and_folders_are_skipped_with_one_line_each(site):
    files = site.root / "content/files"
    for relative, data in {".git/config": "[remote]", ".git/HEAD": "ref: main", ".git/objects/ab/cd": "x",
                           ".htpasswd": "admin:$apr1$x", ".env": "SMTP_PASSWORD=x", "report.txt": "ok"}.items():
        (files / relative).parent.mkdir(parents=True, exist_ok=True)
        (files / relative).write_text(data, encoding="utf-8")
    (site.root / "content/images/.DS_Store").write_bytes(b"\0\0\0\1Bud1")
    site.news(".old-version", ITEM.replace("Slug: item", "Slug: old-version"), "ฉบับเก่าที่ยังไม่เผยแพร่")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [
        f"warning: content/files/.env: file: skipped ({HIDDEN})",
        f"warning: content/files/.git: file: skipped ({HIDDEN})",
        f"warning: content/files/.htpasswd: file: skipped ({HIDDEN})",
        f"warning: content/images/.DS_Store: file: skipped ({HIDDEN})",
        f"warning: content/news/2569/.old-version.md: file: skipped ({HIDDEN})",
    ]
    files_out = published(site.root / "output")
    assert "files/report.txt" in files_out
    assert [f for f in files_out if "/." in "/" + f or "old-version" in f] == []


def test_symlinks_out_of_content_are_skipped(site):
    private = private_folder(site)
    files = site.root / "content/files"
    files.mkdir()
    (files / "private").symlink_to(private)
    (files / "subscribers.csv").symlink_to(private / "subscribers.csv")
    (files / "report.txt").write_text("ok", encoding="utf-8")
    (files / "report-copy.txt").symlink_to(files / "report.txt")  # inside content/: fine
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [
        f"warning: content/files/private: file: skipped ({OUTSIDE})",
        f"warning: content/files/subscribers.csv: file: skipped ({OUTSIDE})",
    ]
    files_out = published(site.root / "output")
    assert "files/report-copy.txt" in files_out
    assert not [f for f in files_out if "subscribers" in f or "send-log" in f or f.startswith("files/private")]
    for path in (site.root / "output").rglob("*"):
        if path.is_file():
            assert b"secret" not in path.read_bytes() and b"parent@example.com" not in path.read_bytes(), path


def test_a_markdown_file_linked_from_outside_content_is_not_read(site):
    private = private_folder(site)
    (private / "notes.md").write_text("Title: บันทึกส่วนตัว\nDate: 2026-11-20\nCategory: ประกาศ\n\nเรื่องลับ\n",
                                      encoding="utf-8")
    site.write("content/news/2569/public.md", "Title: ข่าว\nDate: 2026-11-20\nCategory: ประกาศ\n\nเนื้อข่าว\n")
    (site.root / "content/news/2569/notes.md").symlink_to(private / "notes.md")
    result = site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"content/news/2569/notes.md: file: not read: {OUTSIDE} (move the file itself into content/)"]
    assert not (site.root / "output").exists()


def albums(site) -> Path:
    """content/albums/ (not a STATIC_PATHS folder, so only the field under test could publish it)
    with a symlink to private/. (A path into a hidden folder is refused whether the folder exists or
    not; one that exists is also a 'skipped' warning of its own.)"""
    private = private_folder(site)
    folder = site.root / "content/albums"
    folder.mkdir()
    (folder / "link-to-private").symlink_to(private)
    return folder


def fix(value: str) -> str:
    return f"cannot be published: {value} (use a path under content/, e.g. images/2569/11/photo.jpg)"


@pytest.mark.parametrize("field, value, reason", [
    ("Gallery", "../../private", OUTSIDE),
    ("Gallery", "albums/link-to-private/", OUTSIDE),
    ("Image", "images/../../private/photo.jpg", OUTSIDE),
    ("Image", "albums/link-to-private/photo.jpg", OUTSIDE),
    ("Image", "albums/.hidden/photo.jpg", HIDDEN),
    ("Attachments", "files/../../private/subscribers.csv", OUTSIDE),
])
def test_a_path_that_leaves_content_is_one_error(site, field, value, reason):
    albums(site)
    site.news("item", ITEM + f"{field}: {value}\nImage_alt: ภาพ" if field == "Image" else ITEM + f"{field}: {value}")
    result = site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"content/news/2569/item.md: {field}: '{value}' {fix(reason)}"]
    assert not (site.root / "output").exists()


def test_a_gallery_photo_linked_from_outside_is_one_error(site):
    gallery = albums(site) / "gallery"
    gallery.mkdir()
    Image.new("RGB", (800, 600), "teal").save(gallery / "a.jpg")
    (gallery / "b.jpg").symlink_to(site.root / "private/photo.jpg")
    (gallery / "captions.yml").write_text("a.jpg: ภาพ ก\n", encoding="utf-8")
    site.news("item", ITEM + "Gallery: albums/gallery/")
    result = site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"content/news/2569/item.md: Gallery: 'albums/gallery/b.jpg' {fix(OUTSIDE)}"]


@pytest.mark.parametrize("body, shown", [
    ("![ภาพ](images/../../private/photo.jpg)", "../private/photo.jpg"),
    ("![ภาพ](../../../private/photo.jpg)", "../private/photo.jpg"),
    ("[รายชื่อ]({static}../../../private/subscribers.csv)", "../private/subscribers.csv"),
    ("![ภาพ]({static}/albums/link-to-private/photo.jpg)", "albums/link-to-private/photo.jpg"),
    ("![ภาพ](albums/.hidden/photo.jpg)", "albums/.hidden/photo.jpg"),
    ("[ไฟล์]({static}/files/.env)", "files/.env"),
])
def test_a_file_in_the_body_that_leaves_content_is_one_error(site, body, shown):
    albums(site)
    if ".env" in body:  # linked, so reported once, on the page that links it
        (site.root / "content/files").mkdir()
        (site.root / "content/files/.env").write_text("SMTP_PASSWORD=x", encoding="utf-8")
    site.news("item", ITEM, body)
    result = site.run("build")
    assert result.exit_code == 1
    reason = HIDDEN if "/." in shown else OUTSIDE
    assert problem_lines(result) == [
        f"content/news/2569/item.md: body: '{shown}' cannot be published: {reason} "
        "(link to a file under content/files/ or content/images/)"]
    assert not (site.root / "output").exists()


def test_media_site_images_outside_content_is_one_error(site):
    private_folder(site)
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nMEDIA_SITE_IMAGES = ['../private/photo.jpg']\n",
                    encoding="utf-8")
    result = site.run("build")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"pelicanconf.py: MEDIA_SITE_IMAGES: '../private/photo.jpg' {fix(OUTSIDE)}"]


def test_body_images_inside_content_still_work(site):
    """'../../images/a.jpg' from news/2569/ is content/images/a.jpg, as before."""
    Image.new("RGB", (1200, 900), "navy").save(site.root / "content/images/inline.jpg")
    site.news("item", ITEM, "![แผนผัง](../../images/inline.jpg)\n\n![แผนผัง]({static}/images/inline.jpg)")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == []
    assert os.listdir(site.root / "output/media")
