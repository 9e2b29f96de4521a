"""Site settings for the office (development). publishconf.py adds production values.

Each plugin documents its own settings (prefix in brackets); docs/settings.md lists them all.
"""

# --- the office -----------------------------------------------------------------------
SITENAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1"
SITENAME_SHORT = "สพป.ตาก เขต 1"
SITEURL = ""
DEFAULT_LANG = "th"
TIMEZONE = "Asia/Bangkok"

# --- where things are -------------------------------------------------------------------
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "files"]  # nothing else under content/ is ever copied to output/

PLUGINS = [
    "plugins.thai_text",           # THAI_TEXT_*      dates, digits, summaries, heading ids
    "plugins.content_model",       # CONTENT_MODEL_*  reader, validation, slugs
    "plugins.pr_network",          # PR_NETWORK_*     the PR network registry
    "plugins.information_centre",  # INFO_CENTRE_*    OIA disclosures
]

# --- content model ----------------------------------------------------------------------
CONTENT_MODEL_CATEGORIES = {  # section name -> its web address (category/<slug>/)
    "ข่าวประชาสัมพันธ์": "pr-news",
    "ข่าวกิจกรรม": "activities",
    "ข่าวผู้บริหาร": "executives",
    "ข่าวจากโรงเรียน": "school-news",
    "ผลงานครู": "teachers-work",
    "ประกาศ": "announcements",
}
USE_FOLDER_AS_CATEGORY = False
FILENAME_METADATA = ""            # dates come from Date:, never from file names
ARTICLE_TRANSLATION_ID = None     # one language: same-slug items are collisions, not translations
WITH_FUTURE_DATES = True          # scheduling is content_model's (CONTENT_MODEL_NOW), not the server clock's
PAGE_TRANSLATION_ID = None

# --- Thai text --------------------------------------------------------------------------
THAI_TEXT_DIGITS = "arabic"       # "thai" shows ๒๐ พฤศจิกายน ๒๕๖๙
THAI_TEXT_SUMMARY_LENGTH = 180

# --- PR network -------------------------------------------------------------------------
PR_NETWORK_DISTRICTS = ["เมืองตาก", "บ้านตาก", "สามเงา", "วังเจ้า"]

# --- addresses --------------------------------------------------------------------------
ARTICLE_URL = "news/{be_year}/{slug}/"
ARTICLE_SAVE_AS = "news/{be_year}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
ARCHIVES_SAVE_AS = "news/index.html"
DRAFT_SAVE_AS = ""                # drafts are never written
DRAFT_PAGE_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""         # Pelican's archives use CE years; the theme builds BE ones
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Feeds are built by prsite's own feed module; Pelican's are off.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (  # /category/pr-news/page/2/, not index2.html
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
RELATIVE_URLS = True
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives"]
THEME_STATIC_DIR = "theme"
CATEGORIES_SAVE_AS = "category/index.html"
TAGS_SAVE_AS = "tag/index.html"
CATEGORIES_URL = "category/"
TAGS_URL = "tag/"
ARCHIVES_URL = "news/"
INDEX_URL = ""

# --- the office (theme settings; see plugins/office_site/settings.py) ---------------------
PLUGINS.append("plugins.office_site")  # OFFICE_*  identity, home, 404, JSON-LD, CSS
PLUGINS.append("plugins.news_navigation")  # NEWS_NAVIGATION_*  newer/older, related news, BE archives
PLUGINS.append("plugins.sitemap")      # sitemap.xml and robots.txt
PLUGINS.append("plugins.media")        # MEDIA_*   photos, galleries, share images
OFFICE_SITE_URL = "https://takpeo1.example.go.th"
OFFICE_SHORT_NAME = "สพป.ตาก เขต 1"
OFFICE_TAGLINE = "ส่งเสริม สนับสนุน การจัดการศึกษาขั้นพื้นฐานอย่างมีคุณภาพ"
OFFICE_LOGO = "images/logo.svg"
OFFICE_LOGO_PNG = "images/logo.png"
OFFICE_ADDRESS = "เลขที่ 299 ถนนพหลโยธิน ตำบลหนองหลวง อำเภอเมืองตาก จังหวัดตาก 63000"
OFFICE_PHONE = "055-511-201"
OFFICE_EMAIL = "pr@takpeo1.example.go.th"
OFFICE_MAP_URL = "https://maps.google.com/?q=16.8839,99.1258"
OFFICE_FACEBOOK = "https://www.facebook.com/takpeo1.example"
OFFICE_LINE = "@takpeo1"
OFFICE_COLOURS = {"primary": "#0b4f8a", "primary_dark": "#083a66", "accent": "#f2c14e"}
OFFICE_QUICK_LINKS = [  # (label, address from the site root, description) on the home page
    ("ศูนย์ข้อมูลข่าวสาร", "information-centre/", "ข้อมูลข่าวสารตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. 2540"),
    ("ITA การเปิดเผยข้อมูล", "information-centre/ita/", "การเปิดเผยข้อมูลสาธารณะตามแบบตรวจ ITA/OIT"),
    ("ขอข้อมูลข่าวสาร", "request-information/", "วิธียื่นคำขอข้อมูลข่าวสารตามมาตรา 11"),
    ("ติดตามข่าว (RSS)", "feeds/", "ฟีดข่าวสำหรับโปรแกรมอ่านข่าว เว็บไซต์โรงเรียน และเพจ Facebook"),
    ("เครือข่ายประชาสัมพันธ์", "network/", "โรงเรียน หน่วยงาน และสื่อในเครือข่าย พร้อมช่องทางติดต่อ"),
    ("คลังข่าว", "news/", "ข่าวทั้งหมดเรียงตามปีและเดือน"),
    ("ติดต่อเรา", "contact/", "ที่อยู่ โทรศัพท์ อีเมล และแผนที่"),
]

# --- photos (see plugins/media/settings.py) ----------------------------------------------
MEDIA_SITE_IMAGES = [OFFICE_LOGO_PNG]

# --- search (see plugins/search/settings.py) ----------------------------------------------
PLUGINS.append("plugins.search")       # SEARCH_*  Pagefind index of the content, the search page

# --- feeds (see plugins/feeds/settings.py) ------------------------------------------------
PLUGINS.append("plugins.feeds")        # FEEDS_*   Atom/RSS feeds, feeds.opml, the ติดตามข่าว page
FEEDS_MAX_ITEMS = 50  # more than a month of news for a school's feed reader

PLUGINS.append("plugins.pii_guard")    # PII_GUARD_* national IDs and mobile numbers in content and PDFs stop the build

# --- ITA/OIT checklist (see plugins/ita/settings.py) --------------------------------------
PLUGINS.append("plugins.ita")          # ITA_*     content/ita/<fiscal year>.yml, the page information-centre/ita/

# --- e-news (see plugins/enews/settings.py) ------------------------------------------------
PLUGINS.append("plugins.enews")        # ENEWS_*   content/enews/ issues: web page, email.html/.txt, the archive enews/
OFFICE_QUICK_LINKS = [*OFFICE_QUICK_LINKS,
                      ("จดหมายข่าวอิเล็กทรอนิกส์", "enews/", "ข่าวเด่นประจำเดือนของสำนักงานและโรงเรียน อ่านย้อนหลังได้ทุกฉบับ")]
