"""Imports a generated workbook through the real importer and tells whether it was read right, refused, or misread."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importing.importer import import_file
from dashboard.store.db import make_engine, migrate
from dashboard.store.models import (
    Batch,
    BudgetLine,
    DisbursementProject,
    Dossier,
    DossierFigure,
    Target,
    Task,
    Unit,
)
from dashboard.store.units import seed_units
from tests.generated.common import Case

FAILURES = Path(__file__).resolve().parents[2] / "test-artifacts" / "generated-failures"
READ, REFUSED, WARNED, WRONG, EMPTY, CRASH = "read", "refused", "warned", "wrong", "empty", "crash"
MISREAD = (WRONG, EMPTY, CRASH)  # never acceptable


@dataclass
class Outcome:
    """What the importer did with one case, and for a misread, every difference from the truth."""

    case: Case
    status: str
    codes: list[str] = field(
        default_factory=list
    )  # reason codes of the errors (refused) or warnings (warned)
    diffs: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"{self.status.upper()}: {self.case.describe()}"]
        if self.codes:
            lines.append(f"  codes: {', '.join(sorted(set(self.codes)))}")
        lines += [f"  {d}" for d in self.diffs[:12]]
        return "\n".join(lines)


def template_database(folder: Path) -> Path:
    """A migrated SQLite file with the unit registry, copied for each case (migrating is the slow part)."""
    path = folder / "template.db"
    if not path.exists():
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        with Session(engine) as s:
            seed_units(session=s)
            s.commit()
        engine.dispose()
    return path


def fresh_engine(template: Path, folder: Path, name: str) -> Engine:
    target = folder / f"{name}.db"
    shutil.copyfile(template, target)
    return make_engine(f"sqlite:///{target}")


def run_case(case: Case, engine: Engine) -> Outcome:
    """Import the case; a refusal must carry reason codes; what is stored must equal the truth."""
    try:
        result = import_file(case.content, case.file_name, engine=engine, user="gen")
        if result.blocked_by_warnings:
            codes = [w.code for w in result.problems.warnings]
            if not set(codes) <= case.planted:
                return Outcome(case, WARNED, codes)
            result = import_file(
                case.content, case.file_name, engine=engine, user="gen", accept_warnings=True
            )
        if not result.stored:
            codes = [e.code for e in result.problems.errors]
            if not codes or not all(codes):
                return Outcome(case, CRASH, diffs=["refused without a reason code"])
            return Outcome(case, REFUSED, codes)
        return compare(case, engine, result.batch_ids)
    except Exception as exc:  # the importer must never raise on a workbook
        return Outcome(case, CRASH, diffs=[f"{type(exc).__name__}: {exc}"])


def compare(case: Case, engine: Engine, batch_ids: list[int]) -> Outcome:
    """Compare what the batches hold with the case's truth: every figure, the row set, unit and period."""
    diffs: list[str] = []
    with Session(engine) as s:
        codes = {u.id: u.code for u in s.exec(select(Unit)).all()}
        batches = [s.get(Batch, b) for b in batch_ids]
        stored = COMPARERS[case.kind](case, s, [b for b in batches if b is not None], codes, diffs)
    if not stored:
        return Outcome(case, EMPTY, diffs=["stored without a single row", *diffs])
    return Outcome(case, WRONG if diffs else READ, diffs=diffs)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))
    return bool(a == b)


def expect(diffs: list[str], where: str, name: str, stored: Any, true: Any) -> None:
    if not same(stored, true):
        diffs.append(f"{where} {name}: stored {stored!r}, true {true!r}")


def expect_keys(diffs: list[str], stored: set[Any], true: set[Any]) -> None:
    if stored != true:
        diffs.append(
            f"rows: missing {sorted(map(str, true - stored))[:5]}, extra {sorted(map(str, stored - true))[:5]}"
        )


def _batch_period(diffs: list[str], batch: Batch, start: Any, end: Any) -> None:
    expect(diffs, "batch", "period_start", batch.period_start, start)
    expect(diffs, "batch", "period_end", batch.period_end, end)


def compare_dossier_report(
    case: Case, s: Session, batches: list[Batch], codes: dict[Any, str], diffs: list[str]
) -> int:
    truth = case.truth
    ids = [b.id for b in batches]
    rows = s.exec(select(DossierFigure).where(col(DossierFigure.batch_id).in_(ids))).all()
    got = {(codes[r.unit_id], r.sector): r for r in rows}
    expect_keys(diffs, set(got), set(truth.figures))
    for key, row in got.items():
        true = truth.figures.get(key)
        if true is None:
            continue
        expect(
            diffs,
            str(key),
            "period",
            (row.period_start, row.period_end),
            (truth.period.start, truth.period.end),
        )
        for name, value in true.items():
            stored = getattr(row, name)
            if name in truth.fields and stored is None:
                diffs.append(f"{key} {name}: stored None, true {value} (the column is in the file)")
            elif stored is not None and stored != value:
                diffs.append(f"{key} {name}: stored {stored}, true {value}")
    if truth.unit is not None:
        for b in batches:
            expect(diffs, "batch", "unit", codes.get(b.unit_id), truth.unit.code)
    return len(rows)


def compare_dossier_list(
    case: Case, s: Session, batches: list[Batch], codes: dict[Any, str], diffs: list[str]
) -> int:
    truth = case.truth
    rows = s.exec(select(Dossier).where(col(Dossier.batch_id).in_([b.id for b in batches]))).all()
    got = {r.code: r for r in rows}
    expect_keys(diffs, set(got), set(truth.dossiers))
    for code, row in got.items():
        true = truth.dossiers.get(code)
        if true is None:
            continue
        expect(diffs, code, "unit", codes[row.unit_id], true["unit"].code)
        for name in ("sector", "procedure", "channel", "status", "received_at", "due_at", "finished_at"):
            expect(diffs, code, name, getattr(row, name), true[name])
    if truth.period is not None:
        for b in batches:
            _batch_period(diffs, b, truth.period.start, truth.period.end)
    return len(rows)


def compare_budget(
    case: Case, s: Session, batches: list[Batch], codes: dict[Any, str], diffs: list[str]
) -> int:
    truth = case.truth
    rows = s.exec(select(BudgetLine).where(col(BudgetLine.batch_id).in_([b.id for b in batches]))).all()
    # Group, total and "Trong đó" rows are stored too (role), as the report states them; the truth is the items.
    got = {r.item_name: r for r in rows if r.role == "item"}
    expect_keys(diffs, set(got), set(truth.leaves))
    kind = "revenue" if truth.kind == "budget_revenue" else "expenditure"
    only = [c for c in ("month_amount", "ytd_amount") if c in truth.columns]
    for name, row in got.items():
        true = truth.leaves.get(name)
        if true is None:
            continue
        for what, stored, value in (
            ("unit", codes.get(row.unit_id), truth.unit.code),
            ("kind", row.kind, kind),
            ("year/month", (row.year, row.month), (truth.year, truth.month)),
            ("is_land_use", row.is_land_use, name == "Tiền sử dụng đất"),
        ):
            expect(diffs, name, what, stored, value)
        for amount, value in true.items():
            stored = getattr(row, amount)
            shown = amount in truth.columns or (
                truth.month == 1 and len(only) == 1 and amount in ("month_amount", "ytd_amount")
            )
            if stored is None and shown:
                diffs.append(f"{name} {amount}: stored None, true {value} (the column is in the file)")
            elif stored is not None and not same(stored, value):
                diffs.append(f"{name} {amount}: stored {stored!r}, true {value!r}")
    return len(rows)


def compare_disbursement(
    case: Case, s: Session, batches: list[Batch], codes: dict[Any, str], diffs: list[str]
) -> int:
    truth = case.truth
    rows = s.exec(
        select(DisbursementProject).where(col(DisbursementProject.batch_id).in_([b.id for b in batches]))
    ).all()
    got = {r.project: r for r in rows}
    expect_keys(diffs, set(got), set(truth.projects))
    for name, row in got.items():
        true = truth.projects.get(name)
        if true is None:
            continue
        expect(diffs, name, "unit", codes.get(row.unit_id), truth.unit.code)
        expect(diffs, name, "year", row.year, truth.year)
        expect(diffs, name, "as_of", row.as_of, truth.as_of)
        expect(diffs, name, "investor", row.investor, true["investor"])
        expect(diffs, name, "plan", row.plan, true["plan"])
        expect(diffs, name, "disbursed", row.disbursed, true["disbursed"])
        if true["plan_extended"] is not None or row.plan_extended is not None:
            expect(diffs, name, "plan_extended", row.plan_extended, true["plan_extended"])
        if true["source_group"]:
            expect(diffs, name, "source_group", row.source_group, true["source_group"])
        if case.layout["place_column"]:
            expect(diffs, name, "commune", codes.get(row.commune_unit_id), true["commune"].code)
    return len(rows)


def compare_tasks(
    case: Case, s: Session, batches: list[Batch], codes: dict[Any, str], diffs: list[str]
) -> int:
    truth = case.truth
    rows = s.exec(select(Task).where(col(Task.batch_id).in_([b.id for b in batches]))).all()
    got = {r.title: r for r in rows}
    expect_keys(diffs, set(got), set(truth.tasks))
    for title, row in got.items():
        true = truth.tasks.get(title)
        if true is None:
            continue
        expect(diffs, title, "lead", codes.get(row.lead_unit_id), true["lead_unit"])
        for name in ("deadline_kind", "deadline", "status", "completed_on"):
            expect(diffs, title, name, getattr(row, name), true[name])
    for b in batches:
        _batch_period(diffs, b, date(truth.year, 1, 1), date(truth.year, 12, 31))
    return len(rows)


def compare_targets(
    case: Case, s: Session, batches: list[Batch], codes: dict[Any, str], diffs: list[str]
) -> int:
    truth = case.truth
    rows = s.exec(select(Target).where(col(Target.batch_id).in_([b.id for b in batches]))).all()
    got = {(r.indicator, r.year, codes.get(r.unit_id), r.source_group, r.due): r for r in rows}
    expect_keys(diffs, set(got), set(truth.targets))
    for key, row in got.items():
        true = truth.targets.get(key)
        if true is not None:
            expect(diffs, str(key), "value", row.value, true["value"])
            expect(diffs, str(key), "tolerance", row.tolerance, true["tolerance"])
    return len(rows)


COMPARERS: dict[str, Callable[[Case, Session, list[Batch], dict[Any, str], list[str]], int]] = {
    "dossier_report": compare_dossier_report,
    "dossier_list": compare_dossier_list,
    "budget_revenue": compare_budget,
    "budget_expenditure": compare_budget,
    "disbursement": compare_disbursement,
    "tasks": compare_tasks,
    "targets": compare_targets,
}
