"""extract_figures: every counted quantity in a report, and the catalog indicator it reports.

One pass of NUMBER_RE finds the numbers; each number then reads only its own clause (the text
between the nearest ，。；、 and the like), where the catalog's trigger pattern runs. Attribution
prefers no answer to a doubtful one: a wrong figure on a leader's chart is worse than a missing one.
"""
import re
from collections.abc import Sequence
from typing import NamedTuple

from .catalog import CompiledCatalog, Indicator, compile_catalog, unit_fits
from .layout import PLAN, PLAN_SENTENCE_RE, RESULT, find_quotes, find_sections, table_cells
from .numbers import (
    AT_LEAST,
    EXACT,
    MULTIPLIER,
    NUMBER_RE,
    PREFIX_QUALIFIER_1,
    PREFIX_QUALIFIER_2,
    PREFIX_QUALIFIER_3,
    SUFFIX_QUALIFIER,
    arabic_number,
    cn_number,
    half_width,
    scaled,
)


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

    def as_json(self) -> dict:
        """The figure as the extraction contract prints it."""
        return self._asdict()


def extract_figures(text: str, catalog: Sequence[Indicator]) -> tuple[Figure, ...]:
    """All figures in ``text`` in order of position; offsets index ``text`` as given.

    ``catalog`` is data: its triggers, units, kinds and categories drive attribution, and its
    compiled patterns are cached per catalog.
    """
    return _Scan(text, compile_catalog(tuple(catalog))).figures()


# Clause boundaries. An ASCII comma or colon inside 1,200 or 9:00 is none; the reversed patterns
# find the last boundary before an offset by searching the reversed text forwards. Each pattern
# opens with one character class, which the regex engine scans for fast, and tests the digit after.
_HARD = "，；;。：！!？?\n\t"
_BOUNDARY_RE = re.compile(rf"[{_HARD}、,:](?!(?<=[,:])\d)")
_HARD_BACK_RE = re.compile(rf"[{_HARD},:](?<!\d[,:])")
# The same with the list comma: one search finds most clause starts (see _clause_start).
_CLAUSE_BACK_RE = re.compile(rf"[{_HARD},:、](?<!\d[,:])")
# Sentence ends, semicolons included: "…；各级党组织办理…" starts afresh. Single characters, so
# the pattern also searches the reversed text.
_SENTENCE_END_RE = re.compile(r"[。！!？?；;\n]")
_CLAUSE_COMMAS = frozenset("，,；;：:")
# Arabic digits glued to these are part of something else (V1.2, 5G, 2023.10.15, 1/3).
_GLUED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/")
# Measure words of things that come whole; a decimal count of them must be something else.
_DISCRETE = frozenset("个名人位次场期项件条篇份本册家户所座")
# 3至5个, 1到2名, 3-5个: the second number of a range.
_RANGE = frozenset("至到~～-—")
_RANGE_START = frozenset("0123456789零〇一二两三四五六七八九十百千")
_RATE_PREFIX = frozenset("周月年天日季人次")  # 每周2次 is a rate, not a count
# Last characters of the prefix qualifiers (不少于, 超过, 约) and of 上 (上千名).
_PREFIX_ENDS = frozenset(word[-1] for word in (*PREFIX_QUALIFIER_3, *PREFIX_QUALIFIER_2, *PREFIX_QUALIFIER_1, "上"))
# Fixed political phrases that read like counts.
_IDIOM_RE = re.compile(
    r"两个(?:确立|维护|务必|结合|大局|毫不动摇|先锋队|一百年)|三个(?:务必|代表|一批)|四个(?:意识|自信|全面|伟大)"
    r"|五个必由之路|七个有之|八项规定|五位一体|四套班子"
)
_NEGATED_CHARS = frozenset("未不")  # 未整改完成, 尚未销号, 不足; and 没有
_PERSON = frozenset("名人位")
_PEOPLE_NOUN_RE = re.compile(r"(?:员|者|骨干|干部)$")
# Party bodies are counted whole as a body is described (下设党支部19个, 涉及党组织186个); after
# these verbs the count is of those picked out or newly set up (抽查党支部40个, 整顿软弱涣散党组织6个,
# 新组建党组织23个).
_PARTY_BODY_RE = re.compile(r"(?:组织|支部|党委)$")
_PICKING_RE = re.compile(r"抽查|排查|整顿|走访|暗访|督查|检查|联系|指导|调研|覆盖|组建|新建|成立|新增")
# Words that say again what a trigger already means: 外出务工的流动党员 are all the 流动党员.
_INHERENT_RE = {
    "流动党员": re.compile(r"\s*[（(]?(?:全县|全市|全区|针对|其中|共有|有)*(?:外出|在外|务工|经商|打工|、|和)+的?"),
}
_SCOPE_RE = re.compile(r"(?:参加|参与)[^，。；、]{0,12}主题教育的$")
# How a report states how many people a body has: "有党员…名", "全县共有党员…名", "其中流动党员…名".
_FRAMING_RE = re.compile(r"\s*(?:全县|全市|全区|全镇|全乡|目前|截至目前)?(?:共有|现有|拥有|有|共计|共|其中|计)?")
_WORD_RE = re.compile(r"[^\W\d的之]+")
# What may end a noun phrase: "5个工作组，" / "+8个联络组”" / "5个工作组等".
_PHRASE_END = frozenset("，,；;。：:！!？?\n\t、”’+等和及与（()）》")
# Words between a measure word and its noun that do not narrow what is counted (195个年度重点项目).
_NEUTRAL_MODIFIERS = frozenset({"年度", "全年", "当年", "新增", "各类", "各级"})
# What a number counts kinds of, not the things themselves (梳理出4个方面问题).
_KINDS = frozenset({"方面", "领域", "层面", "维度", "环节", "类别"})
# A meeting named after a trigger's subject (调研成果交流会), with the lead-in to its count.
_MEETING_RE = re.compile(r"[^\W\d的]+会议?(?:共计|合计|累计|共|达|计)?")
_DURATION_RE = re.compile(r"为期[^，。；]{1,6}的")  # 1期为期4天的读书班
_ROUNDS = frozenset({"期", "批", "次", "场", "轮"})
# Nouns no catalog indicator counts; one right before a number is what it counts, whatever trigger
# stands earlier in the clause (巡回指导组随机抽查单位43个, 检视问题涉及单位12个). So is one
# ending the phrase right after the measure word (指导组走访9个社区, 制定两个工作方案): a plan
# only counts as a catalog 实施方案, which the trigger after the measure word finds first.
_OTHER_NOUNS = "单位|企业|村|社区|学校|部门|乡镇|家庭|群众|对象|点位|窗口|商户"
_OTHER_NOUN_RE = re.compile(rf"(?:{_OTHER_NOUNS})(?:共计|合计|累计|共|达|为|计)?$")
_NOUN_AFTER_RE = re.compile(
    rf"[^\W\d的]{{0,4}}?(?:{_OTHER_NOUNS}|方案)(?=[{re.escape(''.join(_PHRASE_END))}]|$)"
)
_REFERENCES = frozenset({"对照", "按照", "依照", "根据", "依据", "围绕"})
_PREPOSITIONS = frozenset("对向给把从")
# Words that may stand between a trigger and its number (集中学习共12次).
_LEAD_INS = frozenset({"", "共", "达", "为", "计", "累计", "共计", "合计", "总计", "达到"})
# A clause that only totals what the clause before it named: "统一征订学习书目，共计9,800余册".
_TOTAL_CLAUSE_RE = re.compile(r"共计|合计|总计|共")
# A clause whose object is left out because it is the one just counted: "新建制度机制45项，修订完善71项".
_ELIDED_RE = re.compile(
    r"(?:目前|截至目前|现已|另)?(?:已经?|又)?(?P<verb>(?:新建|修订|完善|制定|出台|建立|健全|完成|办结|完工|建成)+)"
    r"|累计(?P<again>(?!达到)[^\W\d的]{2})?(?:达到|达)?"  # 本月开展集中学习3次，累计开展12次: a running total
)
# A count for the latest period only (本月开展集中学习3次): a chart of totals must not show it.
# 截至本周 is the other way round: everything up to now.
_PERIOD_RE = re.compile(r"(?<!截至)(?<!截止)(?:本月|本周|本旬|本季度|当月|上月)")
_ITEM_RE = re.compile(r"\s*(?:\d+[.、]|[（(]\d+[）)])(?!\d)")  # 2. or （2） opening a list item
_COMPLETION_VERBS = ("完成", "办结", "完工", "建成")
# An indicator whose name counts things gathered (征求收集意见建议, 调研发现问题).
_GATHERING_RE = re.compile(r"收集|征求|征集|发现|检视|查摆|排查|摸排")
# Clauses whose numbers are figures but report no indicator: plans, counts per unit
# (每个指导组联系20个单位, 各镇均配备3名联络员), norms (集中学习不少于2次), things removed
# (废止文件19件) and differences (较上季度多出45件).
_PLAN_WORDS = ("力争", "争取", "预计", "计划于", "计划在", "计划到", "拟于", "拟在")
_CLAUSE_FLAG_RE = re.compile(
    "|".join(_PLAN_WORDS) + r"|每|各[^\W\d]{1,10}?均|平均|至少|最少|不少于|不低于|不超过|不多于"
    r"|废止|废除|撤销|取消|退回|清退|叫停|停办|较(?:上|去|前|同期|年初)|同比|环比|比上年|比去年"
)
_SUBJECT_RE = re.compile(
    r"(?:全县|全市|各级|各|全体|县直|机关|基层|县级|县委常委|县四大|镇村|村级|农村)*(?:基层组织)?"
    r"(?:领导班子|班子成员|班子|领导干部|党员干部|党组织|党支部|党委|党员|领导|干部)"
)
_UNIT_HINT_RE = re.compile(r"[（(]([^（）()]{1,3})[）)]")  # 读书班（期）
_NUMERIC_CELL_RE = re.compile(r"[\d.,%]+")
_UNIT_CELLS = frozenset({"个", "名", "人", "次", "场", "场次", "期", "篇", "份", "本", "册", "件", "条", "项",
                         "户", "家", "元", "万元", "亿元", "%", "人次"})


class _Number:
    """A number accepted as a figure, before and after attribution."""

    __slots__ = ("start", "digits_start", "end", "value", "measure", "unit", "qualifier", "bare_cell",
                 "indicator", "evidence")

    def __init__(self, start, digits_start, end, value, measure, unit, qualifier, bare_cell):
        self.start, self.digits_start, self.end = start, digits_start, end
        self.value, self.measure, self.unit, self.qualifier = value, measure, unit, qualifier
        self.bare_cell = bare_cell
        self.indicator: Indicator | None = None
        self.evidence = (start, end)


# A trigger found in a clause: (start, end, indicators it may name).
_Trigger = tuple[int, int, tuple[Indicator, ...]]


class _Scan:
    """One text and what every number in it consults: boundaries, triggers, quotes, sections."""

    def __init__(self, text: str, catalog: CompiledCatalog):
        self.source = text
        self.text = half_width(text)
        self.backwards = self.text[::-1]
        self.catalog = catalog
        self.quotes = find_quotes(self.text)
        self.sections = find_sections(self.text)

    def figures(self) -> tuple[Figure, ...]:
        t = self.text
        numbers = [n for m in NUMBER_RE.finditer(t) if (n := self._number(m))]
        figures = []
        sentence_start = sentence_end = -1
        for i, number in enumerate(numbers):
            if number.digits_start >= sentence_end:
                sentence_start = self._last(_SENTENCE_END_RE, number.digits_start) + 1
                found = _SENTENCE_END_RE.search(t, number.digits_start)
                sentence_end = found.start() if found else len(t)
                plan_sentence = PLAN_SENTENCE_RE.match(t, sentence_start)
                sentence_subject = _SUBJECT_RE.match(t, sentence_start)
            section, context = self.sections.at(number.start)
            lo = self._clause_start(number.digits_start)
            flags = _CLAUSE_FLAG_RE.findall(t, lo, number.digits_start)  # with a prefix such as 不少于
            if context == RESULT and (plan_sentence or flags and any(flag in _PLAN_WORDS for flag in flags)):
                context = PLAN
            if context == RESULT and not flags and (number.bare_cell or self.catalog.counts(number.measure)):
                self._attribute(i, numbers, lo, sentence_start)
            elif number.bare_cell:
                self._from_table(number)  # for its unit only
            if number.bare_cell and not number.unit:
                continue  # a row number or a year in a table, not a quantity
            start, end = number.evidence
            indicator = number.indicator  # kept on the number: a running total after it inherits it
            if indicator and self._latest_period(lo, number.start, sentence_start):
                indicator = None
            figures.append(Figure(
                indicator.code if indicator else None, number.value, number.unit,
                number.qualifier, self.source[start:end], start, end, section,
                self._subject(lo, number.start, sentence_subject), context,
            ))
        return tuple(figures)

    def _latest_period(self, lo: int, offset: int, sentence_start: int) -> bool:
        """Whether the clause before ``offset`` counts the latest period only: it says 本月 or
        the like, or its sentence opens so and the clause does not say 累计."""
        t = self.text
        if _PERIOD_RE.search(t, lo, offset):
            return True
        return bool(_PERIOD_RE.match(t, sentence_start)) and t.find("累计", lo, offset) < 0

    # -- numbers ---------------------------------------------------------------------------------

    def _number(self, m: re.Match) -> _Number | None:
        """The figure a NUMBER_RE match stands for, or None for dates, ordinals, slogans and the like."""
        t = self.text
        s, e = m.span()
        pct, den, nom, ar, cn, q1, mult, q2, measure, q3 = m.groups()
        if ar and "." in ar and not mult and measure in _DISCRETE and not t[t.rfind("\n", 0, s) + 1:s].strip():
            # "3.9个民生项目" opening a line is item 3 counting 9: nine projects, not 3.9.
            s += ar.index(".") + 1
            ar = ar[ar.index(".") + 1:]
        elif ar and s and t[s - 1] in _GLUED:
            return None
        # Checks on the words around come first: they need no value.
        before = t[max(0, s - 2):s]
        last = before[-1:]
        if last in _RANGE and s >= 2 and before[0] in _RANGE_START:
            return None  # 3至5个: a range is no figure
        if last in ("第", "每") or (before[:1] == "每" and last in _RATE_PREFIX):
            return None
        if last == "前" and measure in ("名", "位"):
            return None  # 排名全市前3名 is a rank
        if cn and (last in ("几", "数") or _IDIOM_RE.match(t, s)):
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
        qualifier = SUFFIX_QUALIFIER.get(q3 or q2 or q1 or "", EXACT)
        start, prefix = s, None
        if last in _PREFIX_ENDS:  # most numbers have no prefix
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
        return _Number(start, s, e, value, measure, unit, qualifier, bare_cell)

    # -- text positions --------------------------------------------------------------------------

    def _last(self, back_pattern: re.Pattern, offset: int) -> int:
        """Position of the last character before ``offset`` that ``back_pattern`` matches, or -1."""
        m = back_pattern.search(self.backwards, len(self.text) - offset)
        return len(self.text) - 1 - m.start() if m else -1

    def _clause_start(self, offset: int) -> int:
        """Start of the clause holding ``offset``; a list of items ending in 等 counts as one clause."""
        boundary = self._last(_CLAUSE_BACK_RE, offset)
        if boundary >= 0 and self.text[boundary] == "、" and self.text.find("等", boundary, offset) >= 0:
            boundary = self._last(_HARD_BACK_RE, boundary)  # the list goes on back to a hard boundary
        return boundary + 1

    def _clause_end(self, offset: int) -> int:
        m = _BOUNDARY_RE.search(self.text, offset)
        return m.start() if m else len(self.text)

    def _triggers(self, lo: int, hi: int) -> list[_Trigger]:
        """Catalog triggers in [lo, hi), except negated ones (未整改完成)."""
        if not self.catalog.literal:
            return []
        t, by_trigger = self.text, self.catalog.by_trigger
        found = []
        for m in self.catalog.literal.finditer(t, lo, hi):
            start, end = m.span()
            if not start or t[start - 1] not in _NEGATED_CHARS and t[start - 2:start] != "没有":
                found.append((start, end, by_trigger[m.group()]))
        return found

    def _subject(self, clause_start: int, offset: int, sentence_subject: re.Match | None) -> str:
        """Who acts, when the number's clause or else its sentence opens by naming them; not what
        the number counts (党组织1,083个)."""
        for m in (_SUBJECT_RE.match(self.text, clause_start, offset), sentence_subject):
            if m and m.end() < offset:
                return m.group()
        return ""

    # -- attribution -----------------------------------------------------------------------------

    def _attribute(self, i: int, numbers: list[_Number], lo: int, sentence_start: int) -> None:
        """Set ``indicator`` and ``evidence`` of numbers[i] from the words around it."""
        number = numbers[i]
        previous = numbers[i - 1] if i else None
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        found = self._indicator_of(number, previous, following, lo, sentence_start)
        if found:
            number.indicator, trigger_start, trigger_end = found
            number.evidence = (min(trigger_start, number.start), max(trigger_end, number.end))
            if self._part_of_total(number, numbers, i, sentence_start):
                number.indicator = None

    def _indicator_of(self, number: _Number, previous: _Number | None, following: _Number | None,
                      lo: int, sentence_start: int) -> tuple[Indicator, int, int] | None:
        """(indicator, trigger start, trigger end) for a number, or None when the text does not say."""
        if number.bare_cell:
            return self._from_table(number)
        t, s, e = self.text, number.digits_start, number.end
        if t[e:e + 2] in _KINDS:
            return None
        if previous and t[previous.end:previous.end + 2] in _KINDS:
            previous = None  # 4个方面问题23条: the problems are counted after their kinds
        if previous and previous.end > lo:
            lo = previous.end
        hi = self._clause_end(e)
        if following and following.start < hi and t[following.start - 2:following.start] != "为期":
            hi = following.start  # but 1期为期4天的读书班: the duration describes what is counted
        triggers = self._triggers(lo, hi)

        # 1. The noun right after the measure word is what is counted: 5个工作组, 195个年度重点项目;
        # it may begin on the measure word itself (名党员).
        after = [trigger for trigger in triggers if trigger[1] > e]
        predicate = None
        if after and not self._claimed(after[0], following):
            start, end, indicators = after[0]
            indicator = self._fit(indicators, number.measure)
            if indicator and (
                start <= e or self._plain_modifier(t[e:start], indicator, start, end) or self._in_batches(number, end)
            ) and not self._meeting(start, end, hi):
                if self._narrowed(lo, number.start) and self._standing_body(indicator, start, end):
                    return None  # 行动不便的1340名党员: those described, a part of the members
                if number.measure not in _PERSON or end >= len(t) or t[end] in _PHRASE_END or t[end] == "中":
                    return indicator, start, end  # 在9,214名党员中开展: all of them
                # 1200余名党员到社区报到: people doing something are not the membership total,
                # but a later trigger may name what they did (1.3万名党员学习全覆盖).
                predicate = after[1:]

        if number.measure not in _PERSON and _NOUN_AFTER_RE.match(t, e, hi):
            return None  # 指导组约谈5个单位 counts the 单位 (a person noun there names who did it)

        # 2. The closest trigger before the number in its clause, or in the clause before when
        # this one only totals it (统一征订学习书目，共计9,800余册) or that one is a label
        # ending in the trigger at the start of the line (2.读书班：举办3期).
        before = [trigger for trigger in triggers if trigger[1] <= s]
        strong, weak, part = self._before(number, before, lo)
        if not strong and t[lo - 1:lo] in _CLAUSE_COMMAS:
            colon = t[lo - 1] in "：:" and not before
            total = not colon and _TOTAL_CLAUSE_RE.match(t, lo)
            previous_lo = self._clause_start(lo - 1) if colon or total else lo
            label = colon and t[previous_lo - 1:previous_lo] in ("", "\n")
            if (label or total) and not (previous and previous.end > previous_lo):
                earlier = self._triggers(previous_lo, lo - 1)
                if label:
                    earlier = [trigger for trigger in earlier if trigger[1] == lo - 1]
                strong, _, _ = self._before(number, earlier, previous_lo)
        if strong or part:
            return strong

        # 3. A trigger broken by the number: 检视的16个问题.
        indicator = self._wrapped(number, lo, hi)
        if indicator:
            return indicator, number.start, number.end

        # 4. No trigger of its own: the object left out is the one just counted.
        inherited = self._inherited(number, previous, lo, sentence_start)
        if inherited:
            return inherited, number.start, number.end

        # 5. A trigger inside a description of what is counted (纠正…不够深入等问题14个), or
        # split by one (解决…等实际问题57个).
        if weak:
            return weak
        described = self._described(number, lo)
        if described:
            return described
        for start, end, indicators in predicate or ():
            indicator = self._fit(indicators, number.measure)
            if indicator:
                return indicator, number.start, end

        # 6. A cell of a table row: the row label or the column header names it (检视问题\t17个).
        if t[lo - 1:lo] == "\t" or t[e:e + 1] == "\t":
            return self._from_table(number)
        return None

    def _standing_body(self, indicator: Indicator, start: int, end: int) -> bool:
        """Whether the trigger at [start, end) names people or party bodies the catalog counts
        whole (党员, 党组织), which exist before the campaign; not the groups it sets up."""
        return indicator.kind == "snapshot" and bool(
            _PEOPLE_NOUN_RE.search(self.text, start, end) or _PARTY_BODY_RE.search(self.text, start, end)
        )

    def _inherent(self, lo: int, start: int, end: int) -> bool:
        """Whether the clause words before the trigger at [start, end) only say again what it means."""
        pattern = _INHERENT_RE.get(self.text[start:end])
        return bool(pattern and pattern.fullmatch(self.text, lo, start))

    def _narrowed(self, lo: int, offset: int) -> bool:
        """Whether a 的 clause ending at ``offset`` narrows what follows (线上参学的流动党员); one that
        only states the campaign's scope does not (参加本批主题教育的党组织)."""
        return self.text[offset - 1:offset] == "的" and not _SCOPE_RE.search(self.text, lo, offset)

    def _plain_modifier(self, gap: str, indicator: Indicator, start: int, end: int) -> bool:
        """Whether words between a measure word and its noun leave the count the indicator's.

        People and party bodies narrowed by a modifier are a part of them (4个先进基层党组织), so
        they accept only neutral words. Anything else accepts a short modifier (10件民生实事,
        6个专项工作组, 43个在建重点项目), unless it ends in a noun the number counts instead
        (4个单位整改完成). A duration first changes nothing (2期为期3天的专题读书班).
        """
        duration = _DURATION_RE.match(gap)
        if duration:
            gap = gap[duration.end():]
        if not gap or gap in _NEUTRAL_MODIFIERS:
            return True
        if self._standing_body(indicator, start, end) or len(gap) > 4 or not _WORD_RE.fullmatch(gap):
            return False
        return not _OTHER_NOUN_RE.search(gap)  # 4个单位整改完成 counts the 单位

    def _in_batches(self, number: _Number, end: int) -> bool:
        """Whether the number says in how many rounds what ends the phrase at ``end`` was held:
        分4期举办处级干部读书班 counts 读书班 whatever stands between."""
        t = self.text
        return (
            t[number.digits_start - 1:number.digits_start] == "分"
            and number.measure in _ROUNDS
            and (end >= len(t) or t[end] in _PHRASE_END)
        )

    def _meeting(self, start: int, end: int, limit: int) -> int | None:
        """End of the meeting the trigger at [start, end) names the subject of (调研成果交流会), if
        it ends by ``limit``; None when the meeting's name holds another trigger (专题研讨交流会
        is a 研讨交流)."""
        if self.text.find("会", end, limit) < 0:
            return None
        m = _MEETING_RE.match(self.text, end, limit)
        if not m or self.catalog.literal.search(self.text, start + 1, m.end()):
            return None
        return m.end()

    @staticmethod
    def _fit(indicators: tuple[Indicator, ...], measure: str) -> Indicator | None:
        """The one indicator among ``indicators`` whose unit the measure word can count, else None."""
        if len(indicators) == 1:
            indicator = indicators[0]
            if unit_fits(measure, indicator.unit) or measure == "条" and _counts_problems(indicator):
                return indicator
            return None
        fits = [i for i in indicators if unit_fits(measure, i.unit) or measure == "条" and _counts_problems(i)]
        return fits[0] if len(fits) == 1 else None

    def _claimed(self, trigger: _Trigger, following: _Number | None) -> bool:
        """Whether a trigger stands right before the next number and so belongs to it."""
        return (
            following is not None and trigger[1] <= following.start
            and self.text[trigger[1]:following.start] in _LEAD_INS
        )

    def _wrapped(self, number: _Number, lo: int, hi: int) -> Indicator | None:
        """The indicator of a trigger the number splits in two (检视的16个问题 -> 检视问题)."""
        t = self.text
        before = t[max(lo, number.digits_start - 5):number.digits_start].rstrip("的")
        after = t[number.end:min(hi, number.end + 4)]
        if not before or not after or before[-1] + after[0] not in self.catalog.pairs:
            return None  # the two characters around the number stand side by side in no trigger
        joined = before + after
        for m in self.catalog.literal.finditer(joined):
            if m.start() < len(before) < m.end():
                return self._fit(self.catalog.by_trigger[m.group()], number.measure)
        return None

    def _before(self, number: _Number, triggers: list[_Trigger], lo: int):
        """(strong, weak, part) from ``triggers`` (all before the number): the strong and weak
        trigger, each as (indicator, start, end) or None, and whether the number counts a part of
        a body the catalog counts whole (then it reports no indicator at all).

        Strong: nothing but plain words between trigger and number; the closest wins. Weak: a 的
        or 等 in between, so the trigger sits inside a description of what is counted; the
        earliest weak one is the governing verb (纠正…不准的问题3个).
        """
        t, s, measure = self.text, number.digits_start, number.measure
        weak, part = None, False
        if _OTHER_NOUN_RE.search(t, max(lo, s - 6), s) or t[number.start - 1:number.start] in _PREPOSITIONS:
            return None, weak, part  # 指导组对4个支部进行提醒: the trigger before is who acted
        for k in range(len(triggers) - 1, -1, -1):
            start, end, indicators = triggers[k]
            indicator = self._fit(indicators, measure)
            if not indicator:
                continue
            if t[start - 2:start] in _REFERENCES:
                continue  # 对照实施方案形成任务清单42项: what the work goes by is not what it yields
            between = t[end:s]
            if measure == "条" and not _counted_as_problems(indicator, between):
                continue
            first = between[:1]
            if first == "中":
                part = True  # 检视问题中尚有12个…: a part of those counted elsewhere
                continue
            if first in _NEGATED_CHARS and between.endswith("问题") and not _counts_problems(indicator):
                continue  # 整改措施不落实问题7个 counts problems of a kind, not measures
            if between.endswith("的") or ("会" in between and self._meeting(start, end, s) == s):
                # 检视问题浮于表面的11个: what is counted is left unnamed; 调研成果交流会3场
                # counts meetings about the trigger's subject.
                continue
            if "的" in between or "等" in between:
                # 集中学习、专题研讨等活动86场次 sums several kinds; a standing body is who acted
                # (指导组在督导中纠正…等问题14个), never counted through a description.
                if t[end] not in "、等" and indicator.kind != "snapshot":
                    weak = (indicator, start, end)
                continue
            modifier = self._fit(triggers[k - 1][2], measure) if k and triggers[k - 1][1] == start else None
            if indicator.kind == "snapshot" and not self._inherent(lo, start, end) and (
                self._narrowed(lo, start)
                or measure in _PERSON and _PEOPLE_NOUN_RE.search(t, start, end)
                and not modifier and not _FRAMING_RE.fullmatch(t, lo, start)
            ):
                # A described or qualified part of a body is not the whole (线上参学的流动党员,
                # 覆盖党员3000余人, 走访党员1200名, 农村党员8940名); a total is stated plainly
                # (共有党员11746名).
                part = True
                continue
            if self._standing_body(indicator, start, end) and _PICKING_RE.search(t, lo, start):
                return None, weak, True  # 指导组抽查党支部40个 counts bodies checked, nothing the catalog has
            # Two triggers in a row: the first names the part counted (参学党员, 集体学习研讨),
            # unless a standing body is followed by what it did (党组织检视问题).
            if modifier and modifier != indicator and not (
                modifier.kind == "snapshot" and indicator.kind != "snapshot"
            ):
                return (modifier, triggers[k - 1][0], end), weak, part
            if between not in _LEAD_INS and self._may_be_enclosed(start, end):
                # A gapped trigger around this one ends in the noun counted (民生实事项目 is a
                # 民生项目, not a 实事).
                gapped = self._gapped(number, max(lo, start - 6))
                if gapped and gapped[1] < start and gapped[2] > end:
                    return gapped, weak, part
            return (indicator, start, end), weak, part
        return self._gapped(number, lo), weak, part

    def _may_be_enclosed(self, start: int, end: int) -> bool:
        """Whether a gapped trigger's head (two characters, then a gap of one to four) could
        stand before the trigger at [start, end) with the trigger inside the gap: a cheap test."""
        heads, t = self.catalog.gapped_heads, self.text
        return any(t[start - k - 2:start - k] in heads for k in range(max(0, 5 - (end - start))))

    def _gapped(self, number: _Number, lo: int) -> tuple[Indicator, int, int] | None:
        """The closest gapped trigger in [lo, number) with plain words up to the number."""
        if not self.catalog.gapped:
            return None
        t, s = self.text, number.digits_start
        best = None
        for m in self.catalog.gapped.finditer(t, lo, s):
            if not _NEGATED_CHARS.isdisjoint(t[m.start() + 2:m.start(m.lastindex)]):
                continue  # 检视剖析不深问题 is a kind of problem, not problems found by 检视
            between = t[m.end():s]
            indicator = self._fit(self.catalog.gapped_indicators[m.lastindex - 1], number.measure)
            if indicator and "的" not in between and "等" not in between:
                best = (indicator, m.start(), m.end())
        return best

    def _described(self, number: _Number, lo: int) -> tuple[Indicator, int, int] | None:
        """A trigger split by a description whose second part stands right before the number."""
        t, s = self.text, number.digits_start
        ends = self.catalog.described_ends
        if not (t[s - 2:s] in ends or t[s - 3:s - 1] in ends or t[s - 4:s - 2] in ends):
            return None  # no trigger's second half before the number, with a lead-in of up to two
        for m in self.catalog.described.finditer(t, lo, s):
            if t[m.end():s] in _LEAD_INS:
                indicator = self._fit(self.catalog.described_indicators[m.lastindex - 1], number.measure)
                return (indicator, m.start(), m.end()) if indicator else None
        return None

    def _inherited(self, number: _Number, previous: _Number | None, lo: int, sentence_start: int):
        """The previous number's indicator when this clause goes on counting the same thing."""
        if not previous or not previous.indicator or previous.measure != number.measure:
            return None
        t = self.text
        same_sentence = previous.start >= sentence_start
        if not same_sentence and not self._next_item(previous, sentence_start):
            return None
        item = _ITEM_RE.match(t, lo)
        elided = _ELIDED_RE.fullmatch(t, item.end() if item else lo, number.start)
        again = elided and elided.group("again")
        if again and again not in _COMPLETION_VERBS and again not in t[sentence_start:previous.start]:
            return None  # 查摆问题20个，累计整改12个: a running total of something else
        if elided:
            verb = next((v for v in _COMPLETION_VERBS if v in (elided.group("verb") or again or "")), None)
            if verb:
                # 检视问题20个，已完成13个: when the catalog counts completions of this category
                # separately (完成整改), that is the indicator. Otherwise matters completed are
                # matters done (领办实事18件，已完成15件), but things gathered are not completed by
                # being gathered (收集意见建议460条，已办结412条).
                done = tuple(
                    indicator for indicator in self.catalog.indicators
                    if indicator.category == previous.indicator.category
                    and any(verb in trigger for trigger in indicator.triggers)
                )
                if done:
                    # Only completions of the same thing, as the names say (检视查摆问题 and
                    # 完成整改问题 end alike); 整改措施 completed are not problems closed.
                    done = tuple(d for d in done if d.name_zh[-2:] == previous.indicator.name_zh[-2:])
                    return self._fit(done, number.measure) if done else None
                if _GATHERING_RE.search(previous.indicator.name_zh):
                    return None
            return previous.indicator
        if not same_sentence:
            return None
        # A list after 分别: 三个支部分别检视问题12个、8个和5个.
        if t[lo:number.start] in ("", "和", "及", "与") and "分别" in t[sentence_start:previous.start]:
            return previous.indicator
        # Parallel clauses listing kinds of the same noun: …定位不准的问题3个，…缺项的问题2个.
        s, p = number.digits_start, previous.digits_start
        if s >= 3 and p >= 3 and t[s - 3] == t[p - 3] == "的" and t[s - 2:s] == t[p - 2:p]:
            return previous.indicator
        return None

    def _next_item(self, previous: _Number, line_start: int) -> bool:
        """Whether ``line_start`` opens a numbered item that follows the one holding ``previous``:
        1.新建制度机制52项。 / 2.修订完善83项。 go on like clauses of one sentence."""
        t = self.text
        if t[line_start - 1:line_start] != "\n" or not _ITEM_RE.match(t, line_start):
            return False
        previous_line = t.rfind("\n", 0, line_start - 1) + 1
        return previous.start >= previous_line and bool(_ITEM_RE.match(t, previous_line))

    def _part_of_total(self, number: _Number, numbers: list[_Number], i: int, sentence_start: int) -> bool:
        """Whether 其中 made the number a part of a total it would repeat (其中农村党员8,940名,
        其中获评优秀调研报告12篇): a chart would show the part as the whole."""
        at = self.text.rfind("其中", sentence_start, number.digits_start)
        if at < 0:
            return False
        total = next((n for n in reversed(numbers[:i]) if n.end <= at), None)
        return total is not None and total.start >= sentence_start and total.indicator == number.indicator

    def _from_table(self, number: _Number) -> tuple[Indicator, int, int] | None:
        """Indicator of a number in a table row, from its row label or else its column header.

        Also sets the unit of a bare cell: the next cell (17\t个), a unit in the label
        (读书班（期）) or the catalog unit of the indicator the label names. A bare cell left
        without a unit (a row number, a year) is no figure.
        """
        found = table_cells(self.text, number.digits_start)
        if not found:
            return None
        cells, index, header = found
        if number.bare_cell and index + 1 < len(cells) and cells[index + 1].strip() in _UNIT_CELLS:
            _set_cell_unit(number, cells[index + 1].strip())
        label = next((c for c in reversed(cells[:index]) if c.strip() and not _NUMERIC_CELL_RE.fullmatch(c.strip())),
                     "")
        labels = [label, header[index]] if header and index < len(header) else [label]
        latest = len(labels) > 1 and _PERIOD_RE.search(labels[1])  # a 本月 column beside 累计
        for label in labels:
            hint = _UNIT_HINT_RE.search(label)
            if hint and not number.measure:
                _set_cell_unit(number, hint.group(1))
            for m in self.catalog.literal.finditer(label) if self.catalog.literal else ():
                indicators = self.catalog.by_trigger[m.group()]
                if number.measure:
                    indicator = self._fit(indicators, number.measure)
                else:
                    indicator = indicators[0] if len(indicators) == 1 else None
                if indicator:
                    if not number.measure:
                        number.unit = number.measure = indicator.unit
                    return None if latest else (indicator, number.start, number.end)
        counted = next((label.strip() for label in labels if label.strip().endswith("数")), None)
        if counted and not number.measure:
            _set_cell_unit(number, "人" if counted.endswith("人数") else "个")  # a 问题数 column counts things
        return None


def _set_cell_unit(number: _Number, unit: str) -> None:
    """Give a bare table cell the unit written beside it; 万元 scales the value as 45万元 would."""
    number.unit = number.measure = unit
    if len(unit) > 1 and unit[0] in MULTIPLIER:
        number.value = scaled(number.value, MULTIPLIER[unit[0]])
        number.measure = unit[1:]


def _counts_problems(indicator: Indicator) -> bool:
    """Whether the indicator counts problems (its name says 问题, its unit is 个), which reports
    list in 条 as often as in 个 (查摆问题23条)."""
    return "问题" in indicator.name_zh and unit_fits("个", indicator.unit)


# What may stand between a problem trigger and a count in 条: a lead-in, after words that end in
# 问题 again (查摆问题，共梳理出4个方面问题23条) or in a completion (已整改完成18条); so
# 发现问题线索31条 counts clues.
_PROBLEMS_BETWEEN_RE = re.compile(r"(?:.*问题|.*完成|办结)?(?:共计|合计|总计|累计|达到|共|达|为|计)?")


def _counted_as_problems(indicator: Indicator, between: str) -> bool:
    """Whether a count in 条 reaching its trigger across ``between`` counts what the indicator
    counts; only an indicator of problems, counted in 个, needs the words in between to say so."""
    return unit_fits("条", indicator.unit) or bool(_PROBLEMS_BETWEEN_RE.fullmatch(between))


def _whole_if_whole(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _value(numeral: str) -> float | int | None:
    if numeral.isdigit():  # most numbers: plain digits
        return int(numeral)
    return arabic_number(numeral) if numeral[0].isdigit() else cn_number(numeral)
