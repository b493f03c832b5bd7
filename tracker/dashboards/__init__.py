"""Dashboards beyond the comparison: weekly trends and the figures of a county at a period's end."""
