"""The attribution rules: which catalog indicator a number reports, in named, ordered slots.

For each number the extractor first asks the VETOES; the first that holds refuses attribution
outright. Otherwise it runs the STEPS in order; the first with a say decides: an indicator with
its evidence span, or REFUSED (a step that refuses is a veto in the middle of the order, where
what it checks first becomes meaningful). An indicator found may then be changed by the
REFINERS for one the words around say better, and last refused by the OVERRULES. The name of
the rule that decided is recorded on the figure (``rule``); NO_TRIGGER when no rule had a say.
A new rule is a function of (scan, clause) put in its slot, with a test module of its own
(tests/reports/rules/).

Attribution prefers no answer to a doubtful one: a wrong figure on a leader's chart is worse than a
missing one.
"""
from __future__ import annotations

from .catalog import Indicator
from .layout import RESULT
from .lexicon import (
    CLAUSE_COMMAS,
    GATHERED_RE,
    HANDLED_RE,
    INHERENT_TAIL_RE,
    KINDS,
    LABEL_OPENERS,
    LEVELS,
    NEGATED_CHARS,
    NOUN_AFTER_RE,
    OTHER_NOUN_AT_RE,
    PEOPLE_AFTER_RE,
    PERIOD_RE,
    PERSON,
    PHRASE_END,
    PICKING_RE,
    PLANNED_MONEY_RE,
    PROBLEM_MONEY_RE,
    REPORTING_IN_RE,
    RESOLVED_AFTER_RE,
    RESOLVED_BEFORE_RE,
    RESOLVED_RE,
    SCOPE_RE_LEVEL,
    SENTENCE_END_RE,
    SPENT_RE,
    TOTAL_CLAUSE_RE,
    VISITORS_RE,
    WHOLE_RE,
)
from .numbers import Number
from .phrases import (
    claimed,
    find_described,
    fit,
    from_table,
    in_batches,
    inherited_indicator,
    meeting,
    narrowed,
    plain_modifier,
    problem_source_of,
    resolves,
    standing_body,
    triggers_before,
    wrapping_indicator,
)
from .scan import Scan

# What a step decides: (indicator, evidence start, evidence end); REFUSED says no indicator.
Verdict = tuple[Indicator | None, int, int]
REFUSED: Verdict = (None, -1, -1)
NO_TRIGGER = "no_trigger"


class Clause:
    """What the rules read about one number: its neighbours, its clause and its sentence.

    ``lo``..``hi`` is the stretch the number's own triggers come from: its clause, cut at the
    number before and the number after. ``noun`` is the trigger naming what is counted right after
    the measure word (5个工作组), if any, and ``after`` all triggers after the number. ``weak`` and
    ``part`` are what trigger_before found besides its answer, for the steps after it.
    """

    __slots__ = ("numbers", "i", "number", "previous", "following", "clause_start", "sentence_start",
                 "context", "flags", "lo", "hi", "triggers", "noun", "after", "weak", "part")

    def __init__(self, numbers: list[Number], i: int, clause_start: int, sentence_start: int,
                 context: str, flags: list[str]):
        self.numbers, self.i, self.number = numbers, i, numbers[i]
        self.clause_start, self.sentence_start = clause_start, sentence_start
        self.context, self.flags = context, flags

    def bound(self, scan: Scan) -> None:
        """Set lo, hi, the triggers between them and the noun after the number, before the steps run."""
        t, number, numbers, i = scan.text, self.number, self.numbers, self.i
        previous = numbers[i - 1] if i else None
        self.following = following = numbers[i + 1] if i + 1 < len(numbers) else None
        if previous and t[previous.end:previous.end + 2] in KINDS:
            previous = None  # 4个方面问题23条: the problems are counted after their kinds
        self.previous = previous
        self.lo = previous.end if previous and previous.end > self.clause_start else self.clause_start
        self.hi = scan.clause_end(number.end)
        if following and following.start < self.hi and t[following.start - 2:following.start] != "为期":
            self.hi = following.start  # but 1期为期4天的读书班: the duration describes what is counted
        self.triggers = scan.triggers(self.lo, self.hi)
        e = number.end
        self.after = after = [trigger for trigger in self.triggers if trigger[1] > e]
        self.noun = None
        if after and not claimed(scan, after[0], following):
            start, end, indicators = after[0]
            indicator = fit(indicators, number.measure)
            if indicator and (
                start <= e
                or plain_modifier(scan, t[e:start], indicator, start, end)
                or in_batches(scan, number, indicator, end)
            ) and not meeting(scan, start, end, self.hi):
                self.noun = (indicator, start, end)


# -- vetoes: no attribution at all -----------------------------------------------------------------

def outside_results(scan: Scan, clause: Clause) -> bool:
    """存在问题 and 下一步 sections, and plan sentences or clauses (下一步将…, 力争完成12个) are not
    the unit's own results."""
    return clause.context != RESULT


def flagged_clause(scan: Scan, clause: Clause) -> bool:
    """Counts per unit (每个指导组联系20个单位), norms (不少于2次), things removed (废止文件19件) and
    differences (较上季度多出45件)."""
    return bool(clause.flags)


def uncounted_measure(scan: Scan, clause: Clause) -> bool:
    """A measure word no catalog unit fits (120户, 35%): nothing to attribute."""
    number = clause.number
    return not number.bare_cell and not scan.catalog.counts(number.measure)


VETOES = (outside_results, flagged_clause, uncounted_measure)


# -- steps, in order -------------------------------------------------------------------------------

def table_cell(scan: Scan, clause: Clause) -> Verdict | None:
    """A bare number in a table (检视问题\t17): its row label or column header, and nothing else."""
    if clause.number.bare_cell:
        return from_table(scan, clause.number) or REFUSED
    return None


def counts_kinds(scan: Scan, clause: Clause) -> Verdict | None:
    """梳理出4个方面问题, 重点领域15个: the number counts kinds of problems, not problems; unless what
    the kinds are is a trigger right after them (开展5个领域专项治理 counts campaigns)."""
    t, number, noun = scan.text, clause.number, clause.noun
    if t[number.end:number.end + 2] in KINDS:
        return None if noun and noun[1] == number.end + 2 else REFUSED
    if t[number.start - 2:number.start] in KINDS:
        # 8个方面49条意见建议 counts items after counting their kinds
        counted = clause.i and clause.numbers[clause.i - 1].end == number.start - 2
        return None if counted else REFUSED
    return None


def narrowed_body(scan: Scan, clause: Clause) -> Verdict | None:
    """行动不便的1340名党员: a described part of the members, not the membership; so are members
    listed with other people (党员、干部) and bodies picked out by a verb (走访8个基层党组织)."""
    noun, t, start = clause.noun, scan.text, clause.number.start
    if not noun or not standing_body(scan, *noun):
        return None
    if narrowed(scan, clause.lo, start):
        inherent = INHERENT_TAIL_RE.get(t[noun[1]:noun[2]])
        if not (inherent and inherent.search(t, clause.lo, start)):  # 在外务工经商的1500多名流动党员
            return REFUSED
    end = noun[2]
    if t[end:end + 1] in ("、", "和", "及") and PEOPLE_AFTER_RE.match(t, end + 1):
        return REFUSED  # 14937名党员、干部参与走访: members and cadres together
    if PICKING_RE.search(t, max(clause.lo, start - 4), start):
        return REFUSED  # 实地走访8个基层党组织 counts bodies visited
    return None


def noun_after(scan: Scan, clause: Clause) -> Verdict | None:
    """The noun right after the measure word is what is counted: 5个工作组, 195个年度重点项目;
    it may begin on the measure word itself (名党员). People must end the phrase (在9,214名党员中开展):
    1200余名党员到社区报到 counts people doing something (see predicate_after)."""
    noun = clause.noun
    if not noun:
        return None
    t, end = scan.text, noun[2]
    if clause.number.measure not in PERSON or end >= len(t) or t[end] in PHRASE_END or t[end] == "中":
        return noun
    return None


def whole_body(scan: Scan, clause: Clause) -> Verdict | None:
    """The people or bodies of a whole place, whatever they do next: 全县1.5万多名党员学习不漏人,
    全县1800多个基层党组织、3万多名党员普遍参加; unless a trigger after names what they did
    (predicate_after, before this) or the noun goes on (全县两千余名党员干部). So are those described
    only by what the noun means (在外务工经商的1500多名流动党员)."""
    noun = clause.noun
    t, start = scan.text, clause.number.start
    if not noun or not standing_body(scan, *noun) or PEOPLE_AFTER_RE.match(t, noun[2]):
        return None
    inherent = INHERENT_TAIL_RE.get(t[noun[1]:noun[2]])
    if WHOLE_RE.search(t, clause.sentence_start, start) or inherent and inherent.search(t, clause.lo, start):
        return noun
    return None


def other_noun_after(scan: Scan, clause: Clause) -> Verdict | None:
    """指导组约谈5个单位 counts the 单位 (a person noun there names who did it); so does such a noun
    right after the measure word, whatever follows (指导组深入九个乡镇开展督导)."""
    number, t = clause.number, scan.text
    if number.measure not in PERSON and NOUN_AFTER_RE.match(t, number.end, clause.hi):
        return REFUSED
    if not clause.noun and OTHER_NOUN_AT_RE.match(t, number.end, clause.hi):
        return REFUSED
    return None


def trigger_before(scan: Scan, clause: Clause) -> Verdict | None:
    """The closest trigger before the number in its clause, with only plain words between
    (集中学习共12次). Notes for part_of_body and described_trigger what else it saw."""
    s = clause.number.digits_start
    strong, clause.weak, clause.part = triggers_before(
        scan, clause.number, [trigger for trigger in clause.triggers if trigger[1] <= s], clause.lo
    )
    return strong


def label_or_total_before(scan: Scan, clause: Clause) -> Verdict | None:
    """The clause before, when this one only totals it (统一征订学习书目，共计9,800余册; 开展集中培训，
    目前已完成86场) or that one is a label ending in the trigger at the start of the line or after
    a semicolon or comma (2.读书班：举办3期; 检视问题：50项；已整改：40项)."""
    t, lo, number, previous = scan.text, clause.lo, clause.number, clause.previous
    if t[lo - 1:lo] not in CLAUSE_COMMAS:
        return None
    own = any(trigger[1] <= number.digits_start for trigger in clause.triggers)
    colon = t[lo - 1] in "：:" and not own
    total = not colon and TOTAL_CLAUSE_RE.match(t, lo)
    if not (colon or total):
        return None
    previous_lo = scan.clause_start(lo - 1)
    label = colon and t[previous_lo - 1:previous_lo] in LABEL_OPENERS  # 检视问题：50项；已整改：40项
    if not (label or total) or previous and previous.end > previous_lo:
        return None
    earlier = scan.triggers(previous_lo, lo - 1)
    if label:  # the label's triggers: the one ending at the colon and those run together before it
        chain, end = [], lo - 1
        for trigger in reversed(earlier):
            if trigger[1] != end:
                break
            chain.append(trigger)
            end = trigger[0]
        earlier = chain[::-1]  # 全县参学党员：12,345名 keeps 参学 naming the part counted
    strong, _, _ = triggers_before(scan, number, earlier, previous_lo)
    return strong


def resolution(scan: Scan, clause: Clause) -> Verdict | None:
    """Resolution said around the number rather than by a trigger: 50余个问题得到了回应和解决,
    交办的信访问题中已有154件得到解决, 排查出矛盾问题2754个，已及时化解2438个. The indicator is the
    one whose name holds the verb, or, of those that resolve, the one the sentence names (信访问题)."""
    t, number = scan.text, clause.number
    after = RESOLVED_AFTER_RE.match(t, number.end)
    before = None if after else RESOLVED_BEFORE_RE.search(t, clause.lo, number.start)
    if before and not (clause.i and clause.numbers[clause.i - 1].start >= clause.sentence_start):
        return None  # what was resolved is the count before it in the sentence
    verb = after or before
    if not verb:
        return None
    resolving = [i for i in scan.catalog.indicators if resolves(i.name_zh)]
    named = [
        i for i in resolving
        if any(t.find(trigger, clause.sentence_start, number.start) >= 0 for trigger in i.triggers)
    ]
    candidates = named or [i for i in resolving if verb.group(1) in i.name_zh]
    indicator = fit(tuple(candidates[:1]), number.measure)
    return (indicator, number.start, number.end) if indicator else None


def part_of_body(scan: Scan, clause: Clause) -> Verdict | None:
    """A part of a body the catalog counts whole: 线上参学的流动党员, 走访党员1200名, 检视问题中尚有12个,
    指导组抽查党支部40个."""
    return REFUSED if clause.part else None


def wrapped_trigger(scan: Scan, clause: Clause) -> Verdict | None:
    """A trigger broken by the number: 检视的16个问题."""
    number = clause.number
    indicator = wrapping_indicator(scan, number, clause.lo, clause.hi)
    return (indicator, number.start, number.end) if indicator else None


def elided_object(scan: Scan, clause: Clause) -> Verdict | None:
    """No trigger of its own: the object left out is the one just counted (新建制度机制45项，修订
    完善71项; 三个支部分别检视问题12个、8个和5个)."""
    number = clause.number
    inherited = inherited_indicator(scan, number, clause.previous, clause.lo, clause.sentence_start)
    return (inherited, number.start, number.end) if inherited else None


def described_trigger(scan: Scan, clause: Clause) -> Verdict | None:
    """A trigger inside a description of what is counted: 纠正…不够深入等问题14个."""
    return clause.weak


def split_trigger(scan: Scan, clause: Clause) -> Verdict | None:
    """A trigger split by a description: 解决水压不足、抄表不准等实际问题57个."""
    return find_described(scan, clause.number, clause.lo)


def predicate_after(scan: Scan, clause: Clause) -> Verdict | None:
    """People doing something: a later trigger names what they did (1.3万名党员学习全覆盖)."""
    noun, after = clause.noun, clause.after
    if not noun:
        return None
    number = clause.number
    for start, end, indicators in after[1:]:
        indicator = fit(indicators, number.measure)
        if indicator:
            return indicator, number.start, end
    return None


def problem_head_noun(scan: Scan, clause: Clause) -> Verdict | None:
    """Problems named by the bare noun, before the number (归纳出突出问题126个, 查找8个方面问题90个)
    or after it (梳理出198条问题): problems found, by research or by self-inspection as the words
    before say (see problem_source); neither said, no answer. Problems of a kind (不规范问题) and
    problems handled (督办问题, 整改问题) are not problems found."""
    t, number = scan.text, clause.number
    s, e = number.digits_start, number.end
    if t.endswith("问题", 0, s):
        described = t[max(clause.lo, s - 8):s - 2]  # 学习不扎实问题31个, 督办问题43个: a kind, or problems handled
    elif t.startswith("问题", e) and (e + 2 >= len(t) or t[e + 2] in PHRASE_END):
        described = ""
    else:
        return None
    if not NEGATED_CHARS.isdisjoint(described) or HANDLED_RE.search(t, clause.lo, s):
        return None
    found = scan.catalog.problems_found
    source = problem_source_of(scan, clause.sentence_start, clause.number.digits_start)
    indicator = found.get(source) if source else None
    if indicator and fit((indicator,), number.measure):
        return indicator, number.start, number.end
    return None


def table_row(scan: Scan, clause: Clause) -> Verdict | None:
    """A cell of a table row: the row label or the column header names it (检视问题\t17个)."""
    t, number = scan.text, clause.number
    if t[clause.lo - 1:clause.lo] == "\t" or t[number.end:number.end + 1] == "\t":
        return from_table(scan, number) or REFUSED
    return None


STEPS = (
    table_cell, counts_kinds, narrowed_body, noun_after, other_noun_after, trigger_before, label_or_total_before,
    resolution, part_of_body, wrapped_trigger, elided_object, described_trigger, split_trigger, predicate_after,
    whole_body, problem_head_noun, table_row,
)


# -- refiners: an indicator found, changed for one its words say better ------------------------------

def problem_source(scan: Scan, clause: Clause, indicator: Indicator) -> Indicator | None:
    """Problems found by research or by self-inspection, as the closest word before the number in
    its sentence says (通过调研，梳理形成问题清单30个; 自查自纠发现问题154件), not as the trigger does."""
    found = scan.catalog.problems_found
    if found.get(indicator.category) is not indicator:
        return None
    source = problem_source_of(scan, clause.sentence_start, clause.number.digits_start)
    return found.get(source) if source else None


REFINERS = (problem_source,)


# -- overrules: an indicator found, refused for the figure -----------------------------------------

def part_of_total(scan: Scan, clause: Clause) -> bool:
    """其中农村党员8,940名, 其中获评优秀调研报告12篇: 其中 makes the number a part of the total before
    it in the sentence, which a chart would show as the whole. The number keeps no indicator, so
    what follows does not go on counting it."""
    number, sentence_start = clause.number, clause.sentence_start
    at = scan.text.rfind("其中", sentence_start, number.digits_start)
    if at < 0:
        return False
    total = next((n for n in reversed(clause.numbers[:clause.i]) if n.end <= at), None)
    if total is not None and total.start >= sentence_start and total.indicator is number.indicator:
        number.indicator = None
        return True
    return False


def latest_period(scan: Scan, clause: Clause) -> bool:
    """本月开展集中学习3次: a count for the latest period only, which a chart of totals must not
    show; the number keeps its indicator for a running total after it (累计开展12次). A weekly
    bulletin (本周综述, 周报) reports the week: its 本周 counts stand."""
    t, lo, offset = scan.text, clause.clause_start, clause.number.start
    period = PERIOD_RE.search(t, lo, offset) or (
        t.find("累计", lo, offset) < 0 and PERIOD_RE.match(t, clause.sentence_start)
    )
    if not period:
        return False
    # In a weekly bulletin the week is the period reported: its 本周 counts are its figures, unless
    # the sentence goes on to the running total (本周开展宣讲6场，累计41场).
    if scan.weekly and period.group() == "本周":
        end = SENTENCE_END_RE.search(t, offset)
        return t.find("累计", offset, end.start() if end else len(t)) >= 0
    return True


def planned_money(scan: Scan, clause: Clause) -> bool:
    """Money planned, budgeted or signed (计划总投资178.7亿元, 当年计划完成投资17亿元), a bare 投资
    describing a project (投资5.3亿元、全长15公里的公路), or funds of problems (整改到位资金): not
    money spent."""
    number = clause.number
    indicator = number.indicator
    if indicator.unit != "元":
        return False
    t, lo = scan.text, clause.clause_start
    start = number.evidence[0]  # the trigger's, which may stand in a label before the clause
    # Only words right at the trigger plan it: 新签约引进项目到位资金 is money that arrived.
    if PLANNED_MONEY_RE.search(t, max(0, start - 4), number.start):
        return True
    if PROBLEM_MONEY_RE.search(t, max(0, start - 4), start):
        return True  # 已整改到位资金：21亿元 are funds of problems put right, not investment
    return t[start:start + 2] == "投资" and not SPENT_RE.search(t, lo, start)


def gathered_not_resolved(scan: Scan, clause: Clause) -> bool:
    """Cases gathered or handed over are not cases resolved (排查梳理信访案件42件, 交办的218件信访问题),
    unless the clause says they were (交办的信访问题中已有154件得到解决)."""
    number = clause.number
    if not resolves(number.indicator.name_zh):
        return False
    t, lo, end = scan.text, clause.clause_start, number.start
    gathered = [m.end() for m in GATHERED_RE.finditer(t, lo, end)]
    return bool(gathered) and not RESOLVED_RE.search(t, gathered[-1], clause.hi)  # hi: before the next number


def reported_in(scan: Scan, clause: Clause) -> bool:
    """Bodies and members from elsewhere reporting in to the unit (6个党组织、79名在职党员到街道报到)."""
    number = clause.number
    if number.indicator.kind != "snapshot" or not standing_body(scan, number.indicator, *number.evidence):
        return False
    t = scan.text
    end = t.find("。", number.end)
    return bool(REPORTING_IN_RE.search(t, number.end, end if end >= 0 else len(t)))


def higher_level(scan: Scan, clause: Clause) -> bool:
    """A figure of a level above the report's own, quoted for comparison: in a county's report,
    全市共检视问题1,200余个 (the closest scope word before the number in its clause decides); and
    visits others paid to the unit (市委主题教育办先后3次来县调研指导)."""
    if VISITORS_RE.search(scan.text, clause.sentence_start, scan.clause_end(clause.number.end)):
        return True
    if scan.level is None:
        return False
    # in the number's own clause: 比对全国党员管理信息系统…，共排查出流动党员2408名 is the county's
    scopes = list(SCOPE_RE_LEVEL.finditer(scan.text, clause.clause_start, clause.number.start))
    return bool(scopes) and LEVELS[scopes[-1].group(1)] < scan.level


OVERRULES = (part_of_total, latest_period, planned_money, gathered_not_resolved, reported_in, higher_level)

# What the review page shows beside a figure: the rule in a reviewer's words.
RULE_LABELS = {
    outside_results.__name__: "问题或计划部分",
    flagged_clause.__name__: "人均、标准、撤销或对比",
    uncounted_measure.__name__: "单位不属任何指标",
    table_cell.__name__: "表格单元格",
    counts_kinds.__name__: "计数的是类别",
    narrowed_body.__name__: "限定后的部分人员或组织",
    noun_after.__name__: "量词后的名词",
    other_noun_after.__name__: "量词后是其他对象",
    trigger_before.__name__: "数字前的关键词",
    label_or_total_before.__name__: "前一分句的标题或合计",
    part_of_body.__name__: "整体中的一部分",
    wrapped_trigger.__name__: "数字嵌在关键词中",
    elided_object.__name__: "承接上一个数字",
    described_trigger.__name__: "描述中的关键词",
    split_trigger.__name__: "被描述隔开的关键词",
    predicate_after.__name__: "人员所做的事",
    table_row.__name__: "表格行或列标题",
    whole_body.__name__: "全县（市、区）的总数",
    resolution.__name__: "得到解决、已化解",
    problem_head_noun.__name__: "以“问题”为中心词",
    problem_source.__name__: "问题来源（调研或检视）",
    part_of_total.__name__: "“其中”的部分",
    latest_period.__name__: "仅本期数字",
    planned_money.__name__: "计划或总投资",
    gathered_not_resolved.__name__: "排查或交办而非化解",
    reported_in.__name__: "外单位报到",
    higher_level.__name__: "上级数字（对比引用）",
    NO_TRIGGER: "未找到关键词",
}
