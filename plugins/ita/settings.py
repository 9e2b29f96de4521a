"""Defaults for the ita plugin; pelicanconf.py overrides any of them."""

# The ITA/OIT checklists, relative to content/: one file per fiscal year, content/ita/2570.yml.
ITA_PATH = "ita"

# The checklist the site shows and the build checks. None: the newest file in ITA_PATH, so
# adding next year's file (when the NACC publishes its list) switches the site to it.
# A year, e.g. 2570, pins that file.
ITA_FISCAL_YEAR = None

# Where the checklist page is published: inside the information centre.
ITA_URL = "information-centre/ita/"
ITA_SAVE_AS = "information-centre/ita/index.html"
