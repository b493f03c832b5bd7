"""Step predicate_after: people counted before what they did; the later trigger names it."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2600余名党员参加学习全覆盖。", [("study_participants", 2600, "predicate_after")]),
    ],
)
def test_predicate_after(text, expected):
    assert decided(text) == expected
