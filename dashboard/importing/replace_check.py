"""Warn before a re-import replaces a batch with markedly less: units that vanish, far fewer rows, a lower total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session, col

from base.formatting import vn_number
from dashboard.importing.batches import Plan
from dashboard.queries.budget_stated import summed_records, summed_total
from dashboard.store.models import BudgetLine, DisbursementProject, Dossier, DossierFigure, Task, Unit
from data_loaders.base import ParsedSheet
from data_loaders.dossier_report import FigureRecord
from data_loaders.problems import Problems
from data_loaders.reasons import ReasonCode


@dataclass(frozen=True)
class Measure:
    """The main total of a kind: the table, its column, rows it counts, and its label in a message."""

    model: Any
    column: str
    label: str
    unit_column: str = "unit_id"


# Figure rows without a sector are each unit's total; sector rows split it.
_MEASURES: dict[str, Measure] = {
    "dossier_report": Measure(DossierFigure, "received_total", "tổng số hồ sơ tiếp nhận"),
    "budget_revenue": Measure(BudgetLine, "ytd_amount", "tổng lũy kế thực hiện"),
    "budget_expenditure": Measure(BudgetLine, "ytd_amount", "tổng lũy kế thực hiện"),
    "disbursement": Measure(DisbursementProject, "plan", "tổng kế hoạch vốn"),
}
_UNIT_TABLES: dict[str, tuple[Any, str]] = {
    "dossier_list": (Dossier, "unit_id"),
    "dossier_report": (DossierFigure, "unit_id"),
    "budget_revenue": (BudgetLine, "unit_id"),
    "budget_expenditure": (BudgetLine, "unit_id"),
    "disbursement": (DisbursementProject, "commune_unit_id"),
    "tasks": (Task, "lead_unit_id"),
}


def stored_rows(parsed: ParsedSheet) -> int:
    """How many rows storing the sheet writes: dossiers, figure rows or table rows."""
    frame = parsed.extra.get("frame")
    return len(frame) if isinstance(frame, pd.DataFrame) else len(parsed.records)


def check_replacement(
    parsed: ParsedSheet, plan: Plan, problems: Problems, *, session: Session, max_drop_pct: float
) -> None:
    """A warning naming what would disappear when this sheet replaces its batches with markedly less."""
    # Compare like with like: the sheets of one workbook (the 766 book) replace each other's batches too.
    compared = [b for b in plan.replaces if b.sheet == parsed.sheet] or plan.replaces
    old_ids = [b.id for b in compared if b.id is not None]
    if not old_ids:
        return
    lost: list[str] = []
    old_rows = sum(b.row_count for b in compared)
    new_rows = stored_rows(parsed)
    if _dropped(old_rows, new_rows, max_drop_pct):
        lost.append(f"số dòng từ {vn_number(old_rows)} xuống {vn_number(new_rows)}")
    if parsed.kind in _UNIT_TABLES:
        model, column = _UNIT_TABLES[parsed.kind]
        before = _old_units(model, column, old_ids, session=session)
        gone = sorted(before - _new_units(parsed, column))
        if gone:
            names = dict(
                session.execute(select(col(Unit.id), col(Unit.name)).where(col(Unit.id).in_(gone))).all()
            )
            shown = ", ".join(names.get(u, f"#{u}") for u in gone[:5])
            more = f" và {len(gone) - 5} đơn vị khác" if len(gone) > 5 else ""
            lost.append(f"số liệu của {len(gone)} đơn vị không còn trong tệp mới ({shown}{more})")
    measure = _MEASURES.get(parsed.kind)
    if measure is not None:
        old_total, new_total = _old_total(measure, old_ids, session=session), _new_total(parsed, measure)
        if old_total is not None and new_total is not None and _dropped(old_total, new_total, max_drop_pct):
            lost.append(f"{measure.label} từ {vn_number(old_total)} xuống {vn_number(new_total)}")
    if not lost:
        return
    replaced = ", ".join(f"#{i}" for i in old_ids)
    problems.warning(
        ReasonCode.REPLACES_WITH_LESS,
        f"Tệp này sẽ thay thế lô {replaced} (cùng kỳ) bằng ít số liệu hơn hẳn: {'; '.join(lost)}. Nếu tệp mới "
        "xuất thiếu (lọc theo đơn vị, thiếu trang), hãy xuất lại đủ; chỉ chấp nhận khi chắc số liệu cũ sai.",
        sheet=parsed.sheet,
    )


def _dropped(old: float, new: float, max_drop_pct: float) -> bool:
    """Whether `new` is lower than `old` by more than the tolerated share."""
    return old > 0 and new < old * (1 - max_drop_pct / 100)


def _old_units(model: Any, column: str, batch_ids: list[int], *, session: Session) -> set[int]:
    unit = getattr(model, column)
    rows = session.execute(
        select(unit).where(col(model.batch_id).in_(batch_ids), unit.is_not(None)).distinct()
    ).scalars()
    return set(rows)


def _new_units(parsed: ParsedSheet, column: str) -> set[int]:
    frame = parsed.extra.get("frame")
    if isinstance(frame, pd.DataFrame):
        return {int(u) for u in frame["unit_id"].unique().tolist()}
    units: set[int] = set()
    for record in parsed.records:
        if isinstance(record, FigureRecord):
            units.add(record.unit.id)
        elif isinstance(record, dict) and record.get(column) is not None:
            units.add(int(record[column]))
    return units


def _old_total(measure: Measure, batch_ids: list[int], *, session: Session) -> float | None:
    if measure.model is BudgetLine:  # its group and total rows stand beside its items: add what they state
        lines = session.execute(select(BudgetLine).where(col(BudgetLine.batch_id).in_(batch_ids))).scalars()
        return summed_total(lines, measure.column)
    column = getattr(measure.model, measure.column)
    query = select(func.sum(column)).where(col(measure.model.batch_id).in_(batch_ids))
    if measure.model is DossierFigure:
        query = query.where(col(DossierFigure.sector) == "")
    total = session.execute(query).scalar_one_or_none()
    return None if total is None else float(total)


def _new_total(parsed: ParsedSheet, measure: Measure) -> float | None:
    values: list[float] = []
    records = summed_records(parsed.records) if measure.model is BudgetLine else parsed.records
    for record in records:
        if isinstance(record, FigureRecord):
            value = record.values.get(measure.column) if record.sector == "" else None
        elif isinstance(record, dict):
            value = record.get(measure.column)
        else:
            value = None
        if value is not None:
            values.append(float(value))
    return sum(values) if values else None
