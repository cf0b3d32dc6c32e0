"""Display conditions (``ui:condition``): JSON-Logic evaluated by the rules engine.

A condition sees the answers as ``form`` (``{"var": "form.situation"}``) and, for a field inside a
repeating group, the current item as ``item`` (``{"var": "item.niveau"}``). A field whose condition
is false is hidden: it is neither required nor kept (:func:`prune` drops it from the answers).

Without JavaScript a page cannot react to what is being typed, so a field whose condition depends on
another input *of the same page* is always displayed, and its condition is applied when the page is
submitted; a condition that only depends on earlier steps hides the field at once.

Conditions run in :mod:`app.rules` only (the engine refuses unsafe operations); this module never
reads JSON-Logic itself. As in the rules engine's ``visible_fields``, a condition that fails to
evaluate shows its field (better ask one question too many than lose an answer); the failure is
logged as ``forms.condition.failed`` without any answer.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from typing import Any

from app.forms.spec import FieldSpec, FormSpec, Kind

log = logging.getLogger("tremplin.forms")

FORM = "form"
ITEM = "item"


class ConditionsUnavailable(RuntimeError):
    """The rules engine (``app.rules.evaluate``) is not installed: conditions cannot run."""


def _engine() -> Any:
    # Imported on first use: the rules engine is a sibling domain that forms only need when a
    # definition has conditions (the dependency is one-way: app.rules never imports app.forms).
    try:
        import app.rules as engine
    except ImportError as exc:  # pragma: no cover - the engine ships with the platform
        raise ConditionsUnavailable(
            "les conditions d'affichage (ui:condition) demandent le moteur de règles app.rules"
        ) from exc
    return engine


def logic_validator() -> Callable[..., Any] | None:
    """``app.rules.validate_logic`` when the rules engine is installed, else ``None``."""
    try:
        return _engine().validate_logic  # type: ignore[no-any-return]
    except ConditionsUnavailable:  # pragma: no cover
        return None


def rules_available() -> bool:
    """Whether conditions can be evaluated."""
    try:
        _engine()
    except ConditionsUnavailable:  # pragma: no cover
        return False
    return True


def references(logic: Any) -> set[tuple[str, str]]:
    """``(scope, field)`` pairs a condition reads (``("form", "situation")``, ``("item", "x")``)."""
    found = set()
    for name in _engine().variables_of(logic):
        scope, _, rest = str(name).partition(".")
        found.add((scope, rest.partition(".")[0]))
    return found


def is_shown(condition: Any, answers: Mapping[str, Any], item: Any = None) -> bool:
    """Whether a field with ``condition`` is displayed given the answers (and its group item)."""
    if condition is None:
        return True
    evaluate = _engine().evaluate
    data = {FORM: answers, ITEM: item if item is not None else {}}
    try:
        return bool(evaluate(condition, data))
    except Exception:  # the host absorbs any failure: the field is shown, the request goes on
        log.warning("forms.condition.failed", exc_info=True)
        return True


def shown_on_page(field: FieldSpec, page: set[str], answers: Mapping[str, Any]) -> bool:
    """Whether to display ``field`` on a page holding the top-level fields ``page``.

    A condition reading an input of the same page (or of the same group item) is applied on
    submission only; one reading earlier answers only is applied now.
    """
    if field.condition is None:
        return True
    refs = references(field.condition)
    if any(scope == ITEM or (scope == FORM and name in page) for scope, name in refs):
        return True
    return is_shown(field.condition, answers)


def prune(
    spec: FormSpec, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], set[tuple[str, ...]]]:
    """The answers without the fields hidden by their condition, and the hidden paths.

    Conditions are applied in display order, each seeing the answers already pruned before it.
    """
    result: dict[str, Any] = copy.deepcopy(dict(answers))
    hidden: set[tuple[str, ...]] = set()
    for field in spec.fields:
        _prune(field, result, result, None, (field.name,), hidden)
    return result, hidden


def _prune(
    field: FieldSpec,
    container: dict[str, Any],
    root: dict[str, Any],
    item: Any,
    path: tuple[str, ...],
    hidden: set[tuple[str, ...]],
) -> None:
    if field.condition is not None and not is_shown(field.condition, root, item):
        container.pop(field.name, None)
        hidden.add(path)
        return
    value = container.get(field.name)
    if field.kind is Kind.GROUP and isinstance(value, list):
        for index, element in enumerate(value):
            if isinstance(element, dict):
                for child in field.children:
                    _prune(child, element, root, element, (*path, str(index), child.name), hidden)
    elif field.kind is Kind.OBJECT and isinstance(value, dict):
        for child in field.children:
            _prune(child, value, root, item, (*path, child.name), hidden)


def has_conditions(spec: FormSpec) -> bool:
    """Whether any field of the form has a display condition."""
    return any(f.condition is not None for f in spec.walk())
