"""Veto outside_results: figures in 存在问题 or 下一步, or in a plan sentence, are not the unit's results."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下一步，计划再举办读书班2期。", [(None, 2, "outside_results")]),
        ("二、存在问题\n部分支部仍有8个问题尚未整改到位。", [(None, 8, "outside_results")]),
        ("今年举办读书班4期。", [("study_reading_classes", 4, "trigger_before")]),
        ("计划年底前完成整改问题15个。", [(None, 15, "outside_results")]),
    ],
)
def test_outside_results(text, expected):
    assert decided(text) == expected
