"""What period and unit a tile shows: "the latest month with data" resolved against the stored batches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from base import periods
from base.units import UnitRef
from dashboard.store.models import Batch
from dashboard.store.units import area_label, root_unit
from dashboard.views.wall.config import LATEST_MONTH, YEAR_TO_DATE

DOSSIER_KINDS = ("dossier_report", "dossier_list")


@dataclass(frozen=True)
class DatasetDates:
    """When a dataset (a batch kind) was last uploaded, and the end of the latest period it covers."""

    latest_period_end: date | None
    latest_upload: datetime | None


@dataclass(frozen=True)
class Window:
    """A tile's period: the dates the queries get, the as-of day of snapshots and stocks, and its label."""

    start: date
    end: date
    as_of: date
    label: str


def dataset_dates(*, session: Session) -> dict[str, DatasetDates]:
    """Per batch kind, the latest period end and upload time of its active batches (one grouped query)."""
    rows = session.exec(
        select(col(Batch.kind), func.max(col(Batch.period_end)), func.max(col(Batch.created_at)))
        .where(col(Batch.status) == "active")
        .group_by(col(Batch.kind))
    ).all()
    return {kind: DatasetDates(_as_date(end), _as_datetime(uploaded)) for kind, end, uploaded in rows}


def _as_date(value: object) -> date | None:
    """SQLite hands aggregates back as text; PostgreSQL as dates."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def latest_day(dates: dict[str, DatasetDates], kinds: tuple[str, ...], today: date) -> date | None:
    """The last day with data among the kinds (never after today: a plan's period may run into the future)."""
    ends = [d.latest_period_end for k in kinds if (d := dates.get(k)) and d.latest_period_end is not None]
    return min(max(ends), today) if ends else None


def resolve_window(spec: str, latest: date | None, today: date) -> Window | None:
    """The window a period spec means; None when it needs data and the dataset has none."""
    fixed = periods.from_token(spec)
    if fixed is not None:
        return Window(fixed.start, fixed.end, min(fixed.end, today), fixed.label)
    if latest is None:
        return None
    if spec == YEAR_TO_DATE:
        chosen = periods.first_months(latest.year, latest.month)
        label = chosen.label if latest.month == 12 else f"Từ đầu năm đến tháng {latest.month}/{latest.year}"
        return Window(chosen.start, chosen.end, min(chosen.end, latest), label)
    if spec != LATEST_MONTH:
        raise ValueError(f"unknown period spec {spec!r}")
    chosen = periods.month(latest.year, latest.month)
    return Window(chosen.start, chosen.end, min(chosen.end, latest), chosen.label)


def unit_for_code(units: list[UnitRef], code: str) -> UnitRef | None:
    """The registry unit with this code ("" and the root unit's own code mean the whole area: None)."""
    if not code:
        return None
    found = next((u for u in units if u.code == code), None)
    if found is None:
        raise LookupError(f"Không có đơn vị mã “{code}” (xem: python -m dashboard units).")
    root = root_unit(units)
    return None if root is not None and found.code == root.code else found


def unit_label(unit: UnitRef | None, units: list[UnitRef]) -> str:
    """The unit's name, or the whole area's label ("Toàn thị xã") from the registry's root unit."""
    return unit.name if unit else area_label(units)
