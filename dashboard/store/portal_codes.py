"""Our units' codes on the national public-service portal (MA_COQUAN in the Bộ chỉ số 766 export).

A score row of the export belongs to one of our units when its code is the unit's code here; the portal's names
change with every reorganisation, its codes do not. The codes come from the registry CSV's `portal_code` column,
copied from a real export (never guessed): a unit the portal does not score has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlmodel import Session, select

from dashboard.store.models import Unit, UnitPortalCode


def record_portal_codes(*, session: Session, rows: Iterable[Mapping[str, str]]) -> int:
    """Store the registry rows' portal codes for units that have none yet; return how many were stored.

    A code already held by another unit, or a unit that already has a code, is left as it is: the stored
    registry is the admin's."""
    wanted = [r for r in rows if (r.get("portal_code") or "").strip()]
    if not wanted:  # nothing to read either: a registry without codes also seeds a schema older than them
        return 0
    by_code = {u.code: u.id for u in session.exec(select(Unit)).all()}
    held = {c.portal_code: c.unit_id for c in session.exec(select(UnitPortalCode)).all()}
    coded = set(held.values())
    stored = 0
    for row in wanted:
        code, unit_id = (row.get("portal_code") or "").strip(), by_code.get(row.get("code", ""))
        if not code or unit_id is None or code in held or unit_id in coded:
            continue
        session.add(UnitPortalCode(unit_id=unit_id, portal_code=code))
        held[code] = unit_id
        coded.add(unit_id)
        stored += 1
    session.flush()
    return stored


def unit_by_portal_code(*, session: Session) -> dict[str, int]:
    """Portal code → registry unit id."""
    return {c.portal_code: c.unit_id for c in session.exec(select(UnitPortalCode)).all()}


def portal_code_of(*, session: Session) -> dict[int, str]:
    """Registry unit id → portal code (units without one are absent)."""
    return {unit_id: code for code, unit_id in unit_by_portal_code(session=session).items()}
