"""Which period a tile shows ("the latest month with data"), and how fresh each dataset is."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from dashboard.importing.importer import import_file
from dashboard.store.units import UnitMatcher
from dashboard.views.wall.config import FreshnessRule
from dashboard.views.wall.freshness import dataset_freshness, freshness_status, stale_alerts
from dashboard.views.wall.scope import (
    DatasetDates,
    Window,
    dataset_dates,
    latest_day,
    resolve_window,
    unit_for_code,
)

TODAY = date(2024, 3, 10)


@pytest.mark.parametrize(
    ("spec", "latest", "expected"),
    [
        (
            "latest_month",
            date(2023, 12, 31),
            Window(date(2023, 12, 1), date(2023, 12, 31), date(2023, 12, 31), "Tháng 12/2023"),
        ),
        (
            "latest_month",
            date(2023, 7, 20),
            Window(date(2023, 7, 1), date(2023, 7, 31), date(2023, 7, 20), "Tháng 7/2023"),
        ),
        (
            "year_to_date",
            date(2023, 5, 31),
            Window(date(2023, 1, 1), date(2023, 5, 31), date(2023, 5, 31), "Từ đầu năm đến tháng 5/2023"),
        ),
        (
            "year_to_date",
            date(2023, 12, 31),
            Window(date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31), "Năm 2023"),
        ),
        ("m2023-05", None, Window(date(2023, 5, 1), date(2023, 5, 31), date(2023, 5, 31), "Tháng 5/2023")),
        ("y2024", None, Window(date(2024, 1, 1), date(2024, 12, 31), TODAY, "Năm 2024")),
        ("latest_month", None, None),
    ],
)
def test_resolve_window(spec, latest, expected):
    assert resolve_window(spec, latest, TODAY) == expected


def test_latest_day_is_the_newest_period_end_but_never_after_today():
    dates = {
        "dossier_report": DatasetDates(date(2023, 11, 30), None),
        "dossier_list": DatasetDates(date(2023, 12, 31), None),
        "tasks": DatasetDates(date(2024, 12, 31), None),
    }
    assert latest_day(dates, ("dossier_report", "dossier_list"), TODAY) == date(2023, 12, 31)
    assert latest_day(dates, ("tasks",), TODAY) == TODAY
    assert latest_day(dates, ("disbursement",), TODAY) is None


def test_dataset_dates_come_from_active_batches(seeded, phoan_report_bytes):
    result = import_file(phoan_report_bytes, "phoan.xlsx", engine=seeded, user="test")
    assert result.stored
    with Session(seeded) as session:
        dates = dataset_dates(session=session)
    assert dates["dossier_report"].latest_period_end == date(2023, 7, 20)
    assert dates["dossier_report"].latest_upload is not None
    assert "budget_revenue" not in dates


def test_unit_codes(seeded):
    with Session(seeded) as session:
        units = UnitMatcher.load(session=session).all()
    assert unit_for_code(units, "") is None
    assert unit_for_code(units, "thi-xa-duc-pho") is None  # the town is the whole-town scope
    pho_an = unit_for_code(units, "xa-pho-an")
    assert pho_an is not None and pho_an.name == "Phổ An"
    with pytest.raises(LookupError, match="xa-khong-co"):
        unit_for_code(units, "xa-khong-co")


RULE = FreshnessRule("dossier_report", "Báo cáo TTHC", amber_days=35, red_days=45)


@pytest.mark.parametrize(
    ("age", "expected"), [(0, "met"), (35, "met"), (36, "close"), (45, "close"), (46, "behind")]
)
def test_freshness_turns_amber_after_its_cycle_then_red(age, expected):
    assert freshness_status(age, RULE) == expected


def test_dataset_freshness_by_period_end_or_by_upload():
    uploaded = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    dates = {
        "dossier_report": DatasetDates(date(2024, 1, 31), uploaded),
        "tasks": DatasetDates(date(2024, 12, 31), uploaded),
    }
    rules = (
        RULE,
        FreshnessRule("tasks", "Nhiệm vụ", basis="uploaded"),
        FreshnessRule("disbursement", "Giải ngân"),
    )
    report, tasks, disbursement = dataset_freshness(dates, rules, TODAY)
    assert (report.age_days, report.status) == (39, "close")
    assert (tasks.age_days, tasks.status) == (9, "met")
    assert (disbursement.age_days, disbursement.status, disbursement.latest_period_end) == (None, None, None)


def test_stale_datasets_make_one_alert_per_severity():
    dates = {"a": DatasetDates(date(2023, 1, 31), None), "b": DatasetDates(date(2023, 2, 28), None)}
    rules = (
        FreshnessRule("a", "Báo cáo A"),
        FreshnessRule("b", "Báo cáo B"),
        FreshnessRule("c", "Báo cáo C"),
    )
    alerts = stale_alerts(dataset_freshness(dates, rules, date(2023, 4, 10)))
    assert [(a.severity, a.text) for a in alerts] == [
        ("behind", "Quá hạn cập nhật: Báo cáo A"),
        ("close", "Chậm cập nhật: Báo cáo B"),
    ]
