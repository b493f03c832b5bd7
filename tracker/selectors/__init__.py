"""Reads for the tracker, by concern: `scope` decides what a user may see or change (the one place),
`records` fetches the county's records within that scope, `dashboards` aggregates figures and the ledger
for pages and charts, `lights` colours rectification items by deadline, `periods` the reporting periods."""
