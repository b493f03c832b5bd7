"""The same report sent as GBK text, .docx, .doc, .wps, text PDF or a scan gives the same figures."""
import pytest

from reports.extraction import extract_figures, shipped_catalog
from reports.readers import read_document
from tests.conftest import REPO

CATALOG = shipped_catalog()


def figures_of(path):
    return {(f.indicator, f.value, f.qualifier) for f in extract_figures(read_document(path).text, CATALOG)}


@pytest.fixture(scope="module")
def reference(report_file):
    found = figures_of(report_file("report-gbk.txt"))
    assert {("rectify_problems_found", 17, "exact"), ("study_reading_classes", 12, "exact")} <= found
    return found


@pytest.mark.parametrize("name", ["report.docx", "report.doc", "report.wps", "report.pdf"])
def test_every_text_format_gives_exactly_the_same_figures(name, report_file, reference):
    assert figures_of(report_file(name)) == reference


@pytest.mark.parametrize("name", ["report-scan.pdf", "report.png"])
def test_a_scan_gives_at_least_nine_figures_in_ten(name, report_file, reference):
    found = figures_of(report_file(name))
    assert len(found & reference) >= 0.9 * len(reference)
