"""Step elided_object: a clause without its object goes on counting what was just counted."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "建立制度机制30项，修订完善18项。",
            [("org_mechanisms", 30, "trigger_before"), ("org_mechanisms", 18, "elided_object")],
        ),
        (
            "三个支部分别检视问题9个、7个和4个。",
            [
                (None, 3, "no_trigger"),
                ("rectify_problems_found", 9, "trigger_before"),
                ("rectify_problems_found", 7, "elided_object"),
                ("rectify_problems_found", 4, "elided_object"),
            ],
        ),
        (
            "摸排出“暖心实事”项目46个，已建成完工12个。",
            [("service_projects", 46, "trigger_before"), (None, 12, "no_trigger")],
        ),
    ],
)
def test_elided_object(text, expected):
    assert decided(text) == expected
