"""Data freshness for the leaders' report: which units' reports are missing or late (dashboard.queries.reporting_status).

The month judged is the report's last complete month: a monthly report's own month; for a week, or any period
that ends inside a month, the month before it (that month's reports are the newest that can be due).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from base import periods
from base.formatting import vn_date
from base.periods import month_end
from base.units import with_type_word
from dashboard.queries.reporting_status import DATASET_TITLES, ReportStatus, all_month_status, counts_text
from dashboard.store.units import UnitMatcher


@dataclass(frozen=True)
class FreshnessRow:
    dataset: str  # Vietnamese title of the dataset
    unit: str  # 'xã Phổ An', 'Phòng Tư pháp'
    state: str  # 'chưa báo cáo' | 'nộp muộn'
    detail: str  # 'nộp muộn 3 ngày (hạn 10/06/2023)'
    due: date
    uploaded: date | None  # kept for a single report's row; None on a row naming several units


def judged_month(period: periods.Selected) -> tuple[int, int]:
    """(year, month) of the last complete month of the period."""
    end = period.end
    if end != month_end(end.year, end.month):
        end = end.replace(day=1) - timedelta(days=1)
    return end.year, end.month


def freshness(
    *, session: Session, unit_id: int | None, period: periods.Selected, today: date
) -> tuple[list[FreshnessRow], str]:
    """The reports owed for the judged month and not sent (one row each), those that came late (one row per
    dataset), and a summary per dataset."""
    year, month = judged_month(period)
    family = None if unit_id is None else UnitMatcher.load(session=session).family(unit_id)
    by_dataset = all_month_status(session=session, year=year, month=month, today=today)
    rows: list[FreshnessRow] = []
    summary: list[str] = []
    for dataset, statuses in by_dataset.items():
        mine: list[ReportStatus] = [s for s in statuses if family is None or s.unit.id in family]
        if not mine:
            continue
        summary.append(f"{DATASET_TITLES[dataset]}: {counts_text(mine)}")
        title = DATASET_TITLES[dataset]
        rows += [
            FreshnessRow(title, with_type_word(s.unit), s.word, s.text, s.due, None)
            for s in mine
            if s.state == "missing"
        ]
        # Late reports did come: one line per dataset naming the units keeps the page for what is missing.
        late = [s for s in mine if s.state == "late"]
        if late:
            units = ", ".join(with_type_word(s.unit) for s in late)
            word, due = late[0].word, late[0].due
            rows.append(
                FreshnessRow(
                    title, units, word, f"{word} ({len(late)} đơn vị; hạn {vn_date(due)})", due, None
                )
            )
    head = f"Báo cáo số liệu tháng {month}/{year}"
    note = f"{head} — " + "; ".join(summary) + "." if summary else f"{head}: chưa có đơn vị nào phải gửi."
    return rows, note
