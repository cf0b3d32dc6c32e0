"""Rules engine benchmark: evaluations per second of the compiled engine vs json-logic-qubit.

Run from the repository root:  ``.venv/bin/python bench/rules.py [--seconds 3]``

Workloads, each engine timed in the same run:

1. the official JsonLogic suite (277 cases): each case's rule compiled once, then evaluated;
2. the four demo schemes (``seed/schemes/*/*.json``, the scheme bundles the demo publishes): one
   evaluation = the array ``[criterion…, amount]`` of the bundle's rules on one application,
   cycling through its personas' form answers and source values (those both engines evaluate
   without error). Tremplin runs the scheme's own rules; json-logic-qubit cannot run Tremplin's
   operations (``age``, ``bareme``, ``sum_of``, ``count_of``, ``round``…), so it runs the classic
   JsonLogic rewrites of ``tests/rules/data/bench-classic.json`` (a test checks they agree with the
   native rules).

For information, on the demo schemes: Tremplin on the same classic rewrites, and
``evaluate_rules`` on the native rules (three-valued, values read with provenance — what an
application or a what-if simulation really costs), both against json-logic-qubit.

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
SCHEMES = sorted((ROOT / "seed" / "schemes").glob("*/*.json"))
DEMO_DAY = date(2026, 11, 27)
"""The seed tests' demo day (the demo rules use fixed dates; "today" only feeds the trace)."""
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


def classic_rules(key: str, rules: dict[str, Any], classic: dict[str, Any]) -> list[Any]:
    """``[criterion…, amount]`` in classic JsonLogic: the rewrites of ``bench-classic.json``, the
    scheme's own rules where it has none."""
    rewrites = classic[key]
    rule = [rewrites.get("criteria", {}).get(c["id"], c["logic"]) for c in rules["criteria"]]
    amount = rewrites.get("amount", rules.get("amount"))
    return rule if amount is None else [*rule, amount]


def scheme_works(path: Path, classic: dict[str, Any]) -> tuple[dict[str, Work], int]:
    """The engines on one demo scheme's persona applications, and how many applications."""
    bundle = json.loads(path.read_text(encoding="utf-8"))
    rules = bundle["rules"]
    native = [c["logic"] for c in rules["criteria"]]
    if rules.get("amount") is not None:
        native.append(rules["amount"])
    rewritten = classic_rules(f"{path.parent.name}/{path.stem}", rules, classic)
    run, run_classic = compile(native), compile(rewritten)
    facts = [Facts.build(p.get("form") or {}, p.get("sources") or {}) for p in bundle["tests"]]
    facts = [f for f in facts if _runs_everywhere(rewritten, run, dict(f.data))]
    datas = [dict(f.data) for f in facts]
    scheme = compile_rules(rules)

    def ours() -> int:
        for data in datas:
            run(data)
        return len(datas)

    def ours_classic() -> int:
        for data in datas:
            run_classic(data)
        return len(datas)

    def reference() -> int:
        for data in datas:
            json_logic.jsonLogic(rewritten, data)
        return len(datas)

    def traced() -> int:
        for fact in facts:
            evaluate_rules(scheme, fact, today=DEMO_DAY)
        return len(facts)

    works = {"ours": ours, "reference": reference, "classic": ours_classic, "traced": traced}
    return works, len(datas)


def _runs_everywhere(classic: Any, run: Callable[[Any], Any], data: dict[str, Any]) -> bool:
    """Whether both engines evaluate their rules on ``data`` without error (errors are not
    timed)."""
    try:
        json_logic.jsonLogic(classic, data)
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
    row = "{:<48}{:>12}{:>12}{:>9}"
    print(row.format("workload (evaluations per second)", "Tremplin", "qubit", "ratio"))
    official = rates(official_works(), seconds)
    ratios = {"official suite": official["ours"] / official["reference"]}
    print(
        row.format(
            "official suite (277 cases)",
            f"{official['ours']:,.0f}",
            f"{official['reference']:,.0f}",
            f"{ratios['official suite']:.1f}×",
        )
    )
    classic = json.loads((DATA / "bench-classic.json").read_text(encoding="utf-8"))
    informative = []
    for path in SCHEMES:
        name = f"{path.parent.name}/{path.stem}"
        works, applications = scheme_works(path, classic)
        found = rates(works, seconds)
        ratios[name] = found["ours"] / found["reference"]
        informative.append((name, found))
        print(
            row.format(
                f"{name} ({applications} applications)",
                f"{found['ours']:,.0f}",
                f"{found['reference']:,.0f}",
                f"{ratios[name]:.1f}×",
            )
        )
    schemes = [ratio for name, ratio in ratios.items() if name != "official suite"]
    print(f"\nofficial suite: {ratios['official suite']:.1f}× json-logic-qubit")
    print(f"demo schemes (geometric mean): {_geometric_mean(schemes):.1f}× json-logic-qubit")
    print(
        f"all five workloads (geometric mean): "
        f"{_geometric_mean(list(ratios.values())):.1f}× json-logic-qubit"
    )
    print("\nfor information, against json-logic-qubit on the classic rewrites:")
    print(row.format("", "classic", "traced", ""))
    for name, found in informative:
        print(
            row.format(
                name,
                f"{found['classic'] / found['reference']:.1f}×",
                f"{found['traced'] / found['reference']:.1f}×",
                "",
            )
        )
    print(
        "classic: Tremplin's compile on the same classic rewrites; traced: evaluate_rules on the\n"
        "native rules (three-valued, values read with provenance)."
    )


if __name__ == "__main__":
    main()
