"""Extraction output before and after a change, corpus by corpus.

    python benchmarks/compare_extraction.py save FOLDER      # run extract_report on every corpus
    python benchmarks/compare_extraction.py compare FOLDER   # run again, print what differs

The corpora are the in-house sets (tests/extraction_*/), the two county samples
(../shared/samples/) and the real-genre set (../shared/samples/real/). Figures are compared on
every key of the extraction contract but ``rule``, which says how a figure was reached, not what
it is; a refactor of the rules must leave every other key as it was.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "samples"
IGNORED = frozenset({"rule"})


def corpora() -> dict[str, list[Path]]:
    folders = sorted(REPO.glob("tests/extraction_*")) + [SHARED, SHARED / "real"]
    found = {folder.name if folder.parent != SHARED.parent else "samples": sorted(folder.glob("*.txt"))
             for folder in folders}
    return {name: paths for name, paths in found.items() if paths}


def extract(paths: list[Path]) -> list[dict]:
    """One extract_report --json line per file, as dicts keyed by file name."""
    out = subprocess.run(
        [sys.executable, "manage.py", "extract_report", *map(str, paths), "--json"],
        cwd=REPO, capture_output=True, text=True, check=True, env={**os.environ, "DEBUG": "1"},
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _comparable(line: dict) -> list[dict]:
    return [{k: v for k, v in figure.items() if k not in IGNORED} for figure in line.get("figures", [])]


def differences(before: list[dict], after: list[dict]) -> list[str]:
    """Per file, the figures only one side has (first few shown)."""
    out = []
    after_by_file = {Path(line["file"]).name: line for line in after}
    for line in before:
        name = Path(line["file"]).name
        old, new = _comparable(line), _comparable(after_by_file.get(name, {}))
        if old == new:
            continue
        gone = [f for f in old if f not in new]
        added = [f for f in new if f not in old]
        out.append(f"  {name}: {len(old)} -> {len(new)} figures, {len(gone)} changed or gone, {len(added)} new")
        for sign, figures in (("-", gone), ("+", added)):
            for f in figures[:5]:
                out.append(f"    {sign} {f['indicator']} {f['value']} {f['unit']} «{f['text']}» {f['context']}")
    return out


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "compare"):
        print(__doc__)
        return 2
    action, folder = sys.argv[1], Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    changed = False
    for name, paths in corpora().items():
        lines = extract(paths)
        saved = folder / f"{name}.jsonl"
        if action == "save":
            saved.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
            print(f"{name}: {len(lines)} files, {sum(len(line.get('figures', [])) for line in lines)} figures saved")
            continue
        before = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
        diff = differences(before, lines)
        changed |= bool(diff)
        print(f"{name}: " + ("identical" if not diff else "differs"))
        if diff:
            print("\n".join(diff))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
