"""Where a figure comes from: the uploads (file, when, by whom) behind a scope, for the caption under it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from base.formatting import NO_DATA, vn_datetime
from dashboard.store.models import Batch

# Who stored a batch, said the way a reader understands it: the seed and the command line are not people.
BY_PROCESS = {"mẫu": "dữ liệu mẫu", "cli": "nhập bằng dòng lệnh"}


def uploaded_by(user: str) -> str:
    """'bởi an' for a person; 'dữ liệu mẫu' / 'nhập bằng dòng lệnh' for the seed and the command line."""
    return BY_PROCESS.get(user, f"bởi {user}")


def source_line(batch_ids: Iterable[int], *, session: Session, limit: int = 3) -> str:
    """'Nguồn: x.xlsx (tải lên 05/06/2023 08:10 bởi an), … và 4 tệp khác' — or 'chưa có dữ liệu'."""
    ids = sorted(set(batch_ids))
    if not ids:
        return f"Nguồn: {NO_DATA}"
    batches = session.exec(
        select(Batch).where(col(Batch.id).in_(ids)).order_by(col(Batch.created_at).desc())
    ).all()
    parts = []
    for batch in batches[:limit]:
        parts.append(
            f"{batch.file_name} (lô #{batch.id}, tải lên {vn_datetime(batch.created_at)} {uploaded_by(batch.user)})"
        )
    more = f" và {len(batches) - limit} tệp khác" if len(batches) > limit else ""
    return "Nguồn: " + "; ".join(parts) + more


def latest_batches(kinds: Iterable[str], *, session: Session) -> list[Batch]:
    """The newest active batch of each kind (for 'data as of' lines)."""
    out = []
    for kind in kinds:
        batch = session.exec(
            select(Batch)
            .where(col(Batch.kind) == kind, col(Batch.status) == "active")
            .order_by(col(Batch.created_at).desc())
            .limit(1)
        ).first()
        if batch is not None:
            out.append(batch)
    return out
