"""Every named rule has a test module of its own here, and a label the review page shows."""

from pathlib import Path

from reports.extraction.rules import NO_TRIGGER, OVERRULES, REFINERS, RULE_LABELS, STEPS, VETOES

RULES = [rule.__name__ for rule in (*VETOES, *STEPS, *REFINERS, *OVERRULES)] + [NO_TRIGGER]


def test_each_rule_has_a_test_module_and_a_label():
    here = Path(__file__).parent
    assert [name for name in RULES if not (here / f"test_{name}.py").is_file()] == []
    assert sorted(RULE_LABELS) == sorted(RULES)
