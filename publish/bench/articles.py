"""``prsite bench``: time prsite against stock Pelican on the same synthetic Thai corpus.

The corpus is ``articles`` news items written deterministically (``random.Random(SEED)``)
from Thai government-PR phrases. Every item has an explicit ``Slug: bench-<n>``, so both
tools write one page per item and stock Pelican never trips over Thai slug collisions.

Each build runs in its own child process into an empty directory; per run we record the
wall time (process start to exit, imports included), the child's CPU time and peak RSS
(``os.wait4``) and the HTML files written. Runs alternate prsite / stock; medians are
reported.

Layout under ``workdir``::

    site/content/        the corpus (news/<BE year>/, empty pages/ and oia/, members.csv)
    site/pelicanconf.py  the project's own settings, pointed at the corpus
    stock/pelicanconf.py stock Pelican: no plugins, default theme, feeds off
    out-prsite/, out-stock/, *.log   the last run's output and console log of each tool
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click
import pelican

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


# --- runs -----------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system: steadier than wall time on a busy machine
    peak_mib: float
    html_files: int
    news_pages: int


def timed(command: list[str], cwd: Path, output: Path, log: Path) -> Run:
    """Run one build into an empty ``output``; stop the benchmark if it fails."""
    shutil.rmtree(output, ignore_errors=True)
    with open(log, "wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    if child.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
        raise click.ClickException(f"{' '.join(command)} exited {child.returncode} (full log: {log}):\n{tail}")
    pages = list(output.rglob("*.html"))
    news = sum(1 for p in pages if p.name == "index.html" and p.parent.name.startswith("bench-"))
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, len(pages), news)  # Linux: ru_maxrss in KiB


def _report(echo, runs: dict[str, list[Run]]) -> None:
    prsite, stock = runs["prsite"], runs["stock"]
    time_p, time_s = (statistics.median(r.seconds for r in rs) for rs in (prsite, stock))
    cpu_p, cpu_s = (statistics.median(r.cpu_seconds for r in rs) for rs in (prsite, stock))
    rss_p, rss_s = (max(r.peak_mib for r in rs) for rs in (prsite, stock))
    rows = [
        ("wall time (median)", f"{time_p:.2f} s", f"{time_s:.2f} s", f"{time_p / time_s:.2f}x"),
        ("all runs", " ".join(f"{r.seconds:.2f}" for r in prsite), " ".join(f"{r.seconds:.2f}" for r in stock), ""),
        ("CPU time (median)", f"{cpu_p:.2f} s", f"{cpu_s:.2f} s", f"{cpu_p / cpu_s:.2f}x"),
        ("peak RSS (max)", f"{rss_p:.0f} MiB", f"{rss_s:.0f} MiB", f"{rss_p / rss_s:.2f}x"),
        ("HTML files", str(prsite[-1].html_files), str(stock[-1].html_files), ""),
        ("news pages", str(prsite[-1].news_pages), str(stock[-1].news_pages), ""),
    ]
    header = ("", "prsite", "stock Pelican", "prsite/stock")
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(4)]
    for row in [header] + rows:
        echo("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))


def run_benchmark(articles: int, workdir: str, repeat: int, echo=print) -> None:
    """Generate the corpus, build it ``repeat`` times with each tool, print the comparison."""
    if articles < 1 or repeat < 1:
        raise click.ClickException("--articles and --repeat must be at least 1")
    work = Path(workdir).resolve()
    site, stock = work / "site", work / "stock"
    content = site / "content"
    echo(f"generating corpus: {articles} news items in {content} ...")
    write_corpus(content, articles)
    stock.mkdir(parents=True, exist_ok=True)
    (site / "pelicanconf.py").write_text(PRSITE_SETTINGS.format(
        conf=str(REPO / "pelicanconf.py"), content=str(content), theme=str(REPO / "theme")), encoding="utf-8")
    (stock / "pelicanconf.py").write_text(STOCK_SETTINGS.format(content=str(content)), encoding="utf-8")

    commands = {
        "prsite": ([sys.executable, "-c", "from publish.cli import main; main(prog_name='prsite')", "build",
                    "--settings", str(site / "pelicanconf.py"), "--output", str(work / "out-prsite")], site),
        "stock": ([sys.executable, "-m", "pelican", str(content), "-s", str(stock / "pelicanconf.py"),
                   "-o", str(work / "out-stock")], stock),
    }
    echo(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Pelican {pelican.__version__}")
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for attempt in range(1, repeat + 1):
        for name, (command, cwd) in commands.items():
            echo(f"run {attempt}/{repeat} {name} ...")
            run = timed(command, cwd, work / f"out-{name}", work / f"{name}.log")
            echo(f"  {run.seconds:.2f} s wall, {run.cpu_seconds:.2f} s CPU, {run.peak_mib:.0f} MiB, "
                 f"{run.html_files} HTML files")
            if run.news_pages != articles:  # both tools must build exactly the same items
                raise click.ClickException(f"{name} wrote {run.news_pages} of {articles} news pages; "
                                           f"see {work / (name + '.log')}")
            runs[name].append(run)
    echo(f"\n{articles} news items, {repeat} run{'s' if repeat != 1 else ''} each:")
    _report(echo, runs)
