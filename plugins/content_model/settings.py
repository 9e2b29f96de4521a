"""Defaults for the content_model plugin; pelicanconf.py overrides any of them."""

# The news sections, in menu order: name -> web address (category/<slug>/).
# A news item's Category: must be one of the names.
CONTENT_MODEL_CATEGORIES = {
    "ข่าวประชาสัมพันธ์": "pr-news",
    "ข่าวกิจกรรม": "activities",
    "ข่าวผู้บริหาร": "executives",
    "ข่าวจากโรงเรียน": "school-news",
    "ผลงานครู": "teachers-work",
    "ประกาศ": "announcements",
}
