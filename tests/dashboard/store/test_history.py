"""Reverting a batch brings back what it replaced; the original file is kept byte for byte."""

from datetime import date

import pytest
from sqlmodel import Session, select

from dashboard.importing.importer import import_file
from dashboard.queries.kpi_report import kpi_report
from dashboard.store.history import HistoryError, list_batches, original_file, revert_batch
from dashboard.store.models import AuditEvent
from tests.conftest import PHO_AN_TOTAL, SECTOR_ROWS, official_report


def _received(engine):
    with Session(engine) as s:
        return kpi_report(session=s, unit_id=None, start=date(2023, 1, 1), end=date(2023, 7, 20))["dossiers"][
            "received_total"
        ]


def test_revert_brings_back_the_replaced_figures(seeded):
    old = official_report()
    changed_rows = [
        (stt, label, [v + 1 if i == 0 else v for i, v in enumerate(vals)]) for stt, label, vals in SECTOR_ROWS
    ]
    new = official_report(changed_rows, [PHO_AN_TOTAL[0] + 2, *PHO_AN_TOTAL[1:]])
    first = import_file(old, "cu.xlsx", engine=seeded, user="an", accept_warnings=True)
    second = import_file(new, "moi.xlsx", engine=seeded, user="an", accept_warnings=True)
    assert first.stored and second.stored
    assert _received(seeded) == 2100
    with Session(seeded) as s:
        assert revert_batch(second.batch_ids[0], session=s, user="admin") == first.batch_ids
        s.commit()
    assert _received(seeded) == 2098
    with Session(seeded) as s:
        statuses = {b.id: b.status for b in list_batches(session=s)}
        assert statuses == {first.batch_ids[0]: "active", second.batch_ids[0]: "reverted"}
        assert [e.action for e in s.exec(select(AuditEvent)).all()].count("revert") == 1
        with pytest.raises(HistoryError, match="chỉ hoàn tác được lô đang dùng"):
            revert_batch(second.batch_ids[0], session=s, user="admin")
        assert original_file(first.batch_ids[0], session=s) == ("cu.xlsx", old)
