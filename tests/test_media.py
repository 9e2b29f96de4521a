"""Photos as the public gets them: small, upright, and carrying nothing about where they were taken."""

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import REPO, Site, nonempty, problem_lines

ROTATED = REPO / "content/images/2569/10/rotated-sample.jpg"  # stored sideways, EXIF Orientation 6


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def output_images(output: Path):
    return nonempty([p for p in output.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")])


def test_no_published_image_carries_gps_camera_or_xmp(sample_site):
    images = output_images(sample_site)
    assert len(images) > 100
    for path in images:
        with Image.open(path) as image:
            exif = image.getexif()
            assert not exif.get_ifd(0x8825), f"{path}: GPS"
            assert 0xA431 not in exif.get_ifd(0x8769) and 0xA431 not in exif, f"{path}: camera serial"
            assert len(exif) == 0, f"{path}: EXIF {dict(exif)}"
            assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info, f"{path}: XMP"


def test_originals_are_not_published(sample_site):
    assert not (sample_site / "images/2569/11/directors-meeting.jpg").exists()
    assert not list(sample_site.rglob("captions.yml"))
    sizes = [Image.open(p).width for p in output_images(sample_site)]
    assert max(sizes) <= 1600, "nothing wider than MEDIA_FULL_WIDTH; the 4000 px original stays home"


def test_lead_photo_is_a_picture_with_srcset_and_size(sample_site):
    page = soup(sample_site / "news/2569/directors-meeting-11-2569/index.html")
    picture = page.select_one(".news-item__figure picture")
    webp = picture.find("source", type="image/webp")
    widths = [int(w) for w in re.findall(r" (\d+)w", webp["srcset"])]
    assert widths == [400, 800, 1200, 1600]
    img = picture.img
    assert [int(w) for w in re.findall(r" (\d+)w", img["srcset"])] == widths
    assert img["width"] == "1600" and img["height"] == "1200"
    assert img["alt"] and img.get("loading") != "lazy"  # the lead photo is above the fold
    for url in re.findall(r"(\S+) \d+w", webp["srcset"] + ", " + img["srcset"]):
        assert (sample_site / "news/2569/directors-meeting-11-2569" / url).resolve().is_file(), url


def test_small_photos_are_never_upscaled(site):
    Image.new("RGB", (640, 480), "teal").save(site.root / "content/images/small.jpg")
    site.news("small", "Title: ภาพเล็ก\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: small\n"
              "Image: images/small.jpg\nImage_alt: ภาพทดสอบขนาดเล็ก")
    assert site.run("build").exit_code == 0
    img = soup(site.root / "output/news/2569/small/index.html").select_one(".news-item__figure img")
    assert [int(w) for w in re.findall(r" (\d+)w", img["srcset"])] == [400, 640]


def test_a_sideways_phone_photo_comes_out_upright(site):
    shutil.copy(ROTATED, site.root / "content/images/rotated.jpg")
    site.news("rotated", "Title: ภาพหมุน\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: rotated\n"
              "Image: images/rotated.jpg\nImage_alt: ท้องฟ้าสีน้ำเงินเหนือสนามหญ้าสีเขียว")
    assert site.run("build").exit_code == 0
    img = soup(site.root / "output/news/2569/rotated/index.html").select_one(".news-item__figure img")
    with Image.open(site.root / "output" / img["src"].lstrip("./")) as published:
        width, height = published.size
        top = published.getpixel((width // 2, height // 10))
        bottom = published.getpixel((width // 2, height * 9 // 10))
    stored_width, stored_height = Image.open(ROTATED).size
    assert (int(img["width"]), int(img["height"])) == (stored_height, stored_width), "turned as the phone was held"
    assert top[2] > 200 and top[1] < 60, f"sky (blue) on top, got {top}"
    assert bottom[1] > 120 and bottom[2] < 60, f"grass (green) at the bottom, got {bottom}"


def test_second_build_encodes_nothing(site):
    Image.new("RGB", (1000, 750), "olive").save(site.root / "content/images/photo.jpg")
    site.news("photo", "Title: ภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: photo\n"
              "Image: images/photo.jpg\nImage_alt: ภาพทดสอบ")
    first = site.run("build")
    assert "images: 2 encoded, 0 reused" in first.stdout  # the photo and the logo
    second = site.run("build")
    assert "images: 0 encoded, 2 reused" in second.stdout
    assert "share cards made" not in second.stdout


BAD_PHOTO = "Title: ภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: bad\nImage: images/bad.jpg\nImage_alt: ภาพ"



@pytest.mark.parametrize("manifest", ['{"a": [1, 2]}', '{"width": 1, "height": 1, "renditions": 5, "share": null, '
                                      '"note": null}', '[]', '{"width": 1, "height": 1, "renditions": [{"file": 3}], '
                                      '"share": null, "note": null}'])
def test_a_cached_encode_whose_manifest_is_not_ours_is_encoded_again(site, manifest):
    Image.new("RGB", (1000, 750), "olive").save(site.root / "content/images/photo.jpg")
    site.news("photo", "Title: ภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: photo\n"
              "Image: images/photo.jpg\nImage_alt: ภาพทดสอบ")
    assert "images: 2 encoded, 0 reused" in site.run("build").stdout
    written = list((site.root / "cache/media").glob("*/manifest.json"))
    assert len(written) == 2
    for path in written:
        path.write_text(manifest, encoding="utf-8")
    again = site.run("build")
    assert again.exit_code == 0, again.output
    assert "images: 2 encoded, 0 reused" in again.stdout

@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64), "is not a readable image (save it again as JPEG or PNG)"),
        (lambda p: p.write_text("<html>not a photo</html>"), "is not a readable image (save it again as JPEG or PNG)"),
        (lambda p: p.write_bytes(_truncated_jpeg()), "is damaged or cut short (save it again as JPEG or PNG)"),
        (lambda p: Image.new("1", (10_000, 10_000)).save(p, "PNG"),
         "is 10000×10000 pixels, over the 60 MP limit (make it smaller or raise MEDIA_MAX_PIXELS)"),
        # Over Pillow's own limit (179 MP): it raised DecompressionBombError, a traceback.
        (lambda p: Image.new("1", (14_000, 14_000)).save(p, "PNG"),
         "is over the 60 MP limit (make it smaller or raise MEDIA_MAX_PIXELS)"),
        (lambda p: p.write_bytes(b""), "is an empty file (0 bytes; copy the photo again)"),
        (lambda p: Image.new("RGB", (800, 600), "teal").save(p, "PNG"), "is a PNG image, not JPEG (rename it to .png)"),
        (lambda p: p.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
         "is not a readable image (save it again as JPEG or PNG)"),
        (lambda p: Image.new("RGB", (800, 600), "teal").save(p, "GIF"), "is a GIF image, not JPEG (rename it to .gif)"),
        # 5 MP, under every limit, but 40 000 px tall: WebP cannot hold it (a ValueError escaped).
        (lambda p: Image.new("L", (125, 40_000)).save(p, "JPEG"),
         "is 125×40000 pixels, too tall and narrow for a web photo (crop it, or split it into several photos)"),
    ],
    ids=["corrupt", "not-an-image", "truncated", "decompression-bomb", "bomb-over-pillow-limit", "zero-bytes",
         "png-named-jpg", "svg-named-jpg", "gif-named-jpg", "tall-strip"],
)
def test_bad_photo_is_one_warning_and_the_page_is_still_published(site, make, message):
    make(site.root / "content/images/bad.jpg")
    site.news("bad", BAD_PHOTO)
    result = site.run("build")
    assert result.exit_code == 0
    assert problem_lines(result) == [f"warning: content/news/2569/bad.md: Image: 'images/bad.jpg' {message}"]
    assert "Traceback" not in result.output
    page = soup(site.root / "output/news/2569/bad/index.html")
    assert not page.select_one(".news-item__figure")
    assert "/media/cards/" in page.find("meta", property="og:image")["content"]


def test_bad_photo_fails_a_strict_build(site):
    (site.root / "content/images/bad.jpg").write_text("not a photo")
    site.news("bad", BAD_PHOTO)
    result = site.run("build", "--strict")
    assert result.exit_code == 1
    assert not (site.root / "output").exists()


def test_photo_over_the_size_limit(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nMEDIA_MAX_FILE_BYTES = 50_000\n", encoding="utf-8")
    Image.effect_noise((400, 400), 64).convert("RGB").save(site.root / "content/images/bad.jpg", quality=100)
    site.news("bad", BAD_PHOTO)
    result = site.run("build")
    size = (site.root / "content/images/bad.jpg").stat().st_size / 1e6
    assert problem_lines(result) == [
        f"warning: content/news/2569/bad.md: Image: 'images/bad.jpg' is {size:.1f} MB, over the 0 MB limit "
        "(make it smaller or raise MEDIA_MAX_FILE_BYTES)"
    ]


def _truncated_jpeg() -> bytes:
    import io

    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 40).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()[: buffer.tell() // 3]


def test_gallery_opens_large_photos_without_javascript(sample_site):
    page = soup(sample_site / "news/2569/directors-meeting-11-2569/index.html")
    items = page.select(".gallery__item")
    assert len(items) == 6
    for number, item in enumerate(items, 1):
        link = item.select_one("a.gallery__link")
        assert link["href"].endswith("-1600.jpg") or link["href"].endswith("-1200.jpg")
        assert item.img["alt"].startswith(f"ภาพที่ {number} จาก 6")
        caption = item.figcaption
        assert caption.get_text().strip() and link["aria-describedby"] == caption["id"]
    assert "กล่าวเปิดการประชุม" in items[0].figcaption.get_text()


def test_photos_in_the_body_become_pictures(site):
    Image.new("RGB", (1200, 900), "navy").save(site.root / "content/images/inline.jpg")
    site.news("inline", "Title: ภาพในเนื้อหา\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: inline",
              "ก่อนภาพ\n\n![แผนผังห้องประชุม](images/inline.jpg)\n\nหลังภาพ")
    assert site.run("build").exit_code == 0
    prose = soup(site.root / "output/news/2569/inline/index.html").select_one(".prose")
    img = prose.select_one("picture img")
    assert img["alt"] == "แผนผังห้องประชุม" and img["width"] == "1200" and "400w" in img["srcset"]


def test_gallery_photo_without_caption_is_a_warning(site):
    folder = site.root / "content/images/gallery"
    folder.mkdir()
    for name in ("a.jpg", "b.jpg"):
        Image.new("RGB", (800, 600), "maroon").save(folder / name)
    (folder / "captions.yml").write_text("a.jpg: นักเรียนรับรางวัล\nc.jpg: ไม่มีไฟล์นี้\n", encoding="utf-8")
    site.news("gallery", "Title: แกลเลอรี\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: gallery\nGallery: images/gallery/")
    result = site.run("build")
    assert result.exit_code == 0
    assert problem_lines(result) == [
        "warning: content/images/gallery/captions.yml: c.jpg: no such photo in images/gallery/",
        "warning: content/news/2569/gallery.md: Gallery: 'images/gallery/b.jpg' has no caption in captions.yml "
        "(describe it for readers who cannot see it)",
    ]
    assert len(soup(site.root / "output/news/2569/gallery/index.html").select(".gallery__item")) == 2


def test_a_missing_logo_is_one_warning_and_share_cards_are_still_made(site):
    (site.root / "content/images/logo.png").unlink()
    site.news("item", "Title: ข่าวไม่มีภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [
        "warning: pelicanconf.py: MEDIA_SITE_IMAGES: 'images/logo.png' does not exist under content/ "
        "(check the file name and folder)"
    ]
    og = soup(site.root / "output/news/2569/item/index.html").find("meta", property="og:image")["content"]
    assert "/media/cards/card-" in og


def _animated_gif(path: Path) -> None:
    frames = [Image.new("RGB", (600, 400), colour) for colour in ("red", "green", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=200, loop=0)


@pytest.mark.parametrize("name, make, message", [
    ("anim.gif", _animated_gif, "is animated; only its first frame is published (use a video for motion)"),
    ("pages.tif", lambda p: Image.new("RGB", (600, 400), "teal").save(
        p, save_all=True, append_images=[Image.new("RGB", (600, 400), "navy")]),
     "has 2 pages; only its first page is published (save each page as its own photo)"),
])
def test_an_animated_gif_or_a_multi_page_tiff_is_one_warning_and_its_first_frame_published(site, name, make, message):
    make(site.root / "content/images" / name)
    site.news("frames", "Title: ภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: frames",
              f"![ภาพเคลื่อนไหว](images/{name})")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == [f"warning: content/news/2569/frames.md: body: 'images/{name}' {message}"]
    img = soup(site.root / "output/news/2569/frames/index.html").select_one(".prose picture img")
    assert img["width"] == "600"


def test_a_plain_tiff_is_accepted(site):
    Image.new("CMYK", (600, 400)).save(site.root / "content/images/scan.tif")
    site.news("tiff", "Title: ภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: tiff", "![สแกน](images/scan.tif)")
    result = site.run("build")
    assert (result.exit_code, problem_lines(result)) == (0, [])


def test_a_share_card_has_the_same_name_wherever_the_site_folder_is(site, tmp_path):
    """The card's name comes from what it shows (title, section, date, logo bytes), never from the
    folder the site sits in: a clone elsewhere, or the server, reuses the cache and publishes the
    same addresses."""
    site.news("item", "Title: ข่าวไม่มีภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    moved = Site(tmp_path / "elsewhere")
    shutil.copytree(site.root, moved.root, symlinks=True)
    images = []
    for each in (site, moved):
        assert each.run("build").exit_code == 0
        images.append(soup(each.root / "output/news/2569/item/index.html").find("meta", property="og:image")["content"])
    assert "/media/cards/card-" in images[0]
    assert images[0] == images[1]


def test_a_share_card_that_cannot_be_drawn_is_one_error_and_the_last_output_is_kept(site):
    site.news("item", "Title: ข่าวไม่มีภาพ\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    assert site.run("build").exit_code == 0
    before = site.read("output/news/2569/item/index.html")
    shutil.rmtree(site.root / "cache/media/cards")
    (site.root / "cache/media/cards").write_text("not a folder")  # the cards cannot be saved
    site.news("item", "Title: ข่าวไม่มีภาพ แก้ไขแล้ว\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    result = site.run("build")
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 1 and lines[0].startswith("content/news/2569/item.md: Title: its share card could not be drawn (")
    assert lines[0].endswith("); build again, and report it if it happens again")
    assert site.read("output/news/2569/item/index.html") == before
