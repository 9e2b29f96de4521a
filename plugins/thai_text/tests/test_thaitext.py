"""The Thai text rules, table by table. Each row reads as the rule it checks."""

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from plugins.thai_text import thaitext
from publish.bench.articles import news_item
from plugins.thai_text.thaitext import BANGKOK

FRIDAY = dt.datetime(2026, 11, 20, 9, 30, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    "value, style, digits, expected",
    [
        (FRIDAY, "long", "arabic", "20 พฤศจิกายน 2569"),
        (FRIDAY, "short", "arabic", "20 พ.ย. 69"),
        (FRIDAY, "long", "thai", "๒๐ พฤศจิกายน ๒๕๖๙"),
        (FRIDAY, "short", "thai", "๒๐ พ.ย. ๖๙"),
        (FRIDAY, "full", "arabic", "วันศุกร์ที่ 20 พฤศจิกายน พ.ศ. 2569"),
        (FRIDAY, "month", "arabic", "พฤศจิกายน 2569"),
        (FRIDAY, "datetime", "arabic", "20 พฤศจิกายน 2569 เวลา 09:30 น."),
        (dt.date(2025, 12, 5), "long", "arabic", "5 ธันวาคม 2568"),
        (dt.date(2027, 1, 1), "short", "arabic", "1 ม.ค. 70"),
        # An aware time in another zone is shown in Thailand's time: 20:00 UTC is 03:00 next day.
        (dt.datetime(2026, 11, 19, 20, 0, tzinfo=dt.timezone.utc), "long", "arabic", "20 พฤศจิกายน 2569"),
    ],
)
def test_format_date(value, style, digits, expected):
    assert thaitext.format_date(value, style, digits) == expected


@pytest.mark.parametrize(
    "day, be_year, fiscal_year",
    [
        (dt.date(2026, 1, 1), 2569, 2569),
        (dt.date(2026, 9, 30), 2569, 2569),
        (dt.date(2026, 10, 1), 2569, 2570),  # FY 2570 began on 1 October 2026
        (dt.date(2026, 11, 20), 2569, 2570),
        (dt.date(2025, 12, 31), 2568, 2569),
    ],
)
def test_years(day, be_year, fiscal_year):
    assert thaitext.be_year(day) == be_year
    assert thaitext.fiscal_year(day) == fiscal_year


def test_fiscal_year_range():
    assert thaitext.fiscal_year_range(2570) == (dt.date(2026, 10, 1), dt.date(2027, 9, 30))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-20", dt.datetime(2026, 11, 20, tzinfo=BANGKOK)),
        ("2026-11-20 09:30", dt.datetime(2026, 11, 20, 9, 30, tzinfo=BANGKOK)),
        ("20/11/2569", dt.datetime(2026, 11, 20, tzinfo=BANGKOK)),
        ("20/11/2569 09:30", dt.datetime(2026, 11, 20, 9, 30, tzinfo=BANGKOK)),
        ("20/11/2569 9.30 น.", dt.datetime(2026, 11, 20, 9, 30, tzinfo=BANGKOK)),
        ("๒๐/๑๑/๒๕๖๙", dt.datetime(2026, 11, 20, tzinfo=BANGKOK)),
        ("20/11/2026", dt.datetime(2026, 11, 20, tzinfo=BANGKOK)),
        ("2026-11-20T02:30:00Z", dt.datetime(2026, 11, 20, 9, 30, tzinfo=BANGKOK)),
    ],
)
def test_parse_date(text, expected):
    parsed = thaitext.parse_date(text)
    assert parsed == expected
    assert parsed.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    "text, message",
    [
        ("31/13/2569", "'31/13/2569' is not a date (use 2026-11-20 or 20/11/2569)"),
        ("30/02/2569", "'30/02/2569' is not a date (use 2026-11-20 or 20/11/2569)"),
        ("พรุ่งนี้", "'พรุ่งนี้' is not a date (use 2026-11-20 or 20/11/2569)"),
        ("2569-11-20", "'2569-11-20' has a Buddhist-era year in ISO form (use 2026-11-20 or 20/11/2569)"),
    ],
)
def test_parse_date_rejects(text, message):
    with pytest.raises(thaitext.DateError) as error:
        thaitext.parse_date(text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "text, respelled",
    [
        ("20/11/2026", ("20/11/2569", "2026-11-20")),
        ("1/2/2027 9.30 น.", ("1/2/2570 9.30 น.", "2027-02-01 09:30")),
        ("๒๐/๑๑/๒๐๒๖", ("20/11/2569", "2026-11-20")),
        ("20/11/2569", None),
        ("2026-11-20", None),
        ("พรุ่งนี้", None),
    ],
)
def test_ce_year_in_thai_form(text, respelled):
    """The Thai form meant with a BE year: parse_date reads 20/11/2026 as CE, callers warn."""
    assert thaitext.ce_year_in_thai_form(text) == respelled


@pytest.mark.parametrize(
    "pinned, expected",
    [
        ("2031-11-20 09:00", dt.datetime(2031, 11, 20, 9, 0, tzinfo=BANGKOK)),
        ("20/11/2574", dt.datetime(2031, 11, 20, tzinfo=BANGKOK)),
        ("2031-11-20T02:00:00Z", dt.datetime(2031, 11, 20, 9, 0, tzinfo=BANGKOK)),
    ],
)
def test_prsite_now_pins_the_clock(monkeypatch, pinned, expected):
    monkeypatch.setenv("PRSITE_NOW", pinned)
    assert thaitext.now() == expected


def test_without_prsite_now_the_clock_is_thailand_time(monkeypatch):
    """The system clock (frozen here at midnight UTC), read in Thailand: 07:00 the same day."""

    class SystemClock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc).astimezone(tz)

    monkeypatch.delenv("PRSITE_NOW", raising=False)
    monkeypatch.setattr(thaitext.dt, "datetime", SystemClock)
    now = thaitext.now()
    assert (now.replace(tzinfo=None), now.utcoffset()) == (dt.datetime(2031, 1, 1, 7, 0), dt.timedelta(hours=7))


def test_a_bad_prsite_now_is_one_line(monkeypatch):
    monkeypatch.setenv("PRSITE_NOW", "next year")
    with pytest.raises(thaitext.DateError) as error:
        thaitext.now()
    assert str(error.value) == "PRSITE_NOW: 'next year' is not a date (use 2026-11-20 or 20/11/2569)"


def test_digits_round_trip():
    assert thaitext.thai_digits("ฉบับที่ 11/2569") == "ฉบับที่ ๑๑/๒๕๖๙"
    assert thaitext.arabic_digits("๑๑/๒๕๖๙") == "11/2569"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("ประชุมผู้บริหารสถานศึกษา", "prachum-phuprihan-sathansueksa"),
        ("ข่าว", "khao"),
        ("ขาว", "khao"),  # romanises like ข่าว: the content model disambiguates, see test_slugs
        ("การอบรม Facebook Page ให้โรงเรียน", "karopnm-facebook-page-rongrian"),
        ("ปีงบประมาณ ๒๕๗๐", "pingppraman-2570"),
    ],
)
def test_slugify(title, expected):
    assert thaitext.slugify(title) == expected


def test_slugs_are_short_ascii():
    long_title = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 1 จัดพิธีถวายราชสักการะสมเด็จพระเจ้าตากสินมหาราช ประจำปี 2569 ณ ศาลสมเด็จพระเจ้าตากสินมหาราช"
    slug = thaitext.slugify(long_title)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= thaitext.SLUG_MAX_LENGTH
    assert slug.count("-") < thaitext.SLUG_MAX_WORDS


def test_heading_anchor_is_readable_ascii():
    assert thaitext.heading_anchor("ผลการดำเนินงาน") == "phlakandamnoenngan"
    assert thaitext.heading_anchor("!!!") == "section"


# --- excerpts: never inside a word --------------------------------------------------

SAMPLE_NEWS = sorted((Path(__file__).resolve().parents[3] / "content" / "news").rglob("*.md"))


def _body_text(path: Path) -> str:
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    return thaitext.html_to_text(re.sub(r"[#*|>\-]+", " ", body))


def _cases(count=320):
    texts = [_body_text(p) for p in SAMPLE_NEWS]
    assert len(texts) >= 40, "the sample office should have 40+ news items"
    chooser = random.Random(2569)
    return [(text, chooser.randrange(40, 300)) for text in chooser.choices(texts, k=count)]


def test_words_cut_as_pythainlps_own_dictionary_cuts():
    from pythainlp.tokenize import word_tokenize

    texts = [_body_text(p) for p in SAMPLE_NEWS]
    assert texts, "the sample office has news items"
    for text in texts + ["สพป.ตาก เขต ๑", "ร.ร.บ้านแม่ตาว", "โรงเรียนอนุบาลตาก"]:
        assert thaitext.words(text) == word_tokenize(text, engine="newmm", keep_whitespace=True)


def test_excerpts_cut_only_between_words():
    cut_mid_word = []
    for text, limit in _cases():
        normal = " ".join(text.split())
        short = thaitext.excerpt(normal, limit)
        if short == normal:
            continue
        kept = short.removesuffix(thaitext.ELLIPSIS)
        assert normal.startswith(kept) and len(kept) <= limit
        boundaries, position = {0}, 0
        for token in thaitext.words(normal):
            position += len(token)
            boundaries.add(position)
        if len(kept) not in boundaries or thaitext._joins_previous(normal[len(kept)]):
            cut_mid_word.append((kept[-15:], normal[len(kept):len(kept) + 15]))
    assert cut_mid_word == []


def _excerpt_of_the_whole_text(text: str, limit: int) -> str:
    """``excerpt`` without its shortcut: the first line of the whole text cut into words."""
    normal = " ".join(text.split())
    if len(normal) <= limit:
        return normal
    cut = thaitext.wrap(normal, limit)[0].rstrip(thaitext._TRAILING_PUNCT)
    return (cut or thaitext.clusters(normal)[0]) + thaitext.ELLIPSIS


def _generated_texts(count=150):
    chooser = random.Random(2569)
    items = [news_item(chooser, number)[1].split("\n\n", 1)[1] for number in range(1, count + 1)]
    return [thaitext.html_to_text(re.sub(r"[#*|>\-]+", " ", body)) for body in items]


# Words newmm carries across a space ('ค่อย ๆ', 'เอซี มิลาน'): the window must not start or end there.
ACROSS_A_SPACE = ("นักเรียนค่อย ๆ ปรับตัว", "แฟนเอซี มิลาน ร่วมงาน", "โรงเรียนต่าง ๆ ในสังกัด",
                  "ครูเออ ๆ คะ ๆ กับนักเรียน", "พูดเหนาะ ๆ สพป.ตาก เขต 1")


def test_excerpts_are_the_same_as_cutting_the_whole_text():
    """excerpt cuts into words only a window around the limit (``_words_window``); on the sample
    news, the benchmark's generated news and words that cross a space, every excerpt must be
    the one cutting the whole text gives."""
    texts = [_body_text(p) for p in SAMPLE_NEWS] + _generated_texts()
    texts += [" ".join(ACROSS_A_SPACE[i:] + ACROSS_A_SPACE[:i]) * 3 for i in range(len(ACROSS_A_SPACE))]
    chooser = random.Random(14)
    cases = [(text, limit) for text in texts for limit in [180, *chooser.sample(range(20, 400), 6)]]
    different = [(limit, text[:40]) for text, limit in cases
                 if thaitext.excerpt(text, limit) != _excerpt_of_the_whole_text(text, limit)]
    assert different == []


@pytest.mark.parametrize("text, limit, window", [
    ("ประชุม ผู้บริหาร สถานศึกษา ทุกแห่ง", 20, "สถานศึกษา "),
    ("โรงเรียน ต่าง ๆ ในสังกัด", 10, "ต่าง ๆ "),  # 'ต่าง ๆ' is one word: not after its space
    ("โรงเรียนต่าง ๆ ในสังกัด", 5, "โรงเรียนต่าง ๆ "),  # nor before it
    ("แฟนเอซี มิลาน", 5, "แฟนเอซี มิลาน"),  # 'เอซี มิลาน' is one word
    ("สถานศึกษา", 4, "สถานศึกษา"),
])
def test_the_words_window_is_bounded_by_spaces_no_word_spans(text, limit, window):
    start, end = thaitext._words_window(text, limit)
    assert text[start:end] == window


def test_excerpt_keeps_short_text_whole():
    assert thaitext.excerpt("ข่าวสั้น  มาก", 160) == "ข่าวสั้น มาก"


def test_excerpt_never_splits_a_tone_mark_from_its_letter():
    word = "ผู้บริหารสถานศึกษา" * 3  # one long run without spaces
    for limit in range(1, len(word)):
        kept = thaitext.excerpt(word, limit).removesuffix(thaitext.ELLIPSIS)
        assert kept and not thaitext._joins_previous(word[len(kept)]), limit


# --- line breaking: only between words ------------------------------------------------

FOOTER = "ท่านได้รับจดหมายข่าวฉบับนี้ในฐานะสมาชิกเครือข่ายประชาสัมพันธ์หรือผู้สมัครรับจดหมายข่าวของ สพป.ตาก เขต 1"


@pytest.mark.parametrize(
    "text, width, expected",
    [
        # spaces first; a line never ends or starts with a space
        ("ข่าวประชาสัมพันธ์ ข่าวกิจกรรม", 20, ["ข่าวประชาสัมพันธ์", "ข่าวกิจกรรม"]),
        # between Thai words where there is no space
        ("ประชุมผู้บริหารสถานศึกษา", 12, ["ประชุม", "ผู้บริหาร", "สถานศึกษา"]),
        # never inside an abbreviation (newmm splits สพป. as ส|พป.), nor between it and its name
        (FOOTER, 96, ["ท่านได้รับจดหมายข่าวฉบับนี้ในฐานะสมาชิกเครือข่ายประชาสัมพันธ์หรือผู้สมัครรับจดหมายข่าวของ",
                      "สพป.ตาก เขต 1"]),
        ("ของสพป.ตาก", 8, ["ของ", "สพป.ตาก"]),
        ("ผู้อำนวยการ ร.ร.บ้านนาเจริญ", 12, ["ผู้อำนวยการ", "ร.ร.บ้านนา", "เจริญ"]),
        ("ปีการศึกษาพ.ศ.2569", 12, ["ปีการศึกษา", "พ.ศ.2569"]),
        # punctuation stays with its word; ๆ never starts a line
        ("โรงเรียนต่างๆ (รอบที่ 2)", 14, ["โรงเรียนต่างๆ", "(รอบที่ 2)"]),
        # a piece wider than the line: between its words, never inside the abbreviation
        ("ของสพป.ตาก", 5, ["ของ", "สพป.", "ตาก"]),
        ("ประชุมวันที่20เม.ย.", 10, ["ประชุม", "วันที่20", "เม.ย."]),
        # an address or a Latin word is never broken, even when wider than the line
        ("อ่านต่อ https://takpeo1.example.go.th/news/2569/a-very-long-slug/", 20,
         ["อ่านต่อ", "https://takpeo1.example.go.th/news/2569/a-very-long-slug/"]),
        # a Thai word wider than the line: between grapheme clusters, marks stay with their letter
        ("ผู้บริหาร", 3, ["ผู้", "บริ", "หาร"]),
        ("เมือง", 1, ["เมื", "อ", "ง"]),  # a leading vowel stays with its consonant
        ("", 10, []),
    ],
)
def test_wrap_breaks_only_between_words(text, width, expected):
    assert thaitext.wrap(text, width) == expected


def test_wrap_measures_with_the_function_it_is_given():
    # Terminal columns: vowels above and below and tone marks take none, so more fits.
    assert thaitext.columns("ผู้บริหาร") == 6
    assert thaitext.wrap("ผู้บริหาร สถานศึกษา", 16, measure=thaitext.columns) == ["ผู้บริหาร สถานศึกษา"]
    assert thaitext.wrap("ผู้บริหาร สถานศึกษา", 16) == ["ผู้บริหาร", "สถานศึกษา"]


def test_wrap_never_breaks_a_cluster_or_an_abbreviation_in_the_sample_news():
    texts = [_body_text(p) for p in SAMPLE_NEWS[:12]]
    assert texts
    for text in texts:
        for width in (20, 36, 72):
            lines = thaitext.wrap(text, width)
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")
            for line in lines:
                assert not thaitext._joins_previous(line[0]) and line[-1] not in "เแโใไ", line
                assert not re.match(r"พป\.|ร\.(?!ร)|ศ\.", line), line


# --- cutting a line short: "…" where a line may break ------------------------------------------

@pytest.mark.parametrize("text, width, cut", [
    ("สพป.ตาก ประชุม", 9, "สพป.ตาก…"),         # never inside สพป.ตาก
    ("ประกาศ, รับสมัครครู", 9, "ประกาศ…"),     # no comma before the ellipsis
    ("ข่าว (ด่วน) วันนี้", 12, "ข่าว (ด่วน)…"),
    ("ประชุมผู้บริหาร", 9, "ประชุม…"),          # between Thai words
    ("สพป.ตาก", 3, "…"),                       # nothing fits: the ellipsis alone
    ("สั้น", 9, "สั้น…"),
])
def test_cut_to_fit_ends_where_a_line_may_break(text, width, cut):
    assert thaitext.cut_to_fit(text, width) == cut


def test_cut_to_fit_measures_with_the_callers_ruler():
    title = "ผู้บริหาร สถานศึกษา ตาก"
    assert thaitext.cut_to_fit(title, 16) == "ผู้บริหาร…"
    assert thaitext.cut_to_fit(title, 16, measure=thaitext.columns) == "ผู้บริหาร สถานศึกษา…"  # marks take no column
