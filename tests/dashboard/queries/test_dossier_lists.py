"""The late and overdue dossiers of a list (dashboard.queries.dossier_lists), on both databases: returned late
within the period, or still open past their due day on the as-of day; most days overdue first."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.queries.dossier_lists import late_and_overdue, late_and_overdue_counts
from dashboard.store.models import Dossier
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch

START, END, AS_OF = date(2023, 5, 1), date(2023, 5, 31), date(2023, 6, 10)


def day(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%d/%m/%Y %H:%M")


@pytest.fixture
def db(seeded: Engine):
    with Session(seeded, expire_on_commit=False) as s:
        matcher = UnitMatcher.load(session=s)
        an, chau = (matcher.match(n, END) for n in ("Phổ An", "Phổ Châu"))
        assert an is not None and chau is not None
        active = stored_batch(s, "dossier_list", period_start=START, period_end=END)
        old = stored_batch(s, "dossier_list", period_start=START, period_end=END, status="superseded")

        def add(
            batch: int,
            code: str,
            unit: int,
            status: str,
            received: str,
            due: str | None,
            finished: str | None,
        ) -> None:
            s.add(
                Dossier(
                    batch_id=batch,
                    code=code,
                    unit_id=unit,
                    status=status,
                    received_at=datetime.strptime(received, "%d/%m/%Y %H:%M"),
                    due_at=day(due),
                    finished_at=day(finished),
                    procedure=f"Thủ tục {code}",
                    sector="Hộ tịch",
                )
            )

        add(
            active, "L1", an.id, "done", "02/05/2023 08:00", "05/05/2023 17:00", "09/05/2023 08:00"
        )  # 4 days late
        add(
            active, "L2", chau.id, "done", "02/05/2023 08:00", "05/05/2023 17:00", "06/05/2023 09:00"
        )  # 1 day late
        add(
            active, "OK", an.id, "done", "02/05/2023 08:00", "05/05/2023 17:00", "05/05/2023 16:00"
        )  # on time
        add(
            active, "LJ", an.id, "done", "02/04/2023 08:00", "05/04/2023 17:00", "20/04/2023 08:00"
        )  # late in April
        add(
            active, "O1", an.id, "processing", "20/05/2023 08:00", "25/05/2023 17:00", None
        )  # 16 days overdue
        add(
            active, "O2", chau.id, "supplement", "28/05/2023 08:00", "09/06/2023 17:00", None
        )  # 1 day overdue
        add(
            active, "NJ", an.id, "processing", "01/06/2023 08:00", "02/06/2023 17:00", None
        )  # received after the period
        add(active, "ND", an.id, "processing", "02/05/2023 08:00", None, None)  # no due day
        add(
            active, "W", an.id, "withdrawn", "02/05/2023 08:00", "03/05/2023 17:00", None
        )  # closed without result
        add(
            old, "X", an.id, "done", "02/05/2023 08:00", "03/05/2023 17:00", "30/05/2023 08:00"
        )  # superseded batch
        s.commit()
        yield s


def test_late_and_overdue_most_days_first(db: Session):
    rows = late_and_overdue(session=db, unit_ids=None, start=START, end=END, as_of=AS_OF)
    assert [(r.code, r.state, r.days_overdue, r.unit) for r in rows] == [
        ("O1", "overdue", 16, "Phổ An"),  # 25/5 → 10/6
        ("L1", "late", 4, "Phổ An"),  # 5/5 → 9/5
        ("L2", "late", 1, "Phổ Châu"),
        ("O2", "overdue", 1, "Phổ Châu"),
    ]
    late = rows[1]
    assert (late.finished_at, late.procedure, late.sector) == (
        datetime(2023, 5, 9, 8, 0),
        "Thủ tục L1",
        "Hộ tịch",
    )
    assert rows[0].finished_at is None


def test_one_units_list_and_the_cap(db: Session):
    an = UnitMatcher.load(session=db).match("Phổ An", END)
    assert an is not None
    rows = late_and_overdue(session=db, unit_ids=[an.id], start=START, end=END, as_of=AS_OF)
    assert [r.code for r in rows] == ["O1", "L1"]
    assert [
        r.code
        for r in late_and_overdue(session=db, unit_ids=None, start=START, end=END, as_of=AS_OF, limit=2)
    ] == ["O1", "L1"]


def test_counts_per_unit_without_the_cap(db: Session):
    assert late_and_overdue_counts(session=db, unit_ids=None, start=START, end=END, as_of=AS_OF) == {
        "Phổ An": 2,
        "Phổ Châu": 2,
    }


def test_an_earlier_as_of_day_has_fewer_overdue(db: Session):
    rows = late_and_overdue(session=db, unit_ids=None, start=START, end=END, as_of=date(2023, 5, 26))
    assert [(r.code, r.days_overdue) for r in rows] == [("L1", 4), ("O1", 1), ("L2", 1)]
