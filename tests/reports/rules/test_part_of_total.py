"""Overrule part_of_total: 其中 makes the number a part of the total before it."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "形成调研报告40篇，其中优秀调研报告9篇。",
            [("research_reports", 40, "trigger_before"), (None, 9, "part_of_total")],
        ),
    ],
)
def test_part_of_total(text, expected):
    assert decided(text) == expected
