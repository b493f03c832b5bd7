"""The indicator catalog as extraction input, and the trigger patterns compiled from it once."""
import csv
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from os import PathLike
from pathlib import Path


@dataclass(frozen=True)
class Indicator:
    """One catalog entry; ``triggers`` are phrases that hint at it (admins add more)."""

    code: str
    category: str
    name_zh: str
    unit: str
    kind: str
    triggers: tuple[str, ...]


def catalog_from_csv(path: str | PathLike) -> tuple[Indicator, ...]:
    """Read an indicators.csv (code, category, name_zh, name_en, unit, kind, triggers with '|')."""
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(
            Indicator(
                code=row["code"].strip(),
                category=row["category"].strip(),
                name_zh=row["name_zh"].strip(),
                unit=row["unit"].strip(),
                kind=row["kind"].strip(),
                triggers=tuple(t.strip() for t in row["triggers"].split("|") if t.strip()),
            )
            for row in csv.DictReader(f)
        )


SHIPPED_DATA = Path(__file__).resolve().parents[2] / "tracker" / "data"
SHIPPED_CATALOG = SHIPPED_DATA / "indicators.csv"
# Triggers learnt from reports written outside the team (code, trigger, example phrase); the shipped
# catalog stays as ../shared gives it, and a tracker data migration appends these to the database.
SHIPPED_TRIGGERS = SHIPPED_DATA / "indicator_triggers.csv"


def with_triggers(catalog: tuple[Indicator, ...], path: str | PathLike) -> tuple[Indicator, ...]:
    """``catalog`` with the triggers of a triggers CSV (code, trigger, example) appended to their codes."""
    added: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            added.setdefault(row["code"].strip(), []).append(row["trigger"].strip())
    return tuple(
        replace(i, triggers=i.triggers + tuple(t for t in added.get(i.code, ()) if t and t not in i.triggers))
        for i in catalog
    )


@lru_cache(maxsize=1)
def shipped_catalog() -> tuple[Indicator, ...]:
    """The catalog the project ships as its default data, with the added triggers: what the tests,
    the benchmarks and extract_report before `migrate` use, and what the migrations load."""
    return with_triggers(catalog_from_csv(SHIPPED_CATALOG), SHIPPED_TRIGGERS)


# Which written measure word may count which catalog unit. 个/项/件 are interchangeable for
# things; 条 names textual items (measures, suggestions, clues) and only fits a 条 indicator;
# a plain 个 also fits documents (形成调研报告20个).
_GROUPS = (
    frozenset("名人位"),
    frozenset({"次", "场", "场次", "轮", "期"}),
    frozenset("个项件起"),
    frozenset("篇份本册套"),
)
_ALSO_FITS = {"个": {"条", "篇", "本"}, "项": {"条"}, "件": {"条"}}


@lru_cache(maxsize=1024)
def unit_fits(measure: str, unit: str) -> bool:
    """Whether a figure written with ``measure`` (万/亿 stripped) can count an indicator in ``unit``."""
    if measure == unit or unit in _ALSO_FITS.get(measure, ()):
        return True
    return any(measure in group and unit in group for group in _GROUPS)


@lru_cache(maxsize=256)
def _fits_any(measure: str, units: frozenset[str]) -> bool:
    return any(unit_fits(measure, unit) for unit in units)


@dataclass(frozen=True)
class CompiledCatalog:
    """Trigger patterns of one catalog.

    ``literal`` finds trigger phrases as written, longest first. ``gapped`` finds four-or-more
    character triggers with up to four characters inside (检视个人问题 for 检视问题); the
    extractor uses it where no literal trigger answers or where it encloses the literal one and
    so ends in the noun counted (民生实事项目 for 民生项目, not 实事). ``described`` finds the
    long triggers that end in 问题 split by a description ending in 等 or 的, as problems are
    listed before they are counted (解决水压不足、抄表不准等实际问题 for 解决实际问题); other
    nouns split so are too often another thing (重点围绕产业发展等项目). ``gapped_heads`` and
    ``described_ends`` hold first and last two characters, cheap tests before the patterns run;
    ``pairs`` holds every two adjacent characters of a trigger, the cheap test for a trigger that
    a number splits in two (检视的16个问题).
    ``gapped_indicators[i]`` and ``described_indicators[i]`` belong to capture group i + 1.
    ``problems_found`` maps a category to its indicator of problems found (research: 调研发现问题,
    rectify: 检视查摆问题), which the words around a count of problems choose between.
    """

    indicators: tuple[Indicator, ...]
    literal: re.Pattern | None
    by_trigger: dict[str, tuple[Indicator, ...]]
    gapped: re.Pattern | None
    gapped_heads: frozenset[str]
    gapped_indicators: tuple[tuple[Indicator, ...], ...]
    described: re.Pattern | None
    described_ends: frozenset[str]
    described_indicators: tuple[tuple[Indicator, ...], ...]
    units: frozenset[str]
    pairs: frozenset[str]
    problems_found: dict[str, Indicator]

    def counts(self, measure: str) -> bool:
        """Whether some indicator's unit fits ``measure``; a figure in 户 or % needs no attribution."""
        return _fits_any(measure, self.units)


# A trigger of an indicator that counts problems found, not solved or closed.
_FINDING_RE = re.compile(r"发现|检视|查摆|梳理|查找")


def _problems_found(catalog: tuple[Indicator, ...]) -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for indicator in catalog:
        if "问题" in indicator.name_zh and unit_fits("个", indicator.unit) and any(
            _FINDING_RE.search(trigger) for trigger in indicator.triggers
        ):
            found.setdefault(indicator.category, indicator)
    return found


_GAP = r"[^\W\d的之]{1,4}?"
# A description inside a clause: no clause boundary, ending in 等 or 的 and at most two more
# characters (等实际问题 for 解决问题).
_DESCRIPTION = r"[^，。；;：:！？\n\t]{1,40}?[等的][^\W\d的]{0,2}?"


def _trie_pattern(words: list[str]) -> str:
    """One pattern matching any of ``words``, longest first, with shared prefixes factored out
    (党(?:员|支部|组织|课)) so the engine tests each character once instead of once per word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def _split_pattern(triggers: list[str], gap: str) -> re.Pattern | None:
    """Each trigger with ``gap`` after its first two characters; group i + 1 is trigger i's rest."""
    if not triggers:
        return None
    return re.compile("|".join(f"{re.escape(t[:2])}{gap}({re.escape(t[2:])})" for t in triggers))


@lru_cache(maxsize=16)
def compile_catalog(catalog: tuple[Indicator, ...]) -> CompiledCatalog:
    """Compile the trigger patterns of ``catalog`` (cached: catalogs are tuples of frozen entries)."""
    by_trigger: dict[str, list[Indicator]] = {}
    for indicator in catalog:
        for trigger in indicator.triggers:
            by_trigger.setdefault(trigger, []).append(indicator)
    triggers = sorted(by_trigger, key=len, reverse=True)
    literal = re.compile(_trie_pattern(triggers)) if triggers else None
    long_triggers = [t for t in triggers if len(t) >= 4]
    problem_triggers = [t for t in long_triggers if t.endswith("问题")]
    return CompiledCatalog(
        indicators=catalog,
        literal=literal,
        by_trigger={t: tuple(inds) for t, inds in by_trigger.items()},
        gapped=_split_pattern(long_triggers, _GAP),
        gapped_heads=frozenset(t[:2] for t in long_triggers),
        gapped_indicators=tuple(tuple(by_trigger[t]) for t in long_triggers),
        described=_split_pattern(problem_triggers, _DESCRIPTION),
        described_ends=frozenset(t[-2:] for t in problem_triggers),
        described_indicators=tuple(tuple(by_trigger[t]) for t in problem_triggers),
        units=frozenset(indicator.unit for indicator in catalog),
        pairs=frozenset(t[i:i + 2] for t in triggers for i in range(len(t) - 1)),
        problems_found=_problems_found(catalog),
    )
