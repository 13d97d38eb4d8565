"""The warning before a re-import replaces a batch with markedly less: fewer rows, units that vanish, a lower
total — each beyond the tolerated drop, named in one warning."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from base.units import UnitRef
from dashboard.importing.batches import Plan
from dashboard.importing.replace_check import check_replacement, stored_rows
from dashboard.store.models import Batch, DossierFigure
from dashboard.store.units import UnitMatcher
from data_loaders.base import ParsedSheet
from data_loaders.dossier_report import FigureRecord
from data_loaders.problems import Problems
from tests.dashboard.stored_batches import stored_batch

MAY = (date(2023, 5, 1), date(2023, 5, 31))
OLD = {"Phổ An": 100, "Phổ Châu": 50, "Phổ Cường": 50}  # 200 received in 3 rows


@pytest.fixture
def db(seeded: Engine):
    with Session(seeded, expire_on_commit=False) as s:
        yield s


def _units(session: Session) -> dict[str, UnitRef]:
    matcher = UnitMatcher.load(session=session)
    found = {name: matcher.match(name, MAY[1]) for name in OLD}
    return {name: unit for name, unit in found.items() if unit is not None}


def _old_batch(session: Session) -> Batch:
    units = _units(session)
    batch_id = stored_batch(
        session, "dossier_report", period_start=MAY[0], period_end=MAY[1], row_count=3, sheet="II.06a"
    )
    for name, received in OLD.items():
        session.add(
            DossierFigure(
                batch_id=batch_id,
                unit_id=units[name].id,
                period_start=MAY[0],
                period_end=MAY[1],
                source="report",
                received_total=received,
            )
        )
        session.add(
            DossierFigure(
                batch_id=batch_id,
                unit_id=units[name].id,
                sector="Hộ tịch",
                period_start=MAY[0],
                period_end=MAY[1],
                source="report",
                received_total=received,
            )
        )
    session.commit()
    batch = session.get(Batch, batch_id)
    assert batch is not None
    return batch


def _new_sheet(session: Session, received: dict[str, int]) -> ParsedSheet:
    units = _units(session)
    records = [
        FigureRecord(units[name], "", {"received_total": n}, row)
        for row, (name, n) in enumerate(received.items(), 5)
    ]
    return ParsedSheet("dossier_report", "II.06a", None, None, {}, records, Problems())


def _warn(session: Session, parsed: ParsedSheet, batch: Batch, max_drop_pct: float = 20.0) -> list[str]:
    problems = Problems()
    check_replacement(parsed, Plan([batch]), problems, session=session, max_drop_pct=max_drop_pct)
    assert problems.errors == []
    return [p.message for p in problems.warnings if p.code == "replaces_with_less"]


def test_a_file_with_markedly_less_is_warned_about_naming_what_goes(db: Session):
    batch = _old_batch(db)
    (message,) = _warn(db, _new_sheet(db, {"Phổ An": 100}), batch)
    assert message.startswith(f"Tệp này sẽ thay thế lô #{batch.id} (cùng kỳ) bằng ít số liệu hơn hẳn: ")
    assert "số dòng từ 3 xuống 1" in message
    assert "số liệu của 2 đơn vị không còn trong tệp mới (Phổ Châu, Phổ Cường)" in message
    assert "tổng số hồ sơ tiếp nhận từ 200 xuống 100" in message  # unit totals only, not the sector rows


def test_a_file_as_full_as_before_is_not_warned_about(db: Session):
    batch = _old_batch(db)
    assert _warn(db, _new_sheet(db, {"Phổ An": 95, "Phổ Châu": 50, "Phổ Cường": 50}), batch) == []


def test_a_drop_within_the_tolerance_is_not_warned_about(db: Session):
    batch = _old_batch(db)
    # 200 → 170 is 15% less: within 20%, beyond 10%
    new = {"Phổ An": 70, "Phổ Châu": 50, "Phổ Cường": 50}
    assert _warn(db, _new_sheet(db, new), batch, max_drop_pct=20) == []
    (message,) = _warn(db, _new_sheet(db, new), batch, max_drop_pct=10)
    assert "tổng số hồ sơ tiếp nhận từ 200 xuống 170" in message and "số dòng" not in message


def test_nothing_replaced_nothing_to_compare(db: Session):
    problems = Problems()
    check_replacement(_new_sheet(db, {"Phổ An": 1}), Plan([]), problems, session=db, max_drop_pct=20)
    assert problems.items == []


def test_stored_rows_counts_a_dossier_list_by_its_frame():
    frame = pd.DataFrame({"code": ["a", "b", "c"]})
    assert (
        stored_rows(ParsedSheet("dossier_list", "DS", None, None, {}, [], Problems(), extra={"frame": frame}))
        == 3
    )
    assert stored_rows(ParsedSheet("tasks", "NV", None, None, {}, [{"a": 1}, {"a": 2}], Problems())) == 2
