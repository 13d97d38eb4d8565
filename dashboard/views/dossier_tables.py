"""The dossiers page's tables: by unit or sector, and the late and overdue dossiers with the leader's filters.

Rows keep raw values (numbers, dates) so tables sort correctly and Excel gets numbers; the page formats them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard.kpis import COUNT_LABELS, DOSSIER_KPIS
from dashboard.queries.dossier_lists import LateDossier
from dashboard.views.dossiers import DossierView
from dashboard.views.exports import ExportColumn, table_to_xlsx

STATE_LABELS = {"late": "Trả quá hạn", "overdue": "Đang quá hạn"}
Figures = dict[str, float | int | None]

# The late rate only: the on-time rate is its complement (100% − late), and late is what leaders act on.
BREAKDOWN_FIELDS = (
    "received_total",
    "received_new",
    "online_rate",
    "late_rate",
    "pending_overdue",
)


def breakdown_columns(first: str) -> list[ExportColumn]:
    """The columns of a by-unit or by-sector table; `first` names the row ('Đơn vị', 'Lĩnh vực')."""
    columns = [ExportColumn("name", first)]
    for key in BREAKDOWN_FIELDS:
        if key in DOSSIER_KPIS:
            columns.append(ExportColumn(key, DOSSIER_KPIS[key].label, "%", "percent"))
        else:
            columns.append(ExportColumn(key, COUNT_LABELS[key], "hồ sơ", "int"))
    return columns


def breakdown_rows(items: Iterable[tuple[str, Figures]]) -> list[dict[str, Any]]:
    """One row per unit or sector, in the order given."""
    return [{"name": name, **{k: figures.get(k) for k in BREAKDOWN_FIELDS}} for name, figures in items]


LATE_COLUMNS = [
    ExportColumn("code", "Mã hồ sơ"),
    ExportColumn("procedure", "Thủ tục hành chính"),
    ExportColumn("unit", "Đơn vị"),
    ExportColumn("sector", "Lĩnh vực"),
    ExportColumn("received", "Ngày tiếp nhận", kind="date"),
    ExportColumn("due", "Hạn xử lý", kind="date"),
    ExportColumn("finished", "Ngày trả kết quả", kind="date"),
    ExportColumn("days_overdue", "Số ngày quá hạn", "ngày", "int"),
    ExportColumn("state", "Tình trạng"),
]


@dataclass(frozen=True)
class LateFilter:
    """What the leader narrowed the late/overdue table to (empty: everything)."""

    units: Sequence[str] = ()
    sectors: Sequence[str] = ()
    state: str = ""  # "" | late | overdue
    text: str = ""


def filter_late(rows: Sequence[LateDossier], wanted: LateFilter) -> list[LateDossier]:
    """The rows matching every given criterion; the text is looked for in the code and the procedure."""
    needle = wanted.text.strip().casefold()
    return [
        r
        for r in rows
        if (not wanted.units or r.unit in wanted.units)
        and (not wanted.sectors or r.sector in wanted.sectors)
        and (not wanted.state or r.state == wanted.state)
        and (not needle or needle in r.code.casefold() or needle in r.procedure.casefold())
    ]


def late_table(rows: Sequence[LateDossier]) -> list[dict[str, Any]]:
    """The rows as table/export records with Vietnamese keys (dates stay dates, for sorting and Excel)."""
    return [
        {
            "code": r.code,
            "procedure": r.procedure,
            "unit": r.unit,
            "sector": r.sector,
            "received": r.received_at,
            "due": r.due_at,
            "finished": r.finished_at,
            "days_overdue": r.days_overdue,
            "state": STATE_LABELS.get(r.state, r.state),
        }
        for r in rows
    ]


def by_unit(view: DossierView) -> list[tuple[str, Figures]]:
    """Units by name (the charts rank them; the table starts alphabetical)."""
    return sorted(((u.name, u.figures) for u in view.by_unit), key=lambda item: item[0])


def table_workbook(
    view: DossierView, table_kind: str, wanted: LateFilter, *, unit_label: str, period_label: str
) -> bytes:
    """One of the page's tables ('late', 'unit' or 'sector') as the formatted Excel file its button downloads."""
    if table_kind == "late":
        rows, columns = late_table(filter_late(view.late, wanted)), LATE_COLUMNS
        title, source = f"Hồ sơ trễ hạn và quá hạn — {unit_label}", view.list_source
    else:
        first, items = (
            ("Đơn vị", by_unit(view))
            if table_kind == "unit"
            else ("Lĩnh vực", sorted(view.by_sector.items()))
        )
        rows, columns = breakdown_rows(items), breakdown_columns(first)
        title, source = f"Thủ tục hành chính theo {first.lower()} — {unit_label}", view.figures_source
    return table_to_xlsx(title=title, period_label=period_label, columns=columns, rows=rows, source=source)
