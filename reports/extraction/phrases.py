"""What the rules ask of the words around a number: where triggers stand, what lies between them
and the number, and what a table row or the clause before says. Functions of the scan (text and
compiled catalog) and plain values; the order in which they are asked is in rules.py."""
from __future__ import annotations

from functools import lru_cache

from .catalog import Indicator, unit_fits
from .layout import table_cells
from .lexicon import (
    BUILT_VERBS,
    CLOSING_QUOTES,
    COMPLETION_VERBS,
    DURATION_RE,
    ELIDED_RE,
    EVENT_MEETINGS,
    FRAMING_RE,
    GATHERING_RE,
    INHERENT_RE,
    ITEM_RE,
    LEAD_INS,
    MEETING_RE,
    NEGATED_CHARS,
    NEUTRAL_MODIFIERS,
    NUMERIC_CELL_RE,
    OTHER_NOUN_RE,
    PARTY_BODY_RE,
    PEOPLE_NOUN_RE,
    PERIOD_RE,
    PERSON,
    PHRASE_END,
    PICKING_RE,
    PREPOSITIONS,
    PROBLEMS_BETWEEN_RE,
    RECTIFY_SOURCE_RE,
    REFERENCES,
    RESEARCH_SOURCE_RE,
    RESOLVED_RE,
    ROUNDS,
    SCOPE_RE,
    TRIP_STARTS,
    UNIT_CELLS,
    UNIT_HINT_RE,
    WORD_RE,
)
from .numbers import MULTIPLIER, Number, scaled
from .scan import Scan, Trigger

def standing_body(scan: Scan, indicator: Indicator, start: int, end: int) -> bool:
    """Whether the trigger at [start, end) names people or party bodies the catalog counts
    whole (党员, 党组织), which exist before the campaign; not the groups it sets up."""
    return indicator.kind == "snapshot" and bool(
        PEOPLE_NOUN_RE.search(scan.text, start, end) or PARTY_BODY_RE.search(scan.text, start, end)
    )


def inherent(scan: Scan, lo: int, start: int, end: int) -> bool:
    """Whether the clause words before the trigger at [start, end) only say again what it means."""
    pattern = INHERENT_RE.get(scan.text[start:end])
    return bool(pattern and pattern.fullmatch(scan.text, lo, start))


def narrowed(scan: Scan, lo: int, offset: int) -> bool:
    """Whether a 的 clause ending at ``offset`` narrows what follows (线上参学的流动党员); one that
    only states the campaign's scope does not (参加本批主题教育的党组织)."""
    return scan.text[offset - 1:offset] == "的" and not SCOPE_RE.search(scan.text, lo, offset)


def plain_modifier(scan: Scan, gap: str, indicator: Indicator, start: int, end: int) -> bool:
    """Whether words between a measure word and its noun leave the count the indicator's.

    People and party bodies narrowed by a modifier are a part of them (4个先进基层党组织), so
    they accept only neutral words. Anything else accepts a short modifier (10件民生实事,
    6个专项工作组, 43个在建重点项目), unless it ends in a noun the number counts instead
    (4个单位整改完成). A duration first changes nothing (2期为期3天的专题读书班).
    """
    duration = DURATION_RE.match(gap)
    if duration:
        gap = gap[duration.end():]
    if not gap or gap in NEUTRAL_MODIFIERS:
        return True
    if standing_body(scan, indicator, start, end) or len(gap) > 4 or not WORD_RE.fullmatch(gap):
        return False
    return not OTHER_NOUN_RE.search(gap)  # 4个单位整改完成 counts the 单位


def in_batches(scan: Scan, number: Number, indicator: Indicator, end: int) -> bool:
    """Whether the number says in how many rounds what ends the phrase at ``end`` was held:
    分4期举办处级干部读书班 counts 读书班 whatever stands between; or how many trips were made to
    do it (十余次到县（市、区）走访调研)."""
    t = scan.text
    if number.measure not in ROUNDS:
        return False
    if t[number.end:number.end + 1] in TRIP_STARTS:
        return counts_events(indicator)
    return t[number.digits_start - 1:number.digits_start] == "分" and (end >= len(t) or t[end] in PHRASE_END)


def meeting(scan: Scan, start: int, end: int, limit: int) -> int | None:
    """End of the meeting the trigger at [start, end) names the subject of (调研成果交流会), if
    it ends by ``limit``; None when the meeting's name holds another trigger (专题研讨交流会
    is a 研讨交流)."""
    if scan.text.find("会", end, limit) < 0:
        return None
    m = MEETING_RE.match(scan.text, end, limit)
    if not m or scan.catalog.literal.search(scan.text, start + 1, m.end()):
        return None
    return m.end()


def counts_events(indicator: Indicator) -> bool:
    """Whether the indicator counts sessions (次, 场次): a meeting right after its trigger is then one
    of them (宣讲大会152场次), not a meeting about it (调研成果交流会3场)."""
    return unit_fits("场", indicator.unit)


def fit(indicators: tuple[Indicator, ...], measure: str) -> Indicator | None:
    """The one indicator among ``indicators`` whose unit the measure word can count, else None."""
    if len(indicators) == 1:
        indicator = indicators[0]
        if unit_fits(measure, indicator.unit) or measure == "条" and counts_problems(indicator):
            return indicator
        return None
    fits = [i for i in indicators if unit_fits(measure, i.unit) or measure == "条" and counts_problems(i)]
    return fits[0] if len(fits) == 1 else None


def claimed(scan: Scan, trigger: Trigger, following: Number | None) -> bool:
    """Whether a trigger stands right before the next number and so belongs to it."""
    return (
        following is not None and trigger[1] <= following.start
        and scan.text[trigger[1]:following.start] in LEAD_INS
    )


def wrapping_indicator(scan: Scan, number: Number, lo: int, hi: int) -> Indicator | None:
    """The indicator of a trigger the number splits in two (检视的16个问题 -> 检视问题)."""
    t = scan.text
    before = t[max(lo, number.digits_start - 5):number.digits_start].rstrip("的")
    after = t[number.end:min(hi, number.end + 4)]
    if not before or not after or before[-1] + after[0] not in scan.catalog.pairs:
        return None  # the two characters around the number stand side by side in no trigger
    joined = before + after
    for m in scan.catalog.literal.finditer(joined):
        if m.start() < len(before) < m.end():
            return fit(scan.catalog.by_trigger[m.group()], number.measure)
    return None


def triggers_before(scan: Scan, number: Number, triggers: list[Trigger], lo: int):
    """(strong, weak, part) from ``triggers`` (all before the number): the strong and weak
    trigger, each as (indicator, start, end) or None, and whether the number counts a part of
    a body the catalog counts whole (then it reports no indicator at all).

    Strong: nothing but plain words between trigger and number; the closest wins. Weak: a 的
    or 等 in between, so the trigger sits inside a description of what is counted; the
    earliest weak one is the governing verb (纠正…不准的问题3个).
    """
    t, s, measure = scan.text, number.digits_start, number.measure
    weak, part = None, False
    # 指导组对4个支部进行提醒: the trigger before is who acted; but 走访群众和企业88次 counts visits,
    # which a noun of things never counts.
    other = measure not in ROUNDS and OTHER_NOUN_RE.search(t, max(lo, s - 6), s)
    if other or t[number.start - 1:number.start] in PREPOSITIONS:
        return None, weak, part
    for k in range(len(triggers) - 1, -1, -1):
        start, end, indicators = triggers[k]
        noun = t[end + 1:s].rstrip("".join(LEAD_INS)) if t[end:end + 1] in CLOSING_QUOTES else ""
        if noun:
            # “微实事”项目218个: a quoted name, then the noun counted, which names the indicator of
            # the trigger's category (民生项目/领办项目).
            category = indicators[0].category
            indicators = tuple(i for i in scan.catalog.indicators if i.category == category and noun in i.name_zh)
        indicator = fit(indicators, measure)
        if not indicator:
            continue
        if t[start - 2:start] in REFERENCES:
            continue  # 对照实施方案形成任务清单42项: what the work goes by is not what it yields
        between = t[end:s]
        if measure == "条" and not counted_as_problems(indicator, between):
            continue
        first = between[:1]
        if first == "中":
            part = True  # 检视问题中尚有12个…: a part of those counted elsewhere
            continue
        if first in NEGATED_CHARS and between.endswith("问题") and not counts_problems(indicator):
            continue  # 整改措施不落实问题7个 counts problems of a kind, not measures
        if between.endswith("的") or (
            "会" in between and not (counts_events(indicator) and between in EVENT_MEETINGS)
            and meeting(scan, start, end, s) == s
        ):
            # 检视问题浮于表面的11个: what is counted is left unnamed; 调研成果交流会3场
            # counts meetings about the trigger's subject.
            continue
        if "的" in between or "等" in between:
            # 集中学习、专题研讨等活动86场次 sums several kinds; a standing body is who acted
            # (指导组在督导中纠正…等问题14个), never counted through a description.
            if t[end] not in "、等" and indicator.kind != "snapshot":
                weak = (indicator, start, end)
            continue
        modifier = fit(triggers[k - 1][2], measure) if k and triggers[k - 1][1] == start else None
        if indicator.kind == "snapshot" and not inherent(scan, lo, start, end) and (
            narrowed(scan, lo, start)
            or measure in PERSON and PEOPLE_NOUN_RE.search(t, start, end)
            and not modifier and not FRAMING_RE.fullmatch(t, lo, start)
        ):
            # A described or qualified part of a body is not the whole (线上参学的流动党员,
            # 覆盖党员3000余人, 走访党员1200名, 农村党员8940名); a total is stated plainly
            # (共有党员11746名).
            part = True
            continue
        if standing_body(scan, indicator, start, end) and PICKING_RE.search(t, lo, start):
            return None, weak, True  # 指导组抽查党支部40个 counts bodies checked, nothing the catalog has
        # Two triggers in a row: the first names the part counted (参学党员, 集体学习研讨),
        # unless a standing body is followed by what it did (党组织检视问题).
        if modifier and modifier != indicator and not (
            modifier.kind == "snapshot" and indicator.kind != "snapshot"
        ):
            return (modifier, triggers[k - 1][0], end), weak, part
        if between not in LEAD_INS and may_be_enclosed(scan, start, end):
            # A gapped trigger around this one ends in the noun counted (民生实事项目 is a
            # 民生项目, not a 实事).
            gapped = find_gapped(scan, number, max(lo, start - 6))
            if gapped and gapped[1] < start and gapped[2] > end:
                return gapped, weak, part
        return (indicator, start, end), weak, part
    return find_gapped(scan, number, lo), weak, part


def may_be_enclosed(scan: Scan, start: int, end: int) -> bool:
    """Whether a gapped trigger's head (two characters, then a gap of one to four) could
    stand before the trigger at [start, end) with the trigger inside the gap: a cheap test."""
    heads, t = scan.catalog.gapped_heads, scan.text
    return any(t[start - k - 2:start - k] in heads for k in range(max(0, 5 - (end - start))))


def find_gapped(scan: Scan, number: Number, lo: int) -> tuple[Indicator, int, int] | None:
    """The closest gapped trigger in [lo, number) with plain words up to the number."""
    if not scan.catalog.gapped:
        return None
    t, s = scan.text, number.digits_start
    best = None
    for m in scan.catalog.gapped.finditer(t, lo, s):
        if not NEGATED_CHARS.isdisjoint(t[m.start() + 2:m.start(m.lastindex)]):
            continue  # 检视剖析不深问题 is a kind of problem, not problems found by 检视
        between = t[m.end():s]
        indicator = fit(scan.catalog.gapped_indicators[m.lastindex - 1], number.measure)
        if indicator and "的" not in between and "等" not in between:
            best = (indicator, m.start(), m.end())
    return best


def find_described(scan: Scan, number: Number, lo: int) -> tuple[Indicator, int, int] | None:
    """A trigger split by a description whose second part stands right before the number."""
    t, s = scan.text, number.digits_start
    ends = scan.catalog.described_ends
    if not (t[s - 2:s] in ends or t[s - 3:s - 1] in ends or t[s - 4:s - 2] in ends):
        return None  # no trigger's second half before the number, with a lead-in of up to two
    for m in scan.catalog.described.finditer(t, lo, s):
        if t[m.end():s] in LEAD_INS:
            indicator = fit(scan.catalog.described_indicators[m.lastindex - 1], number.measure)
            return (indicator, m.start(), m.end()) if indicator else None
    return None


def inherited_indicator(scan: Scan, number: Number, previous: Number | None, lo: int, sentence_start: int):
    """The previous number's indicator when this clause goes on counting the same thing."""
    if not previous or not previous.indicator or previous.measure != number.measure:
        return None
    t = scan.text
    same_sentence = previous.start >= sentence_start
    if not same_sentence and not next_item(scan, previous, sentence_start):
        return None
    item = ITEM_RE.match(t, lo)
    elided = ELIDED_RE.fullmatch(t, item.end() if item else lo, number.start)
    again = elided and elided.group("again")
    if again and again not in COMPLETION_VERBS and again not in t[sentence_start:previous.start]:
        return None  # 查摆问题20个，累计整改12个: a running total of something else
    if elided:
        verb = next((v for v in COMPLETION_VERBS if v in (elided.group("verb") or again or "")), None)
        if verb:
            # 检视问题20个，已完成13个: when the catalog counts completions of this category
            # separately (完成整改), that is the indicator. Otherwise matters completed are
            # matters done (领办实事18件，已完成15件), but things gathered are not completed by
            # being gathered (收集意见建议460条，已办结412条).
            done = tuple(
                indicator for indicator in scan.catalog.indicators
                if indicator.category == previous.indicator.category
                and any(verb in trigger for trigger in indicator.triggers)
            )
            if done:
                # Only completions of the same thing, as the names say (检视查摆问题 and
                # 完成整改问题 end alike); 整改措施 completed are not problems closed.
                done = tuple(d for d in done if d.name_zh[-2:] == previous.indicator.name_zh[-2:])
                return fit(done, number.measure) if done else None
            if GATHERING_RE.search(previous.indicator.name_zh) or verb in BUILT_VERBS:
                return None  # nor are projects built (项目218个，已建成完工29个) the projects led
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


def next_item(scan: Scan, previous: Number, line_start: int) -> bool:
    """Whether ``line_start`` opens a numbered item that follows the one holding ``previous``:
    1.新建制度机制52项。 / 2.修订完善83项。 go on like clauses of one sentence."""
    t = scan.text
    if t[line_start - 1:line_start] != "\n" or not ITEM_RE.match(t, line_start):
        return False
    previous_line = t.rfind("\n", 0, line_start - 1) + 1
    return previous.start >= previous_line and bool(ITEM_RE.match(t, previous_line))


def from_table(scan: Scan, number: Number) -> tuple[Indicator, int, int] | None:
    """Indicator of a number in a table row, from its row label or else its column header.

    Also sets the unit of a bare cell: the next cell (17\t个), a unit in the label
    (读书班（期）) or the catalog unit of the indicator the label names. A bare cell left
    without a unit (a row number, a year) is no figure.
    """
    found = table_cells(scan.text, number.digits_start)
    if not found:
        return None
    cells, index, header = found
    if number.bare_cell and index + 1 < len(cells) and cells[index + 1].strip() in UNIT_CELLS:
        set_cell_unit(number, cells[index + 1].strip())
    label = next((c for c in reversed(cells[:index]) if c.strip() and not NUMERIC_CELL_RE.fullmatch(c.strip())),
                 "")
    labels = [label, header[index]] if header and index < len(header) else [label]
    latest = len(labels) > 1 and PERIOD_RE.search(labels[1])  # a 本月 column beside 累计
    for label in labels:
        hint = UNIT_HINT_RE.search(label)
        if hint and not number.measure:
            set_cell_unit(number, hint.group(1))
        for m in scan.catalog.literal.finditer(label) if scan.catalog.literal else ():
            indicators = scan.catalog.by_trigger[m.group()]
            if number.measure:
                indicator = fit(indicators, number.measure)
            else:
                indicator = indicators[0] if len(indicators) == 1 else None
            if indicator:
                if not number.measure:
                    number.unit = number.measure = indicator.unit
                return None if latest else (indicator, number.start, number.end)
    counted = next((label.strip() for label in labels if label.strip().endswith("数")), None)
    if counted and not number.measure:
        set_cell_unit(number, "人" if counted.endswith("人数") else "个")  # a 问题数 column counts things
    return None


def set_cell_unit(number: Number, unit: str) -> None:
    """Give a bare table cell the unit written beside it; 万元 scales the value as 45万元 would."""
    number.unit = number.measure = unit
    if len(unit) > 1 and unit[0] in MULTIPLIER:
        number.value = scaled(number.value, MULTIPLIER[unit[0]])
        number.measure = unit[1:]


def counts_problems(indicator: Indicator) -> bool:
    """Whether the indicator counts problems (its name says 问题, its unit is 个), which reports
    list in 条 as often as in 个 (查摆问题23条)."""
    return "问题" in indicator.name_zh and unit_fits("个", indicator.unit)


def counted_as_problems(indicator: Indicator, between: str) -> bool:
    """Whether a count in 条 reaching its trigger across ``between`` counts what the indicator
    counts; only an indicator of problems, counted in 个, needs the words in between to say so."""
    return unit_fits("条", indicator.unit) or bool(PROBLEMS_BETWEEN_RE.fullmatch(between))


def problem_source_of(scan: Scan, lo: int, offset: int) -> str | None:
    """"research", "rectify" or None: the catalog category of problems found that the source word
    closest before ``offset`` in [lo, offset) names (通过调研…, 自查自纠…)."""
    t = scan.text
    research = [m.end() for m in RESEARCH_SOURCE_RE.finditer(t, lo, offset)]
    rectify = [m.end() for m in RECTIFY_SOURCE_RE.finditer(t, lo, offset)]
    if not research and not rectify:
        return None
    return "research" if max(research, default=-1) > max(rectify, default=-1) else "rectify"


@lru_cache(maxsize=256)
def resolves(name: str) -> bool:
    """Whether an indicator's name says it counts things resolved (化解信访问题, 完成整改问题)."""
    return bool(RESOLVED_RE.search(name))
