"""What the catalog learns from reviewers; run from the repository root: ``python benchmarks/learning.py``.

Replays the real-genre reports r01–r12 of ../shared/samples/real in order, as a county office
would upload them: each is extracted with the catalog learned so far, and every gold figure whose
indicator the extractor missed or got wrong is treated as a reviewer's correction. The correction
goes through ``reports.learning.trigger_proposal`` (the function the review service uses), and a
phrase proposed for the same indicator in at least ACCEPT_AFTER documents is accepted into the
catalog, as an administrator would on the suggestions page. A phrase that is already a trigger of
the indicator teaches nothing; one that is a trigger of another indicator is not accepted (the
accept service refuses it too).

After each document it prints indicator precision and recall (the metric of
../shared/tools/score_extraction.py) on the documents not yet replayed, with the shipped catalog
("before") and the learned one ("after"); at the end the accepted phrases, and the same on all of
r01–r12 and on r13–r17, which the replay never sees. Pure Python, no database.

``--accept-after N`` changes how many documents a phrase must be seen in (1: an administrator who
accepts every suggestion at once), to show what a lower bar costs in precision.
"""
import argparse
import dataclasses
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reports.extraction import Indicator, extract_figures, shipped_catalog  # noqa: E402
from reports.learning import trigger_proposal  # noqa: E402

REAL = REPO.parent / "shared" / "samples" / "real"
SCORER = REPO.parent / "shared" / "tools" / "score_extraction.py"
REPLAYED = [f"r{n:02d}" for n in range(1, 13)]
UNSEEN = [f"r{n:02d}" for n in range(13, 18)]
ACCEPT_AFTER = 2


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_doc


def with_learned(catalog: tuple[Indicator, ...], learned: dict[str, list[str]]) -> tuple[Indicator, ...]:
    return tuple(
        dataclasses.replace(i, triggers=i.triggers + tuple(learned.get(i.code, ()))) for i in catalog
    )


def load(name: str) -> tuple[str, dict]:
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((REAL / f"{name}.gold.json").read_text(encoding="utf-8"))
    return text, gold


def corrections(text: str, gold: dict, figures) -> list[tuple[int, int, str]]:
    """(start, end, code) of each gold figure whose indicator the extractor missed or got wrong.

    A predicted figure is the gold one when it has the same value and lies inside (or around) the
    gold evidence; a gold figure with no predicted figure is one the reviewer marks by hand, over its
    evidence.
    """
    found = []
    for g in gold["figures"]:
        if not g["indicator"]:
            continue
        start = text.find(g["evidence"])
        if start < 0:
            continue
        end = start + len(g["evidence"])
        value = float(g["value"])
        close = 1e-6 * max(1, value)
        same = [f for f in figures if f.start < end and f.end > start and abs(float(f.value) - value) <= close]
        acceptable = {g["indicator"], *g.get("accept", ())}
        if same and same[0].indicator in acceptable:
            continue
        span = (same[0].start, same[0].end) if same else (start, end)
        found.append((*span, g["indicator"]))
    return found


def score(names, catalog, score_doc, documents) -> tuple[float, float, int]:
    tp = fp = req = hit = 0
    for name in names:
        text, gold = documents[name]
        pred = {"figures": [f._asdict() for f in extract_figures(text, catalog)]}
        s = score_doc(gold, pred)
        tp, fp, req, hit = tp + s["tp"], fp + s["fp"], req + s["req"], hit + s["req_hit"]
    return tp / max(1, tp + fp), hit / max(1, req), req


def main(accept_after: int = ACCEPT_AFTER) -> None:
    score_doc = load_scorer()
    documents = {name: load(name) for name in REPLAYED + UNSEEN}
    initial = shipped_catalog()
    units = {i.code: i.unit for i in initial}
    owners = defaultdict(set)  # trigger -> codes that have it
    for i in initial:
        for t in i.triggers:
            owners[t].add(i.code)
    learned: dict[str, list[str]] = defaultdict(list)
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    accepted: list[tuple[str, str, int]] = []
    print("after replaying | suggestions | accepted | on the documents not yet replayed: before P/R -> after P/R")
    for k, name in enumerate(REPLAYED):
        text, gold = documents[name]
        catalog = with_learned(initial, learned)
        for start, end, code in corrections(text, gold, extract_figures(text, catalog)):
            phrase = trigger_proposal(text=text, start=start, end=end, unit=units[code])
            if phrase and code not in owners[phrase]:
                seen[(phrase, code)].add(name)
        for (phrase, code), docs in sorted(seen.items()):
            if len(docs) >= accept_after and not owners[phrase]:
                owners[phrase].add(code)
                learned[code].append(phrase)
                accepted.append((phrase, code, len(docs)))
        rest = REPLAYED[k + 1 :]
        line = f"{name:>15} | {len(seen):>11} | {len(accepted):>8} |"
        if rest:
            catalog = with_learned(initial, learned)
            bp, br, req = score(rest, initial, score_doc, documents)
            ap, ar, _ = score(rest, catalog, score_doc, documents)
            line += f" {len(rest):>2} docs, {req:>3} required: P={bp:.3f} R={br:.3f} -> P={ap:.3f} R={ar:.3f}"
        else:
            line += " (none left)"
        print(line)
    catalog = with_learned(initial, learned)
    done = {(phrase, code) for phrase, code, _ in accepted}
    print(f"accepted phrases, seen in at least {accept_after} documents (documents):")
    for phrase, code, count in accepted:
        print(f"  {phrase} -> {code} ({count})")
    if not accepted:
        print("  (none)")
    waiting = sorted(f"{phrase} -> {code}" for (phrase, code), docs in seen.items() if (phrase, code) not in done)
    print(f"proposed, not accepted ({len(waiting)}): " + "; ".join(waiting))
    for label, names in (("r01-r12 (replayed)", REPLAYED), ("r13-r17 (never replayed)", UNSEEN)):
        bp, br, req = score(names, initial, score_doc, documents)
        ap, ar, _ = score(names, catalog, score_doc, documents)
        print(f"{label}: {req} required: before P={bp:.3f} R={br:.3f} -> after P={ap:.3f} R={ar:.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accept-after", type=int, default=ACCEPT_AFTER, metavar="N")
    main(parser.parse_args().accept_after)
