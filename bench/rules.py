"""Rules engine benchmark: evaluations per second of the compiled engine vs json-logic-qubit.

Run from the repository root:  ``.venv/bin/python bench/rules.py [--seconds 3]``

Workloads, each engine timed in the same run:

1. the official JsonLogic suite (277 cases): each case's rule compiled once, then evaluated;
2. four realistic scheme rule sets (``tests/rules/data/bench-classic.json``: the demo schemes of
   ``tests/rules/data/schemes/`` written in classic JsonLogic so that the reference can run them).
   One evaluation = the array ``[criterion…, amount]`` evaluated on one application, cycling
   through the schemes' persona applications;
3. the native schemes through ``evaluate_rules`` (three-valued, values read with provenance — what
   an application or a what-if simulation really costs), for information.

Timing: the engines alternate in short slices and the best slice of each counts, which damps the
noise of a shared machine. The printed numbers are rates and ratios from one run on this machine:
they compare engines and are never asserted in tests (see ``bench/README.md``).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import json_logic  # noqa: TID251 - the reference implementation, benchmarked here only

from app.rules import Facts, compile, compile_rules, evaluate_rules

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "rules" / "data"
Work = Callable[[], int]


def rates(works: dict[str, Work], seconds: float, slices: int = 10) -> dict[str, float]:
    """Evaluations per second of each ``work`` (returning how many evaluations it did): the
    engines alternate in ``slices`` rounds and the best round counts."""
    best = dict.fromkeys(works, 0.0)
    for work in works.values():
        work()  # warm-up
    for _ in range(slices):
        for name, work in works.items():
            done, start = 0, time.perf_counter()
            while (elapsed := time.perf_counter() - start) < seconds / slices:
                done += work()
            best[name] = max(best[name], done / elapsed)
    return best


def official_works() -> dict[str, Work]:
    """Both engines over the official suite's (rule, data) pairs."""
    suite = json.loads((DATA / "tests.json").read_text(encoding="utf-8"))
    cases = [(case[0], case[1]) for case in suite if isinstance(case, list)]
    compiled = [(compile(rule), data) for rule, data in cases]

    def ours() -> int:
        for fn, data in compiled:
            fn(data)
        return len(compiled)

    def reference() -> int:
        for rule, data in cases:
            json_logic.jsonLogic(rule, data)
        return len(cases)

    return {"ours": ours, "reference": reference}


def scheme_works(name: str, classic: dict[str, Any]) -> dict[str, Work]:
    """Both engines (and ``evaluate_rules``) on one scheme's persona applications."""
    document = json.loads((DATA / "schemes" / f"{name}.json").read_text(encoding="utf-8"))
    personas = document["personas"]
    today = date.fromisoformat(personas[0].get("today") or "2026-09-01")
    rule = [*classic["criteria"].values(), classic["amount"]]
    run = compile(rule)
    facts = [Facts.build(p.get("form") or {}, p.get("sources") or {}) for p in personas]
    facts = [f for f in facts if _runs_everywhere(rule, run, dict(f.data))]
    datas = [dict(f.data) for f in facts]
    scheme = compile_rules(document)

    def ours() -> int:
        for data in datas:
            run(data)
        return len(datas)

    def reference() -> int:
        for data in datas:
            json_logic.jsonLogic(rule, data)
        return len(datas)

    def traced() -> int:
        for fact in facts:
            evaluate_rules(scheme, fact, today=today)
        return len(facts)

    return {"ours": ours, "reference": reference, "evaluate_rules": traced}


def _runs_everywhere(rule: Any, run: Callable[[Any], Any], data: dict[str, Any]) -> bool:
    """Whether both engines evaluate ``rule`` on ``data`` without error (errors are not timed)."""
    try:
        json_logic.jsonLogic(rule, data)
        run(data)
    except Exception:
        return False
    return True


def _geometric_mean(values: list[float]) -> float:
    product = 1.0
    for value in values:
        product *= value
    return product ** (1 / len(values))


def main() -> None:
    """Run the benchmark and print rates and ratios."""
    parser = argparse.ArgumentParser(description="Rules engine benchmark (see module docstring).")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per engine and workload")
    seconds = parser.parse_args().seconds
    warnings.simplefilter("ignore")
    row = "{:<46}{:>14}{:>12}{:>9}"
    print(row.format("workload (evaluations per second)", "Tremplin", "qubit", "ratio"))
    official = rates(official_works(), seconds)
    ratio = official["ours"] / official["reference"]
    print(
        row.format(
            "official suite (277 cases)",
            f"{official['ours']:,.0f}",
            f"{official['reference']:,.0f}",
            f"{ratio:.1f}×",
        )
    )
    classic = json.loads((DATA / "bench-classic.json").read_text(encoding="utf-8"))
    ratios, traced_ratios = [], []
    for name, rules in classic.items():
        if name.startswith("$"):
            continue
        found = rates(scheme_works(name, rules), seconds)
        ratios.append(found["ours"] / found["reference"])
        traced_ratios.append(found["evaluate_rules"] / found["reference"])
        print(
            row.format(
                f"{name}: criteria + amount",
                f"{found['ours']:,.0f}",
                f"{found['reference']:,.0f}",
                f"{ratios[-1]:.1f}×",
            )
        )
        print(
            row.format(
                f"{name}: evaluate_rules (traced)",
                f"{found['evaluate_rules']:,.0f}",
                "",
                f"{traced_ratios[-1]:.1f}×",
            )
        )
    print(f"\nofficial suite: {ratio:.1f}× json-logic-qubit")
    print(f"realistic schemes (geometric mean): {_geometric_mean(ratios):.1f}× json-logic-qubit")
    print(
        f"realistic schemes through evaluate_rules (three-valued, traced): "
        f"{_geometric_mean(traced_ratios):.1f}× json-logic-qubit's plain evaluation"
    )


if __name__ == "__main__":
    main()
