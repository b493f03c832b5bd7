"""extract_figures: every counted quantity in a report, and the catalog indicator it reports.

One pass of NUMBER_RE finds the numbers; each number then reads only its own clause (the text
between the nearest ，。；、 and the like), where the catalog's trigger pattern runs and the named
rules of rules.py decide, in order, which indicator it reports. The words and patterns they read
are in lexicon.py.
"""
import re
from collections.abc import Sequence
from typing import NamedTuple

from .catalog import Indicator, compile_catalog
from .layout import PLAN, PLAN_SENTENCE_RE, RESULT
from .lexicon import CLAUSE_FLAG_RE, PLAN_WORDS, SENTENCE_END_RE, SUBJECT_RE
from .numbers import NUMBER_RE
from .phrases import from_table
from .rules import NO_TRIGGER, OVERRULES, REFINERS, STEPS, VETOES, Clause
from .scan import Scan


class Figure(NamedTuple):
    """One number from the text. ``text == source[start:end]``; ``indicator`` is None unless the
    text says which catalog indicator the number reports, and always None outside results.

    A named tuple rather than a frozen dataclass: as immutable, and built several times faster,
    which matters at some hundred figures per report."""

    indicator: str | None
    value: float | int
    unit: str
    qualifier: str
    text: str
    start: int
    end: int
    section: str
    subject: str
    context: str
    rule: str  # the rule (rules.py) that gave the indicator, or the veto that refused one

    def as_json(self) -> dict:
        """The figure as the extraction contract prints it."""
        return self._asdict()


def extract_figures(text: str, catalog: Sequence[Indicator]) -> tuple[Figure, ...]:
    """All figures in ``text`` in order of position; offsets index ``text`` as given.

    ``catalog`` is data: its triggers, units, kinds and categories drive attribution, and its
    compiled patterns are cached per catalog.
    """
    return _figures(Scan(text, compile_catalog(tuple(catalog))))


def _figures(scan: Scan) -> tuple[Figure, ...]:
    t = scan.text
    numbers = [n for m in NUMBER_RE.finditer(t) if (n := scan.number(m))]
    figures = []
    sentence_start = sentence_end = -1
    for i, number in enumerate(numbers):
        if number.digits_start >= sentence_end:
            sentence_start = scan.last(SENTENCE_END_RE, number.digits_start) + 1
            found = SENTENCE_END_RE.search(t, number.digits_start)
            sentence_end = found.start() if found else len(t)
            plan_sentence = PLAN_SENTENCE_RE.match(t, sentence_start)
            sentence_subject = SUBJECT_RE.match(t, sentence_start)
        section, context = scan.sections.at(number.start)
        lo = scan.clause_start(number.digits_start)
        flags = CLAUSE_FLAG_RE.findall(t, lo, number.digits_start)  # with a prefix such as 不少于
        if context == RESULT and (plan_sentence or flags and any(flag in PLAN_WORDS for flag in flags)):
            context = PLAN
        clause = Clause(numbers, i, lo, sentence_start, context, flags)
        indicator = _attribute(scan, clause)
        if number.bare_cell and not number.unit:
            continue  # a row number or a year in a table, not a quantity
        start, end = number.evidence
        figures.append(Figure(
            indicator.code if indicator else None, number.value, number.unit,
            number.qualifier, scan.source[start:end], start, end, section,
            _subject(scan, lo, number.start, sentence_subject), context, number.rule,
        ))
    return tuple(figures)


def _attribute(scan: Scan, clause: Clause) -> Indicator | None:
    """Run the rules (see rules.py) for the clause's number: set its ``indicator``, ``evidence``
    and ``rule``, and return the indicator its figure shows."""
    number = clause.number
    for veto in VETOES:
        if veto(scan, clause):
            number.rule = veto.__name__
            if number.bare_cell:
                from_table(scan, number)  # for its unit only
            return None
    clause.bound(scan)
    for step in STEPS:
        found = step(scan, clause)
        if found:
            number.rule = step.__name__
            indicator, start, end = found
            if indicator is None:
                return None
            number.indicator = indicator
            number.evidence = (min(start, number.start), max(end, number.end))
            break
    else:
        number.rule = NO_TRIGGER
        return None
    for refiner in REFINERS:
        better = refiner(scan, clause, number.indicator)
        if better and better is not number.indicator:
            number.indicator, number.rule = better, refiner.__name__
    for overrule in OVERRULES:
        if overrule(scan, clause):
            number.rule = overrule.__name__
            return None
    return number.indicator


def _subject(scan: Scan, clause_start: int, offset: int, sentence_subject: re.Match | None) -> str:
    """Who acts, when the number's clause or else its sentence opens by naming them; not what
    the number counts (党组织1,083个)."""
    for m in (SUBJECT_RE.match(scan.text, clause_start, offset), sentence_subject):
        if m and m.end() < offset:
            return m.group()
    return ""
