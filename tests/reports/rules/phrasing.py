"""What the rule tests read: each figure of a phrasing as (indicator, value, rule)."""

from reports.extraction import extract_figures
from reports.extraction.catalog import shipped_catalog

CATALOG = shipped_catalog()


def decided(text: str) -> list[tuple[str | None, float, str]]:
    return [(f.indicator, f.value, f.rule) for f in extract_figures(text, CATALOG)]
