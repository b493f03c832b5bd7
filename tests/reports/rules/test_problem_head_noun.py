"""Step problem_head_noun: a count of bare 问题 is problems found when the words before say by what."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "对照党章党规，班子共查找5个方面问题36个。",
            [(None, 5, "counts_kinds"), ("rectify_problems_found", 36, "problem_head_noun")],
        ),
        ("深入村组开展调研，归纳出共性问题19个。", [("research_problems", 19, "problem_head_noun")]),
        ("推动解决不规范问题17个。", [(None, 17, "no_trigger")]),
        ("对照检查后督办问题26个。", [(None, 26, "no_trigger")]),
        ("全镇共有问题14个。", [(None, 14, "no_trigger")]),
        ("全镇共收集群众反映的问题312条。", [("research_problems", 312, "problem_head_noun")]),
    ],
)
def test_problem_head_noun(text, expected):
    assert decided(text) == expected
