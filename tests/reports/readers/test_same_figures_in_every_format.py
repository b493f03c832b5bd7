"""The same report sent as GBK text, .docx, .doc, .wps, text PDF or a scan gives the same figures.

Two sources: the team's own short report built in every format (tests/documents.py), and r02 of
the real-genre set in ../shared/samples/real/formats/, scored against its gold with the shared
metric: each format within 0.02 indicator F1 of the .txt's, a scan within 90% of it.
"""
import difflib
import importlib.util
import json
from functools import cache

import pytest

from reports.extraction import extract_figures, shipped_catalog
from reports.readers import read_document
from tests.conftest import REPO

CATALOG = shipped_catalog()
REAL = REPO.parent / "shared" / "samples" / "real"


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


# --- r02 of the real-genre set, in the formats it was sent in ---------------------------------


@cache
def _score_doc():
    spec = importlib.util.spec_from_file_location("score_extraction", REPO.parent / "shared" / "tools" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_doc


@cache
def r02_text(name: str) -> str:
    return read_document(REAL / name).text


def r02_scores(name: str) -> dict[str, float]:
    """Indicator F1 and quantity recall of the figures extracted from r02 read from ``name``."""
    gold = json.loads((REAL / "r02.gold.json").read_text(encoding="utf-8"))
    predicted = {"figures": [f.as_json() for f in extract_figures(r02_text(name), CATALOG)]}
    s = _score_doc()(gold, predicted)
    precision = s["tp"] / max(1, s["tp"] + s["fp"])
    recall = s["req_hit"] / max(1, s["req"])
    return {
        "indicator_f1": 2 * precision * recall / max(1e-9, precision + recall),
        "quantity_r": s["found"] / max(1, s["gold"]),
    }


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "share"),
    [
        pytest.param("formats/r02.gbk.txt", 1.0, id="gbk-txt"),
        pytest.param("formats/r02.docx", 1.0, id="docx"),
        pytest.param("formats/r02.text.pdf", 1.0, marks=pytest.mark.tool("pdftotext"), id="text-pdf"),
        pytest.param("formats/r02.scan.pdf", 0.9, marks=[pytest.mark.tool("pdftotext", "pdftoppm", "tesseract")],
                     id="scan-pdf"),
    ],
)
def test_every_format_of_a_real_report_scores_like_its_text(name, share):
    expected, found = r02_scores("r02.txt"), r02_scores(name)

    assert expected["indicator_f1"] > 0.5, expected
    if share == 1.0:
        assert found["indicator_f1"] >= expected["indicator_f1"] - 0.02, (found, expected)
        assert found["quantity_r"] >= expected["quantity_r"] - 0.02, (found, expected)
    else:
        assert found["indicator_f1"] >= share * expected["indicator_f1"], (found, expected)
        assert found["quantity_r"] >= share * expected["quantity_r"], (found, expected)


@pytest.mark.shared
@pytest.mark.tool("pdftotext")
def test_a_real_text_pdf_reads_back_as_the_lines_of_its_text():
    # Wrapped lines joined, headings and list items on lines of their own, nothing added.
    assert r02_text("formats/r02.text.pdf").split("\n") == r02_text("r02.txt").split("\n")


@pytest.mark.shared
@pytest.mark.tool("pdftotext", "pdftoppm", "tesseract")
def test_a_real_scan_reads_back_line_for_line_apart_from_misread_characters():
    scanned, typed = r02_text("formats/r02.scan.pdf").split("\n"), r02_text("r02.txt").split("\n")

    assert len(scanned) == len(typed)
    assert all(difflib.SequenceMatcher(None, a, b).ratio() >= 0.8 for a, b in zip(scanned, typed)), scanned
