"""Timings of report processing; run from the repository root: ``python benchmarks/extract.py``.

Each section prints its own figures. Extraction is timed on ~5,000-character reports (the first
lines of the extraction corpus, and of a real sample when ../shared is there) against a bare
regular-expression pass that only finds a number followed by a measure word over the same text.
The targets: at most 2 ms per report on one core and at most 50 times the bare pass.
"""
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reports.extraction import catalog_from_csv, extract_figures  # noqa: E402
from reports.extraction.numbers import BARE_RE  # noqa: E402

CATALOG = REPO / "tracker" / "data" / "indicators.csv"
CORPUS = REPO / "tests" / "extraction_corpus"
SAMPLES = REPO.parent / "shared" / "samples"
REPORT_CHARS = 5000
RUNS = 300


def report_text(paths: list[Path], chars: int = REPORT_CHARS) -> str:
    """Whole lines of the reports at ``paths``, in order, up to ``chars`` characters."""
    lines: list[str] = []
    size = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if size + len(line) + 1 > chars:
                return "\n".join(lines)
            lines.append(line)
            size += len(line) + 1
    return "\n".join(lines)


def median_seconds(function, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def extraction_timings() -> None:
    catalog = catalog_from_csv(CATALOG)
    texts = {"corpus reports (dense in figures)": report_text(sorted(CORPUS.glob("*.txt")))}
    if SAMPLES.is_dir():
        texts["real sample reports"] = report_text(sorted(SAMPLES.glob("*.txt")))
    print(f"Extraction, median of {RUNS} runs:")
    for name, text in texts.items():
        figures = extract_figures(text, catalog)  # also compiles and caches the catalog patterns
        extract = median_seconds(lambda: extract_figures(text, catalog))
        bare = median_seconds(lambda: BARE_RE.findall(text))
        tracemalloc.start()
        extract_figures(text, catalog)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {name}: {len(text):,} characters, {len(figures)} figures, "
              f"{sum(1 for f in figures if f.indicator)} with an indicator")
        print(f"    extract_figures    {extract * 1e3:7.3f} ms  {1 / extract:9,.0f} reports/s")
        print(f"    bare regex pass    {bare * 1e3:7.3f} ms  (number + measure word)")
        print(f"    ratio              {extract / bare:7.1f} x")
        print(f"    peak memory        {peak / 1024:7.1f} KiB (tracemalloc, one call)")


def reader_timings() -> None:
    from benchmarks.read_formats import REPEATS, read_timings

    print(f"Reading (read_document runs each file in a child process), median of {REPEATS} runs:")
    with tempfile.TemporaryDirectory() as workdir:
        for line in read_timings(Path(workdir)):
            print(f"  {line}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory: this process {own:.0f} MB, largest child (reader, LibreOffice, OCR) {children:.0f} MB")


SECTIONS = [extraction_timings, reader_timings]


def main() -> None:
    for section in SECTIONS:
        section()
        print()


if __name__ == "__main__":
    main()
