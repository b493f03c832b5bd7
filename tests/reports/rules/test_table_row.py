"""Step table_row: a cell with its unit in a table row takes the row label."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("检视问题\t36个", [("rectify_problems_found", 36, "table_row")]),
        ("群众座谈\t36个", [(None, 36, "table_row")]),
    ],
)
def test_table_row(text, expected):
    assert decided(text) == expected
