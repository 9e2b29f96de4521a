"""Site settings for the office (development). publishconf.py adds production values.

Only the office's own values: every plugin's defaults (plugins/<name>/settings.py) are laid
under these once, from the plugin manifest (plugins/manifest.py); docs/settings.md lists them all.
"""

from plugins.manifest import plugin_names

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

# Every prsite plugin, in the manifest's order (docs/architecture.md); to go without one,
# e.g. PLUGINS.remove("plugins.search").
PLUGINS = plugin_names()

# --- content model (news sections: CONTENT_MODEL_CATEGORIES' default) ----------------------
USE_FOLDER_AS_CATEGORY = False
FILENAME_METADATA = ""            # dates come from Date:, never from file names
ARTICLE_TRANSLATION_ID = None     # one language: same-slug items are collisions, not translations
WITH_FUTURE_DATES = True          # scheduling is content_model's (CONTENT_MODEL_NOW), not the server clock's
PAGE_TRANSLATION_ID = None

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
OFFICE_QUICK_LINKS = [  # (label, address from the site root, description) on the home page
    ("ศูนย์ข้อมูลข่าวสาร", "information-centre/", "ข้อมูลข่าวสารตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. 2540"),
    ("ITA การเปิดเผยข้อมูล", "information-centre/ita/", "การเปิดเผยข้อมูลสาธารณะตามแบบตรวจ ITA/OIT"),
    ("ขอข้อมูลข่าวสาร", "request-information/", "วิธียื่นคำขอข้อมูลข่าวสารตามมาตรา 11"),
    ("ติดตามข่าว (RSS)", "feeds/", "ฟีดข่าวสำหรับโปรแกรมอ่านข่าว เว็บไซต์โรงเรียน และเพจ Facebook"),
    ("เครือข่ายประชาสัมพันธ์", "network/", "โรงเรียน หน่วยงาน และสื่อในเครือข่าย พร้อมช่องทางติดต่อ"),
    ("คลังข่าว", "news/", "ข่าวทั้งหมดเรียงตามปีและเดือน"),
    ("ติดต่อเรา", "contact/", "ที่อยู่ โทรศัพท์ อีเมล และแผนที่"),
    ("จดหมายข่าวอิเล็กทรอนิกส์", "enews/", "ข่าวเด่นประจำเดือนของสำนักงานและโรงเรียน อ่านย้อนหลังได้ทุกฉบับ"),
]

# --- photos (see plugins/media/settings.py) ----------------------------------------------
MEDIA_SITE_IMAGES = [OFFICE_LOGO_PNG]

# --- feeds (see plugins/feeds/settings.py) ------------------------------------------------
FEEDS_MAX_ITEMS = 50  # more than a month of news for a school's feed reader
