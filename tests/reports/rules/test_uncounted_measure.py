"""Veto uncounted_measure: a measure word no catalog unit fits needs no attribution."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("入户走访困难群众260户。", [(None, 260, "uncounted_measure")]),
        ("群众满意度达到96%。", [(None, 96, "uncounted_measure")]),
    ],
)
def test_uncounted_measure(text, expected):
    assert decided(text) == expected
