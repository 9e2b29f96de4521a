"""news_navigation: how a reader moves between news items (newer/older, related, BE-year archives)."""

import pytest
from bs4 import BeautifulSoup

from conftest import nonempty


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def three_news_built(site, settings_line: str) -> BeautifulSoup:
    """Three news items in one section, built with ``settings_line`` added to pelicanconf.py (in a new
    process, since the line may take a plugin out); the middle one's page."""
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"\n{settings_line}\n", encoding="utf-8")
    for number, day in enumerate((16, 17, 18), 1):
        site.news(f"item-{number}", f"Title: ข่าว {number}\nDate: 2026-11-{day}\nCategory: ประกาศ\nSlug: item-{number}")
    result = site.run_in_new_process("build")
    assert result.returncode == 0, result.stderr
    return soup(site.root / "output/news/2569/item-2/index.html")


def test_related_news_count_is_its_own_setting(site):
    page = three_news_built(site, "NEWS_NAVIGATION_RELATED_ITEMS = 1")
    assert [a.get_text(strip=True) for a in page.select(".related .news-card__title a")] == ["ข่าว 3"]
    assert page.select_one(".prev-next__link--older")["href"].endswith("news/2569/item-1/")
    assert page.select_one(".prev-next__link--newer")["href"].endswith("news/2569/item-3/")


def test_a_site_without_the_plugin_has_no_archives_or_neighbours(site):
    page = three_news_built(site, 'PLUGINS.remove("plugins.news_navigation")')
    assert page.select(".prev-next__link") == [] and page.select(".related") == []
    output = site.root / "output"
    assert not (output / "news/2569/index.html").exists() and not (output / "news/2569/11/index.html").exists()


# --- related news from indexes: the same lists, in the same order, as comparing every pair ------

def related_by_pairs(article, articles, count: int) -> list:
    """The related news of prsite up to issue 14, comparing every item with every other: the reference."""
    tags = set(getattr(article, "tags", []) or [])
    scored = []
    for other in articles:
        if other is article:
            continue
        shared = len(tags & set(getattr(other, "tags", []) or []))
        same_section = other.category == article.category
        if shared or same_section:
            scored.append((shared, same_section, other.date, other))
    scored.sort(key=lambda row: row[:3], reverse=True)
    return [row[3] for row in scored[:count]]


def tricky_news():
    """Ties on shared tags, section and date; no tags at all; tags spelled two ways (one slug);
    a section nobody else uses; and a list that is not newest first (ties keep list order)."""
    import datetime as dt
    from types import SimpleNamespace

    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Category, Tag

    day = lambda d, h=9: dt.datetime(2026, 11, d, h, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # noqa: E731
    rows = [  # (name, section, tags, date)
        ("a", "ประกาศ", ["ลูกเสือ", "วันครู"], day(18)),
        ("b", "ประกาศ", ["ลูกเสือ", "วันครู"], day(18)),       # the same as a in every way
        ("c", "ข่าวกิจกรรม", ["ลูกเสือ", "วันครู"], day(18)),
        ("d", "ข่าวกิจกรรม", ["ลูกเสือ"], day(18)),
        ("e", "ประกาศ", [], day(18)),
        ("f", "ประกาศ", None, day(17)),                         # no Tags: at all
        ("g", "ข่าวกิจกรรม", ["Scout", "scout"], day(16)),      # one slug twice
        ("h", "ข่าวผู้บริหาร", ["SCOUT"], day(16)),
        ("i", "ข่าวผู้บริหาร", [], day(15)),                     # shares nothing with anyone but h
        ("j", "ประกาศ", ["วันครู"], day(19)),                    # newest, but listed late
        ("k", "ประกาศ", ["วันครู"], day(14)),
        ("l", "ผลงานครู", [], day(14)),                          # alone in its section, no tags
        ("m", "ข่าวกิจกรรม", ["ลูกเสือ", "วันครู", "Scout"], day(14)),
        ("n", "ประกาศ", [], day(18)),
    ]
    settings = dict(DEFAULT_CONFIG)
    items = []
    for name, section, tags, date in rows:
        item = SimpleNamespace(name=name, category=Category(section, settings), date=date)
        if tags is not None:
            item.tags = [Tag(tag, settings) for tag in tags]
        items.append(item)
    return items


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 20])
@pytest.mark.parametrize("order", ["as written", "reversed", "newest first"])
def test_related_news_from_indexes_is_what_comparing_every_pair_gives(count, order):
    from plugins.news_navigation import RelatedNews

    items = tricky_news()
    if order == "reversed":
        items.reverse()
    elif order == "newest first":
        items.sort(key=lambda item: item.date, reverse=True)
    related = RelatedNews(items)
    for item in nonempty(items):
        expected = [other.name for other in related_by_pairs(item, items, count)]
        assert [other.name for other in related.related(item, count)] == expected, item.name


@pytest.mark.parametrize("seed", range(8))
def test_related_news_from_indexes_on_random_news_is_what_comparing_every_pair_gives(seed):
    """200 items, few sections and tags (up to 6 on an item), many on the same day; in half the seeds a tag on
    most items."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Category, Tag

    from plugins.news_navigation import RelatedNews

    rng, settings = random.Random(seed), dict(DEFAULT_CONFIG)
    items = []
    for number in range(200):
        item = SimpleNamespace(name=number, category=Category(rng.choice("abcd"[:1 + seed % 4]), settings),
                               date=dt.datetime(2026, 11, 1 + rng.randrange(5), tzinfo=dt.timezone.utc))
        if rng.random() < 0.9:
            item.tags = [Tag(tag, settings) for tag in rng.sample("pqrstuvwx"[:3 + seed], rng.randint(0, 3 + seed % 3))]
            if seed % 2 and rng.random() < 0.7:
                item.tags.append(Tag("common", settings))
        items.append(item)
    related = RelatedNews(items)
    for item in items:
        for count in (1, 3, 7):
            assert [other.name for other in related.related(item, count)] == \
                [other.name for other in related_by_pairs(item, items, count)], (item.name, count)


def test_related_news_leaves_out_scheduled_and_expired_items(site):
    site.news("old", "Title: ประกาศเก่า\nDate: 2026-11-01\nCategory: ประกาศ\nTags: วันครู\nExpires: 2026-11-10\nSlug: old")
    site.news("later", "Title: ประกาศล่วงหน้า\nDate: 2026-12-01\nCategory: ประกาศ\nTags: วันครู\nSlug: later")
    site.news("one", "Title: ข่าวหนึ่ง\nDate: 2026-11-16\nCategory: ประกาศ\nTags: วันครู\nSlug: one")
    site.news("two", "Title: ข่าวสอง\nDate: 2026-11-17\nCategory: ข่าวกิจกรรม\nTags: วันครู\nSlug: two")
    site.news("three", "Title: ข่าวสาม\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: three")
    result = site.run("build")
    assert result.exit_code == 0, result.stderr
    page = soup(site.root / "output/news/2569/one/index.html")
    assert [a.get_text(strip=True) for a in page.select(".related .news-card__title a")] == ["ข่าวสอง", "ข่าวสาม"]


def test_month_archives_list_each_item_once_in_its_thai_month(site):
    # 23:30 on 31 October in Thailand is 16:30 UTC: the item belongs to ตุลาคม, not พฤศจิกายน.
    site.news("late", "Title: ข่าวดึก\nDate: 2026-10-31 23:30\nCategory: ประกาศ\nSlug: late")
    site.news("early", "Title: ข่าวเช้า\nDate: 2026-11-01 00:30\nCategory: ประกาศ\nSlug: early")
    site.news("next", "Title: ข่าวถัดไป\nDate: 2026-11-02\nCategory: ประกาศ\nSlug: next")
    result = site.run("build")
    assert result.exit_code == 0, result.stderr
    listed = lambda month: [a.get_text(strip=True) for a in  # noqa: E731
                            soup(site.root / f"output/news/2569/{month}/index.html").select(".news-card__title a")]
    assert listed("10") == ["ข่าวดึก"]
    assert listed("11") == ["ข่าวถัดไป", "ข่าวเช้า"]


def test_page_numbers_are_the_first_the_last_and_two_either_side(site):
    """Every page number on every page grew with the archive (5,000 items: 417 pages of 417 links)."""
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nDEFAULT_PAGINATION = 1\n", encoding="utf-8")
    for day in range(1, 10):
        site.news(f"item-{day}", f"Title: ข่าว {day}\nDate: 2026-11-{day:02d}\nCategory: ประกาศ\nSlug: item-{day}")
    result = site.run("build")
    assert result.exit_code == 0, result.stderr

    def numbers(page: str) -> list[str]:
        found = soup(site.root / "output" / page / "index.html").select(".pagination__list > li")
        return [item.get_text(strip=True) for item in nonempty(found)
                if not item.select_one("[rel=prev], [rel=next]")]

    section = "category/announcements"
    assert numbers(section) == ["1", "2", "3", "…", "9"]
    assert numbers(f"{section}/page/5") == ["1", "…", "3", "4", "5", "6", "7", "…", "9"]
    assert numbers(f"{section}/page/4") == ["1", "2", "3", "4", "5", "6", "…", "9"]
    assert numbers("page/9") == ["1", "…", "7", "8", "9"]
