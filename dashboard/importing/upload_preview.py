"""What an upload would store, what it replaces (old vs new figures) and its problems, as plain table rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from base.formatting import MISSING, vn_number, vn_percent
from base.kinds import KIND_TITLES
from base.units import NO_ROOT_LABEL, UnitRef
from dashboard.access.auth import Account
from dashboard.importing.batches import describe
from dashboard.importing.reason_titles import reason_title
from dashboard.importing.result import ImportResult
from dashboard.kpis import COUNT_LABELS, DOSSIER_KPIS, percent, rate, sum_units
from dashboard.queries.budget_stated import summed_records
from dashboard.store.models import DOSSIER_FIELDS, ROW_MODELS, Batch, Dossier, DossierFigure
from dashboard.store.units import area_label, root_unit
from data_loaders.base import ParsedSheet
from data_loaders.dossier_report import FigureRecord
from data_loaders.problems import Problem, Problems

WHOLE_FILE = "(cả tệp)"
# Figures compared when a sheet replaces stored ones: key -> (label, kind of number).
DOSSIER_MEASURES: dict[str, tuple[str, str]] = {
    "received_total": (COUNT_LABELS["received_total"], "count"),
    "resolved_total": (COUNT_LABELS["resolved_total"], "count"),
    "pending_total": (COUNT_LABELS["pending_total"], "count"),
    "pending_overdue": (COUNT_LABELS["pending_overdue"], "count"),
    **{key: (DOSSIER_KPIS[key].label, "rate") for key in ("online_rate", "on_time_rate", "late_rate")},
}
ROWS_MEASURE = ("rows", ("Số dòng", "count"))
LIST_MEASURES: dict[str, tuple[str, str]] = {"dossiers": ("Số hồ sơ", "count")}
# Money columns of table-model kinds (budget, investment), summed over the stored leaf rows, in triệu đồng.
MONEY_SUMS: dict[str, str] = {
    "estimate_council": "Dự toán HĐND giao (triệu đồng)",
    "month_amount": "Thực hiện trong tháng (triệu đồng)",
    "ytd_amount": "Lũy kế từ đầu năm (triệu đồng)",
    "plan": "Kế hoạch vốn (triệu đồng)",
    "disbursed": "Đã giải ngân (triệu đồng)",
}
MONEY_RATES: dict[str, tuple[str, str, str]] = {  # key -> (label, numerator, denominator)
    "ytd_vs_estimate": ("Lũy kế so dự toán HĐND", "ytd_amount", "estimate_council"),
    "disbursement_rate": ("Tỷ lệ giải ngân", "disbursed", "plan"),
}
TASKS_DONE = ("done", ("Nhiệm vụ đã hoàn thành", "count"))

Figures = dict[str, dict[str, float | int | None]]  # unit label -> measure key -> value
Measures = dict[str, tuple[str, str]]


# --- What each sheet would store -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetPreview:
    """One sheet of an upload as the preview table shows it."""

    sheet: str
    kind: str
    kind_title: str
    unit: str
    period: str
    rows: int
    totals: list[tuple[str, str]]
    notes: list[str]
    replaces: list[int] | None = None  # None: not known (the file has errors, so nothing was planned)

    def row(self) -> dict[str, str]:
        """The preview table's row (Vietnamese column names, formatted values)."""
        return {
            "Trang tính": self.sheet,
            "Loại báo cáo": self.kind_title,
            "Đơn vị": self.unit,
            "Kỳ báo cáo": self.period,
            "Số dòng": vn_number(self.rows),
            "Tổng số liệu": "; ".join(f"{label}: {value}" for label, value in self.totals) or MISSING,
            "Thay thế": MISSING
            if self.replaces is None
            else ", ".join(f"lô #{i}" for i in self.replaces) or "không (số liệu mới)",
        }


def row_count(parsed: ParsedSheet) -> int:
    """How many rows storing the sheet writes: figure rows, dossiers or table rows."""
    frame = parsed.extra.get("frame")
    return len(frame) if isinstance(frame, pd.DataFrame) else len(parsed.records)


def sheet_unit_label(parsed: ParsedSheet, names: Mapping[int, str], area: str = NO_ROOT_LABEL) -> str:
    """The reporting unit, or how many units a compilation covers."""
    ids = sorted(i for i in record_unit_ids(parsed) if i is not None)
    own = parsed.unit.id if parsed.unit else None
    if len(ids) > 1 or (ids and ids[0] != own):
        shown = ", ".join(names.get(i, f"#{i}") for i in ids[:3])
        more = f" và {len(ids) - 3} đơn vị khác" if len(ids) > 3 else ""
        head = parsed.unit.name if parsed.unit else area
        return f"{head}: {len(ids)} đơn vị ({shown}{more})"
    return parsed.unit.name if parsed.unit else area


def sheet_previews(
    result: ImportResult, names: Mapping[int, str], area: str = NO_ROOT_LABEL
) -> list[SheetPreview]:
    """Kind, unit, period, rows and totals of every sheet read, with the batches each would replace.

    `area` names a town-wide sheet's unit: the registry's whole-area label ("Toàn thị xã").
    """
    plans = result.plans if len(result.plans) == len(result.sheets) else [None] * len(result.sheets)
    out: list[SheetPreview] = []
    for parsed, plan in zip(result.sheets, plans, strict=True):
        figures = new_figures(parsed, names)
        measures = measures_for(parsed)
        out.append(
            SheetPreview(
                sheet=parsed.sheet,
                kind=parsed.kind,
                kind_title=KIND_TITLES.get(parsed.kind, parsed.kind),
                unit=sheet_unit_label(parsed, names, area),
                period=parsed.period.label if parsed.period else MISSING,
                rows=row_count(parsed),
                totals=[
                    (measures[k][0], show(v, measures[k][1]))
                    for k, v in total_figures(parsed, figures).items()
                    if k in measures and k != "rows"
                ],
                notes=list(parsed.notes),
                replaces=[b.id for b in plan.replaces if b.id is not None] if plan else None,
            )
        )
    return out


# --- Figures of a sheet and of the batches it replaces -------------------------------------------------------


def measures_for(parsed: ParsedSheet) -> Measures:
    """The figures worth comparing for this kind of sheet (row counts for kinds we know nothing more of)."""
    if parsed.kind == "dossier_report":
        return dict(DOSSIER_MEASURES)
    if parsed.kind == "dossier_list":
        return dict(LIST_MEASURES)
    records = [r for r in parsed.records if isinstance(r, Mapping)]
    keys = set().union(*(r.keys() for r in records)) if records else set()
    out: Measures = dict([ROWS_MEASURE])
    out.update({k: (label, "money") for k, label in MONEY_SUMS.items() if k in keys})
    out.update({k: (m[0], "rate") for k, m in MONEY_RATES.items() if m[1] in keys and m[2] in keys})
    if "status" in keys and "deadline_kind" in keys:
        out[TASKS_DONE[0]] = TASKS_DONE[1]
    return out


def record_unit_ids(parsed: ParsedSheet) -> set[int | None]:
    """The units whose figures the rows belong to (None: every unit / the whole town)."""
    frame = parsed.extra.get("frame")
    if isinstance(frame, pd.DataFrame):
        return {int(i) for i in frame["unit_id"].unique()} if "unit_id" in frame and len(frame) else set()
    out: set[int | None] = set()
    for r in parsed.records:
        if isinstance(r, FigureRecord):
            out.add(r.unit.id)
        elif isinstance(r, Mapping) and "unit_id" in r:
            out.add(r["unit_id"])
    return out


def dossier_measures(counts: Mapping[str, int | None]) -> dict[str, float | int | None]:
    """A unit's compared dossier figures: some counts and the rates of dashboard.kpis."""
    out: dict[str, float | int | None] = {k: counts.get(k) for k in DOSSIER_MEASURES if k in DOSSIER_FIELDS}
    out.update({k: rate(DOSSIER_KPIS[k], [counts]) for k in DOSSIER_MEASURES if k in DOSSIER_KPIS})
    return out


def table_measures(records: Iterable[Mapping[str, Any]]) -> dict[str, float | int | None]:
    """Row count, money sums and their rates, tasks done, over plain table rows."""
    rows = list(records)
    out: dict[str, float | int | None] = {"rows": len(rows)}
    rows = summed_records(rows)  # a budget report's group and total rows: their stated figures, counted once
    keys = set().union(*(r.keys() for r in rows)) if rows else set()
    for key in MONEY_SUMS:
        if key in keys:
            known = [r[key] for r in rows if r.get(key) is not None]
            out[key] = float(sum(known)) if known else None
    for key, (_label, num, den) in MONEY_RATES.items():
        if num in keys and den in keys:
            pairs = [(r.get(num), r.get(den)) for r in rows]
            known_pairs = [(n, d) for n, d in pairs if n is not None and d is not None]
            out[key] = percent(sum(n for n, _ in known_pairs), sum(d for _, d in known_pairs))
    if "status" in keys and "deadline_kind" in keys:
        out[TASKS_DONE[0]] = sum(1 for r in rows if r.get("status") == "done")
    return out


def new_figures(parsed: ParsedSheet, names: Mapping[int, str]) -> Figures:
    """The figures the sheet would store, by unit label."""
    if parsed.kind == "dossier_report":
        whole = [r for r in parsed.records if isinstance(r, FigureRecord) and r.sector == ""]
        return {r.unit.name: dossier_measures(r.values) for r in whole}
    frame = parsed.extra.get("frame")
    if isinstance(frame, pd.DataFrame):
        counts = frame["unit_id"].value_counts() if "unit_id" in frame else pd.Series(dtype=int)
        counts = counts.sort_index()
        pairs = zip(counts.index.tolist(), counts.tolist(), strict=True)
        return {names.get(int(u), f"#{u}"): {"dossiers": int(n)} for u, n in pairs}
    figures = table_measures(r for r in parsed.records if isinstance(r, Mapping))
    figures["rows"] = row_count(parsed)
    return {WHOLE_FILE: figures}


def total_figures(parsed: ParsedSheet, figures: Figures) -> dict[str, float | int | None]:
    """The figures of the whole sheet (all units together)."""
    if parsed.kind == "dossier_report":
        whole = [r.values for r in parsed.records if isinstance(r, FigureRecord) and r.sector == ""]
        return dossier_measures(sum_units(whole)) if whole else {}
    if parsed.kind == "dossier_list":
        return {"dossiers": sum(int(f.get("dossiers") or 0) for f in figures.values())}
    return figures.get(WHOLE_FILE, {})


def old_figures(
    parsed: ParsedSheet, batch_ids: Sequence[int], names: Mapping[int, str], *, session: Session
) -> Figures:
    """The figures stored by the batches a sheet replaces, in the same shape as `new_figures`."""
    if not batch_ids:
        return {}
    if parsed.kind == "dossier_report":
        per_unit: dict[int, list[dict[str, int | None]]] = {}
        rows = session.exec(
            sqlmodel_select(DossierFigure).where(
                col(DossierFigure.batch_id).in_(batch_ids), col(DossierFigure.sector) == ""
            )
        ).all()
        for figure in rows:
            per_unit.setdefault(figure.unit_id, []).append({f: getattr(figure, f) for f in DOSSIER_FIELDS})
        return {names.get(u, f"#{u}"): dossier_measures(sum_units(c)) for u, c in per_unit.items()}
    if parsed.kind == "dossier_list":
        counted = session.execute(
            select(col(Dossier.unit_id), func.count())
            .where(col(Dossier.batch_id).in_(batch_ids))
            .group_by(col(Dossier.unit_id))
        ).all()
        return {names.get(u, f"#{u}"): {"dossiers": int(n)} for u, n in counted}
    model = ROW_MODELS.get(parsed.kind)
    if model is None:
        count = session.execute(
            select(func.sum(col(Batch.row_count))).where(col(Batch.id).in_(batch_ids))
        ).scalar_one()
        return {WHOLE_FILE: {"rows": int(count or 0)}}
    stored = session.execute(select(model).where(col(model.batch_id).in_(batch_ids))).scalars().all()
    return {WHOLE_FILE: table_measures(r.model_dump() for r in stored)}


# --- Old vs new -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureChange:
    """One figure before and after the upload."""

    unit: str
    label: str
    old: str
    new: str
    change: str
    same: bool

    def row(self) -> dict[str, str]:
        return {"Đơn vị": self.unit, "Chỉ tiêu": self.label, "Đang dùng": self.old, "Mới": self.new}


@dataclass(frozen=True)
class Replacement:
    """What one sheet replaces: the old batches and every compared figure side by side."""

    sheet: str
    batches: list[str]
    changes: list[FigureChange]

    @property
    def identical(self) -> bool:
        return all(c.same for c in self.changes)

    def rows(self) -> list[dict[str, str]]:
        """Old vs new table rows, with the change."""
        return [{**c.row(), "Thay đổi": c.change} for c in self.changes]


def show(value: float | int | None, kind: str) -> str:
    """A compared figure in Vietnamese format ('—' when missing)."""
    if kind == "rate":
        return vn_percent(None if value is None else float(value))
    if kind == "money":
        return vn_number(value, 1)
    return vn_number(value)


def _difference(old: float | int | None, new: float | int | None, kind: str) -> str:
    if old is None and new is None:
        return "không đổi"
    if old is None or new is None:
        return "có số liệu mới" if old is None else "không còn số liệu"
    delta = new - old
    if abs(delta) < 1e-9:
        return "không đổi"
    sign = "+" if delta > 0 else "−"
    if kind == "rate":
        return f"{sign}{vn_number(abs(delta), 2)} điểm %"
    return sign + (vn_number(abs(delta), 1) if kind == "money" else vn_number(abs(delta)))


def compare(old: Figures, new: Figures, measures: Measures) -> list[FigureChange]:
    """Every measure of every unit on either side, old next to new (units in the new sheet's order)."""
    units = [*new, *(u for u in old if u not in new)]
    changes: list[FigureChange] = []
    for unit in units:
        before, after = old.get(unit, {}), new.get(unit, {})
        for key, (label, kind) in measures.items():
            if key not in before and key not in after:
                continue
            a, b = before.get(key), after.get(key)
            same = (a is None and b is None) or (a is not None and b is not None and abs(b - a) < 1e-9)
            changes.append(
                FigureChange(unit, label, show(a, kind), show(b, kind), _difference(a, b, kind), same)
            )
    return changes


def replacements(result: ImportResult, names: Mapping[int, str], *, session: Session) -> list[Replacement]:
    """For every sheet that replaces stored batches: which, and their figures next to the new ones."""
    out: list[Replacement] = []
    for parsed, plan in zip(result.sheets, result.plans, strict=False):
        ids = [b.id for b in plan.replaces if b.id is not None]
        if not ids:
            continue
        old = old_figures(parsed, ids, names, session=session)
        new = new_figures(parsed, names)
        described = [describe(b, dict(names)) for b in plan.replaces]
        out.append(Replacement(parsed.sheet, described, compare(old, new, measures_for(parsed))))
    return out


# --- Problems -------------------------------------------------------------------------------------------------


def problem_row(problem: Problem) -> dict[str, str]:
    """A problem as a table row: where, what was found, what is expected and how to fix it."""
    return {
        "Trang tính": problem.sheet or WHOLE_FILE,
        "Ô": problem.cell or MISSING,
        "Loại vấn đề": reason_title(problem.code),  # never the raw code
        "Giá trị tìm thấy": problem.value or MISSING,
        "Cần sửa thế nào": problem.message,
    }


def problem_count(problems: Problems, severity: str) -> int:
    """How many problems of a severity the file has, those left out of the capped list included."""
    listed = sum(1 for p in problems.items if p.severity == severity)
    return listed + sum(n for (sev, _code), n in problems.suppressed.items() if sev == severity)


def problem_rows(problems: Problems, severity: str) -> list[dict[str, str]]:
    """The rows of one severity, then a line per capped reason code saying how many more were not listed."""
    rows = [problem_row(p) for p in problems.items if p.severity == severity]
    noun = "lỗi" if severity == "error" else "cảnh báo"
    for (sev, code), n in sorted(problems.suppressed.items()):
        if sev == severity:
            rows.append(
                {
                    "Trang tính": WHOLE_FILE,
                    "Ô": MISSING,
                    "Loại vấn đề": reason_title(code),
                    "Giá trị tìm thấy": MISSING,
                    "Cần sửa thế nào": f"… và {vn_number(n)} {noun} khác cùng loại không liệt kê; sửa các "
                    f"{noun} trên rồi tải lên lại để xem tiếp.",
                }
            )
    return rows


def file_refusal(problems: Problems) -> str | None:
    """Why the file as a whole is refused (no error points to a cell), in a sentence; None otherwise.

    Such a file stores nothing whatever the user fixes cell by cell, so the page says why instead.
    """
    errors = problems.errors
    if not errors or any(p.cell for p in errors):
        return None
    first = errors[0]
    more = len(errors) - 1 + sum(n for (sev, _code), n in problems.suppressed.items() if sev == "error")
    tail = f" (và {vn_number(more)} lỗi khác trong bảng lỗi)" if more else ""
    return f"{reason_title(first.code)}: {first.message}{tail}"


# --- Who may store what ---------------------------------------------------------------------------------------


def sheet_units(parsed: ParsedSheet) -> set[int | None]:
    """Every unit a sheet writes or replaces figures of: its own (None: town-wide) and each row's."""
    return {parsed.unit.id if parsed.unit else None} | record_unit_ids(parsed)


def _refused_names(units: set[int | None], account: Account, registry: Sequence[UnitRef]) -> list[str]:
    by_id = {u.id: u for u in registry}
    root = root_unit(
        registry
    )  # a sheet of no unit is the whole area's: only the root's uploaders may send it
    names: list[str] = []
    for unit_id in units:
        ref = by_id.get(unit_id) if unit_id is not None else root
        if not account.can_upload_for(ref.code if ref else None):
            names.append(ref.name if ref and unit_id is not None else area_label(registry))
    order = {u.name: i for i, u in enumerate(registry)}
    return sorted(set(names), key=lambda n: (order.get(n, -1), n))


def units_not_allowed(result: ImportResult, account: Account, registry: Sequence[UnitRef]) -> list[str]:
    """The units (names) in the upload the account may not report for; empty for an admin."""
    units: set[int | None] = set()
    for parsed in result.sheets:
        units |= sheet_units(parsed)
    return _refused_names(units, account, registry) if result.sheets else []


def refusal_message(names: Sequence[str], account: Account, registry: Sequence[UnitRef]) -> str:
    """Why an upload is refused, and what to do instead."""
    if account.role not in ("uploader", "admin"):
        return f"Tài khoản “{account.username}” chỉ được xem, không được tải lên số liệu."
    own = [u.name for u in registry if u.code in account.unit_codes]
    mine = ", ".join(own) if own else "chưa được giao đơn vị nào"
    return (
        f"Tài khoản “{account.username}” không được cập nhật số liệu của: {', '.join(names)}. Bạn chỉ được "
        f"tải lên báo cáo của: {mine}. Hãy kiểm tra tệp có đúng của đơn vị mình không; nếu đúng là báo cáo "
        "của đơn vị khác, hãy nhờ cán bộ phụ trách đơn vị đó hoặc quản trị viên tải lên."
    )


def upload_guard(account: Account, registry: Sequence[UnitRef]) -> Callable[[ParsedSheet], str | None]:
    """The importer's `allowed` hook: a refusal message for a sheet with units the account does not answer for."""

    def check(parsed: ParsedSheet) -> str | None:
        names = _refused_names(sheet_units(parsed), account, registry)
        return refusal_message(names, account, registry) if names else None

    return check
