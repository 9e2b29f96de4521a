"""The synthetic Thai corpus of ``prsite bench`` and the settings each tool builds it with.

The corpus is ``articles`` news items written deterministically (``random.Random(SEED)``)
from Thai government-PR phrases. Every item has an explicit ``Slug: bench-<n>``, so every tool
writes one page per item and stock Pelican never trips over Thai slug collisions. The runs,
the edits and the report are in compare.py.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from plugins.thai_text.thaitext import be_year, format_date

SEED = 2569
FIRST_DAY = dt.date(2025, 11, 21)  # twelve months up to "today", 2026-11-20
DAYS = 365
REPO = Path(__file__).resolve().parents[2]

CATEGORIES = ("ข่าวประชาสัมพันธ์", "ข่าวกิจกรรม", "ข่าวผู้บริหาร", "ข่าวจากโรงเรียน", "ผลงานครู", "ประกาศ")
TAGS = (
    "ประชุมผู้บริหาร", "การบริหารจัดการ", "นิเทศการศึกษา", "พัฒนาครู", "ลูกเสือ", "ยาเสพติด",
    "ความปลอดภัย", "โรงเรียนคุณธรรม", "ความโปร่งใส", "เทคโนโลยีดิจิทัล", "การอ่านการเขียน",
    "การทดสอบระดับชาติ", "อาหารกลางวัน", "ทุนการศึกษา", "ปฐมวัย", "การศึกษาพิเศษ", "วันครู",
    "ศิลปหัตถกรรมนักเรียน", "โรงเรียนขนาดเล็ก", "ชุมชนแห่งการเรียนรู้",
)
TITLE_LEADS = (
    "สพป.ตาก เขต 1", "โรงเรียนอนุบาลตาก", "โรงเรียนบ้านหนองบัว", "กลุ่มนิเทศ ติดตามและประเมินผล",
    "กลุ่มส่งเสริมการจัดการศึกษา", "ผอ.สพป.ตาก เขต 1",
)
# Phrases with their word boundaries marked by "|": written without them (Thai puts
# spaces between phrases, not words), counted with them to reach the body's length.
# A space inside a phrase is one Thai writes there too (after ณ).
SUBJECTS = (
    "ผู้อำนวยการ|สำนักงาน|เขตพื้นที่|การ|ศึกษา", "รอง|ผู้อำนวยการ|สำนักงาน|เขตพื้นที่|การ|ศึกษา",
    "ศึกษานิเทศก์|กลุ่ม|นิเทศ|ติดตาม|และ|ประเมิน|ผล", "ผู้บริหาร|สถาน|ศึกษา|ใน|สังกัด",
    "คณะ|ครู|และ|บุคลากร|ทาง|การ|ศึกษา", "ผู้อำนวยการ|โรงเรียน|อนุบาล|ตาก",
    "เจ้าหน้าที่|กลุ่ม|อำนวยการ", "ประธาน|เครือข่าย|ประชาสัมพันธ์|ระดับ|อำเภอ",
    "คณะ|กรรมการ|สถาน|ศึกษา|ขั้น|พื้นฐาน", "ผู้|ปกครอง|และ|ชุมชน",
    "กลุ่ม|ส่งเสริม|การ|จัด|การ|ศึกษา", "หน่วย|ตรวจสอบ|ภายใน",
)
ACTIONS = (
    "เป็น|ประธาน|เปิด|การ|ประชุม", "ร่วม|กิจกรรม", "ลง|พื้นที่|นิเทศ|ติดตาม",
    "จัด|โครงการ|อบรม|เชิง|ปฏิบัติ|การ", "มอบ|เกียรติบัตร|ให้|แก่|ผู้|ที่|มี|ผลงาน|ดีเด่น|ด้าน",
    "ประชุม|ชี้แจง|แนวทาง|การ|ดำเนิน|งาน", "ตรวจ|เยี่ยม|และ|ให้|กำลังใจ|เรื่อง",
    "ขับเคลื่อน|นโยบาย", "รับ|การ|ประเมิน", "จัด|นิทรรศการ|แสดง|ผลงาน",
    "ประชาสัมพันธ์|การ|รับ|สมัคร", "ร่วม|วางแผน",
)
TOPICS = (
    "การ|พัฒนา|คุณภาพ|การ|ศึกษา", "การ|ยกระดับ|ผลสัมฤทธิ์|ทาง|การ|เรียน",
    "การ|จัด|การ|เรียน|รู้|เชิง|รุก", "การ|ประเมิน|คุณธรรม|และ|ความ|โปร่งใส",
    "ความ|ปลอดภัย|ของ|นักเรียน", "การ|อ่าน|ออก|เขียน|ได้", "หลักสูตร|ฐาน|สมรรถนะ",
    "การ|ป้องกัน|ยาเสพติด|ใน|สถาน|ศึกษา", "ระบบ|ดูแล|ช่วยเหลือ|นักเรียน",
    "การ|ใช้|เทคโนโลยี|ดิจิทัล|เพื่อ|การ|ศึกษา", "โครงการ|โรงเรียน|คุณธรรม",
    "การ|ทดสอบ|ระดับ|ชาติ", "ลูกเสือ|และ|เนตรนารี", "งบประมาณ|ประจำ|ปี",
    "การ|แข่งขัน|ทักษะ|วิชาการ",
)
PLACES = (
    "ณ ห้อง|ประชุม|สำนักงาน", "ณ หอประชุม|โรงเรียน", "ณ ศาลา|อเนกประสงค์",
    "ใน|พื้นที่|อำเภอ|เมืองตาก", "ใน|พื้นที่|อำเภอ|บ้านตาก", "ใน|พื้นที่|อำเภอ|สามเงา",
    "ใน|พื้นที่|อำเภอ|วังเจ้า", "ผ่าน|ระบบ|ประชุม|ออนไลน์",
)
CLOSINGS = (
    "เพื่อ|ให้|นักเรียน|ได้|รับ|การ|พัฒนา|อย่าง|เต็ม|ศักยภาพ", "เพื่อ|เสริม|สร้าง|ความ|เข้มแข็ง|ให้|กับ|เครือข่าย",
    "เพื่อ|เป็น|ขวัญ|และ|กำลังใจ|แก่|ครู", "โดย|มี|ผู้|เข้า|ร่วม|กิจกรรม|เป็น|จำนวน|มาก",
    "ทั้งนี้|เพื่อ|ให้|การ|ดำเนิน|งาน|เป็น|ไป|ด้วย|ความ|เรียบร้อย", "ซึ่ง|ได้|รับ|ความ|ร่วมมือ|จาก|ทุก|ภาค|ส่วน",
    "ตาม|นโยบาย|ของ|กระทรวง|ศึกษาธิการ", "ให้|สอดคล้อง|กับ|บริบท|ของ|พื้นที่",
)
HEADINGS = ("ผลการดำเนินงาน", "กิจกรรมสำคัญ", "แนวทางการดำเนินงานต่อไป", "ความร่วมมือกับชุมชน", "ข้อเสนอแนะจากผู้บริหาร")
MEMBERS_HEADER = (
    "id,name,type,district,school_code,coordinator_name,coordinator_role,coordinator_public,email,phone,"
    "personal_email,personal_phone,website,facebook,line,feed_url,enews,joined,trained_website,"
    "trained_facebook,trained_enews"
)

PRSITE_SETTINGS = '''"""prsite bench: the project's own settings, pointed at the synthetic corpus."""
exec(open({conf!r}, encoding="utf-8").read())
PATH = {content!r}
THEME = {theme!r}
'''
STOCK_SETTINGS = '''"""prsite bench: stock Pelican (no plugins, default theme, feeds off) on the same corpus."""
SITENAME = "bench"
PATH = {content!r}
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
TIMEZONE = "Asia/Bangkok"
DEFAULT_LANG = "th"
PLUGINS = []
DEFAULT_PAGINATION = 12
ARTICLE_URL = "news/{{slug}}/"
ARTICLE_SAVE_AS = "news/{{slug}}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
'''
# Stock Pelican's own content cache, for the rebuild after one edit (its fair best).
STOCK_CACHED_SETTINGS = STOCK_SETTINGS + '''CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
'''


# --- corpus ---------------------------------------------------------------------------

def _sentence(rng: random.Random) -> tuple[str, int]:
    """One sentence of phrases; returns the text and its number of words."""
    parts = [rng.choice(SUBJECTS), rng.choice(ACTIONS) + "|" + rng.choice(TOPICS)]
    parts += [rng.choice(group) for group in (PLACES, CLOSINGS) if rng.random() < 0.6]
    return " ".join(p.replace("|", "") for p in parts), sum(p.replace(" ", "|").count("|") + 1 for p in parts)


def _body(rng: random.Random, date: dt.datetime) -> str:
    """150-400 words in paragraphs of 2-4 sentences; a third of the items get ``## `` headings."""
    target = rng.randint(150, 400)
    headings = iter(rng.sample(HEADINGS, 2)) if rng.random() < 1 / 3 else iter(())
    lead = f"เมื่อวันที่ {format_date(date)}"
    blocks, words, sentences = [], 4, [lead]
    while words < target:
        for _ in range(rng.randint(2, 4)):
            text, count = _sentence(rng)
            sentences.append(text)
            words += count
        heading = next(headings, None) if blocks and rng.random() < 0.5 else None
        if heading:
            blocks.append(f"## {heading}")
        blocks.append(" ".join(sentences))
        sentences = []
    return "\n\n".join(blocks)


def news_item(rng: random.Random, number: int) -> tuple[str, str]:
    """(path relative to content/, file text) of news item ``number``."""
    date = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
                               dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))))
    year = be_year(date)
    headline = (rng.choice(ACTIONS) + rng.choice(TOPICS)).replace("|", "")
    meta = [
        f"Title: {rng.choice(TITLE_LEADS)} {headline} ครั้งที่ {number}/{year}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {', '.join(rng.sample(TAGS, rng.randint(1, 3)))}",
        f"Slug: bench-{number}",
    ]
    return f"news/{year}/bench-{number}.md", "\n".join(meta) + "\n\n" + _body(rng, date) + "\n"


def copy_logo(content: Path) -> None:
    """The office logo, as on the real site: MEDIA_SITE_IMAGES and the share cards need logo.png."""
    (content / "images").mkdir(parents=True, exist_ok=True)
    for name in ("logo.png", "logo.svg"):
        shutil.copy2(REPO / "content" / "images" / name, content / "images" / name)


def write_corpus(content: Path, articles: int) -> None:
    """A fresh content/ folder: ``articles`` news items, empty pages, OIA and registry, the logo."""
    shutil.rmtree(content, ignore_errors=True)
    for folder in ("news", "pages", "oia", "network"):
        (content / folder).mkdir(parents=True)
    (content / "network" / "members.csv").write_text(MEMBERS_HEADER + "\n", encoding="utf-8")
    copy_logo(content)
    rng = random.Random(SEED)
    for number in range(1, articles + 1):
        relative, text = news_item(rng, number)
        path = content / relative
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
