"""Budget revenue and expenditure of a scope at the end of its latest report month: the CLI's budget sections.

Each report's items and the figures its groups and total state are stored; the lines summed here are its items
plus a "chưa phân bổ" line wherever a stated figure exceeds its rows (dashboard.queries.budget_stated), so every figure is
the one the report states. A report that gave only the month (or only the year to date) has the other amount None
with `derived` naming it; it is derived here, at read time, from the same unit's report of the previous month
(ytd = previous ytd + month; month = ytd − previous ytd; January needs none). With that month missing the figure
stays None: it is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from base.periods import month_end
from dashboard.kpis.budget import (
    BudgetFigures,
    BudgetKind,
    budget_kpis,
    chosen_estimate,
    estimate_basis,
    item_pct_of_estimate,
)
from dashboard.queries.budget_stated import UNALLOCATED, summed_lines
from dashboard.store.models import Batch, BudgetLine
from dashboard.store.units import UnitMatcher, root_unit

SECTION_KEYS = (
    "estimate",
    "estimate_province",
    "month",
    "ytd",
    "same_period_last_year",
    "pct_of_estimate",
    "pct_vs_last_year",
    "time_progress_pct",
    "ytd_excl_land",
    "pct_of_estimate_excl_land",
)
_RATES = frozenset(k for k in SECTION_KEYS if k.startswith("pct") or k == "time_progress_pct")
Pick = Callable[[BudgetLine], bool]
YearMonth = tuple[int, int]


def _every(_line: BudgetLine) -> bool:
    return True


def _land(line: BudgetLine) -> bool:
    return line.is_land_use


def _add(values: Iterable[float | None]) -> float | None:
    """The sum of the known values; None when none is known."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


@dataclass
class UnitMonths:
    """One unit's report lines by month (items and unallocated lines), able to derive an amount left out."""

    by_month: dict[YearMonth, list[BudgetLine]]
    notes: list[str] = field(default_factory=list)

    def _sum(self, lines: list[BudgetLine], attr: str, pick: Pick, empty: float | None) -> float | None:
        """Known values of the picked lines added up; `empty` when no line is picked."""
        chosen = [line for line in lines if pick(line)]
        return _add(getattr(line, attr) for line in chosen) if chosen else empty

    def ytd(self, ym: YearMonth, pick: Pick = _every, empty: float | None = 0.0) -> float | None:
        """Year to date at the end of the month: read, or the previous month's plus this month's."""
        lines = self.by_month.get(ym)
        if not lines:
            return None
        if not any(line.derived == "ytd" and line.ytd_amount is None for line in lines):
            return self._sum(lines, "ytd_amount", pick, empty)
        year, month = ym
        before = 0.0 if month == 1 else self.ytd((year, month - 1), pick, empty)
        amount = self._sum(lines, "month_amount", pick, empty)
        if before is None and pick is _every:
            self.notes.append(
                f"Không tính được lũy kế tháng {month}/{year}: thiếu báo cáo tháng {month - 1}/{year}."
            )
        return None if before is None or amount is None else before + amount

    def month(self, ym: YearMonth, pick: Pick = _every, empty: float | None = 0.0) -> float | None:
        """The month's own amount: read, or this year to date minus the previous month's."""
        lines = self.by_month.get(ym)
        if not lines:
            return None
        if not any(line.derived == "month" and line.month_amount is None for line in lines):
            return self._sum(lines, "month_amount", pick, empty)
        year, month = ym
        now = self.ytd(ym, pick, empty)
        before = 0.0 if month == 1 else self.ytd((year, month - 1), pick, empty)
        if before is None and pick is _every:
            self.notes.append(
                f"Không tính được số tháng {month}/{year}: thiếu báo cáo tháng {month - 1}/{year}."
            )
        return None if now is None or before is None else now - before

    def figures(self, ym: YearMonth) -> BudgetFigures:
        """The unit's figures at the end of the month (the same period from last year's report if not given)."""
        lines = self.by_month[ym]
        same = _add(line.same_period_last_year for line in lines)
        if same is None and (ym[0] - 1, ym[1]) in self.by_month:
            same = self.ytd((ym[0] - 1, ym[1]))
            if same is not None:
                self.notes.append(f"Số cùng kỳ lấy từ báo cáo tháng {ym[1]}/{ym[0] - 1} đã lưu.")
        if any(line.derived for line in lines):
            self.notes.append(
                f"Báo cáo tháng {ym[1]}/{ym[0]} chỉ có một trong hai cột tháng/lũy kế: cột kia được tính."
            )
        return BudgetFigures(
            month_no=ym[1],
            estimate_council=_add(line.estimate_council for line in lines),
            estimate_province=_add(line.estimate_province for line in lines),
            month=self.month(ym),
            ytd=self.ytd(ym),
            same_period_last_year=same,
            ytd_land=self.ytd(ym, _land),
            estimate_council_land=self._sum(lines, "estimate_council", _land, 0.0),
            estimate_province_land=self._sum(lines, "estimate_province", _land, 0.0),
        )

    def items(self, ym: YearMonth) -> list[dict[str, Any]]:
        """Each item's estimate, year to date and % of estimate, in report order (for ranking items)."""
        out: list[dict[str, Any]] = []
        for line in sorted(self.by_month[ym], key=lambda x: (x.row, x.role == UNALLOCATED)):

            def same_item(other: BudgetLine, line: BudgetLine = line) -> bool:
                return (other.item_path, other.item_name) == (line.item_path, line.item_name)

            ytd = self.ytd(ym, same_item, None)
            out.append(
                {
                    "name": line.item_name,
                    "group": line.group_name,
                    "estimate": chosen_estimate(line.estimate_council, line.estimate_province),
                    "ytd": ytd,
                    "pct_of_estimate": item_pct_of_estimate(
                        ytd, line.estimate_council, line.estimate_province
                    ),
                    "is_land_use": line.is_land_use,
                }
            )
        return out


@dataclass
class BudgetSummary:
    """What a budget section shows: the report month, the summed figures, the items and notes on derivations."""

    kind: BudgetKind
    as_of_month: YearMonth | None = None
    figures: BudgetFigures | None = None
    items: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def scope_unit_ids(matcher: UnitMatcher, unit_id: int | None) -> frozenset[int]:
    """The unit with its predecessors, or the root unit's own reports (its communes are never added to them)."""
    if unit_id is not None:
        return matcher.family(unit_id)
    root = root_unit(matcher.all())
    return matcher.family(root.id) if root else frozenset()


def load_months(
    kind: BudgetKind, unit_ids: Iterable[int], last_year: int, *, session: Session
) -> dict[int, UnitMonths]:
    """Each unit's active report lines of this kind up to `last_year`, by month."""
    query = (
        select(BudgetLine)
        .join(Batch, col(Batch.id) == col(BudgetLine.batch_id))
        .where(
            col(Batch.status) == "active",
            col(BudgetLine.kind) == kind,
            col(BudgetLine.unit_id).in_(sorted(unit_ids)),
            col(BudgetLine.year) <= last_year,
        )
    )
    stored: dict[int, dict[YearMonth, list[BudgetLine]]] = {}
    for line in session.exec(query).all():
        stored.setdefault(line.unit_id, {}).setdefault((line.year, line.month), []).append(line)
    # The lines every figure adds up: items plus "chưa phân bổ", so each sum is the report's stated total.
    return {
        unit: UnitMonths({ym: summed_lines(lines) for ym, lines in months.items()})
        for unit, months in stored.items()
    }


def _sum_figures(parts: list[BudgetFigures]) -> BudgetFigures:
    """Several units' figures for the same month (a unit and its predecessors)."""
    if len(parts) == 1:
        return parts[0]
    names = [n for n in BudgetFigures.__dataclass_fields__ if n != "month_no"]
    sums = {n: _add(getattr(p, n) for p in parts) for n in names}
    return BudgetFigures(month_no=parts[0].month_no, **sums)


def budget_summary(
    *,
    session: Session,
    kind: BudgetKind,
    unit_id: int | None,
    start: date | None,
    end: date | None,
    as_of: date,
) -> BudgetSummary:
    """The scope's figures at the end of the latest report month within [start, end or as_of]."""
    summary = BudgetSummary(kind)
    last = end or as_of
    ids = scope_unit_ids(UnitMatcher.load(session=session), unit_id)
    units = load_months(kind, ids, last.year, session=session) if ids else {}

    def in_scope(ym: YearMonth) -> bool:
        return month_end(*ym) <= last and (start is None or month_end(*ym) >= start)

    months = [ym for u in units.values() for ym in u.by_month if in_scope(ym)]
    if not months:
        return summary
    ym = summary.as_of_month = max(months)
    reporting = [u for _, u in sorted(units.items()) if ym in u.by_month]
    parts = [u.figures(ym) for u in reporting]
    summary.figures = _sum_figures(parts)
    summary.items = [item for u in reporting for item in u.items(ym)]
    summary.notes = list(dict.fromkeys(n for u in reporting for n in u.notes))
    if estimate_basis(summary.figures) == "province":
        summary.notes.append("Báo cáo chỉ có dự toán cấp trên giao: tỷ lệ so dự toán tính theo dự toán này.")
    return summary


def _round(key: str, value: float | None) -> float | None:
    """Rates to 2 decimals; money to the đồng (no float noise such as 70264.00000000001)."""
    if value is None:
        return None
    return round(value, 2) if key in _RATES else round(value, 6)


def section(summary: BudgetSummary) -> dict[str, Any]:
    """The section's plain data: SECTION_KEYS, then `as_of_month` ("2023-05") and `items`."""
    values = budget_kpis(summary.figures) if summary.figures else dict.fromkeys(SECTION_KEYS)
    out: dict[str, Any] = {k: _round(k, values[k]) for k in SECTION_KEYS}
    out["as_of_month"] = (
        f"{summary.as_of_month[0]}-{summary.as_of_month[1]:02d}" if summary.as_of_month else None
    )
    out["items"] = [
        {
            **item,
            "estimate": _round("estimate", item["estimate"]),
            "ytd": _round("ytd", item["ytd"]),
            "pct_of_estimate": _round("pct_of_estimate", item["pct_of_estimate"]),
        }
        for item in summary.items
    ]
    return out


def revenue_section(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None, as_of: date
) -> dict[str, Any]:
    """Budget revenue (thu ngân sách) of the unit, or of the town's own report when no unit is given."""
    summary = budget_summary(
        session=session, kind="revenue", unit_id=unit_id, start=start, end=end, as_of=as_of
    )
    return section(summary)


def expenditure_section(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None, as_of: date
) -> dict[str, Any]:
    """Budget expenditure (chi ngân sách) of the unit, or of the town's own report when no unit is given."""
    summary = budget_summary(
        session=session, kind="expenditure", unit_id=unit_id, start=start, end=end, as_of=as_of
    )
    return section(summary)
