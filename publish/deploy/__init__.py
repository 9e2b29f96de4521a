"""``prsite deploy`` and ``prsite rollback``: releases on the web server, and the nginx config that serves them."""
