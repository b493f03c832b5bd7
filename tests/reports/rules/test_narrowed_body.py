"""Step narrowed_body (a veto): a described part of the members is not the membership."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("行动不便的820名党员由支部送学上门。", [(None, 820, "narrowed_body")]),
        ("全镇现有920名党员。", [("org_members", 920, "noun_after")]),
        ("全市共有9800名党员、干部参与结对帮扶。", [(None, 9800, "narrowed_body")]),
        ("工作组实地走访12个基层党组织。", [(None, 12, "narrowed_body")]),
    ],
)
def test_narrowed_body(text, expected):
    assert decided(text) == expected
