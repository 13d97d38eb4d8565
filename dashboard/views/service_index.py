"""What the 766 page shows, as plain data: whose scores (the unit's, else Quảng Ngãi's), which period, the ranking
table with our units marked, and where the figures come from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from base.formatting import vn_number
from base.kinds import SERVICE_INDEX as KIND
from base.service_index import COMPONENTS, HOME_PROVINCE
from base.text import contains_words, normalize
from dashboard.queries.provenance import source_line
from dashboard.queries.service_index import (
    ScoreRow,
    describe,
    own_rows,
    ranked_of,
    ranking,
    scope_unit,
    scores_for,
)
from dashboard.store.models import Batch, ServiceIndexScore
from dashboard.store.portal_codes import portal_code_of
from dashboard.store.units import UnitMatcher
from dashboard.views.exports import ExportColumn

LEVEL_LABELS = {"province": "Tỉnh, thành phố", "agency": "Sở, ban, ngành", "commune": "Xã, phường"}
# Short names for the table's headers (the tooltip and the chart use the full ones), as the decision abbreviates them.
SHORT_LABELS = {
    "tdgq": "Tiến độ",
    "mdhl": "Hài lòng",
    "mdsh": "Số hóa",
    "tttt": "Thanh toán",
    "clgq": "Chất lượng",
    "ckmb": "Công khai",
}
RANKING_COLUMNS = (
    ExportColumn("rank", "Hạng", kind="int"),
    ExportColumn("name", "Đơn vị"),
    ExportColumn(
        "total", "Tổng điểm (tối đa 100)", kind="money"
    ),  # before the groups: seen without scrolling
    ExportColumn("ours", "Đơn vị của ta"),
    *(
        ExportColumn(c.key, f"{SHORT_LABELS[c.key]} (tối đa {vn_number(c.max_points)})", kind="money")
        for c in COMPONENTS
    ),
)
OURS = "◆ Của ta"  # a word next to the highlight: never colour alone


@dataclass(frozen=True)
class Subject:
    """Whose scores the page shows: the scope's own unit (its scored rows' portal name and the rows' test)."""

    name: str
    unit_ids: frozenset[int]
    province: bool  # the scope is the home province: its portal row is the scope's own


def has_scores(*, session: Session) -> bool:
    """Whether any 766 export is in use."""
    query = select(Batch.id).where(col(Batch.kind) == KIND, col(Batch.status) == "active").limit(1)
    return session.exec(query).first() is not None


def is_home_province(row: ScoreRow) -> bool:
    """The province's own row in a province-level ranking ("UBND tỉnh Quảng Ngãi")."""
    return row.level == "province" and contains_words(normalize(row.portal_name), normalize(HOME_PROVINCE))


def subject_for(
    unit_id: int | None, rows: Sequence[ScoreRow] | None = None, *, session: Session
) -> Subject | None:
    """The scope's own unit (with its predecessors) when the portal scores it, None otherwise: never another
    unit's score in its place (the province's only when the scope is the province).

    `rows`: the monthly and yearly scores when the caller has them already."""
    if rows is None:
        rows = [r for kind in ("month", "year") for r in scores_for(session=session, period_kind=kind)]
    own = own_rows(unit_id, rows, session=session)
    unit = scope_unit(unit_id, session=session)
    if not own or unit is None:
        return None
    latest = max(own, key=lambda r: (r.year, r.period_no))
    family = UnitMatcher.load(session=session).family(unit.id)
    return Subject(latest.portal_name, family, unit.kind == "province")


def _mine(subject: Subject, row: ScoreRow) -> bool:
    return row.unit_id in subject.unit_ids or (subject.province and is_home_province(row))


def pick(rows: Sequence[ScoreRow], start: date, end: date) -> tuple[ScoreRow | None, bool]:
    """The latest score of a period overlapping [start, end], else the latest before it (flagged False)."""
    inside = [r for r in rows if r.end >= start and r.start <= end]
    if inside:
        return max(inside, key=lambda r: (r.year, r.period_no)), True
    before = [r for r in rows if r.start <= end]
    return max(before, key=lambda r: (r.year, r.period_no), default=None), False


def rank_text(rank: int | None, of: int | None) -> str:
    """'hạng 25/34', 'hạng 37' when the export lists only part of the ranking, '' without a rank."""
    if rank is None:
        return ""
    return f"hạng {vn_number(rank)}/{vn_number(of)}" if of else f"hạng {vn_number(rank)}"


def point(row: ScoreRow, *, session: Session) -> dict[str, Any]:
    """A score of the subject as the page needs it: describe() plus dates, rank text and the snapshot key."""
    info = describe(row, session=session)
    return {
        **info,
        "kind": row.period_kind,
        "year": row.year,
        "period_no": row.period_no,
        "level": row.level,
        "start": row.start,
        "rank_text": rank_text(row.rank, info["of"]),
    }


def overview(*, session: Session, unit_id: int | None, start: date, end: date) -> dict[str, Any]:
    """Everything above the ranking table: subject, monthly and yearly series, the picked month and year; and
    the periods whose rankings can be shown (the latest scored month and year of the period, whoever's)."""
    by_kind = {kind: scores_for(session=session, period_kind=kind) for kind in ("month", "year")}
    snapshots = [snapshot(row) for row in (pick(by_kind[k], start, end)[0] for k in ("month", "year")) if row]
    subject = subject_for(unit_id, [*by_kind["month"], *by_kind["year"]], session=session)
    if subject is None:
        unit = scope_unit(unit_id, session=session)
        coded = unit is not None and unit.id in portal_code_of(session=session)
        return {
            "subject": None,
            "snapshots": snapshots,
            "who": scope_title(unit_id, session=session),
            "coded": coded,
        }
    months = [r for r in by_kind["month"] if _mine(subject, r)]
    years = [r for r in by_kind["year"] if _mine(subject, r)]
    points = {id(r): point(r, session=session) for r in (*months, *years)}
    month, month_inside = pick(months, start, end)
    year, _ = pick(years, start, end)
    return {
        "subject": subject.name,
        "months": [points[id(r)] for r in months],
        "years": [points[id(r)] for r in years],
        "month": None if month is None else points[id(month)],
        "month_inside": month_inside,
        "year": None if year is None else points[id(year)],
        "snapshots": snapshots,
    }


def scope_title(unit_id: int | None, *, session: Session) -> str:
    """'xã Phổ An', 'phường Trà Câu', 'thị xã Đức Phổ': the scope's unit as a sentence names it."""
    unit = scope_unit(unit_id, session=session)
    if unit is None:
        return "địa bàn"
    word = {"ward": "phường", "commune": "xã"}.get(unit.kind)
    if word:
        return f"{word} {unit.name}"
    if unit.kind in ("town", "province"):  # "Thị xã Đức Phổ" inside a sentence
        return unit.name[:1].lower() + unit.name[1:]
    return unit.name


def snapshot(row: ScoreRow) -> dict[str, Any]:
    """A scored period as the ranking's period picker needs it."""
    return {"period": row.period_label, "kind": row.period_kind, "year": row.year, "period_no": row.period_no}


def our_units(*, session: Session, start: date, end: date) -> list[dict[str, Any]]:
    """Every unit of the registry in force during the period, with its portal code and its latest monthly score
    in the period (else the latest before it); a unit without a code or a score says so, never a 0."""
    months = scores_for(session=session, period_kind="month")
    codes = portal_code_of(session=session)
    out = []
    for unit in UnitMatcher.load(session=session).all():
        if not ((unit.valid_from or date.min) <= end and (unit.valid_to or date.max) >= start):
            continue
        scored, _inside = pick([r for r in months if r.unit_id == unit.id], start, end)
        of = ranked_of(scored, session=session) if scored else None
        out.append(
            {
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind,
                "portal_code": codes.get(unit.id),
                "period": scored.period_label if scored else None,
                "total": scored.total if scored else None,
                "rank_text": rank_text(scored.rank, of) if scored else "",
            }
        )
    return out


def ranking_rows(
    *, session: Session, period_kind: str, year: int, period_no: int, level: str
) -> list[dict[str, Any]]:
    """The ranking of a level for one period, best first; rows of our registry's units and our province marked."""
    rows = ranking(session=session, period_kind=period_kind, year=year, period_no=period_no, level=level)
    codes = {u.id: u.code for u in UnitMatcher.load(session=session).all()}
    return [
        {
            "rank": r.rank,
            "name": r.portal_name,
            "unit_code": codes.get(r.unit_id) if r.unit_id is not None else None,
            "ours": OURS if r.unit_id is not None or is_home_province(r) else "",
            **r.components,
            "total": r.total,
        }
        for r in rows
    ]


def levels_of(*, session: Session, period_kind: str, year: int, period_no: int) -> list[str]:
    """The levels an export scores for the period, in LEVEL_LABELS order."""
    found = set(
        session.exec(
            select(ServiceIndexScore.level)
            .join(Batch, col(Batch.id) == col(ServiceIndexScore.batch_id))
            .where(
                col(Batch.status) == "active",
                col(ServiceIndexScore.period_kind) == period_kind,
                col(ServiceIndexScore.year) == year,
                col(ServiceIndexScore.period_no) == period_no,
            )
            .distinct()
        ).all()
    )
    return [level for level in LEVEL_LABELS if level in found]


def source(*, session: Session, period_kind: str, year: int, period_no: int, level: str) -> str:
    """'Nguồn: …' naming the upload whose scores of the level and period are in use (the latest export)."""
    newest = session.exec(
        select(ServiceIndexScore.batch_id)
        .join(Batch, col(Batch.id) == col(ServiceIndexScore.batch_id))
        .where(
            col(Batch.status) == "active",
            col(ServiceIndexScore.period_kind) == period_kind,
            col(ServiceIndexScore.year) == year,
            col(ServiceIndexScore.period_no) == period_no,
            col(ServiceIndexScore.level) == level,
        )
        .order_by(col(Batch.period_end).desc(), col(ServiceIndexScore.batch_id).desc())  # as the query picks
        .limit(1)
    ).first()
    return source_line([] if newest is None else [int(newest)], session=session)
