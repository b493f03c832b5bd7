"""Overrule reported_in: bodies and members of elsewhere reporting in are not the unit's own."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共有8个党组织、120名在职党员到社区报到。", [(None, 8, "reported_in"), (None, 120, "no_trigger")]),
        ("全县共有党组织426个。", [("org_party_orgs", 426, "trigger_before")]),
    ],
)
def test_reported_in(text, expected):
    assert decided(text) == expected
