"""Which months each dataset has data for: the period a page opens on, and the years its picker offers first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from base import periods
from dashboard.store.models import Batch

# A page's dataset and the batch kinds that feed it.
DATASET_KINDS: dict[str, tuple[str, ...]] = {
    "dossiers": ("dossier_report", "dossier_list"),
    "revenue": ("budget_revenue",),
    "expenditure": ("budget_expenditure",),
    "disbursement": ("disbursement",),
    "tasks": ("tasks",),
    "service_index": ("service_index",),
}


@dataclass(frozen=True)
class Extent:
    """The first and last day covered by a dataset's figures in force."""

    first: date
    last: date

    def years(self) -> list[int]:
        """The years with data, newest first."""
        return list(range(self.last.year, self.first.year - 1, -1))


def data_extents(*, session: Session) -> dict[str, Extent]:
    """Each dataset's extent over its active batches; a dataset with none is absent."""
    rows = session.execute(
        select(col(Batch.kind), func.min(col(Batch.period_start)), func.max(col(Batch.period_end)))
        .where(col(Batch.status) == "active", col(Batch.period_end).is_not(None))
        .group_by(col(Batch.kind))
    ).all()
    by_kind = {kind: (first, last) for kind, first, last in rows}
    extents: dict[str, Extent] = {}
    for dataset, kinds in DATASET_KINDS.items():
        spans = [by_kind[k] for k in kinds if k in by_kind]
        if spans:
            extents[dataset] = Extent(min(s[0] or s[1] for s in spans), max(s[1] for s in spans))
    return extents


def latest_month(extents: dict[str, Extent], dataset: str) -> periods.Selected | None:
    """The month of the dataset's newest figures, or None when it has none."""
    extent = extents.get(dataset)
    return periods.month(extent.last.year, extent.last.month) if extent else None


def picker_years(extents: dict[str, Extent], dataset: str | None, today: date) -> list[int]:
    """The years a period picker offers: those with data first (newest first), then the others since 2020."""
    with_data = extents[dataset].years() if dataset in extents else []
    rest = [y for y in range(today.year, 2019, -1) if y not in with_data]
    return [*with_data, *rest]


def own_months(
    extents: dict[str, Extent], shown: periods.Selected, page_dataset: str
) -> dict[str, periods.Selected]:
    """On the page's default period (its dataset's newest month), each other dataset whose newest month differs.

    The overview opens on the dossiers' newest month; revenue reported to a later month, or a 766 score of an older
    one, would read "chưa có dữ liệu" there although the leader has figures: the card shows them, naming the month.
    Any other period is the leader's own choice and every card keeps to it.
    """
    default = latest_month(extents, page_dataset)
    if default is None or default.token != shown.token:
        return {}
    out = {}
    for dataset in DATASET_KINDS:
        month = latest_month(extents, dataset)
        if month is not None and month.token != shown.token:
            out[dataset] = month
    return out
