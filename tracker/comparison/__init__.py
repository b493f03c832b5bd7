"""The leaders' comparison of counties: found versus closed, closure-rate ranking, any catalog indicator,
absolute or per 1,000 members, for a campaign, a period or a range of periods and an area; read from the
county period summaries (tracker.summary), scoped by selectors.counties_for."""
