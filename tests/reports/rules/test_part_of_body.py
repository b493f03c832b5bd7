"""Step part_of_body (a veto): a qualified part of a body the catalog counts whole."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年轻的流动党员320名。", [(None, 320, "part_of_body")]),
        (
            "党员总数6200名，其中农村党员3100名。",
            [("org_members", 6200, "trigger_before"), (None, 3100, "part_of_body")],
        ),
    ],
)
def test_part_of_body(text, expected):
    assert decided(text) == expected
