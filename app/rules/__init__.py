"""Tremplin's rules engine: JsonLogic eligibility criteria and amount grids.

Safe (only registered operators, size limits, no attribute access), exact (decimal arithmetic),
three-valued (missing data makes a criterion *undetermined*, not false), explained (French
sentences with the values read and where they came from) and fast (rules compile once, to
closures and generated code).
Pure Python: no Flask, no database. The rule language is documented in ``docs/rules.md``.
"""

from __future__ import annotations

from app.rules.compiler import CompiledRule
from app.rules.engine import compile, evaluate
from app.rules.errors import (
    ArityError,
    RuleError,
    RuleEvaluationError,
    RuleSyntaxError,
    RuleTooComplexError,
    RuleTypeError,
    RuleValueError,
    RuleZeroDivisionError,
    UnknownOperatorError,
)
from app.rules.evaluation import CompiledRules, compile_rules, evaluate_rules, visible_fields
from app.rules.explain import explain
from app.rules.facts import Facts, Provenance
from app.rules.golden import GoldenReport, Persona, PersonaResult, run_golden_tests
from app.rules.model import Criterion, InvalidRulesError, RulesDocument
from app.rules.operations import OPERATORS
from app.rules.results import (
    AmountResult,
    AmountStatus,
    CriterionResult,
    Evaluation,
    Outcome,
    Trace,
    ValueRead,
)
from app.rules.simulate import SimulationResult, simulate
from app.rules.validation import Problem, validate_logic, validate_rules
from app.rules.variables import document_variables, variables_of

__all__ = [
    "OPERATORS",
    "AmountResult",
    "AmountStatus",
    "ArityError",
    "CompiledRule",
    "CompiledRules",
    "Criterion",
    "CriterionResult",
    "Evaluation",
    "Facts",
    "GoldenReport",
    "InvalidRulesError",
    "Outcome",
    "Persona",
    "PersonaResult",
    "Problem",
    "Provenance",
    "RuleError",
    "RuleEvaluationError",
    "RuleSyntaxError",
    "RuleTooComplexError",
    "RuleTypeError",
    "RuleValueError",
    "RuleZeroDivisionError",
    "RulesDocument",
    "SimulationResult",
    "Trace",
    "UnknownOperatorError",
    "ValueRead",
    "compile",
    "compile_rules",
    "document_variables",
    "evaluate",
    "evaluate_rules",
    "explain",
    "run_golden_tests",
    "simulate",
    "validate_logic",
    "validate_rules",
    "variables_of",
    "visible_fields",
]
