"""Overrule latest_period: a count for this month only; the running total after it keeps the indicator."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "本月开展集中学习2次，累计开展集中学习9次。",
            [(None, 2, "latest_period"), ("study_collective_sessions", 9, "trigger_before")],
        ),
        (
            "**区主题教育工作周报\n一、理论学习\n本周各社区开展理论宣讲6场，累计开展理论宣讲41场。",
            [(None, 6, "latest_period"), ("study_lectures", 41, "trigger_before")],
        ),
        ("（11月13日—11月19日）\n本周各社区开展理论宣讲6场。", [("study_lectures", 6, "trigger_before")]),
        ("本周已整改到位5个。", [(None, 5, "latest_period")]),
    ],
)
def test_latest_period(text, expected):
    assert decided(text) == expected
