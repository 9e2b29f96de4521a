"""sitemap: sitemap.xml and robots.txt are one plugin, which a site can leave out."""


def test_a_site_without_the_plugin_has_no_sitemap_or_robots(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nPLUGINS.remove("plugins.sitemap")\n', encoding="utf-8")
    site.news("item", "Title: ข่าว\nDate: 2026-11-18\nCategory: ประกาศ\nSlug: item")
    result = site.run_in_new_process("build")
    assert result.returncode == 0, result.stderr
    output = site.root / "output"
    assert (output / "news/2569/item/index.html").is_file() and (output / "404.html").is_file()
    assert not (output / "sitemap.xml").exists() and not (output / "robots.txt").exists()
