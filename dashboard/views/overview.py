"""The overview model: each area's headline KPIs against their targets, with changes, and the five most behind.

Plain data for the overview page and its printable summary; every figure comes from kpi_report, the targets and
the area queries — nothing here touches Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlmodel import Session

from base import periods
from base.formatting import MISSING, TY, money_text, vn_date, vn_number, vn_percent
from dashboard.kpis import COUNT_KPIS, DOSSIER_KPIS
from dashboard.kpis.budget import EXPENDITURE_KPIS, REVENUE_KPIS
from dashboard.kpis.cards import Card, card, dossier_rate_card, signed, target_text
from dashboard.kpis.investment import INVESTMENT_KPIS
from dashboard.kpis.service_index import SERVICE_INDEX_KPIS
from dashboard.kpis.tasks import TASK_COUNT_KPIS, TASK_KPIS, task_verdict
from dashboard.queries.kpi_report import kpi_report
from dashboard.queries.overview_sources import area_sources
from dashboard.queries.targets import target_for
from dashboard.views.overview_behind import AREA_PAGES, Behind, Link, link, most_behind

DEFAULT_TOLERANCE = 5.0
Section = Mapping[str, Any]
CUMULATIVE = ("revenue", "expenditure", "disbursement", "tasks")


@dataclass(frozen=True)
class Overview:
    """The overview of one period and unit."""

    period_label: str
    unit_label: str
    as_of: date
    previous_label: str | None  # None when the previous period is the same period last year
    last_year_label: str
    cards: list[Card]
    behind: list[Behind]
    sources: dict[str, str] = field(default_factory=dict)
    received_total: int | None = None
    resolved_total: int | None = None
    # area -> "số liệu tháng 11/2023": the areas shown for their own newest month, not the page's period
    area_periods: dict[str, str] = field(default_factory=dict)
    # area -> (previous label, last-year label) of an area shown for its own month: its changes are against those
    area_change_labels: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    def change_labels(self, area: str) -> tuple[str | None, str]:
        return self.area_change_labels.get(area, (self.previous_label, self.last_year_label))

    def area_cards(self, area: str) -> list[Card]:
        return [c for c in self.cards if c.area == area]


def dossier_cards(
    now: Section, prev: Section, last: Section, unit_id: int | None, on: date, *, session: Session
) -> list[Card]:
    """Online rate and on-time rate against their targets, and the overdue backlog (the goal is none)."""
    cards = []
    for key in ("online_rate", "on_time_rate"):
        kpi = DOSSIER_KPIS[key]
        target = target_for(session=session, indicator=key, year=on.year, unit_id=unit_id, on=on)
        num, den = kpi.parts(now)
        cards.append(
            dossier_rate_card(
                key,
                now,
                prev,
                last,
                goal=target,
                target_text=target_text(target.value if target else None),
                note="" if num is None or den is None else f"{vn_number(num)} / {vn_number(den)} hồ sơ",
            )
        )
    overdue = now["pending_overdue"]
    cards.append(
        card(
            "dossiers",
            replace(
                COUNT_KPIS["pending_overdue"],
                label="Hồ sơ quá hạn đang giải quyết",
                value=overdue,
                target=0,
                tolerance=0,
            ),
            value_text=vn_number(overdue),
            prev=prev["pending_overdue"],
            last=last["pending_overdue"],
            target_text="Mục tiêu 0 hồ sơ",
        )
    )
    return cards


def budget_card(
    area: str, now: Section, prev: Section, last: Section, unit_id: int | None, on: date, *, session: Session
) -> Card:
    """% of the estimate judged against time progress (the share of the year gone by)."""
    kpis = REVENUE_KPIS if area == "revenue" else EXPENDITURE_KPIS
    kpi = kpis["pct_of_estimate"]
    pct, progress = now["pct_of_estimate"], now["time_progress_pct"]
    stored = target_for(
        session=session, indicator=f"{area}_pct_of_estimate", year=on.year, unit_id=unit_id, on=on
    )
    bits = []
    if now["ytd"] is not None:
        bits.append(
            f"Lũy kế {money_text(now['ytd'], TY, with_unit=False)} / dự toán {money_text(now['estimate'], TY)}"
        )
    if now["pct_vs_last_year"] is not None:
        bits.append(f"bằng {vn_percent(now['pct_vs_last_year'])} cùng kỳ")
    month = now.get("as_of_month")
    if month:
        bits.append(f"số liệu đến tháng {month[5:]}/{month[:4]}")
    return card(
        area,
        replace(
            kpi,
            formula=f"{kpi.formula}. So với tiến độ thời gian: {kpis['time_progress_pct'].formula}",
            value=pct,
            target=progress,
            tolerance=stored.tolerance if stored else DEFAULT_TOLERANCE,
        ),
        value_text=vn_percent(pct),
        prev=prev["pct_of_estimate"],
        last=last["pct_of_estimate"],
        target_text=target_text(progress, "Tiến độ thời gian"),
        note="; ".join(bits),
    )


def disbursement_card(now: Section, prev: Section, last: Section) -> Card:
    """The disbursement rate against the next milestone, with the gap in points and the days left."""
    kpi, gap_kpi = INVESTMENT_KPIS["disbursement_pct"], INVESTMENT_KPIS["milestone_gap"]
    milestone = now.get("next_milestone") or {}
    bits, goal = [], ""
    if milestone:
        goal = f"Mốc {vn_percent(milestone['target_pct'], 0)} ngày {vn_date(date.fromisoformat(milestone['date']))}"
        gap = signed(milestone["gap_pts"], 1, "điểm") or MISSING
        bits.append(f"Chênh lệch so với mốc {gap}, còn {vn_number(milestone['days_left'])} ngày")
    if now.get("as_of"):
        bits.append(f"số liệu ngày {vn_date(date.fromisoformat(now['as_of']))}")
    return card(
        "disbursement",
        replace(kpi, formula=f"{kpi.formula}. {gap_kpi.label}: {gap_kpi.formula}", value=now["pct"]),
        value_text=vn_percent(now["pct"]),
        prev=prev["pct"],
        last=last["pct"],
        status=milestone.get("status"),
        target_text=goal,
        note="; ".join(bits),
    )


def task_cards(
    now: Section, prev: Section, last: Section, unit_id: int | None, on: date, *, session: Session
) -> list[Card]:
    """Completion against its target, and the overdue tasks (the goal is none); unknown without task lists."""
    kpi = TASK_KPIS["completion_rate"]
    target = target_for(
        session=session, indicator="task_completion_rate", year=on.year, unit_id=unit_id, on=on
    )
    rate = now["completion_rate"]
    verdict = task_verdict(
        now, target.value if target else None, tolerance=target.tolerance if target else 5.0
    )
    overdue_kpi = TASK_COUNT_KPIS["overdue"]

    def overdue(section: Section) -> int | None:
        return section["overdue"] if section["total"] else None

    return [
        card(
            "tasks",
            replace(kpi, formula=f"{kpi.formula}. Đánh giá: {verdict.reason}", value=rate)
            if now["total"]
            else kpi.measured(rate),
            value_text=vn_percent(rate),
            prev=prev["completion_rate"],
            last=last["completion_rate"],
            status=verdict.status,
            target_text=target_text(target.value if target else None),
            note=f"{vn_number(now['done'])} / {vn_number(now['total'])} nhiệm vụ đã hoàn thành"
            + ("" if verdict.status else f" · {verdict.text}")
            if now["total"]
            else "",
        ),
        card(
            "tasks",
            replace(
                overdue_kpi,
                label=f"Nhiệm vụ {overdue_kpi.label.lower()}",
                value=overdue(now),
                target=0,
                tolerance=0,
            ),
            value_text=vn_number(overdue(now)),
            prev=overdue(prev),
            last=overdue(last),
            target_text="Mục tiêu 0 nhiệm vụ",
        ),
    ]


def service_index_cards(now: Section, prev: Section, last: Section) -> list[Card]:
    """The 766 score with its rank, only when a score is stored for the scope."""
    if now.get("total") is None:
        return []
    kpi, rank = SERVICE_INDEX_KPIS["total"], SERVICE_INDEX_KPIS["rank"]
    bits = [str(now["portal_name"])] if now.get("portal_name") else []  # whose score: the scope's own unit
    if now.get("rank") is not None:
        of = f"/{vn_number(now['of'])}" if now.get("of") else ""
        bits.append(f"{rank.label}: {vn_number(now['rank'])}{of}")
    if now.get("weakest"):
        bits.append(f"nhóm yếu nhất: {now['weakest']['label']}")
    if now.get("period"):
        bits.append(str(now["period"]))
    return [
        card(
            "service_index",
            replace(kpi, formula=f"{kpi.formula}. {rank.label}: {rank.formula}", value=now["total"]),
            value_text=vn_number(now["total"], 2),
            prev=prev.get("total"),
            last=last.get("total"),
            note="; ".join(bits),
        )
    ]


def build_overview(
    *,
    session: Session,
    period: periods.Selected,
    unit_id: int | None,
    query: Mapping[str, str],
    today: date,
    own_months: Mapping[str, periods.Selected] | None = None,
) -> Overview:
    """The overview of the unit (None: the town) for the period, judged as of min(period end, today).

    `own_months` (area -> month) shows those areas for their own month instead, each card naming it.
    """
    on = min(period.end, today)
    now, prev, last, repeated = _reports(unit_id, period, today, session=session)
    previous, same = period.previous(), period.same_period_last_year()
    sections = _sections(now, prev, last, period)
    area_periods, change_labels = {}, {}
    for area, month in (own_months or {}).items():
        if area in AREA_PAGES:
            now_a, prev_a, last_a, repeated_a = _reports(unit_id, month, today, session=session)
            sections[area] = _sections(now_a, prev_a, last_a, month)[area]
            area_periods[area] = f"số liệu {month.label[:1].lower()}{month.label[1:]}"
            prev_label = None if repeated_a else month.previous().label
            change_labels[area] = (prev_label, month.same_period_last_year().label)
    cards = [
        *dossier_cards(*sections["dossiers"], unit_id, on, session=session),
        budget_card("revenue", *sections["revenue"], unit_id, on, session=session),
        budget_card("expenditure", *sections["expenditure"], unit_id, on, session=session),
        disbursement_card(*sections["disbursement"]),
        *task_cards(*sections["tasks"], unit_id, on, session=session),
        *service_index_cards(*sections["service_index"]),
    ]
    return Overview(
        period_label=period.label,
        unit_label=now["scope"]["unit"],
        as_of=on,
        previous_label=None if repeated else previous.label,
        last_year_label=same.label,
        cards=cards,
        behind=most_behind(
            session=session,
            report=now,
            unit_id=unit_id,
            start=period.start,
            end=period.end,
            on=on,
            query=query,
        ),
        sources=area_sources(
            session=session, report=now, unit_id=unit_id, start=period.start, end=period.end
        ),
        received_total=sections["dossiers"][0]["received_total"],
        resolved_total=sections["dossiers"][0]["resolved_total"],
        area_periods=area_periods,
        area_change_labels=change_labels,
    )


def _reports(
    unit_id: int | None, period: periods.Selected, today: date, *, session: Session
) -> tuple[Any, Any, Any, bool]:
    """The reports of the period, the previous one and the same period last year; whether the last two are one."""
    previous, same = period.previous(), period.same_period_last_year()
    now = kpi_report(
        session=session, unit_id=unit_id, start=period.start, end=period.end, as_of=min(period.end, today)
    )
    last = kpi_report(
        session=session, unit_id=unit_id, start=same.start, end=same.end, as_of=min(same.end, today)
    )
    # For "first N months" and years the previous period is the same period last year: shown once, not twice.
    repeated = previous.token == same.token
    prev = (
        _nothing(last)
        if repeated
        else kpi_report(
            session=session, unit_id=unit_id, start=previous.start, end=previous.end, as_of=previous.end
        )
    )
    return now, prev, last, repeated


def _sections(now: Any, prev: Any, last: Any, period: periods.Selected) -> dict[str, tuple[Any, Any, Any]]:
    """area -> (now, previous, last year) sections."""
    sections = {area: (now[area], prev[area], last[area]) for area in AREA_PAGES}
    if period.previous().end.year != period.end.year:
        # Budget, disbursement and task figures run from January: across New Year the change means nothing.
        for area in CUMULATIVE:
            sections[area] = (now[area], _nothing(prev[area]), last[area])
    return sections


def _nothing(section: Any) -> Any:
    """The same shape with every value unknown (so no change on 'the previous period' is shown twice)."""
    if isinstance(section, dict):
        return {k: _nothing(v) for k, v in section.items()}
    return None


__all__ = ["AREA_PAGES", "Behind", "Card", "Link", "Overview", "build_overview", "link"]
