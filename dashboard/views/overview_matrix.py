"""The unit × area status matrix of the overview: per unit in force in the period, one cell per area.

A cell is the unit's headline figure of the area with its status (word and colour, never colour alone). Where
the unit owed the month's report and sent none (dashboard.queries.reporting_status) the cell says "chưa báo cáo" —
never a blank, never 0; where nothing was owed and nothing is stored it shows the missing sign. Units most
behind come first: a report owed and not sent counts as behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session

from base import periods
from base.formatting import MISSING, NOT_REPORTED, vn_number, vn_percent
from base.units import UnitRef
from dashboard.kpis import STATUS_LABELS, status
from dashboard.kpis.common import NO_VERDICT, Status
from dashboard.kpis.tasks import task_verdict
from dashboard.queries.kpi_report import kpi_report
from dashboard.queries.reporting_status import ReportStatus, all_month_status
from dashboard.queries.targets import judge, target_for
from dashboard.store.units import UnitMatcher
from dashboard.views.overview_behind import AREA_PAGES, unit_title

# The matrix's columns: area -> (dataset of the reporting calendar, short heading, what the figure is).
MATRIX_AREAS: dict[str, tuple[str, str, str]] = {
    "dossiers": ("dossiers", "Hồ sơ TTHC", "Tỷ lệ giải quyết đúng hạn"),
    "revenue": ("revenue", "Thu NS", "Thu ngân sách so dự toán, so với tiến độ thời gian"),
    "expenditure": ("expenditure", "Chi NS", "Chi ngân sách so dự toán, so với tiến độ thời gian"),
    "disbursement": ("disbursement", "Giải ngân", "Tỷ lệ giải ngân so với mốc kế hoạch"),
    "tasks": ("tasks", "Nhiệm vụ", "Tỷ lệ hoàn thành nhiệm vụ chủ trì"),
    "service_index": ("service_index", "Chỉ số 766", "Điểm Bộ chỉ số 766"),
}
# How far behind a cell puts its unit, for the order of the rows.
_WEIGHT = {"behind": 3, "not_reported": 3, "close": 1}
_KINDS = ("town", "office", "ward", "commune")


@dataclass(frozen=True)
class Cell:
    """One unit's figure of one area: `look` is met | close | behind | not_reported | none (for the colour)."""

    look: str
    word: str
    figure: str
    note: str = ""  # the tooltip: what the figure is, and the report's timeliness
    url: str = ""

    @property
    def text(self) -> str:
        """'🔴 Chậm 80,74%'; the figure alone where there is no target to judge it; the word alone without one."""
        if self.figure == MISSING:
            return self.word
        return self.figure if self.word == NO_VERDICT else f"{self.word} {self.figure}"


@dataclass(frozen=True)
class MatrixRow:
    unit: UnitRef
    title: str
    url: str  # the unit's own overview, same period
    cells: dict[str, Cell]

    @property
    def weight(self) -> int:
        return sum(_WEIGHT.get(c.look, 0) for c in self.cells.values())


def _status_cell(verdict: Status | None, figure: str, note: str, url: str) -> Cell:
    if verdict is None:
        return Cell("none", NO_VERDICT, figure, note, url)
    icon, word = STATUS_LABELS[verdict]
    return Cell(verdict, f"{icon} {word}", figure, note, url)


def _figures(
    report: Mapping[str, Any], unit_id: int, on: date, *, session: Session
) -> dict[str, tuple[Any, ...]]:
    """area -> (value or None, status, figure text): each area's headline for the unit, judged as the overview does."""
    out: dict[str, tuple[Any, ...]] = {}
    d = report["dossiers"]
    target = target_for(session=session, indicator="on_time_rate", year=on.year, unit_id=unit_id, on=on)
    out["dossiers"] = (d["on_time_rate"], judge(d["on_time_rate"], target), vn_percent(d["on_time_rate"]))
    for area in ("revenue", "expenditure"):
        s = report[area]
        pct, progress = s.get("pct_of_estimate"), s.get("time_progress_pct")
        out[area] = (pct, status(pct, progress), vn_percent(pct))
    s = report["disbursement"]
    milestone = s.get("next_milestone") or {}
    out["disbursement"] = (s.get("pct"), milestone.get("status"), vn_percent(s.get("pct")))
    s = report["tasks"]
    rate = s.get("completion_rate") if s.get("total") else None
    task_target = target_for(
        session=session, indicator="task_completion_rate", year=on.year, unit_id=unit_id, on=on
    )
    verdict = (
        task_verdict(s, task_target.value if task_target else None, tolerance=5.0)
        if rate is not None
        else None
    )
    out["tasks"] = (rate, verdict.status if verdict else None, vn_percent(rate))
    s = report["service_index"]
    out["service_index"] = (s.get("total"), None, vn_number(s.get("total"), 2))
    return out


def status_matrix(
    *, session: Session, period: periods.Selected, today: date, query: Mapping[str, str]
) -> list[MatrixRow]:
    """Every unit in force at the period's end that owes a report or has a figure, most behind first.

    `query` is the overview's period parameter ({"ky": …}); each row links to the unit's overview with it.
    """
    matcher = UnitMatcher.load(session=session)
    on = min(period.end, today)
    reporting = all_month_status(
        session=session, year=period.end.year, month=period.end.month, today=today, datasets={dataset for dataset, _h, _d in MATRIX_AREAS.values()},
    )  # fmt: skip
    owed: dict[tuple[str, int], ReportStatus] = {
        (dataset, s.unit.id): s for dataset, statuses in reporting.items() for s in statuses
    }
    rows = []
    for unit in matcher.all():
        if unit.kind not in _KINDS or not unit.valid_on(period.end):
            continue
        report = kpi_report(session=session, unit_id=unit.id, start=period.start, end=period.end, as_of=on)
        figures = _figures(report, unit.id, on, session=session)
        unit_query = {**query, "dv": unit.code}
        cells = {}
        for area, (dataset, _heading, definition) in MATRIX_AREAS.items():
            value, verdict, figure = figures[area]
            report_status = owed.get((dataset, unit.id))
            note = definition + (f". Báo cáo tháng: {report_status.text}" if report_status else "")
            url = f"/{AREA_PAGES[area][1]}?{urlencode(unit_query)}"
            if value is None and report_status is not None and report_status.state == "missing":
                cells[area] = Cell("not_reported", NOT_REPORTED, MISSING, note, url)
            elif value is None and report_status is not None and report_status.state == "not_due":
                cells[area] = Cell("none", report_status.word, MISSING, note, url)
            else:
                cells[area] = _status_cell(verdict, figure, note, url)
        if all(c.look == "none" and c.figure == MISSING and c.word == NO_VERDICT for c in cells.values()):
            continue  # a unit with nothing owed and nothing stored says nothing here
        rows.append(MatrixRow(unit, unit_title(unit), f"/?{urlencode(unit_query)}", cells))
    order = {u.id: i for i, u in enumerate(matcher.all())}
    return sorted(rows, key=lambda r: (-r.weight, order[r.unit.id]))


__all__ = ["MATRIX_AREAS", "Cell", "MatrixRow", "status_matrix"]
