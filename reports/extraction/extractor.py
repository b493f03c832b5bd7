"""extract_figures: every counted quantity in a report, and the catalog indicator it reports.

One pass of NUMBER_RE finds the numbers; each number then reads only its own clause (the text
between the nearest ，。；、 and the like), where the catalog's trigger pattern runs and the named
rules of rules.py decide, in order, which indicator it reports. The words and patterns they read
are in lexicon.py.
"""
import re
from collections.abc import Sequence
from typing import NamedTuple

from .catalog import CompiledCatalog, Indicator, compile_catalog
from .layout import PLAN, PLAN_SENTENCE_RE, RESULT, find_quotes, find_sections
from .lexicon import (
    BOUNDARY_RE,
    CLAUSE_BACK_RE,
    CLAUSE_FLAG_RE,
    DISCRETE,
    GLUED,
    HARD_BACK_RE,
    IDIOM_RE,
    LEVELS,
    NEGATED_CHARS,
    PLAN_WORDS,
    PREFIX_ENDS,
    RANGE,
    RANGE_START,
    RATE_PREFIX,
    SENTENCE_END_RE,
    SUBJECT_RE,
    TITLE_LEVEL_RE,
    WEEKLY_RE,
)
from .numbers import (
    AT_LEAST,
    EXACT,
    MAX_FIGURE,
    MAX_NUMERAL_CHARS,
    MULTIPLIER,
    NUMBER_RE,
    PREFIX_QUALIFIER_1,
    PREFIX_QUALIFIER_2,
    PREFIX_QUALIFIER_3,
    SUFFIX_QUALIFIER,
    Number,
    arabic_number,
    cn_number,
    half_width,
    scaled,
)
from .phrases import Trigger, from_table
from .rules import NO_TRIGGER, OVERRULES, REFINERS, STEPS, VETOES, Clause


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
    return Scan(text, compile_catalog(tuple(catalog))).figures()


class Scan:
    """One text and what every number in it consults: boundaries, triggers, quotes, sections."""

    def __init__(self, text: str, catalog: CompiledCatalog):
        self.source = text
        self.text = half_width(text)
        self.backwards = self.text[::-1]
        self.catalog = catalog
        self.quotes = find_quotes(self.text)
        self.sections = find_sections(self.text)
        self.weekly = bool(WEEKLY_RE.search(self.text, 0, 300))
        # the first line that is no salutation (各乡镇党委、县直各单位：)
        lines = (line.strip() for line in self.text[:300].splitlines())
        title = next((line for line in lines if line and line[-1] not in "：:"), "")
        level = TITLE_LEVEL_RE.search(title)
        self.level = LEVELS[level.group()] if level else None  # the report's own level, if its title says

    def figures(self) -> tuple[Figure, ...]:
        t = self.text
        numbers = [n for m in NUMBER_RE.finditer(t) if (n := self._number(m))]
        figures = []
        sentence_start = sentence_end = -1
        for i, number in enumerate(numbers):
            if number.digits_start >= sentence_end:
                sentence_start = self.last(SENTENCE_END_RE, number.digits_start) + 1
                found = SENTENCE_END_RE.search(t, number.digits_start)
                sentence_end = found.start() if found else len(t)
                plan_sentence = PLAN_SENTENCE_RE.match(t, sentence_start)
                sentence_subject = SUBJECT_RE.match(t, sentence_start)
            section, context = self.sections.at(number.start)
            lo = self.clause_start(number.digits_start)
            flags = CLAUSE_FLAG_RE.findall(t, lo, number.digits_start)  # with a prefix such as 不少于
            if context == RESULT and (plan_sentence or flags and any(flag in PLAN_WORDS for flag in flags)):
                context = PLAN
            clause = Clause(numbers, i, lo, sentence_start, context, flags)
            indicator = self._attribute(clause)
            if number.bare_cell and not number.unit:
                continue  # a row number or a year in a table, not a quantity
            start, end = number.evidence
            figures.append(Figure(
                indicator.code if indicator else None, number.value, number.unit,
                number.qualifier, self.source[start:end], start, end, section,
                self._subject(lo, number.start, sentence_subject), context, number.rule,
            ))
        return tuple(figures)

    def _attribute(self, clause: Clause) -> Indicator | None:
        """Run the rules (see rules.py) for the clause's number: set its ``indicator``, ``evidence``
        and ``rule``, and return the indicator its figure shows."""
        number = clause.number
        for veto in VETOES:
            if veto(self, clause):
                number.rule = veto.__name__
                if number.bare_cell:
                    from_table(self, number)  # for its unit only
                return None
        clause.bound(self)
        for step in STEPS:
            found = step(self, clause)
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
            better = refiner(self, clause, number.indicator)
            if better and better is not number.indicator:
                number.indicator, number.rule = better, refiner.__name__
        for overrule in OVERRULES:
            if overrule(self, clause):
                number.rule = overrule.__name__
                return None
        return number.indicator

    # -- numbers ---------------------------------------------------------------------------------

    def _number(self, m: re.Match) -> Number | None:
        """The figure a NUMBER_RE match stands for, or None for dates, ordinals, slogans and the like."""
        t = self.text
        s, e = m.span()
        pct, den, nom, ar, cn, q1, mult, q2, measure, q3 = m.groups()
        if ar and "." in ar and not mult and measure in DISCRETE and not t[t.rfind("\n", 0, s) + 1:s].strip():
            # "3.9个民生项目" opening a line is item 3 counting 9: nine projects, not 3.9.
            s += ar.index(".") + 1
            ar = ar[ar.index(".") + 1:]
        elif ar and s and t[s - 1] in GLUED:
            return None
        # Checks on the words around come first: they need no value.
        before = t[max(0, s - 2):s]
        last = before[-1:]
        if last in RANGE and s >= 2 and before[0] in RANGE_START:
            return None  # 3至5个: a range is no figure
        if last in ("第", "每") or (before[:1] == "每" and last in RATE_PREFIX):
            return None
        if last == "前" and measure in ("名", "位"):
            return None  # 排名全市前3名 is a rank
        if cn and (last in ("几", "数") or IDIOM_RE.match(t, s)):
            return None
        quote = self.quotes.around(s, e)
        # Quoted names and slogans hold no figures, except the "+" formula of an organisation
        # chart written in Arabic digits (“领导小组+1个综合办公室+5个工作组”).
        if quote and (cn or t[quote[0]] == "《" or "+" not in t[quote[0]:quote[1]]):
            return None
        bare_cell = False
        if pct is not None:
            value, measure, unit = _value(pct), "%", "%"
        elif den is not None:
            numerator, denominator = _value(nom), _value(den)
            if not numerator or not denominator:
                return None
            # A share, so in percent like 百分之 and 成: 三分之一 is 33.3…, 四分之一 is 25.
            value, measure, unit = _whole_if_whole(numerator * 100 / denominator), "%", "%"
        else:
            value = _value(ar or cn)
            if value is None or cn == "一" and measure != "成":  # 一个, 一次 are mostly articles; 一成 is 10%
                return None
            if measure is None:
                # A bare number is a figure only as a whole table cell (检视问题\t17).
                if (s and last not in "\t\n") or (e < len(t) and t[e] not in "\t\n"):
                    return None
                bare_cell, measure = True, ""
            if mult:
                value = scaled(value, MULTIPLIER[mult])
            if measure == "成":
                value = scaled(value, 10)
            unit = (mult or (cn[-1] if cn and len(cn) > 1 and cn[-1] in "万亿" else "")) + measure
        if value is None or not -MAX_FIGURE < value < MAX_FIGURE:
            return None  # no quantity (百分之十四五), or an identifier rather than a figure
        qualifier = SUFFIX_QUALIFIER.get(q3 or q2 or q1 or "", EXACT)
        start, prefix = s, None
        if last in PREFIX_ENDS:  # most numbers have no prefix
            if s >= 3 and t[s - 3:s] in PREFIX_QUALIFIER_3:
                start, prefix = s - 3, PREFIX_QUALIFIER_3[t[s - 3:s]]
            elif before in PREFIX_QUALIFIER_2:
                start, prefix = s - 2, PREFIX_QUALIFIER_2[before]
            elif last in PREFIX_QUALIFIER_1 and before[:1] not in PREFIX_QUALIFIER_1[last][1]:
                start, prefix = s - 1, PREFIX_QUALIFIER_1[last][0]
            elif last == "上" and cn and cn[0] in "百千万":
                start, prefix = s - 1, AT_LEAST  # 上千名
        if qualifier == EXACT and prefix:
            qualifier = prefix
        # 百场 or 千名 alone is a slogan (百场宣讲进万家) unless a qualifier makes it an estimate.
        if cn and cn[0] in "百千万亿" and qualifier == EXACT:
            return None
        return Number(start, s, e, value, measure, unit, qualifier, bare_cell)

    # -- text positions --------------------------------------------------------------------------

    def last(self, back_pattern: re.Pattern, offset: int) -> int:
        """Position of the last character before ``offset`` that ``back_pattern`` matches, or -1."""
        m = back_pattern.search(self.backwards, len(self.text) - offset)
        return len(self.text) - 1 - m.start() if m else -1

    def clause_start(self, offset: int) -> int:
        """Start of the clause holding ``offset``; a list of items ending in 等 counts as one clause."""
        boundary = self.last(CLAUSE_BACK_RE, offset)
        if boundary >= 0 and self.text[boundary] == "、" and self.text.find("等", boundary, offset) >= 0:
            boundary = self.last(HARD_BACK_RE, boundary)  # the list goes on back to a hard boundary
        return boundary + 1

    def clause_end(self, offset: int) -> int:
        m = BOUNDARY_RE.search(self.text, offset)
        return m.start() if m else len(self.text)

    def triggers(self, lo: int, hi: int) -> list[Trigger]:
        """Catalog triggers in [lo, hi), except negated ones (未整改完成)."""
        if not self.catalog.literal:
            return []
        t, by_trigger = self.text, self.catalog.by_trigger
        found = []
        for m in self.catalog.literal.finditer(t, lo, hi):
            start, end = m.span()
            if not start or t[start - 1] not in NEGATED_CHARS and t[start - 2:start] != "没有":
                found.append((start, end, by_trigger[m.group()]))
        return found

    def _subject(self, clause_start: int, offset: int, sentence_subject: re.Match | None) -> str:
        """Who acts, when the number's clause or else its sentence opens by naming them; not what
        the number counts (党组织1,083个)."""
        for m in (SUBJECT_RE.match(self.text, clause_start, offset), sentence_subject):
            if m and m.end() < offset:
                return m.group()
        return ""


def _whole_if_whole(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _value(numeral: str) -> float | int | None:
    if len(numeral) > MAX_NUMERAL_CHARS:
        return None
    if numeral.isdigit():  # most are plain digits
        return int(numeral)
    return arabic_number(numeral) if numeral[0].isdigit() else cn_number(numeral)
