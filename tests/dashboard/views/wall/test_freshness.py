"""How fresh each dataset is on the wall (dashboard.wall.freshness): its age against its cycle, amber then red,
and the alerts naming the datasets past their cycle and the units that sent nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard.views.wall.config import FreshnessRule
from dashboard.views.wall.freshness import Freshness, dataset_freshness, freshness_status, stale_alerts
from dashboard.views.wall.model import Alert
from dashboard.views.wall.scope import DatasetDates

RULE = FreshnessRule("dossier_report", "Báo cáo TTHC", amber_days=35, red_days=45)


@pytest.mark.parametrize(
    ("age", "status"), [(0, "met"), (35, "met"), (36, "close"), (45, "close"), (46, "behind")]
)
def test_freshness_status_bounds_are_inclusive(age, status):
    assert freshness_status(age, RULE) == status


def test_age_from_the_latest_period_end_or_the_upload_as_each_rule_says():
    rules = (
        RULE,
        FreshnessRule("tasks", "Nhiệm vụ", amber_days=7, red_days=14, basis="uploaded"),
        FreshnessRule("budget_revenue", "Thu ngân sách"),
        FreshnessRule("disbursement", "Giải ngân"),
    )
    dates = {
        "dossier_report": DatasetDates(date(2023, 5, 31), datetime(2023, 6, 5, 9, 0)),
        "tasks": DatasetDates(
            date(2023, 12, 31), datetime(2023, 6, 20, 14, 0)
        ),  # a plan running into the future
        "budget_revenue": DatasetDates(None, datetime(2023, 5, 1, 8, 0)),  # no period end: the upload serves
    }
    today = date(2023, 7, 10)
    out = dataset_freshness(dates, rules, today)
    assert [(f.kind, f.age_days, f.status) for f in out] == [
        ("dossier_report", 40, "close"),  # 31/5 → 10/7
        ("tasks", 20, "behind"),  # 20/6 → 10/7, red after 14
        ("budget_revenue", 70, "behind"),  # 1/5 → 10/7
        ("disbursement", None, None),  # no data at all
    ]
    assert (out[0].latest_period_end, out[0].latest_upload) == (date(2023, 5, 31), date(2023, 6, 5))


def test_a_period_ending_after_today_is_age_zero():
    dates = {"dossier_report": DatasetDates(date(2023, 7, 31), None)}
    (f,) = dataset_freshness(dates, (RULE,), date(2023, 7, 10))
    assert (f.age_days, f.status) == (0, "met")


def test_missing_units_ride_on_their_dataset():
    dates = {"dossier_report": DatasetDates(date(2023, 5, 31), None)}
    missing = {"dossier_report": ("tháng 6/2023", ("xã Phổ An", "xã Phổ Châu"))}
    (f,) = dataset_freshness(dates, (RULE,), date(2023, 6, 15), missing)
    assert (f.not_reported, f.not_reported_month) == (("xã Phổ An", "xã Phổ Châu"), "tháng 6/2023")


def _item(label: str, status, names: tuple[str, ...] = (), month: str = "") -> Freshness:
    return Freshness("k", label, None, None, 1, status, names, month)


def test_stale_alerts_one_per_severity_then_each_dataset_with_units_that_sent_nothing():
    items = [
        _item("Báo cáo TTHC", "behind"),
        _item("Thu ngân sách", "close", ("xã A", "xã B", "xã C", "xã D", "xã E"), "tháng 6/2023"),
        _item("Chi ngân sách", "behind"),
        _item("Nhiệm vụ", "met", ("Phòng Tư pháp",), "tháng 6/2023"),
        _item("Giải ngân", None),
    ]
    assert stale_alerts(items) == [
        Alert("behind", "Quá hạn cập nhật: Báo cáo TTHC, Chi ngân sách"),
        Alert("close", "Chậm cập nhật: Thu ngân sách"),
        Alert("close", "Thu ngân sách tháng 6/2023 chưa báo cáo: xã A, xã B, xã C và 2 đơn vị khác"),
        Alert("close", "Nhiệm vụ tháng 6/2023 chưa báo cáo: Phòng Tư pháp"),
    ]


def test_no_alert_when_everything_is_fresh():
    assert stale_alerts([_item("Báo cáo TTHC", "met"), _item("Giải ngân", None)]) == []
