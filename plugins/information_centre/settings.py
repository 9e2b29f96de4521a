"""Defaults for the information_centre plugin; pelicanconf.py overrides any of them."""

# Disclosures (Markdown), relative to content/: content/oia/<fiscal year>/*.md
INFO_CENTRE_PATH = "oia"

# Where each disclosure page is published.
DISCLOSURE_URL = "information-centre/{fiscal_year}/{slug}/"
DISCLOSURE_SAVE_AS = "information-centre/{fiscal_year}/{slug}/index.html"

# The information centre's index: disclosures grouped by OIA category.
INFO_CENTRE_INDEX_URL = "information-centre/"
INFO_CENTRE_INDEX_SAVE_AS = "information-centre/index.html"
