"""``prsite build``, ``check``, ``new``, ``serve`` and ``status``: the website itself."""
