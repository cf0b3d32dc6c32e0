"""Code generation: what is generated, what stays closures, and the safety invariants."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import pytest

from app.rules import compile
from app.rules.codegen import MAX_INLINE_DEPTH, MAX_SOURCE
from app.rules.engine import compile_closures

HOSTILE = "') or __import__('os').system('true') #"


def test_generated_code_contains_nothing_from_the_rule() -> None:
    rule = {
        "and": [
            {"==": [{"var": "form.__class__"}, HOSTILE]},
            {"<=": [{"var": HOSTILE}, 800]},
            {"in": [{"var": "x"}, [HOSTILE, "b"]]},
            {"if": [{"<": [{"var": "q"}, 1]}, HOSTILE, {"cat": [HOSTILE, {"var": "y"}]}]},
        ]
    }
    run = compile(rule)
    source = run.source
    assert HOSTILE not in source
    assert "'" not in source
    assert '"' not in source
    assert run({"form": {}, "q": 0}) is False
    head, tail = HOSTILE.split(".", 1)
    data = {"form": {"__class__": HOSTILE}, head: {tail: 1}, "x": "b", "q": 0}
    assert run(data) == HOSTILE


def test_generated_code_runs_without_builtins() -> None:
    run = compile({"<=": [{"var": "a"}, 1]})
    assert run.__globals__["__builtins__"] == {}
    assert "__import__" not in run.__globals__
    assert run({"a": 1}) is True


def test_operations_nested_beyond_the_inline_depth_run_as_closures() -> None:
    rule: Any = {"+": [{"var": "q"}, 1]}
    for _ in range(MAX_INLINE_DEPTH + 2):
        rule = {"+": [rule, 1]}
    run = compile(rule)
    assert "_f" in run.source  # the deepest operations are closure calls
    assert run({"q": 1}) == MAX_INLINE_DEPTH + 4


def test_bareme_is_generated_without_closures() -> None:
    run = compile({"bareme": [{"var": "q"}, [[None, None, 5]]]})
    assert "_f" not in run.source
    assert run({"q": 1}) == 5


@pytest.mark.parametrize(
    "rule",
    [
        {"<=": [{"var": "sources.qf.quotient_familial"}, 800]},
        {"and": [{"==": [{"var": "form.commune"}, "x"]}, {"in": [{"var": "n"}, [1, 2]]}]},
        {"if": [{"<=": [{"var": "q"}, 1]}, "a", {"<=": [{"var": "q"}, 2]}, "b", "c"]},
        [{"+": [{"var": "a"}, 1]}, {"!": {"var": "b"}}, {"<": [0, {"var": "a"}, 10]}],
    ],
)
def test_common_rules_are_generated_without_closures(rule: Any) -> None:
    source = compile(rule).source
    assert "_f" not in source  # no closure call: the whole rule is one expression


class CountingData(Mapping[str, Any]):
    """Data that counts how often each key is read."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.reads: dict[str, int] = {}

    def __getitem__(self, key: str) -> Any:
        self.reads[key] = self.reads.get(key, 0) + 1
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def test_a_bracket_chain_reads_its_subject_once() -> None:
    per_part = {"/": [{"var": "r"}, {"var": "p"}]}
    rule = {"if": [{"<=": [per_part, 8000]}, 400, {"<=": [per_part, 12000]}, 300, 200]}
    data = CountingData({"r": 31000, "p": 2.5})
    assert compile(rule)(data) == 200
    assert data.reads == {"r": 1, "p": 1}
    assert compile(rule)({"r": 20000, "p": 2.5}) == 400


def test_huge_rules_run_on_closures() -> None:
    rule = {"and": [{"<=": [{"var": f"a{i}"}, i]} for i in range(1500)]}
    run = compile(rule)
    assert not hasattr(run, "source")
    assert run({}) is False
    assert MAX_SOURCE > 10_000


@pytest.mark.parametrize(
    ("rule", "data"),
    [
        ({"var": ["a.b.c", 5]}, {"a": {"b": None}}),
        ({"var": ["a.b.c", 5]}, {"a": {"b": [1]}}),
        ({"var": "a.1"}, {"a": ["x", "y"]}),
        ({"==": [{"var": "a"}, "1"]}, {"a": 1}),
        ({"<": [{"var": "a"}, 2]}, {"a": "1.5"}),
        ({"*": [{"var": "a"}, {"var": "b"}]}, {"a": "2", "b": 2.5}),
        ({"merge": [{"var": "a"}, [1]]}, {"a": [[0]]}),
        ({"or": [{"var": "a"}, [1, 2]]}, {}),
    ],
)
def test_generated_code_and_closures_agree(rule: Any, data: Any) -> None:
    assert compile(rule)(data) == compile_closures(rule)(data)


@pytest.mark.parametrize(
    ("rule", "data", "expected"),
    [
        # found by the differential test: a value shared by two operands was first computed
        # inside an operation the generator then left to a closure
        ({"+": [{"<": [False, {"var": "n"}]}, {"==": [None, {"var": "n"}]}]}, {}, 1),
        ({"+": [{"<": [False, {"var": "n"}]}, {"==": [None, {"var": "n"}]}]}, {"n": 3}, 1),
        ({"+": [{"<": [False, {"var": "n"}]}, {"var": "n"}]}, {"n": 3}, 4),
    ],
)
def test_a_shared_value_computed_in_an_abandoned_write_is_computed_again(
    rule: Any, data: Any, expected: Any
) -> None:
    run = compile(rule)
    assert run(data) == expected
    assert run(data) == compile_closures(rule)(data)


def test_the_context_is_built_only_for_rules_that_read_it() -> None:
    plain = compile({"<=": [{"var": "a"}, 1]})
    assert "c = " not in plain.source
    assert plain({"a": 1}, today=None) is True
    dated = compile({"age": [{"var": "b"}]})
    assert "c = _Context(today)" in dated.source
    assert dated({"b": "2000-09-02"}, today=date(2026, 9, 1)) == 25
