"""Errors raised by the rules engine.

Every error carries a French ``message`` (shown to admins and agents) and, when known, the JSON
pointer of the offending part of the rule (``path``, e.g. ``/and/1/var``).

Compile-time errors (:class:`RuleSyntaxError` and subclasses) mean the rule must not be stored.
Evaluation errors (:class:`RuleEvaluationError` and subclasses) mean the rule could not be applied
to this data; the scheme evaluation turns them into an *undetermined* criterion. The evaluation
errors also derive from the matching built-in exception (``TypeError``, ``ValueError``,
``ZeroDivisionError``) so that they can be compared with the reference implementation's errors.
"""

from __future__ import annotations


class RuleError(Exception):
    """Base class of every rules-engine error."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(f"{message} ({path})" if path else message)
        self.message = message
        self.path = path


class RuleSyntaxError(RuleError):
    """The rule is malformed: it cannot be compiled, stored or published."""


class UnknownOperatorError(RuleSyntaxError, ValueError):
    """The rule uses an operator the engine does not provide (or deliberately refuses)."""

    def __init__(self, operator: str, *, path: str = "", reason: str = "") -> None:
        message = f"Opération inconnue : « {operator} »"
        if reason:
            message = f"Opération inconnue : « {operator} » (interdite : {reason})"
        super().__init__(message, path=path)
        self.operator = operator


class ArityError(RuleSyntaxError, TypeError):
    """An operator received a number of arguments it does not accept."""


class RuleTooComplexError(RuleSyntaxError):
    """The rule is nested too deeply or has too many nodes."""


class RuleEvaluationError(RuleError):
    """The rule could not be evaluated on the given data."""


class RuleTypeError(RuleEvaluationError, TypeError):
    """A value of the wrong type reached an operation (e.g. a list where a number is needed)."""


class RuleValueError(RuleEvaluationError, ValueError):
    """A value of the right type is unusable (e.g. the text « abc » where a number is needed)."""


class RuleZeroDivisionError(RuleEvaluationError, ZeroDivisionError):
    """A division or a modulo by zero."""


def translate_python_error(exc: BaseException) -> RuleEvaluationError:
    """Turn a Python error raised while evaluating a rule into the matching rule error."""
    detail = f"opération impossible sur ces valeurs ({type(exc).__name__}: {exc})"
    if isinstance(exc, ZeroDivisionError):
        return RuleZeroDivisionError("Division par zéro")
    if isinstance(exc, TypeError):
        return RuleTypeError(detail[0].upper() + detail[1:])
    if isinstance(exc, RecursionError):
        return RuleValueError("Règle ou données trop imbriquées")
    return RuleValueError(detail[0].upper() + detail[1:])
