"""Public-investment KPIs: capital plan, disbursed, disbursement rate, undisbursed, milestone gap.

Money is in triệu đồng; rates are percentages; None where not computable (never 0 for unknown).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from dashboard.kpis.common import MONEY, POINTS, Kpi, percent

K = TypeVar("K", bound=Hashable)


INVESTMENT_KPIS: dict[str, Kpi] = {
    k.key: k
    for k in (
        Kpi(
            "plan",
            "Kế hoạch vốn",
            "Kế hoạch vốn giao trong năm + kế hoạch vốn năm trước được kéo dài sang năm nay (nếu báo cáo có ghi), "
            "triệu đồng",
            unit=MONEY,
        ),
        Kpi(
            "disbursed",
            "Đã giải ngân",
            "Lũy kế vốn đã giải ngân từ đầu năm đến ngày số liệu, triệu đồng; dự án để trống ô giải ngân được tính "
            "là chưa giải ngân",
            unit=MONEY,
        ),
        Kpi(
            "disbursement_pct",
            "Tỷ lệ giải ngân",
            "Lũy kế đã giải ngân ÷ kế hoạch vốn (kế hoạch giao trong năm + kế hoạch năm trước kéo dài, nếu có), "
            "theo toàn thị xã, nguồn vốn, chủ đầu tư, dự án hoặc xã, phường",
        ),
        Kpi(
            "undisbursed",
            "Vốn chưa giải ngân",
            "Kế hoạch vốn (kể cả kéo dài) − lũy kế đã giải ngân, triệu đồng",
            unit=MONEY,
            higher_is_better=False,
        ),
        Kpi(
            "milestone_gap",
            "Chênh lệch so với mốc giải ngân",
            "Tỷ lệ giải ngân − chỉ tiêu của mốc kế tiếp (mốc đầu tiên có ngày từ ngày xem trở đi), tính bằng điểm "
            "phần trăm; âm là chậm so với mốc; kèm số ngày còn lại đến mốc",
            unit=POINTS,
        ),
    )
}


@dataclass(frozen=True)
class ProjectAmounts:
    """One project's money at a snapshot (triệu đồng)."""

    plan: float | None
    plan_extended: float | None
    disbursed: float | None


@dataclass(frozen=True)
class Totals:
    """Plan, disbursed, rate and undisbursed of a set of projects."""

    plan: float | None
    disbursed: float | None
    pct: float | None
    undisbursed: float | None
    projects: int


def capital_plan(p: ProjectAmounts) -> float | None:
    """Plan of the year + the previous year's extended plan; None when neither is given."""
    if p.plan is None and p.plan_extended is None:
        return None
    return (p.plan or 0.0) + (p.plan_extended or 0.0)


def disbursement_rate(disbursed: float | None, plan: float | None) -> float | None:
    """100 × disbursed ÷ plan; None when the plan is missing or 0."""
    return percent(disbursed, plan)


def undisbursed(plan: float | None, disbursed: float | None) -> float | None:
    """Plan − disbursed; None when the plan is missing."""
    return None if plan is None else plan - (disbursed or 0.0)


def totals(projects: Iterable[ProjectAmounts]) -> Totals:
    """Sums over projects: plans that are known; disbursed with empty cells as nothing disbursed."""
    items = list(projects)
    plans = [c for c in (capital_plan(p) for p in items) if c is not None]
    plan = sum(plans) if plans else None
    disbursed = sum(p.disbursed or 0.0 for p in items) if items else None
    return Totals(
        plan, disbursed, disbursement_rate(disbursed, plan), undisbursed(plan, disbursed), len(items)
    )


def group_totals(projects: Iterable[tuple[K, ProjectAmounts]]) -> dict[K, Totals]:
    """Totals per key, in the order keys first appear."""
    groups: dict[K, list[ProjectAmounts]] = {}
    for key, amounts in projects:
        groups.setdefault(key, []).append(amounts)
    return {key: totals(items) for key, items in groups.items()}


def furthest_behind(groups: Mapping[K, Totals], name: Mapping[K, str]) -> list[K]:
    """Keys by rate, lowest first (the ones whose heads are held responsible); unknown rates last."""
    return sorted(groups, key=lambda k: (groups[k].pct is None, groups[k].pct or 0.0, name[k]))


def milestone_gap(rate: float | None, target: float | None) -> float | None:
    """Rate − target in percentage points; negative means behind the milestone."""
    return None if rate is None or target is None else rate - target


def days_left(on: date, due: date) -> int:
    """Days from the day of the figures to the milestone (0 on the day, negative once passed)."""
    return (due - on).days
