"""Step trigger_before: the closest trigger before the number, plain words between."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("集中学习共16次。", [("study_collective_sessions", 16, "trigger_before")]),
        ("全县共有党员18,600名。", [("org_members", 18600, "trigger_before")]),
        ("摸排出“暖心实事”项目46个。", [("service_projects", 46, "trigger_before")]),
        ("确定“十件实事”46件。", [("service_matters", 46, "trigger_before")]),
        (
            "**县组织部报告\n通过比对全国党员信息系统逐人核实，共排查出流动党员1260名。",
            [("org_mobile_members", 1260, "trigger_before")],
        ),
    ],
)
def test_trigger_before(text, expected):
    assert decided(text) == expected
