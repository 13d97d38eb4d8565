"""The wall's money and task tiles (dashboard.views.wall.finance_tiles), their pure parts: the largest revenue
items furthest behind first, the alerts each raises, and money written as disbursed over plan."""

from __future__ import annotations

from datetime import date

from dashboard.views.wall.finance_tiles import (
    DisbursementData,
    RevenueData,
    RevenueItem,
    Series,
    TasksData,
    disbursement_alerts,
    largest_items,
    money_pair,
    revenue_alerts,
    tasks_alerts,
)
from dashboard.views.wall.model import Alert


def _item(name: str, estimate: float | None, pct: float | None) -> RevenueItem:
    return RevenueItem(name, estimate, None, pct, None)


def test_largest_items_by_estimate_then_furthest_behind_first():
    items = [
        _item("Thuế GTGT", 500.0, 40.0),
        _item("Phí", 20.0, 10.0),
        _item("Tiền sử dụng đất", 900.0, 15.0),
        _item("Lệ phí trước bạ", 300.0, 40.0),
        _item("Thu khác", 1000.0, None),  # no rate: not drawn
    ]
    assert [i.name for i in largest_items(items, limit=3)] == [
        "Tiền sử dụng đất",
        "Lệ phí trước bạ",
        "Thuế GTGT",
    ]
    assert [i.name for i in largest_items(items)][-1] == "Thuế GTGT"
    assert largest_items([]) == []


def _revenue(status) -> RevenueData:
    return RevenueData(2023, 5, 350.0, 1000.0, 35.0, 30.0, 110.0, 41.67, status, None, (), 0)


def test_revenue_alerts_only_when_behind_or_close():
    assert revenue_alerts(_revenue("behind")) == [
        Alert("behind", "Thu ngân sách 35,00% dự toán, tiến độ thời gian 41,67%")
    ]
    assert revenue_alerts(_revenue("close"))[0].severity == "close"
    assert revenue_alerts(_revenue("met")) == []
    assert revenue_alerts(None) == []


def _disbursement(milestone) -> DisbursementData:
    return DisbursementData(
        date(2023, 6, 15), 2023, 1000.0, 420.0, 42.0, milestone, Series("Tổng", "", ()), (), (), ()
    )


def test_disbursement_alerts_name_the_next_milestone():
    milestone = {"status": "behind", "target_pct": 60.0, "date": "2023-06-30"}
    assert disbursement_alerts(_disbursement(milestone)) == [
        Alert("behind", "Giải ngân 42,00%, mốc 60% ngày 30/06/2023")
    ]
    assert disbursement_alerts(_disbursement({**milestone, "status": "met"})) == []
    assert disbursement_alerts(_disbursement(None)) == []
    assert disbursement_alerts(None) == []


def test_tasks_alerts_count_the_overdue_ones():
    data = TasksData(date(2023, 6, 15), 1250, 900, 12, 72.0, ())
    assert tasks_alerts(data) == [Alert("behind", "12/1.250 nhiệm vụ quá hạn")]
    assert tasks_alerts(TasksData(date(2023, 6, 15), 5, 5, 0, 100.0, ())) == []
    assert tasks_alerts(None) == []


def test_money_pair_is_disbursed_over_plan_in_billions():
    assert money_pair(66882.0, 270780.0) == "66,882 / 270,780 tỷ"
    assert money_pair(None, 270780.0) == "— / 270,780 tỷ"
