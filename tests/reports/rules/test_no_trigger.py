"""No rule had a say: the number's clause names nothing the catalog counts."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("印发宣传折页3000份。", [(None, 3000, "no_trigger")]),
    ],
)
def test_no_trigger(text, expected):
    assert decided(text) == expected
