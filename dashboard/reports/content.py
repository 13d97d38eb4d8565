"""The weekly or monthly report to the leaders as plain data: every figure from the KPI module and its queries.

Sections: headline KPIs against their targets (status word), what changed since the previous period (recomputed
now, so a late upload for that period counts), the late and overdue dossiers by unit, the investors and projects
furthest behind the next disbursement milestone, overdue tasks by lead agency, and data freshness. The PDF and
the workbook (leader_report_pdf, leader_report_xlsx) only lay this out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from base import periods
from base.formatting import MISSING, vn_date, vn_number, vn_percent
from dashboard.kpis import STATUS_LABELS
from dashboard.kpis.common import Status
from dashboard.queries.dossier_lists import late_and_overdue, late_and_overdue_counts
from dashboard.queries.investment import disbursement_section
from dashboard.queries.tasks import task_lists, tasks_section
from dashboard.reports.freshness import FreshnessRow, freshness
from dashboard.store.units import UnitMatcher
from dashboard.views.overview import AREA_PAGES, Overview, build_overview

LATE_CAP = 30  # dossiers listed; the count of all of them is always given
BEHIND_CAP = 10  # investors, projects
TASKS_PER_LEAD = 3
CARD_UNITS = {
    "pending_overdue": "hồ sơ",
    "overdue": "nhiệm vụ",
    "total": "điểm",
}  # every other card is a rate


@dataclass(frozen=True)
class Headline:
    """One headline KPI: this period, its status against the target, the previous period and the change."""

    area: str
    label: str
    value: float | None
    value_text: str
    status: Status | None
    target_text: str
    previous: float | None
    previous_text: str
    change_text: str
    note: str
    unit: str  # '%' for rates, else what is counted ('hồ sơ', 'nhiệm vụ', 'điểm')

    @property
    def status_word(self) -> str:
        return MISSING if self.status is None else STATUS_LABELS[self.status][1]


@dataclass(frozen=True)
class LateRow:
    unit: str
    code: str
    procedure: str
    due: date
    state: str  # 'Trả quá hạn' | 'Đang quá hạn'
    days_overdue: int


@dataclass(frozen=True)
class BehindRow:
    """An investor or a project under the next milestone's target."""

    name: str
    detail: str  # the investor of a project, the number of projects of an investor
    pct: float | None
    gap_pts: float | None


@dataclass(frozen=True)
class LeadTasks:
    lead: str
    overdue: int
    total: int
    completion_rate: float | None
    oldest: list[tuple[str, date | None, int]]  # (title, deadline, days overdue)


@dataclass(frozen=True)
class LeaderReport:
    title: str  # 'Báo cáo tuần' | 'Báo cáo tháng' | 'Báo cáo'
    unit_label: str
    unit_code: str | None
    period: periods.Selected
    previous_label: str | None
    as_of: date
    generated_at: datetime
    headlines: list[Headline]
    late: list[LateRow]
    late_total: int
    late_by_unit: dict[str, int]
    milestone_text: str  # 'Mốc 60% ngày 30/06/2023 (còn 30 ngày)' or '' without a milestone
    investors_behind: list[BehindRow]
    investors_behind_total: int
    projects_behind: list[BehindRow]
    projects_behind_total: int
    tasks_by_lead: list[LeadTasks]
    overdue_tasks_total: int
    freshness: list[FreshnessRow]
    freshness_note: str
    dashboard_link: str = ""

    def summary_lines(self) -> list[str]:
        """A few lines for the e-mail body and the webhook: headline figures with their status words."""
        lines = [
            f"{self.title} — {self.unit_label} — {self.period.label} (số liệu đến {vn_date(self.as_of)})"
        ]
        for h in self.headlines:
            target = f"; {h.target_text}" if h.target_text else ""
            lines.append(f"{h.label}: {h.value_text} ({h.status_word}{target})")
        lines.append(f"Hồ sơ trễ hạn, quá hạn: {vn_number(self.late_total)}")
        lines.append(f"Nhiệm vụ quá hạn: {vn_number(self.overdue_tasks_total)}")
        if self.investors_behind_total:
            lines.append(f"Chủ đầu tư chậm so với mốc giải ngân: {vn_number(self.investors_behind_total)}")
        return lines


def report_title(period: periods.Selected) -> str:
    """A seven-day period is the weekly report, a month the monthly one."""
    if period.kind == "month":
        return "Báo cáo tháng"
    if period.kind == "custom" and (period.end - period.start).days == 6:
        return "Báo cáo tuần"
    return "Báo cáo"


def _headlines(now: Overview, before: Overview) -> list[Headline]:
    """Cards of this period paired with the same cards of the previous period (recomputed now)."""
    previous = {(c.area, c.key): c for c in before.cards}
    rows = []
    for c in now.cards:
        p = previous.get((c.area, c.key))
        rows.append(
            Headline(
                area=AREA_PAGES[c.area][2] if c.area in AREA_PAGES else c.area,
                label=c.label,
                value=c.value,
                value_text=c.value_text or MISSING,
                status=c.status,
                target_text=c.target_text,
                previous=p.value if p else None,
                previous_text=p.value_text if p and p.value_text else MISSING,
                change_text=c.delta_previous or MISSING,
                note=c.note,
                unit=CARD_UNITS.get(c.key, "%"),
            )
        )
    return rows


def _behind(disbursement: Mapping[str, Any]) -> tuple[str, list[BehindRow], int, list[BehindRow], int]:
    """Investors and projects under the next milestone's target, furthest behind first (named, capped)."""
    milestone = disbursement.get("next_milestone")
    if not milestone:
        return "", [], 0, [], 0
    target = float(milestone["target_pct"])
    due = date.fromisoformat(milestone["date"])
    text = (
        f"Mốc {vn_percent(target, 0 if target == int(target) else 2)} ngày {vn_date(due)} "
        f"(còn {vn_number(milestone['days_left'])} ngày)"
    )

    def under(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        found = [r for r in rows if r.get("pct") is not None and r["pct"] < target]
        return sorted(found, key=lambda r: (r["pct"], r["name"]))

    investors = under(disbursement.get("by_investor", []))
    projects = under(disbursement.get("by_project", []))
    investor_rows = [
        BehindRow(r["name"], f"{vn_number(r['projects'])} dự án", r["pct"], r["pct"] - target)
        for r in investors[:BEHIND_CAP]
    ]
    project_rows = [
        BehindRow(r["name"], r.get("investor") or MISSING, r["pct"], r["pct"] - target)
        for r in projects[:BEHIND_CAP]
    ]
    return text, investor_rows, len(investors), project_rows, len(projects)


def _tasks(
    unit_id: int | None, period: periods.Selected, on: date, *, session: Session
) -> tuple[list[LeadTasks], int]:
    section = tasks_section(session=session, unit_id=unit_id, start=period.start, end=period.end, as_of=on)
    overdue = task_lists(session=session, unit_id=unit_id, start=period.start, end=period.end, as_of=on)[
        "overdue"
    ]
    leads = []
    for row in section["by_lead"]:
        if not row["overdue"]:
            continue
        mine = [t for t in overdue if t["lead"] == row["lead"]][:TASKS_PER_LEAD]
        leads.append(
            LeadTasks(
                lead=row["lead"] or "Chưa rõ cơ quan chủ trì",
                overdue=row["overdue"],
                total=row["total"],
                completion_rate=row["completion_rate"],
                oldest=[(t["title"], t["deadline"], -int(t["days_left"] or 0)) for t in mine],
            )
        )
    return leads, len(overdue)


def build_leader_report(
    *,
    session: Session,
    period: periods.Selected,
    unit_id: int | None,
    today: date,
    generated_at: datetime,
    dashboard_url: str = "",
) -> LeaderReport:
    """The whole report of a scope (None: the whole area) and period, judged as of min(period end, today)."""
    matcher = UnitMatcher.load(session=session)
    unit = matcher.by_id(unit_id) if unit_id is not None else None
    query = {"ky": period.token, **({"dv": unit.code} if unit else {})}
    now = build_overview(session=session, period=period, unit_id=unit_id, query=query, today=today)
    previous = period.previous()
    before = build_overview(session=session, period=previous, unit_id=unit_id, query=query, today=today)
    on = now.as_of
    ids = None if unit_id is None else matcher.family(unit_id)
    late = late_and_overdue(
        session=session, unit_ids=ids, start=period.start, end=period.end, as_of=on, limit=LATE_CAP
    )
    counts = late_and_overdue_counts(
        session=session, unit_ids=ids, start=period.start, end=period.end, as_of=on
    )
    # Oldest first within each unit; units with the most days overdue first.
    worst: dict[str, int] = {}
    for r in late:
        worst.setdefault(r.unit, r.days_overdue)
    late_rows = [
        LateRow(
            r.unit,
            r.code,
            r.procedure,
            r.due_at.date(),
            "Trả quá hạn" if r.state == "late" else "Đang quá hạn",
            r.days_overdue,
        )
        for r in sorted(late, key=lambda r: (-worst[r.unit], r.unit, -r.days_overdue, r.code))
    ]
    disbursement = disbursement_section(
        session=session, unit_id=unit_id, start=period.start, end=period.end, as_of=on
    )
    milestone, investors, n_investors, projects, n_projects = _behind(disbursement)
    leads, n_tasks = _tasks(unit_id, period, on, session=session)
    fresh, fresh_note = freshness(session=session, unit_id=unit_id, period=period, today=today)
    link = ""
    if dashboard_url:
        link = dashboard_url.rstrip("/") + "/?" + "&".join(f"{k}={v}" for k, v in query.items())
    return LeaderReport(
        title=report_title(period),
        unit_label=now.unit_label,
        unit_code=unit.code if unit else None,
        period=period,
        previous_label=previous.label,
        as_of=on,
        generated_at=generated_at,
        headlines=_headlines(now, before),
        late=late_rows,
        late_total=sum(counts.values()),
        late_by_unit=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        milestone_text=milestone,
        investors_behind=investors,
        investors_behind_total=n_investors,
        projects_behind=projects,
        projects_behind_total=n_projects,
        tasks_by_lead=leads,
        overdue_tasks_total=n_tasks,
        freshness=fresh,
        freshness_note=fresh_note,
        dashboard_link=link,
    )
