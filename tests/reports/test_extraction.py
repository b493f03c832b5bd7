"""Figure extraction: numerals, qualifiers, what is not a figure, attribution, and the gold scores.

Plain functions without a database; the catalog is the shipped indicators.csv.
"""
import dataclasses
import importlib.util
import json
from pathlib import Path

import cn2an
import pytest

from reports.extraction import Figure, Indicator, extract_figures, shipped_catalog
from reports.extraction.numbers import cn_integer

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CATALOG = shipped_catalog()


def figures(text: str, catalog=CATALOG) -> list[Figure]:
    return list(extract_figures(text, catalog))


def only(text: str) -> Figure:
    found = figures(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("检视问题17个", 17, "个", "exact"),
        ("机关一千二百余名党员", 1200, "名", "at_least"),
        ("为期两个月", 2, "个月", "exact"),
        ("组织近千名群众", 1000, "名", "about"),
        ("开展宣讲逾百场", 100, "场", "at_least"),
        ("十余个单位", 10, "个", "at_least"),
        ("三十多个问题", 30, "个", "at_least"),
        ("投入7000多万元", 70_000_000, "万元", "at_least"),
        ("参加1,200名", 1200, "名", "exact"),
        ("建成１２个", 12, "个", "exact"),
        ("覆盖4.5万余人次", 45_000, "万人次", "at_least"),
        ("到位资金33.65亿元", 3_365_000_000, "亿元", "exact"),
        ("完成投资四十三亿元", 4_300_000_000, "亿元", "exact"),
        ("推动1.3万名党员", 13_000, "万名", "exact"),
        ("占比85%", 85, "%", "exact"),
        ("参学率９６．９％", 96.9, "%", "exact"),
        ("达到百分之九十五以上", 95, "%", "at_least"),
        ("满意率为百分之九十八点六", 98.6, "%", "exact"),
        ("发现问题一百零七个", 107, "个", "exact"),
        ("约300人", 300, "人", "about"),
        ("不到五百个", 500, "个", "at_most"),
        ("压缩至3个工作日以内", 3, "个工作日", "at_most"),
        ("超过30万人次", 300_000, "万人次", "at_least"),
        ("100人左右", 100, "人", "about"),
        ("完成率九成以上", 90, "成", "at_least"),
        ("提高5.7个百分点", 5.7, "个百分点", "exact"),
    ],
)
def test_it_normalises_numbers_and_qualifiers(text, value, unit, qualifier):
    figure = only(text)
    assert (figure.value, figure.unit, figure.qualifier) == (value, unit, qualifier)
    assert type(figure.value) is type(value)


def test_a_fraction_is_a_share_in_percent():
    figure = only("约三分之一的问题")
    assert (figure.value, figure.unit, figure.qualifier) == (pytest.approx(100 / 3), "%", "about")
    assert only("近四分之一的村").value == 25


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十", 10), ("二十", 20), ("一千零五十", 1050), ("一千二", 1200), ("两万三", 23_000), ("一万两千", 12_000),
     ("三千四百一十二", 3412), ("一亿三千万", 130_000_000), ("十四五", None), ("二〇二三", None)],
)
def test_it_reads_chinese_integers(numeral, value):
    assert cn_integer(numeral) == value


def test_it_reads_what_cn2an_writes():
    # cn2an converts one numeral well but slowly; the extractor's own converter must agree with it.
    numbers = [*range(1000), *range(1000, 10**6, 997), 10**8, 130_000_000, 100_000_001, 2_300_000_000]
    assert [n for n in numbers if cn_integer(cn2an.an2cn(n)) != n] == []


@pytest.mark.parametrize(
    "text",
    [
        "2023年10月15日召开会议",
        "第二批主题教育于9月启动",
        "三季度全市第一",
        "一是加强学习。二是深化调研。",
        "（一）高位推动\n1.加强领导\n（2）压实责任",
        "坚持一线工作法，进一步举一反三，一把手带头，一体推进",
        "坚定拥护两个确立、坚决做到两个维护",
        "学习党的二十大精神和十四五期间规划",
        "坚持“三会一课”制度",
        "组建“1+1+5+8”组织架构",
        "村级党组织承诺“一年十件事”，党员“领办三件事”，开展“五比五赛”，推行“七个围绕”",
        "出台《关于持续优化营商环境的20条措施》",
        "联系电话0915-3212345，12345热线",
        "每周2次调度，每年1次考核，排名全市前3名",
        "实现人手一本",
        "庆祝建党100周年",
        "推进五位一体总体布局，落实中央八项规定",
        "开展百场宣讲进万家活动",
    ],
)
def test_these_are_not_figures(text):
    assert figures(text) == []


def test_an_enumeration_is_split_into_its_indicators():
    found = figures("检视问题17个，制定整改措施58个，制定整治方案9个")
    assert [(f.indicator, f.value) for f in found] == [
        ("rectify_problems_found", 17),
        ("rectify_measures", 58),
        ("rectify_special_campaigns", 9),
    ]


def test_the_noun_after_the_measure_word_names_the_indicator():
    found = figures("下设综合协调组、宣传简报组等5个工作组，选派4个巡回指导组")
    assert [(f.indicator, f.value) for f in found] == [("org_working_groups", 5), ("org_guidance_groups", 4)]


def test_a_trigger_does_not_reach_across_a_clause():
    assert only("组织集中学习，召开座谈会5次").indicator is None
    assert only("开展调研，梳理问题65个").indicator == "research_problems"


def test_the_unit_must_fit_the_indicator():
    # 问题清单 counts problems (个), not the lists handed in (份).
    assert only("建立问题清单50余份").indicator is None
    assert only("共梳理形成问题清单2,317项").indicator == "rectify_problems_found"


def test_people_taking_part_are_not_the_membership():
    found = figures("全县共有党员3256名，其中农村党员820名。组织党员2000余名参加义务劳动，1200余名党员到社区报到。")
    assert [(f.indicator, f.value) for f in found] == [
        ("org_members", 3256), (None, 820), (None, 2000), (None, 1200),
    ]


def test_a_left_out_object_is_the_one_just_counted():
    found = figures(
        "新建制度机制45项，修订完善71项。检视问题20个，已完成13个。"
        "领办民生实事18件，目前已完成15件，其余3件年底完成。"
    )
    assert [(f.indicator, f.value) for f in found] == [
        ("org_mechanisms", 45), ("org_mechanisms", 71),
        ("rectify_problems_found", 20), ("rectify_problems_closed", 13),
        ("service_matters", 18), ("service_matters", 15), (None, 3),
    ]


REPORT = """一、工作开展情况
（一）抓整改。县级领导班子围绕理论学习等方面的突出问题，检视问题17个，完成整改12个。
二、存在问题
一是整改不平衡，还有45个问题未整改。
三、下一步打算
计划再开展调研20次。
"""


def test_problem_and_plan_sections_report_no_indicator():
    found = figures(REPORT)
    assert [(f.indicator, f.value, f.context) for f in found] == [
        ("rectify_problems_found", 17, "result"),
        ("rectify_problems_closed", 12, "result"),
        (None, 45, "problem"),
        (None, 20, "plan"),
    ]
    assert found[0].section == "（一）抓整改"
    assert found[0].subject == "县级领导班子"
    assert found[2].section == "一是整改不平衡"


def test_every_figure_quotes_its_own_text():
    for figure in figures(REPORT):
        assert REPORT[figure.start:figure.end] == figure.text
        assert set(figure.as_json()) == {"indicator", "value", "unit", "qualifier", "text", "start", "end",
                                         "section", "subject", "context", "rule"}


def test_a_trigger_added_to_the_catalog_changes_attribution():
    text = "订购学习用书3700多本"
    assert only(text).indicator is None
    catalog = [
        dataclasses.replace(i, triggers=i.triggers + ("学习用书",)) if i.code == "study_materials" else i
        for i in CATALOG
    ]
    assert figures(text, catalog)[0].indicator == "study_materials"


def test_a_new_indicator_needs_no_code():
    catalog = CATALOG + (Indicator("service_volunteers", "service", "志愿服务", "人次", "cumulative", ("志愿服务",)),)
    assert figures("开展志愿服务1.2万人次", catalog)[0].indicator == "service_volunteers"
    assert figures("开展志愿服务1.2万人次")[0].indicator is None


def test_table_rows_take_the_row_label_or_the_column_header():
    text = (
        "指标\t数量\t单位\n检视问题\t268\t个\n正在整改\t67\t个\n读书班（期）\t3\n序号\t1\n\n"
        "单位\t检视问题\t完成整改\n城关镇\t17\t12\n"
    )
    found = figures(text)
    assert [(f.indicator, f.value, f.unit) for f in found] == [
        ("rectify_problems_found", 268, "个"),
        (None, 67, "个"),
        ("study_reading_classes", 3, "期"),
        ("rectify_problems_found", 17, "个"),
        ("rectify_problems_closed", 12, "个"),
    ]


def _score_script():
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scores(gold_paths: list[Path]) -> dict[str, float]:
    """The score script's summary line over ``gold_paths`` (reports beside their gold files)."""
    score_doc = _score_script().score_doc
    total: dict[str, int] = {}
    for gold_path in gold_paths:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        pred = {"figures": [f.as_json() for f in extract_figures(text, CATALOG)]}
        assert all(text[f["start"]:f["end"]] == f["text"] for f in pred["figures"])
        for key, value in score_doc(gold, pred).items():
            total[key] = total.get(key, 0) + value
    return {
        "indicator_p": total["tp"] / max(1, total["tp"] + total["fp"]),
        "indicator_r": total["req_hit"] / max(1, total["req"]),
        "quantity_p": 1 - total["spurious"] / max(1, total["extracted"]),
        "quantity_r": total["found"] / max(1, total["gold"]),
        "qualifier": total["qual_ok"] / max(1, total["found"]),
    }


def _assert_targets(scores: dict[str, float]) -> None:
    assert scores["indicator_p"] >= 0.95 and scores["indicator_r"] >= 0.95, scores
    assert scores["quantity_p"] >= 0.97 and scores["quantity_r"] >= 0.97, scores
    assert scores["qualifier"] >= 0.95, scores


@pytest.mark.shared
@pytest.mark.parametrize("gold", sorted((SHARED / "samples").glob("*.gold.json")), ids=lambda p: p.name)
def test_each_sample_meets_the_targets(gold):
    _assert_targets(_scores([gold]))


@pytest.mark.shared
def test_the_extraction_corpus_meets_the_targets():
    golds = sorted((REPO / "tests" / "extraction_corpus").glob("*.gold.json"))
    assert golds
    _assert_targets(_scores(golds))
