"""The registry of operators a rule may use — the only operators the engine knows.

Every operator is registered here explicitly with its arity and a French summary (used by
``docs/rules.md``, the JSON Schema and the scheme builder). Anything else is refused when the rule
is compiled or validated, with the operator's name; :data:`REFUSED` names the reference
implementation's operators that Tremplin deliberately leaves out, and why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from app.rules import ops_core, ops_data, ops_extra, ops_iter, ops_logic
from app.rules.fastpaths import fast_path
from app.rules.nodes import Builder, Compiler, Node, Scope, eager


@dataclass(frozen=True, slots=True)
class Operator:
    """An operator: name, accepted number of arguments, compile-time builder, French summary."""

    name: str
    min_args: int
    max_args: int | None
    build: Builder
    summary: str
    family: str

    def accepts(self, count: int) -> bool:
        """Whether ``count`` arguments are accepted."""
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)

    def arity_text(self) -> str:
        """French description of the accepted number of arguments."""
        low, high = self.min_args, self.max_args
        if high is None:
            return f"au moins {low} argument{'s' if low > 1 else ''}"
        if low == high:
            return f"{low} argument{'s' if low > 1 else ''}"
        return f"de {low} à {high} arguments"


def _eager_builder(name: str, impl: Callable[..., Any]) -> Builder:
    def build(cx: Compiler, args: list[Any], paths: list[str], scope: Scope) -> Node:
        nodes = [cx.arg(arg, scope, path) for arg, path in zip(args, paths, strict=True)]
        if not all(node.const for node in nodes):
            fast = fast_path(name, impl, nodes)
            if fast is not None:
                return Node(fast)
        return eager(impl, nodes, cx.mode)

    return build


def _registry() -> dict[str, Operator]:
    ops: dict[str, Operator] = {}

    def register(name: str, low: int, high: int | None, build: Builder, summary: str, family: str):
        assert name not in ops, name
        ops[name] = Operator(name, low, high, build, summary, family)

    for name, (impl, low, high, summary) in ops_core.EAGER.items():
        register(name, low, high, _eager_builder(name, impl), summary, "jsonlogic")
    control = (
        ("!", 1, 1, ops_logic.build_not, "négation"),
        ("!!", 1, 1, ops_logic.build_truthy, "valeur de vérité"),
        ("var", 0, 2, ops_data.build_var, "valeur d'une variable (chemin pointé), avec défaut"),
        ("missing", 0, None, ops_data.build_missing, "variables absentes parmi une liste"),
        ("missing_some", 2, 2, ops_data.build_missing_some, "au moins n variables présentes"),
        ("if", 0, None, ops_logic.build_if, "si / alors / sinon si … / sinon"),
        ("?:", 3, 3, ops_logic.build_if, "si / alors / sinon (forme ternaire)"),
        ("and", 0, None, ops_logic.build_and, "et"),
        ("or", 0, None, ops_logic.build_or, "ou"),
        ("map", 2, 2, ops_iter.build_map, "transforme chaque élément d'une liste"),
        ("filter", 2, 2, ops_iter.build_filter, "éléments d'une liste qui vérifient une condition"),
        ("reduce", 2, 3, ops_iter.build_reduce, "cumule les éléments d'une liste"),
        ("all", 2, 2, ops_iter.build_all, "tous les éléments (liste non vide) vérifient"),
        ("some", 2, 2, ops_iter.build_some, "au moins un élément vérifie"),
        ("none", 2, 2, ops_iter.build_none, "aucun élément ne vérifie"),
    )
    for name, low, high, build, summary in control:
        register(name, low, high, build, summary, "jsonlogic")
    tremplin = (
        ("sum_of", 2, 2, ops_iter.build_sum_of, "somme d'une expression sur les éléments"),
        ("count_of", 2, 2, ops_iter.build_count_of, "nombre d'éléments qui vérifient"),
        ("today", 0, 0, ops_extra.build_today, "date du jour de l'évaluation"),
        ("age", 1, 2, ops_extra.build_age, "âge en années révolues à une date"),
        ("date_add", 3, 3, ops_extra.build_date_add, "date décalée de n jours/semaines/mois/ans"),
        ("round", 1, 2, ops_extra.build_round, "arrondi commercial (demi vers le haut)"),
        ("bareme", 2, 3, ops_extra.build_bareme, "montant de la tranche d'un barème"),
    )
    for name, low, high, build, summary in tremplin:
        register(name, low, high, build, summary, "tremplin")
    return ops


OPERATORS: Mapping[str, Operator] = MappingProxyType(_registry())
"""Every supported operator by name."""

REFUSED: Mapping[str, str] = MappingProxyType(
    {
        "method": "elle appellerait du code Python arbitraire",
        "log": "elle écrirait des données personnelles dans les journaux",
        "count": "elle n'est pas standard ; utiliser « count_of »",
    }
)
"""Operators of json-logic-qubit that Tremplin refuses, with the reason (French)."""

TABLE_ARGUMENTS: Mapping[str, int] = MappingProxyType({"bareme": 1})
"""Operators with a literal argument that is data, not a rule (its position)."""
