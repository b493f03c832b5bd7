"""Overrule latest_period: a count for this month only; the running total after it keeps the indicator."""
import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本月开展集中学习2次，累计开展集中学习9次。", [(None, 2, 'latest_period'), ('study_collective_sessions', 9, 'trigger_before')]),
    ],
)
def test_latest_period(text, expected):
    assert decided(text) == expected
