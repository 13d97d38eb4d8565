"""Who reported what, and when: per unit, dataset and month — on time, late, missing — against a reporting calendar.

The calendar says, per dataset, which units owe a monthly report and by which day of the following month. An
admin keeps it (table `reportingcalendar`); a dataset the admin has not set owes "the units that reported it in
any of the three months before, due on the 10th". Units are data: a unit that no longer exists in the month (the
2025 reorganisation) is owed by its successor in force then; an office that ended with no successor owes nothing.

A report "for" a month is an upload (a batch, not reverted) whose period ends in that month — reports are written
"to the end of the month", cumulative ones included — or a dossier list that covers the whole month. Its time is
the first such upload's (a later replacement does not make an on-time report late).

The small API other modules use:
    month_status(session, dataset=…, year=…, month=…, today=…) -> list[ReportStatus]  (one dataset)
    all_month_status(session, year=…, month=…, today=…)        -> dict[dataset, list[ReportStatus]]
    overdue_reports(session, dataset=…, today=…)                -> the newest due month's missing reports
    calendar_entries(session) / save_calendar_entry(session, …) (the admin's calendar)
    status_rows(by_dataset) -> table rows; counts_text(statuses) -> "3 đúng hạn · 1 chưa báo cáo"
    STATE_WORDS: state -> Vietnamese word; "chưa báo cáo" is formatting.NOT_REPORTED.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import or_, select
from sqlmodel import Session, col

from base.formatting import NOT_REPORTED, VIETNAM, vn_date, vn_number
from base.periods import month_end
from base.units import UnitRef, with_type_word
from dashboard.queries.data_extent import DATASET_KINDS
from dashboard.settings import get_settings
from dashboard.store.models import (
    Batch,
    BudgetLine,
    DisbursementProject,
    Dossier,
    DossierFigure,
    ReportingCalendar,
    ServiceIndexScore,
)
from dashboard.store.units import UnitMatcher

State = Literal["on_time", "late", "missing", "not_due"]
DEFAULT_DUE_DAY = 10
LOOKBACK_MONTHS = 3  # the default calendar: units that reported in any of the three months before
STATE_WORDS: dict[str, str] = {
    "on_time": "đúng hạn",
    "late": "nộp muộn",
    "missing": NOT_REPORTED,
    "not_due": "chưa đến hạn",
}
DATASET_TITLES: dict[str, str] = {
    "dossiers": "Thủ tục hành chính",
    "revenue": "Thu ngân sách",
    "expenditure": "Chi ngân sách",
    "disbursement": "Giải ngân đầu tư công",
    "tasks": "Nhiệm vụ",
    "service_index": "Bộ chỉ số 766",
}
# Where a batch's figures name their unit; a dataset not here (tasks, 766) is reported by the batch's unit.
_UNIT_COLUMNS = {
    "dossier_report": (DossierFigure.batch_id, DossierFigure.unit_id),
    "dossier_list": (Dossier.batch_id, Dossier.unit_id),
    "budget_revenue": (BudgetLine.batch_id, BudgetLine.unit_id),
    "budget_expenditure": (BudgetLine.batch_id, BudgetLine.unit_id),
    "disbursement": (DisbursementProject.batch_id, DisbursementProject.unit_id),
    "service_index": (ServiceIndexScore.batch_id, ServiceIndexScore.unit_id),
}
_COVERS_WHOLE_MONTHS = frozenset({"dossier_list"})  # a list's dossiers give every month it spans


class CalendarError(Exception):
    """A calendar change that cannot be made; `.message` is shown to the admin as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CalendarEntry:
    """One dataset's line of the calendar; `unit_codes` None means the default (recent reporters)."""

    dataset: str
    unit_codes: tuple[str, ...] | None
    due_day: int
    updated_by: str = ""
    updated_at: datetime | None = None

    @property
    def is_default(self) -> bool:
        return self.unit_codes is None


@dataclass(frozen=True)
class ReportStatus:
    """One unit's report of one dataset for one month."""

    dataset: str
    unit: UnitRef
    year: int
    month: int
    due: date
    state: State
    uploaded: date | None  # the first upload's day (Vietnam time); None when nothing came
    expected: bool  # owed by the calendar (False: sent without being owed)

    @property
    def word(self) -> str:
        return STATE_WORDS[self.state]

    @property
    def days_late(self) -> int | None:
        """Days past the due day: of the upload when late, of today's wait when missing (see `text`)."""
        return None if self.uploaded is None else max((self.uploaded - self.due).days, 0)

    @property
    def text(self) -> str:
        """'đúng hạn (nộp 05/06/2023)', 'nộp muộn 3 ngày (hạn 10/06/2023)', 'chưa báo cáo (hạn 10/06/2023)'."""
        if self.state == "on_time":
            return f"{self.word} (nộp {vn_date(self.uploaded)})"
        if self.state == "late":
            return f"{self.word} {self.days_late} ngày (hạn {vn_date(self.due)})"
        return f"{self.word} (hạn {vn_date(self.due)})"


def due_date(year: int, month: int, due_day: int) -> date:
    """The due day in the month after the period (the 31st is the month's last day in a short month)."""
    nxt = _month_start(year, month, -1)
    return nxt.replace(day=min(due_day, month_end(nxt.year, nxt.month).day))


def _month_start(year: int, month: int, back: int = 0) -> date:
    index = year * 12 + month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _local_day(moment: datetime) -> date:
    """The Vietnam calendar day of a stored time (aware, or naive UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware.astimezone(UTC).replace(tzinfo=None) + VIETNAM).date()


def calendar_entries(*, session: Session) -> dict[str, CalendarEntry]:
    """Every dataset's calendar line: the admin's where set, else the default."""
    stored = {row.dataset: row for row in session.scalars(select(ReportingCalendar))}
    out = {}
    for dataset in DATASET_TITLES:
        row = stored.get(dataset)
        if row is None:
            out[dataset] = CalendarEntry(dataset, None, DEFAULT_DUE_DAY)
        else:
            codes = None if row.unit_codes_json is None else tuple(json.loads(row.unit_codes_json))
            out[dataset] = CalendarEntry(dataset, codes, row.due_day, row.updated_by, row.updated_at)
    return out


def save_calendar_entry(
    *, session: Session, dataset: str, unit_codes: Iterable[str] | None, due_day: int, user: str
) -> CalendarEntry:
    """Set one dataset's line (unit_codes None: back to the default units); the caller commits."""
    if dataset not in DATASET_TITLES:
        raise CalendarError(f'Không có loại số liệu "{dataset}" trong lịch báo cáo.')
    if not 1 <= due_day <= 31:
        raise CalendarError(
            f"Hạn nộp phải là một ngày từ 1 đến 31 của tháng sau kỳ báo cáo (đã nhập {due_day})."
        )
    codes = None if unit_codes is None else sorted(set(unit_codes))
    if codes is not None:
        known = {u.code for u in UnitMatcher.load(session=session).all()}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise CalendarError(f"Không có đơn vị mã {', '.join(unknown)} trong danh mục đơn vị.")
    row = session.scalars(select(ReportingCalendar).where(col(ReportingCalendar.dataset) == dataset)).first()
    row = row or ReportingCalendar(dataset=dataset)
    row.unit_codes_json = None if codes is None else json.dumps(codes, ensure_ascii=False)
    row.due_day = due_day
    row.updated_by = user
    row.updated_at = datetime.now(UTC)
    session.add(row)
    session.flush()
    return calendar_entries(session=session)[dataset]


def _in_force(unit: UnitRef, on: date, matcher: UnitMatcher) -> UnitRef | None:
    """The unit itself if it exists on the day, else its successor in force then; None if it just ended."""
    seen = set()
    while not unit.valid_on(on):
        if unit.successor_id is None or unit.id in seen:
            return None
        seen.add(unit.id)
        unit = matcher.by_id(unit.successor_id)
    return unit


def _first_uploads(
    dataset: str, start: date, end: date, matcher: UnitMatcher, *, session: Session
) -> dict[tuple[int, date], date]:
    """(unit id, month start) -> the first upload's day, for reports of months from `start` to `end`."""
    kinds = DATASET_KINDS[dataset]
    batches = session.execute(
        select(
            col(Batch.id), col(Batch.kind), col(Batch.unit_id), col(Batch.period_start),
            col(Batch.period_end), col(Batch.created_at),
        ).where(
            col(Batch.kind).in_(kinds),
            col(Batch.status) != "reverted",
            col(Batch.period_end).is_not(None),
            col(Batch.period_end) >= start,
            or_(col(Batch.period_start).is_(None), col(Batch.period_start) <= month_end(end.year, end.month)),
        )
    ).all()  # fmt: skip
    units_of: defaultdict[int, set[int]] = defaultdict(set)
    by_kind: defaultdict[str, list[int]] = defaultdict(list)
    for b in batches:
        by_kind[b[1]].append(b[0])
    for kind, ids in by_kind.items():
        if kind in _UNIT_COLUMNS:
            batch_col, unit_col = _UNIT_COLUMNS[kind]
            rows = session.execute(
                select(col(batch_col), col(unit_col))
                .where(col(batch_col).in_(ids), col(unit_col).is_not(None))
                .distinct()
            ).all()
            for batch_id, unit_id in rows:
                units_of[batch_id].add(unit_id)
    root = next((u.id for u in matcher.all() if u.code == get_settings().root_unit), None)
    first: dict[tuple[int, date], date] = {}
    for batch_id, kind, unit_id, p_start, p_end, created in batches:
        # A batch whose rows name no unit (tasks, 766) is its own unit's, or the whole area's.
        fallback = unit_id if unit_id is not None else root
        units = units_of.get(batch_id) or ({fallback} if fallback is not None else set())
        day = _local_day(created)
        for month in _months_reported(kind, p_start or p_end, p_end, start, end):
            for u in units:
                key = (u, month)
                if key not in first or day < first[key]:
                    first[key] = day
    return first


def _months_reported(kind: str, p_start: date, p_end: date, start: date, end: date) -> list[date]:
    """The months (their first days) within [start, end] a batch reports for (see the module docstring)."""
    months = [date(p_end.year, p_end.month, 1)]
    if kind in _COVERS_WHOLE_MONTHS:
        m = (
            date(p_start.year, p_start.month, 1)
            if p_start.day == 1
            else _month_start(p_start.year, p_start.month, -1)
        )
        months = []
        while m <= p_end and month_end(m.year, m.month) <= p_end:
            months.append(m)
            m = _month_start(m.year, m.month, -1)
    return [m for m in months if start <= m <= end]


def month_status(*, session: Session, dataset: str, year: int, month: int, today: date) -> list[ReportStatus]:
    """Each unit owing or sending the dataset's report for the month, in the registry's display order."""
    matcher = UnitMatcher.load(session=session)
    entry = calendar_entries(session=session)[dataset]
    this_month = date(year, month, 1)
    month_last = month_end(year, month)
    first = _first_uploads(
        dataset, _month_start(year, month, LOOKBACK_MONTHS), this_month, matcher, session=session
    )
    if entry.unit_codes is None:
        owing = {u for (u, m) in first if m < this_month}
        candidates = [matcher.by_id(u) for u in owing]
    else:
        codes = set(entry.unit_codes)
        candidates = [u for u in matcher.all() if u.code in codes]
    expected = {found.id for u in candidates if (found := _in_force(u, month_last, matcher)) is not None}
    sent = {u for (u, m) in first if m == this_month}
    due = due_date(year, month, entry.due_day)
    out = []
    for unit in matcher.all():  # display order
        if unit.id not in expected and unit.id not in sent:
            continue
        uploaded = first.get((unit.id, this_month))
        state: State
        if uploaded is not None:
            state = "on_time" if uploaded <= due else "late"
        else:
            state = "missing" if today > due else "not_due"
        out.append(ReportStatus(dataset, unit, year, month, due, state, uploaded, unit.id in expected))
    return out


def all_month_status(
    *, session: Session, year: int, month: int, today: date, datasets: Iterable[str] | None = None
) -> dict[str, list[ReportStatus]]:
    """`month_status` of every dataset (or those given)."""
    return {
        d: month_status(session=session, dataset=d, year=year, month=month, today=today)
        for d in (datasets or DATASET_TITLES)
    }


def latest_due_month(today: date, due_day: int) -> tuple[int, int]:
    """(year, month) of the newest month whose report was due before today."""
    back = 1 if today > due_date(*_year_month(_month_start(today.year, today.month, 1)), due_day) else 2
    return _year_month(_month_start(today.year, today.month, back))


def _year_month(day: date) -> tuple[int, int]:
    return day.year, day.month


def overdue_reports(*, session: Session, dataset: str, today: date) -> list[ReportStatus]:
    """The reports of the newest month past its due day that were owed and not sent (for the wall)."""
    year, month = latest_due_month(today, calendar_entries(session=session)[dataset].due_day)
    statuses = month_status(session=session, dataset=dataset, year=year, month=month, today=today)
    return [s for s in statuses if s.state == "missing"]


_ORDER = {"missing": 0, "late": 1, "not_due": 2, "on_time": 3}


def status_rows(by_dataset: dict[str, list[ReportStatus]]) -> list[dict[str, str]]:
    """One table row per unit and dataset, reports owed and not sent first (the data page's table)."""
    rows = sorted(
        (s for statuses in by_dataset.values() for s in statuses),
        key=lambda s: (_ORDER[s.state], list(DATASET_TITLES).index(s.dataset)),
    )
    return [
        {
            "Loại số liệu": DATASET_TITLES[s.dataset],
            "Đơn vị": with_type_word(s.unit),
            "Tình trạng": s.word,
            "Ngày nộp": vn_date(s.uploaded),
            "Hạn nộp": vn_date(s.due),
            "Theo lịch": "có" if s.expected else "không (gửi thêm)",
        }
        for s in rows
    ]


def counts_text(statuses: Iterable[ReportStatus]) -> str:
    """'12 đúng hạn · 3 nộp muộn · 2 chưa báo cáo' (states with none left out); '' when nobody owes anything."""
    counts: dict[str, int] = defaultdict(int)
    for s in statuses:
        counts[s.state] += 1
    return " · ".join(f"{vn_number(counts[k])} {w}" for k, w in STATE_WORDS.items() if counts[k])


__all__ = [
    "DATASET_TITLES",
    "DEFAULT_DUE_DAY",
    "STATE_WORDS",
    "CalendarEntry",
    "CalendarError",
    "ReportStatus",
    "all_month_status",
    "calendar_entries",
    "counts_text",
    "due_date",
    "latest_due_month",
    "month_status",
    "overdue_reports",
    "save_calendar_entry",
    "status_rows",
]
