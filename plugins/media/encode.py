"""Encoding photos: upright renditions with no metadata, written once per content hash.

Pure functions (no Pelican), safe to run in worker processes. A photo's cache folder is
named by the hash of its bytes and the recipe, so an unchanged photo is never encoded
twice, and a changed one gets a new address (browsers can cache renditions forever).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ENCODER_VERSION = 2  # bump when encoding changes, so old cache entries are not reused
RASTER_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp")
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
    except (OSError, ValueError):
        return None
    files = [r["file"] for r in manifest["renditions"]] + ([manifest["share"]] if manifest["share"] else [])
    return manifest if all(os.path.isfile(os.path.join(folder, f)) for f in files) else None


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (width, height)


def _open(source: str, recipe: Recipe) -> tuple[Image.Image, bytes | None, tuple[int, int]]:
    """Decode, checking size before decoding; JPEGs decode at the smallest useful scale.

    Returns the upright RGB image, its colour profile (kept: colours, not personal data) and
    the upright size of the original (the decoded image may be smaller, see draft()).
    """
    try:
        image = Image.open(source)
        width, height = _upright_size(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageProblem("is not a readable image (save it again as JPEG or PNG)") from None
    if width * height > recipe.max_pixels:
        image.close()
        raise ImageProblem(f"is {width}×{height} pixels, over the {recipe.max_pixels / 1e6:.0f} MP limit "
                           "(make it smaller or raise MEDIA_MAX_PIXELS)")
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
        return flat, icc, (width, height)
    return upright.convert("RGB"), icc, (width, height)


def _save(image: Image.Image, path: str, fmt: str, quality: int, icc: bytes | None) -> None:
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
    image, icc, original = _open(source, recipe)
    width, height = image.size
    widths = sorted({w for w in recipe.widths if w < width} | {min(width, max(recipe.widths))})
    os.makedirs(folder, exist_ok=True)
    renditions = []
    for target in widths:
        resized = image if target == width else image.resize(
            (target, max(1, round(height * target / width))), Image.LANCZOS, reducing_gap=3.0)
        for fmt, quality in recipe.quality:
            name = f"{stem}-{target}.{EXTENSIONS[fmt]}"
            _save(resized.copy(), os.path.join(folder, name), fmt, quality, icc)
            renditions.append({"file": name, "format": fmt, "width": resized.width, "height": resized.height})
    share_name = None
    if share:
        from .share_card import share_crop

        share_name = f"{stem}-share.jpg"
        _save(share_crop(image, recipe.share_size), os.path.join(folder, share_name), "jpeg",
              dict(recipe.quality).get("jpeg", 82), icc)
    manifest = {"width": original[0], "height": original[1], "renditions": renditions, "share": share_name}
    _write_manifest(folder, manifest)
    return manifest


def render_card(folder: str, name: str, card: dict) -> str:
    """A share card for an item without a photo (see share_card.share_card); returns the file name."""
    from .share_card import share_card

    logo = None
    if card.get("logo"):
        with Image.open(card["logo"]) as opened:
            logo = opened.convert("RGBA")
    image = share_card(card["title"], site_name=card["site_name"], section=card["section"],
                       date_text=card["date_text"], colours=card["colours"], logo=logo)
    os.makedirs(folder, exist_ok=True)
    _save(image, os.path.join(folder, name), "jpeg", 85, None)
    return name


def _write_manifest(folder: str, manifest: dict) -> None:
    """Written last and atomically: its presence means every file above is complete."""
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False)
    os.replace(temporary, os.path.join(folder, MANIFEST))
