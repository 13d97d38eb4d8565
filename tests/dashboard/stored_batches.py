"""A batch row for tests that store figures directly (no workbook): its placeholder file first, then the batch."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from dashboard.store.models import Batch, StoredFile

FILE_SHA = "0" * 64


def stored_batch(session: Session, kind: str, **fields: Any) -> int:
    """Add an active batch of `kind` (fields override the defaults) and return its id; the caller commits."""
    if session.get(StoredFile, FILE_SHA) is None:
        session.add(StoredFile(sha256=FILE_SHA, size=1, content=b"x"))
        session.flush()  # no ORM relationship orders the inserts, so the file must exist first
    values: dict[str, Any] = {
        "kind": kind,
        "file_name": f"{kind}.xlsx",
        "file_sha256": FILE_SHA,
        "file_size": 1,
        "user": "test",
        "created_at": datetime.now(UTC),
        **fields,
    }
    batch = Batch(**values)
    session.add(batch)
    session.flush()
    assert batch.id is not None
    return batch.id
