"""Overrule higher_level: a figure of a level above the report's own, as its title says, is quoted for comparison."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "**县主题教育进展情况\n全市共检视问题1,200余个，我县检视问题86个。",
            [(None, 1200, "higher_level"), ("rectify_problems_found", 86, "trigger_before")],
        ),
        ("**市主题教育进展情况\n全市共检视问题1,200余个。", [("rectify_problems_found", 1200, "trigger_before")]),
        ("全市共检视问题1,200余个。", [("rectify_problems_found", 1200, "trigger_before")]),
        ("市委主题教育办先后3次来县调研指导。", [(None, 3, "higher_level")]),
        ("各乡镇党委、县直各单位：\n全县共检视问题86个。", [("rectify_problems_found", 86, "trigger_before")]),
    ],
)
def test_higher_level(text, expected):
    assert decided(text) == expected
