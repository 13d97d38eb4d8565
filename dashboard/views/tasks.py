"""What the tasks page shows beyond tasks_query: each listed task's product, the uploads behind a scope, filters
and the Excel columns of its tables."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from base.kinds import TASKS as KIND
from base.text import normalize
from dashboard.queries.tasks import task_lists
from dashboard.store.models import Batch, Task
from dashboard.store.units import UnitMatcher
from dashboard.views.exports import ExportColumn

TASK_STATUS_LABELS = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
}
_TITLE_LEAD = (ExportColumn("title", "Nhiệm vụ"), ExportColumn("lead", "Cơ quan chủ trì"))
_REST = (
    ExportColumn("deadline", "Hạn", kind="date"),
    ExportColumn("status", "Tình trạng"),
    ExportColumn("product", "Sản phẩm"),
    ExportColumn("deadline_text", "Thời hạn (như văn bản giao)"),
)
# What a leader reads first in a meeting: the task, who answers for it, how late; the wording of the deadline last.
OVERDUE_COLUMNS = (*_TITLE_LEAD, ExportColumn("days_overdue", "Quá hạn", "ngày", "int"), *_REST)
DUE_SOON_COLUMNS = (*_TITLE_LEAD, ExportColumn("days_left", "Còn lại", "ngày", "int"), *_REST)
LEAD_COLUMNS = (
    ExportColumn("lead", "Cơ quan chủ trì"),
    ExportColumn("total", "Tổng số nhiệm vụ", kind="int"),
    ExportColumn("due", "Đã đến hạn", kind="int"),
    ExportColumn("done", "Đã hoàn thành", kind="int"),
    ExportColumn("overdue", "Quá hạn", kind="int"),
    ExportColumn("completion_rate", "Tỷ lệ hoàn thành", "%", "percent"),
    # Judged on the tasks due (task_verdict), not on the completion rate beside it.
    ExportColumn("status", "Đánh giá"),
)


def _scoped(
    query: Any, unit_id: int | None, start: date | None, end: date | None, *, session: Session
) -> Any:
    """The filters of tasks_query.load_tasks: active lists whose period overlaps the scope, by lead unit."""
    query = query.join(Batch, col(Batch.id) == col(Task.batch_id)).where(
        col(Batch.status) == "active", col(Batch.kind) == KIND
    )
    if start is not None:
        query = query.where(col(Batch.period_end) >= start)
    if end is not None:
        query = query.where(col(Batch.period_start) <= end)
    if unit_id is not None:
        query = query.where(
            col(Task.lead_unit_id).in_(sorted(UnitMatcher.load(session=session).family(unit_id)))
        )
    return query


def source_batches(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None
) -> list[int]:
    """The task-list uploads whose tasks the page shows (for the source caption)."""
    query = _scoped(select(Task.batch_id).distinct(), unit_id, start, end, session=session)
    return sorted(int(b) for b in session.exec(query).all())


def _products(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None
) -> dict[tuple[str, str], str]:
    """(title, deadline as written) -> product, for the tasks of the scope."""
    query = _scoped(
        select(Task.title, Task.deadline_text, Task.product), unit_id, start, end, session=session
    )
    out: dict[tuple[str, str], str] = {}
    for title, deadline_text, product in session.exec(query).all():
        out.setdefault((title, deadline_text), product)
    return out


def listed_tasks(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None, as_of: date
) -> dict[str, list[dict[str, Any]]]:
    """The overdue and due-soon lists of tasks_query with each task's product and Vietnamese status."""
    lists = task_lists(session=session, unit_id=unit_id, start=start, end=end, as_of=as_of)
    products = _products(session=session, unit_id=unit_id, start=start, end=end)
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in lists.items():
        out[name] = [
            {
                "title": r["title"],
                "lead": r["lead"],
                "deadline_text": r["deadline_text"],
                "deadline": r["deadline"],
                "product": products.get((r["title"], r["deadline_text"]), ""),
                "status": TASK_STATUS_LABELS.get(r["status"], r["status"]),
                "days_overdue": None if r["days_left"] is None else max(0, -r["days_left"]),
                "days_left": r["days_left"],
            }
            for r in rows
        ]
    return out


def filter_rows(
    rows: Sequence[dict[str, Any]], *, leads: Collection[str] = (), text: str = ""
) -> list[dict[str, Any]]:
    """Rows of the chosen lead agencies (none chosen: all) whose title, product or lead contains every word."""
    words = normalize(text).split()
    kept = []
    for row in rows:
        if leads and row["lead"] not in leads:
            continue
        haystack = normalize(" ".join(str(row.get(k) or "") for k in ("title", "product", "lead")))
        if all(word in haystack for word in words):
            kept.append(row)
    return kept
