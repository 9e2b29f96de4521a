"""news_navigation: how a reader moves between news items (newer/older, related, BE-year archives)."""

from bs4 import BeautifulSoup


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
