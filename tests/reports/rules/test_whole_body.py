"""Step whole_body: the people or bodies of a whole place are its total, whatever they do next."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("确保全镇8600余名党员学习不掉队。", [("org_members", 8600, "whole_body")]),
        (
            "全县1200多个基层党组织、2.4万名党员普遍参加。",
            [("org_party_orgs", 1200, "noun_after"), ("org_members", 24000, "whole_body")],
        ),
        ("全县两千余名党员干部深入村组。", [(None, 2000, "no_trigger")]),
        ("全县9,300余名党员参加学习。", [("study_participants", 9300, "predicate_after")]),
    ],
)
def test_whole_body(text, expected):
    assert decided(text) == expected
