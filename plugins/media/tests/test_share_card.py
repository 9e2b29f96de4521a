"""Share images: size, cover-crop, Thai line breaking, real Thai shaping, same pixels every time."""

import io
import itertools
import random

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat, features

from plugins.media import share_card as sc
from plugins.media.share_card import SIZE, share_card, share_crop, wrap_title
from plugins.thai_text.thaitext import ELLIPSIS, break_pieces, clusters, words

pytestmark = pytest.mark.skipif(not features.check("raqm"), reason="Pillow without libraqm")

COLOURS = {"primary": "#0b4f8a", "primary_dark": "#083a66", "accent": "#f2c14e"}
SITE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1"
LONG_TITLE = (
    "สพป.ตาก เขต 1 ประกาศผลการคัดเลือก ITA 2570 การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
    "ของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. 2570 รอบที่ 2 พร้อมรายชื่อโรงเรียนที่ผ่านเกณฑ์ 125 แห่ง"
    " และแนวทางการพัฒนาต่อเนื่องสำหรับโรงเรียนในสังกัดทุกแห่ง"
)
TITLES = [
    "ประชุมผู้บริหารสถานศึกษา ประจำเดือนพฤศจิกายน",
    "สพป.ตาก เขต 1 จัดอบรมเชิงปฏิบัติการพัฒนาครูด้านการจัดการเรียนรู้เชิงรุก (Active Learning) ประจำปีงบประมาณ 2570",
    LONG_TITLE,
]


def logo():
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((8, 8, 248, 248), fill=(11, 79, 138, 255), outline=(242, 193, 78, 255), width=12)
    return image


def card(title=TITLES[0], **overrides):
    kwargs = dict(site_name=SITE, section="ข่าวประชาสัมพันธ์", date_text="20 พฤศจิกายน 2569",
                  colours=COLOURS, logo=logo())
    kwargs.update(overrides)
    return share_card(title, **kwargs)


def noise(size, seed=0):
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# --- size and mode -----------------------------------------------------------------

@pytest.mark.parametrize("title", TITLES)
def test_card_is_1200x630_rgb(title):
    image = card(title)
    assert image.size == SIZE == (1200, 630)
    assert image.mode == "RGB"


def test_card_without_logo_or_section():
    image = card(logo=None, section="")
    assert (image.size, image.mode) == (SIZE, "RGB")


@pytest.mark.parametrize("size", [(4000, 3000), (1200, 1600), (300, 200), (630, 630)])
def test_crop_is_1200x630_rgb(size):
    image = share_crop(noise(size))
    assert (image.size, image.mode) == (SIZE, "RGB")


# --- cover-crop ------------------------------------------------------------------------

def _edges(image):
    width, height = image.size
    return {
        "top": image.crop((0, 0, width, 1)),
        "bottom": image.crop((0, height - 1, width, height)),
        "left": image.crop((0, 0, 1, height)),
        "right": image.crop((width - 1, 0, width, height)),
    }


@pytest.mark.parametrize("size", [(4000, 3000), (1200, 1600)])
def test_crop_covers_the_frame(size):
    """No letterbox: no edge row or column is one flat colour."""
    image = share_crop(noise(size))
    for name, strip in _edges(image).items():
        extrema = strip.getextrema()
        assert any(low != high for low, high in extrema), f"{name} edge is uniform: letterboxed"


def test_tall_photo_keeps_the_upper_part():
    """A tall photo is cropped a little above centre: faces are usually in the upper half."""
    width, height = 1200, 1600
    rows = Image.linear_gradient("L").resize((width, height), Image.Resampling.BILINEAR)  # value grows with y
    photo = Image.merge("RGB", (rows, rows, rows))
    out = share_crop(photo)
    # The source row shown in the middle of the card, read back from the gradient.
    middle_value = ImageStat.Stat(out.crop((0, 314, SIZE[0], 316))).mean[0]
    middle_row = middle_value / 255 * height
    assert 500 < middle_row < height / 2 - 50  # above centre, but not a top crop
    top_value = ImageStat.Stat(out.crop((0, 0, SIZE[0], 1))).mean[0]
    assert top_value > 10  # the very top of the photo was trimmed too


def test_wide_photo_is_centred_horizontally():
    photo = Image.linear_gradient("L").rotate(90, expand=True).resize((4000, 1000))  # value varies with x
    out = share_crop(Image.merge("RGB", (photo, photo, photo)))
    left = ImageStat.Stat(out.crop((0, 0, 1, SIZE[1]))).mean[0]
    right = ImageStat.Stat(out.crop((SIZE[0] - 1, 0, SIZE[0], SIZE[1]))).mean[0]
    assert abs((left + right) / 2 - 127.5) < 3


def test_transparent_photo_is_flattened_on_white():
    photo = Image.new("RGBA", (1200, 630), (0, 0, 0, 0))
    assert share_crop(photo).getpixel((600, 300)) == (255, 255, 255)


# --- wrapping ----------------------------------------------------------------------------

def _boundaries(text):
    offsets, position = {0}, 0
    for token in words(text):
        position += len(token)
        offsets.add(position)
    assert position == len(text)
    return offsets


def _check_lines(title, lines):
    """The lines, joined, are the title's start: only spaces at breaks and a final "…" removed.

    Returns the offsets in the title where lines break.
    """
    position, breaks = 0, []
    for i, line in enumerate(lines):
        body = line[:-1] if i == len(lines) - 1 and line.endswith(ELLIPSIS) else line
        assert body and body == body.strip()
        assert title.startswith(body, position), (title[position:], body)
        position += len(body)
        if i < len(lines) - 1:
            breaks.append(position)
            while title[position:position + 1] == " ":
                position += 1
    return breaks, position


@pytest.mark.parametrize("size", [50, 60, 68])
def test_long_title_wraps_on_word_boundaries_into_4_lines(size):
    fnt = sc.font(size, bold=True)
    lines = wrap_title(LONG_TITLE, fnt, 1056)
    assert 2 <= len(lines) <= 4
    assert lines[-1].endswith("…")
    breaks, end = _check_lines(LONG_TITLE, lines)
    boundaries = _boundaries(LONG_TITLE)
    assert set(breaks) <= boundaries, [LONG_TITLE[b - 5:b + 5] for b in set(breaks) - boundaries]
    assert end in boundaries  # the "…" comes after a whole word too
    assert all(fnt.getlength(line, language="th") <= 1056 for line in lines)


@pytest.mark.parametrize("title", TITLES[:2])
def test_title_that_fits_is_kept_whole(title):
    fnt = sc.font(52, bold=True)
    lines = wrap_title(title, fnt, 1056)
    assert not lines[-1].endswith("…")
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    breaks, end = _check_lines(title, lines)
    assert end == len(title)
    assert set(breaks) <= _boundaries(title)


def test_greedy_fill_uses_the_width():
    """Each line is full: the next word would not have fitted."""
    fnt = sc.font(52, bold=True)
    lines = wrap_title(LONG_TITLE, fnt, 700, max_lines=None)
    rest = LONG_TITLE
    for line, following in zip(lines, lines[1:]):
        next_word = break_pieces(following)[0]
        joiner = " " if rest[len(line):len(line) + 1] == " " else ""
        assert fnt.getlength(line + joiner + next_word, language="th") > 700
        rest = rest[len(line):].lstrip(" ")


def test_abbreviations_and_punctuation_stay_together():
    fnt = sc.font(52, bold=True)
    title = "สพป.ตาก เขต 1 จัดกิจกรรม (รอบที่ 2) โรงเรียนต่างๆ ร่วมงาน 100%"
    assert sc.font(52, bold=True).getlength("สพป.ตาก", language="th") < 250
    for width in range(250, 800, 10):
        for line in wrap_title(title, fnt, width, max_lines=None):
            assert not line.startswith(("พป.", "ตาก", ")", "ๆ", "%")), (width, line)
            assert not line.endswith("("), (width, line)


def test_a_word_wider_than_the_line_breaks_between_clusters():
    fnt = sc.font(52, bold=True)
    title = "ผู้บริหารสถานศึกษาที่ได้รับเลือกเป็นแบบอย่าง"
    lines = wrap_title(title, fnt, 60, max_lines=None)
    assert "".join(lines) == title
    assert len(lines) > 5
    # Lines end only between grapheme clusters: never before a vowel or tone mark, never after a leading vowel.
    assert set(itertools.accumulate(map(len, lines))) <= set(itertools.accumulate(map(len, clusters(title))))


def test_a_glued_unit_too_wide_breaks_between_its_words_first():
    assert wrap_title("สพป.ตาก", sc.font(52, bold=True), 150, max_lines=None) == ["สพป.", "ตาก"]


def test_empty_title():
    assert wrap_title("   ", sc.font(52, bold=True), 1056) == []
    assert card("").size == SIZE


# --- Thai shaping ---------------------------------------------------------------------------

def test_thai_shaping_uses_raqm():
    """With RAQM, HarfBuzz moves the tone marks of ที่ and ผู้ to their right place; BASIC
    layout just stacks glyphs, so the two renderings must differ."""
    path = str(sc.FONT_DIR / "Sarabun-Regular.ttf")
    raqm = ImageFont.truetype(path, 80, layout_engine=ImageFont.Layout.RAQM)
    basic = ImageFont.truetype(path, 80, layout_engine=ImageFont.Layout.BASIC)

    def render(fnt, **kwargs):
        image = Image.new("L", (400, 160), 0)
        ImageDraw.Draw(image).text((20, 20), "ที่ผู้", font=fnt, fill=255, **kwargs)
        return image

    shaped = render(raqm, language="th")  # BASIC takes no language: it cannot shape at all
    assert ImageChops.difference(shaped, render(basic)).getbbox() is not None
    assert shaped.getbbox() is not None
    assert sc.font(80).layout_engine == ImageFont.Layout.RAQM


def test_missing_raqm_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(sc.features, "check", lambda feature: False)
    with pytest.raises(RuntimeError, match="libraqm"):
        card()


def test_fonts_are_full_sarabun():
    for bold in (False, True):
        fnt = sc.font(40, bold=bold)
        assert fnt.getname()[0] == "Sarabun"
        for char in "กฮ่๊ำAZaz09…%(":
            assert fnt.getmask(char).getbbox() is not None, char  # a real glyph, not .notdef
    assert (sc.FONT_DIR / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") >= 1


# --- colours ------------------------------------------------------------------------------------

@pytest.mark.parametrize("colours", [
    COLOURS,
    {"primary": "#5aa9e6", "primary_dark": "#5aa9e6", "accent": "#ffe08a"},  # too light for white text
    {"primary": "#1f7a3a", "primary_dark": "#145c2a", "accent": "#1f7a3a"},  # accent = primary
])
def test_white_text_stays_readable(colours):
    palette = sc._palette(colours)
    assert sc.contrast(sc.WHITE, palette["background"]) >= 7
    assert sc.contrast(sc.WHITE, palette["shape"]) >= 4.5
    assert sc.contrast(palette["label"], palette["background"]) >= 4.5
    assert sc.contrast(palette["muted"], palette["background"]) >= 4.5
    assert card(colours=colours).getpixel((20, 300)) == palette["background"]


def test_background_is_the_darker_primary():
    swapped = {"primary": "#083a66", "primary_dark": "#0b4f8a", "accent": "#f2c14e"}
    assert card().getpixel((20, 300)) == (0x08, 0x3A, 0x66)
    assert card(colours=swapped).getpixel((20, 300)) == (0x08, 0x3A, 0x66)


# --- determinism --------------------------------------------------------------------------------

@pytest.mark.parametrize("title", TITLES)
def test_same_input_same_png(title):
    first = png(card(title))
    sc._arcs.cache_clear()
    assert png(card(title)) == first


def test_same_photo_same_png():
    photo = noise((1600, 1200), seed=3)
    assert png(share_crop(photo)) == png(share_crop(photo.copy()))


# --- the office's background is drawn once per process --------------------------------------

def test_cards_of_one_office_draw_its_background_once_and_the_same_pixels_as_from_scratch(monkeypatch):
    drawn = []
    draw_badge = sc._logo_badge
    monkeypatch.setattr(sc, "_logo_badge", lambda *args: drawn.append(args) or draw_badge(*args))
    monkeypatch.setattr(sc, "_backgrounds", {})
    office_logo = logo()
    cards = [(title, section, date) for title, section, date in
             zip(TITLES, ("ข่าวประชาสัมพันธ์", "ประกาศ", ""), ("20 พฤศจิกายน 2569", "1 ตุลาคม 2570", "31 ธันวาคม 2569"))]
    warm = [card(title, section=section, date_text=date, logo=office_logo) for title, section, date in cards]
    assert len(drawn) == 1  # one badge (and background) for three cards
    assert len(warm) == 3
    for (title, section, date), image in zip(cards, warm):
        sc._backgrounds.clear()  # from scratch: as the first card of a process
        cold = card(title, section=section, date_text=date, logo=office_logo)
        assert ImageChops.difference(image, cold).getbbox() is None, title
