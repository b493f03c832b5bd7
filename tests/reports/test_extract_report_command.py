"""The extraction contract of DESIGN.md, run as a real process like the scorer does."""
import json
import subprocess
import sys

import pytest

from reports.extraction.rules import RULE_LABELS
from reports.readers import read_document
from tests.conftest import REPO, SAMPLES


def run_command(*files):
    return subprocess.run(
        [sys.executable, "manage.py", "extract_report", *map(str, files), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.shared
def test_it_prints_one_contract_line_per_file():
    result = run_command(SAMPLES / "county-b-progress.txt")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["file"].endswith("county-b-progress.txt")
    text = read_document(SAMPLES / "county-b-progress.txt").text  # offsets index the extracted text
    figure = next(f for f in line["figures"] if f["indicator"] == "rectify_problems_found")
    assert set(figure) >= {"indicator", "value", "unit", "qualifier", "text", "start", "end", "section", "rule"}
    assert figure["rule"] in RULE_LABELS and all(f["rule"] in RULE_LABELS for f in line["figures"])
    assert text[figure["start"] : figure["end"]] == figure["text"]
    assert figure["value"] in (17, 8562)


@pytest.mark.shared
def test_an_unreadable_file_gives_an_error_line_and_exit_1_after_the_others(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run_command(bad, SAMPLES / "county-a-progress.txt")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first, second = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert first["file"].endswith("bad.docx") and first["error"]
    assert second["figures"]


@pytest.mark.tool("soffice", "pdftotext", "pdftoppm")  # what the hostile files need (test_hostile_files.NEEDS)
def test_every_hostile_file_gives_its_error_line_and_no_traceback(tmp_path):
    from tests.reports.readers.test_hostile_files import HOSTILE

    paths = []
    for index, (name, build, _message) in enumerate(HOSTILE.values()):
        path = tmp_path / f"{index}-{name}"
        build(path)
        paths.append(path)
    result = run_command(*paths)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [line["error"] for line in lines] == [message for _name, _build, message in HOSTILE.values()]
