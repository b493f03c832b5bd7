"""Step counts_kinds (a veto): a number of 方面 or 领域 counts kinds, not the things."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共梳理出5个方面问题。", [(None, 5, "counts_kinds")]),
        ("围绕3个领域检视问题12个。", [(None, 3, "counts_kinds"), ("rectify_problems_found", 12, "trigger_before")]),
    ],
)
def test_counts_kinds(text, expected):
    assert decided(text) == expected
