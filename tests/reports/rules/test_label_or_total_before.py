"""Step label_or_total_before: a clause that only totals the one before, or a line label."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("统一征订学习读本，共计4,600余册。", [("study_materials", 4600, "label_or_total_before")]),
        ("2.读书班：举办5期。", [("study_reading_classes", 5, "label_or_total_before")]),
        ("统一征订学习读本，发放到户4,600余册。", [(None, 4600, "no_trigger")]),
        (
            "检视问题：50项，已整改：40项。",
            [
                ("rectify_problems_found", 50, "label_or_total_before"),
                ("rectify_problems_closed", 40, "label_or_total_before"),
            ],
        ),
        ("全县参学党员：12,345名。", [("study_participants", 12345, "label_or_total_before")]),
        (
            "邀请党校教师到村（社区）开展集中培训，目前已完成86场。",
            [("study_collective_sessions", 86, "label_or_total_before")],
        ),
    ],
)
def test_label_or_total_before(text, expected):
    assert decided(text) == expected
