"""Refiner problem_source: research or self-inspection, the closest word before says, picks the indicator."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "组织开展自查自纠，发现问题63个，已整改完成58个。",
            [("rectify_problems_found", 63, "problem_source"), ("rectify_problems_closed", 58, "trigger_before")],
        ),
        ("通过调研，形成问题清单22个。", [("research_problems", 22, "problem_source")]),
        ("班子成员检视问题41个。", [("rectify_problems_found", 41, "trigger_before")]),
    ],
)
def test_problem_source(text, expected):
    assert decided(text) == expected
