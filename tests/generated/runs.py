"""Runs N generated workbooks of a kind once per test session (shared by xdist workers) and keeps the outcomes."""

from __future__ import annotations

import fcntl
import json
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.generated import oracle
from tests.generated.common import Case
from tests.generated.dossier_cases import dossier_list, dossier_report
from tests.generated.finance_cases import budget_expenditure, budget_revenue, disbursement
from tests.generated.plan_cases import targets, tasks

GENERATORS: dict[str, Callable[[str], Case]] = {
    "dossier_report": dossier_report,
    "dossier_list": dossier_list,
    "budget_revenue": budget_revenue,
    "budget_expenditure": budget_expenditure,
    "disbursement": disbursement,
    "tasks": tasks,
    "targets": targets,
}
PER_KIND = int(os.environ.get("IOC_GENERATED_PER_KIND", "300"))
SEED = os.environ.get("IOC_GENERATED_SEED", "ioc-generated-2026")
SAMPLES_PER_CODE = 2  # refused/warned workbooks kept per reason code, as minimal reproductions


def case_seed(kind: str, index: int, seed: str = SEED) -> str:
    return f"{seed}:{kind}:{index}"


def outcomes(kind: str, shared: Path) -> list[dict[str, Any]]:
    """The outcome of every generated workbook of this kind, computed by the first worker that asks."""
    shared.mkdir(parents=True, exist_ok=True)
    store = shared / f"{kind}-{PER_KIND}-{SEED}.json".replace(":", "_")
    with (shared / f"{kind}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not store.exists():
            store.write_text(json.dumps(_run(kind, shared / kind), ensure_ascii=False))
    result: list[dict[str, Any]] = json.loads(store.read_text())
    return result


def _run(kind: str, folder: Path) -> list[dict[str, Any]]:
    folder.mkdir(parents=True, exist_ok=True)
    template = oracle.template_database(folder)
    kept: Counter[str] = Counter()
    out = []
    for i in range(PER_KIND):
        case = GENERATORS[kind](case_seed(kind, i))
        engine = oracle.fresh_engine(template, folder, "case")
        try:
            outcome = oracle.run_case(case, engine)
        finally:
            engine.dispose()
            (folder / "case.db").unlink(missing_ok=True)
        saved = ""
        first_code = min(outcome.codes, default=outcome.status)
        if outcome.status in oracle.MISREAD or kept[first_code] < SAMPLES_PER_CODE:
            kept[first_code] += outcome.status not in oracle.MISREAD
            saved = str(save(case, outcome.status, first_code))
        out.append(
            {
                "seed": case.seed,
                "status": outcome.status,
                "codes": sorted(set(outcome.codes)),
                "layout": case.layout,
                "report": outcome.report() + (f"\n  workbook: {saved}" if saved else ""),
            }
        )
    return out


def save(case: Case, status: str, code: str) -> Path:
    """Keep the workbook where CI collects artifacts; the name says what happened and how to regenerate it."""
    oracle.FAILURES.mkdir(parents=True, exist_ok=True)
    name = f"{status}-{code}-{case.seed}".replace(":", "_").replace("/", "_")
    path = oracle.FAILURES / f"{name}.xlsx"
    path.write_bytes(case.content)
    path.with_suffix(".txt").write_text(case.describe() + "\n", encoding="utf-8")
    return path


def weak_variants(results: list[dict[str, Any]], margin: float = 0.2) -> list[str]:
    """Layout choices read `margin` less often than the kind as a whole: where the product still fails."""
    overall = sum(r["status"] == oracle.READ for r in results) / max(1, len(results))
    seen: dict[tuple[str, str], list[bool]] = {}
    for r in results:
        for key, value in r["layout"].items():
            if isinstance(value, list | dict):
                continue
            seen.setdefault((key, str(value)), []).append(r["status"] == oracle.READ)
    out = []
    for (key, value), reads in sorted(seen.items()):
        rate = sum(reads) / len(reads)
        if rate < min(overall - margin, 0.9) and len(reads) >= 5:
            out.append(f"{key}={value}: {rate:.0%} read of {len(reads)}")
    return out


def main(argv: list[str]) -> None:
    """`python -m tests.generated.runs KIND SEED OUT.xlsx`: rebuild one generated workbook from its seed."""
    kind, seed, out = argv
    case = GENERATORS[kind](seed)
    Path(out).write_bytes(case.content)
    print(case.describe())


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
