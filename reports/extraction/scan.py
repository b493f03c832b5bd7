"""Scan: one report's text and what every number in it consults (boundaries, triggers, quotes,
sections), and the numbers themselves. The rules (rules.py, phrases.py) read a Scan; the extractor
(extractor.py) runs them over its numbers."""
import re

from .catalog import CompiledCatalog, Indicator
from .layout import find_quotes, find_sections
from .lexicon import (
    BOUNDARY_RE,
    CLAUSE_BACK_RE,
    DISCRETE,
    GLUED,
    HARD_BACK_RE,
    IDIOM_RE,
    LEVELS,
    NEGATED_CHARS,
    PREFIX_ENDS,
    RANGE,
    RANGE_START,
    RATE_PREFIX,
    TITLE_LEVEL_RE,
    WEEKLY_RE,
)
from .numbers import (
    AT_LEAST,
    EXACT,
    MULTIPLIER,
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

# A trigger found in a clause: (start, end, indicators it may name).
Trigger = tuple[int, int, tuple[Indicator, ...]]


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

    # -- numbers ---------------------------------------------------------------------------------

    def number(self, m: re.Match) -> Number | None:
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
            value = int(ar) if ar and ar.isdigit() else _value(ar or cn)  # most are plain digits
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


def _whole_if_whole(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _value(numeral: str) -> float | int | None:
    if numeral.isdigit():
        return int(numeral)
    return arabic_number(numeral) if numeral[0].isdigit() else cn_number(numeral)
