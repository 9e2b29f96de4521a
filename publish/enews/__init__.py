"""``prsite enews``: build, preview and send the e-news, and read its send log."""
