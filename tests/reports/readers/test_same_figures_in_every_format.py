"""The same report sent as GBK text, .docx, .doc, .wps, text PDF or a scan gives the same figures."""
import pytest

from reports.extraction import catalog_from_csv, extract_figures
from reports.readers import read_document
from tests.conftest import REPO

CATALOG = catalog_from_csv(REPO / "tracker" / "data" / "indicators.csv")


def figures_of(path):
    return {(f.indicator, f.value, f.qualifier) for f in extract_figures(read_document(path).text, CATALOG)}


@pytest.fixture(scope="module")
def reference(report_file):
    found = figures_of(report_file("report-gbk.txt"))
    assert {("rectify_problems_found", 17, "exact"), ("study_reading_classes", 12, "exact")} <= found
    return found


@pytest.mark.parametrize(
    "name",
    [
        "report.docx",
        pytest.param("report.doc", marks=pytest.mark.tool("soffice")),
        pytest.param("report.wps", marks=pytest.mark.tool("soffice")),
        pytest.param("report.pdf", marks=pytest.mark.tool("soffice", "pdftotext")),
    ],
)
def test_every_text_format_gives_exactly_the_same_figures(name, report_file, reference):
    assert figures_of(report_file(name)) == reference


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("report-scan.pdf", marks=pytest.mark.tool("soffice", "pdftoppm", "pdftotext", "tesseract")),
        pytest.param("report.png", marks=pytest.mark.tool("soffice", "pdftoppm", "tesseract")),
    ],
)
def test_a_scan_gives_at_least_nine_figures_in_ten(name, report_file, reference):
    found = figures_of(report_file(name))
    assert len(found & reference) >= 0.9 * len(reference)
