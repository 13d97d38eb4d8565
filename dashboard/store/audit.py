"""The audit log: append-only lines of who did what and when; nothing in the app edits or deletes them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from dashboard.store.models import AuditEvent


def record(
    user: str,
    action: str,
    *,
    session: Session,
    batch_id: int | None = None,
    detail: str = "",
    address: str | None = None,
    at: datetime | None = None,
) -> None:
    """Add one line in the caller's transaction (`address`: where a sign-in came from)."""
    session.add(
        AuditEvent(
            at=at or datetime.now(UTC),
            user=user[:100],
            action=action,
            batch_id=batch_id,
            detail=detail[:2000],
            address=address[:64] if address else None,
        )
    )


def recent(limit: int = 200, *, session: Session) -> list[AuditEvent]:
    """The newest lines first."""
    return list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)).all())
