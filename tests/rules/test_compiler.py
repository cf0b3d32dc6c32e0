"""Compilation: caching, error locations, constant folding, evaluation entry points."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.rules import ArityError, RuleSyntaxError, RuleTypeError, compile, evaluate
from app.rules.compiler import CACHE_SIZE, LRU, canonical_key, clear_cache


def test_compiling_the_same_rule_twice_hits_the_cache() -> None:
    first = compile({"<=": [{"var": "qf"}, 800]})
    assert compile({"<=": [{"var": "qf"}, 800]}) is first
    assert compile({"<=": [{"var": "qf"}, 801]}) is not first


def test_the_cache_key_is_canonical() -> None:
    assert canonical_key({"a": 1, "b": [True, 1.0]}) == canonical_key({"b": [True, 1.0], "a": 1})
    assert canonical_key(True) != canonical_key(1)
    assert canonical_key(1.0) != canonical_key(1)
    assert canonical_key({"x": Decimal("1")}) is None  # not plain JSON: compiled, not cached


def test_rules_that_are_not_plain_json_still_compile() -> None:
    assert evaluate({"*": [Decimal("612.50"), 2]}) == Decimal("1225.00")


def test_the_cache_is_bounded() -> None:
    cache = LRU(3)
    for key in "abcd":
        cache.put(key, key.upper())
    assert cache.get("a") is None
    assert cache.get("d") == "D"
    assert CACHE_SIZE >= 1000


def test_clearing_the_cache() -> None:
    first = compile({"var": "x"})
    clear_cache()
    assert compile({"var": "x"}) is not first


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        ({"==": [1, 2, 3]}, ""),
        ({"and": [True, {"!": []}]}, "/and/1"),
        ({"if": [{"var": "a"}, {"filter": [[1]]}, 0]}, "/if/1"),
        ({"or": [{"substr": ["a"]}]}, "/or/0"),
    ],
)
def test_wrong_arities_are_compile_errors_with_a_location(rule: Any, path: str) -> None:
    with pytest.raises(ArityError) as raised:
        compile(rule)
    assert raised.value.path == path
    assert "attend" in raised.value.message


def test_error_paths_escape_json_pointer_characters() -> None:
    with pytest.raises(ArityError) as raised:
        compile({"and": [{"/": [1]}]})
    assert raised.value.path == "/and/0"
    with pytest.raises(RuleSyntaxError) as raised:
        compile({"bareme": [1, [[3, 1, 0]]]})
    assert raised.value.path == "/bareme/1/0"


def test_folded_constants_still_fail_at_evaluation_time() -> None:
    rule = {"if": [{"var": "x"}, {"/": [1, 0]}, "ok"]}
    run = compile(rule)  # compiling does not raise
    assert run({"x": False}) == "ok"
    with pytest.raises(ZeroDivisionError):
        run({"x": True})


def test_constant_results_are_fresh_copies() -> None:
    run = compile({"merge": [[1], [[2]]]})
    first = run({})
    first[1].append("changed")
    assert run({}) == [1, [2]]
    literal = compile([{"var": "x"}, [1, 2]])
    literal({})[1].append(3)
    assert literal({"x": 0}) == [0, [1, 2]]


def test_today_can_be_injected() -> None:
    run = compile({"age": [{"var": "born"}]})
    assert run({"born": "2008-09-02"}, date(2026, 9, 1)) == 17
    assert run({"born": "2008-09-02"}, today=date(2026, 9, 2)) == 18
    assert evaluate({"today": []}, {}, today=date(2026, 9, 1)) == "2026-09-01"


def test_today_defaults_to_paris_today() -> None:
    assert len(evaluate({"today": []})) == 10


def test_missing_data_is_an_empty_object() -> None:
    assert evaluate({"var": "x"}, None) is None
    assert evaluate({"missing": ["x"]}, None) == ["x"]


def test_evaluation_errors_are_rule_errors_with_french_messages() -> None:
    with pytest.raises(RuleTypeError) as raised:
        evaluate({"<": ["a", True]})
    assert "Opération impossible" in raised.value.message


@pytest.mark.parametrize(
    ("rule", "data", "expected"),
    [
        ({"<=": [{"var": "a.b.c"}, 10]}, {"a": {"b": {"c": 10}}}, True),
        ({"<=": [{"var": "a.b.c"}, 10]}, {"a": {"b": [1]}}, False),
        ({"<=": [{"var": "a.0.c"}, 10]}, {"a": [{"c": 3}]}, True),
        ({">": [10, {"var": "a.b"}]}, {"a": {"b": Decimal("9.99")}}, True),
        ({"==": [{"var": "a"}, "1"]}, {"a": 1}, True),
        ({"!=": [{"var": "a"}, None]}, {}, False),
        ({"<": [0, {"var": "a"}, 10]}, {"a": 10}, False),
        ({"<=": [0, {"var": "a"}, 10]}, {"a": "10"}, True),
        ({"in": [{"var": "a"}, ["x", 2]]}, {"a": 2.0}, True),
        ({"in": [{"var": "a"}, ["x", 2]]}, {"a": True}, False),
        ({"+": [{"var": "a"}, 1]}, {"a": "2"}, 3),
        ({"*": [{"var": "a"}, {"var": "b"}]}, {"a": 2, "b": 3}, 6),
        (
            {"if": [{"<": [{"var": "q"}, 10]}, "a", {"<": [{"var": "q"}, 20]}, "b", "c"]},
            {"q": "15"},
            "b",
        ),
        (
            {"if": [{"<": [{"var": "q"}, 10]}, "a", {"<": [{"var": "q"}, 20]}, "b", "c"]},
            {"q": 25},
            "c",
        ),
    ],
)
def test_fast_paths_keep_the_general_semantics(rule: Any, data: Any, expected: Any) -> None:
    result = evaluate(rule, data)
    assert result == expected
    assert type(result) is type(expected)
