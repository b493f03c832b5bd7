"""Step wrapped_trigger: a trigger the number splits in two."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("检视的23个问题已全部列入清单。", [("rectify_problems_found", 23, "wrapped_trigger")]),
    ],
)
def test_wrapped_trigger(text, expected):
    assert decided(text) == expected
