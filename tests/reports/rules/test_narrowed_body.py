"""Step narrowed_body (a veto): a described part of the members is not the membership."""
import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("行动不便的820名党员由支部送学上门。", [(None, 820, 'narrowed_body')]),
        ("全镇现有920名党员。", [('org_members', 920, 'noun_after')]),
    ],
)
def test_narrowed_body(text, expected):
    assert decided(text) == expected
