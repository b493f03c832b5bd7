"""Veto flagged_clause: counts per unit, norms, things removed and differences report no indicator."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每个指导组联系15个支部。", [(None, 15, "flagged_clause")]),
        ("全镇集中学习不少于3次。", [(None, 3, "flagged_clause")]),
        ("专题研讨较上月增加6场次。", [(None, 6, "flagged_clause")]),
        ("全镇集中学习3次。", [("study_collective_sessions", 3, "trigger_before")]),
    ],
)
def test_flagged_clause(text, expected):
    assert decided(text) == expected
