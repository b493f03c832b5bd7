"""Trigger phrases proposed from reviewers' corrections: pure Python, no database.

When a reviewer gives a figure an indicator the extractor missed, the words that name what the
number counts in its clause are a candidate trigger for that indicator. ``trigger_proposal``
finds them: the noun phrase right after the measure word (组建11个督导组), else the noun phrase
before the number (学习材料9000余份, and the name before a colon in 已办结：40件), stripped of
lead-ins, qualifiers, verbs, numbers and punctuation. It prefers no answer to a doubtful one: an
accepted trigger fires in every later report, so a short or generic one would spoil precision.
"""
import re

# Clause boundaries; a colon ends the name of a "名称：数量" line.
_BOUNDARIES = "，,；;。！!？?\n\t、：:"
_BOUNDARY_RE = re.compile(f"[{_BOUNDARIES}]")
_COLONS = frozenset("：:")

_DIGITS = "0-9０-９"
_CN_NUMERALS = "零〇一二两三四五六七八九十百千"
# A number with its qualifiers and multiplier: 1,546 / １０ / 三十七 / 80多 / 1.5万多 / 十余.
_NUMBER_RE = re.compile(
    rf"(?:[{_DIGITS}][{_DIGITS},，.．]*|[{_CN_NUMERALS}]+)(?:余|多|来)?(?:万|亿|千)?(?:余|多)?"
)
# Measure words a campaign figure is written with, longest first.
MEASURE_WORDS = (
    "人次", "场次", "批次", "户次", "件次", "个", "名", "人", "位", "次", "场", "轮", "期", "项", "件", "条", "篇",
    "份", "本", "册", "套", "户", "家", "所", "支", "批", "类", "处", "起", "元", "万元", "亿元", "大",
)
_MEASURE_CHARS = frozenset("".join(MEASURE_WORDS))

# Words at either end of a phrase that do not name what is counted.
_LEAD_INS = (
    "截至目前", "截止目前", "目前", "其中", "同时", "另外", "此外", "先后", "累计", "共计", "合计", "总计",
    "达到", "已经", "已有", "现有", "共有", "全县", "全市", "全区", "全镇", "全乡", "全州", "全省", "各级",
    "共", "达", "计", "为", "已", "有", "又", "均", "再", "约", "近", "超过", "不少于", "逾", "总",
)
_QUALIFIERS = (
    "具体", "重点", "各类", "各项", "各种", "突出", "主要", "相关", "全部", "年度", "全年", "新增", "一批",
    "系统", "集中", "深入", "认真", "精心", "广泛", "积极", "主动", "扎实", "及时",
)
# Verbs that open the phrase naming what is counted (制定对策措施, 归纳出突出问题); the phrase is
# what follows the last of them. A number of actions (走访88次) is named by its object, which then
# must say itself what it is.
_VERBS = (
    "研究制定", "制定", "制订", "明确", "形成", "梳理", "归纳", "查找", "收集", "征求", "征集", "发放", "印发",
    "推进", "推动", "落实", "建立", "确定", "完成", "实施", "选派", "派出", "组建", "成立", "抽调", "挑选",
    "选取", "聚焦", "围绕", "针对", "结合", "涉及", "提出", "列出", "整理", "汇总", "排查", "摸排", "开展",
    "召开", "举办", "组织", "举行", "参加", "参与", "发现", "解决", "办理", "推出", "编印", "编发", "下发",
    "报送", "撰写", "精选", "遴选", "确保", "覆盖", "出台", "修订", "完善", "健全", "列支", "投入", "安排",
    "拨付", "增加", "新增", "认领", "赠送", "受理", "交办", "筛选", "选定", "编制", "拟定", "设立", "配备",
    "吸纳", "动员", "召集", "协调", "收录", "采取", "开设", "评选", "采用",
)
_VERB_RE = re.compile("(?:" + "|".join(sorted(_VERBS, key=len, reverse=True)) + ")出?")
# Where the noun phrase after a measure word stops: a verb or adverb of the rest of the clause
# (党员普遍参加, 党员学习不漏人).
_PHRASE_STOP_RE = re.compile(
    r"(?:普遍|同样|能够|接受|得到|进行|学习|参加|参与|都|均|全部|分别|已|在|到|于|被|将|正|不|也|共|累计|达)"
)
# A phrase equal to one of these fires everywhere: generic nouns and verbs of every report.
_GENERIC = frozenset(
    {
        "问题", "工作", "项目", "活动", "情况", "事项", "任务", "单位", "群众", "干部", "人员", "内容", "措施",
        "次数", "人次", "方面", "领域", "层面", "成果", "材料", "会议", "意见", "建议", "政策", "资金",
        "整改", "完成", "开展", "落实", "推进", "组织", "举办", "召开", "解决", "办理", "实施", "参加",
        "学习", "调研", "走访", "检查", "督导", "指导", "服务", "建设", "发展", "治理", "整治", "宣传",
        "主题教育", "党组织", "党员", "同志", "领导", "企业", "村", "社区", "乡镇", "部门", "小组", "化解",
        "难题", "事情", "事项",
    }
    | set(_VERBS)
)
# A number of kinds, not of things (4个方面问题, 5个领域).
_KINDS_RE = re.compile(r"^(?:方面|领域|层面|维度|环节|类别|层次|类)")
_SCOPE_RE = re.compile(r"^(?:[全各本我][县市区镇乡州省村])")
# A phrase after the measure word that opens with these is the rest of the clause, not a noun
# (154件得到解决, 十余次到县里调研).
_NOT_A_NOUN_RE = re.compile(r"^(?:得到|到|在|对|向|从|给|把|赴|往|于|被|已|均|都|将|由)")
# Particles and prepositions inside a phrase make it a clause, not a name (增加了, 从党费中列支).
_CLAUSE_CHARS = frozenset("了着从把被")
MIN_LENGTH = 2
MAX_LENGTH = 8


def _clause_bounds(*, text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from after the boundary before it to the boundary after."""
    match = _BOUNDARY_RE.search(text, end)
    after = match.start() if match else len(text)
    before = max(text.rfind(mark, 0, start) for mark in _BOUNDARIES) + 1
    return before, after


def trigger_proposal(*, text: str, start: int, end: int, unit: str) -> str | None:
    """The phrase of ``text`` that names what the figure at ``text[start:end]`` counts, or None.

    ``unit`` is the indicator's unit, recognised as a measure word beside the built-in ones. The
    span may hold words before the number (问题清单30个); the last number in it is the figure's.
    """
    number = _last_number(text, start, end)
    if number is None:
        return None
    number_start, number_end = number
    measure_end = _measure_end(text, number_end, unit)
    clause_start, clause_end = _clause_bounds(text=text, start=number_start, end=number_end)
    after = _phrase_after(text, measure_end, clause_end) if measure_end > number_end else None
    if after is not None:
        # A noun after the measure word is what is counted (材料组4个小组), even when it is refused.
        return _accepted(after)
    return _phrase_before(text, clause_start, number_start)


def _last_number(text: str, start: int, end: int) -> tuple[int, int] | None:
    found = None
    for match in _NUMBER_RE.finditer(text, max(0, start), min(len(text), end)):
        if match.group().strip(",，.．"):
            found = match.start(), match.end()
    return found


def _measure_end(text: str, position: int, unit: str) -> int:
    for word in sorted({unit, *MEASURE_WORDS} - {""}, key=len, reverse=True):
        if text.startswith(word, position):
            return position + len(word)
    return position


def _phrase_after(text: str, position: int, clause_end: int) -> str | None:
    """The noun phrase after the measure word, cleaned but not yet judged; None when none follows."""
    rest = text[position:clause_end]
    if _KINDS_RE.match(rest):
        return ""
    if _NOT_A_NOUN_RE.match(rest) or not _clean(rest):
        return None
    rest = rest.split("的", 1)[0]
    if clause_end < len(text) and text[clause_end] == "、" and "的" in _sentence_rest(text, clause_end):
        return ""  # 56名政治素质好、作风过硬的干部: a list of modifiers; the noun comes later
    rest = _strip_verbs_ahead(rest)
    # A stop word ending the phrase belongs to it (专题学习); one inside starts the predicate.
    stop = next((m for m in _PHRASE_STOP_RE.finditer(rest, MIN_LENGTH) if m.end() < len(rest)), None)
    if stop:
        rest = rest[: stop.start()]
    return _clean(rest)


def _phrase_before(text: str, clause_start: int, number_start: int) -> str | None:
    head = text[clause_start:number_start]
    if not head.strip() and clause_start > 0 and text[clause_start - 1] in _COLONS:
        # 已办结：40件 — the line's name stands before the colon.
        name_start, _ = _clause_bounds(text=text, start=clause_start - 1, end=clause_start - 1)
        head = text[name_start : clause_start - 1]
    # Only what follows an earlier number of the clause (全县34名干部明确调研内容30项).
    earlier = list(_NUMBER_RE.finditer(head))
    if earlier:
        head = head[earlier[-1].end() :]
        head = head[_measure_end(head, 0, "") :]
    # The noun after the last verb, modifier (群众反映的问题), conjunction (领导和干部) or list end
    # (融资等方面难题); a verb ending the head is the phrase itself, and refused as generic.
    verbs = list(_VERB_RE.finditer(head))
    if verbs:
        head = head[verbs[-1].end() :] if verbs[-1].end() < len(head) else head[verbs[-1].start() :]
    head = re.split("的|和|与|及(?!时)|等", head)[-1]
    return _accepted(_clean(head))


def _sentence_rest(text: str, position: int) -> str:
    ends = [i for i in (text.find(mark, position) for mark in "，。；;！？\n") if i != -1]
    return text[position : min(ends) if ends else len(text)]


def _strip_verbs_ahead(phrase: str) -> str:
    while True:
        match = _VERB_RE.match(phrase)
        if not match:
            return phrase
        phrase = phrase[match.end() :]


def _clean(phrase: str) -> str:
    """The phrase without quoted names, brackets, lead-ins and qualifiers at either end."""
    phrase = re.sub(r"[“”‘’\"'《》「」（）()【】\[\]\s◆●■▲·•*#—-]", "", phrase)
    phrase = _KINDS_RE.sub("", phrase)
    changed = True
    while changed and phrase:
        changed = False
        if phrase[-1] in "中里内" and len(phrase) > 2:  # 信访问题中已有…: a locative, not the name
            phrase, changed = phrase[:-1], True
        for word in (*_LEAD_INS, *_QUALIFIERS):
            if phrase.startswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[len(word) :], True
            if phrase.endswith(word) and word in _LEAD_INS and len(phrase) > len(word):
                phrase, changed = phrase[: -len(word)], True
    return phrase


def _accepted(phrase: str) -> str | None:
    """``phrase`` if it may become a trigger: CJK words of a sensible length, not generic."""
    if not MIN_LENGTH <= len(phrase) <= MAX_LENGTH:
        return None
    if not all("\u4e00" <= ch <= "\u9fff" for ch in phrase):
        return None
    if set(phrase) <= _MEASURE_CHARS or phrase in _GENERIC or phrase in _LEAD_INS or phrase in _QUALIFIERS:
        return None
    if _SCOPE_RE.match(phrase):
        return None
    if _VERB_RE.fullmatch(phrase) or phrase[0] in _CN_NUMERALS or _CLAUSE_CHARS & set(phrase):
        return None
    return phrase
