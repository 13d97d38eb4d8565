"""Queries the stored 766 scores: a unit's series, a level's ranking, and the report section of a unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from base.kinds import SERVICE_INDEX as KIND
from base.periods import month_end
from base.service_index import COMPONENTS, HOME_PROVINCE
from base.text import contains_words, normalize
from base.units import UnitRef
from dashboard.kpis.service_index import share_of_max, weakest
from dashboard.store.models import Batch, ServiceIndexScore
from dashboard.store.portal_codes import unit_by_portal_code
from dashboard.store.units import UnitMatcher, root_unit

SnapshotKey = tuple[str, int, int, str]  # period kind, year, period number, level


@dataclass(frozen=True)
class ScoreRow:
    """One unit's scores for one period, as stored from the latest export that scores that period."""

    period_kind: str
    year: int
    period_no: int
    level: str
    portal_name: str
    portal_code: str
    unit_id: int | None
    components: dict[str, float | None]
    total: float | None
    rank: int | None

    @property
    def period_label(self) -> str:
        """'Tháng 10/2025', 'Quý 4/2025' or 'Năm 2025'."""
        if self.period_kind == "month":
            return f"Tháng {self.period_no}/{self.year}"
        if self.period_kind == "quarter":
            return f"Quý {self.period_no}/{self.year}"
        return f"Năm {self.year}"

    @property
    def start(self) -> date:
        first = {"month": self.period_no, "quarter": 3 * self.period_no - 2}.get(self.period_kind, 1)
        return date(self.year, first, 1)

    @property
    def end(self) -> date:
        last = {"month": self.period_no, "quarter": 3 * self.period_no}.get(self.period_kind, 12)
        return month_end(self.year, last)


def _latest_batches(*, session: Session) -> set[int]:
    """Per (period, level), the active batch of the latest export: a later export's year-to-date wins."""
    rows = session.execute(
        sa_select(
            col(ServiceIndexScore.period_kind),
            col(ServiceIndexScore.year),
            col(ServiceIndexScore.period_no),
            col(ServiceIndexScore.level),
            col(Batch.period_end),
            col(Batch.id),
        )
        .join(Batch, col(Batch.id) == col(ServiceIndexScore.batch_id))
        .where(col(Batch.status) == "active", col(Batch.kind) == KIND)
        .distinct()
    ).all()
    best: dict[SnapshotKey, tuple[date, int]] = {}
    for kind, year, number, level, end, batch_id in rows:
        if batch_id is None:
            continue
        candidate = (end or date.min, batch_id)
        key = (kind, year, number, level)
        if key not in best or candidate > best[key]:
            best[key] = candidate
    return {batch_id for _end, batch_id in best.values()}


def _row(score: ServiceIndexScore, codes: dict[str, int]) -> ScoreRow:
    """A stored score; its unit is the one named at import, else the one holding its portal code now (a code
    entered in the registry after the import still counts)."""
    return ScoreRow(
        period_kind=score.period_kind,
        year=score.year,
        period_no=score.period_no,
        level=score.level,
        portal_name=score.portal_name,
        portal_code=score.portal_code,
        unit_id=score.unit_id if score.unit_id is not None else codes.get(score.portal_code),
        components={c.key: getattr(score, c.key) for c in COMPONENTS},
        total=score.total,
        rank=score.rank,
    )


def scores_for(
    *,
    session: Session,
    unit_id: int | None = None,
    portal_code: str | None = None,
    period_kind: str = "month",
    level: str | None = None,
) -> list[ScoreRow]:
    """A unit's scores over time (by registry unit or portal code; with neither, every row), oldest first."""
    query = select(ServiceIndexScore).where(
        col(ServiceIndexScore.batch_id).in_(sorted(_latest_batches(session=session))),
        col(ServiceIndexScore.period_kind) == period_kind,
    )
    if unit_id is not None:
        query = query.where(col(ServiceIndexScore.unit_id) == unit_id)
    if portal_code is not None:
        query = query.where(col(ServiceIndexScore.portal_code) == portal_code)
    if level is not None:
        query = query.where(col(ServiceIndexScore.level) == level)
    rows = session.exec(query).all()
    codes = unit_by_portal_code(session=session)
    return sorted((_row(r, codes) for r in rows), key=lambda r: (r.year, r.period_no, r.level, r.rank or 0))


def ranking(*, session: Session, period_kind: str, year: int, period_no: int, level: str) -> list[ScoreRow]:
    """Every unit of a level scored for one period, best rank first (unranked last, by total)."""
    rows = session.exec(
        select(ServiceIndexScore).where(
            col(ServiceIndexScore.batch_id).in_(sorted(_latest_batches(session=session))),
            col(ServiceIndexScore.period_kind) == period_kind,
            col(ServiceIndexScore.year) == year,
            col(ServiceIndexScore.period_no) == period_no,
            col(ServiceIndexScore.level) == level,
        )
    ).all()
    codes = unit_by_portal_code(session=session)
    return sorted(
        (_row(r, codes) for r in rows), key=lambda r: (r.rank is None, r.rank or 0, -(r.total or 0))
    )


def ranked_of(row: ScoreRow, *, session: Session) -> int | None:
    """How many units the rank is out of: the ranking's size, or None when the export lists only part of it."""
    others = ranking(
        session=session, period_kind=row.period_kind, year=row.year, period_no=row.period_no, level=row.level
    )
    top = max((r.rank or 0 for r in others), default=0)
    return len(others) if top <= len(others) else None


def describe(row: ScoreRow | None, *, session: Session) -> dict[str, Any]:
    """A score as report data: period, total, rank of how many, components and the weakest group."""
    if row is None:
        return {
            "period": None,
            "portal_name": None,
            "total": None,
            "rank": None,
            "of": None,
            "components": dict.fromkeys(c.key for c in COMPONENTS),
            "weakest": None,
        }
    worst = weakest(row.components)
    return {
        "period": row.period_label,
        "portal_name": row.portal_name,
        "total": row.total,
        "rank": row.rank,
        "of": ranked_of(row, session=session),
        "components": dict(row.components),
        "weakest": None
        if worst is None
        else {
            "component": worst.key,
            "label": worst.label,
            "score": row.components[worst.key],
            "max": worst.max_points,
            "share_of_max": _round(share_of_max(row.components[worst.key], worst)),
        },
    }


def _latest(rows: list[ScoreRow], start: date | None, end: date | None, as_of: date) -> ScoreRow | None:
    """The latest period that overlaps [start, end] and has begun by `as_of`."""
    fitting = [
        r
        for r in rows
        if r.start <= as_of and (start is None or r.end >= start) and (end is None or r.start <= end)
    ]
    return max(fitting, key=lambda r: (r.year, r.period_no), default=None)


def scope_unit(unit_id: int | None, *, session: Session) -> UnitRef | None:
    """The unit a scope means: the chosen one, else the deployment's root unit (None if the registry lacks it)."""
    matcher = UnitMatcher.load(session=session)
    if unit_id is not None:
        return matcher.by_id(unit_id)
    return root_unit(matcher.all())


def own_rows(unit_id: int | None, rows: Sequence[ScoreRow], *, session: Session) -> list[ScoreRow]:
    """The scope's own scores among `rows`: its unit's and its predecessors'; the home province's row only when
    the scope is the province itself. The whole town is not the province: it gets no score of someone else."""
    unit = scope_unit(unit_id, session=session)
    if unit is None:
        return []
    family = UnitMatcher.load(session=session).family(unit.id)
    province = unit.kind == "province"
    return [r for r in rows if r.unit_id in family or (province and _is_home_province(r))]


def service_index_section(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None, as_of: date
) -> dict[str, Any]:
    """The latest monthly (else yearly) score of the scope's own unit (the root unit when None), and, apart,
    the home province's."""
    own: ScoreRow | None = None
    province: ScoreRow | None = None
    for kind in ("month", "year"):
        rows = scores_for(session=session, period_kind=kind)
        own = own or _latest(own_rows(unit_id, rows, session=session), start, end, as_of)
        province = province or _latest([r for r in rows if _is_home_province(r)], start, end, as_of)
    return {**describe(own, session=session), "province": describe(province, session=session)}


def _is_home_province(row: ScoreRow) -> bool:
    """The province's own row in a province-level ranking ("UBND tỉnh Quảng Ngãi")."""
    return row.level == "province" and contains_words(normalize(row.portal_name), normalize(HOME_PROVINCE))


def _round(value: float | None) -> float | None:
    """Percent with 2 decimals for output."""
    return None if value is None else round(value, 2)
