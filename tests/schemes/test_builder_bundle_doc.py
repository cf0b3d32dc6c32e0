"""The example of docs/scheme-bundle.md is a valid bundle whose golden tests pass, and the
visual editors can show every part of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.schemes import builder_amounts, builder_rules
from app.schemes.bundles import validate_bundle
from app.schemes.publishing import golden_problems

DOC = Path(__file__).resolve().parents[2] / "docs" / "scheme-bundle.md"


def example() -> dict:
    block = re.search(r"```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S)
    assert block, "docs/scheme-bundle.md has no JSON example"
    return json.loads(block.group(1))


def test_the_documented_example_is_valid_and_its_tests_pass(app):
    bundle = example()
    with app.app_context():
        assert validate_bundle(bundle) == []
    assert golden_problems(bundle) == []
    assert builder_amounts.logic_to_amount(bundle["rules"]["amount"]).mode == "grid"
    for criterion in bundle["rules"]["criteria"]:
        assert builder_rules.logic_to_condition(criterion["logic"]) is not None
