"""Numbers as Chinese reports write them: the one regular expression that finds them, and their values.

A candidate is an Arabic number (1,200 / 33.65 / 1.3万), a Chinese numeral followed by a measure
word (一千二百余名, 近千名), a percentage (85%, 百分之九十五) or a fraction (三分之一). Bare
Arabic numbers are candidates too, because a table cell may hold one; the extractor drops the
rest. Chinese numerals without a measure word never match: 一线, 进一步, 二十大 and 一是 stay out
of the way at no cost.
"""
import re
from decimal import Decimal

# Full-width digits, percent sign and decimal point map one to one, so offsets survive the swap.
_FULL_WIDTH = dict(zip("０１２３４５６７８９％．", "0123456789%."))
_FULL_WIDTH_RE = re.compile("[０-９％．]")


# A full-width comma between digit groups is a thousands separator when exactly three digits
# follow (６，８００册); after a measure word it is a clause comma (5个，800名).
_THOUSANDS_RE = re.compile(r"，(?<=\d，)(?=\d{3}(?!\d))")


def half_width(text: str) -> str:
    """``text`` with full-width digits, ％ and ． replaced by ASCII ones, and full-width thousands
    separators by commas (same length, so offsets into ``text`` hold)."""
    # Most reports have no full-width digits, and looking for each character alone is several
    # times faster than a pass of the character class, which the regex engine tests slowly.
    if any(ch in text for ch in _FULL_WIDTH):
        text = _FULL_WIDTH_RE.sub(lambda m: _FULL_WIDTH[m.group()], text)
    return _THOUSANDS_RE.sub(",", text)


# Measure words; a longer word comes before any shorter one it starts with, so 人次 wins over 人
# and 个百分点 over 个. 成 is tenths (九成 = 90%). The lookaheads drop
# words that merely start with a measure character (100周年, 十四五期间, 两张皮).
MEASURE_WORDS = (
    "个百分点", "个工作日", "平方公里", "百分点", "工作日", "平方米", "立方米",
    "人次", "户次", "场次", "批次", "课时", "学时", "个月", "小时", "分钟", "公里", "公斤", "公顷", "平米",
    "人", "名", "位", "户", "家", "次", "场", "轮", "期", "堂", "节", "个", "项", "件", "条", "处", "类",
    "种", "批", "支", "所", "座", "间", "台", "套", "辆", "张", "起", "宗", "笔", "篇", "份", "本", "册", "例",
    "部", "门", "天", "周", "元", "亩", "米", "吨", "倍", "成", "艘", "株", "棵", "盏", "栋", "幢", "块", "%", "‰",
)
_NOT_AFTER = {
    "周": "年|岁", "期": "间", "张": "皮", "台": "账", "节": "约|点|日", "所": "有|在|以", "座": "谈",
    "处": "理|级|长", "条": "例|件", "家": "庭|乡|人", "名": "单|称|额", "户": "籍", "位": "置|一体",
    "部": "门|署|分|长", "门": "类|户|槛|峡", "成": "员|立|为|果|效|绩|本|就|熟|功|交|都|长|全|风",
    "天": "然|地", "例": "如|外|行|会|子|证", "间": "隙", "起": "草|来|步", "类": "型", "人": "民|员|才",
    "米": "粮", "元": "旦|月",
}
UNIT_PATTERN = "|".join(
    re.escape(w) + (f"(?!{_NOT_AFTER[w]})" if w in _NOT_AFTER else "") for w in MEASURE_WORDS
)

# Bounds of a figure. No count or sum of money in a report reaches 千万亿 (10**15), and the database keeps
# 16 digits before the point; a larger number is an identifier (an ID card number has 18 digits) or garbage.
# A numeral longer than MAX_NUMERAL_CHARS is not read at all: Python refuses int() of thousands of digits,
# and float() of a few hundred is infinite.
MAX_FIGURE = 10**15
MAX_NUMERAL_CHARS = 24

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d++)(?:\.\d+)?"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CN = rf"[{_CN_CHARS}]++(?:点[零〇一二三四五六七八九]+)?"
_MULT = r"万亿|千万|百万|万|亿|千"
_TAIL = rf"(?:余|多|来)?(?:{_MULT})?(?:余|多)?(?:{UNIT_PATTERN})"

# The leading lookahead lets the engine skip quickly past text without digits or numerals.
# An Arabic number glued to letters or digits (V1.2, 5G, 2023.10.15) is dropped by the caller.
NUMBER_RE = re.compile(
    rf"""
    (?=[0-9{_CN_CHARS}])
    (?:
        百分之(?P<pct>{_DIGITS}|{_CN})
      | (?P<den>{_DIGITS}|{_CN})分之(?P<nom>{_DIGITS}|{_CN})
      | (?: (?P<ar>{_DIGITS})(?![A-Za-z0-9])
          | (?P<cn>{_CN})(?={_TAIL}) )
        (?P<q1>余|多|来)?(?P<mult>{_MULT})?(?P<q2>余|多)?[ \u3000]?(?P<unit>{UNIT_PATTERN})?
    )
    (?P<q3>以上|以下|以内|左右|上下|之多|有余)?
    """,
    re.VERBOSE,
)

# The bare pass the speed target is measured against: a number followed by a measure word.
BARE_RE = re.compile(rf"(?:[\d,.]+|[{_CN_CHARS}]+)(?:{UNIT_PATTERN})")

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
MULTIPLIER = {"万": 10**4, "亿": 10**8, "千": 10**3, "万亿": 10**12, "千万": 10**7, "百万": 10**6}

AT_LEAST, ABOUT, AT_MOST, EXACT = "at_least", "about", "at_most", "exact"
SUFFIX_QUALIFIER = {
    "余": AT_LEAST, "多": AT_LEAST, "来": ABOUT, "以上": AT_LEAST, "之多": AT_LEAST, "有余": AT_LEAST,
    "以下": AT_MOST, "以内": AT_MOST, "左右": ABOUT, "上下": ABOUT,
}
# A negated comparison turns round (不少于 is at least); these three-character words come first.
PREFIX_QUALIFIER_3 = {
    "不少于": AT_LEAST, "不低于": AT_LEAST, "不小于": AT_LEAST,
    "不超过": AT_MOST, "不多于": AT_MOST, "不高于": AT_MOST, "不大于": AT_MOST,
}
# Then two-character words; a one-character word counts only when the character before it does
# not turn it into another word (最近, 节约, 赶超).
PREFIX_QUALIFIER_2 = {
    "超过": AT_LEAST, "多于": AT_LEAST, "不到": AT_MOST, "不足": AT_MOST, "少于": AT_MOST, "未满": AT_MOST,
    "将近": ABOUT, "接近": ABOUT, "大约": ABOUT, "约为": ABOUT, "约占": ABOUT, "约有": ABOUT, "近乎": ABOUT,
}
PREFIX_QUALIFIER_1 = {"约": (ABOUT, "节制预签合公条契邀誓违践"), "近": (ABOUT, "最附就临靠亲接将"),
                      "逾": (AT_LEAST, ""), "超": (AT_LEAST, "赶高")}


def cn_integer(numeral: str) -> int | None:
    """Value of a Chinese integer numeral (一千二百 -> 1200, 一百零七 -> 107, 十 -> 10, 一千二 -> 1200).

    Returns None for strings that are not one number, such as 十四五 or 二〇二三, which are names
    and years rather than quantities.
    """
    total = section = 0
    digit: int | None = None
    last_unit = 0
    for ch in numeral:
        if ch in _CN_DIGIT:
            if digit:  # two digits in a row; only 零 may be followed by another digit
                return None
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            last_unit = _CN_SMALL[ch]
            section += (1 if digit is None else digit) * last_unit
            digit = None
        else:  # 万 or 亿
            last_unit = MULTIPLIER[ch]
            section += digit or 0
            total = (total + (section or 1)) * last_unit if ch == "亿" else total + (section or 1) * last_unit
            section, digit = 0, None
    if digit:
        # 一千二 means 1200: a digit right after 百/千/万/亿 counts in the next lower unit.
        colloquial = len(numeral) > 1 and numeral[-2] in "百千万亿"
        section += digit * last_unit // 10 if colloquial else digit
    return total + section


def cn_number(numeral: str) -> float | int | None:
    """Value of a Chinese numeral, decimals included (九十八点六 -> 98.6)."""
    whole, _, fraction = numeral.partition("点")
    value = cn_integer(whole)
    if value is None or not fraction:
        return value
    return value + float("0." + "".join(str(_CN_DIGIT[ch]) for ch in fraction))


def arabic_number(digits: str) -> float | int:
    """Value of 1,200 / 33.65 / 12 as written."""
    digits = digits.replace(",", "")
    return float(digits) if "." in digits else int(digits)


def scaled(value: float | int, factor: int) -> float | int:
    """value * factor in decimal arithmetic (33.65 * 10**8 is exactly 3365000000), an int when whole."""
    result = Decimal(str(value)) * factor
    return int(result) if result == result.to_integral_value() else float(result)


class Number:
    """A number accepted as a figure, before and after attribution."""

    __slots__ = ("start", "digits_start", "end", "value", "measure", "unit", "qualifier", "bare_cell",
                 "indicator", "evidence", "rule")

    def __init__(self, start, digits_start, end, value, measure, unit, qualifier, bare_cell):
        self.start, self.digits_start, self.end = start, digits_start, end
        self.value, self.measure, self.unit, self.qualifier = value, measure, unit, qualifier
        self.bare_cell = bare_cell
        self.indicator = None  # the catalog Indicator it reports, once attributed
        self.evidence = (start, end)
        self.rule = ""  # the rule that gave the indicator or refused one
