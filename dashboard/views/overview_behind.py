"""The five things most behind right now, across areas, each pointing to the page that explains it.

Candidates per category, worst first: units under the online-submission target, units with the most overdue
dossiers, investors furthest under their disbursement milestone, overdue tasks, units under the on-time target,
revenue behind time progress. Figures of different areas do not share a scale, so instead of one ranking the five
are taken round-robin over the categories in that order: every area that is behind gets its worst case named
before any area gets a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session

from base.formatting import vn_date, vn_number, vn_percent
from base.units import UnitRef
from dashboard.kpis import status
from dashboard.kpis.cards import signed
from dashboard.queries.dossiers import kpis_by_unit
from dashboard.queries.targets import target_for
from dashboard.queries.tasks import task_lists
from dashboard.settings import get_settings
from dashboard.store.units import UnitMatcher
from dashboard.views.unit_links import UNIT_PARAM

HOW_MANY = 5
TITLE_CHARS = 60  # a task title is cut there: the link is a pointer, the tasks page has the whole text
# area -> (page script under pages/, its URL path in app.py, Vietnamese title)
AREA_PAGES: dict[str, tuple[str, str, str]] = {
    "dossiers": ("dossiers.py", "thu-tuc-hanh-chinh", "Thủ tục hành chính"),
    "revenue": ("revenue.py", "thu-ngan-sach", "Thu ngân sách"),
    "expenditure": ("expenditure.py", "chi-ngan-sach", "Chi ngân sách"),
    "disbursement": ("investment.py", "giai-ngan", "Giải ngân đầu tư công"),
    "tasks": ("tasks.py", "nhiem-vu", "Nhiệm vụ"),
    "service_index": ("service_index.py", "chi-so-766", "Bộ chỉ số 766"),
}
_KIND_WORD = {"ward": "phường", "commune": "xã"}


@dataclass(frozen=True)
class Link:
    """A detail page with the overview's period and unit kept in its query string."""

    page: str  # script under pages/
    url_path: str
    query: dict[str, str]

    @property
    def url(self) -> str:
        return f"/{self.url_path}" + (f"?{urlencode(self.query)}" if self.query else "")


@dataclass(frozen=True)
class Behind:
    """One of the things most behind: which category, what (label), how far (figure), where to look."""

    category: str
    label: str
    figure: str
    link: Link


def link(area: str, query: Mapping[str, str]) -> Link:
    page, path, _title = AREA_PAGES[area]
    return Link(page, path, dict(query))


def unit_link(area: str, query: Mapping[str, str], unit_code: str | None) -> Link:
    """The area's page showing the named unit (its own dv=), the period kept; the scope's unit without a code."""
    return link(area, {**query, UNIT_PARAM: unit_code} if unit_code else query)


def unit_title(unit: UnitRef) -> str:
    """'xã Phổ Châu', 'phường Phổ Văn', 'Phòng Tư pháp': how a meeting names the unit."""
    word = _KIND_WORD.get(unit.kind)
    return f"{word} {unit.name}" if word else unit.name


def _shorten(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pct(value: float) -> str:
    return vn_percent(value, 0 if value == int(value) else 2)


def under_target(
    units: Mapping[int, Mapping[str, Any]],
    matcher: UnitMatcher,
    *,
    session: Session,
    key: str,
    indicator: str,
    on: date,
    kinds: tuple[str, ...] | None = None,
) -> list[tuple[float, UnitRef, float, float]]:
    """(gap in points, unit, rate, target) of units whose rate is under their target, furthest under first."""
    out = []
    for unit_id, figures in units.items():
        unit = matcher.by_id(unit_id)
        rate = figures.get(key)
        if rate is None or (kinds and unit.kind not in kinds):
            continue
        target = target_for(session=session, indicator=indicator, year=on.year, unit_id=unit_id, on=on)
        if target is not None and status(rate, target.value, tolerance=target.tolerance) != "met":
            out.append((rate - target.value, unit, rate, target.value))
    return sorted(out, key=lambda item: (item[0], item[1].name))


def most_behind(
    *,
    session: Session,
    report: Mapping[str, Any],
    unit_id: int | None,
    start: date,
    end: date,
    on: date,
    query: Mapping[str, str],
) -> list[Behind]:
    """Up to five items, round-robin over the categories (see the module docstring)."""
    matcher = UnitMatcher.load(session=session)
    ids = None if unit_id is None else matcher.family(unit_id)
    units = kpis_by_unit(ids, start, end, session=session)

    def online() -> list[Behind]:
        # The online target is the communes' and wards' business first; offices come in when a unit is chosen.
        kinds = ("ward", "commune") if unit_id is None else None
        rows = under_target(
            units, matcher, session=session, key="online_rate", indicator="online_rate", on=on, kinds=kinds
        )
        return [
            Behind(
                "online",
                f"Nộp trực tuyến thấp — {unit_title(u)}",
                f"{vn_percent(rate)}, chỉ tiêu {_pct(target)} ({signed(gap, 1, 'điểm')})",
                unit_link("dossiers", query, u.code),
            )
            for gap, u, rate, target in rows
        ]

    def overdue_dossiers() -> list[Behind]:
        rows = [(f.get("pending_overdue") or 0, matcher.by_id(u)) for u, f in units.items()]
        rows = sorted((r for r in rows if r[0] > 0), key=lambda r: (-r[0], r[1].name))
        return [
            Behind(
                "overdue_dossiers",
                f"Hồ sơ quá hạn — {unit_title(u)}",
                f"{vn_number(n)} hồ sơ đang giải quyết quá hạn",
                unit_link("dossiers", query, u.code),
            )
            for n, u in rows
        ]

    def investors() -> list[Behind]:
        section = report["disbursement"]
        milestone = section.get("next_milestone")
        if not milestone:
            return []
        target, due = milestone["target_pct"], vn_date(date.fromisoformat(milestone["date"]))
        rows = [i for i in section["by_investor"] if i["pct"] is not None and i["pct"] < target]
        return [
            Behind(
                "investors",
                f"Giải ngân chậm — {i['name']}",
                f"{vn_percent(i['pct'])}, mốc {_pct(target)} ngày {due} ({signed(i['pct'] - target, 1, 'điểm')})",
                unit_link("disbursement", query, i.get("unit_code")),
            )
            for i in sorted(rows, key=lambda i: (i["pct"], i["name"]))
        ]

    def tasks() -> list[Behind]:
        overdue = task_lists(session=session, unit_id=unit_id, start=start, end=end, as_of=on)["overdue"]
        return [
            Behind(
                "tasks",
                f"Nhiệm vụ quá hạn — {t['lead'] or 'chưa rõ cơ quan chủ trì'}: {_shorten(t['title'])}",
                f"quá hạn {vn_number(-t['days_left'])} ngày (hạn {vn_date(t['deadline'])})",
                link("tasks", query),
            )
            for t in overdue
        ]

    def on_time() -> list[Behind]:
        rows = under_target(
            units, matcher, session=session, key="on_time_rate", indicator="on_time_rate", on=on
        )
        return [
            Behind(
                "on_time",
                f"Giải quyết đúng hạn thấp — {unit_title(u)}",
                f"{vn_percent(rate)}, chỉ tiêu {_pct(target)} ({signed(gap, 1, 'điểm')})",
                unit_link("dossiers", query, u.code),
            )
            for gap, u, rate, target in rows
        ]

    def revenue() -> list[Behind]:
        # The town's revenue is the town's business: the leaders name the unit that answers for it.
        root = next((u for u in matcher.all() if u.code == get_settings().root_unit), None)
        owner = matcher.by_id(unit_id) if unit_id is not None else root
        responsible = unit_title(owner) if owner else report["scope"]["unit"]
        section = report["revenue"]
        pct, progress = section.get("pct_of_estimate"), section.get("time_progress_pct")
        if pct is None or progress is None or status(pct, progress) == "met":
            return []
        return [
            Behind(
                "revenue",
                f"Thu ngân sách chậm so với tiến độ thời gian — {responsible}",
                f"{vn_percent(pct)} dự toán, tiến độ thời gian {vn_percent(progress)} "
                f"({signed(pct - progress, 1, 'điểm')})",
                link("revenue", query),
            )
        ]

    categories: list[Callable[[], list[Behind]]] = [
        online,
        overdue_dossiers,
        investors,
        tasks,
        on_time,
        revenue,
    ]
    return round_robin([category() for category in categories], HOW_MANY)


def round_robin(lists: list[list[Behind]], limit: int) -> list[Behind]:
    """The first of each list, then the second of each …, until `limit` items are taken."""
    out: list[Behind] = []
    depth = 0
    while len(out) < limit and any(depth < len(items) for items in lists):
        out += [items[depth] for items in lists if depth < len(items)][: limit - len(out)]
        depth += 1
    return out
