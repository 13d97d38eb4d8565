"""The batch history: what was imported, by whom, the original files, and reverting a batch."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from dashboard.store.audit import record
from dashboard.store.db import bump_data_version
from dashboard.store.dossier_monthly import refresh_monthly
from dashboard.store.models import Batch, Dossier, StoredFile, Unit


class HistoryError(Exception):
    """A refused history operation, with a Vietnamese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BatchRow:
    """One line of the history table."""

    id: int
    created_at: datetime
    user: str
    file_name: str
    sheet: str
    kind: str
    unit: str
    period: str
    rows: int
    status: str
    accepted_warnings: int
    replaced: list[int]


def list_batches(limit: int = 500, *, session: Session) -> list[BatchRow]:
    """Every batch, newest first, with its unit's name."""
    names = {u.id: u.name for u in session.exec(select(Unit)).all()}
    batches = session.exec(select(Batch).order_by(col(Batch.id).desc()).limit(limit)).all()
    return [
        BatchRow(
            id=b.id or 0,
            created_at=b.created_at,
            user=b.user,
            file_name=b.file_name,
            sheet=b.sheet,
            kind=b.kind,
            unit=names.get(b.unit_id, "") if b.unit_id else "",
            period=b.period_label,
            rows=b.row_count,
            status=b.status,
            accepted_warnings=len(json.loads(b.accepted_warnings_json)),
            replaced=json.loads(b.replaced_ids_json),
        )
        for b in batches
    ]


def original_file(batch_id: int, *, session: Session) -> tuple[str, bytes]:
    """The file a batch came from, byte for byte, with its name."""
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise HistoryError(f"Không có lô #{batch_id}.")
    stored = session.get(StoredFile, batch.file_sha256)
    assert stored is not None  # a foreign key guarantees it
    return batch.file_name, stored.content


def revert_batch(batch_id: int, *, session: Session, user: str) -> list[int]:
    """Withdraw an active batch; the batches it replaced come back. Returns the ids restored."""
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise HistoryError(f"Không có lô #{batch_id}.")
    if batch.status != "active":
        raise HistoryError(
            f"Lô #{batch_id} đang ở trạng thái “{batch.status}”, chỉ hoàn tác được lô đang dùng."
        )
    restored = [
        b.id
        for b in session.exec(
            select(Batch).where(col(Batch.superseded_by_id) == batch_id, col(Batch.status) == "superseded")
        ).all()
        if b.id is not None
    ]
    batch.status = "reverted"
    session.add(batch)
    if restored:
        session.execute(
            update(Batch).where(col(Batch.id).in_(restored)).values(status="active", superseded_by_id=None)
        )
    if batch.kind == "dossier_list":
        units = session.exec(
            select(Dossier.unit_id).where(col(Dossier.batch_id).in_([batch_id, *restored])).distinct()
        ).all()
        refresh_monthly(units, session=session)
    bump_data_version(session=session)
    record(
        user, "revert", session=session, batch_id=batch_id, detail=f"khôi phục {restored}" if restored else ""
    )
    return restored
