"""Defaults for the pr_network plugin; pelicanconf.py overrides any of them."""

# The registry file, relative to content/.
PR_NETWORK_MEMBERS_FILE = "network/members.csv"

# Districts of the office's area; a school's district must be one of these.
PR_NETWORK_DISTRICTS = ["เมืองตาก", "บ้านตาก", "สามเงา", "วังเจ้า"]

# Kinds of member.
PR_NETWORK_TYPES = ["school", "agency", "media", "internal"]

# Where the registry's public pages live: network/, network/<id>/, network/members.json.
PR_NETWORK_URL = "network/"

# Fetched school feeds are kept here between runs (relative to the project).
PR_NETWORK_CACHE_PATH = "cache/network"

# Fetch member feeds during every build (off: run `prsite network fetch`, e.g. hourly by cron).
PR_NETWORK_FETCH_ON_BUILD = False

# Columns that never leave content/: not in any page, feed or JSON file.
# coordinator_name is published only for rows whose coordinator_public is yes.
PR_NETWORK_PRIVATE_COLUMNS = ["personal_email", "personal_phone", "coordinator_name"]

# School news aggregation (prsite network fetch): members' RSS/Atom feeds (feed_url).
# Seconds for connecting and for each read of one request; also used by check-links.
PR_NETWORK_FETCH_TIMEOUT = 10
# Seconds for the whole fetch: a feed without a complete answer by then is reported as failed.
PR_NETWORK_FETCH_DEADLINE = 60
PR_NETWORK_FETCH_WORKERS = 8
# A feed larger than this is refused (counted after decompression).
PR_NETWORK_FEED_MAX_BYTES = 2_000_000
# Newest items kept per member.
PR_NETWORK_FEED_ITEMS = 5
# A longer summary becomes a plain-text excerpt of this many characters, cut between words.
PR_NETWORK_FEED_SUMMARY_LENGTH = 300

# prsite network check-links: member URLs checked at once.
PR_NETWORK_LINK_WORKERS = 16
