"""Data freshness for the leaders' report: which units' reports are missing or stale for the period.

Built from the batches in force per dataset and unit (dashboard.data_extent's dataset kinds): a unit that has
reported a dataset before is expected to report it for this period too. Its newest figures ending before the
period's end make it stale ("chậm"); none at all in the period's year makes it missing ("thiếu").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from dashboard import periods
from dashboard.data_extent import DATASET_KINDS
from dashboard.models import Batch
from dashboard.overview_behind import AREA_PAGES
from dashboard.units import UnitMatcher

# Datasets reported every month by units; task lists and the 766 index come on their own rhythm.
MONTHLY_DATASETS = ("dossiers", "revenue", "expenditure", "disbursement")


@dataclass(frozen=True)
class FreshnessRow:
    dataset: str  # Vietnamese title of the area
    unit: str
    newest: date | None  # the end of its newest figures in force
    state: str  # 'chậm' | 'thiếu'


def freshness(
    session: Session, *, unit_id: int | None, period: periods.Selected
) -> tuple[list[FreshnessRow], str]:
    """Units behind on each dataset, and a one-line summary (how many are up to date)."""
    matcher = UnitMatcher.load(session)
    family = None if unit_id is None else matcher.family(unit_id)
    rows = session.execute(
        select(col(Batch.kind), col(Batch.unit_id), func.max(col(Batch.period_end)))
        .where(
            col(Batch.status) == "active", col(Batch.period_end).is_not(None), col(Batch.unit_id).is_not(None)
        )
        .group_by(col(Batch.kind), col(Batch.unit_id))
    ).all()
    newest: dict[tuple[str, int], date] = {}
    for kind, unit, end in rows:
        for dataset in MONTHLY_DATASETS:
            if kind in DATASET_KINDS[dataset]:
                key = (dataset, int(unit))
                newest[key] = max(newest.get(key, end), end)
    out: list[FreshnessRow] = []
    current = 0
    for (dataset, unit), end in sorted(
        newest.items(), key=lambda kv: (MONTHLY_DATASETS.index(kv[0][0]), kv[1])
    ):
        ref = matcher.by_id(unit)
        if (family is not None and unit not in family) or not ref.valid_on(period.end):
            continue  # merged away before the period: its successor reports now
        if end >= period.end:
            current += 1
            continue
        state = "chậm" if end.year == period.end.year else "thiếu"
        out.append(FreshnessRow(AREA_PAGES[dataset][2], ref.name, end, state))
    note = (
        f"{current} báo cáo (đơn vị × lĩnh vực) có số liệu đến hết kỳ; {len(out)} báo cáo chậm hoặc thiếu."
        if current or out
        else "Chưa có đơn vị nào nộp báo cáo số liệu."
    )
    return out, note
