"""Step noun_after: the noun right after the measure word is what is counted."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全镇成立7个工作组。", [("org_working_groups", 7, "noun_after")]),
        ("在8,530名党员中开展专题学习。", [("org_members", 8530, "noun_after")]),
        ("分3期举办青年干部读书班。", [("study_reading_classes", 3, "noun_after")]),
        ("书记先后六次到乡（镇、街道）蹲点调研。", [("research_visits", 6, "noun_after")]),
    ],
)
def test_noun_after(text, expected):
    assert decided(text) == expected
