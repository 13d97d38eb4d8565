"""Our units' codes on the national portal: stored from the registry rows once, never over the admin's."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.store.models import Unit, UnitPortalCode
from dashboard.store.portal_codes import portal_code_of, record_portal_codes, unit_by_portal_code


def _units(session: Session, *codes: str) -> dict[str, int]:
    units = [Unit(code=c, name=c, full_name=c, kind="commune") for c in codes]
    session.add_all(units)
    session.flush()
    return {u.code: u.id for u in units if u.id is not None}


def test_codes_are_stored_for_the_units_the_rows_name(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        ids = _units(session, "xa-pho-an", "xa-pho-chau", "xa-pho-khanh")
        stored = record_portal_codes(
            session=session,
            rows=[
                {"code": "xa-pho-an", "portal_code": " 000.21.33.H48 "},  # kept without its spaces
                {"code": "xa-pho-chau", "portal_code": ""},  # the portal does not score it
                {"code": "xa-khong-co", "portal_code": "000.99"},  # no such unit
                {"code": "xa-pho-khanh", "portal_code": "000.21.33.H50"},
            ],
        )
        session.commit()
        assert stored == 2
        assert unit_by_portal_code(session=session) == {
            "000.21.33.H48": ids["xa-pho-an"],
            "000.21.33.H50": ids["xa-pho-khanh"],
        }
        assert portal_code_of(session=session) == {
            ids["xa-pho-an"]: "000.21.33.H48",
            ids["xa-pho-khanh"]: "000.21.33.H50",
        }


def test_a_code_held_by_another_unit_or_a_unit_with_a_code_is_left_as_it_is(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        ids = _units(session, "xa-pho-an", "xa-pho-chau")
        session.add(UnitPortalCode(unit_id=ids["xa-pho-an"], portal_code="ADMIN-1"))
        session.flush()
        stored = record_portal_codes(
            session=session,
            rows=[
                {"code": "xa-pho-an", "portal_code": "CSV-1"},  # Phổ An has the admin's code already
                {"code": "xa-pho-chau", "portal_code": "ADMIN-1"},  # held by Phổ An
            ],
        )
        assert stored == 0
        assert unit_by_portal_code(session=session) == {"ADMIN-1": ids["xa-pho-an"]}


def test_one_unit_gets_one_code_even_when_the_rows_give_two(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        ids = _units(session, "xa-pho-an")
        rows = [{"code": "xa-pho-an", "portal_code": "A"}, {"code": "xa-pho-an", "portal_code": "B"}]
        assert record_portal_codes(session=session, rows=rows) == 1
        assert portal_code_of(session=session) == {ids["xa-pho-an"]: "A"}


def test_rows_without_codes_store_nothing(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        _units(session, "xa-pho-an")
        assert (
            record_portal_codes(
                session=session, rows=[{"code": "xa-pho-an"}, {"code": "x", "portal_code": " "}]
            )
            == 0
        )
        assert record_portal_codes(session=session, rows=[]) == 0
        assert unit_by_portal_code(session=session) == {}
