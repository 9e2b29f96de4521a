"""Open Graph share images (1200×630) for news items: what Facebook and LINE show.

Pure Pillow, no Pelican imports. Two entry points:

share_crop(photo)   cover-crop a news photo to 1200×630
share_card(title, …) a branded card for news items without a photo

Thai needs real text shaping: vowels and tone marks are combining characters that
only land in the right place with Pillow's RAQM layout (libraqm + HarfBuzz), so
every draw and every measurement below passes language="th" with a RAQM font.
Titles are wrapped by plugins.thai_text.thaitext.wrap (only between Thai words, never
inside an abbreviation or a grapheme cluster), filled greedily by measured pixel width.
The font is Sarabun (SIL OFL 1.1, see fonts/OFL.txt).
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from plugins.thai_text.thaitext import cut_to_fit, wrap

SIZE = (1200, 630)
LANGUAGE = "th"
FONT_DIR = Path(__file__).resolve().with_name("fonts")

# How far down the spare height of a tall photo the crop starts: 0.5 would be
# centred; a little less keeps the upper half, where faces usually are.
CROP_TOP_BIAS = 0.4

# Title sizes, largest first, with the most lines each may take. A title that
# needs more lines than the last entry is cut with "…".
TITLE_STEPS = ((68, 2), (60, 3), (50, 4))
MAX_TITLE_LINES = TITLE_STEPS[-1][1]

# --- layout (pixels at 1200×630; scaled for other sizes) ---------------------
_MARGIN_X = 72
_MARGIN_TOP = 52
_LOGO = 84            # logo box edge
_LOGO_PLATE_PAD = 8   # white plate around the logo
_SITE_SIZE = 30
_SECTION_SIZE = 28
_DATE_SIZE = 28
_BAND = 12            # accent band along the bottom edge
_LINE_PITCH = 1.42    # baseline-to-baseline distance, × font size (Thai needs room above and below)
_SUPERSAMPLE = 4      # shapes are drawn this much larger, then reduced: smooth edges, same pixels every time

# --- fonts ----------------------------------------------------------------------

def require_raqm() -> None:
    """Thai is unreadable without RAQM layout; refuse to draw it wrongly."""
    if not features.check("raqm"):
        raise RuntimeError(
            "share images need Pillow with RAQM text layout (libraqm, with FriBiDi and HarfBuzz) "
            "to place Thai vowels and tone marks; install libraqm (Debian: apt-get install libraqm0) "
            "and check with: python -c \"from PIL import features; print(features.check('raqm'))\""
        )


@functools.lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Sarabun at a pixel size, laid out by RAQM; cached."""
    require_raqm()
    path = FONT_DIR / ("Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf")
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def text_width(text: str, fnt: ImageFont.FreeTypeFont) -> float:
    return fnt.getlength(text, language=LANGUAGE)


# --- wrapping ---------------------------------------------------------------------

def _normalise(title: str) -> str:
    return " ".join(str(title).split())


def _wrap(text: str, fnt, max_width: float, max_lines: int | None) -> list[str]:
    lines = wrap(text, max_width, measure=lambda piece: text_width(piece, fnt))
    if max_lines is not None and len(lines) > max_lines:
        # The last line kept ends in "…", cut back where a line may break.
        return lines[: max_lines - 1] + [cut_to_fit(lines[max_lines - 1], max_width, lambda piece: text_width(piece, fnt))] if max_lines > 0 else []
    return lines


def wrap_title(title: str, font: ImageFont.FreeTypeFont, max_width: float,
               max_lines: int | None = MAX_TITLE_LINES) -> list[str]:
    """Break a title into lines no wider than max_width, only at Thai word boundaries.

    Whitespace runs count as one space; spaces at a break are dropped. A word wider
    than a whole line is broken between character clusters (never before a vowel
    or tone mark). If more than max_lines are needed, the last line ends with "…"
    at a word boundary. max_lines=None: no limit.
    """
    return _wrap(_normalise(title), font, max_width, max_lines)


# --- colours ------------------------------------------------------------------------

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def parse_colour(value: str) -> RGB:
    """'#0b4f8a' or '#09c' -> (r, g, b)."""
    text = str(value).strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a CSS hex colour: {value!r}")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(colour: RGB) -> float:
    """WCAG relative luminance."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """t=0 -> a, t=1 -> b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def readable_under_white(colour: RGB, ratio: float = 4.5) -> RGB:
    """The colour, darkened just enough (towards black) for white text on it to reach ratio."""
    for i in range(51):
        candidate = mix(colour, BLACK, i / 50)
        if contrast(WHITE, candidate) >= ratio:
            return candidate
    return BLACK


def _palette(colours: dict) -> dict[str, RGB]:
    primary = parse_colour(colours["primary"])
    dark = parse_colour(colours.get("primary_dark") or colours["primary"])
    accent = parse_colour(colours.get("accent") or "#ffffff")
    # Title and site name are white, and may run over the decoration: every fill under
    # text keeps 4.5:1 against white, so a light office colour is darkened first; the
    # background itself aims for 7:1, which also leaves room for a light accent label.
    background = readable_under_white(min(primary, dark, key=luminance), 7.0)
    shape = readable_under_white(max(primary, dark, key=luminance))
    if contrast(shape, background) < 1.15:  # one colour twice, or both darkened alike: go a shade darker
        shape = mix(background, BLACK, 0.3)
    # The section name is set in the accent colour; if the accent is too close to the
    # background, lighten it, and fall back to white.
    label = accent
    for t in (0.25, 0.5, 0.75, 1.0):
        if contrast(label, background) >= 4.5:
            break
        label = mix(accent, WHITE, t)
    muted = mix(WHITE, background, 0.18)  # secondary text (date), still well over 4.5:1
    if contrast(muted, background) < 4.5:
        muted = WHITE
    return {
        "background": background,
        "shape": shape,
        "accent": accent,
        "label": label,
        "text": WHITE,
        "muted": muted,
    }


# --- drawing ---------------------------------------------------------------------------

def _smooth_layer(size: tuple[int, int], draw_fn) -> Image.Image:
    """An RGBA layer whose shapes are drawn large and reduced, for anti-aliased edges."""
    big = Image.new("RGBA", (size[0] * _SUPERSAMPLE, size[1] * _SUPERSAMPLE), (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(big), _SUPERSAMPLE)
    return big.reduce(_SUPERSAMPLE)  # box average: smooth edges, and fast


@functools.lru_cache(maxsize=8)
def _arcs(background: RGB, shape: RGB, accent: RGB, width: int, height: int, scale: float) -> Image.Image:
    """Concentric discs and accent rings for the upper right (an RGBA layer; cached, never modified)."""
    box_w, box_h = round(560 * scale), round(height - _BAND * scale)
    cx, cy = box_w - round(40 * scale), round(120 * scale)  # centre, in the layer's coordinates

    def shapes(draw: ImageDraw.ImageDraw, k: int) -> None:
        def circle(radius: float, **kwargs) -> None:
            r = radius * scale * k
            draw.ellipse((cx * k - r, cy * k - r, cx * k + r, cy * k + r), **kwargs)
        circle(430, fill=mix(background, shape, 0.45) + (255,))
        circle(330, fill=mix(background, shape, 0.9) + (255,))
        circle(430, outline=accent + (110,), width=round(3 * scale * k))
        circle(250, outline=accent + (70,), width=round(2 * scale * k))

    return _smooth_layer((box_w, box_h), shapes)


def _decorate(card: Image.Image, pal: dict[str, RGB], scale: float) -> None:
    """Concentric arcs in the upper right and an accent band along the bottom."""
    width, height = card.size
    layer = _arcs(pal["background"], pal["shape"], pal["accent"], width, height, scale)
    card.paste(layer, (width - layer.width, 0), layer)
    ImageDraw.Draw(card).rectangle((0, height - round(_BAND * scale), width, height), fill=pal["accent"])


def _logo_badge(logo: Image.Image, box: int, pad: int) -> Image.Image:
    """The logo on a white plate (a disc for round-ish logos, a rounded square otherwise)."""
    logo = logo.convert("RGBA")
    fit = box - 2 * pad
    ratio = min(fit / logo.width, fit / logo.height)
    new = (max(1, round(logo.width * ratio)), max(1, round(logo.height * ratio)))
    small = logo.convert("RGBa").resize(new, Image.Resampling.LANCZOS).convert("RGBA")
    round_logo = 0.8 <= logo.width / logo.height <= 1.25

    def plate(draw: ImageDraw.ImageDraw, k: int) -> None:
        if round_logo:
            draw.ellipse((0, 0, box * k - 1, box * k - 1), fill=WHITE + (255,))
        else:
            draw.rounded_rectangle((0, 0, box * k - 1, box * k - 1), radius=box * k // 5, fill=WHITE + (255,))

    badge = _smooth_layer((box, box), plate)
    badge.alpha_composite(small, ((box - new[0]) // 2, (box - new[1]) // 2))
    return badge


def _one_line(text: str, fnt, max_width: float) -> str:
    lines = wrap_title(text, fnt, max_width, max_lines=1)
    return lines[0] if lines else ""


def share_crop(photo: Image.Image, size: tuple[int, int] = SIZE) -> Image.Image:
    """Cover-crop an (upright) photo to size: scale so it covers the whole frame, crop
    centred horizontally and a little above centre vertically. Never letterboxes."""
    if photo.mode == "RGBA" or photo.mode == "LA" or (photo.mode == "P" and "transparency" in photo.info):
        flat = Image.new("RGB", photo.size, WHITE)
        flat.paste(photo.convert("RGBA"), mask=photo.convert("RGBA"))
        photo = flat
    elif photo.mode != "RGB":
        photo = photo.convert("RGB")
    width, height = size
    target = width / height
    if photo.width / photo.height > target:  # wider than the frame: trim the sides equally
        crop_w = photo.height * target
        left = (photo.width - crop_w) / 2
        box = (left, 0.0, left + crop_w, float(photo.height))
    else:  # taller: keep the upper part
        crop_h = photo.width / target
        top = (photo.height - crop_h) * CROP_TOP_BIAS
        box = (0.0, top, float(photo.width), top + crop_h)
    return photo.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


# Every card of one office shares its background, decoration, logo badge and site name: drawn once
# per process for each office look and size (a build draws thousands of cards with one or two).
# Keyed by the logo object (render_card decodes the logo once per process): each entry keeps its
# logo alive, so the id is never another image's; an equal logo in another object only misses.
_backgrounds: dict[tuple, tuple[Image.Image | None, Image.Image]] = {}
_MAX_BACKGROUNDS = 8


def _office_background(site_name: str, colours: dict, logo: Image.Image | None,
                       size: tuple[int, int]) -> Image.Image:
    """The shared part of a card (cached; never modified: copy it before drawing on it)."""
    key = (site_name, tuple(sorted(colours.items())), id(logo), size)
    if key not in _backgrounds:
        if len(_backgrounds) >= _MAX_BACKGROUNDS:
            _backgrounds.clear()
        _backgrounds[key] = (logo, _draw_office_background(site_name, colours, logo, size))
    return _backgrounds[key][1]


def _draw_office_background(site_name: str, colours: dict, logo: Image.Image | None,
                            size: tuple[int, int]) -> Image.Image:
    """Background, arcs and band, then the header: the logo on its plate and the site name."""
    width, height = size
    scale = min(width / SIZE[0], height / SIZE[1])
    px = lambda value: max(1, round(value * scale))  # noqa: E731
    pal = _palette(colours)

    card = Image.new("RGB", size, pal["background"])
    _decorate(card, pal, scale)
    margin, top, logo_box = px(_MARGIN_X), px(_MARGIN_TOP), px(_LOGO)
    x = margin
    if logo is not None:
        badge = _logo_badge(logo, logo_box, px(_LOGO_PLATE_PAD))
        card.paste(badge, (margin, top), badge)
        x = margin + logo_box + px(22)
    site_font = font(px(_SITE_SIZE), bold=True)
    site = _one_line(site_name, site_font, width - margin - x)
    ImageDraw.Draw(card).text((x, top + logo_box // 2), site, font=site_font, fill=pal["text"], anchor="lm",
                              language=LANGUAGE)
    return card


def share_card(title: str, *, site_name: str, section: str, date_text: str, colours: dict,
               logo: Image.Image | None, size: tuple[int, int] = SIZE) -> Image.Image:
    """A share card for a news item without a photo. Returns an RGB image of size.

    Background: the darker of colours["primary"] / ["primary_dark"]; accent arcs and
    band; logo and site_name top left; section in the accent colour; the title in
    bold (68/60/50 px by length, at most 4 lines, "…" past that); date_text at the
    bottom. Same arguments, same pixels.
    """
    require_raqm()
    width, height = size
    scale = min(width / SIZE[0], height / SIZE[1])
    px = lambda value: max(1, round(value * scale))  # noqa: E731
    pal = _palette(colours)

    card = _office_background(site_name, colours, logo, size).copy()
    draw = ImageDraw.Draw(card)
    margin = px(_MARGIN_X)
    text_w = width - 2 * margin
    header_bottom = px(_MARGIN_TOP) + px(_LOGO)

    # Footer: date above the accent band.
    date_font = font(px(_DATE_SIZE))
    footer_baseline = height - px(_BAND) - px(44)
    date = _one_line(date_text, date_font, text_w)
    draw.text((margin, footer_baseline), date, font=date_font, fill=pal["muted"], anchor="ls", language=LANGUAGE)
    footer_top = footer_baseline - px(_DATE_SIZE)

    # Title: the largest step the title fits; past the last step, cut with "…".
    text = _normalise(title)
    for step, (title_px, max_lines) in enumerate(TITLE_STEPS):
        title_font = font(px(title_px), bold=True)
        last = step == len(TITLE_STEPS) - 1
        lines = _wrap(text, title_font, text_w, max_lines if last else None)
        if len(lines) <= max_lines:
            break
    pitch = round(title_font.size * _LINE_PITCH)

    # Section label and title, centred as a block between header and footer.
    section_font = font(px(_SECTION_SIZE), bold=True)
    label = _one_line(section, section_font, text_w - px(20))
    label_pitch = round(section_font.size * 1.3) + px(14) if label else 0
    block = label_pitch + pitch * len(lines)
    # Thai marks sit above the ascender line and below the baseline: measure the box by baselines.
    space_top, space_bottom = header_bottom + px(20), footer_top - px(10)
    first_top = space_top + max(0, (space_bottom - space_top - block) // 2)
    y = first_top
    if label:
        bar_h = px(24)
        label_base = y + round(section_font.size * 1.0)
        draw.rectangle((margin, label_base - bar_h + px(2), margin + px(6) - 1, label_base + px(2)), fill=pal["accent"])
        draw.text((margin + px(18), label_base), label, font=section_font, fill=pal["label"], anchor="ls",
                  language=LANGUAGE)
        y += label_pitch
    for i, line in enumerate(lines):
        baseline = y + round(title_font.size * 1.0) + i * pitch
        draw.text((margin, baseline), line, font=title_font, fill=pal["text"], anchor="ls", language=LANGUAGE)
    return card
