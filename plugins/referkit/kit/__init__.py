"""The kit wing: partners' pages and referral kits, the change feed, the exports' links."""
