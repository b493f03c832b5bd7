"""Step other_noun_after (a veto): a noun no indicator counts ends the phrase after the number."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("指导组约谈4个单位。", [(None, 4, "other_noun_after")]),
        ("工作组走访了11个社区。", [(None, 11, "other_noun_after")]),
        ("指导组本周深入七个乡镇开展随机督导。", [(None, 7, "other_noun_after")]),
    ],
)
def test_other_noun_after(text, expected):
    assert decided(text) == expected
