"""Step table_cell: a bare number in a table takes its row label or column header, nothing else."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("检视问题\t24", [("rectify_problems_found", 24, "table_cell")]),
        ("序号\t事项\t数量\n1\t读书班\t3", [("study_reading_classes", 3, "table_cell")]),
        ("序号\t事项\t数量\n1\t群众座谈\t3", []),
    ],
)
def test_table_cell(text, expected):
    assert decided(text) == expected
