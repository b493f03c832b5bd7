"""Step split_trigger: a problem trigger split by a description ending in 等 or 的."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("解决道路破损、路灯不亮等实际问题42个。", [("service_problems_solved", 42, "split_trigger")]),
    ],
)
def test_split_trigger(text, expected):
    assert decided(text) == expected
