"""trigger_proposal on phrasings of our own: what a number counts, and the phrases it refuses."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.learning import trigger_proposal


def propose(sentence: str, figure: str, unit: str = "个") -> str | None:
    start = sentence.index(figure)
    return trigger_proposal(text=sentence, start=start, end=start + len(figure), unit=unit)


@pytest.mark.parametrize(
    ("sentence", "figure", "unit", "phrase"),
    [
        # The noun phrase right after the measure word.
        ("县委抽调骨干力量，新组建7个巡察督办组。", "7个", "个", "巡察督办组"),
        ("各乡镇结合实际研究出台26条具体帮扶措施，", "26条", "条", "帮扶措施"),
        ("理论中心组先后4次开展专题学习，", "4次", "次", "专题学习"),
        # The noun phrase before the number, without lead-ins, verbs and qualifiers.
        ("其中即知即改问题35个，", "35个", "个", "即知即改问题"),
        ("截至目前已累计接访群众诉求218件。", "218件", "件", "接访群众诉求"),
        ("全县62名科级干部认领重点调研任务64项，", "64项", "项", "调研任务"),
        ("向社区党员赠送“红色”理论读本1200余册，", "1200余册", "本", "红色理论读本"),
        ("已就地销案结案31件；", "31件", "件", "就地销案结案"),
        # A colon line: the name stands before the colon.
        ("一、整改进度\n即知即改：23项\n", "23项", "个", "即知即改"),
        # The span may start before the number (the extractor's text).
        ("本季度共推出便民服务清单47个。", "便民服务清单47个", "个", "便民服务清单"),
        # Full-width digits and a comma-grouped number.
        ("共受理网格民情１２６件。", "１２６件", "件", "网格民情"),
        ("汇总群众微心愿2,315条，", "2,315条", "条", "群众微心愿"),
        # What a list ending in 等 leads up to; a compound measure word.
        ("帮助解决就医、出行等民生难事26件，", "26件", "件", "民生难事"),
        ("累计受理群众来信来访1,024件次。", "1,024件次", "件", "群众来信来访"),
    ],
)
def test_it_names_what_the_number_counts(sentence, figure, unit, phrase):
    assert propose(sentence, figure, unit) == phrase


@pytest.mark.parametrize(
    ("sentence", "figure", "unit"),
    [
        ("共开展5次，", "5次", "次"),  # a pure verb
        ("本月已完成：12项", "12项", "个"),  # a pure verb before a colon
        ("梳理问题86个，", "86个", "个"),  # the verb left nothing but a generic noun
        ("群众反映的问题43条，", "43条", "条"),  # generic after the modifier
        ("检视出3个方面问题17个", "17个", "个"),  # kinds, then a generic noun
        ("乡镇共有25个", "25个", "个"),  # a scope and a lead-in
        ("共有党员6800余名，", "6800余名", "名"),  # generic, and a trigger already
        ("累计投入资金3.2亿元，", "3.2亿元", "元"),  # generic noun
        ("共计20场次", "20场次", "场次"),  # measure word only
        ("选派22名作风过硬、业务精通的同志", "22名", "名"),  # a list of modifiers
        ("先后9次到村组入户走访", "9次", "次"),  # the rest of the clause, not a noun
        ("全县2019年以来排查", "2019", "个"),  # nothing after, nothing sensible before
        ("县直单位增加了3项", "3项", "项"),  # a clause with a particle, not a name
        ("宣传组下设3个小组", "3个", "个"),  # the noun after the measure word is counted, and generic
        ("在省市县乡村五级干部作风整顿联合行动中共清理问题14个", "14个", "个"),  # too long once the verb goes
    ],
)
def test_it_refuses_short_generic_or_doubtful_phrases(sentence, figure, unit):
    assert propose(sentence, figure, unit) is None


def test_it_needs_a_number_in_the_span():
    text = "整改工作扎实推进。"
    assert trigger_proposal(text=text, start=0, end=4, unit="个") is None


_ALPHABET = "共已累计达其中开展召开梳理问题整改措施督办组党员调研报告项个名次条件：，。、的和“”（）0123456789十五余多万"


@given(text=st.text(alphabet=_ALPHABET, max_size=60), data=st.data())
def test_any_span_gives_a_short_chinese_phrase_or_none(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    phrase = trigger_proposal(text=text, start=start, end=end, unit="个")
    if phrase is not None:
        assert 2 <= len(phrase) <= 8 and all("\u4e00" <= ch <= "\u9fff" for ch in phrase)
        assert phrase not in {"问题", "整改", "开展", "措施", "党员", "调研"}
