"""Overrule gathered_not_resolved: cases gathered or handed over are not cases resolved."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "排查梳理信访案件36件，已息诉息访31件。",
            [(None, 36, "gathered_not_resolved"), ("service_petitions_resolved", 31, "trigger_before")],
        ),
        (
            "县里交办的96件信访问题中已有81件得到解决。",
            [(None, 96, "gathered_not_resolved"), ("service_petitions_resolved", 81, "resolution")],
        ),
        ("化解信访积案23件。", [("service_petitions_resolved", 23, "trigger_before")]),
    ],
)
def test_gathered_not_resolved(text, expected):
    assert decided(text) == expected
