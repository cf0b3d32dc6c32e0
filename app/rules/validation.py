"""Validate rules before they are stored: every problem at once, each with a JSON pointer and a
French message.

Two passes: semantic checks (unknown or refused operators with their name, arities, literal
objects, variable names written literally, barème tables, size limits) and the JSON Schema
(``schemas/rules/v1``). Schema errors at a place the semantic checks already explained are not
repeated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import ValidationError

from app.rules.bareme import table_problems
from app.rules.compiler import pointer_token
from app.rules.dates import UNITS
from app.rules.limits import MAX_DEPTH, MAX_NODES, measure
from app.rules.operations import OPERATORS, REFUSED, TABLE_ARGUMENTS
from app.rules.schemas import LOGIC_SCHEMA_ID, RULES_SCHEMA_ID, validator
from app.rules.variables import variables_of


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a rule or rules document."""

    path: str
    """JSON pointer of the offending value (``/criteria/2/logic/and/1``)."""
    message: str
    """French message for the admin (« Opération inconnue : « method » »)."""
    code: str
    """Stable machine code (``unknown_operator``, ``arity``, ``schema``…)."""

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"path": self.path, "message": self.message, "code": self.code}


def validate_logic(logic: Any, *, path: str = "") -> list[Problem]:
    """Every problem of one rule (empty list: the rule may be stored)."""
    problems = _logic_problems(logic, path)
    if any(p.code in ("too_deep", "too_large") for p in problems):
        return problems
    schema_problems = _schema_problems(LOGIC_SCHEMA_ID, logic, path)
    return _merge(problems, schema_problems)


def _logic_problems(logic: Any, path: str) -> list[Problem]:
    depth, nodes = measure(logic)
    if depth > MAX_DEPTH:
        message = f"Règle trop imbriquée : plus de {MAX_DEPTH} niveaux"
        return [Problem(path, message, "too_deep")]
    if nodes > MAX_NODES:
        message = f"Règle trop volumineuse : plus de {MAX_NODES} éléments"
        return [Problem(path, message, "too_large")]
    problems: list[Problem] = []
    _walk(logic, path, problems)
    return problems


def _walk(logic: Any, path: str, problems: list[Problem]) -> None:
    if isinstance(logic, Mapping):
        if len(logic) != 1:
            keys = ", ".join(f"« {k} »" for k in list(logic)[:5]) or "aucune"
            message = f"Un objet doit contenir exactement une opération (clés : {keys})"
            problems.append(Problem(path, message, "literal_object"))
            return
        ((name, raw),) = logic.items()
        _operation(str(name), raw, path, problems)
    elif isinstance(logic, list | tuple):
        for index, item in enumerate(logic):
            _walk(item, f"{path}/{index}", problems)
    elif isinstance(logic, float) and not math.isfinite(logic):
        problems.append(Problem(path, "Nombre non fini interdit", "number"))
    elif not isinstance(logic, str | int | float | bool | type(None)):
        problems.append(Problem(path, f"Valeur non JSON : {type(logic).__name__}", "type"))


def _operation(name: str, raw: Any, where: str, problems: list[Problem]) -> None:
    """Check one operation; ``where`` points at the operation object, ``path`` at its arguments."""
    path = f"{where}/{pointer_token(name)}"
    operator = OPERATORS.get(name)
    if operator is None:
        if name in REFUSED:
            message = f"Opération inconnue : « {name} » (interdite : {REFUSED[name]})"
            problems.append(Problem(where, message, "refused_operator"))
        else:
            problems.append(Problem(where, f"Opération inconnue : « {name} »", "unknown_operator"))
        return
    listed = isinstance(raw, list | tuple)
    args = list(raw) if listed else [raw]
    paths = [f"{path}/{i}" for i in range(len(args))] if listed else [path]
    if not operator.accepts(len(args)):
        message = f"« {name} » attend {operator.arity_text()}, {len(args)} donné(s)"
        problems.append(Problem(where, message, "arity"))
        return
    if name == "var" and args and isinstance(args[0], Mapping | list | tuple):
        message = "Le nom d'une variable doit être écrit en toutes lettres (pas calculé)"
        problems.append(Problem(paths[0], message, "dynamic_variable"))
    if name == "date_add" and isinstance(args[2], str) and args[2] not in UNITS:
        message = f"Unité de durée inconnue : « {args[2]} » (attendu : {', '.join(UNITS)})"
        problems.append(Problem(paths[2], message, "unit"))
    table_at = TABLE_ARGUMENTS.get(name)
    if table_at is not None:
        problems.extend(_table_problems(args, paths, table_at))
    for index, (arg, arg_path) in enumerate(zip(args, paths, strict=True)):
        if index != table_at:
            _walk(arg, arg_path, problems)


def _table_problems(args: list[Any], paths: list[str], at: int) -> list[Problem]:
    found = [
        Problem(paths[at] + where, message, "bareme") for where, message in table_problems(args[at])
    ]
    if found:
        return found
    raw = args[at]
    brackets = raw.get("brackets") if isinstance(raw, Mapping) else raw
    two_dimensional = isinstance(brackets[0][2], Mapping)
    if two_dimensional and len(args) < 3:
        message = "Barème à deux dimensions : indiquer la colonne (3ᵉ argument)"
        return [Problem(paths[at], message, "bareme")]
    if not two_dimensional and len(args) == 3:
        return [Problem(paths[2], "Barème à une dimension : pas de colonne", "bareme")]
    return []


def _schema_problems(schema_id: str, document: Any, path: str) -> list[Problem]:
    problems = []
    for error in validator(schema_id).iter_errors(document):
        deepest = _deepest(error)
        where = path + "".join(f"/{pointer_token(str(p))}" for p in deepest.absolute_path)
        problems.append(Problem(where, _french(deepest), "schema"))
    return problems


def _deepest(error: ValidationError) -> ValidationError:
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def _french(error: ValidationError) -> str:
    validator_name = error.validator
    if validator_name == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else ""
        return f"Champ obligatoire manquant : « {missing} »"
    if validator_name == "additionalProperties":
        return "Champ non prévu par le schéma des règles"
    if validator_name in ("minProperties", "maxProperties"):
        return "Une opération est un objet à exactement une clé"
    if validator_name == "propertyNames":
        return "Nom non autorisé"
    if validator_name == "pattern":
        return "Format invalide (identifiant : minuscules, chiffres et « _ »)"
    if validator_name == "type":
        return f"Type invalide (attendu : {error.validator_value})"
    if validator_name in ("minLength", "maxLength", "minItems", "maxItems"):
        return "Longueur invalide"
    if validator_name == "enum":
        return f"Valeur non autorisée (attendu : {error.validator_value})"
    return f"Valeur non conforme au schéma des règles ({validator_name})"


def _merge(semantic: list[Problem], schema: list[Problem]) -> list[Problem]:
    explained = [p.path for p in semantic]
    extra = [
        p
        for p in schema
        if not any(
            p.path == e or p.path.startswith(e + "/") or e.startswith(p.path + "/")
            for e in explained
        )
    ]
    seen: set[tuple[str, str]] = set()
    merged = []
    for problem in [*semantic, *extra]:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            merged.append(problem)
    return sorted(merged, key=lambda p: p.path)


def validate_rules(document: Any) -> list[Problem]:
    """Every problem of a rules document (criteria, combinator, amount, display conditions,
    personas): logic problems, duplicates, references to unknown criteria, then the JSON Schema."""
    if not isinstance(document, Mapping):
        return [Problem("", "Le document de règles doit être un objet", "schema")]
    semantic: list[Problem] = []
    for path, logic in _logics(document):
        problems = _logic_problems(logic, path)
        semantic.extend(problems)
    semantic.extend(_document_problems(document))
    if any(p.code in ("too_deep", "too_large") for p in semantic):
        return sorted(semantic, key=lambda p: p.path)
    return _merge(semantic, _schema_problems(RULES_SCHEMA_ID, document, ""))


def _logics(document: Mapping[str, Any]) -> list[tuple[str, Any]]:
    found = []
    criteria = document.get("criteria")
    if isinstance(criteria, list):
        for index, criterion in enumerate(criteria):
            if isinstance(criterion, Mapping) and "logic" in criterion:
                found.append((f"/criteria/{index}/logic", criterion["logic"]))
    for key in ("combinator", "amount"):
        if document.get(key) is not None:
            found.append((f"/{key}", document[key]))
    conditions = document.get("display_conditions")
    if isinstance(conditions, Mapping):
        for field, logic in conditions.items():
            found.append((f"/display_conditions/{pointer_token(str(field))}", logic))
    return found


def _document_problems(document: Mapping[str, Any]) -> list[Problem]:
    problems = []
    ids: list[str] = []
    criteria = document.get("criteria")
    for index, criterion in enumerate(criteria if isinstance(criteria, list) else []):
        if isinstance(criterion, Mapping) and isinstance(criterion.get("id"), str):
            if criterion["id"] in ids:
                message = f"Identifiant de critère en double : « {criterion['id']} »"
                problems.append(Problem(f"/criteria/{index}/id", message, "duplicate_id"))
            ids.append(criterion["id"])
    if document.get("combinator") is not None:
        for name in sorted(variables_of(document["combinator"])):
            if name not in ids:
                message = f"Le combinateur cite un critère inconnu : « {name} »"
                problems.append(Problem("/combinator", message, "unknown_criterion"))
    personas = document.get("personas")
    names: set[str] = set()
    for index, persona in enumerate(personas if isinstance(personas, list) else []):
        if not isinstance(persona, Mapping):
            continue
        if persona.get("name") in names:
            message = f"Nom de persona en double : « {persona['name']} »"
            problems.append(Problem(f"/personas/{index}/name", message, "duplicate_persona"))
        names.add(persona.get("name"))  # type: ignore[arg-type]
        expected = persona.get("expected")
        failing = expected.get("failing_criteria") if isinstance(expected, Mapping) else None
        for position, criterion_id in enumerate(failing if isinstance(failing, list) else []):
            if criterion_id not in ids:
                where = f"/personas/{index}/expected/failing_criteria/{position}"
                message = f"Critère inconnu : « {criterion_id} »"
                problems.append(Problem(where, message, "unknown_criterion"))
    return problems
