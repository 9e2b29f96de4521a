"""Encoding photos: upright renditions with no metadata, written once per content hash.

Pure functions (no Pelican), safe to run in worker processes. A photo's cache folder is
named by the hash of its bytes and the recipe, so an unchanged photo is never encoded
twice, and a changed one gets a new address (browsers can cache renditions forever).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import warnings
from dataclasses import asdict, dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ENCODER_VERSION = 3  # bump when encoding changes, so old cache entries are not reused
# The photo formats read, by extension: a file whose content is another format is refused
# (an SVG or HTML page renamed .jpg, a PNG named .jpg) so what is published is what it says it is.
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF",
           ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP"}
RASTER_EXTENSIONS = tuple(FORMATS)
# WebP's limit on a side; a rendition taller than this (a long strip) cannot be encoded.
MAX_SIDE = 16383
LOGO_MAX_PIXELS = 4_000_000  # the logo drawn on share cards is small; a huge one is a mistake (or a bomb)
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Recipe:
    """Everything that changes the output; part of the cache key."""

    widths: tuple[int, ...]
    quality: tuple[tuple[str, int], ...]  # (format, quality), offered in this order
    max_pixels: int
    share_size: tuple[int, int] = (1200, 630)


class ImageProblem(Exception):
    """str() is the officer's message, after the image's path."""


def cache_key(data: bytes, recipe: Recipe) -> str:
    digest = hashlib.sha256(data)
    digest.update(repr((ENCODER_VERSION, asdict(recipe))).encode())
    return digest.hexdigest()[:20]


def read_manifest(folder: str) -> dict | None:
    """The manifest of a finished encode, or None if it is missing or incomplete."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as handle:
            manifest = json.load(handle)
        renditions, share = manifest["renditions"], manifest["share"]
        well_formed = (renditions and isinstance(manifest["width"], int) and isinstance(manifest["height"], int)
                       and isinstance(share, (str, type(None))) and isinstance(manifest["note"], (str, type(None)))
                       and all(isinstance(r["file"], str) and isinstance(r["format"], str) and isinstance(r["width"], int)
                               and isinstance(r["height"], int) for r in renditions))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # not a manifest we wrote
        return None
    files = [r["file"] for r in renditions] + ([share] if share else [])
    return manifest if well_formed and all(os.path.isfile(os.path.join(folder, f)) for f in files) else None


def open_checked(source: str, max_pixels: int) -> Image.Image:
    """Image.open with the size read from the header and checked before any decoding: a file
    that is no image, or more than ``max_pixels`` (a decompression bomb), is an ImageProblem."""
    too_big = ImageProblem(f"is over the {max_pixels / 1e6:.0f} MP limit (make it smaller or raise MEDIA_MAX_PIXELS)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our limit decides, below
            image = Image.open(source)
    except Image.DecompressionBombError:  # Pillow's own hard limit (179 MP), met before ours
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageProblem("is not a readable image (save it again as JPEG or PNG)") from None
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ImageProblem(f"is {width}×{height} pixels, over the {max_pixels / 1e6:.0f} MP limit "
                           "(make it smaller or raise MEDIA_MAX_PIXELS)")
    return image


def upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (width, height)


def _open(source: str, recipe: Recipe) -> tuple[Image.Image, bytes | None, tuple[int, int], str | None]:
    """Decode, checking size before decoding; JPEGs decode at the smallest useful scale.

    Returns the upright RGB image, its colour profile (kept: colours, not personal data), the
    upright size of the original (the decoded image may be smaller, see draft()) and a note for
    the officer (only the first frame of an animation is used) or None.
    """
    if os.path.getsize(source) == 0:
        raise ImageProblem("is an empty file (0 bytes; copy the photo again)")
    image = open_checked(source, recipe.max_pixels)
    width, height = upright_size(image)
    expected = FORMATS.get(os.path.splitext(source)[1].lower())
    if image.format != expected:
        image.close()
        actual = next((ext for ext, fmt in FORMATS.items() if fmt == image.format), None)
        raise ImageProblem(f"is a {image.format} image, not {expected} "
                           + (f"(rename it to {actual})" if actual else "(save it again as JPEG or PNG)"))
    if height * min(width, max(recipe.widths)) / width > MAX_SIDE:  # the tallest rendition
        image.close()
        raise ImageProblem(f"is {width}×{height} pixels, too tall and narrow for a web photo "
                           "(crop it, or split it into several photos)")
    note = _frames_note(image)
    if image.format == "JPEG":
        # draft() lets libjpeg decode at 1/2, 1/4 or 1/8 scale: much faster for phone photos.
        needed = min(max(recipe.widths), width)
        scale = needed / width
        stored_w, stored_h = image.size
        image.draft("RGB", (max(1, round(stored_w * scale)), max(1, round(stored_h * scale))))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise ImageProblem("is damaged or cut short (save it again as JPEG or PNG)") from None
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P"):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")  # JPEG has no transparency
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat, icc, (width, height), note
    return upright.convert("RGB"), icc, (width, height), note


def _frames_note(image: Image.Image) -> str | None:
    """What the officer should know when only the first of several frames is published."""
    frames = getattr(image, "n_frames", 1)
    if frames < 2:
        return None
    if image.format == "TIFF":
        return f"has {frames} pages; only its first page is published (save each page as its own photo)"
    return "is animated; only its first frame is published (use a video for motion)"


def save_rendition(image: Image.Image, path: str, fmt: str, quality: int, icc: bytes | None) -> None:
    image.info = {}  # nothing of the original's metadata (EXIF, GPS, XMP, comments) travels on
    options = {"quality": quality, "icc_profile": icc} if icc else {"quality": quality}
    if fmt == "jpeg":
        options.update(optimize=True, progressive=True)
    else:
        options.update(method=4)
    image.save(path, fmt.upper(), **options)


def encode(source: str, folder: str, stem: str, recipe: Recipe, share: bool) -> dict:
    """Write every rendition of ``source`` into ``folder``; returns the manifest.

    Raises ImageProblem for a photo the officer must fix.
    """
    image, icc, original, note = _open(source, recipe)
    width, height = image.size
    widths = sorted({w for w in recipe.widths if w < width} | {min(width, max(recipe.widths))})
    os.makedirs(folder, exist_ok=True)
    renditions = []
    for target in widths:
        resized = image if target == width else image.resize(
            (target, max(1, round(height * target / width))), Image.LANCZOS, reducing_gap=3.0)
        for fmt, quality in recipe.quality:
            name = f"{stem}-{target}.{EXTENSIONS[fmt]}"
            save_rendition(resized.copy(), os.path.join(folder, name), fmt, quality, icc)
            renditions.append({"file": name, "format": fmt, "width": resized.width, "height": resized.height})
    share_name = None
    if share:
        from .share_card import share_crop

        share_name = f"{stem}-share.jpg"
        save_rendition(share_crop(image, recipe.share_size), os.path.join(folder, share_name), "jpeg",
              dict(recipe.quality).get("jpeg", 82), icc)
    manifest = {"width": original[0], "height": original[1], "renditions": renditions, "share": share_name,
                "note": note}
    _write_manifest(folder, manifest)
    return manifest


@functools.lru_cache(maxsize=4)
def _card_logo(path: str, mtime_ns: int, size: int) -> Image.Image:
    """The logo, decoded once per process and file version (every card of a build draws it; never modified)."""
    with open_checked(path, LOGO_MAX_PIXELS) as opened:
        return opened.convert("RGBA")


# Cards are fetched whole by Facebook and LINE, and only by them (a visitor's page never loads
# one), so neither progressive nor optimised: encoding one takes 2.3 ms instead of 7 ms
# (progressive) or 4 ms (optimised), for the same pixels and 8 % more bytes (about 90 KB).
# Part of each card's name, so a card saved another way is drawn again.
CARD_JPEG = {"quality": 85}


def render_card(folder: str, name: str, card: dict) -> str:
    """A share card for an item without a photo (see share_card.share_card); returns the file name."""
    from .share_card import share_card

    logo = None
    if card.get("logo"):
        try:
            stat = os.stat(card["logo"])
            logo = _card_logo(card["logo"], stat.st_mtime_ns, stat.st_size)
        except (ImageProblem, OSError):  # reported as a MEDIA_SITE_IMAGES photo; the card goes without it
            logo = None
    image = share_card(card["title"], site_name=card["site_name"], section=card["section"],
                       date_text=card["date_text"], colours=card["colours"], logo=logo)
    os.makedirs(folder, exist_ok=True)
    # Saved atomically: cards are drawn while pages are written, and a build stopped midway must
    # not leave half a card that the next one would publish (its name says it is drawn).
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            image.save(out, "JPEG", **CARD_JPEG)
        os.replace(temporary, os.path.join(folder, name))
    except BaseException:
        os.unlink(temporary)
        raise
    return name


def _write_manifest(folder: str, manifest: dict) -> None:
    """Written last and atomically: its presence means every file above is complete."""
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False)
    os.replace(temporary, os.path.join(folder, MANIFEST))
