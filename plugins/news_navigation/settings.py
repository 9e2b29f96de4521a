"""Defaults for the news_navigation plugin: how a reader moves between news items."""

# Related news shown under a news item.
NEWS_NAVIGATION_RELATED_ITEMS = 3
