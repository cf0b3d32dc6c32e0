"""Safety: refused and unknown operators, size limits, no way to reach Python attributes."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from app.rules import (
    OPERATORS,
    RuleTooComplexError,
    UnknownOperatorError,
    compile,
    evaluate,
    validate_logic,
)
from app.rules.limits import MAX_DEPTH, MAX_NODES

APP_RULES = Path(__file__).resolve().parents[2] / "app" / "rules"


@pytest.mark.parametrize("name", ["method", "log", "count"])
def test_reference_operators_we_refuse_are_rejected_with_their_name(name: str) -> None:
    rule = {"and": [True, {name: ["abc", "upper"]}]}
    with pytest.raises(UnknownOperatorError) as raised:
        compile(rule)
    assert raised.value.operator == name
    assert f"« {name} »" in raised.value.message
    assert raised.value.path == "/and/1"
    (problem,) = validate_logic(rule)
    assert problem.code == "refused_operator"
    assert problem.path == "/and/1"
    assert problem.message.startswith(f"Opération inconnue : « {name} »")


def test_method_is_refused_even_in_a_branch_never_taken() -> None:
    with pytest.raises(UnknownOperatorError):
        compile({"if": [False, {"method": [{"var": "x"}, "__class__"]}, 1]})


@pytest.mark.parametrize("name", ["nope", "eval", "__import__", "datetime.date", "json_logic", ""])
def test_unknown_operators_are_rejected_at_compile_and_save_time(name: str) -> None:
    with pytest.raises(UnknownOperatorError, match="Opération inconnue"):
        compile({name: [1]})
    problems = validate_logic({"or": [False, {name: [1]}]})
    assert [(p.path, p.code) for p in problems] == [("/or/1", "unknown_operator")]
    assert f"« {name} »" in problems[0].message


def test_all_unknown_operators_are_reported_at_once() -> None:
    problems = validate_logic({"and": [{"foo": 1}, {"method": [1, "x"]}, {"bar": [{"baz": 2}]}]})
    assert [p.path for p in problems] == ["/and/0", "/and/1", "/and/2"]


def _nested(depth: int) -> Any:
    rule: Any = {"var": "x"}
    for _ in range(depth):
        rule = {"!": [rule]}
    return rule


def test_nesting_within_the_limit_compiles() -> None:
    assert compile(_nested(MAX_DEPTH // 2 - 2))({"x": 1}) in (True, False)


@pytest.mark.parametrize("depth", [MAX_DEPTH, 5_000, 100_000])
def test_deep_nesting_is_refused_without_recursing(depth: int) -> None:
    with pytest.raises(RuleTooComplexError, match="trop imbriquée"):
        compile(_nested(depth))
    (problem,) = validate_logic(_nested(depth))
    assert problem.code == "too_deep"


def test_a_huge_rule_is_refused() -> None:
    rule = {"+": list(range(MAX_NODES + 1))}
    with pytest.raises(RuleTooComplexError, match="trop volumineuse"):
        compile(rule)
    assert [p.code for p in validate_logic(rule)] == ["too_large"]


def test_a_self_referencing_rule_ends_in_an_error() -> None:
    rule: dict[str, Any] = {"and": []}
    rule["and"].append(rule)
    with pytest.raises(RuleTooComplexError):
        compile(rule)


class Secret:
    """An object that must stay out of reach of rules."""

    token = "s3cr3t"

    def __getitem__(self, key: str) -> str:
        return self.token


@pytest.mark.parametrize(
    "path",
    [
        "__class__",
        "__class__.__init__.__globals__",
        "form.__dict__",
        "a.__globals__",
        "form.__class__.__mro__",
        "f.__code__",
        "secret.token",
        "secret.__class__",
        "secret.x",
        "text.__len__",
        "items.__len__",
        "items.-1",
    ],
)
def test_var_never_reaches_python_attributes(path: str) -> None:
    data = {
        "form": {"a": 1},
        "a": {"b": 2},
        "f": test_var_never_reaches_python_attributes,
        "secret": Secret(),
        "text": "abc",
        "items": [1, 2],
    }
    assert evaluate({"var": path}, data) is None
    assert evaluate({"var": [path, "défaut"]}, data) == "défaut"
    assert evaluate({"missing": [path]}, data) == [path]


def test_reading_does_not_modify_the_data() -> None:
    data = {"form": defaultdict(list)}
    assert evaluate({"var": "form.enfants"}, data) is None
    assert dict(data["form"]) == {}


def test_operators_are_only_the_registered_ones() -> None:
    classic = {
        "==",
        "===",
        "!=",
        "!==",
        ">",
        ">=",
        "<",
        "<=",
        "!",
        "!!",
        "in",
        "cat",
        "substr",
        "+",
        "-",
        "*",
        "/",
        "%",
        "min",
        "max",
        "merge",
        "var",
        "missing",
        "missing_some",
        "if",
        "?:",
        "and",
        "or",
        "map",
        "filter",
        "reduce",
        "all",
        "some",
        "none",
    }
    ours = {"sum_of", "count_of", "today", "age", "date_add", "round", "bareme"}
    assert set(OPERATORS) == classic | ours


FORBIDDEN_CALLS = {
    "getattr",
    "setattr",
    "delattr",
    "eval",
    "exec",
    "__import__",
    "vars",
    "globals",
    "locals",
    "open",
    "import_module",
}
# The one exception: the code generator runs its generated function definition (tested below).
ALLOWED = {("codegen.py", "exec")}


@pytest.mark.parametrize("path", sorted(APP_RULES.glob("*.py")), ids=lambda p: p.name)
def test_the_engine_never_uses_reflection(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if (path.name, name) not in ALLOWED:
                assert name not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {name}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names]
            if isinstance(node, ast.ImportFrom):
                modules.append(node.module or "")
            assert "json_logic" not in modules, f"{path.name} imports json_logic"
