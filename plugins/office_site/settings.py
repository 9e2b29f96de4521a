"""Defaults for the office_site plugin: who the office is and what the theme shows.

Another office reuses the theme by setting these in its pelicanconf.py; no template changes.
"""

# Canonical address of the live site: canonical links, Open Graph, JSON-LD and sitemap.xml
# always use it, even in a local preview (SITEURL may be "" there).
OFFICE_SITE_URL = "https://www.example.go.th"

OFFICE_NAME = ""          # full name; empty means SITENAME
OFFICE_SHORT_NAME = ""    # e.g. สพป.ตาก เขต 1; empty means OFFICE_NAME
OFFICE_TAGLINE = ""       # one line under the name in the header
OFFICE_LOGO = ""          # image under content/ (SVG or PNG), shown in the header
OFFICE_LOGO_PNG = ""      # raster logo under content/ for JSON-LD and share previews
OFFICE_ADDRESS = ""       # postal address, one line
OFFICE_PHONE = ""
OFFICE_EMAIL = ""
OFFICE_MAP_URL = ""       # a map link for the contact page and footer
OFFICE_FACEBOOK = ""      # Facebook page URL
OFFICE_LINE = ""          # LINE official account id, e.g. @tak1
OFFICE_LINE_URL = ""      # e.g. https://lin.ee/xxxx or https://line.me/R/ti/p/@tak1

# Colours as CSS values; written to theme/css/office.css (no inline styles, for the CSP).
# The theme's contrast checks assume white text on primary and dark text on accent.
OFFICE_COLOURS = {"primary": "#0b4f8a", "primary_dark": "#083a66", "accent": "#f2c14e"}

# Home page: which sections appear, in order, and how many items each shows.
OFFICE_HOME_SECTIONS = ["ข่าวประชาสัมพันธ์", "ข่าวกิจกรรม", "ข่าวจากโรงเรียน", "ผลงานครู", "ประกาศ"]
OFFICE_HOME_ITEMS = 4

# Quick links on the home page: (label, address relative to the site root, one-line description).
OFFICE_QUICK_LINKS = [
    ("ศูนย์ข้อมูลข่าวสาร", "information-centre/", "ข้อมูลข่าวสารตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. 2540"),
    ("ขอข้อมูลข่าวสาร", "request-information/", "วิธียื่นคำขอข้อมูลข่าวสารตามมาตรา 11"),
    ("คลังข่าว", "news/", "ข่าวทั้งหมดเรียงตามปีและเดือน"),
    ("ติดต่อเรา", "contact/", "ที่อยู่ โทรศัพท์ อีเมล และแผนที่"),
]

# Compiled templates, kept between builds (relative to the project; safe to delete).
OFFICE_TEMPLATE_CACHE_PATH = "cache/templates"
