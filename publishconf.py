"""Production settings: pelicanconf.py plus the real address of the site."""

import os

# Read pelicanconf.py from this folder by path, not `from pelicanconf import *`: Pelican keeps
# loaded settings modules in sys.modules, so an import could return another site's settings.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py"), encoding="utf-8") as _source:
    exec(compile(_source.read(), "pelicanconf.py", "exec"))

SITEURL = os.environ.get("PRSITE_SITEURL", OFFICE_SITE_URL)  # noqa: F821  (set by pelicanconf.py)
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # prsite builds into a fresh directory and swaps it in
