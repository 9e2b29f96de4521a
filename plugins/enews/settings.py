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


# --- sending (prsite enews send; docs/settings.md, "enews (sending)") ------------------------


# Everything private about the e-news lives here, relative to the project: never under content/
# or output/, and listed in .gitignore.
ENEWS_PRIVATE_PATH = "private"
# The next four are file names inside ENEWS_PRIVATE_PATH.
ENEWS_SUBSCRIBERS_FILE = "enews-subscribers.txt"   # extra subscribers, one address per line
ENEWS_UNSUBSCRIBED_FILE = "enews-unsubscribed.txt"  # the suppression list (prsite enews unsubscribe)
ENEWS_SEND_LOG = "enews-send-log.sqlite3"           # each recipient's outcome per issue
ENEWS_SECRET_FILE = "enews-secret"                  # HMAC key, made on first send; PRSITE_ENEWS_SECRET wins
# The Maildir that receives the messages when no SMTP server is configured.
ENEWS_OUTBOX = "outbox"
# From: and envelope sender, "ชื่อ <address>"; None: OFFICE_SHORT_NAME <OFFICE_EMAIL>.
ENEWS_FROM = None
# List-Id (RFC 2919); None: enews.<host of OFFICE_SITE_URL>.
ENEWS_LIST_ID = None
# Where unsubscribe requests by mail go (List-Unsubscribe mailto:); None: the From address.
ENEWS_UNSUBSCRIBE_MAILTO = None
# One-click unsubscribe (RFC 8058), an https:// URL with {address} and {token}; None: mailto: only.
ENEWS_UNSUBSCRIBE_URL = None
# Messages started per minute, evenly spaced (the relay's limit); 0: no limit.
ENEWS_RATE_PER_MINUTE = 60
# Retries in the same run after the server is out of reach (no connection, connection lost, 421,
# 4xx at MAIL FROM); one more failure in a row stops the run. The pause before each retry doubles
# from ENEWS_RETRY_DELAY seconds.
ENEWS_RETRIES = 5
ENEWS_RETRY_DELAY = 2.0
# After a recipient's server answers 4xx (greylisting, a full mailbox), the next tries are this
# many minutes after each refusal, in later runs; after the last, the recipient is failed.
ENEWS_RETRY_LATER_MINUTES = (15, 60, 240, 720)
# SMTP relay; the environment (PRSITE_SMTP_HOST, ...) wins. No host: the outbox.
ENEWS_SMTP_HOST = None
ENEWS_SMTP_PORT = None          # None: 25, 587 or 465 by security
ENEWS_SMTP_USER = None
ENEWS_SMTP_PASSWORD = None      # better in PRSITE_SMTP_PASSWORD: pelicanconf.py is in git
ENEWS_SMTP_SECURITY = "starttls"
ENEWS_SMTP_TIMEOUT = 30
