"""The words and patterns extraction reads: what a report says, kept apart from how the rules use it.

Each list has an example phrase of the kind it recognises. Catalog vocabulary (what an indicator
is called) is not here but in the catalog, which administrators extend.
"""
import re

from .numbers import PREFIX_QUALIFIER_1, PREFIX_QUALIFIER_2, PREFIX_QUALIFIER_3

# Clause boundaries. An ASCII comma or colon inside 1,200 or 9:00 is none; the reversed patterns
# find the last boundary before an offset by searching the reversed text forwards. Each pattern
# opens with one character class, which the regex engine scans for fast, and tests the digit after.
HARD = "，；;。：！!？?\n\t"
# A list comma inside brackets (县（市、区）) is none either.
BOUNDARY_RE = re.compile(rf"[{HARD}、,:](?!(?<=[,:])\d)(?!(?<=、)[^（()）\n]{{0,8}}[）)])")
HARD_BACK_RE = re.compile(rf"[{HARD},:](?<!\d[,:])")
# The same with the list comma: one search finds most clause starts (see Scan.clause_start).
CLAUSE_BACK_RE = re.compile(rf"[{HARD},:、](?<!\d[,:])(?!(?<=、)[^（()）\n]{{0,8}}[（(])")
# Sentence ends, semicolons included: "…；各级党组织办理…" starts afresh. Single characters, so
# the pattern also searches the reversed text.
SENTENCE_END_RE = re.compile(r"[。！!？?；;\n]")
# Marks before a clause that may lean on the one before it (统一征订学习书目，共计9,800余册).
CLAUSE_COMMAS = frozenset("，,；;：:")
# Arabic digits glued to these are part of something else (V1.2, 5G, 2023.10.15, 1/3).
GLUED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/")
# Measure words of things that come whole; a decimal count of them must be something else.
DISCRETE = frozenset("个名人位次场期项件条篇份本册家户所座")
# 3至5个, 1到2名, 3-5个: the second number of a range.
RANGE = frozenset("至到~～-—")
RANGE_START = frozenset("0123456789零〇一二两三四五六七八九十百千")
RATE_PREFIX = frozenset("周月年天日季人次")  # 每周2次 is a rate, not a count
# Last characters of the prefix qualifiers (不少于, 超过, 约) and of 上 (上千名).
PREFIX_ENDS = frozenset(word[-1] for word in (*PREFIX_QUALIFIER_3, *PREFIX_QUALIFIER_2, *PREFIX_QUALIFIER_1, "上"))
# Fixed political phrases that read like counts.
IDIOM_RE = re.compile(
    r"两个(?:确立|维护|务必|结合|大局|毫不动摇|先锋队|一百年)|三个(?:务必|代表|一批)|四个(?:意识|自信|全面|伟大)"
    r"|五个必由之路|七个有之|八项规定|五位一体|四套班子"
)
NEGATED_CHARS = frozenset("未不")  # 未整改完成, 尚未销号, 不足; and 没有
PERSON = frozenset("名人位")  # measure words of people: 1200余名党员
PEOPLE_NOUN_RE = re.compile(r"(?:员|者|骨干|干部)$")  # nouns of people: 党员, 入党积极分子者, 业务骨干
# Party bodies are counted whole as a body is described (下设党支部19个, 涉及党组织186个); after
# these verbs the count is of those picked out or newly set up (抽查党支部40个, 整顿软弱涣散党组织6个,
# 新组建党组织23个).
PARTY_BODY_RE = re.compile(r"(?:组织|支部|党委)$")
PICKING_RE = re.compile(r"抽查|排查(?!出)|整顿|走访|暗访|督查|检查|联系|指导|调研|覆盖|组建|新建|成立|新增")
# Words that say again what a trigger already means: 外出务工的流动党员 are all the 流动党员.
INHERENT_RE = {
    "流动党员": re.compile(r"\s*[（(]?(?:全县|全市|全区|针对|其中|共有|有)*(?:外出|在外|务工|经商|打工|、|和)+的?"),
}
# A 的 clause that only states the campaign's scope (参加本批主题教育的党组织) narrows nothing.
# The same words ending a 的 clause before the number: 在外务工经商的1500多名流动党员 are all of them.
INHERENT_TAIL_RE = {
    "流动党员": re.compile(r"(?:外出|在外|务工|经商|打工|、|和)+的$"),
}
# The whole of a place opening the phrase, perhaps after other counts of the same list: the count of
# people or bodies that follows is the total, whatever they do (全县1.5万多名党员学习不漏人,
# 全县1800多个基层党组织、3万多名党员普遍参加).
WHOLE_RE = re.compile(
    r"(?:全县|全市|全区|全镇|全乡|全街道|全旗)(?:共有|现有|共|有)?(?:[\d.,]+[万千]?[余多]?[个名][^，。；、\d]{1,8}、)*$"
)
# Levels of government, highest first. A report's own level is the first one its title names
# (中共**县委…, **市关于…); a figure of a higher level, as the closest scope word before it says
# (全市共检视问题1,200余个，我县检视问题86个), is quoted for comparison.
LEVELS = {"国": 0, "省": 1, "市": 2, "州": 2, "盟": 2, "县": 3, "区": 3, "旗": 3, "乡": 4, "镇": 4, "街道": 4}
TITLE_LEVEL_RE = re.compile(r"街道|[省市州盟县区旗乡镇]")
SCOPE_RE_LEVEL = re.compile(r"(?:全|我|本)(街道|[国省市州盟县区旗乡镇])")
# Others coming to the unit (市委主题教育办先后3次来县调研指导): their visits, not the unit's own.
VISITORS_RE = re.compile(r"来(?:我|本)?(?:街道|[市州盟县区旗乡镇])")
# Units and members of elsewhere reporting in (6个党组织、79名在职党员到街道报到) are not the reporter's own.
REPORTING_IN_RE = re.compile(r"到[^，。；]{0,20}报到")
SCOPE_RE = re.compile(r"(?:参加|参与)[^，。；、]{0,12}主题教育的$")
# How a report states how many people a body has: "有党员…名", "全县共有党员…名", "其中流动党员…名".
FRAMING_RE = re.compile(
    r"\s*(?:全县|全市|全区|全镇|全乡|目前|截至目前)?(?:共有|现有|拥有|有|共计|共|其中|计)?(?:排查出|摸排出|统计出?|核实)?"
)  # and as a count comes out: 共排查出流动党员2408名
WORD_RE = re.compile(r"[^\W\d的之]+")  # a plain modifier without 的: 10件民生实事
# What may end a noun phrase: "5个工作组，" / "+8个联络组”" / "5个工作组等".
PHRASE_END = frozenset("，,；;。：:！!？?\n\t、”’+等和及与（()）》")
# Words between a measure word and its noun that do not narrow what is counted (195个年度重点项目).
NEUTRAL_MODIFIERS = frozenset({"年度", "全年", "当年", "新增", "各类", "各级"})
# What a number counts kinds of, not the things themselves (梳理出4个方面问题).
KINDS = frozenset({"方面", "领域", "层面", "维度", "环节", "类别"})
# A meeting named after a trigger's subject (调研成果交流会), with the lead-in to its count.
MEETING_RE = re.compile(r"[^\W\d的]+会议?(?:共计|合计|累计|共|达|计)?")
# A meeting word right after a trigger of sessions names a session of it: 宣讲大会, 研讨会.
EVENT_MEETINGS = frozenset({"会", "大会", "会议"})
DURATION_RE = re.compile(r"为期[^，。；]{1,6}的")  # 1期为期4天的读书班
ROUNDS = frozenset({"期", "批", "次", "场", "轮"})  # 分4期举办读书班: in how many rounds
TRIP_STARTS = frozenset("到赴去")  # 先后十余次到县（市、区）走访调研: trips made to do something
# Where problems found come from, the closest before the number deciding: research (通过调研，梳理
#问题清单30个) or self-inspection and rectification (自查自纠发现问题154件).
RESEARCH_SOURCE_RE = re.compile(r"调研|走访|蹲点|下基层|收集|征集|反映|听取")
RECTIFY_SOURCE_RE = re.compile(r"检视|查摆|自查|查找|对照|巡察|巡视|审计")
# Problems acted on, not found: 督促整改问题21项, 督办问题43个, 分别整改问题9个.
HANDLED_RE = re.compile(r"整改|督办|督促|解决|办理|交办|化解|销号")
# A people noun going on after 党员: 党员干部 are not the membership.
PEOPLE_AFTER_RE = re.compile(r"干部|群众|代表|骨干")
# Money planned, budgeted or signed, not spent (计划总投资178亿元, 预算安排, 签约金额).
PLANNED_MONEY_RE = re.compile(r"计划|总投资|预算|概算|估算|签约|协议|拟")
# Funds of problems, not investment: 已整改到位资金, 问题资金, 追回资金.
PROBLEM_MONEY_RE = re.compile(r"整改|问题|违规|追回|清退")
# What makes a bare 投资 money spent (完成投资, 累计投资, 已投资); without it the sum describes a project
# (投资5亿元的改建工程).
SPENT_RE = re.compile(r"完成|到位|累计|实际|已|共")
# Verbs of gathering or handing over cases: what they count is cases, not cases resolved
# (排查梳理信访案件42件, 交办的218件信访问题).
GATHERED_RE = re.compile(r"排查|梳理|摸排|交办|受理|收集|登记")
RESOLVED_RE = re.compile(r"化解|解决|办结|完成|整改|销号")
# Resolution said after a count (50余个问题得到了回应和解决) or right before it, the thing resolved
# being the count before (排查出矛盾问题2754个，已及时化解2438个).
RESOLVED_AFTER_RE = re.compile(r"(?:问题)?(?:均|已|全部)?得到了?(?:[^\W\d]{1,4}和)?(解决|化解)")
RESOLVED_BEFORE_RE = re.compile(r"(?:已经?|均已|全部)(?:及时|全部|累计|妥善)?(化解|解决)$")
# Nouns no catalog indicator counts; one right before a number is what it counts, whatever trigger
# stands earlier in the clause (巡回指导组随机抽查单位43个, 检视问题涉及单位12个). So is one
# ending the phrase right after the measure word (指导组走访9个社区, 制定两个工作方案): a plan
# only counts as a catalog 实施方案, which the trigger after the measure word finds first.
OTHER_NOUNS = "单位|企业|村|社区|学校|部门|乡镇|家庭|群众|对象|点位|窗口|商户"
OTHER_NOUN_RE = re.compile(rf"(?:{OTHER_NOUNS})(?:共计|合计|累计|共|达|为|计)?$")
OTHER_NOUN_AT_RE = re.compile(OTHER_NOUNS)  # right after the measure word: 深入九个乡镇开展督导
NOUN_AFTER_RE = re.compile(
    rf"[^\W\d的]{{0,4}}?(?:{OTHER_NOUNS}|方案)(?=[{re.escape(''.join(PHRASE_END))}]|$)"
)
# What the work goes by, not what it yields: 对照实施方案形成任务清单42项.
REFERENCES = frozenset({"对照", "按照", "依照", "根据", "依据", "围绕"})
PREPOSITIONS = frozenset("对向给把从")  # 指导组对4个支部进行提醒: the trigger before is who acted
CLOSING_QUOTES = frozenset("”’」』")  # “微实事”项目: a quoted name inside what is counted
# Words that may stand between a trigger and its number (集中学习共12次).
LEAD_INS = frozenset({"", "共", "达", "为", "计", "累计", "共计", "合计", "总计", "达到"})
# What may stand before a label ending in a colon (检视问题：50项；已整改：40项，正在整改：10项).
LABEL_OPENERS = frozenset({"", "\n", "；", ";", "，", ","})
# A clause that only totals what the clause before it named: "统一征订学习书目，共计9,800余册",
# "开展集中培训，目前已完成86场".
TOTAL_CLAUSE_RE = re.compile(r"共计|合计|总计|共|(?:目前|截至目前)?已完成(?=\d|[零〇一二两三四五六七八九十百千])")
# A clause whose object is left out because it is the one just counted: "新建制度机制45项，修订完善71项".
ELIDED_RE = re.compile(
    r"(?:目前|截至目前|现已|另)?(?:已经?|又)?(?P<verb>(?:新建|修订|完善|制定|出台|建立|健全|完成|办结|完工|建成)+)"
    r"|累计(?P<again>(?!达到)[^\W\d的]{2})?(?:达到|达)?"  # 本月开展集中学习3次，累计开展12次: a running total
)
# A count for the latest period only (本月开展集中学习3次): a chart of totals must not show it.
# 截至本周 is the other way round: everything up to now.
PERIOD_RE = re.compile(r"(?<!截至)(?<!截止)(?:本月|本周|本旬|本季度|当月|上月)")
# A weekly bulletin says so in its first lines (工作周报, 【本周综述】, 11月6日—11月12日): its 本周
# counts are its figures.
WEEKLY_RE = re.compile(r"周报|本周(?:综述|概况|要情|工作)|一周工作|\d{1,2}月\d{1,2}日[—－~～-]{1,2}\d{1,2}月\d{1,2}日")
ITEM_RE = re.compile(r"\s*(?:\d+[.、]|[（(]\d+[）)])(?!\d)")  # 2. or （2） opening a list item
COMPLETION_VERBS = ("完成", "办结", "完工", "建成")  # 检视问题20个，已完成13个
BUILT_VERBS = frozenset({"完工", "建成"})  # 项目218个，已建成完工29个: built, not a count of the projects
# An indicator whose name counts things gathered (征求收集意见建议, 调研发现问题).
GATHERING_RE = re.compile(r"收集|征求|征集|发现|检视|查摆|排查|摸排")
# Clauses whose numbers are figures but report no indicator: plans, counts per unit
# (每个指导组联系20个单位, 各镇均配备3名联络员), norms (集中学习不少于2次), things removed
# (废止文件19件) and differences (较上季度多出45件).
PLAN_WORDS = ("力争", "争取", "预计", "计划于", "计划在", "计划到", "计划年底", "计划年内", "计划今年", "计划明年",
              "拟于", "拟在")
CLAUSE_FLAG_RE = re.compile(
    "|".join(PLAN_WORDS) + r"|每|各[^\W\d]{1,10}?均|平均|至少|最少|不少于|不低于|不超过|不多于"
    r"|废止|废除|撤销|取消|退回|清退|叫停|停办|较(?:上|去|前|同期|年初)|同比|环比|比上年|比去年"
)
# Who acts, opening a clause or sentence: 全县各级党组织…, 县级领导班子成员….
SUBJECT_RE = re.compile(
    r"(?:全县|全市|各级|各|全体|县直|机关|基层|县级|县委常委|县四大|镇村|村级|农村)*(?:基层组织)?"
    r"(?:领导班子|班子成员|班子|领导干部|党员干部|党组织|党支部|党委|党员|领导|干部)"
)
UNIT_HINT_RE = re.compile(r"[（(]([^（）()]{1,3})[）)]")  # a unit in a row label: 读书班（期）
NUMERIC_CELL_RE = re.compile(r"[\d.,%]+")  # a cell that is a number, not a row label: 17, 85.5%
# A cell that is a unit and gives the bare number before it one: 检视问题\t17\t个.
UNIT_CELLS = frozenset({"个", "名", "人", "次", "场", "场次", "期", "篇", "份", "本", "册", "件", "条", "项",
                        "户", "家", "元", "万元", "亿元", "%", "人次"})

# What may stand between a problem trigger and a count in 条: a lead-in, after words that end in
# 问题 again (查摆问题，共梳理出4个方面问题23条) or in a completion (已整改完成18条); so
# 发现问题线索31条 counts clues. A label's colon may stand there too (已整改：92条).
PROBLEMS_BETWEEN_RE = re.compile(r"(?:.*问题|.*完成|办结)?(?:共计|合计|总计|累计|达到|共|达|为|计)?[：:]?")
