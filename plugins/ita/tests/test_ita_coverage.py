"""Which content provides an item: pages by slug, disclosures by category, Oit: or slug within the
item's fiscal years, news by section or tag within them. Content is faked; tests/test_ita.py builds."""

import datetime as dt
from types import SimpleNamespace

import pytest

from plugins.information_centre import categories
from plugins.ita.checklist import Checklist, Item
from plugins.ita.coverage import Site, coverage, links_for, unknown_references
from plugins.thai_text.thaitext import BANGKOK


def page(slug):
    return SimpleNamespace(slug=slug, title=f"หน้า {slug}", url=f"{slug}/")


def disclosure(slug, category="9(3)", year=2570, oit=()):
    return SimpleNamespace(slug=slug, title=f"เอกสาร {slug}", url=f"information-centre/{year}/{slug}/",
                           category=categories.find(category), fiscal_year=year, oit=list(oit))


def news(slug, when, section="ข่าวประชาสัมพันธ์", tags=()):
    return SimpleNamespace(slug=slug, title=f"ข่าว {slug}", url=f"news/2569/{slug}/", date=when,
                           category=SimpleNamespace(name=section), tags=[SimpleNamespace(name=t) for t in tags])


FY2570_FIRST = dt.datetime(2026, 10, 1, 0, 30, tzinfo=BANGKOK)  # fiscal year 2570 starts on 1 October
FY2569_LAST = dt.datetime(2026, 9, 30, 23, 30, tzinfo=BANGKOK)
SITE = Site(
    pages=(page("structure"), page("contact")),
    disclosures=(disclosure("plan-2570", oit=["O10"]), disclosure("structure-2569", "7(1)", 2569),
                 disclosure("sorkhor1-2570-10", "9(8) สขร.1"), disclosure("report-2569", year=2569, oit=["O11"])),
    news=(news("contest", FY2570_FIRST, tags=["เครือข่ายประชาสัมพันธ์"]),
          news("meeting", FY2569_LAST, "ข่าวผู้บริหาร", tags=["เครือข่ายประชาสัมพันธ์"])),
    news_categories=("ข่าวประชาสัมพันธ์", "ข่าวผู้บริหาร"),
    base_url="https://takpeo1.example.go.th",
)


def item(code="O10", group="", **satisfied_by):
    values = dict(pages=(), oia_categories=(), news_categories=(), tags=(), disclosures=(), fiscal_years=(),
                  disclosures_oit=True)
    values.update(satisfied_by)
    return Item(code=code, title="รายการ", evidence="หลักฐาน", group=group, where="items[1]", **values)


CASES = [  # (what, item, the addresses that provide it in fiscal year 2570)
    ("pages by slug, in the item's order", item("O5", pages=("contact", "structure")),
     ["contact/", "structure/"]),
    ("a disclosure whose Oit: lists the code", item("O10"), ["information-centre/2570/plan-2570/"]),
    ("... unless disclosures_oit is off", item("O10", disclosures_oit=False), []),
    ("a category, this fiscal year only", item("O1", oia_categories=("7(1)",)), []),
    ("a category, in the years the item accepts", item("O1", oia_categories=("7(1)",), fiscal_years=(2569, 2570)),
     ["information-centre/2569/structure-2569/"]),
    ("Oit: of another year does not count", item("O11"), []),
    ("... unless the item accepts that year", item("O11", fiscal_years=(2569,)), ["information-centre/2569/report-2569/"]),
    ("a disclosure named by slug, whatever its year", item("O4", disclosures=("structure-2569",)),
     ["information-centre/2569/structure-2569/"]),
    ("news by tag, dated in the fiscal year (Thailand time)", item("O29", tags=("เครือข่ายประชาสัมพันธ์",)),
     ["news/2569/contest/"]),
    ("news by section", item("O7", news_categories=("ข่าวผู้บริหาร",), fiscal_years=(2569,)), ["news/2569/meeting/"]),
    ("nothing", item("O16"), []),
]


@pytest.mark.parametrize("what, the_item, expected", CASES, ids=[case[0] for case in CASES])
def test_what_provides_an_item(what, the_item, expected):
    assert [link.url for link in links_for(the_item, SITE, 2570)] == expected


def test_coverage_counts_and_groups_items():
    items = (item("O1", "9.1", pages=("structure",)), item("O2", "9.1"), item("O10", "9.2"))
    result = coverage(Checklist("content/ita/2570.yml", 2570, "คู่มือ", items), SITE)
    assert [row.item.code for row in result.satisfied] == ["O1", "O10"]
    assert [row.item.code for row in result.missing] == ["O2"]
    assert [(group, [row.item.code for row in rows]) for group, rows in result.groups] == [
        ("9.1", ["O1", "O2"]), ("9.2", ["O10"])]
    assert result.rows[0].links[0].title == "หน้า structure"


def test_names_nothing_on_the_site_has_are_reported():
    listed = item("O1", pages=("structur",), oia_categories=("7(9)",), news_categories=("ข่าวทั่วไป",),
                  tags=("ITA",), disclosures=("plan-2571",))
    found = unknown_references(Checklist("content/ita/2570.yml", 2570, "คู่มือ", (listed,)), SITE)
    assert found == [
        ("items[1].satisfied_by.pages", "'structur' is not a page (no published file in content/pages/ has this Slug:)"),
        ("items[1].satisfied_by.oia_categories", "'7(9)' is not an OIA category (use one of: "
         + ", ".join(c.code for c in categories.CATEGORIES) + ")"),
        ("items[1].satisfied_by.news_categories", "'ข่าวทั่วไป' is not a news section (use one of: ข่าวประชาสัมพันธ์, ข่าวผู้บริหาร)"),
        ("items[1].satisfied_by.tags", "'ITA' is on no published news item"),
        ("items[1].satisfied_by.disclosures", "'plan-2571' is not a disclosure (no published file in content/oia/ has this Slug:)"),
    ]
