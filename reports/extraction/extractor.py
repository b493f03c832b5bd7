"""extract_figures: every counted quantity in a report, and the catalog indicator it reports.

The work is one pass of NUMBER_RE, one of the catalog's trigger pattern and a few cheap scans
(clause boundaries, quotes, headings); each number then looks only at its own clause. Attribution
prefers no answer to a doubtful one: a wrong figure on a leader's chart is worse than a missing one.
"""
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .catalog import CompiledCatalog, Indicator, compile_catalog, unit_fits
from .layout import PLAN, PLAN_SENTENCE_RE, RESULT, find_quotes, find_sections, table_cells
from .numbers import (
    AT_LEAST,
    EXACT,
    FULL_WIDTH,
    NUMBER_RE,
    PREFIX_QUALIFIER_1,
    PREFIX_QUALIFIER_2,
    SUFFIX_QUALIFIER,
    arabic_number,
    cn_number,
    scaled,
)


@dataclass(frozen=True)
class Figure:
    """One number from the text. ``text == source[start:end]``; ``indicator`` is None unless the
    text says which catalog indicator the number reports, and always None outside results."""

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

    def as_json(self) -> dict:
        """The figure as the extraction contract prints it."""
        return {
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "subject": self.subject,
            "context": self.context,
        }


_MULTIPLIER = {"万": 10**4, "亿": 10**8, "千": 10**3, "万亿": 10**12, "千万": 10**7, "百万": 10**6}
# Clause boundaries. ASCII comma and colon only when they are not inside 1,200 or 9:00.
_BOUNDARY_RE = re.compile(r"[，；;。：！!？?\n\t、]|,(?!\d)|:(?!\d)")
_SENTENCE_ENDS = "。！!？?\n"
_PERSON = frozenset("名人位")
# What may end a noun phrase: "5个工作组，" / "+8个联络组”" / "5个工作组等".
_PHRASE_END = frozenset("，,；;。：:！!？?\n\t、”’+等和及与）)》")
# Words between a measure word and its noun that do not narrow what is counted (195个年度重点项目).
_NEUTRAL_MODIFIERS = frozenset({"年度", "全年", "当年", "新增", "各类", "各级"})
# Fixed political phrases that look like counts.
_IDIOM_RE = re.compile(
    r"两个(?:确立|维护|务必|结合|大局|毫不动摇|先锋队|一百年)|三个(?:务必|代表|一批)|四个(?:意识|自信|全面|伟大)"
    r"|五个必由之路|七个有之|八项规定|五位一体"
)
# Words that may stand between a trigger and its number (集中学习共12次).
_LEAD_INS = frozenset({"", "共", "达", "为", "计", "累计", "共计", "合计", "总计", "达到"})
_CLAUSE_COMMAS = frozenset("，,；;：:")
_RATE_PREFIX = frozenset("周月年天日季人次")
_NEGATED = ("未", "不", "没有", "尚未", "并未")
# A clause that only totals what the clause before it named: "统一征订学习书目，共计9,800余册".
_TOTAL_CLAUSE_RE = re.compile(r"(?:共计|合计|总计|共)")
# A clause whose object is left out because it is the one just counted: "新建制度机制45项，修订完善71项".
_ELIDED_RE = re.compile(
    r"(?:目前|截至目前|现已|另)?(?:已经?|又)?(?P<verb>(?:新建|修订|完善|制定|出台|建立|健全|完成|办结|完工|建成)+)"
)
_COMPLETION_VERBS = ("完成", "办结", "完工", "建成")
_PER_UNIT_RE = re.compile(r"每[个名人位次项件户家所]|平均")
_REMOVAL_RE = re.compile(r"废止|废除|撤销|取消|退回|清退|叫停|停办")
_PLAN_WORD_RE = re.compile(r"力争|争取|预计|计划(?:于|在|到)|拟(?:于|在)")
_SUBJECT_RE = re.compile(
    r"(?:全县|全市|各级|各|全体|县直|机关|基层|县级|县委常委|县四大|镇村|村级|农村)*(?:基层组织)?"
    r"(?:领导班子|班子成员|班子|领导干部|党员干部|党组织|党支部|党委|党员|领导|干部)"
)


class _Number:
    """A number accepted as a figure, before attribution."""

    __slots__ = ("start", "digits_start", "end", "value", "measure", "unit", "qualifier", "bare_cell",
                 "indicator", "evidence")

    def __init__(self, start, digits_start, end, value, measure, unit, qualifier, bare_cell):
        self.start, self.digits_start, self.end = start, digits_start, end
        self.value, self.measure, self.unit, self.qualifier = value, measure, unit, qualifier
        self.bare_cell = bare_cell
        self.indicator: Indicator | None = None
        self.evidence = (start, end)


def extract_figures(text: str, catalog: Sequence[Indicator]) -> tuple[Figure, ...]:
    """All figures in ``text`` in order of position; offsets index ``text`` as given.

    ``catalog`` is data: its triggers, units, kinds and categories drive attribution, and its
    compiled patterns are cached per catalog.
    """
    return _Scan(text, compile_catalog(tuple(catalog))).figures()


class _Scan:
    """The per-text tables every number consults: boundaries, triggers, quotes, sections."""

    def __init__(self, text: str, catalog: CompiledCatalog):
        self.source = text
        self.text = t = text.translate(FULL_WIDTH)
        self.catalog = catalog
        self.hard, self.soft, self.sentence = [], [], []
        for m in _BOUNDARY_RE.finditer(t):
            pos = m.start()
            if t[pos] == "、":
                self.soft.append(pos)
            else:
                self.hard.append(pos)
                if t[pos] in _SENTENCE_ENDS:
                    self.sentence.append(pos)
        self.trig_starts, self.trig_ends, self.trig_indicators = [], [], []
        if catalog.literal:
            for m in catalog.literal.finditer(t):
                start = m.start()
                if t[start - 1:start] in _NEGATED or t[max(0, start - 2):start] in _NEGATED:
                    continue
                self.trig_starts.append(start)
                self.trig_ends.append(m.end())
                self.trig_indicators.append(catalog.by_trigger[m.group()])
        self.quotes = find_quotes(t)
        self.sections = find_sections(t)

    # -- finding numbers ------------------------------------------------------------------------

    def figures(self) -> tuple[Figure, ...]:
        numbers = [n for m in NUMBER_RE.finditer(self.text) if (n := self._number(m))]
        figures = []
        subject_cache: dict[int, list[tuple[int, str]]] = {}
        for i, number in enumerate(numbers):
            section, context = self.sections.at(number.start)
            sentence_start = self._last(self.sentence, number.start) + 1
            if context == RESULT and PLAN_SENTENCE_RE.match(self.text, sentence_start):
                context = PLAN
            self._attribute(i, numbers, sentence_start)
            if number.bare_cell and not number.unit:
                continue  # a row number or a year in a table, not a quantity
            lo = self._clause_start(number.digits_start)
            if context == RESULT and _PLAN_WORD_RE.search(self.text, lo, number.start):
                context = PLAN
            indicator = number.indicator
            if context != RESULT or _PER_UNIT_RE.search(self.text, lo, number.start) or _REMOVAL_RE.search(
                self.text, lo, number.start
            ):
                indicator = None
            start, end = number.evidence
            figures.append(
                Figure(
                    indicator=indicator.code if indicator else None,
                    value=number.value,
                    unit=number.unit,
                    qualifier=number.qualifier,
                    text=self.source[start:end],
                    start=start,
                    end=end,
                    section=section,
                    subject=self._subject(sentence_start, number.start, subject_cache),
                    context=context,
                )
            )
        return tuple(figures)

    def _number(self, m: re.Match) -> _Number | None:
        """The figure a NUMBER_RE match stands for, or None for dates, ordinals, slogans and the like."""
        t = self.text
        s, e = m.span()
        bare_cell = False
        mult = m.group("mult")
        if (pct := m.group("pct")) is not None:
            value, measure, unit = self._value(pct), "%", "%"
        elif (den := m.group("den")) is not None:
            numerator, denominator = self._value(m.group("nom")), self._value(den)
            if not numerator or not denominator:
                return None
            value, measure, unit = numerator / denominator, "", ""
        else:
            cn = m.group("cn")
            value = self._value(m.group("ar") or cn)
            measure = m.group("unit")
            if value is None or cn == "一":  # 一个, 一次 are mostly articles, not counts
                return None
            if measure is None:
                # A bare number is a figure only as a whole table cell (检视问题\t17).
                if (s and t[s - 1] not in "\t\n") or (e < len(t) and t[e] not in "\t\n"):
                    return None
                bare_cell, measure = True, ""
            if mult:
                value = scaled(value, _MULTIPLIER[mult])
            if measure == "成":
                value = scaled(value, 10)
            written_mult = mult or (cn[-1] if cn and len(cn) > 1 and cn[-1] in "万亿" else "")
            unit = written_mult + measure
        before = t[max(0, s - 2):s]
        if before[-1:] == "第" or before[-1:] == "每" or (before[:1] == "每" and before[-1:] in _RATE_PREFIX):
            return None
        if m.group("cn") and before[-1:] in "几数":
            return None
        if _IDIOM_RE.match(t, s):
            return None
        quote = self.quotes.around(s, e)
        # Quoted names and slogans hold no figures, except a "+" formula of an organisation
        # chart written in Arabic digits (“领导小组+1个综合办公室+5个工作组”).
        if quote and (m.group("cn") or t[quote[0]] == "《" or "+" not in t[quote[0]:quote[1]]):
            return None
        qualifier = SUFFIX_QUALIFIER.get(m.group("q3") or m.group("q2") or m.group("q1") or "", EXACT)
        start = s
        if before in PREFIX_QUALIFIER_2:
            prefix_qualifier, start = PREFIX_QUALIFIER_2[before], s - 2
        elif before[-1:] in PREFIX_QUALIFIER_1 and before[:1] not in PREFIX_QUALIFIER_1[before[-1:]][1]:
            prefix_qualifier, start = PREFIX_QUALIFIER_1[before[-1:]][0], s - 1
        elif before[-1:] == "上" and m.group("cn") and m.group("cn")[0] in "百千万":
            prefix_qualifier, start = AT_LEAST, s - 1  # 上千名
        else:
            prefix_qualifier = None
        if qualifier == EXACT and prefix_qualifier:
            qualifier = prefix_qualifier
        cn = m.group("cn")
        # 百场 or 千名 alone is a slogan (百场宣讲进万家) unless a qualifier makes it an estimate.
        if cn and cn[0] in "百千万亿" and qualifier == EXACT:
            return None
        return _Number(start, s, e, value, measure, unit, qualifier, bare_cell)

    @staticmethod
    def _value(numeral: str) -> float | int | None:
        return arabic_number(numeral) if numeral[0].isdigit() else cn_number(numeral)

    # -- attribution ----------------------------------------------------------------------------

    @staticmethod
    def _last(positions: list[int], offset: int) -> int:
        """The last position before ``offset``, or -1."""
        i = bisect_left(positions, offset)
        return positions[i - 1] if i else -1

    def _clause_start(self, offset: int) -> int:
        """Start of the clause holding ``offset``; a list of items ending in 等 counts as one clause."""
        hard = self._last(self.hard, offset)
        soft = self._last(self.soft, offset)
        if soft > hard and "等" not in self.text[soft:offset]:
            return soft + 1
        return hard + 1

    def _clause_end(self, offset: int) -> int:
        ends = [len(self.text)]
        for positions in (self.hard, self.soft):
            i = bisect_left(positions, offset)
            if i < len(positions):
                ends.append(positions[i])
        return min(ends)

    def _fit(self, indicators: tuple[Indicator, ...], measure: str) -> Indicator | None:
        """The one indicator among ``indicators`` whose unit the measure word can count, else None."""
        fits = [ind for ind in indicators if unit_fits(measure, ind.unit)]
        return fits[0] if len(fits) == 1 else None

    def _attribute(self, i: int, numbers: list[_Number], sentence_start: int) -> None:
        """Set ``indicator`` and ``evidence`` of numbers[i] from the words around it."""
        number = numbers[i]
        found = self._indicator_of(number, numbers[i - 1] if i else None,
                                   numbers[i + 1] if i + 1 < len(numbers) else None, sentence_start)
        if found:
            number.indicator, trigger_start, trigger_end = found
            number.evidence = (min(trigger_start, number.start), max(trigger_end, number.end))
            if self._part_of_total(number, numbers, i, sentence_start):
                number.indicator = None

    def _indicator_of(self, number: _Number, previous: _Number | None, following: _Number | None,
                      sentence_start: int) -> tuple[Indicator, int, int] | None:
        """(indicator, trigger start, trigger end) for a number, or None when the text does not say."""
        t, s, e = self.text, number.digits_start, number.end
        lo = self._clause_start(s)
        if previous and previous.end > lo:
            lo = previous.end
        hi = self._clause_end(e)
        if following and following.start < hi:
            hi = following.start
        if number.bare_cell:
            return self._from_table(number)
        starts, ends = self.trig_starts, self.trig_ends

        # 1. The noun right after the measure word is what is counted: 5个工作组, 195个年度重点项目.
        predicate_from = None
        k = bisect_left(starts, s)
        while k < len(starts) and ends[k] <= e:
            k += 1  # a trigger may begin on the measure word itself (名党员)
        if k < len(starts) and starts[k] < hi and not self._claimed(k, following):
            gap = t[e:max(e, starts[k])]
            indicator = self._fit(self.trig_indicators[k], number.measure)
            if indicator and (not gap or gap in _NEUTRAL_MODIFIERS):
                ends_phrase = ends[k] >= len(t) or t[ends[k]] in _PHRASE_END
                if number.measure not in _PERSON or ends_phrase:
                    return indicator, starts[k], ends[k]
                # 1200余名党员到社区报到: people doing something are not the membership total;
                # a later trigger in the clause may still name what they did (党员学习全覆盖).
                predicate_from = k + 1

        # 2. A trigger broken by the number: 检视的16个问题.
        indicator = self._wrapped(number, lo, hi)
        if indicator:
            return indicator, number.start, number.end

        # 3. The closest trigger before the number in its clause, or in the clause before when
        # this one only totals it ("统一征订学习书目，共计9,800余册").
        strong, weak = self._before(number, lo)
        if not strong and _TOTAL_CLAUSE_RE.match(t, lo) and t[lo - 1:lo] in _CLAUSE_COMMAS:
            previous_lo = self._clause_start(lo - 1)
            if not (previous and previous.end > previous_lo):
                strong, _ = self._before(number, previous_lo, lo - 1)
        if strong:
            return strong

        # 4. No trigger of its own: the object left out is the one just counted.
        inherited = self._inherited(number, previous, lo, sentence_start)
        if inherited:
            return inherited, number.start, number.end

        # 5. A trigger inside a description of what is counted (纠正…不够深入等问题14个).
        if weak:
            return weak

        if predicate_from is not None:
            for k in range(predicate_from, len(starts)):
                if starts[k] >= hi:
                    break
                indicator = self._fit(self.trig_indicators[k], number.measure)
                if indicator:
                    return indicator, number.start, ends[k]

        # 6. A cell of a table row: the row label or the column header names it (检视问题\t17个).
        if "\t" in t[lo - 1:lo] or "\t" in t[e:e + 1]:
            return self._from_table(number)
        return None

    def _claimed(self, k: int, following: _Number | None) -> bool:
        """Whether trigger k stands right before the next number and so belongs to it."""
        if following is None:
            return False
        return self.text[self.trig_ends[k]:following.start] in _LEAD_INS

    def _wrapped(self, number: _Number, lo: int, hi: int) -> Indicator | None:
        t = self.text
        before = t[max(lo, number.digits_start - 5):number.digits_start].rstrip("的")
        after = t[number.end:min(hi, number.end + 4)]
        if not before or not after or not self.catalog.literal:
            return None
        joined = before + after
        for m in self.catalog.literal.finditer(joined):
            if m.start() < len(before) < m.end():
                return self._fit(self.catalog.by_trigger[m.group()], number.measure)
        return None

    def _before(self, number: _Number, lo: int, hi: int | None = None):
        """(strong, weak) triggers before the number in [lo, hi), each (indicator, start) or None.

        Strong: nothing but plain words between trigger and number, closest first. Weak: a 的 or
        等 in between, so the trigger sits inside a description of what is counted; the earliest
        weak one is the governing verb (纠正…的问题).
        """
        t, s = self.text, number.digits_start
        hi = s if hi is None else hi
        starts, ends = self.trig_starts, self.trig_ends
        first = bisect_left(starts, lo)
        weak = None
        for k in range(bisect_left(starts, hi) - 1, first - 1, -1):
            if ends[k] > hi:
                continue
            indicator = self._fit(self.trig_indicators[k], number.measure)
            if not indicator:
                continue
            between = t[ends[k]:s]
            if "的" in between or "等" in between:
                weak = (indicator, starts[k], ends[k])
                continue
            if indicator.kind == "snapshot" and t[starts[k] - 1:starts[k]] == "的":
                continue  # 线上参学的流动党员: a described part, not the whole membership
            # Two triggers in a row: the first names the part counted (参学党员, 集体学习研讨),
            # unless a standing body is followed by what it did (党组织检视问题).
            if k > first and ends[k - 1] == starts[k]:
                modifier = self._fit(self.trig_indicators[k - 1], number.measure)
                if modifier and modifier != indicator and not (
                    modifier.kind == "snapshot" and indicator.kind != "snapshot"
                ):
                    return (modifier, starts[k - 1], ends[k]), weak
            return (indicator, starts[k], ends[k]), weak
        if self.catalog.gapped:
            best = None
            for m in self.catalog.gapped.finditer(t, lo, hi):
                between = t[m.end():s]
                if "的" in between or "等" in between:
                    continue
                indicator = self._fit(self.catalog.gapped_indicators[m.lastindex - 1], number.measure)
                if indicator:
                    best = (indicator, m.start(), m.end())
            if best:
                return best, weak
        return None, weak

    def _inherited(self, number: _Number, previous: _Number | None, lo: int, sentence_start: int):
        if not previous or not previous.indicator or previous.start < sentence_start:
            return None
        if previous.measure != number.measure:
            return None
        t = self.text
        elided = _ELIDED_RE.fullmatch(t, lo, number.start)
        if elided:
            verb = next((v for v in _COMPLETION_VERBS if v in elided.group("verb")), None)
            if verb:
                # 检视问题20个，已完成13个: completion of found problems is its own indicator when
                # the catalog has one in the same category (完成整改); otherwise it is the same count.
                done = [
                    ind for ind in self.catalog.indicators
                    if ind.category == previous.indicator.category and any(verb in tr for tr in ind.triggers)
                ]
                if done:
                    return self._fit(tuple(done), number.measure)
            return previous.indicator
        # Parallel clauses counting the same noun: …定位不准的问题3个，…缺项的问题2个.
        s, p = number.digits_start, previous.digits_start
        if s >= 2 and p >= 2 and t[s - 2:s] == t[p - 2:p]:
            return previous.indicator
        return None

    def _part_of_total(self, number: _Number, numbers: list[_Number], i: int, sentence_start: int) -> bool:
        """Whether 其中 made the number a part of a snapshot total it would repeat (其中农村党员8,940名)."""
        if number.indicator.kind != "snapshot":
            return False
        at = self.text.rfind("其中", sentence_start, number.digits_start)
        if at < 0:
            return False
        total = next((n for n in reversed(numbers[:i]) if n.end <= at), None)
        return total is not None and total.start >= sentence_start and total.indicator == number.indicator

    def _from_table(self, number: _Number) -> tuple[Indicator, int, int] | None:
        """Indicator of a number in a table row, from its row label or else its column header.

        Sets the unit of a bare cell: the next cell (17\t个), a unit in the label (读书班（期）) or
        the catalog unit of the indicator the label names; a bare cell left without a unit (a row
        number, a year) is no figure and keeps an empty unit.
        """
        found = table_cells(self.text, number.digits_start)
        if not found:
            return None
        cells, index, header = found
        if number.bare_cell and index + 1 < len(cells) and cells[index + 1].strip() in _UNIT_CELLS:
            number.unit = number.measure = cells[index + 1].strip()
        labels = [next((c for c in reversed(cells[:index]) if c.strip() and not _NUMERIC_CELL_RE.fullmatch(c.strip())), "")]
        if header and index < len(header):
            labels.append(header[index])
        for label in labels:
            hint = _UNIT_HINT_RE.search(label)
            measure = number.measure or (hint.group(1) if hint else "")
            for m in self.catalog.literal.finditer(label) if self.catalog.literal else ():
                indicators = self.catalog.by_trigger[m.group()]
                indicator = self._fit(indicators, measure) if measure else (indicators[0] if len(indicators) == 1 else None)
                if indicator:
                    if not number.measure:
                        number.unit = number.measure = measure or indicator.unit
                    return indicator, number.start, number.end
            if hint and not number.measure:
                number.unit = number.measure = hint.group(1)
        return None

    def _subject(self, sentence_start: int, offset: int, cache: dict[int, list[tuple[int, str]]]) -> str:
        """Who the sentence says acts: the last clause before ``offset`` that opens with a subject."""
        subjects = cache.get(sentence_start)
        if subjects is None:
            end = self._clause_end_of_sentence(sentence_start)
            clause_starts = [sentence_start] + [
                p + 1 for positions in (self.hard, self.soft)
                for p in positions[bisect_left(positions, sentence_start):bisect_left(positions, end)]
            ]
            subjects = cache[sentence_start] = sorted(
                (m.end(), m.group()) for p in clause_starts if (m := _SUBJECT_RE.match(self.text, p))
            )
        return next((name for end, name in reversed(subjects) if end <= offset), "")

    def _clause_end_of_sentence(self, sentence_start: int) -> int:
        i = bisect_right(self.sentence, sentence_start)
        return self.sentence[i] if i < len(self.sentence) else len(self.text)


_UNIT_HINT_RE = re.compile(r"[（(]([^（）()]{1,3})[）)]")
_NUMERIC_CELL_RE = re.compile(r"[\d.,%]+")
_UNIT_CELLS = frozenset({"个", "名", "人", "次", "场", "场次", "期", "篇", "份", "本", "册", "件", "条", "项",
                         "户", "家", "元", "万元", "亿元", "%", "人次"})
