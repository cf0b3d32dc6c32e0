"""Rows ↔ JSON-Logic and barème grid ↔ ``bareme``: round trips, and rules the engine accepts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import rules
from app.schemes import builder_rules
from app.schemes.builder_rules import Condition, Group, Row
from app.schemes.builder_values import BuilderError

QF = "sources.qf.quotient_familial.valeur"
KINDS = {
    QF: "money",
    "form.enfants_nombre": "integer",
    "form.boursier": "boolean",
    "form.niveau": "string",
    "form.naissance": "date",
    "form.aides": "array",
}


def test_rows_become_json_logic_and_back():
    condition = Condition(
        "or",
        [
            Group("and", [Row(QF, "<=", 800), Row("form.boursier", "vrai")]),
            Group("and", [Row("form.niveau", "parmi", ["college", "lycee"])]),
        ],
    )
    logic = builder_rules.condition_to_logic(condition)
    assert logic == {
        "or": [
            {"and": [{"<=": [{"var": QF}, 800]}, {"==": [{"var": "form.boursier"}, True]}]},
            {"in": [{"var": "form.niveau"}, ["college", "lycee"]]},
        ]
    }
    assert builder_rules.logic_to_condition(logic) == condition
    assert rules.validate_logic(logic) == []


@pytest.mark.parametrize(
    ("logic", "row"),
    [
        ({"<=": [{"var": QF}, 800]}, Row(QF, "<=", 800)),
        ({"<=": [0, {"var": QF}, 800]}, Row(QF, "entre", 0, 800)),
        ({"==": [{"var": "form.boursier"}, False]}, Row("form.boursier", "faux")),
        ({"in": ["ars", {"var": "form.aides"}]}, Row("form.aides", "contient", "ars")),
        ({"!=": [{"var": "form.niveau"}, "college"]}, Row("form.niveau", "!=", "college")),
        (
            {"<=": [3, {"age": [{"var": "form.naissance"}, "2026-09-01"]}, 16]},
            Row("form.naissance", "age", 3, 16, "2026-09-01"),
        ),
        (
            {"<=": [16, {"age": [{"var": "form.naissance"}]}, 25]},
            Row("form.naissance", "age", 16, 25),
        ),
    ],
)
def test_each_operator(logic, row):
    assert builder_rules.logic_to_row(logic) == row
    assert builder_rules.row_to_logic(row) == logic


@pytest.mark.parametrize(
    "logic",
    [
        {"<=": [800, {"var": QF}]},  # constant first
        {"<=": [{"var": [QF, 0]}, 800]},  # default value
        {"count_of": [{"var": "form.enfants"}, {"var": "item.scolarise"}]},
        {"and": [{"or": [{"and": [{"<=": [{"var": QF}, 1]}]}]}]},  # three levels
        {"<=": [{"var": QF}, {"var": "form.plafond"}]},
        {"!": {"var": "form.boursier"}},
    ],
)
def test_other_shapes_are_left_to_the_json_mode(logic):
    assert builder_rules.logic_to_condition(logic) is None


def test_equivalent_shapes_are_read_in_the_canonical_form():
    single = {"and": [{"<=": [{"var": QF}, 800]}]}
    assert builder_rules.condition_to_logic(builder_rules.logic_to_condition(single)) == {
        "<=": [{"var": QF}, 800]
    }


def test_rows_are_read_from_what_the_admin_typed():
    assert builder_rules.read_row(QF, "<=", "1 200,50", "", KINDS) == Row(QF, "<=", 1200.5)
    assert builder_rules.read_row(QF, "entre", "0", "800", KINDS) == Row(QF, "entre", 0, 800)
    assert builder_rules.read_row("form.naissance", ">=", "01/09/2010", "", KINDS).value == (
        "2010-09-01"
    )
    assert builder_rules.read_row("form.niveau", "parmi", "college; lycee", "", KINDS).value == [
        "college",
        "lycee",
    ]
    assert builder_rules.read_row("form.naissance", "age", "3", "16", KINDS, "01/09/2026") == Row(
        "form.naissance", "age", 3, 16, "2026-09-01"
    )
    for args, where in [
        (("form.inconnu", "==", "1", ""), "variable"),
        (("form.boursier", "<=", "1", ""), "operator"),
        ((QF, "<=", "douze", ""), "value"),
        ((QF, "entre", "800", "100"), "value2"),
        (("form.enfants_nombre", "==", "1,5", ""), "value"),
    ]:
        with pytest.raises(BuilderError) as refused:
            builder_rules.read_row(*args, KINDS)
        assert list(refused.value.errors) == [where]


def test_sentences():
    condition = builder_rules.logic_to_condition(
        {"or": [{"<=": [{"var": QF}, 800]}, {"==": [{"var": "form.boursier"}, True]}]}
    )
    labels = {QF: "Quotient familial", "form.boursier": "Boursier"}
    assert builder_rules.describe_condition(condition, labels, KINDS) == (
        "Quotient familial est inférieur ou égal à 800 ou Boursier est « oui »"
    )


NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False).map(
        lambda d: float(d) if d != d.to_integral_value() else int(d)
    ),
)
VARIABLES = st.sampled_from(list(KINDS))
ROWS = st.one_of(
    st.builds(Row, st.just(QF), st.sampled_from(builder_rules.COMPARISONS), NUMBERS),
    st.builds(Row, st.just(QF), st.just("entre"), NUMBERS, NUMBERS),
    st.builds(Row, st.just("form.boursier"), st.sampled_from(["vrai", "faux"])),
    st.builds(
        Row,
        st.just("form.niveau"),
        st.just("parmi"),
        st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=3),
    ),
    st.builds(Row, st.just("form.aides"), st.just("contient"), st.text(min_size=1, max_size=5)),
    st.builds(
        Row,
        st.just("form.naissance"),
        st.just("age"),
        st.integers(0, 30),
        st.integers(0, 30),
        st.sampled_from([None, "2026-09-01"]),
    ),
)
GROUPS = st.builds(Group, st.sampled_from(["and", "or"]), st.lists(ROWS, min_size=1, max_size=4))


def canonical(condition: Condition) -> Condition:
    """What a condition reads back as (a group of one-row groups is one group)."""
    return builder_rules.logic_to_condition(builder_rules.condition_to_logic(condition))


@settings(max_examples=200, deadline=None)
@given(mode=st.sampled_from(["and", "or"]), groups=st.lists(GROUPS, min_size=1, max_size=4))
def test_conditions_round_trip(mode, groups):
    condition = Condition(mode, groups)
    logic = builder_rules.condition_to_logic(condition)
    assert rules.validate_logic(logic) == []
    again = builder_rules.logic_to_condition(logic)
    assert again is not None
    assert builder_rules.condition_to_logic(again) == logic  # logic → rows → logic: identical
    assert canonical(again) == again  # rows → logic → rows: identical once canonical
