"""Overrule planned_money: money planned, budgeted or describing a project is not money spent."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "今年安排重点项目38个，计划总投资96.5亿元，当年计划完成投资21亿元；截至目前，累计完成投资18.3亿元。",
            [
                ("dev_key_projects", 38, "trigger_before"),
                (None, 9650000000, "planned_money"),
                (None, 2100000000, "planned_money"),
                ("dev_investment", 1830000000, "trigger_before"),
            ],
        ),
        ("投资2.6亿元的污水处理厂建成投运。", [(None, 260000000, "planned_money")]),
        ("新签约引进项目到位资金4500多万元。", [("dev_investment", 45000000, "trigger_before")]),
    ],
)
def test_planned_money(text, expected):
    assert decided(text) == expected
