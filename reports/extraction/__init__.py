"""Figure extraction from report text: pure Python, no Django (see extract_figures)."""
from .catalog import Indicator, catalog_from_csv, shipped_catalog
from .extractor import Figure, extract_figures

__all__ = ["Figure", "Indicator", "catalog_from_csv", "extract_figures", "shipped_catalog"]
