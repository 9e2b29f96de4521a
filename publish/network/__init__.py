"""``prsite network``: the PR network registry outside the build."""
