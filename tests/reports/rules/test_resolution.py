"""Step resolution: resolution said around the number (得到解决, 已及时化解) rather than by a trigger."""

import pytest

from .phrasing import decided


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("征集的意见中，涉及民生的30余个问题得到了回应和解决。", [("service_problems_solved", 30, "resolution")]),
        (
            "走访中排查出各类矛盾问题310个，已及时化解286个。",
            [("research_problems", 310, "problem_head_noun"), ("service_petitions_resolved", 286, "resolution")],
        ),
        ("已及时化解286个。", [(None, 286, "no_trigger")]),
    ],
)
def test_resolution(text, expected):
    assert decided(text) == expected
