"""Saved column layouts in the database: load them for the reader, save one from the upload page, list, delete."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from base.kinds import KIND_TITLES
from base.text import printable
from dashboard.access.auth import Account
from dashboard.store.audit import record
from dashboard.store.models import SavedLayout, User
from data_loaders.saved_layout import Layout


def _owner_units(*, session: Session) -> dict[str, frozenset[str]]:
    users = session.exec(select(User)).all()
    return {u.username: frozenset(json.loads(u.unit_codes_json or "[]")) for u in users}


def to_layout(row: SavedLayout, owner_units: frozenset[str] | None) -> Layout:
    return Layout(
        name=row.name,
        kind=row.kind,
        header=tuple(json.loads(row.header_json)),
        title_words=tuple(json.loads(row.title_words_json)),
        mapping={k: int(v) for k, v in json.loads(row.mapping_json).items()},
        money_unit=row.money_unit,
        owner=row.owner,
        owner_units=None if row.all_units else owner_units,
        created_at=row.created_at,
        layout_id=row.id,
    )


def load_layouts(*, session: Session) -> list[Layout]:
    """Every saved layout, the newest first; an uploader's carries the owner's units as they are now."""
    rows = session.exec(select(SavedLayout).order_by(col(SavedLayout.id).desc())).all()
    units = _owner_units(session=session) if rows else {}
    # An owner since deleted answers for no unit: the layout then serves nobody but an admin's rereading.
    return [to_layout(r, units.get(r.owner, frozenset())) for r in rows]


def save_layout(layout: Layout, account: Account, *, session: Session) -> SavedLayout:
    """Store the layout (replacing one of the same key and owner) and log it; the caller commits."""
    signature = layout.signature
    old = session.exec(
        select(SavedLayout).where(
            col(SavedLayout.signature) == signature, col(SavedLayout.owner) == account.username
        )
    ).all()
    for row in old:
        session.delete(row)
    row = SavedLayout(
        name=layout.name.strip()[:200] or KIND_TITLES.get(layout.kind, layout.kind)[:200],
        kind=layout.kind,
        signature=signature,
        header_json=json.dumps(list(layout.header), ensure_ascii=False),
        title_words_json=json.dumps(list(layout.title_words)),
        mapping_json=json.dumps(layout.mapping),
        money_unit=layout.money_unit,
        owner=account.username,
        all_units=account.role == "admin",
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    record(account.username, "layout_save", session=session, detail=f"#{row.id} {row.name}")
    return row


@dataclass(frozen=True)
class LayoutRow:
    """A saved layout as the admin page and the CLI list it."""

    id: int
    name: str
    kind: str
    owner: str
    scope: str
    created: str
    header: str

    def line(self) -> str:
        """The CLI's tab-separated line; every part printable (a name typed on the page cannot forge a line)."""
        parts = (f"#{self.id}", self.name, self.kind, self.owner, self.scope, self.created, self.header)
        return "\t".join(printable(p) for p in parts)


def layout_rows(*, session: Session) -> list[LayoutRow]:
    rows = session.exec(select(SavedLayout).order_by(col(SavedLayout.id))).all()
    return [
        LayoutRow(
            id=r.id or 0,
            name=r.name,
            kind=KIND_TITLES.get(r.kind, r.kind),
            owner=r.owner,
            scope="mọi đơn vị" if r.all_units else "đơn vị của người lưu",
            created=f"{r.created_at:%d/%m/%Y %H:%M}",
            header=" | ".join(json.loads(r.header_json)),
        )
        for r in rows
    ]


def delete_layout(layout_id: int, user: str, *, session: Session) -> bool:
    """Delete one layout (logged); False when it no longer exists. The caller commits."""
    row = session.get(SavedLayout, layout_id)
    if row is None:
        return False
    session.delete(row)
    record(user, "layout_delete", session=session, detail=f"#{layout_id} {row.name}")
    return True
