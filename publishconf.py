"""Production settings: pelicanconf.py plus the real address of the site."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PRSITE_SITEURL", OFFICE_SITE_URL)  # noqa: F405
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # prsite builds into a fresh directory and swaps it in
