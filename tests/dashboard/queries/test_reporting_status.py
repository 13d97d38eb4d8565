"""Reporting status: on time, late, missing and not yet due, against the default and the admin's calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.queries.reporting_status import (
    CalendarError,
    ReportStatus,
    calendar_entries,
    counts_text,
    due_date,
    latest_due_month,
    month_status,
    overdue_reports,
    save_calendar_entry,
)
from dashboard.store.models import BudgetLine, DisbursementProject, DossierFigure
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch

TODAY = date(2026, 12, 2)


def _id(session: Session, code: str) -> int:
    return next(u.id for u in UnitMatcher.load(session=session).all() if u.code == code)


def _dossier_report(session: Session, code: str, y: int, m: int, uploaded: datetime, **batch: object) -> int:
    """A one-unit dossier report for the month, uploaded at `uploaded` (UTC)."""
    start, end = date(y, m, 1), due_date(y, m, 1).replace(day=1)
    end = date.fromordinal(end.toordinal() - 1)
    batch_id = stored_batch(
        session, "dossier_report", period_start=start, period_end=end, created_at=uploaded, **batch
    )
    session.add(
        DossierFigure(
            batch_id=batch_id, unit_id=_id(session, code), period_start=start, period_end=end, source="report"
        )
    )
    session.flush()
    return batch_id


def _states(statuses: list[ReportStatus]) -> dict[str, str]:
    return {s.unit.code: s.state for s in statuses}


@pytest.fixture
def db(seeded: Engine):
    with Session(seeded, expire_on_commit=False) as s:
        yield s


def test_due_day_is_in_the_following_month_and_clipped_to_its_end():
    assert due_date(2023, 5, 10) == date(2023, 6, 10)
    assert due_date(2023, 12, 10) == date(2024, 1, 10)
    assert due_date(2024, 1, 31) == date(2024, 2, 29)


def test_default_calendar_expects_recent_reporters_and_judges_each(db: Session):
    # Phổ An, Phổ Châu and Phổ Cường reported in the three months before May 2023; Phổ Khánh only long before.
    for code in ("xa-pho-an", "xa-pho-chau", "xa-pho-cuong"):
        _dossier_report(db, code, 2023, 3, datetime(2023, 4, 5, tzinfo=UTC))
    _dossier_report(db, "xa-pho-khanh", 2022, 12, datetime(2023, 1, 5, tzinfo=UTC))
    # May: Phổ An on the 10th (Vietnam time: 10/6 23:00 is still the 10th), Phổ Châu on the 12th, Phổ Cường none.
    _dossier_report(db, "xa-pho-an", 2023, 5, datetime(2023, 6, 10, 16, 0, tzinfo=UTC))
    _dossier_report(db, "xa-pho-chau", 2023, 5, datetime(2023, 6, 12, 2, 0, tzinfo=UTC))
    statuses = month_status(session=db, dataset="dossiers", year=2023, month=5, today=TODAY)
    assert _states(statuses) == {"xa-pho-an": "on_time", "xa-pho-chau": "late", "xa-pho-cuong": "missing"}
    by_code = {s.unit.code: s for s in statuses}
    assert by_code["xa-pho-chau"].text == "nộp muộn 2 ngày (hạn 10/06/2023)"
    assert by_code["xa-pho-cuong"].text == "chưa báo cáo (hạn 10/06/2023)"
    assert by_code["xa-pho-an"].uploaded == date(2023, 6, 10)
    assert counts_text(statuses) == "1 đúng hạn · 1 nộp muộn · 1 chưa báo cáo"


def test_missing_before_the_due_day_is_not_yet_due(db: Session):
    _dossier_report(db, "xa-pho-an", 2023, 4, datetime(2023, 5, 5, tzinfo=UTC))
    statuses = month_status(session=db, dataset="dossiers", year=2023, month=5, today=date(2023, 6, 10))
    assert _states(statuses) == {"xa-pho-an": "not_due"}
    assert _states(
        month_status(session=db, dataset="dossiers", year=2023, month=5, today=date(2023, 6, 11))
    ) == {"xa-pho-an": "missing"}


def test_a_reverted_upload_is_no_report_and_a_replacement_keeps_the_first_time(db: Session):
    _dossier_report(db, "xa-pho-an", 2023, 4, datetime(2023, 5, 5, tzinfo=UTC))
    _dossier_report(db, "xa-pho-chau", 2023, 4, datetime(2023, 5, 5, tzinfo=UTC))
    _dossier_report(db, "xa-pho-an", 2023, 5, datetime(2023, 6, 1, tzinfo=UTC), status="reverted")
    _dossier_report(db, "xa-pho-chau", 2023, 5, datetime(2023, 6, 2, tzinfo=UTC), status="superseded")
    _dossier_report(db, "xa-pho-chau", 2023, 5, datetime(2023, 7, 2, tzinfo=UTC))
    statuses = month_status(session=db, dataset="dossiers", year=2023, month=5, today=TODAY)
    assert _states(statuses) == {"xa-pho-an": "missing", "xa-pho-chau": "on_time"}


def test_a_cumulative_report_counts_for_the_month_it_ends_in(db: Session):
    # Revenue January–May, as the town reports it: May's report, not January's.
    batch = stored_batch(
        db,
        "budget_revenue",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 5, 31),
        created_at=datetime(2023, 6, 8, tzinfo=UTC),
    )
    db.add(BudgetLine(batch_id=batch, unit_id=_id(db, "thi-xa-duc-pho"), kind="revenue", year=2023, month=5,
                      item_path="", role="total", item_name="Tổng thu"))  # fmt: skip
    db.flush()
    assert _states(month_status(session=db, dataset="revenue", year=2023, month=5, today=TODAY)) == {
        "thi-xa-duc-pho": "on_time"
    }
    assert month_status(session=db, dataset="revenue", year=2023, month=1, today=TODAY) == []


def test_admin_calendar_names_the_units_and_the_due_day(db: Session):
    _dossier_report(db, "xa-pho-an", 2023, 4, datetime(2023, 5, 5, tzinfo=UTC))
    _dossier_report(db, "xa-pho-an", 2023, 5, datetime(2023, 6, 8, tzinfo=UTC))
    entry = save_calendar_entry(
        session=db, dataset="dossiers", unit_codes=["xa-pho-an", "phong-tu-phap"], due_day=5, user="admin"
    )
    assert entry.unit_codes == ("phong-tu-phap", "xa-pho-an") and entry.due_day == 5
    statuses = month_status(session=db, dataset="dossiers", year=2023, month=5, today=TODAY)
    assert _states(statuses) == {"phong-tu-phap": "missing", "xa-pho-an": "late"}
    assert statuses[0].due == date(2023, 6, 5)
    # Back to the default: the units that reported recently, due on the 10th.
    save_calendar_entry(session=db, dataset="dossiers", unit_codes=None, due_day=10, user="admin")
    assert calendar_entries(session=db)["dossiers"].is_default
    assert _states(month_status(session=db, dataset="dossiers", year=2023, month=5, today=TODAY)) == {
        "xa-pho-an": "on_time"
    }


def test_calendar_refuses_unknown_units_and_impossible_days(db: Session):
    with pytest.raises(CalendarError, match="xa-pho-loi"):
        save_calendar_entry(
            session=db, dataset="dossiers", unit_codes=["xa-pho-loi"], due_day=10, user="admin"
        )
    with pytest.raises(CalendarError, match="từ 1 đến 31"):
        save_calendar_entry(session=db, dataset="dossiers", unit_codes=None, due_day=40, user="admin")


def test_units_across_the_2025_reorganisation(db: Session):
    # June 2025: Phổ An, Phổ Văn and Phòng Tư pháp report. From July they no longer exist: Phổ An and Phổ Văn
    # are owed by phường Trà Câu, which took them in; the office ended with no successor and owes nothing.
    for code in ("xa-pho-an", "phuong-pho-van", "phong-tu-phap"):
        _dossier_report(db, code, 2025, 6, datetime(2025, 7, 3, tzinfo=UTC))
    july = month_status(session=db, dataset="dossiers", year=2025, month=7, today=TODAY)
    assert _states(july) == {"phuong-tra-cau": "missing"}
    _dossier_report(db, "phuong-tra-cau", 2025, 7, datetime(2025, 8, 4, tzinfo=UTC))
    assert _states(month_status(session=db, dataset="dossiers", year=2025, month=7, today=TODAY)) == {
        "phuong-tra-cau": "on_time"
    }
    # An admin calendar naming an old unit: for July it is the successor that owes.
    save_calendar_entry(session=db, dataset="revenue", unit_codes=["xa-pho-thuan"], due_day=10, user="admin")
    assert _states(month_status(session=db, dataset="revenue", year=2025, month=7, today=TODAY)) == {
        "phuong-tra-cau": "missing"
    }
    assert _states(month_status(session=db, dataset="revenue", year=2025, month=6, today=TODAY)) == {
        "xa-pho-thuan": "missing"
    }


def test_a_dossier_list_reports_every_whole_month_it_covers(db: Session):
    from dashboard.store.models import Dossier

    batch = stored_batch(
        db, "dossier_list", period_start=date(2023, 1, 1), period_end=date(2023, 3, 31),
        created_at=datetime(2023, 4, 20, tzinfo=UTC),
    )  # fmt: skip
    db.add(Dossier(batch_id=batch, code="X1", unit_id=_id(db, "xa-pho-an"), status="done",
                   received_at=datetime(2023, 1, 5)))  # fmt: skip
    db.flush()
    feb = month_status(session=db, dataset="dossiers", year=2023, month=2, today=TODAY)
    assert [(s.unit.code, s.state, s.uploaded) for s in feb] == [("xa-pho-an", "late", date(2023, 4, 20))]
    march = month_status(session=db, dataset="dossiers", year=2023, month=3, today=TODAY)
    assert _states(march) == {"xa-pho-an": "late"}


def test_the_newest_due_month_turns_over_after_the_due_day():
    assert latest_due_month(date(2026, 12, 10), 10) == (2026, 10)  # November's is due today, not yet late
    assert latest_due_month(date(2026, 12, 11), 10) == (2026, 11)
    assert latest_due_month(date(2026, 1, 2), 10) == (2025, 11)


def test_overdue_reports_are_the_newest_due_months_missing_ones(db: Session):
    for code in ("xa-pho-an", "xa-pho-chau"):
        _dossier_report(db, code, 2023, 4, datetime(2023, 5, 5, tzinfo=UTC))
    _dossier_report(db, "xa-pho-an", 2023, 5, datetime(2023, 6, 5, tzinfo=UTC))
    missing = overdue_reports(session=db, dataset="dossiers", today=date(2023, 6, 20))
    assert [(s.unit.code, s.month) for s in missing] == [("xa-pho-chau", 5)]
    assert overdue_reports(session=db, dataset="dossiers", today=date(2023, 6, 9)) == []  # April's are all in


def test_a_batch_that_states_only_its_end_reports_for_that_month(db: Session):
    batch = stored_batch(db, "disbursement", period_start=None, period_end=date(2023, 5, 31),
                         created_at=datetime(2023, 6, 3, tzinfo=UTC))  # fmt: skip
    db.add(DisbursementProject(batch_id=batch, unit_id=_id(db, "thi-xa-duc-pho"), year=2023,
                               as_of=date(2023, 5, 31), source="NS tỉnh", project="Đường"))  # fmt: skip
    db.flush()
    assert _states(month_status(session=db, dataset="disbursement", year=2023, month=5, today=TODAY)) == {
        "thi-xa-duc-pho": "on_time"
    }
