"""Step described_trigger: a trigger inside a description of what is counted."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("纠正学用脱节、调研走过场等问题11个。", [("guidance_corrections", 11, "described_trigger")]),
    ],
)
def test_described_trigger(text, expected):
    assert decided(text) == expected
