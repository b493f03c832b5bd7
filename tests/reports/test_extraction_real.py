"""Extraction on the real-genre set written outside the team (../shared/samples/real), scored by the
shared metric. r01–r12 were used to find error classes; the floors sit at the scores reached, so a
regression fails. r13–r17 are the check that the classes generalise, and a hidden set of other real
reports is how extraction is judged: these floors are not an estimate for it.
"""
import pytest

from tests.conftest import SHARED

from .test_extraction import _scores

REAL = SHARED / "samples" / "real"


@pytest.mark.shared
def test_the_real_development_set_keeps_its_scores():
    golds = [REAL / f"r{n:02d}.gold.json" for n in range(1, 13)]
    scores = _scores(golds)
    assert scores["indicator_p"] >= 0.98 and scores["indicator_r"] >= 0.91, scores
    assert scores["quantity_p"] >= 0.99 and scores["quantity_r"] >= 0.98, scores
    assert scores["qualifier"] >= 0.99, scores


@pytest.mark.shared
def test_the_real_check_set_keeps_its_scores():
    scores = _scores([REAL / f"r{n:02d}.gold.json" for n in range(13, 18)])
    assert scores["indicator_p"] >= 0.95 and scores["indicator_r"] >= 0.91, scores
    assert scores["quantity_r"] >= 0.97, scores
