"""Units that owed a month's report and sent none, as the pages name them: "chưa báo cáo", never 0."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.queries.not_reported import not_reported_line, not_reported_names
from tests.dashboard.month_reports import may_2023, unit_id

TODAY = date(2026, 12, 2)


@pytest.fixture
def db(seeded: Engine):
    with Session(seeded, expire_on_commit=False) as s:
        may_2023(s)
        yield s


def _names(db: Session, **kw) -> tuple[str, ...]:
    return not_reported_names(session=db, dataset="dossiers", year=2023, month=5, **{"today": TODAY, **kw})


def test_the_unit_that_owed_and_sent_nothing_is_named(db: Session):
    assert _names(db) == ("Phổ Cường",)  # Phổ Châu sent late: it did report


def test_as_agencies_a_commune_is_named_in_full(db: Session):
    assert _names(db, as_agencies=True) == ("UBND xã Phổ Cường",)


def test_only_the_kinds_asked_for(db: Session):
    assert _names(db, kinds=("ward",)) == ()
    assert _names(db, kinds=("commune",)) == ("Phổ Cường",)


def test_a_unit_scope_names_only_its_family_and_the_root_scope_everyone(db: Session):
    assert _names(db, within=unit_id(db, "xa-pho-an")) == ()
    assert _names(db, within=unit_id(db, "xa-pho-cuong")) == ("Phổ Cường",)
    assert _names(db, within=unit_id(db, "thi-xa-duc-pho")) == ("Phổ Cường",)


def test_nobody_is_named_before_the_due_day(db: Session):
    assert _names(db, today=date(2023, 6, 10)) == ()  # due on the 10th: not missing yet
    assert _names(db, today=date(2023, 6, 11)) == ("Phổ Cường",)


def test_other_datasets_owe_nothing_here(db: Session):
    assert not_reported_names(session=db, dataset="revenue", year=2023, month=5, today=TODAY) == ()


def test_not_reported_line():
    assert (
        not_reported_line(("Phổ Châu", "Phổ Cường"), year=2023, month=11)
        == "Chưa báo cáo tháng 11/2023: Phổ Châu, Phổ Cường"
    )
    assert not_reported_line((), year=2023, month=11) == ""
