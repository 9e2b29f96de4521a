"""Defaults for the media plugin; pelicanconf.py overrides any of them."""

# Widths (px) made of every photo used in content; never wider than the photo itself.
MEDIA_WIDTHS = [400, 800, 1200]

# The width a gallery thumbnail opens (the "full" image).
MEDIA_FULL_WIDTH = 1600

# Encoding quality per format. WebP is offered first; JPEG is the fallback every browser shows.
MEDIA_QUALITY = {"webp": 80, "jpeg": 82}

# Photos larger than this (bytes) are refused with a warning (an error under --strict).
MEDIA_MAX_FILE_BYTES = 30_000_000

# Photos with more pixels than this are refused (decompression bombs; 60 MP = 8944×6708).
MEDIA_MAX_PIXELS = 60_000_000

# Copy the original photos to output/ as well. Off: originals carry GPS and camera serials.
MEDIA_COPY_ORIGINALS = False

# Encoded images are kept here between builds, by content hash (relative to the project).
MEDIA_CACHE_PATH = "cache/media"

# Where renditions are published in output/.
MEDIA_OUTPUT_DIR = "media"

# Processes for encoding; 0 means one per CPU core.
MEDIA_WORKERS = 0

# Images the theme uses outside content (relative to content/), e.g. the PNG logo for JSON-LD.
MEDIA_SITE_IMAGES = []
