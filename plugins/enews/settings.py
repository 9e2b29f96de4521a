"""Defaults for the enews plugin; pelicanconf.py overrides any of them."""

# Issues (Markdown), relative to content/: content/enews/<BE year>-<month>.md
ENEWS_PATH = "enews"

# Where each issue's web version is published.
ENEWS_URL = "enews/{slug}/"
ENEWS_SAVE_AS = "enews/{slug}/index.html"

# The archive of every issue, newest first.
ENEWS_INDEX_URL = "enews/"
ENEWS_INDEX_SAVE_AS = "enews/index.html"

# Where each issue's e-mail files (<slug>/email.html, email.txt, message.json) are written for
# prsite enews send, relative to the project. Never under OUTPUT_PATH: they are send-only, and
# carry the {{UNSUBSCRIBE_URL}} placeholder that the sender fills in for each recipient.
ENEWS_MAIL_PATH = "cache/enews"

# Gmail cuts a message whose HTML is larger than about 102 KB ("[Message clipped]"), and the
# unsubscribe link in the footer goes with it: a larger email.html stops the build.
ENEWS_MAX_EMAIL_BYTES = 100_000

# Width (px) of the JPEG rendition each photo in the e-mail links to (the media plugin's
# MEDIA_WIDTHS); it is shown at most 552 px wide. 400 makes a lighter message.
ENEWS_IMAGE_WIDTH = 800
