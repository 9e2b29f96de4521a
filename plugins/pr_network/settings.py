"""Defaults for the pr_network plugin; pelicanconf.py overrides any of them."""

# The registry file, relative to content/.
PR_NETWORK_MEMBERS_FILE = "network/members.csv"

# Districts of the office's area; a school's district must be one of these.
PR_NETWORK_DISTRICTS = ["เมืองตาก", "บ้านตาก", "สามเงา", "วังเจ้า"]

# Kinds of member.
PR_NETWORK_TYPES = ["school", "agency", "media", "internal"]

# Columns that never leave content/: not in any page, feed or JSON file.
# coordinator_name is published only for rows whose coordinator_public is yes.
PR_NETWORK_PRIVATE_COLUMNS = ["personal_email", "personal_phone", "coordinator_name"]
