"""``prsite ita``: the ITA/OIT checklist outside the build."""
