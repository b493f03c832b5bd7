"""Timings of report processing; run from the repository root: ``python benchmarks/extract.py``.

Each section prints its own figures. Extraction is timed on ~5,000-character reports (the first
lines of the extraction corpus, and of a real sample when ../shared is there) against a bare
regular-expression pass that only finds a number followed by a measure word over the same text.
The targets: at most 2 ms per report on one core and at most 50 times the bare pass.

The process pins itself to one core. Each timing is run in REPEATS rounds of RUNS calls; the best
round's mean is the cost of the code (other load on the machine only ever adds time, as the
``timeit`` documentation explains), and the median of all calls is printed beside it, so a noisy
machine shows as a gap between the two. On a shared virtual machine a busy neighbour can slow every
call by half for minutes at a time; the bare pass slows by as much, so the ratio stays meaningful
when the absolute times do not.
"""
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reports.extraction import extract_figures, shipped_catalog  # noqa: E402
from reports.extraction.numbers import BARE_RE  # noqa: E402

CORPUS = REPO / "tests" / "extraction_corpus"
SAMPLES = REPO.parent / "shared" / "samples"
REPORT_CHARS = 5000
RUNS = 50
REPEATS = 15


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


def timings(function) -> tuple[float, float]:
    """(mean of the best round, median of every call) in seconds."""
    calls, rounds = [], []
    for _ in range(REPEATS):
        round_start = time.perf_counter()
        for _ in range(RUNS):
            start = time.perf_counter()
            function()
            calls.append(time.perf_counter() - start)
        rounds.append((time.perf_counter() - round_start) / RUNS)
    return min(rounds), statistics.median(calls)


def extraction_timings() -> None:
    catalog = shipped_catalog()
    texts = {"corpus reports (dense in figures)": report_text(sorted(CORPUS.glob("*.txt")))}
    if SAMPLES.is_dir():
        texts["real sample reports"] = report_text(sorted(SAMPLES.glob("*.txt")))
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    print(f"Extraction on core {core}, best of {REPEATS} rounds of {RUNS} calls (median of all calls):")
    for name, text in texts.items():
        figures = extract_figures(text, catalog)  # also compiles and caches the catalog patterns
        extract, extract_median = timings(lambda: extract_figures(text, catalog))
        bare, bare_median = timings(lambda: BARE_RE.findall(text))
        tracemalloc.start()
        extract_figures(text, catalog)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {name}: {len(text):,} characters, {len(figures)} figures, "
              f"{sum(1 for f in figures if f.indicator)} with an indicator")
        print(f"    extract_figures    {extract * 1e3:7.3f} ms  {1 / extract:9,.0f} reports/s"
              f"  (median {extract_median * 1e3:.3f} ms)")
        print(f"    bare regex pass    {bare * 1e3:7.3f} ms  (number + measure word;"
              f" median {bare_median * 1e3:.3f} ms)")
        print(f"    ratio              {extract / bare:7.1f} x  (medians: {extract_median / bare_median:.1f} x)")
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
