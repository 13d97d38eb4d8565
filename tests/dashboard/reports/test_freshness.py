"""Data freshness in the leaders' report: the month judged, the reports owed and not sent, those sent late."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from base import periods
from dashboard.reports.freshness import FreshnessRow, freshness, judged_month
from tests.dashboard.month_reports import may_2023, unit_id

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("period", "judged"),
    [
        (periods.month(2023, 5), (2023, 5)),
        (periods.quarter(2023, 2), (2023, 6)),
        (periods.first_months(2023, 5), (2023, 5)),
        (periods.custom(date(2023, 5, 1), date(2023, 7, 20)), (2023, 6)),  # July is not complete
        (periods.custom(date(2023, 7, 3), date(2023, 7, 9)), (2023, 6)),  # a week: the month before
        (periods.custom(date(2023, 1, 10), date(2023, 1, 31)), (2023, 1)),
        (periods.custom(date(2023, 1, 1), date(2023, 1, 15)), (2022, 12)),
    ],
)
def test_judged_month_is_the_last_complete_month(period, judged):
    assert judged_month(period) == judged


@pytest.fixture
def db(seeded: Engine):
    with Session(seeded, expire_on_commit=False) as s:
        may_2023(s)
        yield s


def test_missing_reports_one_row_each_and_late_ones_one_row_per_dataset(db: Session):
    rows, note = freshness(session=db, unit_id=None, period=periods.month(2023, 5), today=TODAY)
    due = date(2023, 6, 10)
    assert rows == [
        FreshnessRow(
            "Thủ tục hành chính", "xã Phổ Cường", "chưa báo cáo", "chưa báo cáo (hạn 10/06/2023)", due, None
        ),
        FreshnessRow(
            "Thủ tục hành chính", "xã Phổ Châu", "nộp muộn", "nộp muộn (1 đơn vị; hạn 10/06/2023)", due, None
        ),
    ]
    assert (
        note == "Báo cáo số liệu tháng 5/2023 — Thủ tục hành chính: 1 đúng hạn · 1 nộp muộn · 1 chưa báo cáo."
    )


def test_a_units_scope_judges_only_its_own_reports(db: Session):
    rows, note = freshness(
        session=db, unit_id=unit_id(db, "xa-pho-an"), period=periods.month(2023, 5), today=TODAY
    )
    assert rows == []
    assert note == "Báo cáo số liệu tháng 5/2023 — Thủ tục hành chính: 1 đúng hạn."


def test_a_month_nobody_owes_says_so(db: Session):
    rows, note = freshness(session=db, unit_id=None, period=periods.month(2022, 1), today=TODAY)
    assert rows == []
    assert note == "Báo cáo số liệu tháng 1/2022: chưa có đơn vị nào phải gửi."
