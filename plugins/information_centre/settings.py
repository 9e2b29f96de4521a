"""Defaults for the information_centre plugin; pelicanconf.py overrides any of them."""

# Disclosures (Markdown), relative to content/: content/oia/<fiscal year>/*.md
INFO_CENTRE_PATH = "oia"

# Where each disclosure page is published.
DISCLOSURE_URL = "information-centre/{fiscal_year}/{slug}/"
DISCLOSURE_SAVE_AS = "information-centre/{fiscal_year}/{slug}/index.html"
